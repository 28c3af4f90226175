"""Evaluate the shipped voice model on labeled corpora (EmoDB, TESS, RAVDESS, CREMA-D names)."""

from __future__ import annotations

import numpy as np

from ..media import load_audio
from ..metrics import classification_report_dict
from .data import VoiceDataset, load_voice_dataset
from .features import clip_features


def extract_features(dataset: VoiceDataset, fmax: float = 8000.0, progress: bool = False) -> np.ndarray:
    """One row of clip statistics per file of ``dataset`` (~20 ms a clip)."""
    from tqdm import tqdm

    rows = [
        clip_features(load_audio(path), fmax=fmax)
        for path in tqdm(dataset.files, desc="features", unit="clip", disable=not progress, leave=False)
    ]
    return np.stack(rows) if rows else np.zeros((0, 0), np.float32)


def evaluate_voice(*paths, max_per_class: int | None = None, model=None, progress: bool = False) -> dict:
    """Score the shipped voice model (or ``model``) on labeled clips under ``paths``.

    Clips whose label is not one of our seven emotions are skipped and counted in the report
    (``skipped``). Clips that are pure silence are classified like any other, as the model
    would be asked to; the report also breaks accuracy down by corpus.
    """
    from .analyze import load_voice_model

    dataset = load_voice_dataset(*paths, max_per_class=max_per_class)
    model = model or load_voice_model()
    X = extract_features(dataset, fmax=model.fmax, progress=progress)
    # A silent clip (all statistics NaN) is predicted as the model's prior would: neutral.
    silent = np.isnan(X).any(axis=1)
    predicted = np.full(len(X), 6)
    if (~silent).any():
        predicted[~silent] = model.predict_proba(X[~silent]).argmax(axis=1)
    report = classification_report_dict(dataset.y, predicted)
    corpora = np.array(dataset.corpora)
    report["by_corpus"] = {
        c: float((dataset.y[corpora == c] == predicted[corpora == c]).mean()) for c in sorted(set(dataset.corpora))
    }
    report["skipped"] = int(sum(dataset.skipped.values()))
    report["skipped_reasons"] = dict(dataset.skipped)
    report["silent_clips"] = int(silent.sum())
    report["data"] = [str(p) for p in paths]
    return report
