"""The mock interview, the practice code, the report button and the devices, without a browser
(the browser's end-to-end run is in test_browser.py)."""

import base64
import re

import bqplot
import pytest

from harness import FakeClock, all_widgets

from mmer.store import ResultStore
from mmer.widgets.app import InterviewApp

ANSWER = ("Last year I led a small team of four developers through a difficult migration project. I organised weekly "
          "meetings, listened to everyone and shared the work fairly. We delivered on time and the client was happy.")


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'results.sqlite'}"


def _app(store_url, **kwargs):
    return InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False, **kwargs)


def _open_devices(app):
    return {name: panel is not None and panel.recorder.recorder is not None for name, panel in
            (("video", app.video), ("audio", app.audio), ("mock video", app.mock.video), ("mock audio", app.mock.audio))}


def test_devices_are_switched_on_only_after_consent_and_only_on_screen(store_url):
    app = _app(store_url)
    assert not any(_open_devices(app).values())  # nothing asks for the camera while the page loads
    app.show("video")
    assert not any(_open_devices(app).values())  # not before consent
    app.consent.value = True
    assert _open_devices(app) == {"video": True, "audio": False, "mock video": False, "mock audio": False}
    assert app.video.recorder.permission_note.layout.display is None  # the sentence saying why
    assert "only between" in app.video.recorder.permission_note.value
    app.show("audio")
    assert _open_devices(app) == {"video": False, "audio": True, "mock video": False, "mock audio": False}
    app.show("text")
    assert not any(_open_devices(app).values())
    app.show("mock")
    assert not any(_open_devices(app).values())  # the setup screen needs none
    app.mock.start(seed=0)
    assert _open_devices(app)["mock video"] and not _open_devices(app)["mock audio"]
    app.mock.mode.value = "text"
    assert not any(_open_devices(app).values())
    app.mock.mode.value = "audio"
    app.consent.value = False  # consent withdrawn: everything off
    assert not any(_open_devices(app).values())


def test_a_three_question_session_with_report_and_practice_history(store_url, spoken_answer_webm, speech_wav):
    path, _ = spoken_answer_webm
    clock = FakeClock()
    app = _app(store_url, break_seconds=2, clock=clock)
    code = app.practice.create()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code) and code in app.practice.status.value
    app.mock.start()
    assert app.mock.stage == "setup" and "consent" in app.mock.setup_status.value  # refused without consent
    app.consent.value = True
    app.mock.count.value = 3
    assert app.mock.start(seed=2)
    questions = [q.text for q in app.mock.questions]
    assert questions[0] == "Tell us about the last time you showed leadership."
    assert "Question 1 of 3" in app.mock.header.value and app.mock.next_button.disabled

    app.mock.mode.value = "video"
    assert app.mock.video.analyse_bytes(path.read_bytes(), "answer.webm") is not None
    assert not app.mock.next_button.disabled and app.mock.video.results.children
    app.mock.next()
    assert app.mock.stage == "break" and "1 of 3 answered" in app.mock.break_text.value
    assert not any(_open_devices(app).values())  # the camera is off during the break
    clock.advance(1.0)
    assert app.mock.stage == "break" and '<span class="mmer-break-countdown">1</span>' in app.mock.break_text.value
    clock.advance(1.0)  # the break ends by itself
    assert app.mock.stage == "question" and app.mock.index == 1 and not app.mock.video.results.children

    app.mock.mode.value = "audio"
    assert app.mock.audio.analyse_bytes(speech_wav.read_bytes(), "answer.wav") is not None
    app.mock.next()
    app.mock.ready_button.click()  # "I'm ready" before the break ends
    assert app.mock.index == 2 and app.mock.next_button.description == "Finish the interview"

    app.mock.mode.value = "text"
    app.mock.text.text.value = ANSWER
    assert app.mock.text.analyse() is not None
    app.mock.next()
    assert app.mock.stage == "summary"
    session = app.mock.session
    assert [a.question for a in session.answers] == questions
    assert [a.answer_kind for a in session.answers] == ["video", "audio", "text"]
    summary = app.mock.summary.children[0].value
    assert all(q in summary for q in questions) and "Over the session" in summary

    store = ResultStore(store_url)
    rows = store.results(session_id=app.mock_context.session_id)
    assert {r["question"] for r in rows} == set(questions)
    # Kept under the practice code, and the history shows it.
    assert len(app.practice.history) == 1 and app.practice.history[0]["role"] == "Any job"
    assert any(isinstance(c, bqplot.Figure) for c in all_widgets(app.practice.charts))

    # The report button gives a download link with the whole report inside.
    data = app.mock.report.make("html")
    link = app.mock.report.link.value
    assert 'download="mmer-report-' in link and ".html" in link and "Your report is ready" in app.mock.report.status.value
    page = base64.b64decode(re.search(r'href="data:text/html;base64,([^"]+)"', link).group(1)).decode()
    assert page == data.decode() and all(q in page for q in questions) and "Your progress over 1 sessions" in page
    pdf = app.mock.report.make("pdf")
    assert pdf[:5] == b"%PDF-" and "application/pdf" in app.mock.report.link.value

    # A later visit brings the session back with the code, typed loosely.
    later = _app(store_url)
    history = later.practice.load(" " + code.lower().replace("-", " "))
    assert len(history) == 1 and "Welcome back: 1 session" in later.practice.status.value
    assert later.practice.load("not a code") == [] and "not a practice code" in later.practice.status.value
    # "Delete my results" deletes everything under the code, from the later visit too.
    later.practice.load(code)
    n = later.delete_my_results()
    assert n == len(rows) and store.results(session_id=app.mock_context.session_id) == []
    assert "everything kept under your practice code" in later.delete_status.value
    assert ResultStore(store_url).practice_history(code) == []


def test_one_question_answer_offers_its_own_report(store_url):
    app = _app(store_url)
    app.consent.value = True
    app.show("text")
    assert app.text.report.layout.display == "none"
    app.text.text.value = ANSWER
    assert app.text.analyse() is not None
    assert app.text.report.layout.display is None
    page = app.text.report.make("html").decode()
    assert app.question.value in page and "Perceived traits" in page


def test_a_question_can_be_skipped_and_answered_again(store_url):
    app = _app(store_url, break_seconds=0)
    app.consent.value = True
    assert app.mock.start(seed=4)
    questions = [q.text for q in app.mock.questions]
    app.mock.next()  # not answered: Next does nothing
    assert app.mock.index == 0 and app.mock.stage == "question"
    app.mock.skip()  # the camera does not work today
    assert app.mock.index == 1
    app.mock.mode.value = "text"
    app.mock.text.text.value = ANSWER
    app.mock.text.analyse()
    app.mock.text.text.value = ANSWER + " I also mentored two junior colleagues in that project."
    app.mock.text.analyse()  # answered again: the last take counts
    assert app.mock.skip_button.disabled
    app.mock.skip()  # answered: skipping no longer applies
    assert app.mock.index == 1
    app.mock.next()
    app.mock.skip()
    assert app.mock.stage == "summary"
    assert [a.question for a in app.mock.session.answers] == [questions[1]]
    assert app.mock.session.answers[0].result.word_count > len(ANSWER.split())
    assert questions[1] in app.mock.summary.children[0].value and questions[0] not in app.mock.summary.children[0].value
    app.mock.restart()
    app.mock.start(seed=4)
    for _ in range(3):
        app.mock.skip()
    assert "You skipped every question" in app.mock.summary.children[0].value
    assert app.mock.report.layout.display == "none"
