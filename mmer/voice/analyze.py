"""``analyze_audio``: vocal emotions of a recorded answer, window by window."""

from __future__ import annotations


import numpy as np

from ..errors import InvalidArgumentError, NoSpeechError
from ..media import MIN_RECORDING_SECONDS, load_audio, recording_too_short
from ..models import resolve
from ..results import AudioResult, AudioWindow
from ..speech.delivery import CLIPPED_SHARE_LIMIT, clipped_share
from .encoder import SAMPLE_RATE, describe, window_features


#: A recording without speech whose peak is above this (dBFS) is sound, not silence: the message says so.
LOUD_DBFS = -20.0
#: A window with less speech than this (Silero VAD) is reported as silence, not classified.
MIN_VOICED_SECONDS = 0.3
#: Share of samples at full scale above which the recording is called clipped (one limit for the
#: voice's warning and the answer's audio-quality advice).
CLIPPED_SHARE = CLIPPED_SHARE_LIMIT


def classifiable(speech_seconds, window: float) -> np.ndarray:
    """Windows with enough speech to be classified (the others are reported as silence)."""
    return np.asarray(speech_seconds) >= min(MIN_VOICED_SECONDS, 0.5 * window)


def window_spans(duration: float, window: float, hop: float) -> list[tuple[float, float]]:
    """``(start, end)`` of overlapping windows covering ``[0, duration]``; the last one ends at
    the end of the recording, and a recording shorter than a window is one window."""
    if window <= 0 or hop <= 0:
        raise InvalidArgumentError("window and hop must be positive")
    if duration <= window:
        return [(0.0, duration)]
    starts = list(np.arange(0.0, duration - window + 1e-9, hop))
    if starts[-1] + window < duration - 1e-6:
        starts.append(duration - window)
    return [(float(s), float(min(s + window, duration))) for s in starts]


def analyze_audio(source, *, model=None, progress=None, window: float = 3.0,
                  hop: float = 1.0, sample_rate: int | None = None) -> AudioResult:
    """Vocal emotions of a spoken answer, window by window.

    Parameters
    ----------
    source : path, bytes or binary file object of any audio or video file PyAV reads (WebM/Opus,
        WAV, FLAC, OGG, MP3, MP4...), or a 1-D array of mono samples (then give ``sample_rate``).
    model : optional :class:`mmer.Models` bundle (:func:`mmer.load_models`); default: the shipped models.
    progress : optional callable ``progress(fraction_done)`` (0..1).
    window, hop : the recording is cut into ``window``-second windows every ``hop`` seconds (the
        seed's 3 s / 1 s); windows with less than 0.3 s of voiced sound are reported as silence.
    sample_rate : the rate of ``source`` when it is an array of samples (resampled to 16 kHz).

    Raises :class:`~mmer.errors.RecordingTooShortError` under ``MIN_RECORDING_SECONDS``,
    :class:`~mmer.errors.NoSpeechError` when no window holds speech, and
    :class:`~mmer.errors.InvalidMediaError` subclasses for unreadable files or a file without an
    audio track.

    >>> import numpy as np, mmer
    >>> tone = np.zeros(16000, np.float32)
    >>> mmer.analyze_audio(tone, sample_rate=16000)
    Traceback (most recent call last):
    ...
    mmer.errors.NoSpeechError: no speech was heard: the recording is silent or too quiet (check that the right microphone is selected and not muted)
    """
    if window <= 0 or hop <= 0:
        raise InvalidArgumentError(f"window and hop must be positive seconds, not {window!r} and {hop!r}")
    y = _samples(source, sample_rate)
    if progress is not None:
        progress(0.2)
    duration = len(y) / SAMPLE_RATE
    if duration < MIN_RECORDING_SECONDS:
        raise recording_too_short(duration)
    model = resolve(model, "voice")
    voice = describe(y, model=model.encoder)
    if progress is not None:
        progress(0.8)
    result = audio_result(y, voice, model, window, hop)
    if progress is not None:
        progress(1.0)
    return result


def audio_result(y: np.ndarray, voice, model, window: float = 3.0, hop: float = 1.0) -> AudioResult:
    """The :class:`AudioResult` of 16 kHz ``y`` whose :class:`~mmer.voice.encoder.VoiceFrames`
    are ``voice`` (:func:`~mmer.voice.encoder.describe`; a live answer encodes its audio as it
    comes): the windows classified by ``model`` (a :class:`~mmer.voice.model.VoiceModel`).
    Raises :class:`~mmer.errors.NoSpeechError` when no window holds enough speech."""
    duration = len(y) / SAMPLE_RATE
    warnings = []
    clipped = clipped_share(y)
    if clipped > CLIPPED_SHARE:
        warnings.append(
            f"{clipped:.1%} of the samples are clipped (the sound was too loud for the microphone): "
            "loud emotions may be over-estimated; speak a little further from it"
        )
    spans = window_spans(duration, window, hop)
    X, voiced = window_features(voice, spans)
    speech = classifiable(voiced, window)
    if not speech.any():
        if np.abs(y).max(initial=0.0) > 10 ** (LOUD_DBFS / 20):
            raise NoSpeechError(
                "no speech was heard in this sound: the speech detector does not count noise, music, or "
                "shouted and screamed words as speech; speak in your usual voice"
            )
        raise NoSpeechError(
            "no speech was heard: the recording is silent or too quiet "
            "(check that the right microphone is selected and not muted)"
        )
    probabilities = np.zeros((len(spans), 7), np.float32)
    probabilities[speech] = model.predict_proba(X[speech])
    windows = [
        AudioWindow(start=round(s, 3), end=round(e, 3),
                    probabilities=[float(p) for p in probabilities[i]] if speech[i] else None,
                    voiced_seconds=round(voiced[i], 3))
        for i, (s, e) in enumerate(spans)
    ]
    voiced_total = voice.speech_seconds
    if voiced_total < 0.2 * duration:
        warnings.append(
            f"only {voiced_total:.1f} s of the {duration:.0f} s hold speech: the result rests on little sound"
        )
    return AudioResult(
        windows=windows,
        duration=round(duration, 3),
        voiced_seconds=round(voiced_total, 3),
        window=window,
        hop=hop,
        model_version=getattr(model, "version", ""),
        warnings=warnings,
    )


def _samples(source, sample_rate: int | None) -> np.ndarray:
    """Mono 16 kHz float32 samples of a file, bytes, file object or array."""
    if not isinstance(source, np.ndarray):
        if sample_rate is not None:
            raise InvalidArgumentError("sample_rate is only for an array of samples: a file says its own rate")
        return load_audio(source, sr=SAMPLE_RATE)
    if sample_rate is None:
        raise InvalidArgumentError("give the sample_rate of an array of samples, e.g. sample_rate=16000")
    if sample_rate <= 0:
        raise InvalidArgumentError(f"sample_rate must be positive, not {sample_rate!r}")
    if source.ndim != 1 and not (source.ndim == 2 and 1 in source.shape):
        raise InvalidArgumentError(f"expected mono samples (a 1-D array), not an array of shape {source.shape}")
    y = np.asarray(source, dtype=np.float32).reshape(-1)
    if sample_rate != SAMPLE_RATE and y.size:
        import soxr

        y = soxr.resample(y, sample_rate, SAMPLE_RATE).astype(np.float32)
    return y
