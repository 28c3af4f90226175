"""The three interviews (video, audio, text): record or type, analyse, show results.

UI only: analysis is ``mmer.analyze_video/analyze_audio/analyze_text`` (which enforce every rule
about the input: too short, a photo instead of a video, nothing to analyse), comparisons come
from ``mmer.store``, charts from :mod:`mmer.widgets.charts`. Every error a user can cause ends as a plain
message in the panel (never a traceback), and what the user entered stays where it was.
"""

from __future__ import annotations

import html
import re
import threading
import time
from dataclasses import dataclass, field

import ipywidgets as w

from mmer import charts, feedback
from mmer.errors import MMERError
from mmer.labels import EMOTIONS, TRAIT_MEANINGS, TRAITS
from mmer.report import EMOTION_KEY, delivery_table
from mmer.transcript import content_table, pauses_after_words, transcript_html, written_html

from .charts import draw, row
from .messages import message
from .recorder import KernelClock, Recorder
from .replay import MAX_REPLAY_BYTES, Replay, follow, media_type
from .report import ReportDownload


@dataclass
class Context:
    """What the three interviews share: consent, the question, the store, this candidate and the
    clock."""

    consent: w.Checkbox
    keep_recordings: w.Checkbox
    question: w.Dropdown
    store_factory: object = None  # () -> ResultStore; None = no comparisons
    _store: object = None
    store_error: str | None = None
    session_id: str | None = None
    #: timers and time for the recorder's countdown and a mock interview's break (tests: a fake)
    clock: object = field(default_factory=KernelClock)
    #: the role a mock interview's questions are for (its job terms are looked for); None: any
    role: str | None = None
    #: analyse recorded answers while they are recorded (mmer.LiveAnswer), with live cues
    live: bool = True
    #: ... even when the server is busy as an answer starts (else that answer is analysed after Stop)
    live_when_busy: bool = False
    _store_lock: threading.Lock = field(default_factory=threading.Lock)

    def asked(self) -> dict:
        """What an analysis measures what was said against: the question and the role."""
        return {"question": self.question.value, "role": self.role}

    @property
    def store(self):
        """The results store, opened on first use; None (with ``store_error``) if it cannot be."""
        with self._store_lock:  # the preload thread may open it while the user is answering
            if self._store is None and self.store_error is None and self.store_factory is not None:
                try:
                    self._store = self.store_factory()
                except MMERError as exc:
                    self.store_error = str(exc)
        return self._store

    def save(self, result, recording: bytes | None = None, filename: str = "recording") -> dict:
        """Store ``result`` for this candidate (the recording only if they chose to keep it) and
        return what other candidates got, per kind (:meth:`mmer.store.ResultStore.save_and_compare`);
        ``{}`` without a store."""
        store = self.store
        if store is None:
            return {}
        if self.session_id is None:
            self.session_id = store.new_session()
        keep = recording if self.keep_recordings.value else None
        return store.save_and_compare(self.session_id, result, question=self.question.value, recording=keep,
                                      filename=filename)


