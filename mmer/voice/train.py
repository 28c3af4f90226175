"""Train the voice model and measure it honestly: leave one speaker out, as the app analyses.

Every clip is analysed as the app analyses an answer (:func:`mmer.analyze_audio`): Whisper's
encoder frames pooled over the speech of 3 s windows every 1 s, each window classified, and the
clip's emotion is the one most windows name. Each speaker of every corpus is held out in turn:
the model is trained on the windows of every *other* speaker (all corpora together) and predicts
the held-out speaker's clips. Figures are reported per corpus and per speaker. No setting is tuned
on these figures: the classifier and its C were chosen before (``benchmarks/compare_voice.py``).
The shipped model is then trained on every clip.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..labels import EMOTIONS
from ..metrics import classification_report_dict
from ..models import VOICE_EMOTION_FILE
from .clips import HOP, WINDOW, dominant, extract_windows, usable
from .data import load_voice_dataset
from .model import FEATURES_VERSION, make_classifier, to_onnx_bytes

#: The shipped recipe (chosen in benchmarks/compare_voice.py before these figures were measured).
DEFAULT_CLASSIFIER = "logreg"
DEFAULT_C = 1.0


def _stack(windows, clips, y):
    rows, labels = [], []
    for i in clips:
        X, voiced = windows[i]
        keep = usable(voiced)
        rows.append(X[keep])
        labels += [y[i]] * int(keep.sum())
    return (np.concatenate(rows) if rows else np.zeros((0, 0))), np.array(labels)


def predict_clips(model, windows, clips) -> np.ndarray:
    """Each clip's emotion as the app reports it; -1 for a clip in which no window holds speech."""
    out = np.full(len(clips), -1)
    for k, i in enumerate(clips):
        X, voiced = windows[i]
        keep = usable(voiced)
        if keep.any():
            probabilities = np.zeros((int(keep.sum()), len(EMOTIONS)))
            probabilities[:, model.classes_] = model.predict_proba(X[keep])
            out[k] = dominant(probabilities)
    return out


def leave_one_speaker_out(windows, y, speakers, corpora, kind: str = DEFAULT_CLASSIFIER, C: float = DEFAULT_C,
                          progress=None) -> dict:
    """Every clip predicted by a model that never heard its speaker; a report per corpus
    (``classification_report_dict`` plus ``per_speaker`` accuracy and ``no_speech`` clips).
    ``progress``: optional callable ``progress(fraction_done)``, called per speaker."""
    y, speakers, corpora = np.asarray(y), np.asarray(speakers), np.asarray(corpora)
    predicted = np.full(len(y), -1)
    every_speaker = sorted(set(speakers))
    for k, speaker in enumerate(every_speaker, 1):
        if progress is not None:
            progress((k - 1) / len(every_speaker))
        test = np.flatnonzero(speakers == speaker)
        X, labels = _stack(windows, np.flatnonzero(speakers != speaker), y)
        model = make_classifier(C, kind).fit(X, labels)
        predicted[test] = predict_clips(model, windows, test)
    reports = {}
    for corpus in sorted(set(corpora)):
        mask = corpora == corpus
        # A clip without speech is counted as wrong (the app would say it heard nothing).
        report = classification_report_dict(y[mask], np.where(predicted[mask] < 0, -1, predicted[mask]))
        report["per_speaker"] = {str(s): round(float((y[speakers == s] == predicted[speakers == s]).mean()), 4)
                                 for s in sorted(set(speakers[mask]))}
        report["no_speech"] = int((predicted[mask] < 0).sum())
        reports[corpus] = report
    return reports


def train_voice_model(*data, out_dir="models", evaluate: bool = True, max_per_class: int | None = None,
                      kind: str | None = None, C: float | None = None, calm: str = "skip",
                      progress=None) -> dict:
    """Evaluate (leave one speaker out, per corpus) then fit on all clips and write
    ``voice_emotion.onnx`` and ``voice_emotion.metrics.json`` into ``out_dir``. Returns the metrics.

    >>> metrics = train_voice_model("emodb", "tess", "ravdess", out_dir="runs/voice")  # doctest: +SKIP
    >>> metrics["loso_ravdess"]["accuracy"]  # doctest: +SKIP
    0.7
    """
    kind = kind or DEFAULT_CLASSIFIER
    C = DEFAULT_C if C is None else C
    dataset = load_voice_dataset(*data, max_per_class=max_per_class, calm=calm)
    windows = extract_windows(dataset, progress=progress)
    y = dataset.y
    metrics = {
        "data": dataset.describe(),
        "features": FEATURES_VERSION,
        "classifier": kind,
        "C": C,
        "calm": calm,
        "window_seconds": WINDOW,
        "hop_seconds": HOP,
        "clips": int(len(y)),
        "windows": int(sum(usable(v).sum() for _, v in windows)),
    }
    if evaluate and len(set(dataset.speakers)) > 1:
        for corpus, report in leave_one_speaker_out(windows, y, dataset.speakers, dataset.corpora, kind, C,
                                                    progress).items():
            metrics[f"loso_{corpus}"] = report
    X, labels = _stack(windows, range(len(y)), y)
    model = make_classifier(C, kind).fit(X, labels)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / VOICE_EMOTION_FILE).write_bytes(to_onnx_bytes(model, X.shape[1], model.classes_))
    (out_dir / "voice_emotion.metrics.json").write_text(json.dumps(metrics, indent=1))
    return metrics
