"""Train the voice model and measure it honestly: leave one speaker out.

EmoDB is the benchmark (its six classes that are ours, boredom skipped): each of its speakers
is held out in turn, and the model is trained on every *other* speaker, EmoDB and TESS, with C
chosen by cross-validation across those training speakers only. TESS is reported separately
the same way (two speakers, single words: an easy set that says little about interviews).
The shipped model is then trained on everything, with C chosen across all speakers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..metrics import classification_report_dict
from ..models import VOICE_EMOTION_FILE
from .data import load_voice_dataset
from .evaluate import extract_features
from .model import DEFAULT_C_GRID, make_classifier, select_C, to_onnx_bytes




def leave_one_speaker_out(X, y, speakers, corpora, test_corpus: str, make=None, grid=DEFAULT_C_GRID, progress=False) -> dict:
    """Predict every clip of ``test_corpus`` with a model that never heard its speaker.

    ``make(C)`` builds an unfitted classifier (default: the shipped SVM recipe); ``grid`` is
    searched by group cross-validation on each fold's training speakers. Returns the
    classification report over that corpus, with the C chosen per held-out speaker.
    """
    from tqdm import tqdm

    make = make or make_classifier
    speakers, corpora = np.asarray(speakers), np.asarray(corpora)
    test_speakers = sorted(set(speakers[corpora == test_corpus]))
    predicted = np.full(len(y), -1)
    chosen = {}
    for speaker in tqdm(test_speakers, desc=f"LOSO {test_corpus}", disable=not progress, leave=False):
        test = speakers == speaker
        train = ~test
        C, _ = select_C(X[train], y[train], speakers[train], grid) if len(grid) > 1 else (grid[0], {})
        chosen[str(speaker)] = C
        model = make(C).fit(X[train], y[train])
        predicted[test] = model.predict(X[test])
    mask = corpora == test_corpus
    report = classification_report_dict(y[mask], predicted[mask])
    report["per_speaker"] = {
        str(s): float((y[speakers == s] == predicted[speakers == s]).mean()) for s in test_speakers
    }
    report["C_per_fold"] = chosen
    return report


def train_voice_model(*data, out_dir="models", fmax: float = 8000.0, evaluate: bool = True,
                      max_per_class: int | None = None, grid=DEFAULT_C_GRID, progress: bool = True) -> dict:
    """Evaluate (leave one speaker out) then fit on all clips and write ``voice_emotion.onnx``
    and ``voice_emotion.metrics.json`` into ``out_dir``. Returns the metrics dict."""
    dataset = load_voice_dataset(*data, max_per_class=max_per_class)
    X = extract_features(dataset, fmax=fmax, progress=progress)
    y = dataset.y
    keep = ~np.isnan(X).any(axis=1)  # clips without a voiced frame teach nothing
    X, y = X[keep], y[keep]
    speakers = np.array(dataset.speakers)[keep]
    corpora = np.array(dataset.corpora)[keep]
    metrics = {
        "data": dataset.describe(),
        "fmax": fmax,
        "features": X.shape[1],
        "clips": int(len(y)),
        "silent_clips_dropped": int((~keep).sum()),
    }
    if evaluate:
        for corpus in sorted(set(corpora)):
            if len(set(speakers[corpora == corpus])) and len(set(speakers)) > 1:
                metrics[f"loso_{corpus}"] = leave_one_speaker_out(
                    X, y, speakers, corpora, corpus, grid=grid, progress=progress
                )
    C, scores = select_C(X, y, speakers, grid)
    metrics["C"] = C
    metrics["C_scores_across_speakers"] = {str(k): v for k, v in scores.items()}
    model = make_classifier(C).fit(X, y)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / VOICE_EMOTION_FILE).write_bytes(to_onnx_bytes(model, X.shape[1], model.classes_, fmax))
    (out_dir / "voice_emotion.metrics.json").write_text(json.dumps(metrics, indent=1))
    return metrics
