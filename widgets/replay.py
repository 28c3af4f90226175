"""The replay of an answer, with the timelines following it.

:class:`Replay` plays the recording in the browser beside its transcript: the word being said is
highlighted, a click on a word jumps there, and the playing time comes back to the kernel
(``current_time``), where :func:`follow` moves a cursor over every timeline of the answer and
says what the face, the voice and the words were doing at that moment.

Why anywidget: ipywidgets' ``Video`` shows a recording but never says where it is playing, and
the cursor needs that; anywidget is the maintained way to write such a widget as a few lines of
JavaScript without a build step or a separate frontend package.

The recording is sent back to the page from the kernel's memory only while it is shown; nothing
is written to disk (the store keeps recordings only when the candidate asked).
"""

from __future__ import annotations

import html

import anywidget
import traitlets

#: Recordings larger than this are not sent back to the page for replay (the analysis still runs).
MAX_REPLAY_BYTES = 64 * 2**20

_ESM = r"""
function render({ model, el }) {
  const kind = model.get("kind");
  const media = document.createElement(kind === "video" ? "video" : "audio");
  media.controls = true;
  media.preload = "auto";
  media.setAttribute("aria-label", "Replay of your answer");
  media.className = "mmer-replay-media";
  if (kind === "video") { media.style.maxWidth = "320px"; media.style.width = "100%"; }
  const problem = document.createElement("p");
  problem.className = "mmer-replay-problem";
  problem.style.color = "#8a6d00";
  const transcript = document.createElement("p");
  transcript.className = "mmer-replay-transcript";
  transcript.style.lineHeight = "1.6";
  const box = document.createElement("div");
  box.style.display = "flex"; box.style.gap = "1em"; box.style.flexWrap = "wrap"; box.style.alignItems = "flex-start";
  const side = document.createElement("div");
  side.style.flex = "1"; side.style.minWidth = "240px";
  side.append(transcript);
  box.append(media, side);
  el.append(box, problem);

  let url = null;
  function load() {
    const data = model.get("media");
    if (url) { URL.revokeObjectURL(url); url = null; }
    if (!data || data.byteLength === 0) { media.removeAttribute("src"); return; }
    url = URL.createObjectURL(new Blob([data], { type: model.get("mime") }));
    media.src = url;
  }
  // A browser's own WebM recording carries no duration, so it cannot be seeked until the
  // browser has looked for its end once: jump far ahead, then back to the start.
  media.addEventListener("loadedmetadata", () => {
    if (media.duration === Infinity) {
      const back = () => { media.removeEventListener("timeupdate", back); media.currentTime = 0; };
      media.addEventListener("timeupdate", back);
      media.currentTime = 1e9;
    }
  });
  media.addEventListener("error", () => {
    problem.textContent = "Your browser cannot play this file; the results below are still complete.";
  });

  const spans = [];
  function words() {
    transcript.replaceChildren();
    spans.length = 0;
    for (const word of model.get("words")) {
      const span = document.createElement("span");
      span.textContent = word.text;
      span.dataset.start = word.start;
      span.dataset.end = word.end;
      span.tabIndex = 0;
      span.setAttribute("role", "button");
      span.title = `${word.start.toFixed(1)} s: play from here`;
      span.style.cursor = "pointer";
      span.style.borderRadius = "3px";
      if (word.filler) { span.className = "mmer-filler"; span.style.background = "#fde2e4"; }
      const jump = () => { media.currentTime = word.start; media.play().catch(() => {}); };
      span.addEventListener("click", jump);
      span.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); jump(); } });
      transcript.append(span, " ");
      if (word.pause_after) {
        const pause = document.createElement("span");
        pause.className = "mmer-pause";
        pause.style.color = "#8a6d00";
        pause.textContent = `[pause ${word.pause_after.toFixed(1)} s]`;
        transcript.append(pause, " ");
      }
      spans.push(span);
    }
  }
  let current = null;
  function highlight(t) {
    const now = spans.find((s) => t >= +s.dataset.start && t < +s.dataset.end + 0.15) || null;
    if (now === current) return;
    if (current) { current.style.outline = ""; current.classList.remove("mmer-now"); }
    if (now) { now.style.outline = "2px solid #1f4e79"; now.classList.add("mmer-now"); }
    current = now;
  }
  // The kernel hears the time at most 5 times a second (enough for a cursor, light on the wire).
  let sent = -1, last = 0;
  function report(force) {
    const t = media.currentTime;
    highlight(t);
    const now = performance.now();
    if (!isFinite(t) || t > 1e8 || Math.abs(t - sent) < 0.05) return;
    if (!force && now - last < 200) return;
    sent = t; last = now;
    model.set("current_time", t);
    model.save_changes();
  }
  media.addEventListener("timeupdate", () => report(false));
  media.addEventListener("seeked", () => report(true));
  media.addEventListener("pause", () => report(true));
  model.on("change:media", load);
  model.on("change:words", words);
  model.on("change:seek_to", () => { media.currentTime = model.get("seek_to"); });
  load();
  words();
  return () => { if (url) URL.revokeObjectURL(url); };
}
export default { render };
"""


