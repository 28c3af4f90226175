"""Test infrastructure: a Voila server, headless Chromium with a fake camera and microphone, a
throw-away PostgreSQL, made-up documents and data sets. Lives with the tests, not in the
installed package; benchmarks import it from the repository (``tests/harness.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from mmer.examples import _chain

ROOT = Path(__file__).resolve().parents[1]


def astronaut_bgr() -> np.ndarray:
    """scikit-image's astronaut photo (a smiling face), as a BGR uint8 array."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:, :, ::-1])


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

    from mmer.labels import TRAITS

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


def start_voila(notebook, port: int | None = None, env: dict | None = None, cwd=None, log=None, args=(),
                preexec_fn=None):
    """Start ``voila NOTEBOOK`` on 127.0.0.1 with the repository's voila.json; returns
    ``(process, url)`` once the server answers (raises RuntimeError if it dies or times out).
    ``preexec_fn``: run in the server's process before it starts (:meth:`ResourceLimit.enter`)."""
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
        stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=preexec_fn,
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
                    downloads=None, hide_apis=()):
    """Headless Debian Chromium via its own chromedriver (never a downloaded browser), with a
    fake camera and microphone that need no permission prompt; ``fake_video`` (.y4m) and
    ``fake_audio`` (.wav) replace the default test pattern and beep. ``allow_devices=False``
    answers "block" to the camera/microphone permission request, as a user may. Files the page
    downloads go to the folder ``downloads``. ``hide_apis``: names of the page's globals removed
    before any of its scripts run (``"AudioWorkletNode"``: a browser without AudioWorklet)."""
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
    if hide_apis:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": "".join(f"delete window.{name};" for name in hide_apis)})
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


class FakeClock:
    """The widgets' clock (:class:`mmer.widgets.recorder.KernelClock`) for tests: time moves
    only when :meth:`advance` moves it, and the callbacks that fall due run then, in order; a
    countdown is tested in no time and never races a real timer."""

    class _Handle:
        cancelled = False

        def cancel(self):
            self.cancelled = True

    def __init__(self):
        self.time, self._due, self._order = 0.0, [], 0

    def now(self) -> float:
        return self.time

    def schedule(self, delay: float, callback):
        import heapq

        handle = self._Handle()
        self._order += 1
        heapq.heappush(self._due, (self.time + delay, self._order, callback, handle))
        return handle

    def advance(self, seconds: float) -> None:
        import heapq

        end = self.time + seconds
        while self._due and self._due[0][0] <= end:
            when, _, callback, handle = heapq.heappop(self._due)
            self.time = when
            if not handle.cancelled:
                callback()
        self.time = end


def all_widgets(widget) -> list:
    """Every widget inside ``widget``, depth first (folded ones too)."""
    found = []
    for child in getattr(widget, "children", ()):
        found += [child] + all_widgets(child)
    return found


