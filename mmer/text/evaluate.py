"""Honest evaluation of the Big Five model: accuracy per trait against the majority baseline
(always answering the most common label), in cross-validation grouped by author or video, or on
a held-out split; with raw scores, how well P(high) ranks them (Pearson r, ROC AUC)."""

from __future__ import annotations

import numpy as np

from ..models import resolve
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
                           groups=None, scores=None) -> dict:
    """Per-trait accuracy of ``make_model()`` (default :class:`BigFiveModel`) in repeated
    stratified k-fold CV. Each trait is stratified on its own labels; the model is refitted
    on each training fold and scored on the held-out fold only. With ``groups`` (author or
    video of each text), the folds never split a group: the figure is for people the model has
    not read. ``scores`` (raw trait scores) are passed to ``fit`` for models that regress them.

    >>> from mmer.text.model import BigFiveModel
    >>> texts = ["I love meeting people and parties"] * 10 + ["I stay home and read alone"] * 10
    >>> Y = [[1, 1, 1, 1, 1]] * 10 + [[0, 0, 0, 0, 0]] * 10
    >>> report = cross_validate_bigfive(texts, Y, make_model=lambda: BigFiveModel(C=1.0), n_splits=2, n_repeats=1)
    >>> report["per_trait_accuracy"]["extraversion"]
    1.0
    """
    from .model import BigFiveModel

    make_model = make_model or BigFiveModel
    texts = np.asarray(texts, dtype=object)
    Y = np.asarray(Y)
    groups = None if groups is None else np.asarray(groups)
    scores = None if scores is None else np.asarray(scores, dtype=float)
    per_trait, majority = {}, {}
    for k, trait in enumerate(TRAITS):
        fold_accuracy = []
        for train, test in _folds(Y[:, k], groups, n_splits, n_repeats, seed):
            inner = {} if groups is None else {"groups": groups[train]}  # C chosen across other groups too
            if scores is not None:
                inner["scores"] = scores[train]
            model = make_model().fit(texts[train], Y[train], traits=[trait], **inner)
            fold_accuracy.append(float(np.mean(model.predict(texts[test])[:, k] == Y[test, k])))
        per_trait[trait] = float(np.mean(fold_accuracy))
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


def evaluate_bigfive(data, *, model=None, split: str | None = None, max_texts: int | None = None,
                     progress=None) -> dict:
    """Per-trait accuracy of the text model on labelled texts, with the share of texts it calls
    high: ``data`` a :class:`~mmer.text.data.TraitTexts` or what :func:`~mmer.text.data.load_trait_texts`
    reads (a First Impressions folder, its ``split``; an ``essays.csv``); ``model`` a
    :class:`mmer.Models` (None: the shipped models; a model fitted in a notebook:
    ``mmer.Models(text=fitted)``); ``progress`` a callable given the fraction done (the
    evaluations' one shape, as :func:`mmer.face.evaluate.evaluate_face`). Where the texts have
    raw trait scores, also how well P(high) ranks them: Pearson r with the score and ROC AUC for
    the high/low label.

    >>> import numpy as np
    >>> from mmer.text.data import TraitTexts
    >>> texts = ["I love meeting new people and organising parties.", "I prefer quiet evenings alone."]
    >>> data = TraitTexts(texts, np.array([[1, 0, 1, 1, 0], [0, 1, 0, 1, 1]]), None, ["a", "b"], "example")
    >>> sorted(evaluate_bigfive(data)["per_trait_accuracy"]) == sorted(TRAITS)
    True
    """
    from .data import TraitTexts, load_trait_texts

    if not isinstance(data, TraitTexts):
        data = load_trait_texts(data, split, max_texts=max_texts)
    texts, Y, scores = list(data.texts), np.asarray(data.Y), data.scores
    model = resolve(model, "text")
    probabilities = model.predict_proba(texts)
    if progress is not None:
        progress(1.0)
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
        if getattr(model, "target", "labels") == "scores":
            # ChaLearn's measure: 1 - mean absolute error of the predicted score (0-1 scale), beside
            # the same for always predicting the training mean.
            predicted_scores = np.clip(model.predict_score(texts), 0, 1)
            report["one_minus_mae"] = {t: float(1 - np.mean(np.abs(predicted_scores[:, k] - scores[:, k])))
                                       for k, t in enumerate(TRAITS)}
            report["one_minus_mae_mean_baseline"] = {t: float(1 - np.mean(np.abs(model.score_mean_[k] - scores[:, k])))
                                                     for k, t in enumerate(TRAITS)}
    return report


