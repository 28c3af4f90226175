"""Where the shipped model files live, and their versions (recorded with every stored result)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InvalidArgumentError, ModelNotFoundError



def _shipped_models_dir() -> Path:
    """``mmer/model_files`` in an installed wheel (package data built from ``models/``), else
    ``models/`` at the root of a source checkout or an editable install."""
    package = Path(__file__).resolve().parent
    installed = package / "model_files"
    return installed if installed.is_dir() else package.parent / "models"


#: Where the model files are read from; ``MMER_MODELS_DIR`` overrides it (e.g. a class server).
MODELS_DIR = Path(os.environ.get("MMER_MODELS_DIR") or _shipped_models_dir())

FACE_DETECTOR_FILE = "face_detection_yunet_2026may.onnx"
FACE_EMOTION_FILE = "face_emotion.onnx"
BIGFIVE_FILE = "bigfive_text.json"
VOICE_EMOTION_FILE = "voice_emotion.onnx"


def model_path(name: str) -> Path:
    path = MODELS_DIR / name
    if not path.is_file():
        raise ModelNotFoundError(
            f"model file {path} is missing: the models/ folder ships with the repository; "
            "re-clone it or set MMER_MODELS_DIR"
        )
    return path


def model_card_metrics(name: str) -> dict:
    """Figures measured for a shipped model (``models/<name>.metrics.json``), or {} if absent."""
    import json

    path = MODELS_DIR / f"{name}.metrics.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def reliability_note(modality) -> str:
    """One sentence for the UI on how far to trust the model behind a modality, from the figures
    in its model card's metrics file. ``modality`` is ``"video"``, ``"audio"`` or ``"text"`` (a
    result's ``kind``), or a result itself.

    >>> import mmer
    >>> mmer.reliability_note("text")  # doctest: +ELLIPSIS
    'On short spoken answers by people it never saw, this model guesses each trait ...'
    """
    from .labels import MODALITIES

    modality = getattr(modality, "kind", modality)
    if modality == "video":
        m = model_card_metrics("face_emotion")
        if not m:
            return "This model has not been evaluated."
        return (
            f"On posed FER2013 test photos this model is right {m['accuracy']:.0%} of the time "
            f"({m['balanced_accuracy']:.0%} averaged over the 7 emotions); on webcam interviews it is less reliable."
        )
    if modality == "audio":
        m = model_card_metrics("voice_emotion").get("loso_ravdess")
        if not m:
            return "This model has not been evaluated."
        return (
            f"On acted English sentences by speakers it never heard, this model is right {m['accuracy']:.0%} "
            f"of the time ({m['balanced_accuracy']:.0%} averaged over the 7 emotions); on spontaneous interview "
            "answers, other languages and laptop microphones it is much less reliable."
        )
    if modality == "text":
        m = model_card_metrics("bigfive_text").get("validation")
        if not m:
            return "This model has not been evaluated."
        return (
            f"On short spoken answers by people it never saw, this model guesses each trait as listeners rated it "
            f"{m['mean_accuracy']:.0%} of the time on average, where always guessing the commoner answer gives "
            f"{m['mean_majority_baseline']:.0%}: treat it as a hint, not a measure. On written text it is no better than chance."
        )
    raise InvalidArgumentError(f"unknown modality {modality!r}: use one of {', '.join(MODALITIES)}")
