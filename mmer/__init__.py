"""MMER: multimodal emotion recognition for interview practice.

One function per kind of input, all with the same shape: ``analyze_<kind>(source, *, model=None,
progress=None, ...)``, each returning a :class:`Result` (timeline + summary, serialisable to
dict, JSON and a DataFrame)::

    import mmer
    models = mmer.load_models()            # the face, voice, speech and text models, once
    result = mmer.analyze_video("answer.webm", model=models)
    print(result.summary)

``model=None`` uses the shipped models, loaded once per process when first needed.

Every error a caller can get on purpose is an :class:`MMERError` (see :mod:`mmer.errors`).
Sub-modules are imported on first use so that ``import mmer`` stays fast (no OpenCV, ONNX
Runtime or pandas until a call needs them).
"""

from importlib import import_module

from .errors import (
    CorruptMediaError,
    DatasetError,
    DocumentError,
    EmptyMediaError,
    EmptyTextError,
    EnsembleError,
    InputNotFoundError,
    InvalidArgumentError,
    InvalidMediaError,
    MediaTooLargeError,
    MMERError,
    ModelFileError,
    ModelNotFoundError,
    NoAudioTrackError,
    NoFaceFoundError,
    NoSpeechError,
    NotAVideoError,
    RecordingTooShortError,
    ReportError,
    ResultFormatError,
    StoreError,
    TextTooLongError,
    UnsupportedInputError,
)
from .labels import EMOTIONS, MODALITIES, STORED_KINDS, TRAIT_MEANINGS, TRAITS

__version__ = "0.1.0"

_LAZY = {
    "analyze_video": "mmer.face.analyze",
    "analyze_image": "mmer.face.analyze",
    "analyze_audio": "mmer.voice.analyze",
    "analyze_text": "mmer.text.analyze",
    "analyze_answer": "mmer.answer",
    "LiveAnswer": "mmer.live",
    "Result": "mmer.results",
    "EmotionResult": "mmer.results",
    "VideoResult": "mmer.results",
    "FrameEmotion": "mmer.results",
    "AudioResult": "mmer.results",
    "AudioWindow": "mmer.results",
    "TextResult": "mmer.results",
    "AnswerResult": "mmer.results",
    "Word": "mmer.results",
    "Moment": "mmer.results",
    "reliability_note": "mmer.feedback",
    "load_models": "mmer.models",
    "Models": "mmer.models",
    "MIN_RECORDING_SECONDS": "mmer.media",
    "SessionResult": "mmer.session",
    "write_report": "mmer.report",
}

_ERRORS = [
    "MMERError",
    "InvalidArgumentError",
    "UnsupportedInputError",
    "InputNotFoundError",
    "InvalidMediaError",
    "EmptyMediaError",
    "CorruptMediaError",
    "MediaTooLargeError",
    "NotAVideoError",
    "NoAudioTrackError",
    "RecordingTooShortError",
    "NoFaceFoundError",
    "NoSpeechError",
    "DocumentError",
    "EmptyTextError",
    "TextTooLongError",
    "ResultFormatError",
    "ReportError",
    "DatasetError",
    "ModelNotFoundError",
    "ModelFileError",
    "EnsembleError",
    "StoreError",
]

__all__ = ["EMOTIONS", "TRAITS", "TRAIT_MEANINGS", "MODALITIES", "STORED_KINDS", *_ERRORS, *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mmer' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