class InterviewPanel(w.VBox):
    """Shared parts of an interview: status line, progress bar, results area."""

    kind = ""  # the modality word, as in mmer.MODALITIES and the results' ``kind``

    def __init__(self, context: Context, analyze):
        self.context = context
        self._analyze = analyze
        self.status = w.HTML()
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="Analysis",
                                        layout={"visibility": "hidden"})
        self.results = w.VBox()
        self.last_result = None
        self.others = None
        #: called with each result shown (a mock interview moves on with it)
        self.on_result = None
        self.report = ReportDownload(self._report_session, lambda: self.others or {})

    @property
    def status_text(self) -> str:
        """The status line as plain text (what a screen reader says)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value)).strip()

    def _needs_consent(self) -> bool:
        if not self.context.consent.value:
            self.status.value = message("Please tick the consent box at the top first.", "error")
            return True
        return False

    def _run_analysis(self, describe: str, run):
        """Run ``run()`` (the analysis) with progress and plain error messages; show results."""
        self.results.children = []
        self.progress.value = 0.0
        self.progress.layout.visibility = "visible"
        self.status.value = message(f"Analysing {describe}...")
        started = time.perf_counter()
        try:
            result = run()
        except MMERError as exc:
            self.status.value = message(_sentence(str(exc)), "error")
            return None
        except Exception as exc:  # never a traceback in the app, but say what failed
            self.status.value = message(f"The analysis failed unexpectedly ({exc.__class__.__name__}: {exc}).", "error")
            return None
        finally:
            self.progress.layout.visibility = "hidden"
        self.last_result = result
        self.others, store_note = None, ""
        try:
            self.others = self._save(result)
        except Exception as exc:  # the store is a bonus: the result is still shown
            store_note = f" Your result could not be saved for comparison ({exc})."
        if self.context.store_error:
            store_note = f" Comparison with other candidates is unavailable: {self.context.store_error}"
        self.show(result, self.others)
        seconds = time.perf_counter() - started
        self.status.value = message(f"Done in {seconds:.1f} s.{self._done_note(result)}{store_note}", "ok")
        self.report.reset(visible=self.offer_report)
        if self.on_result is not None:
            self.on_result(result)
        return result

    #: whether a report of this one answer is offered under it (a mock interview offers one at its end)
    offer_report = True

    def _report_session(self):
        from mmer.report import as_session

        return as_session([self.last_result], [self.context.question.value])

    def clear(self):
        """Forget the shown answer (a mock interview's next question)."""
        self.results.children = []
        self.status.value = ""
        self.last_result, self.others = None, None
        self.report.reset(visible=False)

    def _recording_to_keep(self):
        return (None, "")

    def _save(self, result):
        return self.context.save(result, *self._recording_to_keep())

    def _done_note(self, result) -> str:
        return ""

    def _set_progress(self, fraction: float):
        # Every change is a message to the page: steps of 5% are smooth enough, and a 45 s video
        # otherwise sends one per analysed frame while the analysis needs the CPU.
        if fraction >= 1.0 or fraction - self.progress.value >= 0.05 or fraction < self.progress.value:
            self.progress.value = fraction

    def _reliability(self, kinds=None) -> w.HTML:
        notes = feedback.reliability(kinds or [self.kind])
        return w.HTML(f'<p class="mmer-reliability"><small><b>How reliable is this?</b> {html.escape(notes)} '
                      f"{html.escape(feedback.NEVER_JUDGE)}</small></p>")


def _others_line(others, what: str) -> str:
    if not others:
        return "<p><i>Nobody to compare with yet: you are the first candidate with this interview here.</i></p>"
    return (f"<p>Other candidates {what} is: <b>{html.escape(str(others['headline']))}</b> "
            f"({others['candidates']} candidate{'s' * (others['candidates'] != 1)}, "
            f"{others['results']} answer{'s' * (others['results'] != 1)})</p>")


def _lazy(name: str):
    """``mmer.<name>``, imported at the first call: building the page must not wait for OpenCV,
    ONNX Runtime or NLTK (seconds on a small machine); the app preloads them in the background."""

    def call(*args, **kwargs):
        import mmer

        return getattr(mmer, name)(*args, **kwargs)

    return call


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


#: How long a recording that arrives before its stream's end waits for that end.
END_WAIT_SECONDS = 3.0


class RecordedInterview(InterviewPanel):
    """An interview answered with the camera or microphone (or an uploaded file)."""

    #: what subclasses say: accepted upload types, upload button label
    accept, upload_label = "", ""

    def __init__(self, context: Context, analyze, seconds: int, record: bool, wait_seconds, intro: str,
                 live: bool | None = None):
        super().__init__(context, analyze)
        live = context.live if live is None else live
        self._last_bytes, self._last_name = None, ""
        self.replay = None  # the last answer's Replay, while it is shown
        self._replay_box, self._timelines, self._readout = w.VBox(), [], w.HTML()
        # The live answer of the take being recorded (mmer.LiveAnswer), and where it stands:
        # None (nothing streamed: the whole recording is analysed), "streaming", "unavailable"
        # (the page said it cannot stream), "finishing", "shown" (its results are on screen) or
        # "refused" (the analysis said why it could not be done, e.g. too short).
        self.live, self.live_state, self._live_note = None, None, ""
        self._unsaved = None  # results shown before their recording arrived, to store with it (kept recordings)
        self.recorder = Recorder(self.kind, seconds, self._can_start, self._on_recording, self._on_missing,
                                 wait_seconds=wait_seconds, clock=context.clock,
                                 on_stream=self._on_stream if live else None,
                                 on_tick=self._show_cues if live else None) if record else None
        # A tooltip for every file button: without one, ipywidgets gives it the title "null",
        # which is what a screen reader would announce.
        self.upload = w.FileUpload(accept=self.accept, multiple=False, description=self.upload_label,
                                   tooltip=f"{self.upload_label} instead of recording (analysed the same way)")
        self.upload.observe(self._on_upload, "value")
        parts = [w.HTML(intro)] + ([self.recorder] if record else []) + [self.upload, self.progress, self.status,
                                                                           self.results, self.report]
        w.VBox.__init__(self, parts)

    def activate(self):
        """This interview is on screen: switch the camera/microphone on if consent was given."""
        if self.recorder is not None and self.context.consent.value:
            self.recorder.open_devices()

    def deactivate(self):
        """This interview left the screen (or consent was withdrawn): switch the devices off,
        unless a take is being recorded."""
        if self.recorder is not None and not self.recorder.recording:
            self.recorder.close_devices()

    def _can_start(self) -> bool:
        if self._needs_consent():
            return False
        self.status.value = message("Recording... answer the question, then press Stop.")
        self.results.children = []
        self._forget_live()
        if self.recorder.cues is not None:
            self.recorder.cues.clear()
        if self.recorder.on_stream is not None:
            from mmer.live import too_busy_for_a_live_answer

            # A server short of CPUs answers sooner analysing after Stop than streaming (measured).
            self.recorder.stream_this_take = self.context.live_when_busy or not too_busy_for_a_live_answer()
            if not self.recorder.stream_this_take:
                self.live_state, self._live_note = "unavailable", feedback.LIVE_BUSY
                self.recorder.cues.show(None, self._live_note)
        return True

    # -- a take analysed as it is recorded (mmer.LiveAnswer) ------------------------------------------
    def _on_stream(self, content: dict, buffers):
        """A message of the page's :class:`~mmer.widgets.live.LiveFeed`."""
        import numpy as np

        kind = content.get("type")
        try:
            if kind == "started" and self.recorder.recording:
                from mmer import LiveAnswer

                self._forget_live()
                self.live = LiveAnswer(**self.context.asked())
                self.live_state, self._rate = "streaming", int(content.get("rate") or 16000)
            elif kind == "unavailable":
                self._forget_live()
                self.live_state = "unavailable"
                self._live_note = feedback.LIVE_UNAVAILABLE.format(reason=str(content.get("reason", "")).rstrip("."))
                self.recorder.cues.show(None, self._live_note)
            elif self.live_state != "streaming":
                return  # a message of a take already given up
            elif kind == "audio":
                self.live.add_audio(np.frombuffer(buffers[0], np.float32), rate=self._rate)
            elif kind == "frame":
                self.live.add_jpeg(float(content["seconds"]), bytes(buffers[0]))
            elif kind == "end":
                self._finish_live()
        except Exception as exc:  # never lost: the whole recording is analysed (when it arrives)
            data = self._last_bytes
            self._forget_live()
            self.live_state = "unavailable"
            self._live_note = feedback.LIVE_UNAVAILABLE.format(reason=f"{type(exc).__name__}: {exc}")
            if data is not None and not self.recorder.recording:
                self._on_recording(data)

    def _show_cues(self):
        if self.live_state == "streaming":
            self.recorder.cues.show(self.live.cues())

    def _forget_live(self):
        if self.live is not None:
            self.live.close()
        self.live, self.live_state, self._live_note, self._unsaved = None, None, "", None
        self._last_bytes = None

    def _finish_live(self):
        """The page sent the take's last sound: finish the analysis and show it (the recording
        itself, for the replay, may still be on its way)."""
        live, self.live, self.live_state = self.live, None, "finishing"
        self._last_name = "your recording"  # (and its bytes, if they came first)
        self.recorder.cues.clear()
        outcome = {}

        def run():
            try:
                return live.finish()
            except MMERError:
                raise
            except Exception as exc:
                outcome["failed"] = exc
                raise

        result = self._run_analysis("your answer", run)
        if "failed" in outcome:  # nothing lost: the whole recording is analysed when it arrives
            self.live_state = "unavailable"
            self._live_note = feedback.LIVE_UNAVAILABLE.format(reason=f"{type(outcome['failed']).__name__}")
            self.status.value = message(self._live_note, "warning")
        else:
            self.live_state = "shown" if result is not None else "refused"
            if result is None:
                self.last_result = None  # (the message says why; the recording has nothing to replay)

    def _end_missing(self, data: bytes):
        if self.live_state == "streaming":  # the stream broke off: the whole recording instead
            self._forget_live()
            self._live_note = feedback.LIVE_UNAVAILABLE.format(reason="the live stream broke off")
            self.live_state = "unavailable"
            self._on_recording(data)

    def _on_missing(self, text):
        if self.live_state == "refused":
            return
        if self.live_state == "shown":  # the results are shown; only the replay is missing
            self._save_unsaved(None)
            self.status.value += message("Your recording did not reach the server, so the replay is not shown"
                                         + (" and the recording was not kept" if self.context.keep_recordings.value
                                            else "") + ". The results above are complete.", "warning")
            return
        self.status.value = message(text, "error")

    def _on_upload(self, change):
        if not change["new"] or self._needs_consent():
            return
        f = change["new"][0]
        self.analyse_bytes(bytes(f["content"]), f["name"])

    def _recording_to_keep(self):
        return (self._last_bytes, self._last_name if "." in self._last_name else "recording.webm")

    def _save(self, result):
        if self.live_state == "finishing" and self.context.keep_recordings.value and self._last_bytes is None:
            # Results first; the answer is stored with its recording when that arrives.
            self._unsaved = result
            store = self.context.store
            if store is None:
                return {}
            if self.context.session_id is None:
                self.context.session_id = store.new_session()
            return store.compare(result, exclude_sessions=[self.context.session_id])
        return super()._save(result)

    def _save_unsaved(self, recording):
        result, self._unsaved = self._unsaved, None
        if result is not None:
            self._last_bytes = recording
            self.context.save(result, *self._recording_to_keep())

    def _on_recording(self, data: bytes):
        """The whole recording arrived (after Stop): the replay of results already shown from the
        stream, or, if nothing was streamed, the analysis as for an upload."""
        if self.live_state == "shown":
            self._last_bytes = data
            self._save_unsaved(data)
            self._attach_replay()
            return
        if self.live_state in ("finishing", "refused"):
            self._last_bytes = data
            return
        if self.live_state == "streaming":  # its "end" is on its way: wait a moment for it
            self._last_bytes = data
            self.context.clock.schedule(END_WAIT_SECONDS, lambda: self._end_missing(data))
            return
        note = self._live_note
        self._forget_live()
        self.status.value = message(self._recorded_message)
        result = self.analyse_bytes(data, "your recording")
        if note and result is not None:
            self.status.value += message(note, "warning")

    def _done_note(self, result) -> str:
        notes = ["analysed while you answered"] if self.live_state == "finishing" else []
        if result.video is not None and self.live_state == "finishing":
            notes.append(f"{result.video.frames_analysed} frames were analysed ({result.video.max_fps:g} per second)")
        elif result.video is not None:
            notes.append(f"{result.video.frames_analysed} frames were analysed ({result.video.max_fps:g} per second "
                         "of video, not every frame, to answer quickly)")
        if result.audio is not None:
            notes.append(f"{result.audio.voiced_seconds:.1f} s of speech in {result.duration:.1f} s")
        notes.append(f"{len(result.words)} words recognised")
        return " " + "; ".join(notes) + "."

    def show(self, answer, others):
        """One answer at a glance: the takeaways ("how did I do?"), the replay, the face and the
        voice as one band of colour each (the emotion of every second); then the details folded
        (emotions in detail, how it was said, what was said, the traits of the words)."""
        others = others or {}
        top = ["<h3>How did I do?</h3><ul class=\"mmer-takeaways\">"
               + "".join(f"<li>{html.escape(x)}</li>" for x in answer.takeaways) + "</ul>"]
        primary = answer.video if (self.kind == "video" and answer.video is not None) else answer.audio
        if primary is not None:
            top.append(f"<p>Your most frequent emotion is: <b>{html.escape(str(primary.dominant_emotion))}</b>"
                       f"{' (face)' if primary is answer.video and answer.audio else ''}</p>")
            top.append(_others_line(others.get(primary.kind), "most frequent emotion"))
        if answer.video is not None and answer.audio is not None:
            agreement = feedback.agreement_sentence(answer.agreement)
            top.append(f"<p>Your voice's most frequent emotion is: <b>{html.escape(str(answer.audio.dominant_emotion))}</b>. "
                       + (html.escape(agreement) if agreement else "") + "</p>")
        top += [message(_sentence(x), "warning") for x in answer.warnings]
        children = [w.HTML("".join(top))]
        self._replay_box, self._readout, timelines = w.VBox(), w.HTML(), []
        self.replay = None
        children.append(self._replay_box)  # filled now, or when the recording arrives (a streamed answer)
        bands = [draw(charts.emotion_band(answer.alignment, part, answer.duration))
                 for part, result in (("face", answer.video), ("voice", answer.audio)) if result is not None]
        if bands:
            children += [*(row(band) for band in bands), w.HTML(EMOTION_KEY)]  # stacked: one time axis
            timelines += bands
        details, titles = [], []
        emotion_rows = []
        for part, what in ((answer.video, "frames"), (answer.audio, "speech")):
            if part is None:
                continue
            label = "Face" if part is answer.video else "Voice"
            theirs = (others.get(part.kind) or {}).get("scores")
            bars = draw(charts.emotion_shares(part.summary["shares"], theirs, f"{label}: share of {what} per emotion"))
            rows = part.timeline
            line = draw(charts.emotion_timeline([r.time for r in rows], [r.probabilities for r in rows],
                                                answer.duration, f"{label}: emotions over time"))
            emotion_rows.append(row(bars, line))
            timelines.append(line)
        if emotion_rows:
            details.append(w.VBox(emotion_rows))
            titles.append("Emotions in detail: each emotion's share and probability over time")
        if answer.words:
            pace = draw(charts.pace(answer))
            timelines.append(pace)
            coaching = "".join(f"<li>{html.escape(x)}</li>" for x in answer.coaching)
            details.append(w.VBox([row(pace), w.HTML(
                delivery_table(answer, others.get("answer"))
                + (f"<p><b>Feedback on your answer</b></p><ul>{coaching}</ul>" if coaching else ""))]))
            titles.append("How you said it: pace, pauses, fillers, length")
            details.append(w.HTML(
                f'<p class="mmer-transcript">{transcript_html(answer)}</p>'
                + content_table(answer.content, others.get("text"), [w.text for w in answer.words])))
            titles.append("What you said: your words, marked")
        if answer.text is not None:
            text = answer.text
            theirs = others.get("text")
            header = (f"<p>From what you said, your most visible trait is: "
                      f"<b>{html.escape(text.most_visible_trait.capitalize())}</b></p>"
                      + "".join(message(_sentence(x), "warning") for x in text.warnings))
            details.append(w.VBox([w.HTML(header), row(draw(charts.traits(text.traits, (theirs or {}).get("scores"))))]))
            titles.append("Perceived Psychological Traits of your words")
        if details:
            # Folded: the first screen answers "how did I do"; each detail opens on demand.
            children.append(w.Accordion(children=details, titles=titles, selected_index=None))
        children.append(self._reliability([*answer.parts, "speech"] if answer.words else answer.parts))
        self._timelines = timelines
        self.results.children = children
        self._attach_replay()

    def _attach_replay(self):
        """The replay of the shown answer, above its timelines, once its recording is here."""
        answer = self.last_result
        if answer is None or self.replay is not None or getattr(answer, "kind", "") != "answer":
            return
        replay = self._replay(answer)
        if replay is None:
            return
        self._replay_box.children = [
            w.HTML("<h3>Replay your answer</h3><p><small>Play it, or click a word to jump there: "
                   "the dashed line on each timeline below follows the replay.</small></p>"), replay, self._readout]
        follow(replay, answer, self._timelines, self._readout)
        self.replay = replay

    def _replay(self, answer):
        """The recording played back beside its words (None if there is nothing to play)."""
        data = self._last_bytes
        if not data or len(data) > MAX_REPLAY_BYTES:
            return None
        kind = "video" if (self.kind == "video" and answer.video is not None) else "audio"
        measures = answer.delivery if answer.words else {"filler_indices": [], "long_pauses": []}
        pauses = pauses_after_words(measures)
        return Replay(data, media_type(self._last_name or "recording.webm", kind), words=answer.words,
                      fillers=measures["filler_indices"], pauses=pauses, kind=kind)


class VideoInterview(RecordedInterview):
    kind, accept, upload_label = "video", "video/*,.webm,.mp4,.avi,.mov,.mkv", "Upload a video"

    def __init__(self, context: Context, analyze=None, seconds: int = 45, record: bool = True, wait_seconds=None,
                 live: bool | None = None):
        super().__init__(
            context, analyze or _lazy("analyze_answer"), seconds, record, wait_seconds, live=live,
            intro=(f"<p>You will have <b>{seconds} seconds</b> to answer the question above. Press <i>Start Recording</i>, "
                   "answer while looking at the camera, then press <i>Stop</i> (or let the countdown end). "
                   "You can also upload a recorded answer instead.</p>"),
        )

    _recorded_message = "The recording is over! Analysing your face, voice and words..."

    def analyse_bytes(self, data: bytes, name: str = "recording"):
        """Analyse a recorded or uploaded video answer; returns the result, or None with a message."""
        if self._needs_consent():
            return None
        self._last_bytes, self._last_name = data, name
        return self._run_analysis(name, lambda: self._analyze(data, fast=True, progress=self._set_progress,
                                                                     **self.context.asked()))


class AudioInterview(RecordedInterview):
    kind, accept, upload_label = "audio", "audio/*,.webm,.wav,.flac,.ogg,.mp3,.m4a", "Upload audio"

    def __init__(self, context: Context, analyze=None, seconds: int = 15, record: bool = True, wait_seconds=None,
                 live: bool | None = None):
        super().__init__(
            context, analyze or _lazy("analyze_answer"), seconds, record, wait_seconds, live=live,
            intro=(f"<p>After pressing the button below, you will have <b>{seconds} seconds</b> to answer the question. "
                   "Speak as you would in the interview; pauses are fine (silence is not counted).</p>"),
        )

    _recorded_message = "The recording is over! Analysing your voice and words..."

    def analyse_bytes(self, data: bytes, name: str = "recording"):
        if self._needs_consent():
            return None
        self._last_bytes, self._last_name = data, name
        return self._run_analysis(name, lambda: self._analyze(data, progress=self._set_progress, **self.context.asked()))


class TextInterview(InterviewPanel):
    kind = "text"

    def __init__(self, context: Context, analyze=None):
        super().__init__(context, analyze or _lazy("analyze_text"))
        self.text = w.Textarea(placeholder="Type your answer here (at least 100 words give a more stable result)...",
                               tooltip="Your written answer",
                               layout={"width": "auto", "align_self": "stretch", "height": "180px"})
        self.upload = w.FileUpload(accept=".pdf,.docx,.txt,.md", multiple=False, description="Cover letter",
                                   tooltip="Upload your cover letter (PDF, DOCX or TXT) instead of typing")
        self.analyse_button = w.Button(description="Start Analysis", button_style="primary", icon="play")
        self.analyse_button.on_click(lambda _: self.analyse())
        self.upload.observe(self._on_upload, "value")
        intro = w.HTML("<p>Type your answer to the question above, <b>or upload your cover letter</b> "
                       "(PDF, DOCX or TXT).</p>")
        w.VBox.__init__(self, [intro, self.text, w.HBox([self.analyse_button, self.upload]), self.progress,
                               self.status, self.results, self.report])

    def _on_upload(self, change):
        if change["new"]:
            f = change["new"][0]
            self.status.value = message(f"{f['name']} chosen: press Start Analysis, or type an answer instead.")

    def analyse(self):
        """Analyse the uploaded document if there is one, else the typed text."""
        if self._needs_consent():
            return None
        if self.upload.value:
            f = self.upload.value[0]
            data, name = bytes(f["content"]), f["name"]
            result = self._run_analysis(name, lambda: self._analyze(data, name=name, **self.context.asked()))
            if result is not None:
                self.upload.value = ()  # analysed: the next press analyses the typed text
            return result
        return self._run_analysis("your answer", lambda: self._analyze(self.text.value, **self.context.asked()))

    def _done_note(self, result) -> str:
        return f" {result.word_count} words analysed."

    def show(self, result, others):
        others = (others or {}).get("text")
        you = (f"<h3>Perceived Psychological Traits</h3><p>Your most visible trait is: "
               f"<b>{html.escape(result.most_visible_trait.capitalize())}</b></p>")
        if others:
            them = (f"<p>Other candidates' most visible trait is: <b>{html.escape(str(others['headline']).capitalize())}</b> "
                    f"({others['candidates']} candidate{'s' * (others['candidates'] != 1)})</p>")
        else:
            them = "<p><i>Nobody to compare with yet: you are the first candidate with this interview here.</i></p>"
        meanings = "; ".join(f"<b>{t}</b>: {html.escape(TRAIT_MEANINGS[t])}" for t in TRAITS)
        explain = ("<p><small>Each bar is the probability that a listener would rate you <i>high</i> on that trait "
                   "(above the middle of the candidates the model learned from), independently of the others "
                   f"(they do not add up to 100%). {meanings}.</small></p>")
        warnings = "".join(message(_sentence(x), "warning") for x in result.warnings)
        traits = draw(charts.traits(result.traits, (others or {}).get("scores")))
        word_charts = [draw(charts.top_words(result.top_words, title="Your most common words"))]
        if others and others.get("top_words"):
            word_charts.append(draw(charts.top_words(others["top_words"], title="Other candidates' most common words")))
        words = row(*word_charts)
        if others and not others.get("top_words"):
            from mmer.store import MIN_CANDIDATES_PER_WORD

            words.children += (w.HTML(f"<p><small>Other candidates' common words appear once {MIN_CANDIDATES_PER_WORD} "
                                      "different candidates have used the same word (so that no one's own words are "
                                      "shown to others).</small></p>"),)
        takeaways = "".join(f"<li>{html.escape(x)}</li>" for x in feedback.content_takeaways(result.content))
        written = written_html(result)
        said = w.HTML((f"<p><b>Feedback on your answer</b></p><ul>{takeaways}</ul>" if takeaways else "")
                      + (f'<p><b>What you wrote</b></p><p class="mmer-transcript">{written}</p>' if written else "")
                      + content_table(result.content, others, result.words))
        self.results.children = [w.HTML(you + them + explain + warnings), said, row(traits), words, self._reliability()]


__all__ = ["AudioInterview", "Context", "TextInterview", "VideoInterview", "EMOTIONS"]