class ResourceLimit:
    """A cgroup (v1) that holds a server and the kernels it starts to ``cpus`` CPUs and
    ``memory_gib`` of memory, as Binder (1 CPU, 2 GiB) or a hub's spawner holds one user. Needs
    root and writable /sys/fs/cgroup/{cpu,memory} (:meth:`available`). Start the server with
    ``preexec_fn=limit.enter``: it and every process it starts are then inside.

    >>> if ResourceLimit.available():
    ...     with ResourceLimit("doctest", cpus=1, memory_gib=2) as limit:
    ...         limit.memory_gib
    ... else:
    ...     2.0
    2.0
    """

    ROOT = Path("/sys/fs/cgroup")

    def __init__(self, name: str, cpus: float = 1.0, memory_gib: float = 2.0):
        import os

        self.name = f"mmer-{name}-{os.getpid()}"
        self.cpus, self.memory_gib = float(cpus), float(memory_gib)
        self.cpu = self.ROOT / "cpu" / self.name
        self.memory = self.ROOT / "memory" / self.name

    @classmethod
    def existing(cls, name: str) -> "ResourceLimit | None":
        """The cgroup called ``name`` that another process made (a hub's spawner), or None."""
        limit = cls.__new__(cls)
        limit.name = name
        limit.cpu, limit.memory = cls.ROOT / "cpu" / name, cls.ROOT / "memory" / name
        return limit if limit.memory.exists() else None

    @classmethod
    def available(cls) -> bool:
        import os

        return (os.geteuid() == 0 and os.access(cls.ROOT / "cpu", os.W_OK)
                and os.access(cls.ROOT / "memory", os.W_OK) and (cls.ROOT / "memory" / "memory.limit_in_bytes").exists())

    def __enter__(self):
        self.cpu.mkdir(exist_ok=True)
        self.memory.mkdir(exist_ok=True)
        period = int((self.cpu / "cpu.cfs_period_us").read_text())
        (self.cpu / "cpu.cfs_quota_us").write_text(str(int(self.cpus * period)))
        limit = str(int(self.memory_gib * 2**30))
        (self.memory / "memory.limit_in_bytes").write_text(limit)
        swap = self.memory / "memory.memsw.limit_in_bytes"
        if swap.exists():  # no swap beyond the limit: over it, the kernel kills, as on Binder
            swap.write_text(limit)
        return self

    def enter(self):
        """Move the calling process into the cgroup (a ``preexec_fn``)."""
        import os

        for group in (self.cpu, self.memory):
            (group / "cgroup.procs").write_text(str(os.getpid()))

    @property
    def peak_mib(self) -> float:
        """The most memory the cgroup's processes held at once, in MiB."""
        return int((self.memory / "memory.max_usage_in_bytes").read_text()) / 2**20

    @property
    def throttled(self) -> int:
        """How many times the CPU limit held the cgroup's processes back (evidence it applies)."""
        stat = dict(line.split() for line in (self.cpu / "cpu.stat").read_text().splitlines())
        return int(stat.get("nr_throttled", 0))

    @property
    def oom_kills(self) -> int:
        """Processes the kernel killed for going over the memory limit."""
        for line in (self.memory / "memory.oom_control").read_text().splitlines():
            if line.startswith("oom_kill "):
                return int(line.split()[1])
        return int((self.memory / "memory.failcnt").read_text()) and -1  # (older kernels: only "it hit the limit")

    def __exit__(self, *exc):
        import os
        import signal
        import time

        for group in (self.memory, self.cpu):
            for pid in (group / "cgroup.procs").read_text().split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for group in (self.memory, self.cpu):
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)
        return False


class TornadoInThread:
    """A tornado application served on 127.0.0.1 from a thread of its own (its own event loop),
    for tests that call it over HTTP as another process would: ``with TornadoInThread(app) as url``."""

    def __init__(self, app, **server_options):
        self.app, self.server_options = app, server_options

    def __enter__(self) -> str:
        import asyncio
        import threading

        from tornado.httpserver import HTTPServer

        port = free_port()
        ready = threading.Event()

        def serve():
            async def main():
                self.loop = asyncio.get_running_loop()
                self.stop = asyncio.Event()
                server = HTTPServer(self.app, **self.server_options)
                server.listen(port, "127.0.0.1")
                ready.set()
                await self.stop.wait()
                server.stop()

            asyncio.run(main())

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        ready.wait(10)
        return f"http://127.0.0.1:{port}/"

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


# -- a JupyterHub for a course (deploy/jupyterhub), on 127.0.0.1 ------------------------------------
def proxy_command() -> str | None:
    """configurable-http-proxy: `make test`'s copy under .cache/node, else one on the PATH."""
    import shutil

    local = ROOT / ".cache" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


