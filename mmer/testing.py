"""Small media builders for tests, benchmarks and demos (like ``numpy.testing``).

They make real encoded files (WebM/VP8, MP4, WAV...) with PyAV, so the code under test goes
through the same decoders as a browser recording.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np


def astronaut_bgr() -> np.ndarray:
    """scikit-image's astronaut photo (a smiling face), as a BGR uint8 array."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:, :, ::-1])


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


def make_pdf(text: str | None, password: str | None = None) -> bytes:
    """A one-page PDF showing ``text`` (None: a blank page, like a scan without a text layer),
    optionally encrypted with ``password``. Built with pypdf only."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if text is not None:
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})
        })
        lines, ops, line = [], [], ""
        for word in text.split():
            if len(line) + len(word) > 80:
                lines.append(line)
                line = ""
            line += word + " "
        lines.append(line)
        ops.append("BT /F1 10 Tf 40 800 Td 12 TL")
        for l in lines:
            escaped = l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1", errors="replace"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(paragraphs) -> bytes:
    """A DOCX file with one paragraph per item of ``paragraphs``."""
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def make_first_impressions(folder, clips_per_split: int = 24):
    """Tiny files in the official First Impressions format (Python 2 pickles of dicts), with a
    transcriber tag and an empty transcript as the real ones have. Extraversion is in the words:
    talk of people and parties above the training median, of staying home below it.

    >>> import tempfile
    >>> folder = make_first_impressions(tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())[:2]
    ['annotation_training.pkl', 'annotation_validation.pkl']
    """
    import pickle

    from .labels import TRAITS

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    splits = {}
    for split in ("training", "validation"):
        clips = [f"vid{i // 3}{split[0]}.00{i % 3}.mp4" for i in range(clips_per_split)]
        scores = {t: {c: float(rng.uniform(0, 1)) for c in clips} for t in (*TRAITS, "interview")}
        scores["interview"] = {c: np.float64(v) for c, v in scores["interview"].items()}  # as published
        splits[split] = clips, scores
    median = np.median(list(splits["training"][1]["extraversion"].values()))
    for split, (clips, scores) in splits.items():
        texts = {c: ("I love meeting people [inaudible 00:00:03] and parties." if scores["extraversion"][c] > median
                     else "I stay home and read quietly.") for c in clips}
        texts[clips[-1]] = "[inaudible 00:00:01]"
        (folder / f"annotation_{split}.pkl").write_bytes(pickle.dumps(scores, protocol=2))
        (folder / f"transcription_{split}.pkl").write_bytes(pickle.dumps(texts, protocol=2))
    return folder


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
def write_y4m(frames, path, fps: int = 30):
    """Write BGR frames as a raw YUV4MPEG2 file: what Chromium's fake camera plays
    (``--use-file-for-fake-video-capture``), looping it."""
    import av

    frames = iter(frames)
    first = next(frames)
    h, w = first.shape[:2]
    with av.open(str(path), mode="w", format="yuv4mpegpipe") as out:
        stream = out.add_stream("rawvideo", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for frame in _chain(first, frames):
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="bgr24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return Path(path)


def tiny_face_cnn(path, seed: int = 0):
    """A stand-in face CNN in ONNX, random weights: ``(n, 44, 44, 1)`` grey faces, two 3x3
    convolutions (1 -> 4 -> 8 channels), pooling, 7 softmax outputs (for tests of model tools)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    weights = [numpy_helper.from_array(rng.normal(0, scale, shape).astype(np.float32), name) for name, shape, scale in
               (("k1", (4, 1, 3, 3), 0.01), ("k2", (8, 4, 3, 3), 0.3), ("w", (8, 7), 1.0))]
    nodes = [helper.make_node("Transpose", ["x"], ["nchw"], perm=[0, 3, 1, 2]),
             helper.make_node("Conv", ["nchw", "k1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c1"], ["r1"]),
             helper.make_node("Conv", ["r1", "k2"], ["c2"], name="conv2", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c2"], ["r2"]),
             helper.make_node("GlobalAveragePool", ["r2"], ["pool"]),
             helper.make_node("Flatten", ["pool"], ["flat"]),
             helper.make_node("MatMul", ["flat", "w"], ["logits"]),
             helper.make_node("Softmax", ["logits"], ["probs"], axis=1)]
    graph = helper.make_graph(nodes, "tiny_cnn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 44, 44, 1])],
                              [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [None, 7])], weights)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_voila(notebook, port: int | None = None, env: dict | None = None, cwd=None, log=None, args=()):
    """Start ``voila NOTEBOOK`` on 127.0.0.1 with the repository's voila.json; returns
    ``(process, url)`` once the server answers (raises RuntimeError if it dies or times out)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    root = Path(__file__).resolve().parent.parent
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1", *args],
        cwd=str(cwd or root), env={**os.environ, **(env or {})},
        stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with status {process.returncode}")
        try:
            urllib.request.urlopen(url + "static/", timeout=1)
            return process, url
        except urllib.error.HTTPError:  # any HTTP answer (even 404) means the server is up
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("voila did not answer within 60 s")


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def chromium_driver(profile_dir, fake_video=None, fake_audio=None, size=(1280, 1600), allow_devices: bool = True,
                    downloads=None):
    """Headless Debian Chromium via its own chromedriver (never a downloaded browser), with a
    fake camera and microphone that need no permission prompt; ``fake_video`` (.y4m) and
    ``fake_audio`` (.wav) replace the default test pattern and beep. ``allow_devices=False``
    answers "block" to the camera/microphone permission request, as a user may. Files the page
    downloads go to the folder ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--use-fake-device-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", f"--user-data-dir={profile_dir}",
                f"--window-size={size[0]},{size[1]}"):
        options.add_argument(arg)
    if allow_devices:
        options.add_argument("--use-fake-ui-for-media-stream")
    else:
        options.add_argument("--deny-permission-prompts")
    if fake_video:
        options.add_argument(f"--use-file-for-fake-video-capture={fake_video}")
    if fake_audio:
        options.add_argument(f"--use-file-for-fake-audio-capture={fake_audio}")
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    # An explicit driver path: Selenium Manager then never tries to download anything.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    if downloads:  # headless Chromium saves downloads only when told where
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def postgres_binaries() -> Path | None:
    """The folder of a local PostgreSQL server's ``initdb`` and ``pg_ctl`` (Debian puts them in
    /usr/lib/postgresql/<version>/bin, off the PATH), or None."""
    import shutil

    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        return Path(pg_ctl).resolve().parent
    # The newest version: /usr/lib/postgresql/<major>/bin, compared as numbers (9 < 15).
    versions = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl") if p.parent.parent.name.isdigit()]
    return max(versions, key=lambda bin: int(bin.parent.name), default=None)


