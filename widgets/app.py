"""The interview simulator: welcome, consent, a mock interview or one question at a time, the
practice code, and deletion.

``InterviewApp()`` is the whole dashboard (``notebooks/dashboard.ipynb`` only displays it)::

    from mmer.widgets.app import InterviewApp
    InterviewApp()
"""

from __future__ import annotations

import html
import threading

import ipywidgets as w

from mmer import feedback
from mmer.questions import random_question
from mmer.transcript import HIGHLIGHT_CSS

from .charts import CHART_CSS
from .interview import AudioInterview, Context, TextInterview, VideoInterview
from .recorder import KernelClock
from .messages import message
from .mock import BREAK_SECONDS, MockInterview
from .practice import PracticePanel
from .questions import QUESTIONS

WELCOME = f"""
<style>
.mmer-app video {{ max-width: 320px; max-height: 240px; }}
.mmer-app .widget-toggle-buttons .widget-toggle-button {{ width: auto; min-width: 9em; }}
.mmer-app table td, .mmer-app table th {{ border: 1px solid #ccd; padding: 0.15em 0.5em; }}
{CHART_CSS}
{HIGHLIGHT_CSS}
</style>
<h1 style="margin-bottom:0">Interview Simulator</h1>
<p>Practise interview questions and get feedback on how our algorithms read your answers.</p>
<div style="display:flex;gap:1.5em;flex-wrap:wrap">
 <div style="flex:1;min-width:220px"><h3>Mock interview</h3>
  <p>3 to 5 questions in a row for the job you want, each answered on camera, by voice or in writing, with a short
  break in between; then the whole session, a <b>report to keep</b> (web page or PDF) and, if you keep a practice
  code, your <b>progress</b> over visits.</p></div>
 <div style="flex:1;min-width:220px"><h3>Video answer</h3>
  <p>Answer on camera (45 seconds) and get a feedback on how our algorithm interprets your <b>facial
  emotions</b> (anger, disgust, fear, happiness, sadness, surprise, neutral), your voice, your pace, pauses
  and filler words, and the traits a listener would perceive in what you said, compared to other candidates.</p></div>
 <div style="flex:1;min-width:220px"><h3>Audio answer</h3>
  <p>Answer out loud (15 seconds) and get a feedback on how our algorithm interprets your <b>vocal
  emotions</b>, your pace, pauses and filler words, and what you said, compared to other candidates.</p></div>
 <div style="flex:1;min-width:220px"><h3>Written answer</h3>
  <p>Type your answer or upload your cover letter and get a feedback on your perceived <b>Big Five
  psychological traits</b> (openness, conscientiousness, extraversion, agreeableness, neuroticism): how a
  listener would see you from what you say. The model learned from spoken answers; for a cover letter it
  is no better than chance.</p></div>
</div>
"""

#: Seconds after the page is built before the models start loading in the background.
PRELOAD_AFTER_SECONDS = 5.0

PRIVACY = (f'<p style="background:#f3f6fa;padding:0.6em 0.9em;border-radius:6px"><small>'
           f"<b>Privacy.</b> {html.escape(feedback.APP_PRIVACY)}<br><b>Limits.</b> {html.escape(feedback.LIMITS)}"
           "</small></p>")


def warm_up(context=None, models=None):
    """Open the results store and warm the models up (:meth:`mmer.Models.warm_up`) so the first
    analysis waits for neither. Returns None, or the sentence saying what failed: the caller
    shows it (a missing model also says so when its interview is used)."""
    from mmer.models import default_models

    try:
        if context is not None:
            context.store  # noqa: B018 - opens it: SQLAlchemy's import and the schema check take ~1 s
        (models or default_models()).warm_up()
    except Exception as exc:  # shown on the page: the app still works for what does not need it
        return f"The models could not be prepared ({type(exc).__name__}: {exc}); an answer may fail to be analysed."
    return None


#: The views: a mock interview, or one question answered one way.
VIEWS = (("Mock interview", "mock"), ("One question: video", "video"), ("One question: audio", "audio"),
         ("One question: text", "text"))


