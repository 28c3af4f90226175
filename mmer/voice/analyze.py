"""``analyze_audio``: vocal emotions of a recorded answer, window by window."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from ..errors import NoSpeechError, RecordingTooShortError
from ..media import load_audio
from ..models import VOICE_EMOTION_FILE, model_path
from ..results import AudioResult, AudioWindow
from .features import HOP, SAMPLE_RATE, frame_features, window_statistics
from .model import VoiceModel


#: Shortest recording analysed: below a second there is hardly a word to hear.
MIN_SECONDS = 1.0
#: A window with less voiced sound than this is reported as silence, not classified.
MIN_VOICED_SECONDS = 0.3
#: Share of samples at full scale above which the recording is called clipped.
CLIPPED_SHARE = 0.001


@lru_cache(maxsize=1)
def load_voice_model() -> VoiceModel:
    """The shipped voice model, loaded once per process (~10 ms)."""
    path = model_path(VOICE_EMOTION_FILE)
    data = path.read_bytes()
    model = VoiceModel(data)
    model.version = "voice_emotion-" + hashlib.sha256(data).hexdigest()[:12]
    return model


def window_spans(duration: float, window: float, hop: float) -> list[tuple[float, float]]:
    """``(start, end)`` of overlapping windows covering ``[0, duration]``; the last one ends at
    the end of the recording, and a recording shorter than a window is one window."""
    if window <= 0 or hop <= 0:
        raise ValueError("window and hop must be positive")
    if duration <= window:
        return [(0.0, duration)]
    starts = list(np.arange(0.0, duration - window + 1e-9, hop))
    if starts[-1] + window < duration - 1e-6:
        starts.append(duration - window)
    return [(float(s), float(min(s + window, duration))) for s in starts]


def analyze_audio(source, window: float = 3.0, hop: float = 1.0, model: VoiceModel | None = None,
                  samples: np.ndarray | None = None) -> AudioResult:
    """Vocal emotions of a recording (path, bytes or file object of WebM/Opus, WAV, FLAC, OGG,
    MP3, MP4...), or of ``samples`` already decoded to mono 16 kHz float32.

    The recording is cut into ``window``-second windows every ``hop`` seconds (the seed's 3 s /
    1 s); windows with less than 0.3 s of voiced sound are reported as silence.

    Raises :class:`RecordingTooShortError` under 1 s, :class:`NoSpeechError` when no window
    holds speech, and :class:`~mmer.InvalidMediaError` subclasses for unreadable files or a
    file without an audio track.
    """
    model = model or load_voice_model()
    y = load_audio(source) if samples is None else np.asarray(samples, dtype=np.float32).reshape(-1)
    duration = len(y) / SAMPLE_RATE
    if duration < MIN_SECONDS:
        raise RecordingTooShortError(
            f"the recording lasts {duration:.2g} s; record at least {MIN_SECONDS:g} s of speech"
        )
    warnings = []
    clipped = float(np.mean(np.abs(y) >= 0.999))
    if clipped > CLIPPED_SHARE:
        warnings.append(
            f"{clipped:.1%} of the samples are clipped (the sound was too loud for the microphone): "
            "loud emotions may be over-estimated; speak a little further from it"
        )
    frames = frame_features(y, fmax=model.fmax)
    frames_per_second = SAMPLE_RATE / HOP
    spans = window_spans(duration, window, hop)
    rows, voiced = [], []
    for start, end in spans:
        a, b = int(round(start * frames_per_second)), int(round(end * frames_per_second))
        voiced.append(float(frames.voiced[a:b].sum()) / frames_per_second)
        rows.append(window_statistics(frames, a, b))
    X = np.stack(rows)
    speech = np.array(voiced) >= min(MIN_VOICED_SECONDS, 0.5 * window)
    speech &= ~np.isnan(X).any(axis=1)
    if not speech.any():
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
    voiced_total = float(frames.voiced.sum()) / frames_per_second
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
