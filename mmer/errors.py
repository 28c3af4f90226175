"""Specific exceptions raised by the public API.

Every error a user can cause (bad file, no face, silence, empty text...) is one of these, with a
message written for a person, so the CLI and the dashboard can show it as it is.
"""


class MMERError(Exception):
    """Base class of every error the mmer API raises on purpose."""


class InvalidMediaError(MMERError, ValueError):
    """The input is not a readable image, video or audio file (wrong type, corrupt, truncated)."""


class EmptyMediaError(InvalidMediaError):
    """The input is readable but holds nothing to analyse (empty file, zero-length clip)."""


class CorruptMediaError(InvalidMediaError):
    """The file starts like a media file but is damaged or truncated: no frame/sample decodes."""


class NoFaceFoundError(MMERError):
    """Not a single face was found in the frames analysed."""


class DocumentError(MMERError, ValueError):
    """An uploaded document cannot be read (unsupported type, damaged, password-protected)."""


class EmptyTextError(MMERError, ValueError):
    """There is no text to analyse (empty answer, whitespace, a scanned PDF without text)."""


class TextTooLongError(MMERError, ValueError):
    """The text is longer than the analysis accepts."""


class DatasetError(MMERError, ValueError):
    """A training or evaluation data folder or file is missing or not in a known layout."""


class ModelNotFoundError(MMERError, FileNotFoundError):
    """A shipped model file is missing (e.g. a checkout without the models/ folder)."""


class NoAudioTrackError(InvalidMediaError):
    """A readable media file without any audio track (e.g. a video recorded without microphone)."""


class NoSpeechError(MMERError):
    """The recording holds only silence (or sound too quiet to be speech): nothing to classify."""


class RecordingTooShortError(MMERError, ValueError):
    """The recording is too short to analyse."""


class EnsembleError(MMERError, ValueError):
    """Models that cannot be averaged into one (different inputs or outputs, unreadable file)."""


class ModelFileError(MMERError, ValueError):
    """A model file that cannot be used as asked (unreadable, or without what the step needs)."""
