"""Made-up media and results, for examples, notebooks, benchmarks and tests (like
scikit-learn's ``make_*`` data sets): real encoded files (WebM/VP8, MP4, WAV...) written with
PyAV, so an example goes through the same decoders as a browser recording, and plausible results
made without any model.

>>> from mmer.examples import example_face, face_clip, write_video
>>> video = write_video(face_clip([example_face()], seconds=1.0))
>>> video[:4] == bytes.fromhex("1a45dfa3")  # a WebM file
True
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np


def example_face() -> np.ndarray:
    """A smiling face (astronaut Eileen Collins, NASA, public domain; the face of scikit-image's
    ``astronaut`` photo), 150x174, as a BGR uint8 array. Shipped with MMER."""
    import cv2

    return cv2.imread(str(Path(__file__).parent / "example_files" / "astronaut_face.png"), cv2.IMREAD_COLOR)


def face_frame(face: np.ndarray, size=(640, 480), face_height: float = 0.6, offset=(0, 0)) -> np.ndarray:
    """A BGR frame of ``size`` (w, h) with ``face`` (grey or BGR) scaled and centred on grey."""
    import cv2

    w, h = size
    frame = np.full((h, w, 3), 90, np.uint8)
    if face.ndim == 2:
        face = cv2.cvtColor(face, cv2.COLOR_GRAY2BGR)
    side = int(h * face_height)
    scale = side / max(face.shape[:2])
    face = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    fh, fw = face.shape[:2]
    y0 = max(0, min(h - fh, (h - fh) // 2 + offset[1]))
    x0 = max(0, min(w - fw, (w - fw) // 2 + offset[0]))
    frame[y0 : y0 + fh, x0 : x0 + fw] = face
    return frame


def write_video(frames, path=None, fps: int = 30, codec: str = "libvpx", container: str | None = None,
                audio=None, sample_rate: int = 16000):
    """Encode BGR frames into a video; returns the bytes when ``path`` is None.

    ``codec``: ``libvpx`` (WebM/VP8, what browsers record), ``mpeg4`` (MP4/AVI), ``mjpeg``.
    ``audio``: mono float samples at ``sample_rate`` to add as a sound track (Opus in WebM, AAC
    otherwise), as a browser records camera and microphone together.
    """
    import av

    if container is None:
        container = {"libvpx": "webm", "libvpx-vp9": "webm", "mjpeg": "avi"}.get(codec, "mp4")
        if path is not None:
            suffix = Path(path).suffix.lstrip(".").lower()
            container = {"mkv": "matroska", "mov": "mov", "avi": "avi", "mp4": "mp4", "webm": "webm"}.get(suffix, container)
    target = io.BytesIO() if path is None else str(path)
    frames = iter(frames)
    first = next(frames)
    h, w = first.shape[:2]
    with av.open(target, mode="w", format=container) as out:
        stream = out.add_stream(codec, rate=fps)
        stream.codec_context.framerate = Fraction(fps)
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuvj420p" if codec == "mjpeg" else "yuv420p"
        if codec.startswith("libvpx"):
            # Real-time settings, as a browser encoder would use: fast to write.
            stream.options = {"deadline": "realtime", "cpu-used": "8", "b": "1M"}
        sound = None
        if audio is not None:
            sound = out.add_stream("libopus" if container == "webm" else "aac", rate=48000, layout="mono")
        for index, frame in enumerate(_chain(first, frames)):
            video_frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="bgr24")
            video_frame.pts, video_frame.time_base = index, Fraction(1, fps)
            for packet in stream.encode(video_frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if sound is not None:
            _encode_audio(out, sound, np.asarray(audio, dtype=np.float32)[None, :], sample_rate, 48000)
    return target.getvalue() if path is None else Path(path)


def _encode_audio(out, stream, samples, sr, rate):
    """Encode ``(channels, n)`` float samples at ``sr`` into ``stream`` (resampled to ``rate``)."""
    import av

    channels = samples.shape[0]
    layout = "mono" if channels == 1 else "stereo"
    frame_size = stream.codec_context.frame_size or 1024
    resampler = av.AudioResampler(format=stream.codec_context.format.name, layout=stream.layout, rate=rate)
    for start in range(0, samples.shape[1], frame_size):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[:, start : start + frame_size]),
                                           format="fltp", layout=layout)
        frame.sample_rate = sr
        frame.pts = None
        for resampled in resampler.resample(frame):
            for packet in stream.encode(resampled):
                out.mux(packet)
    for resampled in resampler.resample(None):
        for packet in stream.encode(resampled):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def speak(text: str, words_per_minute: int = 150, sr: int = 16000) -> np.ndarray:
    """``text`` spoken by espeak-ng (Debian package ``espeak-ng``), as mono float samples at
    ``sr``: speech with a known transcript for tests and benchmarks."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is not installed (Debian: apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "speech.wav"
        subprocess.run(["espeak-ng", "-s", str(words_per_minute), "-w", str(wav), text], check=True,
                       capture_output=True)
        from .media import load_audio

        return load_audio(wav, sr=sr)


