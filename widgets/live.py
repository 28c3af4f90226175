"""What the page streams to the kernel while an answer is recorded, and the live cues shown
under the preview. UI only: the analysis of what arrives is :class:`mmer.LiveAnswer`.

Why a second, small widget beside ipywebrtc: ipywebrtc gives the preview and the recording
(kept for the replay and for "keep my recordings"), but it sends the recording as one message
after Stop, so nothing could be analysed before the end. :class:`LiveFeed` opens the same camera
and microphone (the browser shares the device) and sends, while recording, what the analyses
need as it is captured: 16 kHz mono sound in 0.1 s chunks (an AudioWorklet) and two frames
a second as small JPEGs (the size the face analysis reads), each a message of 6-20 kB
with a binary buffer (anywidget's ``model.send``), so no message is large and the kernel's
message loop is never held up. A browser without AudioWorklet (or a device that cannot be
opened twice) says so with an ``unavailable`` message, and the whole recording is analysed
after Stop, as before.
"""

from __future__ import annotations

import html

import anywidget
import ipywidgets as w
import traitlets

_ESM = r"""
// The AudioWorklet copies the microphone's samples into 0.1 s chunks, off the page's
// main thread; the page sends each one to the kernel as a binary buffer.
const TAP = `
class Tap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = options.processorOptions.chunk;
    this.buffer = new Float32Array(this.size);
    this.filled = 0;
    this.on = false;
    this.port.onmessage = (event) => {
      if (event.data === "start") { this.on = true; this.filled = 0; }
      if (event.data === "stop") { this.on = false; this.filled = 0; }
    };
  }
  flush() {
    if (this.filled > 0) { this.port.postMessage(this.buffer.slice(0, this.filled)); this.filled = 0; }
  }
  process(inputs) {
    if (!this.on) return true;
    const input = inputs[0];
    const channel = input && input.length ? input[0] : null;
    for (let i = 0; i < 128; i++) {  // a muted track gives no channel: silence keeps the time right
      this.buffer[this.filled++] = channel ? channel[i] : 0;
      if (this.filled === this.size) this.flush();
    }
    return true;
  }
}
registerProcessor("mmer-tap", Tap);
`;

function initialize({ model }) {
  let stream = null, context = null, tap = null, video = null, canvas = null;
  let opening = null, timer = null, started = 0, samples = 0, frames = 0, pending = [];

  function unavailable(reason) {
    model.send({ type: "unavailable", reason: String(reason) });
  }

  async function open() {
    if (typeof AudioWorkletNode === "undefined" || !window.AudioContext) {
      throw new Error("this browser cannot stream sound as it is recorded (no AudioWorklet)");
    }
    const kind = model.get("kind");
    // Frames come from the camera's preview on the page when there is one (a second camera
    // capture costs the browser as much as the analysis of its frames); sound from a stream of
    // its own (ipywebrtc's preview has none).
    const ownVideo = kind === "video" && !model.get("preview");
    stream = await navigator.mediaDevices.getUserMedia({
      audio: true, video: ownVideo ? { width: 640, height: 480 } : false });
    try {  // 16 kHz, what the analyses read; a browser that cannot resample sends its own rate
      context = new AudioContext({ sampleRate: 16000 });
      var source = context.createMediaStreamSource(stream);
    } catch (error) {
      if (context) context.close();
      context = new AudioContext();
      var source = context.createMediaStreamSource(stream);
    }
    const url = URL.createObjectURL(new Blob([TAP], { type: "application/javascript" }));
    await context.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    tap = new AudioWorkletNode(context, "mmer-tap", {
      processorOptions: { chunk: Math.round(context.sampleRate / 10) } });
    tap.port.onmessage = (event) => {
      const chunk = event.data;
      model.send({ type: "audio", rate: context.sampleRate, start: samples }, undefined, [chunk.buffer]);
      samples += chunk.length;
    };
    const silent = context.createGain();  // the graph must reach the output to run; nothing is heard
    silent.gain.value = 0;
    source.connect(tap).connect(silent).connect(context.destination);
    if (ownVideo) {
      video = document.createElement("video");
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream(stream.getVideoTracks());
      await video.play();
    }
    if (kind === "video") canvas = document.createElement("canvas");
  }

  function source() {
    if (video) return video;
    const preview = model.get("preview") && document.querySelector(model.get("preview") + " video");
    return preview || null;
  }

  function grab() {
    const video = source();
    if (!video || video.readyState < 2) return;
    const width = model.get("frame_width");
    canvas.width = width;
    canvas.height = Math.round(width * (video.videoHeight || 480) / (video.videoWidth || 640));
    const seconds = (performance.now() - started) / 1000;
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    pending.push(new Promise((resolve) => canvas.toBlob(async (blob) => {
      if (blob) {
        model.send({ type: "frame", seconds }, undefined, [await blob.arrayBuffer()]);
        frames += 1;
      }
      resolve();
    }, "image/jpeg", 0.85)));
  }

  async function start() {
    try {
      if (!stream) await (opening = opening || opened());
      if (!stream) return;  // could not open: "unavailable" was sent
      await context.resume();
      samples = 0; frames = 0; pending = [];
      started = performance.now();
      tap.port.postMessage("start");
      model.send({ type: "started", rate: context.sampleRate });
      if (canvas) { grab(); timer = setInterval(grab, 1000 / model.get("frames_per_second")); }
    } catch (error) {
      unavailable(error && error.message ? error.message : error);
    }
  }

  async function stop() {
    if (!tap) return;
    if (timer) { clearInterval(timer); timer = null; }
    // "end" goes at once, ahead of ipywebrtc's recording (a large message on the same socket,
    // sent once the browser has finished the file); the last partial chunk (< 0.1 s) is left out.
    tap.port.postMessage("stop");
    model.send({ type: "end", samples, frames });
  }

  function close() {
    if (timer) { clearInterval(timer); timer = null; }
    if (stream) stream.getTracks().forEach((track) => track.stop());
    if (context) context.close();
    stream = context = tap = video = canvas = opening = null;
  }

  let stopping = null;
  function opened() {
    return open().catch((error) => { close(); unavailable(error && error.message ? error.message : error); });
  }
  model.on("change:active", async () => {
    if (model.get("active")) {
      if (!stream && !opening) opening = opened();
    } else {
      if (stopping) await stopping;  // the take's last sound and its end go out first
      if (!model.get("active")) close();
    }
  });
  model.on("change:recording", () => {
    if (model.get("recording")) start();
    else stopping = stop().finally(() => { stopping = null; });
  });
  if (model.get("active")) opening = opened();
  return close;
}

function render({ el }) { el.style.display = "none"; }

export default { initialize, render };
"""


