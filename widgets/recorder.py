"""The recorder: the browser's camera and microphone (opened only after consent, only while
its interview is on screen, off between takes), the countdown and one take. UI only, and apart
from the panels that analyse and show a take (:mod:`mmer.widgets.interview`).
"""

from __future__ import annotations

import asyncio
import threading
import time

import ipywidgets as w


def schedule(delay: float, callback):
    """Run ``callback`` after ``delay`` seconds on the kernel's event loop (Voilà, Jupyter), or on
    a timer thread where no loop runs (scripts, tests). Returns an object with ``cancel()``."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(delay, callback)
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(delay, callback)


class KernelClock:
    """Real time: :func:`schedule` and :func:`time.monotonic`. Anything with these two methods
    can stand in for it (a test's clock that jumps ahead without waiting)."""

    @staticmethod
    def schedule(delay: float, callback):
        return schedule(delay, callback)

    @staticmethod
    def now() -> float:
        return time.monotonic()


class Recorder(w.VBox):
    """Start/Stop with a countdown and auto-stop, for an ipywebrtc recorder; reports the recorded
    bytes to ``on_data``, or a plain message to ``on_missing`` when nothing arrives after Stop;
    with ``on_stream``, a :class:`~mmer.widgets.live.LiveFeed` streams the take as it is recorded
    and the :class:`~mmer.widgets.live.LiveCues` under the preview show what ``on_tick`` writes.
    ``on_start()`` says whether a take may start (consent). ``clock``: a :class:`KernelClock` by
    default (tests give a fake one that they move on by hand)."""

    def __init__(self, kind: str, seconds: int, on_start, on_data, on_missing, wait_seconds: float | None = None,
                 clock=None, on_stream=None, on_tick=None):
        self.kind = kind
        #: ``on_stream(content, buffers)``: what the page streams while recording (:class:`LiveFeed`'s
        #: messages); None: nothing is streamed. ``on_tick()``: once a second while recording.
        self.on_stream, self.on_tick = on_stream, on_tick
        self.feed = None  # the LiveFeed, made with the first devices and kept (a message may still be on its way)
        #: Whether the next take streams (``on_start`` may say no: a busy server analyses it after Stop).
        self.stream_this_take = True
        self.clock = clock or KernelClock()
        self.seconds = seconds
        self.on_start, self.on_data, self.on_missing = on_start, on_data, on_missing
        self.start_button = w.Button(description="Start Recording", button_style="danger", icon="circle")
        self.stop_button = w.Button(description="Stop", icon="stop", disabled=True)
        self.countdown = w.HTML()
        # Long uploads on a slow connection take a while; the default waits a generous time.
        self.wait_seconds = wait_seconds if wait_seconds is not None else 20.0 + seconds
        self._tick = None
        self._watchdog = None
        self._remaining = 0
        self._stopped_at = None
        self.recorded_seconds = 0.0
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.devices = w.VBox()  # the camera preview and the recorder, while the devices are open
        self.stream = self.recorder = self.media = None
        what = "camera and microphone" if kind == "video" else "microphone"
        # Devices are opened only after consent and only while this interview is on screen
        # (activate()); the browser's permission request comes with this sentence.
        self.permission_note = w.HTML(
            f'<p class="mmer-permission"><small>Your browser asks to use your {what}: {"they record" if kind == "video" else "it records"} '
            "your answer only between <i>Start Recording</i> and <i>Stop</i>, for the analysis on this computer, "
            f"and {'are' if kind == 'video' else 'is'} switched off after each take.</small></p>",
            layout={"display": "none"})
        from .live import LiveCues

        self.cues = LiveCues(kind) if on_stream is not None else None
        super().__init__([self.permission_note, self.devices, *([self.cues] if self.cues else []),
                          w.HBox([self.start_button, self.stop_button, self.countdown])])

    def open_devices(self):
        """Create the browser's camera/microphone streams and the recorder (the browser switches
        the devices on when it shows them)."""
        from ipywebrtc import AudioRecorder, CameraStream, VideoRecorder

        if self.recorder is not None:
            return
        self.permission_note.layout.display = None
        if self.kind == "video":
            # The preview shows the camera only: ipywebrtc's view plays its stream's sound, which
            # would echo the microphone. The recorder reads a second, hidden stream with both.
            self.stream = CameraStream(constraints={"audio": False, "video": {"width": 640, "height": 480}},
                                       layout={"width": "320px"})
            self.stream.add_class(f"mmer-preview-{id(self)}")  # where the live feed takes its frames
            self._streams = [self.stream, CameraStream(constraints={"audio": True,
                                                                    "video": {"width": 640, "height": 480}})]
            self.recorder = VideoRecorder(stream=self._streams[1], format="webm", codecs="vp8,opus",
                                          layout={"display": "none"})
            self.media = self.recorder.video
        else:
            # Audio needs its own audio-only stream: an AudioRecorder on a stream that also
            # carries video fails in the browser.
            self.stream = CameraStream(constraints={"audio": True, "video": False}, layout={"display": "none"})
            self._streams = [self.stream]
            self.recorder = AudioRecorder(stream=self.stream, format="webm", codecs="opus",
                                          layout={"display": "none"})
            self.media = self.recorder.audio
        self.media.observe(self._on_value, "value")
        if self.on_stream is not None:
            if self.feed is None:
                from .live import LiveFeed

                self.feed = LiveFeed(kind=self.kind, preview=f".mmer-preview-{id(self)}" if self.kind == "video" else "")
                self.feed.on_msg(lambda _, content, buffers: self.on_stream(content, buffers))
            self.feed.active = True
        self.devices.children = ([self.stream] if self.kind == "video" else []) + [self.recorder] + (
            [self.feed] if self.feed is not None else [])

    def close_devices(self):
        """Switch the camera and microphone off (closing a stream stops its tracks in the browser):
        nothing is captured between takes, and the browser stops spending the CPU the analysis needs."""
        if self.recorder is None:
            return
        self.devices.children = []
        self.permission_note.layout.display = "none"
        for widget in (*self._streams, self.recorder):
            widget.close()
        if self.feed is not None:
            self.feed.active = False  # the page sends what it still has first, then switches off
        self.stream = self.recorder = self.media = None

    @property
    def recording(self) -> bool:
        return self.recorder is not None and bool(self.recorder.recording)

    def start(self):
        if not self.on_start():
            return
        self._cancel(self._watchdog)
        if self.recorder is None:
            self.open_devices()
        else:
            self.media.value = b""  # forget the previous take
        self.recorder.recording = True
        if self.feed is not None and self.stream_this_take:
            self.feed.recording = True
        self._started_at = self.clock.now()
        self._remaining = self.seconds
        self.start_button.disabled, self.stop_button.disabled = True, False
        self._show_countdown()
        self._tick = self.clock.schedule(1.0, self._on_tick)

    def _on_tick(self):
        if not self.recording:
            return
        self._remaining -= 1
        if self._remaining <= 0:
            self.stop()
            return
        self._show_countdown()
        if self.on_tick is not None:
            self.on_tick()
        self._tick = self.clock.schedule(1.0, self._on_tick)

    def _show_countdown(self):
        self.countdown.value = (f'<span class="mmer-countdown" style="font-size:1.3em;color:#b00020">'
                                f"&#9679; Recording: {self._remaining} s left</span>")

    def stop(self):
        if not self.recording:
            return
        self._cancel(self._tick)
        self.recorder.recording = False
        if self.feed is not None:
            self.feed.recording = False
        self.recorded_seconds = self.clock.now() - self._started_at
        self._stopped_at = self.clock.now()
        self.start_button.disabled, self.stop_button.disabled = False, True
        self.start_button.description = "Record again"
        self.countdown.value = "The recording is over! It is on its way to the analysis..."
        self._watchdog = self.clock.schedule(self.wait_seconds, self._on_nothing_arrived)

    def _on_value(self, change):
        data = change["new"]
        if not data or self.recording:
            return
        self._cancel(self._watchdog)
        self.countdown.value = ("Camera and microphone" if self.kind == "video" else "Microphone") + " off until you record again."
        self.close_devices()
        self.on_data(bytes(data))

    def _on_nothing_arrived(self):
        if self.recorder is None or self.media.value:
            return
        self.countdown.value = ""
        device = "camera" if self.kind == "video" else "microphone"
        self.on_missing(
            f"No recording reached the analysis {self.wait_seconds:.0f} s after Stop. Check that the browser may use "
            f"your {device} (the icon in the address bar) and that one is connected, then record again. If the "
            "problem remains with long answers, the server refuses large messages: see 'Recording settings' in the README."
        )

    @staticmethod
    def _cancel(handle):
        if handle is not None:
            handle.cancel()