class TemporaryPostgres:
    """A throw-away PostgreSQL server on 127.0.0.1 (a new cluster in a temporary folder), for
    testing the results store on what a class server runs::

        with TemporaryPostgres() as url:   # postgresql+psycopg://mmer@127.0.0.1:PORT/postgres
            ResultStore(url)

    PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` user that
    Debian's package creates. Raises RuntimeError when no server binaries are installed.
    """

    def __init__(self):
        self.bin = postgres_binaries()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server found (Debian: apt-get install postgresql)")
        self.folder = self.data = None
        self.as_user: list[str] = []

    def _run(self, *args):
        import subprocess

        done = subprocess.run([*self.as_user, *map(str, args)], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{Path(str(args[0])).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def __enter__(self) -> str:
        import os
        import shutil
        import tempfile

        # Not under pytest's tmp_path: its folders are private to the user running the tests.
        self.folder = Path(tempfile.mkdtemp(prefix="mmer-postgres-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        port = free_port()
        self._run(self.bin / "initdb", "-D", self.data, "-U", "mmer", "-A", "trust", "-E", "UTF8", "--no-sync")
        # fsync off: a test server's data is thrown away, and syncing would only slow the tests.
        self.options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.start()
        return f"postgresql+psycopg://mmer@127.0.0.1:{port}/postgres"

    def start(self):
        """Start the server (again, after :meth:`stop`: the database goes away and comes back)."""
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", self.options, "-l", self.folder / "server.log", "-w", "start")

    def stop(self):
        """Stop the server at once, as a crash or a restart would."""
        self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def __exit__(self, *exc):
        import shutil

        try:
            self.stop()
        except RuntimeError:  # already stopped
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


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
    text = TextResult(traits=traits, top_words=[("team", 2), ("tests", 1), ("release", 1)], word_count=len(words),
                      source="what you said")
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
