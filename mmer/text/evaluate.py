"""Honest evaluation of the Big Five model: repeated stratified cross-validation per trait,
compared with the majority baseline (always answering the most common label)."""

from __future__ import annotations

import numpy as np

from ..labels import TRAITS


def cross_validate_bigfive(texts, Y, make_model=None, n_splits: int = 10, n_repeats: int = 3, seed: int = 0) -> dict:
    """Per-trait accuracy of ``make_model()`` (default :class:`BigFiveModel`) in repeated
    stratified k-fold CV. Each trait is stratified on its own labels; the model is refitted
    on each training fold and scored on the held-out fold only."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    from .model import BigFiveModel

    make_model = make_model or BigFiveModel
    texts = np.asarray(texts, dtype=object)
    Y = np.asarray(Y)
    per_trait, majority = {}, {}
    for k, trait in enumerate(TRAITS):
        cv = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=seed)
        scores = []
        for train, test in cv.split(texts, Y[:, k]):
            model = make_model().fit(texts[train], Y[train], traits=[trait])
            scores.append(float(np.mean(model.predict(texts[test])[:, k] == Y[test, k])))
        per_trait[trait] = float(np.mean(scores))
        majority[trait] = float(max(Y[:, k].mean(), 1 - Y[:, k].mean()))
    return {
        "n": int(len(texts)),
        "protocol": f"{n_repeats}x repeated stratified {n_splits}-fold cross-validation, per trait",
        "per_trait_accuracy": per_trait,
        "mean_accuracy": float(np.mean(list(per_trait.values()))),
        "majority_baseline": majority,
        "mean_majority_baseline": float(np.mean(list(majority.values()))),
    }


def evaluate_bigfive(texts, Y, model=None) -> dict:
    """Per-trait accuracy of a fitted model (default: the shipped one) on labeled essays."""
    from .analyze import load_text_model

    model = model or load_text_model()
    Y = np.asarray(Y)
    predicted = model.predict(list(texts))
    per_trait = {t: float(np.mean(predicted[:, k] == Y[:, k])) for k, t in enumerate(TRAITS)}
    majority = {t: float(max(Y[:, k].mean(), 1 - Y[:, k].mean())) for k, t in enumerate(TRAITS)}
    return {
        "n": int(len(Y)),
        "per_trait_accuracy": per_trait,
        "mean_accuracy": float(np.mean(list(per_trait.values()))),
        "majority_baseline": majority,
        "mean_majority_baseline": float(np.mean(list(majority.values()))),
    }


def format_bigfive_report(report: dict) -> str:
    lines = [f"n = {report['n']}" + (f"   ({report['protocol']})" if "protocol" in report else ""),
             f"{'trait':<18}{'accuracy':>10}{'majority':>10}"]
    for t in TRAITS:
        lines.append(f"{t:<18}{report['per_trait_accuracy'][t]:>10.3f}{report['majority_baseline'][t]:>10.3f}")
    lines.append(f"{'mean':<18}{report['mean_accuracy']:>10.3f}{report['mean_majority_baseline']:>10.3f}")
    return "\n".join(lines)