#: Word-count bins for :func:`accuracy_by_length`: a First Impressions clip (15 s) has ~43 words,
#: a 45 s spoken answer ~100.
LENGTH_BINS = (0, 20, 30, 40, 50, 60, 100_000)


def accuracy_by_length(texts, Y, model=None, bins=LENGTH_BINS) -> list[dict]:
    """How well a fitted model does on texts grouped by word count: how long an answer must be
    before the model tells speakers apart.

    Returns one dict per non-empty bin: ``words`` ("20-29"), ``n``, ``mean_accuracy``,
    ``mean_majority_baseline`` (the commoner label *within* the bin, each trait) and ``mean_auc``
    (how well P(high) ranks the texts of the bin, averaged over the traits with both labels in it;
    0.5 is chance). Raters give short clips lower scores, so within a bin accuracy partly reflects
    the length; the AUC does not.

    >>> from mmer.text.model import BigFiveModel
    >>> texts = ["I love people"] * 6 + ["I stay home alone today " * 10] * 6
    >>> Y = [[1, 1, 1, 1, 1]] * 6 + [[0, 0, 0, 0, 0]] * 6
    >>> model = BigFiveModel(C=10.0).fit(texts, Y)
    >>> [(row["words"], row["n"]) for row in accuracy_by_length(texts, Y, model, bins=(0, 10, 1000))]
    [('0-9', 6), ('10+', 6)]
    """
    from sklearn.metrics import roc_auc_score

    from .preprocess import tokenize

    model = model if model is not None else resolve(None, "text")
    Y = np.asarray(Y)
    lengths = np.array([len(tokenize(t)) for t in texts])
    probabilities = model.predict_proba(list(texts))
    predicted = (probabilities >= 0.5).astype(int)
    rows = []
    for low, high in zip(bins[:-1], bins[1:]):
        inside = (lengths >= low) & (lengths < high)
        if not inside.any():
            continue
        share_high = Y[inside].mean(axis=0)
        aucs = [roc_auc_score(Y[inside, k], probabilities[inside, k]) for k in range(Y.shape[1]) if 0 < share_high[k] < 1]
        rows.append({
            "words": f"{low}-{high - 1}" if high < bins[-1] else f"{low}+",
            "n": int(inside.sum()),
            "mean_accuracy": float((predicted[inside] == Y[inside]).mean()),
            "mean_majority_baseline": float(np.maximum(share_high, 1 - share_high).mean()),
            "mean_auc": float(np.mean(aucs)) if aucs else float("nan"),
        })
    return rows


def calibration_table(probabilities, Y, n_bins: int = 10) -> list[dict]:
    """Reliability diagram data, all traits pooled: for texts whose P(high) falls in each bin,
    the mean predicted probability and the share actually high. Calibrated: the two agree.

    >>> calibration_table([[0.2], [0.25], [0.8]], [[0], [1], [1]], n_bins=2)
    [{'bin': '0.0-0.5', 'n': 2, 'mean_probability': 0.225, 'share_high': 0.5}, {'bin': '0.5-1.0', 'n': 1, 'mean_probability': 0.8, 'share_high': 1.0}]
    """
    p = np.asarray(probabilities, dtype=float).ravel()
    y = np.asarray(Y, dtype=float).ravel()
    edges = np.linspace(0, 1, n_bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, n_bins - 1)
    rows = []
    for b in range(n_bins):
        inside = which == b
        if inside.any():
            rows.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(inside.sum()),
                         "mean_probability": round(float(p[inside].mean()), 4), "share_high": round(float(y[inside].mean()), 4)})
    return rows


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
    if "one_minus_mae" in report:
        lines.append("1 - mean absolute error of the predicted score (ChaLearn), and of always the training mean: "
                     + ", ".join(f"{t} {report['one_minus_mae'][t]:.3f} ({report['one_minus_mae_mean_baseline'][t]:.3f})"
                                 for t in TRAITS))
    return "\n".join(lines)
