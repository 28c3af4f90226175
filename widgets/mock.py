"""A mock interview: 3 to 5 questions in a row from a role's list, each answered on camera, by
voice or in writing, a short break between them, then the whole session and a report to keep.

UI only: the questions are :mod:`mmer.questions`', the session :class:`mmer.session.SessionResult`,
each answer is analysed by the same interviews as a single question (:mod:`.interview`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from mmer import charts
from mmer.questions import MAX_QUESTIONS, MIN_QUESTIONS, ROLES, pick_questions

from .charts import draw, row
from .interview import AudioInterview, TextInterview, VideoInterview
from .messages import message
from .report import ReportDownload

#: Seconds of the break screen between two questions (the candidate can go on sooner).
BREAK_SECONDS = 10

MODES = (("On camera", "video"), ("By voice", "audio"), ("In writing", "text"))


class MockInterview(w.VBox):
    """The stages: ``"setup"`` (role, number of questions), ``"question"``, ``"break"``,
    ``"summary"``. ``context`` is the interviews' own :class:`~.interview.Context` (its question
    follows the current one); ``on_finish(session, session_id)`` is called at the end;
    ``on_screen_change()`` whenever the devices it needs may have changed."""

    def __init__(self, context, video_seconds: int = 45, audio_seconds: int = 15, record: bool = True,
                 wait_seconds=None, break_seconds: float = BREAK_SECONDS, on_finish=None, on_screen_change=None):
        self.context = context
        self.break_seconds = break_seconds
        self.on_finish, self.on_screen_change = on_finish, on_screen_change
        self.stage = "setup"
        self.session = None
        self.questions, self.index = [], 0
        self._answered_index = None  # the question the session's last answer belongs to
        self.session_ids: list[str] = []
        self._tick = None

        self.role = w.Dropdown(options=ROLES, value=ROLES[0], description="Questions for",
                               style={"description_width": "initial"}, layout={"width": "24em"})
        self.count = w.Dropdown(options=list(range(MIN_QUESTIONS, MAX_QUESTIONS + 1)), value=MIN_QUESTIONS,
                                description="Number of questions", style={"description_width": "initial"},
                                layout={"width": "14em"})
        self.start_button = w.Button(description="Start the interview", button_style="primary", icon="play")
        self.start_button.layout.width = "auto"
        self.start_button.on_click(lambda _: self.start())
        self.setup_status = w.HTML()
        self.setup = w.VBox([
            w.HTML("<p>A mock interview asks you <b>3 to 5 questions in a row</b>, as a real one would: behavioural "
                   "(what you did), motivational (why) and situational (what you would do). Answer each on camera, by "
                   "voice or in writing; there is a short break between questions, and at the end you see the whole "
                   "session and can save a report.</p>"),
            w.HBox([self.role, self.count]), self.start_button, self.setup_status])

        self.header = w.HTML()
        self.mode = w.ToggleButtons(options=MODES, value="video", description="Answer",
                                    tooltips=["Record a video answer", "Record your voice only", "Type your answer"])
        self.mode.observe(lambda _: self._show_mode(), "value")
        # The three interviews are built when the first mock interview starts: the page (where
        # most candidates first read and consent) appears sooner without them.
        self._panel_options = dict(video_seconds=video_seconds, audio_seconds=audio_seconds, record=record,
                                   wait_seconds=wait_seconds)
        self.video = self.audio = self.text = None
        self.panel_box = w.VBox()
        self.next_button = w.Button(description="Next question", icon="arrow-right", button_style="success",
                                    disabled=True)
        self.next_button.layout.width = "auto"
        self.next_button.on_click(lambda _: self.next())
        self.skip_button = w.Button(description="Skip this question", icon="forward",
                                    tooltip="Go on without answering (the camera may not work, or you want another question)")
        self.skip_button.layout.width = "auto"
        self.skip_button.on_click(lambda _: self.skip())
        self.question_box = w.VBox([self.header, self.mode, self.panel_box, w.HBox([self.next_button, self.skip_button])])

        self.break_text = w.HTML()
        self.ready_button = w.Button(description="I'm ready", icon="play", button_style="primary")
        self.ready_button.on_click(lambda _: self.show_question(self.index + 1))
        self.break_box = w.VBox([self.break_text, self.ready_button])

        self.summary = w.VBox()
        self.report = ReportDownload(lambda: self.session, self._others)
        self.again_button = w.Button(description="Start another interview", icon="refresh")
        self.again_button.layout.width = "auto"
        self.again_button.on_click(lambda _: self.restart())
        self.summary_box = w.VBox([self.summary, self.report, self.again_button])
        super().__init__([self.setup])
        self.add_class("mmer-mock")

    @property
    def panels(self):
        """The three interviews (video, audio, text), once built."""
        return tuple(p for p in (self.video, self.audio, self.text) if p is not None)

    def _build_panels(self):
        if self.video is not None:
            return
        o = self._panel_options
        self.video = VideoInterview(self.context, seconds=o["video_seconds"], record=o["record"],
                                    wait_seconds=o["wait_seconds"])
        self.audio = AudioInterview(self.context, seconds=o["audio_seconds"], record=o["record"],
                                    wait_seconds=o["wait_seconds"])
        self.text = TextInterview(self.context)
        for panel in self.panels:
            panel.on_result = self._answered
            panel.offer_report = False  # the session's report comes at the end

    def _panel(self, mode: str):
        return {"video": self.video, "audio": self.audio, "text": self.text}[mode]

    @property
    def current_panel(self):
        """The interview on screen (None outside a question)."""
        return self._panel(self.mode.value) if self.stage == "question" else None

    def _changed(self):
        if self.on_screen_change is not None:
            self.on_screen_change()

    # -- stages -------------------------------------------------------------------------------------
    def start(self, seed: int | None = None) -> bool:
        """Draw the questions and show the first; refused (with a message) without consent."""
        if not self.context.consent.value:
            self.setup_status.value = message("Please tick the consent box at the top first.", "error")
            return False
        from mmer.session import SessionResult

        self._build_panels()
        self.questions = pick_questions(self.role.value, self.count.value, seed=seed)
        self.session = SessionResult(role=self.role.value)
        self.context.role = self.role.value
        self._answered_index = None
        self.context.session_id = None  # each interview is its own session in the store
        self.setup_status.value = ""
        self.show_question(0)
        return True

    def show_question(self, index: int):
        self._cancel_break()
        self.stage, self.index = "question", index
        question = self.questions[index]
        self.context.question.value = question.text
        self.header.value = (f'<p class="mmer-progress-step"><small>Question {index + 1} of {len(self.questions)} '
                             f"&middot; {html.escape(question.category)}</small></p>"
                             f'<p class="mmer-question" style="font-size:1.3em;margin:0.2em 0 0.6em"><b>'
                             f"{html.escape(question.text)}</b></p>")
        for panel in self.panels:
            panel.clear()
        self.next_button.disabled = True
        self.skip_button.disabled = False
        last = index == len(self.questions) - 1
        self.next_button.description = "Finish the interview" if last else "Next question"
        self.next_button.icon = "flag-checkered" if last else "arrow-right"
        self.children = [self.question_box]
        self._show_mode()

    def _show_mode(self):
        self.panel_box.children = [self._panel(self.mode.value)]
        self._changed()

    def _answered(self, result):
        """An answer was analysed: it becomes (or replaces) this question's answer."""
        if self.stage != "question" or self.session is None:
            return
        question = self.questions[self.index]
        if self.context.session_id and self.context.session_id not in self.session_ids:
            self.session_ids.append(self.context.session_id)
        if self._answered_index == self.index:  # answered again: the last take counts
            self.session.answers.pop()
        self.session.add(question.text, result, category=question.category)
        self._answered_index = self.index
        self.next_button.disabled, self.skip_button.disabled = False, True

    def next(self):
        """On to the break (or the end) once this question is answered."""
        if self.stage == "question" and self._answered_index == self.index:
            self._advance()

    def skip(self):
        """On without an answer to this question (it is left out of the session and the report)."""
        if self.stage == "question" and self._answered_index != self.index:
            self._advance()

    def _advance(self):
        if self.index == len(self.questions) - 1:
            self.finish()
            return
        self.stage = "break"
        self._remaining = int(self.break_seconds)
        following = self.questions[self.index + 1]
        self.children = [self.break_box]
        self._changed()  # the camera goes off during the break
        self._break_message(following)
        if self.break_seconds > 0:
            self._tick = self.context.clock.schedule(1.0, self._on_tick)
        else:
            self.show_question(self.index + 1)

    def _break_message(self, following):
        self.break_text.value = (
            f'<h3>Well done: {self.index + 1} of {len(self.questions)} answered.</h3>'
            "<p>Take a breath and relax your shoulders. The next question is a "
            f"<b>{html.escape(following.category)}</b> one; it appears in "
            f'<span class="mmer-break-countdown">{self._remaining}</span> s, or press <i>I\'m ready</i>.</p>')

    def _on_tick(self):
        if self.stage != "break":
            return
        self._remaining -= 1
        if self._remaining <= 0:
            self.show_question(self.index + 1)
            return
        self._break_message(self.questions[self.index + 1])
        self._tick = self.context.clock.schedule(1.0, self._on_tick)

    def _cancel_break(self):
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None

    def finish(self):
        """The whole session: a table of the answers, the session's figures and traits, the report."""
        from mmer.report import summary_html

        self.stage = "summary"
        self.children = [self.summary_box]
        self._changed()
        if not self.session.answers:
            self.summary.children = [w.HTML("<h3>Your mock interview</h3><p>You skipped every question: there is nothing "
                                            "to show or to save. Start another interview when you are ready.</p>")]
            self.report.reset(visible=False)
            return
        others = self._others()
        figures = []
        traits = self.session.summary["traits"]
        if traits:
            figures.append(draw(charts.traits(traits, (others.get("text") or {}).get("scores"),
                                              "Perceived traits over the session (mean)")))
        self.summary.children = [
            w.HTML("<h3>Your mock interview</h3>" + summary_html(self.session, others)),
            *([row(*figures)] if figures else []),
            w.HTML("<p><small>Your report holds every answer in full: your words, the charts, your delivery, what "
                   "each figure means and how reliable its model is.</small></p>"),
        ]
        self.report.reset(visible=True)
        if self.on_finish is not None:
            self.on_finish(self.session, self.context.session_id)

    def restart(self):
        self._cancel_break()
        self.stage, self.session = "setup", None
        self.children = [self.setup]
        self._changed()

    def _others(self) -> dict:
        store = self.context.store
        if store is None or self.session is None:
            return {}
        try:
            return store.compare(self.session, exclude_sessions=self.session_ids)
        except Exception:  # the comparison is a bonus; the session is shown without it
            return {}