class InterviewApp(w.VBox):
    """The dashboard: consent, then a mock interview or one question answered on camera, by voice
    or in writing, and the candidate's practice history. ``store_factory``: ``() -> ResultStore``
    (``"default"``: the configured database; None: no comparisons); ``preload``: prepare the
    models in the background; ``record``: offer the camera and microphone (else uploads only);
    ``clock``: timers for the countdowns (:class:`~mmer.widgets.recorder.KernelClock`); ``live``:
    analyse answers while they are recorded: ``"auto"`` (unless the server is busy as an answer
    starts), ``"on"`` or True, ``"off"`` or False (None: ``MMER_LIVE_ANSWERS``, auto by default)."""

    def __init__(self, store_factory="default", preload: bool = True, record: bool = True,
                 video_seconds: int = 45, audio_seconds: int = 15, wait_seconds: float | None = None,
                 break_seconds: float = BREAK_SECONDS, clock=None, live: bool | str | None = None):
        from mmer.config import live_answers, recording_wait_seconds

        if wait_seconds is None:
            wait_seconds = recording_wait_seconds()
        mode = live_answers(live)
        if store_factory == "default":
            from mmer.store import open_store

            store_factory = open_store
        self.consent = w.Checkbox(value=False, indent=False, layout={"width": "auto"},
                                  description="I agree that my answers are analysed on this machine and that their "
                                              "summary figures are stored anonymously for comparison.")
        self.keep_recordings = w.Checkbox(value=False, indent=False, layout={"width": "auto"},
                                          description="Keep my recordings in the results database (off: they are discarded).")
        self.question = w.Dropdown(options=QUESTIONS, value=QUESTIONS[0], description="Question",
                                   layout={"width": "36em", "max_width": "100%"})
        self.random_button = w.Button(description="Random question", icon="random",
                                      tooltip="Pick another question from the bank")
        self.random_button.on_click(lambda _: self.pick_random_question())
        self.question_html = w.HTML()
        self.question.observe(lambda _: self._show_question(), "value")
        self._show_question()
        self.context = Context(
            consent=self.consent, keep_recordings=self.keep_recordings, question=self.question,
            store_factory=store_factory, clock=clock or KernelClock(), live=mode != "off", live_when_busy=mode == "on",
        )
        self.video = VideoInterview(self.context, seconds=video_seconds, record=record, wait_seconds=wait_seconds)
        self.audio = AudioInterview(self.context, seconds=audio_seconds, record=record, wait_seconds=wait_seconds)
        self.text = TextInterview(self.context)
        # The mock interview has its own question (the current one) and store sessions, and
        # shares consent and the store.
        self.mock_context = Context(consent=self.consent, keep_recordings=self.keep_recordings, question=w.Text(),
                                    store_factory=self._shared_store, clock=self.context.clock,
                                    live=self.context.live, live_when_busy=self.context.live_when_busy)
        self.mock = MockInterview(self.mock_context, video_seconds=video_seconds, audio_seconds=audio_seconds,
                                  record=record, wait_seconds=wait_seconds, break_seconds=break_seconds,
                                  on_finish=self._on_mock_finished, on_screen_change=self.update_devices)
        self.practice = PracticePanel(lambda: self.context.store)
        self.mock.report.get_history = lambda: self.practice.history or None
        self.single = w.VBox([w.HBox([self.question, self.random_button], layout={"flex_flow": "row wrap"}),
                              self.question_html, w.VBox()])
        self.nav = w.ToggleButtons(options=VIEWS, value="mock", description="Practise",
                                   tooltips=["Several questions in a row, with a report", "One question, on camera",
                                             "One question, by voice", "One question, in writing"])
        self.view = w.VBox()
        self.nav.observe(lambda _: self._show_view(), "value")
        self.consent_status = w.HTML(message("Tick the consent box to start an interview."))
        self.preload_status = w.HTML()
        self.consent.observe(self._on_consent, "value")
        self.delete_button = w.Button(description="Delete my results", icon="trash", button_style="warning",
                                      tooltip="Delete every result of this visit, and everything kept under your practice code")
        self.delete_button.on_click(lambda _: self.delete_my_results())
        self.delete_status = w.HTML()
        super().__init__([
            w.HTML(WELCOME), w.HTML(PRIVACY), self.consent, self.keep_recordings, self.consent_status, self.preload_status,
            self.nav, self.view, self.practice, w.HBox([self.delete_button, self.delete_status]),
        ], layout={"max_width": "1100px"})
        self.add_class("mmer-app")
        self._show_view()
        self._preloading = None
        self._preload = preload
        if preload:
            # Not at once: importing OpenCV/ONNX Runtime/NLTK holds the interpreter while the
            # browser asks the kernel for the widgets, which would delay the page itself.
            self.context.clock.schedule(PRELOAD_AFTER_SECONDS, self.preload_models)

    def _shared_store(self):
        from mmer.errors import StoreError

        store = self.context.store
        if store is None:
            raise StoreError(self.context.store_error or "no results database")
        return store

    def preload_models(self):
        """Load the models in a background thread (once); called on consent or a few s after start."""
        if self._preloading is None:
            self._preloading = threading.Thread(target=self._warm_up, daemon=True, name="mmer-preload")
            self._preloading.start()

    def _warm_up(self):
        from mmer.live import yield_to_the_page

        yield_to_the_page()  # the page first; the speech model's threads, started here, inherit it
        if self.context.store is not None:  # opens it first: on a class hub, the history under the login
            self.practice.sign_in(self.context.store)
        failure = warm_up(self.context)
        if failure:
            self.preload_status.value = message(failure, "error")

    def _show_question(self):
        self.question_html.value = (f'<p class="mmer-question" style="font-size:1.25em;margin:0.4em 0">'
                                    f"<b>{html.escape(self.question.value)}</b></p>")

    def pick_random_question(self):
        self.question.value = random_question(self.question.value)

    def show(self, view: str):
        """Open a view: ``"mock"``, ``"video"``, ``"audio"`` or ``"text"``."""
        self.nav.value = view

    def _show_view(self):
        view = self.nav.value
        if view == "mock":
            self.view.children = [self.mock]
        else:
            self.single.children = self.single.children[:2] + (self._one_question(view),)
            self.view.children = [self.single]
        self.update_devices()

    def _one_question(self, view: str):
        return {"video": self.video, "audio": self.audio, "text": self.text}[view]

    def update_devices(self):
        """Camera and microphone on for the interview on screen (after consent), off for the others."""
        view = self.nav.value
        on_screen = self.mock.current_panel if view == "mock" else self._one_question(view)
        for panel in (self.video, self.audio, self.mock.video, self.mock.audio):
            if panel is None:  # the mock interview's, before its first start
                continue
            if panel is on_screen and self.consent.value:
                panel.activate()
            else:
                panel.deactivate()

    def _on_consent(self, change):
        if change["new"]:
            if self._preload:
                self.preload_models()
            self.consent_status.value = message("Thank you. Choose a mock interview or one question below.", "ok")
        else:
            self.consent_status.value = message("Tick the consent box to start an interview.")
        self.update_devices()

    def _on_mock_finished(self, session, session_id):
        self.practice.keep(session_id, role=session.role)

    @property
    def session_ids(self) -> list[str]:
        """The store sessions of this visit: one-question answers and each mock interview."""
        ids = [self.context.session_id, *self.mock.session_ids, self.mock_context.session_id]
        return list(dict.fromkeys(i for i in ids if i))

    def delete_my_results(self) -> int:
        """Delete this candidate's stored results (and kept recordings): this visit's, and
        everything kept under their practice code."""
        store = self.context.store
        if store is None or (not self.session_ids and self.practice.code is None):
            self.delete_status.value = message("Nothing of yours is stored.")
            return 0
        try:
            n = sum(store.delete_session(session_id) for session_id in self.session_ids)
            n += self.practice.delete()
        except Exception as exc:
            self.delete_status.value = message(f"Your results could not be deleted: {exc}", "error")
            return 0
        self.context.session_id = self.mock_context.session_id = None
        self.mock.session_ids.clear()
        code = (" and everything kept under your login" if self.practice.login
                else " and everything kept under your practice code" if self.practice.code else "")
        self.delete_status.value = message(f"Deleted: {n} result{'s' * (n != 1)} of yours removed from the database{code}.",
                                           "ok")
        return n
