"""Acoustic features of speech: frame-level descriptors, then statistics over a window.

Plain functions on numpy arrays, like librosa's. The recipe is the classic one for acted
emotional speech (the family of openSMILE's emobase/ComParE sets, much smaller): every 10 ms,
a log-mel spectrum, MFCCs and their deltas, spectral shape, zero-crossing rate, loudness and
pitch; then, over the *voiced* frames of a window, their mean, standard deviation and 10th/90th
percentiles. Statistics over frames make the vector independent of the window length, so a
model trained on 2 s clips applies to 3 s windows of a longer answer.

Frame descriptors are computed once for a whole recording and windows only slice them: a 15 s
answer costs one pass, not one per overlapping window.
"""

from __future__ import annotations

import functools
import getpass
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InvalidArgumentError

SAMPLE_RATE = 16000
HOP = 160  # 10 ms
N_FFT = 512  # 32 ms
N_MELS = 40
N_MFCC = 20
#: Frames quieter than this (dB relative to full scale) are silence whatever the recording.
SILENCE_DB = -50.0
#: ... and so are frames more than this many dB below the recording's loud frames (background).
DYNAMIC_RANGE_DB = 35.0
#: Level that the voiced frames of every recording are brought to before the features: the
#: microphone's gain says nothing about emotion, while loudness *changes* within a recording do.
TARGET_LEVEL_DB = -25.0


@functools.cache
def load_librosa():
    """librosa, with its numba-compiled functions ready; safe when several processes start at once.

    librosa compiles a few functions with numba on first use and caches them (beside librosa's
    code when that is writable, else the user's cache folder, or NUMBA_CACHE_DIR); only the first
    process on a machine pays ~20 s. numba's cache is not safe for processes that compile the same
    ``@guvectorize`` function at the same time (numba#10128: the two cache files of a gufunc come
    from different processes, and every later process calls a null loop and crashes). The kernels
    of a class server and the workers of ``mmer batch`` do start together, so the first import
    here holds a lock across processes (per user: that user's processes share a cache) while
    librosa's gufuncs compile or load. ``filelock`` rather than ``fcntl``: it works on Windows too.
    """
    import filelock

    user = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
    lock = Path(tempfile.gettempdir()) / f"mmer-numba-{user}.lock"
    with filelock.FileLock(lock):
        import librosa
        import librosa.core.audio  # noqa: F401  @guvectorize with signatures compiles at import
        import librosa.core.pitch  # noqa: F401
        import librosa.util.utils  # noqa: F401

    return librosa


@dataclass
class FrameFeatures:
    """Descriptors of every 10 ms frame of a recording (``values`` is frames x descriptors)."""

    values: np.ndarray
    voiced: np.ndarray  # bool per frame: loud enough to be speech
    names: list[str]
    hop_seconds: float = HOP / SAMPLE_RATE

    def __len__(self) -> int:
        return len(self.voiced)


def frame_levels_db(y: np.ndarray) -> np.ndarray:
    """RMS level of each 10 ms frame in dB full scale (aligned with the spectrogram frames)."""
    librosa = load_librosa()
    rms = librosa.feature.rms(y=y, frame_length=N_FFT, hop_length=HOP, center=True)[0]
    return 20 * np.log10(np.maximum(rms, 1e-6))


def voiced_frames(levels_db: np.ndarray) -> np.ndarray:
    """Frames that carry sound: above an absolute floor and within the recording's dynamic range."""
    if len(levels_db) == 0:
        return np.zeros(0, bool)
    loud = np.percentile(levels_db, 95)
    return (levels_db > SILENCE_DB) & (levels_db > loud - DYNAMIC_RANGE_DB)


