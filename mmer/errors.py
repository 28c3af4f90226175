"""Specific exceptions raised by the public API.

Every error a caller can get from ``mmer`` on purpose is an :class:`MMERError`, with a message
written for a person, so the CLI and the dashboard show it as it is; anything else is a bug.
Each also derives from the built-in exception a Python programmer would expect (``ValueError``,
``FileNotFoundError``, ``TypeError``), so existing ``except`` clauses keep working.

>>> import mmer
>>> try:
...     mmer.analyze_text("   ")
... except mmer.EmptyTextError as exc:
...     print(exc)
there is no text to analyse: write or upload your answer first
"""


class MMERError(Exception):
    """Base class of every error the mmer API raises on purpose."""


class InvalidArgumentError(MMERError, ValueError):
    """An option has a value the analysis cannot use (e.g. ``every=0``, a negative window)."""


class UnsupportedInputError(MMERError, TypeError):
    """The input is of a type the analysis does not take (e.g. a number instead of a file)."""


class InputNotFoundError(MMERError, FileNotFoundError):
    """The file or folder given as input does not exist."""


class InvalidMediaError(MMERError, ValueError):
    """The input is not a readable image, video or audio file (wrong type, corrupt, truncated)."""


class EmptyMediaError(InvalidMediaError):
    """The input is readable but holds nothing to analyse (empty file, zero-length clip)."""


class CorruptMediaError(InvalidMediaError):
    """The file starts like a media file but is damaged or truncated: no frame/sample decodes."""


class MediaTooLargeError(InvalidMediaError):
    """The recording is over a limit (size, duration or resolution) checked before decoding it."""


class NotAVideoError(InvalidMediaError):
    """A still image was given where a video is needed (``analyze_image`` reads photos)."""


class NoAudioTrackError(InvalidMediaError):
    """A readable media file without any audio track (e.g. a video recorded without microphone)."""


class RecordingTooShortError(MMERError, ValueError):
    """The recording is too short to analyse (under ``mmer.MIN_RECORDING_SECONDS``)."""


class NoFaceFoundError(MMERError, ValueError):
    """Not a single face was found in the frames analysed."""


class NoSpeechError(MMERError, ValueError):
    """The recording holds only silence (or sound too quiet to be speech): nothing to classify."""


class DocumentError(MMERError, ValueError):
    """An uploaded document cannot be read (unsupported type, damaged, password-protected)."""


class EmptyTextError(MMERError, ValueError):
    """There is no text to analyse (empty answer, whitespace, a scanned PDF without text)."""


class TextTooLongError(MMERError, ValueError):
    """The text is longer than the analysis accepts."""


class ResultFormatError(MMERError, ValueError):
    """A saved result (dict or JSON) that is not a result of the kind asked for."""


class DatasetError(MMERError, ValueError):
    """A training or evaluation data folder or file is missing or not in a known layout."""


class ModelNotFoundError(MMERError, FileNotFoundError):
    """A shipped model file is missing (e.g. a checkout without the models/ folder)."""


class ModelFileError(MMERError, ValueError):
    """A model file that cannot be used as asked (unreadable, or without what the step needs)."""


class EnsembleError(MMERError, ValueError):
    """Models that cannot be averaged into one (different inputs or outputs, unreadable file)."""


class StoreError(MMERError, OSError):
    """The results database cannot be opened or written (bad URL, server down, locked file),
    or a file to import is not in the expected format."""


class AccessDeniedError(StoreError, PermissionError):
    """A student asked the class's results service (:mod:`mmer.store.service`) for something that
    is not theirs: another student's session, or the class figures without being a teacher."""


class ReportError(MMERError, RuntimeError):
    """A report cannot be written: a file name that is neither .html nor .pdf, or the PDF library
    (or the system fonts and Pango it needs) missing."""
