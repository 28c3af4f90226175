"""MMER: multimodal emotion recognition for interview practice.

Public API, one function per modality, each returning a plain result object
(timeline + summary, serialisable to dict/JSON/DataFrame)::

    import mmer
    result = mmer.analyze_video("answer.webm")
    print(result.summary)

Sub-modules are imported on first use so that ``import mmer`` stays fast (no TensorFlow,
OpenCV or ONNX Runtime until a call needs them).
"""

from importlib import import_module

from .errors import (
    CorruptMediaError,
    DatasetError,
    DocumentError,
    EmptyTextError,
    EmptyMediaError,
    InvalidMediaError,
    MMERError,
    ModelNotFoundError,
    NoAudioTrackError,
    NoFaceFoundError,
    NoSpeechError,
    RecordingTooShortError,
    TextTooLongError,
)
from .labels import EMOTIONS, TRAITS

__version__ = "0.1.0"

_LAZY = {
    "analyze_video": "mmer.face.analyze",
    "analyze_image": "mmer.face.analyze",
    "analyze_text": "mmer.text.analyze",
    "analyze_audio": "mmer.voice.analyze",
    "AudioResult": "mmer.results",
    "AudioWindow": "mmer.results",
    "VideoResult": "mmer.results",
    "TextResult": "mmer.results",
    "FrameEmotion": "mmer.results",
}

__all__ = [
    "EMOTIONS",
    "TRAITS",
    "MMERError",
    "InvalidMediaError",
    "CorruptMediaError",
    "EmptyMediaError",
    "NoFaceFoundError",
    "NoAudioTrackError",
    "NoSpeechError",
    "RecordingTooShortError",
    "DatasetError",
    "ModelNotFoundError",
    "DocumentError",
    "EmptyTextError",
    "TextTooLongError",
    *_LAZY,
]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mmer' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