def frame_features(y: np.ndarray, sr: int = SAMPLE_RATE, fmax: float = 8000.0) -> FrameFeatures:
    """Frame descriptors of mono ``y`` at ``sr`` Hz (16 kHz expected; see :func:`mmer.media.load_audio`).

    ``fmax`` is the highest frequency the mel bands cover: the seed project found that cutting
    above 4 kHz helped; notebook 02 measures both.
    """
    librosa = load_librosa()
    y = np.asarray(y, dtype=np.float32)
    if sr != SAMPLE_RATE:
        raise InvalidArgumentError(f"expected {SAMPLE_RATE} Hz audio, got {sr} Hz: decode with mmer.media.load_audio")
    levels = frame_levels_db(y)
    voiced = voiced_frames(levels)
    if voiced.any():
        gain_db = TARGET_LEVEL_DB - float(np.median(levels[voiced]))
        y = y * np.float32(10 ** (gain_db / 20))
        levels = levels + gain_db

    power = np.abs(librosa.stft(y, n_fft=N_FFT, hop_length=HOP, win_length=400)) ** 2
    mel = librosa.feature.melspectrogram(S=power, sr=sr, n_mels=N_MELS, fmin=50, fmax=fmax)
    log_mel = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=None)
    mfcc = librosa.feature.mfcc(S=log_mel, n_mfcc=N_MFCC)
    mfcc_delta = librosa.feature.delta(mfcc, width=9, mode="nearest") if mfcc.shape[1] >= 9 else np.zeros_like(mfcc)
    magnitude = np.sqrt(power)
    centroid, bandwidth, rolloff = _spectral_shape(magnitude, sr)
    flatness = librosa.feature.spectral_flatness(S=magnitude)
    contrast = librosa.feature.spectral_contrast(S=magnitude, sr=sr, fmin=200.0, n_bands=5)
    zcr = librosa.feature.zero_crossing_rate(y, frame_length=N_FFT, hop_length=HOP)
    # Pitch: YIN is ~20x faster than pYIN; unvoiced frames give noisy values but only the voiced
    # frames enter the statistics. Pitch needs neither 16 kHz nor 10 ms steps: YIN on 8 kHz audio
    # every 20 ms, then each value repeated for its two 10 ms frames, costs a sixth as much.
    import soxr

    y8k = soxr.resample(y, sr, 8000)
    f0 = librosa.yin(y8k, fmin=65, fmax=500, sr=8000, frame_length=512, hop_length=HOP)  # 160 at 8 kHz: 20 ms
    f0 = np.repeat(f0, 2)[: power.shape[1]]
    if len(f0) < power.shape[1]:
        f0 = np.pad(f0, (0, power.shape[1] - len(f0)), mode="edge")
    log_f0 = np.log2(f0)[None, :]
    log_f0_delta = np.gradient(log_f0, axis=1) if log_f0.shape[1] > 1 else np.zeros_like(log_f0)

    blocks = [
        ("logmel", log_mel),
        ("mfcc", mfcc),
        ("mfcc_delta", mfcc_delta),
        ("centroid", np.log(centroid + 1)),
        ("bandwidth", np.log(bandwidth + 1)),
        ("rolloff", np.log(rolloff + 1)),
        ("flatness", np.log(flatness + 1e-10)),
        ("contrast", contrast),
        ("zcr", zcr),
        ("level", levels[None, :]),
        ("log_f0", log_f0),
        ("log_f0_delta", log_f0_delta),
    ]
    n = min(b.shape[1] for _, b in blocks)
    names = [f"{name}_{i}" if len(block) > 1 else name for name, block in blocks for i in range(len(block))]
    values = np.concatenate([b[:, :n] for _, b in blocks], axis=0).T.astype(np.float32)
    return FrameFeatures(values=values, voiced=voiced[:n], names=names)


def _spectral_shape(magnitude: np.ndarray, sr: int):
    """Spectral centroid, bandwidth and 85% roll-off per frame, as librosa defines them.

    Same formulas as ``librosa.feature.spectral_centroid/bandwidth/rolloff``, computed in one
    pass: librosa's versions re-normalise the spectrogram each (~30 ms of a 15 s answer's
    ~60 ms), and the voice target is a whole answer in 0.1 s.
    """
    freqs = np.fft.rfftfreq(N_FFT, 1 / sr)[:, None]
    total = magnitude.sum(axis=0, keepdims=True)
    weights = magnitude / np.maximum(total, 1e-10)
    centroid = (freqs * weights).sum(axis=0, keepdims=True)
    bandwidth = np.sqrt((((freqs - centroid) ** 2) * weights).sum(axis=0, keepdims=True))
    cumulative = np.cumsum(magnitude, axis=0)
    below = cumulative < 0.85 * cumulative[-1:]
    rolloff = freqs[np.minimum(below.sum(axis=0), len(freqs) - 1), 0][None, :]
    return centroid, bandwidth, rolloff


STATISTICS = ("mean", "std", "p10", "p90")


def window_statistics(frames: FrameFeatures, start: int = 0, stop: int | None = None) -> np.ndarray:
    """Statistics of the voiced frames ``[start, stop)``: one fixed-length vector per window.

    Returns NaNs when the window has fewer than 2 voiced frames (callers treat it as silence).
    Also appends the voiced share of the window (a rough speech-rate/pausing cue).
    """
    block = frames.values[start:stop]
    voiced = frames.voiced[start:stop]
    d = frames.values.shape[1]
    if voiced.sum() < 2:
        return np.full(d * len(STATISTICS) + 1, np.nan, np.float32)
    v = block[voiced]
    p10, p90 = np.percentile(v, [10, 90], axis=0)
    return np.concatenate([v.mean(0), v.std(0), p10, p90, [voiced.mean()]]).astype(np.float32)


def statistic_names(frames: FrameFeatures) -> list[str]:
    return [f"{n}_{s}" for s in STATISTICS for n in frames.names] + ["voiced_share"]


def clip_features(y: np.ndarray, sr: int = SAMPLE_RATE, fmax: float = 8000.0) -> np.ndarray:
    """One feature vector for a whole (short) clip: what the classifier is trained on."""
    return window_statistics(frame_features(y, sr, fmax=fmax))