def _chain(first, rest):
    yield first
    yield from rest


def face_clip(faces, seconds: float, fps: int = 30, size=(640, 480), per_face: float = 0.5):
    """Frames showing each face of ``faces`` in turn for ``per_face`` seconds, with a little
    movement so that consecutive frames differ as in a real recording."""
    n = int(round(seconds * fps))
    for i in range(n):
        face = faces[int(i / fps / per_face) % len(faces)]
        yield face_frame(face, size, offset=(int(20 * np.sin(i / 15)), int(10 * np.cos(i / 20))))


def synthetic_speech(seconds: float = 3.0, sr: int = 16000, f0: float = 140.0, level_db: float = -20.0,
                     syllables_per_second: float = 4.0, seed: int = 0) -> np.ndarray:
    """A voice-like test signal: a glottal-pulse-rich harmonic tone with a wavering pitch,
    shaped by two vowel formants and chopped into syllables. Not speech, but it has pitch,
    voicing, pauses and a spectrum like speech, which is what the pipeline measures."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    n = int(seconds * sr)
    t = np.arange(n) / sr
    pitch = f0 * (1 + 0.08 * np.sin(2 * np.pi * 0.7 * t) + 0.02 * rng.standard_normal(n).cumsum() / np.sqrt(n))
    phase = 2 * np.pi * np.cumsum(pitch) / sr
    source = sum(np.sin(k * phase) / k for k in range(1, 30))
    for formant, bandwidth in ((700, 130), (1200, 150)):
        r = np.exp(-np.pi * bandwidth / sr)
        theta = 2 * np.pi * formant / sr
        source = lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], source)
    envelope = np.clip(np.sin(np.pi * syllables_per_second * t) * 1.6, 0, 1) ** 0.5
    signal = source * envelope + 0.003 * rng.standard_normal(n)
    rms = np.sqrt(np.mean(signal[envelope > 0.5] ** 2))
    return (signal / rms * 10 ** (level_db / 20)).astype(np.float32)


def write_audio(samples, path=None, sr: int = 16000, container: str | None = None, codec: str | None = None):
    """Encode mono (n,) or multi-channel (channels, n) float samples; bytes when ``path`` is None.

    Containers: ``wav`` (PCM), ``flac``, ``ogg`` (Opus, as Firefox records), ``webm`` (Opus, what browsers
    record), ``mp3``, ``mp4`` (AAC).
    """
    import av

    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim == 1:
        samples = samples[None, :]
    channels = samples.shape[0]
    if container is None:
        container = Path(path).suffix.lstrip(".").lower() if path is not None else "wav"
    codec = codec or {"wav": "pcm_s16le", "flac": "flac", "ogg": "libopus", "webm": "libopus",
                      "mp3": "libmp3lame", "mp4": "aac", "m4a": "aac"}[container]
    fmt = {"m4a": "mp4"}.get(container, container)
    rate = 48000 if codec == "libopus" and sr not in (8000, 12000, 16000, 24000, 48000) else sr
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    target = io.BytesIO() if path is None else str(path)
    with av.open(target, mode="w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono" if channels == 1 else "stereo")
        _encode_audio(out, stream, samples, sr, rate)
    return target.getvalue() if path is None else Path(path)


# -- browser tests: a Voilà server and headless Chromium with a fake camera and microphone -----------


_EXAMPLE_WORDS = ("In my last job I led a small team of four people through a difficult release um we had "
                  "two weeks left and the tests kept failing so I split the work and we met every morning "
                  "for ten minutes uh in the end we shipped on time and the customer was happy").split()


def example_answer(seconds: float = 30.0, video: bool = True, seed: int = 0, mood: str = "neutral"):
    """A plausible :class:`~mmer.results.AnswerResult` made up without any model (random
    probabilities leaning to ``mood``, a fixed text with two fillers and a long pause): for tests,
    benchmarks and examples of what reports and charts draw, never a real analysis.

    >>> answer = example_answer(30.0, video=False)
    >>> answer.video is None, answer.audio.dominant_emotion, answer.delivery["filler_words"]
    (True, 'neutral', ['um', 'uh'])
    """
    from .labels import EMOTIONS, TRAITS
    from .results import AnswerResult, AudioResult, AudioWindow, FrameEmotion, TextResult, VideoResult, Word

    rng = np.random.default_rng(seed)
    lean = np.full(len(EMOTIONS), 0.6)
    lean[EMOTIONS.index(mood)] = 4.0

    def probabilities():
        return [round(float(p), 4) for p in rng.dirichlet(lean)]

    words, t = [], 0.5
    for i, text in enumerate(_EXAMPLE_WORDS):
        if t > seconds - 1.0:
            break
        if i == 20:
            t += 2.5  # a long pause
        length = 0.18 + 0.04 * len(text)
        words.append(Word(text=text, start=round(t, 3), end=round(t + length, 3), probability=0.9))
        t += length + 0.12
    frames = [FrameEmotion(index=k, time=round(k / 5, 3), probabilities=probabilities(), box=[200, 120, 220, 260],
                           facing=bool(rng.random() > 0.1)) for k in range(int(seconds * 5))] if video else None
    windows = [AudioWindow(start=float(s), end=float(s + 3.0), probabilities=probabilities(), voiced_seconds=2.4)
               for s in np.arange(0.0, max(seconds - 3.0, 0.0) + 0.01, 1.5)]
    traits = {t: round(float(p), 3) for t, p in zip(TRAITS, rng.uniform(0.3, 0.75, len(TRAITS)))}
    from .text.content import content_measures

    text = TextResult(traits=traits, top_words=[("team", 2), ("tests", 1), ("release", 1)], word_count=len(words),
                      source="what you said", content=content_measures([w.text for w in words]),
                      words=[w.text for w in words])
    return AnswerResult(
        duration=float(seconds), words=words,
        video=VideoResult(frames=frames, duration=float(seconds), max_fps=5.0) if video else None,
        audio=AudioResult(windows=windows, duration=float(seconds), voiced_seconds=round(0.8 * seconds, 2)),
        text=text)


def example_session(n: int = 3, role: str = "Any job", seed: int = 0):
    """A made-up mock interview of ``n`` questions answered on camera, by voice and in writing in
    turn (see :func:`example_answer`); for tests and benchmarks.

    >>> [a.answer_kind for a in example_session(3).answers]
    ['video', 'audio', 'text']
    """
    from .questions import pick_questions
    from .session import SessionResult

    session = SessionResult(role=role)
    for i, question in enumerate(pick_questions(role, n, seed=seed)):
        mode = ("video", "audio", "text")[i % 3]
        answer = example_answer(25.0 + 5 * i, video=mode == "video", seed=seed + i,
                                mood=("happy", "neutral", "sad", "surprise", "neutral")[i % 5])
        session.add(question.text, answer.text if mode == "text" else answer, category=question.category)
    return session
