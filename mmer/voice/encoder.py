"""What the voice model hears: Whisper's encoder frames, acoustic statistics, and where the speech is.

Why Whisper's encoder: trained on 680,000 hours of speech from many speakers, its frames describe
a voice in a way that carries over to speakers the emotion model never heard, which hand-made
acoustic statistics from ten acted speakers do not (notebook 02 measures both). It is the
encoder of the speech recogniser the answer analysis loads anyway (:mod:`mmer.speech.asr`), so
it costs no extra download or memory: ~0.3 s for a 45 s answer on one core.

Why Silero VAD for speech: a fixed loudness floor marks soft, sad speech as silence and a loud
room as speech; Silero's small network (its ONNX file ships inside faster-whisper) looks at the
sound itself, whatever its level.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    ``model``: a loaded :func:`mmer.speech.asr.load_speech_recognizer` (default: the shipped one, shared by the process).

    >>> encoder_frames(np.zeros(16000, np.float32)).shape  # doctest: +SKIP
    (50, 384)
    """
    import ctranslate2

    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim != 1:
        raise InvalidArgumentError("encoder_frames needs mono audio: a 1-D array")
    if model is None:
        from ..models import resolve

        model = resolve(None, "speech")
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


@dataclass
class VoiceFrames:
    """Everything the voice model reads from one recording, computed once and sliced per window:
    Whisper's encoder frames (50 a second), where the speech is (Silero, 50 a second), and the
    acoustic frame descriptors of :mod:`mmer.voice.features` (100 a second; their ``voiced``
    frames are Silero's speech too, not a loudness floor)."""

    whisper: np.ndarray
    speech: np.ndarray
    acoustic: object  # FrameFeatures

    @property
    def speech_seconds(self) -> float:
        return float(self.speech.sum()) / FRAMES_PER_SECOND


def describe(samples: np.ndarray, *, model=None, encoded: np.ndarray | None = None) -> VoiceFrames:
    """:class:`VoiceFrames` of mono 16 kHz ``samples`` (``model``: the speech recogniser).
    ``encoded``: :func:`encoder_frames` of the first whole :data:`CHUNK_SECONDS` pieces, already
    computed (a live answer encodes each piece as it arrives): only the rest is encoded, and the
    frames are the same as encoding the whole at once."""
    from .features import frame_features

    from concurrent.futures import ThreadPoolExecutor

    samples = np.asarray(samples, dtype=np.float32)
    done = 0 if encoded is None else len(encoded) // (CHUNK_SECONDS * FRAMES_PER_SECOND)
    if encoded is not None and len(encoded) != done * CHUNK_SECONDS * FRAMES_PER_SECOND:
        raise InvalidArgumentError("encoded must hold whole pieces of CHUNK_SECONDS seconds")

    def encode():
        rest = encoder_frames(samples[done * CHUNK_SECONDS * SAMPLE_RATE:], model=model)
        return rest if not done else np.concatenate([encoded, rest]).astype(np.float32)

    # Whisper's encoder (CTranslate2) runs on its own thread meanwhile: it releases the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        whisper = pool.submit(encode)
        speech = speech_mask(samples)
        acoustic = frame_features(samples)
        per_acoustic_frame = np.repeat(speech, 2)[: len(acoustic.voiced)]
        acoustic.voiced = np.pad(per_acoustic_frame, (0, len(acoustic.voiced) - len(per_acoustic_frame)))
        return VoiceFrames(whisper.result(), speech, acoustic)


def window_features(voice: VoiceFrames, spans) -> tuple[np.ndarray, np.ndarray]:
    """For each ``(start, end)`` span in seconds: the features the classifier reads (Whisper's
    frames :func:`pooled` over the speech inside it, then the acoustic statistics of
    :func:`mmer.voice.features.window_statistics` over the same speech), and how many seconds of
    speech it holds. Returns ``(rows, speech_seconds)``; a row without speech is NaN.
    """
    from .features import window_statistics

    rows, seconds = [], []
    for start, end in spans:
        a, b = int(round(start * FRAMES_PER_SECOND)), int(round(end * FRAMES_PER_SECOND))
        inside = np.asarray(voice.speech[a:b], bool)
        seconds.append(float(inside.sum()) / FRAMES_PER_SECOND)
        rows.append(np.concatenate([pooled(voice.whisper[a:b], inside),
                                    window_statistics(voice.acoustic, 2 * a, 2 * b)]))
    return np.stack(rows), np.array(seconds)
