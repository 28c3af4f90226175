"""Evaluate the shipped voice model on labeled corpora (EmoDB, TESS, RAVDESS, CREMA-D, SAVEE
names), each clip analysed as the app analyses an answer."""

from __future__ import annotations

from os import PathLike

import numpy as np

from ..models import resolve
from ..labels import EMOTIONS
from ..metrics import classification_report_dict
from .data import load_voice_dataset


def evaluate_voice(data, *, model=None, max_per_class: int | None = None, calm: str = "skip",
                   progress=None) -> dict:
    """Score the voice model on labelled clips: ``data`` a corpus folder or a list of them;
    ``model`` a :class:`mmer.Models` (None: the shipped models; a trained file:
    ``mmer.load_models("voice", voice=path)``); ``max_per_class`` clips per class at most;
    ``progress`` a callable given the fraction done (the evaluations' one shape, as
    :func:`mmer.face.evaluate.evaluate_face`).

    Each clip goes through the app's own steps (windows of Whisper features over the speech, one
    emotion per window, the clip's emotion the one most windows name). A clip in which no speech
    is heard counts as wrong (``no_speech``). Clips whose label is not one of our emotions are
    skipped and counted (``skipped``). The report adds accuracy and balanced accuracy per corpus
    (``by_corpus``) and accuracy per speaker (``per_speaker``).

    >>> report = evaluate_voice(["ravdess", "emodb"])  # doctest: +SKIP
    >>> report["by_corpus"]["ravdess"]["accuracy"]  # doctest: +SKIP
    0.95
    """
    from .clips import dominant, extract_windows, usable

    paths = [data] if isinstance(data, (str, PathLike)) else list(data)
    dataset = load_voice_dataset(*paths, max_per_class=max_per_class, calm=calm)
    model = resolve(model, "voice")
    predicted = np.full(len(dataset), -1)
    for i, (X, voiced) in enumerate(extract_windows(dataset, progress=progress, encoder=model.encoder)):
        keep = usable(voiced)
        if keep.any():
            predicted[i] = dominant(model.predict_proba(X[keep]))
    y = dataset.y
    report = classification_report_dict(y, predicted)
    corpora, speakers = np.array(dataset.corpora), np.array(dataset.speakers)
    report["by_corpus"] = {}
    for corpus in sorted(set(dataset.corpora)):
        m = corpora == corpus
        part = classification_report_dict(y[m], predicted[m])
        report["by_corpus"][corpus] = {"n": part["n"], "accuracy": part["accuracy"],
                                       "balanced_accuracy": part["balanced_accuracy"]}
    report["per_speaker"] = {str(s): {"n": int((speakers == s).sum()),
                                      "accuracy": float((y[speakers == s] == predicted[speakers == s]).mean())}
                             for s in sorted(set(dataset.speakers))}
    report["no_speech"] = int((predicted < 0).sum())
    report["skipped"] = int(sum(dataset.skipped.values()))
    report["skipped_reasons"] = dict(dataset.skipped)
    report["data"] = [str(p) for p in paths]
    report["classes"] = list(EMOTIONS)
    return report
