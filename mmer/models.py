"""Where the shipped model files live, and their versions (recorded with every stored result)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ModelNotFoundError

#: ``models/`` at the repository root; ``MMER_MODELS_DIR`` overrides it (e.g. a class server).
MODELS_DIR = Path(os.environ.get("MMER_MODELS_DIR", Path(__file__).resolve().parent.parent / "models"))

FACE_DETECTOR_FILE = "face_detection_yunet_2026may.onnx"
FACE_EMOTION_FILE = "face_emotion.onnx"
BIGFIVE_FILE = "bigfive_text.json"


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


def reliability_note(modality: str) -> str:
    """One sentence for the UI on how far to trust a modality's model, from its model card."""
    if modality == "face":
        m = model_card_metrics("face_emotion")
        if not m:
            return "This model has not been evaluated."
        return (
            f"On posed FER2013 test photos this model is right {m['accuracy']:.0%} of the time "
            f"({m['balanced_accuracy']:.0%} averaged over the 7 emotions); on webcam interviews it is less reliable."
        )
    raise ValueError(f"unknown modality {modality!r}")