class LiveFeed(anywidget.AnyWidget):
    """The page's side of a live answer: while ``recording``, it sends ``audio`` chunks (float32
    samples at ``rate`` Hz, ``start`` samples into the answer), ``frame`` messages (a JPEG taken
    ``seconds`` into the answer; video only), then ``end`` (``samples``, ``frames`` sent); or
    ``unavailable`` with a ``reason``. ``active`` opens the devices (before Start, so that
    recording starts at once) and closing it switches them off.

    >>> feed = LiveFeed(kind="audio")
    >>> feed.recording, feed.frames_per_second
    (False, 2.0)
    """

    _esm = _ESM
    kind = traitlets.Unicode("video").tag(sync=True)
    active = traitlets.Bool(False).tag(sync=True)
    recording = traitlets.Bool(False).tag(sync=True)
    #: a CSS selector of the camera's preview on the page (its <video> gives the frames); "": its own
    preview = traitlets.Unicode("").tag(sync=True)
    #: the face analysis's rate and width for a dashboard answer (mmer.face.analyze's fast setting)
    frames_per_second = traitlets.Float(2.0).tag(sync=True)
    frame_width = traitlets.Int(320).tag(sync=True)


class LiveCues(w.VBox):
    """The live cues under the preview, updated about once a second, in plain grey text (nothing
    flashes), with a switch to hide them. The words are :func:`mmer.feedback.live_cues`'s."""

    def __init__(self, kind: str):
        self.kind = kind
        self.switch = w.Checkbox(value=True, description="Show live cues while I answer", indent=False,
                                 tooltip="Pace, fillers, time and microphone level while you answer")
        self.text = w.HTML(layout={"min_height": "3.2em"})
        self.switch.observe(lambda change: self._visibility(), "value")
        super().__init__([self.switch, self.text])
        self.add_class("mmer-live-cues")

    def _visibility(self):
        self.text.layout.display = None if self.switch.value else "none"

    def show(self, cues: dict | None, note: str = ""):
        """Write ``cues`` (:meth:`mmer.LiveAnswer.cues`), or only ``note`` (None: nothing yet)."""
        from mmer.feedback import live_cues

        parts = []
        if cues is not None:
            lines = live_cues(cues, face=self.kind == "video")
            level = min(1.0, max(0.0, (cues["level_dbfs"] + 60) / 60))  # -60 dBFS (silence) .. 0 (loudest)
            meter = (f'<span title="Microphone level" role="meter" aria-label="Microphone level" '
                     f'aria-valuenow="{cues["level_dbfs"]:.0f}" aria-valuemin="-60" aria-valuemax="0" '
                     'style="display:inline-block;width:80px;height:0.6em;background:#e5e5e5;vertical-align:middle">'
                     f'<span style="display:block;height:100%;width:{level:.0%};background:#7a8a99;'
                     'transition:width 0.8s"></span></span>')
            parts.append(" &middot; ".join(html.escape(x) for x in lines) + f" &middot; Microphone {meter}")
        if note:
            parts.append(html.escape(note))
        # The times the cue was made at and of the last sound the recogniser has been through:
        # how far the pace lags the speech (read by benchmarks/bench_dashboard.py).
        when = (f' data-seconds="{cues["seconds"]}" data-heard-seconds="{cues.get("heard_seconds", 0.0)}"'
                if cues is not None else "")
        self.text.value = (f'<p class="mmer-cue-line"{when} style="color:#555;margin:0.2em 0;line-height:1.6">'
                           + "<br>".join(parts) + "</p>") if parts else ""

    def clear(self):
        self.text.value = ""


__all__ = ["LiveCues", "LiveFeed"]
