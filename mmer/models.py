"""The models every analysis uses, loaded through one call, as one bundle.

``mmer.load_models()`` returns a :class:`Models`: the face detector and emotion classifier, the
voice model, the speech recogniser and the text model, each with a ``version`` computed one way
(:func:`file_version`: the file's name and the start of its SHA-256). Every ``analyze_*`` takes
such a bundle as ``model=`` and uses the part it needs; ``model=None`` means the shipped models,
loaded once per process by :func:`default_models` (the one shared copy, so a notebook or the CLI
does not load Whisper per call). Load a bundle yourself to choose a part (a retrained voice
model, your own recogniser) or to keep models apart::

    import mmer
    models = mmer.load_models()          # ~1 s: all four
    answer = mmer.analyze_answer("answer.webm", model=models)

The voice model describes speech with the speech recogniser's own encoder
(:mod:`mmer.voice.encoder`): a bundle hands it its recogniser, so a custom recogniser never
means a second Whisper in memory.

>>> import mmer
>>> models = mmer.load_models(["text"])
>>> sorted(models.versions)
['text']
>>> models.versions["text"].startswith("bigfive-")
True
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidArgumentError, ModelNotFoundError, UnsupportedInputError

FACE_DETECTOR_FILE = "face_detection_yunet_2026may.onnx"
FACE_EMOTION_FILE = "face_emotion.onnx"
BIGFIVE_FILE = "bigfive_text.json"
VOICE_EMOTION_FILE = "voice_emotion.onnx"

#: The parts of a bundle, in the order they are loaded.
PARTS = ("face", "speech", "voice", "text")


def model_path(name: str) -> Path:
    """A model file in the models folder (:func:`mmer.config.models_dir`)."""
    from .config import models_dir

    path = models_dir() / name
    if not path.is_file():
        raise ModelNotFoundError(
            f"model file {path} is missing: the models/ folder ships with the repository; "
            "re-clone it or set MMER_MODELS_DIR"
        )
    return path


def model_card_metrics(name: str) -> dict:
    """Figures measured for a shipped model (``models/<name>.metrics.json``), or {} if absent."""
    import json

    from .config import models_dir

    path = models_dir() / f"{name}.metrics.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def file_version(data, name: str) -> str:
    """How every model's version is written: ``name`` and the first 12 hex digits of the SHA-256
    of its file (a path) or of its bytes.

    >>> file_version(b"weights", "voice_emotion")
    'voice_emotion-9a129038d9a0'
    """
    digest = hashlib.sha256()
    if isinstance(data, (bytes, bytearray)):
        digest.update(data)
    else:
        with open(data, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return f"{name}-{digest.hexdigest()[:12]}"


# -- one loader per part (plain functions: each call loads a new copy) -------------------------------
def _load_face(path=None):
    from .face.analyze import FaceModels
    from .face.classifier import EmotionClassifier
    from .face.detector import FaceDetector

    # Single-threaded sessions (ONNX Runtime options, nothing process-wide): the video pipeline
    # already keeps the cores busy with its own threads; thread pools inside each model only add
    # contention (measured: 10-20% slower on 2 cores).
    classifier = EmotionClassifier(path, threads=1)
    classifier.version = file_version(classifier.model_file, "face_emotion")
    return FaceModels(FaceDetector(threads=1), classifier)


def _load_speech():
    from .speech.asr import load_speech_recognizer

    return load_speech_recognizer()


def _load_voice(encoder, path=None):
    from .voice.model import VoiceModel

    data = Path(path or model_path(VOICE_EMOTION_FILE)).read_bytes()
    model = VoiceModel(data, encoder=encoder)
    model.version = file_version(data, "voice_emotion")
    return model


def _load_text(path=None):
    from .text.model import BigFiveModel

    path = path or model_path(BIGFIVE_FILE)
    model = BigFiveModel.load(path)
    model.version = file_version(path, "bigfive")
    return model


@dataclass
class Models:
    """The models of an analysis: ``face`` (:class:`~mmer.face.analyze.FaceModels`: detector and
    emotion classifier), ``speech`` (the Whisper tiny.en recogniser, faster-whisper),
    ``voice`` (:class:`~mmer.voice.model.VoiceModel`, whose ``encoder`` is ``speech``) and
    ``text`` (:class:`~mmer.text.model.BigFiveModel`); a part not loaded is None.

    Build one with :func:`load_models`, or by hand with your own parts
    (``Models(voice=VoiceModel.load(path, encoder=...))``).
    """

    face: object = None
    speech: object = None
    voice: object = None
    text: object = None
    #: Load a missing part when an analysis needs it (the shared bundle of shipped models does).
    load_on_need: bool = field(default=False, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def need(self, part: str):
        """The part an analysis needs, or a :class:`~mmer.errors.InvalidArgumentError` naming it."""
        value = getattr(self, part)
        if value is None and self.load_on_need:
            value = getattr(self.load([part]), part)
        if value is None:
            raise InvalidArgumentError(f"the models given have no {part} model: load it with "
                                       f"mmer.load_models([{part!r}]) or leave model=None")
        return value

    @property
    def versions(self) -> dict[str, str]:
        """``{part: version}`` of the loaded parts (what every stored result records)."""
        out = {}
        if self.face is not None:
            out["face"] = getattr(self.face.classifier, "version", "")
        for part in ("voice", "speech", "text"):
            value = getattr(self, part)
            if value is not None:
                out[part] = getattr(value, "version", "")
        return out

    def load(self, parts=PARTS, files: dict | None = None) -> "Models":
        """Load the missing ``parts`` into this bundle (the voice model needs the recogniser, so
        asking for ``"voice"`` loads ``"speech"`` too), each from its shipped file or from
        ``files[part]`` (``"face"``: an ONNX classifier, ``"voice"``: an ONNX voice model,
        ``"text"``: a Big Five JSON model). Returns the bundle."""
        parts = _checked_parts(parts)
        files = dict(files or {})
        unknown = set(files) - {"face", "voice", "text"}
        if unknown:
            raise InvalidArgumentError(f"files= names a face, voice or text model file, not {sorted(unknown)}")
        if "voice" in parts:
            parts = {*parts, "speech"}
        with self._lock:  # the dashboard's warm-up thread and an analysis may ask at once
            for part in PARTS:
                if part in parts and getattr(self, part) is None:
                    path = files.get(part)
                    value = {"face": lambda: _load_face(path), "speech": _load_speech,
                             "text": lambda: _load_text(path),
                             "voice": lambda: _load_voice(self.speech, path)}[part]()
                    setattr(self, part, value)
        return self

    def warm_up(self) -> "Models":
        """Load every part and run each once on a second of made-up input, so the first real
        analysis waits for none of it (librosa's compiled functions, the speech detector,
        CTranslate2's buffers). Raises what loading or running raised: a caller that shows a
        page (the dashboard) reports it rather than hiding it."""
        import numpy as np

        from .face.classifier import INPUT_SIZE
        from .speech.asr import transcribe
        from .voice.encoder import describe

        self.load()
        noise = np.random.default_rng(0).normal(0.0, 0.1, 16000).astype(np.float32)
        describe(noise, model=self.speech)
        transcribe(np.zeros(16000, np.float32), model=self.speech)
        self.text.predict_proba(["warming up the text model"])
        self.face.classifier.predict_proba(np.zeros((1, INPUT_SIZE, INPUT_SIZE), np.uint8))
        return self


def _checked_parts(parts) -> set:
    if isinstance(parts, str):
        parts = [parts]
    parts = set(parts)
    unknown = parts - set(PARTS)
    if unknown:
        raise InvalidArgumentError(f"unknown model part(s) {sorted(unknown)}: use any of {', '.join(PARTS)}")
    return parts


def load_models(parts=PARTS, **files) -> Models:
    """A new bundle with ``parts`` loaded (default: all four, ~1 s): ``"face"``, ``"speech"``,
    ``"voice"`` (brings ``"speech"``, its encoder) and ``"text"``. Each call loads new copies.
    ``face=``, ``voice=``, ``text=``: a model file to load instead of the shipped one (one a
    training notebook made), e.g. ``load_models("face", face="face_emotion.onnx")``."""
    return Models().load(parts, files)


_DEFAULT = Models(load_on_need=True)


def default_models() -> Models:
    """The process's shared bundle of the shipped models (what ``model=None`` means): each part is
    loaded when an analysis first needs it. The one shared copy of the models in MMER."""
    return _DEFAULT


def as_models(model) -> Models:
    """An analysis's ``model=`` argument as a bundle: a :class:`Models` as it is, None as the
    shared shipped models; anything else is an :class:`~mmer.errors.UnsupportedInputError`."""
    if model is None:
        return _DEFAULT
    if isinstance(model, Models):
        return model
    raise UnsupportedInputError(f"model= takes the bundle mmer.load_models() returns (mmer.Models), "
                                f"not {type(model).__name__}")


def resolve(model, part: str):
    """The ``part`` an analysis needs from its ``model=`` argument (see :func:`as_models`)."""
    return as_models(model).need(part)