class Replay(anywidget.AnyWidget):
    """A recorded answer played back beside its words; ``current_time`` follows the playback.

    >>> from mmer.results import Word
    >>> replay = Replay(b"...", "video/webm", words=[Word("Hello", 0.5, 0.9)])
    >>> replay.words[0]["text"], replay.current_time
    ('Hello', 0.0)
    """

    _esm = _ESM
    media = traitlets.Bytes(b"").tag(sync=True)
    mime = traitlets.Unicode("video/webm").tag(sync=True)
    kind = traitlets.Unicode("video").tag(sync=True)
    words = traitlets.List([]).tag(sync=True)
    #: Seconds into the recording, as the browser plays it (set by the page).
    current_time = traitlets.Float(0.0).tag(sync=True)
    #: Set from Python to move the playback.
    seek_to = traitlets.Float(0.0).tag(sync=True)

    def __init__(self, media: bytes, mime: str, words=(), fillers=(), pauses=None, kind: str = "video", **kwargs):
        pauses = pauses or {}
        fillers = set(fillers)
        rows = [{"text": w.text, "start": float(w.start), "end": float(w.end), "filler": i in fillers,
                 "pause_after": pauses.get(round(w.end, 3))} for i, w in enumerate(words)]
        super().__init__(media=bytes(media), mime=mime, kind=kind, words=rows, **kwargs)


def media_type(filename: str, kind: str) -> str:
    """The MIME type a browser needs to play a recording, from its file name."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "webm"
    family = "video" if kind == "video" else "audio"
    types = {"webm": f"{family}/webm", "mp4": f"{family}/mp4", "m4a": "audio/mp4", "mov": "video/quicktime",
             "ogg": f"{family}/ogg", "wav": "audio/wav", "mp3": "audio/mpeg", "flac": "audio/flac",
             "mkv": "video/x-matroska", "avi": "video/x-msvideo"}
    return types.get(suffix, f"{family}/webm")


def cursor(figure):
    """A vertical line on ``figure`` (a timeline in seconds) that :func:`follow` moves."""
    import bqplot as bq

    x_scale = figure.marks[0].scales["x"]
    line = bq.Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": x_scale, "y": bq.LinearScale(min=0.0, max=1.0)},
                    colors=["#222222"], stroke_width=1.5, line_style="dashed", labels=["now"])
    figure.marks = [*figure.marks, line]
    return line


def moment(answer, seconds: float) -> str:
    """What the face, the voice and the words showed at ``seconds`` into the answer (one line):
    :meth:`mmer.AnswerResult.at`, worded by :func:`mmer.feedback.moment_sentence`.

    >>> from mmer.results import AnswerResult, Word
    >>> moment(AnswerResult(duration=3.0, words=[Word("Hello", 0.5, 0.9)]), 0.6)
    'At 0.6 s: saying "Hello".'
    """
    from mmer.feedback import moment_sentence

    return moment_sentence(answer.at(seconds))


def follow(replay: Replay, answer, figures, readout=None) -> list:
    """Move a cursor over each of ``figures`` (and write :func:`moment` into the ``readout`` HTML
    widget) as ``replay`` plays. Returns the cursors."""
    cursors = [cursor(f) for f in figures]

    def moved(change):
        t = float(change["new"])
        for line in cursors:
            line.x = [t, t]
        if readout is not None:
            readout.value = f'<p class="mmer-moment" style="margin:0.2em 0">{html.escape(moment(answer, t))}</p>'

    replay.observe(moved, "current_time")
    return cursors
