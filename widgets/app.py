"""The interview simulator: welcome, consent, question, the three interviews, and deletion.

``InterviewApp()`` is the whole dashboard (``notebooks/dashboard.ipynb`` only displays it)::

    from mmer.widgets.app import InterviewApp
    InterviewApp()
"""

from __future__ import annotations

import html
import os
import threading

import ipywidgets as w

from .interview import AudioInterview, Context, TextInterview, VideoInterview, message, schedule
from .questions import QUESTIONS, random_question

WELCOME = """
<style>
.mmer-app video { max-width: 320px; max-height: 240px; }
.mmer-app .widget-tab-contents { overflow: visible; }
</style>
<h1 style="margin-bottom:0">Interview Simulator</h1>
<p>Practise an answer to an interview question and get feedback on how our algorithms read it.</p>
<div style="display:flex;gap:1.5em;flex-wrap:wrap">
 <div style="flex:1;min-width:220px"><h3>Video Interview</h3>
  <p>Answer on camera (45 seconds) and get a feedback on how our algorithm interprets your <b>facial
  emotions</b> (anger, disgust, fear, happiness, sadness, surprise, neutral), your voice, your pace, pauses
  and filler words, and the traits a listener would perceive in what you said, compared to other candidates.</p></div>
 <div style="flex:1;min-width:220px"><h3>Audio Interview</h3>
  <p>Answer out loud (15 seconds) and get a feedback on how our algorithm interprets your <b>vocal
  emotions</b>, your pace, pauses and filler words, and what you said, compared to other candidates.</p></div>
 <div style="flex:1;min-width:220px"><h3>Text Interview</h3>
  <p>Type your answer or upload your cover letter and get a feedback on your perceived <b>Big Five
  psychological traits</b> (openness, conscientiousness, extraversion, agreeableness, neuroticism): how a
  listener would see you from what you say. The model learned from spoken answers; for a cover letter it
  is no better than chance.</p></div>
</div>
"""

#: Seconds after the page is built before the models start loading in the background.
PRELOAD_AFTER_SECONDS = 5.0

PRIVACY = """
<p style="background:#f3f6fa;padding:0.6em 0.9em;border-radius:6px"><small>
<b>Privacy.</b> Everything is processed on this machine. Your recordings are analysed and then discarded,
unless you tick <i>keep my recordings</i>. Only the summary figures of each analysis (for example
"45% neutral") are stored, without your name, so that later candidates can compare with you; you can
delete yours at any time with the button at the bottom.<br>
<b>Limits.</b> These models were trained on posed photos, acted voices and student essays. They are weak
on real interviews and can be wrong about anyone: use the feedback to practise, never to judge a person.
</small></p>
"""


def _preload_models(context=None):
    """Load the three models (and open the results store) in the background so the first
    analysis does not wait for them, while the page itself never waits for them."""
    try:
        if context is not None:
            context.store  # noqa: B018 - opens it: SQLAlchemy's import and the schema check take ~1 s
        from mmer.face.analyze import load_face_models
        from mmer.text.analyze import load_text_model
        from mmer.voice import load_voice_model

        import numpy as np

        from mmer.speech.asr import load_speech_recognizer, transcribe

        from mmer.voice.encoder import describe

        load_face_models()
        load_voice_model()
        load_text_model()
        # The voice features' first call compiles librosa's numba functions (~1 s even from
        # numba's cache) and sets up the speech detector: done here, not in the first candidate's wait.
        describe(np.random.default_rng(0).normal(0.0, 0.1, 16000).astype(np.float32))
        # One second of silence through the recogniser: its first call also loads the voice
        # activity detector and sets up CTranslate2's buffers, a second the candidate would wait.
        transcribe(np.zeros(16000, np.float32), model=load_speech_recognizer())
    except Exception:  # a missing model shows its message when that interview is used
        pass


