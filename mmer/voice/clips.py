"""A labelled clip's windows, exactly as :func:`mmer.analyze_audio` makes and reads them: what
training (:mod:`mmer.voice.train`) and evaluation (:mod:`mmer.voice.evaluate`) share, so that
evaluating never imports the training code.
"""

from __future__ import annotations

import numpy as np

from ..media import load_audio
from .data import VoiceDataset

#: The app's windows: 3 s of audio every 1 s.
WINDOW, HOP = 3.0, 1.0


def clip_windows(y: np.ndarray, model=None, window: float = WINDOW, hop: float = HOP) -> tuple[np.ndarray, np.ndarray]:
    """The window features of one recording, exactly as :func:`mmer.analyze_audio` computes them:
    ``(rows, speech_seconds)`` (rows of a window without speech are NaN)."""
    from .analyze import window_spans
    from .encoder import SAMPLE_RATE, describe, window_features

    return window_features(describe(y, model=model), window_spans(len(y) / SAMPLE_RATE, window, hop))


def extract_windows(dataset: VoiceDataset, progress=None, encoder=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`clip_windows` of every clip of ``dataset`` (~50 ms a clip on one core), described
    by ``encoder`` (a speech recogniser; None: the shipped one); ``progress``: optional callable
    ``progress(fraction_done)``."""
    from ..models import resolve

    model = encoder if encoder is not None else resolve(None, "speech")
    out = []
    for i, path in enumerate(dataset.files, 1):
        out.append(clip_windows(load_audio(path), model=model))
        if progress is not None:
            progress(i / len(dataset.files))
    return out


def usable(voiced: np.ndarray) -> np.ndarray:
    """Windows with enough speech to classify (the app's rule)."""
    from .analyze import classifiable

    return classifiable(voiced, WINDOW)


def dominant(probabilities: np.ndarray) -> int:
    """The emotion most windows name (ties: the higher mean probability), as the app reports it."""
    from ..results import dominant_index

    return dominant_index(probabilities)
