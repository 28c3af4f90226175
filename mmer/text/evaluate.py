"""Honest evaluation of the Big Five model: accuracy per trait against the majority baseline
(always answering the most common label), in cross-validation grouped by author or video, or on
a held-out split; with raw scores, how well P(high) ranks them (Pearson r, ROC AUC)."""

from __future__ import annotations

import numpy as np

from ..labels import TRAITS


def _folds(Y_trait, groups, n_splits, n_repeats, seed):
    """Stratified folds, repeated; with ``groups``, no group on both sides of a split."""
    from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedGroupKFold

    if groups is None:
        yield from RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=seed).split(
            Y_trait, Y_trait)
        return
    for repeat in range(n_repeats):
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed + repeat)
        yield from cv.split(Y_trait, Y_trait, groups)


def cross_validate_bigfive(texts, Y, make_model=None, n_splits: int = 10, n_repeats: int = 3, seed: int = 0,
                           groups=None) -> dict:
    """Per-trait accuracy of ``make_model()`` (default :class:`BigFiveModel`) in repeated
    stratified k-fold CV. Each trait is stratified on its own labels; the model is refitted
    on each training fold and scored on the held-out fold only. With ``groups`` (author or
    video of each text), the folds never split a group: the figure is for people the model has
    not read."""
    from .model import BigFiveModel

    make_model = make_model or BigFiveModel
    texts = np.asarray(texts, dtype=object)
    Y = np.asarray(Y)
    groups = None if groups is None else np.asarray(groups)
    per_trait, majority = {}, {}
    for k, trait in enumerate(TRAITS):
        scores = []
        for train, test in _folds(Y[:, k], groups, n_splits, n_repeats, seed):
            inner = {} if groups is None else {"groups": groups[train]}  # C chosen across other groups too
            model = make_model().fit(texts[train], Y[train], traits=[trait], **inner)
            scores.append(float(np.mean(model.predict(texts[test])[:, k] == Y[test, k])))
        per_trait[trait] = float(np.mean(scores))
        majority[trait] = float(max(Y[:, k].mean(), 1 - Y[:, k].mean()))
    grouped = "" if groups is None else " grouped by author or video"
    return {
        "n": int(len(texts)),
        "protocol": f"{n_repeats}x repeated stratified {n_splits}-fold cross-validation{grouped}, per trait",
        "per_trait_accuracy": per_trait,
        "mean_accuracy": float(np.mean(list(per_trait.values()))),
        "majority_baseline": majority,
        "mean_majority_baseline": float(np.mean(list(majority.values()))),
    }


def evaluate_bigfive(texts, Y, model=None, scores=None) -> dict:
    """Per-trait accuracy of a fitted model (default: the shipped one) on labeled texts, with the
    share of texts it calls high. With ``scores`` (raw trait scores, ``(n, 5)``), also how well
    its P(high) ranks them: Pearson r with the score and ROC AUC for the high/low label."""
    from .analyze import load_text_model

    model = model or load_text_model()
    Y = np.asarray(Y)
    probabilities = model.predict_proba(list(texts))
    predicted = (probabilities >= 0.5).astype(int)
    per_trait = {t: float(np.mean(predicted[:, k] == Y[:, k])) for k, t in enumerate(TRAITS)}
    majority = {t: float(max(Y[:, k].mean(), 1 - Y[:, k].mean())) for k, t in enumerate(TRAITS)}
    report = {
        "n": int(len(Y)),
        "per_trait_accuracy": per_trait,
        "mean_accuracy": float(np.mean(list(per_trait.values()))),
        "majority_baseline": majority,
        "mean_majority_baseline": float(np.mean(list(majority.values()))),
        "share_called_high": {t: float(predicted[:, k].mean()) for k, t in enumerate(TRAITS)},
    }
    if scores is not None:
        from sklearn.metrics import roc_auc_score

        scores = np.asarray(scores, dtype=float)
        report["pearson_r"] = {t: float(np.corrcoef(probabilities[:, k], scores[:, k])[0, 1]) for k, t in enumerate(TRAITS)}
        report["auc"] = {t: float(roc_auc_score(Y[:, k], probabilities[:, k])) if 0 < Y[:, k].mean() < 1 else float("nan")
                         for k, t in enumerate(TRAITS)}
    return report


def format_bigfive_report(report: dict) -> str:
    ranks = "pearson_r" in report
    lines = [f"n = {report['n']}" + (f"   ({report['protocol']})" if "protocol" in report else ""),
             f"{'trait':<18}{'accuracy':>10}{'majority':>10}" + (f"{'called high':>12}{'r':>8}{'AUC':>8}" if ranks else "")]
    for t in TRAITS:
        row = f"{t:<18}{report['per_trait_accuracy'][t]:>10.3f}{report['majority_baseline'][t]:>10.3f}"
        if ranks:
            row += f"{report['share_called_high'][t]:>12.1%}{report['pearson_r'][t]:>8.3f}{report['auc'][t]:>8.3f}"
        lines.append(row)
    lines.append(f"{'mean':<18}{report['mean_accuracy']:>10.3f}{report['mean_majority_baseline']:>10.3f}")
    return "\n".join(lines)