class InterviewApp(w.VBox):
    def __init__(self, store_factory="default", preload: bool = True, record: bool = True,
                 video_seconds: int = 45, audio_seconds: int = 15, wait_seconds: float | None = None):
        from mmer.labels import MODALITIES
        from mmer.models import reliability_note

        if wait_seconds is None and os.environ.get("MMER_RECORDING_WAIT_SECONDS"):
            wait_seconds = float(os.environ["MMER_RECORDING_WAIT_SECONDS"])
        if store_factory == "default":
            from mmer.store import ResultStore

            store_factory = ResultStore
        self.consent = w.Checkbox(value=False, indent=False, layout={"width": "auto"},
                                  description="I agree that my answers are analysed on this machine and that their "
                                              "summary figures are stored anonymously for comparison.")
        self.keep_recordings = w.Checkbox(value=False, indent=False, layout={"width": "auto"},
                                          description="Keep my recordings in the results database (off: they are discarded).")
        self.question = w.Dropdown(options=QUESTIONS, value=QUESTIONS[0], layout={"width": "32em"})
        self.random_button = w.Button(description="Random question", icon="random")
        self.random_button.on_click(lambda _: self.pick_random_question())
        self.question_html = w.HTML()
        self.question.observe(lambda _: self._show_question(), "value")
        self._show_question()
        self.context = Context(
            consent=self.consent, keep_recordings=self.keep_recordings, question=self.question,
            store_factory=store_factory,
            reliability={m: reliability_note(m) for m in MODALITIES},
        )
        self.video = VideoInterview(self.context, seconds=video_seconds, record=record, wait_seconds=wait_seconds)
        self.audio = AudioInterview(self.context, seconds=audio_seconds, record=record, wait_seconds=wait_seconds)
        self.text = TextInterview(self.context)
        self.tabs = w.Tab(children=[self.video, self.audio, self.text])
        for i, title in enumerate(("Video Interview", "Audio Interview", "Text Interview")):
            self.tabs.set_title(i, title)
        self.consent_status = w.HTML(message("Tick the consent box to start an interview."))
        self.consent.observe(self._on_consent, "value")
        self.delete_button = w.Button(description="Delete my results", icon="trash", button_style="warning")
        self.delete_button.on_click(lambda _: self.delete_my_results())
        self.delete_status = w.HTML()
        super().__init__([
            w.HTML(WELCOME), w.HTML(PRIVACY), self.consent, self.keep_recordings, self.consent_status,
            w.HTML("<h3>Your question</h3>"), w.HBox([self.question, self.random_button]), self.question_html,
            self.tabs, w.HBox([self.delete_button, self.delete_status]),
        ], layout={"max_width": "1100px"})
        self.add_class("mmer-app")
        self._preloading = None
        self._preload = preload
        if preload:
            # Not at once: importing OpenCV/ONNX Runtime/NLTK holds the interpreter while the
            # browser asks the kernel for the widgets, which would delay the page itself.
            schedule(PRELOAD_AFTER_SECONDS, self.preload_models)

    def preload_models(self):
        """Load the models in a background thread (once); called on consent or a few s after start."""
        if self._preloading is None:
            self._preloading = threading.Thread(target=_preload_models, args=(self.context,), daemon=True,
                                               name="mmer-preload")
            self._preloading.start()

    def _show_question(self):
        self.question_html.value = (f'<p class="mmer-question" style="font-size:1.25em;margin:0.4em 0">'
                                    f"<b>{html.escape(self.question.value)}</b></p>")

    def pick_random_question(self):
        self.question.value = random_question(self.question.value)

    def _on_consent(self, change):
        if change["new"]:
            if self._preload:
                self.preload_models()
            self.consent_status.value = message("Thank you. Choose a question and an interview below.", "ok")
        else:
            self.consent_status.value = message("Tick the consent box to start an interview.")

    def delete_my_results(self) -> int:
        """Delete this candidate's stored results (and kept recordings)."""
        store, session = self.context.store, self.context.session_id
        if store is None or session is None:
            self.delete_status.value = message("Nothing of yours is stored.")
            return 0
        try:
            n = store.delete_session(session)
        except Exception as exc:
            self.delete_status.value = message(f"Your results could not be deleted: {exc}", "error")
            return 0
        self.context.session_id = None
        self.delete_status.value = message(f"Deleted: {n} result{'s' * (n != 1)} of yours removed from the database.", "ok")
        return n
