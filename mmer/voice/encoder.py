"""What the voice model hears: Whisper's encoder frames and where the speech is.

Why Whisper's encoder: trained on 680,000 hours of speech from many speakers, its frames describe
a voice in a way that carries over to speakers the emotion model never heard, which hand-made
acoustic statistics from ten acted speakers do not (notebook 02 measures both). It is the
encoder of the speech recogniser the answer analysis loads anyway (:mod:`mmer.speech.asr`), so
it costs no extra download or memory: ~0.2 s per 20 s of audio on one core.

Why Silero VAD for speech: a fixed loudness floor marks soft, sad speech as silence and a loud
room as speech; Silero's small network (its ONNX file ships inside faster-whisper) looks at the
sound itself, whatever its level.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError

SAMPLE_RATE = 16_000
#: Encoder frames per second (Whisper's 10 ms mel frames, halved by its strided convolution).
FRAMES_PER_SECOND = 50
#: Audio is encoded this many seconds at a time (Whisper reads at most 30): attention costs grow
#: with the square of the length, so 10 s pieces cost half as much as 30 s ones for a long
#: answer, and the training clips (under 10 s) are encoded exactly as an answer's pieces are.
CHUNK_SECONDS = 10
#: Silero's defaults, except shorter silences split speech (pauses inside an answer matter).
MIN_SILENCE_MS = 300


def encoder_frames(samples: np.ndarray, *, model=None) -> np.ndarray:
    """Whisper tiny.en's encoder output for mono 16 kHz ``samples``: ``(n_frames, 384)``, one row
    per 20 ms. Audio is not padded to 30 s (as the recogniser does), so a 3 s clip costs a tenth.

    ``model``: a loaded :func:`mmer.speech.asr.load_speech_recognizer` (default: the shared one).

    >>> encoder_frames(np.zeros(16000, np.float32)).shape  # doctest: +SKIP
    (50, 384)
    """
    import ctranslate2

    from ..speech.asr import load_speech_recognizer

    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim != 1:
        raise InvalidArgumentError("encoder_frames needs mono audio: a 1-D array")
    model = model or load_speech_recognizer()
    step = CHUNK_SECONDS * SAMPLE_RATE
    pieces = []
    for start in range(0, max(len(samples), 1), step):
        chunk = samples[start : start + step]
        n_frames = len(chunk) // (SAMPLE_RATE // FRAMES_PER_SECOND)
        if n_frames == 0:
            continue
        mel = model.feature_extractor(chunk)[:, : 2 * n_frames]  # 100 mel frames a second
        features = ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[None], dtype=np.float32))
        out = np.asarray(model.model.encode(features, to_cpu=True))[0]
        pieces.append(out[:n_frames])
    if not pieces:
        return np.zeros((0, 384), np.float32)
    return np.concatenate(pieces).astype(np.float32)


def speech_mask(samples: np.ndarray, frames_per_second: int = FRAMES_PER_SECOND) -> np.ndarray:
    """True for each frame (``frames_per_second``) in which Silero VAD hears speech.

    >>> bool(speech_mask(np.zeros(16000, np.float32)).any())
    False
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    samples = np.asarray(samples, dtype=np.float32)
    hop = SAMPLE_RATE // frames_per_second
    mask = np.zeros(len(samples) // hop, bool)
    spans = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=30))
    for span in spans:
        mask[span["start"] // hop : -(-span["end"] // hop)] = True
    return mask


def pooled(frames: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Mean and standard deviation of ``frames`` over the rows where ``mask`` is True (all rows
    without a mask): one vector of twice the frame width; NaN when no row is selected."""
    frames = np.asarray(frames, dtype=np.float32)
    if mask is not None:
        mask = np.asarray(mask, bool)[: len(frames)]
        frames = frames[: len(mask)][mask]
    if len(frames) == 0:
        return np.full(2 * frames.shape[1], np.nan, np.float32)
    return np.concatenate([frames.mean(axis=0), frames.std(axis=0)]).astype(np.float32)


def window_features(frames: np.ndarray, mask: np.ndarray, spans) -> tuple[np.ndarray, np.ndarray]:
    """For each ``(start, end)`` span in seconds: the :func:`pooled` speech frames inside it, and
    how many seconds of speech it holds. Returns ``(rows, speech_seconds)``.

    >>> rows, seconds = window_features(np.ones((100, 4)), np.r_[np.ones(30), np.zeros(70)] > 0, [(0, 1), (1, 2)])
    >>> rows.shape, seconds.tolist(), bool(np.isnan(rows[1]).all())
    ((2, 8), [0.6, 0.0], True)
    """
    frames = np.asarray(frames, dtype=np.float32)
    rows, seconds = [], []
    for start, end in spans:
        a, b = int(round(start * FRAMES_PER_SECOND)), int(round(end * FRAMES_PER_SECOND))
        inside = np.asarray(mask[a:b], bool)
        seconds.append(float(inside.sum()) / FRAMES_PER_SECOND)
        rows.append(pooled(frames[a:b], inside))
    return np.stack(rows), np.array(seconds)