class Hub:
    """A running test hub (:func:`start_hub`): its URL, the API as the test's administrator, the
    class database, the log."""

    def __init__(self, url, admin_token, db_url, folder, process):
        self.url, self.admin_token, self.db_url, self.folder, self.process = url, admin_token, db_url, folder, process

    def api(self, method, path, body=None, token=None):
        request = urllib.request.Request(f"{self.url}hub/api/{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"token {token or self.admin_token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
        return json.loads(content) if content else None

    def server_running(self, name) -> bool:
        try:
            return bool(self.api("GET", f"users/{name}").get("servers"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # no such user yet
                return False
            raise

    def start_server(self, name):
        try:
            self.api("POST", f"users/{name}")
        except urllib.error.HTTPError as exc:
            if exc.code != 409:  # 409: the user exists
                raise
        self.api("POST", f"users/{name}/server")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            server = self.api("GET", f"users/{name}")["servers"].get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server did not start")

    def token_for(self, name, scopes) -> str:
        return self.api("POST", f"users/{name}/tokens", {"scopes": scopes, "expires_in": 3600})["token"]

    def store(self):
        from mmer.store import ResultStore

        return ResultStore(self.db_url)

    def log(self) -> str:
        return (self.folder / "hub.log").read_text(errors="replace")[-4000:]

    def cgroup_of(self, name) -> "ResourceLimit | None":
        """The cgroup holding ``name``'s server (tests/hub/cgroup_spawner.py), for its peak memory."""
        return ResourceLimit.existing(f"mmer-hub-{name}-{self.process.pid}")


@contextlib.contextmanager
def start_hub(folder, db_url: str, cull_seconds: int = 1800, env: dict | None = None):
    """The course's hub (deploy/jupyterhub/jupyterhub_config.py through tests/hub/jupyterhub_config.py:
    any password logs in, servers are local processes in a 1 CPU / 2 GiB cgroup each) on
    127.0.0.1, writing to the class database ``db_url``; yields a :class:`Hub`. Needs
    configurable-http-proxy (:func:`proxy_command`)."""
    import os
    import secrets
    import subprocess
    import sys

    folder = Path(folder)
    (folder / "homes").mkdir(parents=True, exist_ok=True)
    chp = proxy_command()
    if chp is None:
        raise RuntimeError("configurable-http-proxy is not installed (make test installs it with npm)")
    port, admin_token = free_port(), secrets.token_hex(16)
    hub_env = {**os.environ, "MMER_DATABASE_URL": db_url, "MMER_TEACHERS": "ms-lee",
               "MMER_IDLE_CULL_SECONDS": str(cull_seconds), "MMER_RESULTS_PORT": str(free_port()),
               "MMER_TEST_HUB_PORT": str(port), "MMER_TEST_HUB_API_PORT": str(free_port()),
               "MMER_TEST_PROXY_API_PORT": str(free_port()), "MMER_TEST_CHP": chp, "MMER_TEST_HUB_DIR": str(folder),
               "MMER_TEST_HUB_HOMES": str(folder / "homes"), "MMER_TEST_HUB_ADMIN_TOKEN": admin_token,
               "PYTHONPATH": str(ROOT / "tests" / "hub"),
               "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}", **(env or {})}
    log = open(folder / "hub.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "tests/hub/jupyterhub_config.py")],
                               cwd=folder, env=hub_env, stdout=log, stderr=subprocess.STDOUT)
    hub = Hub(f"http://127.0.0.1:{port}/", admin_token, db_url, folder, process)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                hub.api("GET", "")
                break
            except (OSError, urllib.error.HTTPError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not start:\n{hub.log()}") from None
                time.sleep(0.3)
        yield hub
    finally:
        process.terminate()  # the hub stops the students' servers and its services as it goes
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        _remove_cgroups(process.pid)


def _remove_cgroups(hub_pid):
    """End what is left in the cgroups of a hub's students' servers, and remove them."""
    for group in (ResourceLimit.ROOT / "memory").glob(f"mmer-hub-*-{hub_pid}"):
        ResourceLimit.existing(group.name).__exit__(None, None, None)
