"""The dashboard's behaviour without a browser: consent, questions, the three interviews,
plain messages for every error the user can cause, the store, deletion."""

import datetime
import html

import bqplot
import ipywidgets
import numpy as np
import pytest

from harness import FakeClock, all_widgets

from mmer.store import ResultStore
from mmer.examples import synthetic_speech, write_audio, write_video
from mmer.widgets.app import InterviewApp
from mmer.widgets.questions import QUESTIONS, random_question

ANSWER = ("Last year I led a small team of four developers through a difficult migration project. "
          "I organised weekly meetings, listened to everyone, shared the work fairly and made sure we "
          "documented every decision. When a colleague struggled, I paired with him and we solved the "
          "problem together. We delivered on time and the client was happy. I learned that leadership "
          "means helping others to succeed, planning carefully and staying calm under pressure, and I "
          "enjoy it a lot because the team grows and everyone feels responsible for the outcome. Next time "
          "I would delegate earlier and ask for feedback more often, so that problems appear sooner.")


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'results.sqlite'}"


@pytest.fixture
def app(store_url):
    return InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False)


def _file(name, content):
    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
             "last_modified": datetime.datetime.now(datetime.timezone.utc)},)


def _figures(widget):
    found = []
    for child in getattr(widget, "children", ()):
        found += [child] if isinstance(child, bqplot.Figure) else _figures(child)
    return found


def test_welcome_consent_and_questions(app):
    assert "Mock interview" in app.children[0].value and "Big Five" in app.children[0].value
    assert "processed on this machine" in app.children[1].value
    assert not app.consent.value and not app.keep_recordings.value
    assert app.question.value == "Tell us about the last time you showed leadership."
    before = app.question.value
    app.pick_random_question()
    assert app.question.value in QUESTIONS and app.question.value != before
    assert html.escape(app.question.value) in app.question_html.value  # (a question may have an apostrophe)
    assert len(QUESTIONS) >= 6 and random_question(QUESTIONS[0]) != QUESTIONS[0]


def test_nothing_happens_without_consent(app, face_webm):
    assert app.video.analyse_bytes(face_webm.read_bytes()) is None
    assert "consent" in app.video.status.value
    app.video.recorder.start()
    assert not app.video.recorder.recording
    app.text.text.value = ANSWER
    assert app.text.analyse() is None and app.text.text.value == ANSWER


def test_video_answer_results_and_comparison(app, spoken_answer_webm, store_url):
    """A camera answer shows the face, the voice, how it was said, what was said and its traits."""
    path, said = spoken_answer_webm
    app.consent.value = True
    result = app.video.analyse_bytes(path.read_bytes(), "answer.webm")
    assert result is not None and result.video.dominant_emotion == "happy" and result.words
    header = app.video.results.children[0].value
    assert "Your most frequent emotion is: <b>happy</b> (face)" in header and "Nobody to compare with yet" in header
    assert "Your voice's most frequent emotion is" in header and "Face and voice named the same emotion" in header
    page = " ".join(getattr(c, "value", "") for c in all_widgets(app.video.results))
    assert "words per minute" in page.lower() and 'class="mmer-transcript"' in page
    # At a glance: the takeaways first, then face and voice as bands; the details folded below.
    assert header.startswith("<h3>How did I do?</h3>") and all(html.escape(t) in header for t in result.takeaways)
    assert 3 <= len(result.takeaways) <= 5
    details = next(c for c in app.video.results.children if isinstance(c, ipywidgets.Accordion))
    assert details.selected_index is None and details.titles[0].startswith("Emotions in detail")
    assert '<mark class="mmer-filler" title="filler word">' in page  # "Um" and ", like,"
    assert "From what you said, your most visible trait is" in page
    assert "How reliable is this?" in app.video.results.children[-1].value
    # face and voice bands; folded: face bars + lines, voice bars + lines, pace, traits
    assert len(_figures(app.video.results)) == 8
    assert "frames were analysed" in app.video.status.value and "words recognised" in app.video.status.value
    # The replay plays the recording back beside its words; the timelines follow its time.
    replay = app.video.replay
    assert replay in all_widgets(app.video.results) and replay.media == path.read_bytes()
    assert (replay.mime, replay.kind) == ("video/webm", "video")
    assert [w["text"] for w in replay.words] == [w.text for w in result.words]
    assert [i for i, w in enumerate(replay.words) if w["filler"]] == result.delivery["filler_indices"]
    word = result.words[3]
    replay.current_time = word.start + 0.01  # what the page sends while playing
    cursors = [f.marks[-1] for f in _figures(app.video.results) if f.marks[-1].labels == ["now"]]
    assert len(cursors) == 5 and all(list(c.x) == [word.start + 0.01] * 2 for c in cursors)  # bands, lines, pace
    readout = html.unescape(app.video._readout.value)
    assert f"At {word.start + 0.01:.1f} s: face happy, voice " in readout and f'saying "{word.text}' in readout
    # A second candidate sees the first one's results beside theirs, part by part.
    other = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False)
    other.consent.value = True
    other.video.analyse_bytes(path.read_bytes(), "answer.webm")
    header = other.video.results.children[0].value
    assert "Other candidates most frequent emotion is: <b>happy</b> (1 candidate, 1 answer)" in header
    assert len(_figures(other.video.results)) == 8  # their traits: marks on the same bars
    traits = _figures(other.video.results)[-1]
    assert [m.labels for m in traits.marks if isinstance(m, bqplot.Scatter)] == [["Other candidates (mean)"]]
    store = ResultStore(store_url)
    assert sorted(r["modality"] for r in store.results(session_id=app.context.session_id)) == [
        "answer", "audio", "text", "video"]
    video_rows = store.results(modality="video")
    assert len(video_rows) == 2 and video_rows[0]["question"] == app.question.value and not video_rows[0]["kept_recording"]
    delivery = store.others("answer")["scores"]
    assert delivery["words_per_minute"] == pytest.approx(result.words_per_minute, abs=0.1)


def test_video_without_sound_shows_the_face(app, face_webm):
    app.consent.value = True
    result = app.video.analyse_bytes(face_webm.read_bytes(), "answer.webm")
    assert result is not None and result.video.dominant_emotion == "happy" and result.audio is None
    header = app.video.results.children[0].value
    assert "Your most frequent emotion is: <b>happy</b>" in header and "no sound" in header
    assert len(_figures(app.video.results)) == 3  # the face band; folded: its bars and lines


def test_kept_recording_and_deletion(app, face_webm, store_url):
    app.consent.value = True
    app.keep_recordings.value = True
    app.video.analyse_bytes(face_webm.read_bytes(), "answer.webm")
    store = ResultStore(store_url)
    assert store.results()[0]["kept_recording"]
    assert app.delete_my_results() == 2 and "Deleted: 2 results" in app.delete_status.value  # the face and the answer
    assert store.count() == 0
    assert app.delete_my_results() == 0 and "Nothing of yours" in app.delete_status.value


@pytest.mark.parametrize(
    "name, content, expected",
    [("cv.docx", b"PK\x03\x04 this is a word document", "not a video"),
     ("empty.webm", b"", "empty"),
     ("photo.png", None, "is a photo")],
)
def test_bad_video_input_gives_a_plain_message(app, name, content, expected, astronaut_png):
    app.consent.value = True
    content = astronaut_png.read_bytes() if content is None else content
    app.video.upload.value = _file(name, content)
    assert app.video.last_result is None
    assert expected in app.video.status.value and "Traceback" not in app.video.status.value
    assert app.video.upload.value[0]["name"] == name  # what the user chose stays there


def test_no_face_and_too_short(app):
    app.consent.value = True
    dark = write_video([np.full((240, 320, 3), 90, np.uint8)] * 30, fps=10)
    assert app.video.analyse_bytes(dark, "dark.webm") is None
    assert "No face found" in app.video.status.value or "no face" in app.video.status.value.lower()
    short = write_video([np.full((240, 320, 3), 90, np.uint8)] * 3, fps=10)
    assert app.video.analyse_bytes(short, "short.webm") is None
    assert "lasts only 0.3 s" in app.video.status.value


def test_audio_answer_and_errors(app, speech_wav):
    app.consent.value = True
    result = app.audio.analyse_bytes(speech_wav.read_bytes(), "answer.wav")
    assert result is not None and result.audio.silent_windows == 1 and result.video is None
    assert "Your most frequent emotion is" in app.audio.results.children[0].value
    assert len(_figures(app.audio.results)) == 3  # the voice band; folded: its bars and lines
    assert "s of speech" in app.audio.status.value
    assert (app.audio.replay.kind, app.audio.replay.mime) == ("audio", "audio/wav")  # played back as sound
    app.audio.replay.current_time = 1.0
    assert [list(f.marks[-1].x) for f in _figures(app.audio.results)][-1] == [1.0, 1.0]
    silence = write_audio(np.zeros(5 * 16000, np.float32), container="webm")
    assert app.audio.analyse_bytes(silence, "silence.webm") is None
    assert "No speech was heard" in app.audio.status.value
    short = write_audio(synthetic_speech(0.4), container="webm")
    assert app.audio.analyse_bytes(short) is None and "at least 1 s" in app.audio.status.value


def test_text_answer_document_and_errors(app, store_url):
    from harness import make_docx

    app.consent.value = True
    app.text.text.value = ANSWER
    result = app.text.analyse()
    assert result is not None
    header = app.text.results.children[0].value
    assert "Your most visible trait is" in header and "Nobody to compare with yet" in header
    assert len(_figures(app.text.results)) == 2  # traits + words
    assert "Warning" not in header and "too short" not in header
    said = app.text.results.children[1].value  # what was said: takeaways, the answer marked, the measures
    assert "Feedback on your answer" in said and '<mark class="mmer-situation" title="sets the scene">Last year</mark>' in said
    assert 'class="mmer-content"' in said and result.content["star_parts"] == 3
    # The next candidate uploads a cover letter and sees the first one beside theirs.
    other = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False)
    other.consent.value = True
    other.text.upload.value = _file("letter.docx", make_docx([ANSWER]))
    assert other.text.analyse() is not None and other.text.upload.value == ()
    assert "Other candidates' most visible trait" in other.text.results.children[0].value
    assert "written document" in other.text.results.children[0].value  # traits of a letter are not meaningful
    assert len(_figures(other.text.results)) == 2  # traits (theirs as marks), your words: theirs need 5 candidates
    assert "appear once 5 different candidates" in other.text.results.children[3].children[1].value
    app.text.text.value = "   "
    assert app.text.analyse() is None and "Traceback" not in app.text.status.value
    assert "empty" in app.text.status.value.lower() or "no text" in app.text.status.value.lower()
    app.text.upload.value = _file("cv.exe", b"MZ\x90\x00binary")
    assert app.text.analyse() is None and app.text.upload.value[0]["name"] == "cv.exe"


def test_store_unavailable_still_shows_results(face_webm, tmp_path):
    app = InterviewApp(store_factory=lambda: ResultStore(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite'}"),
                       preload=False)
    app.consent.value = True
    assert app.video.analyse_bytes(face_webm.read_bytes()) is not None
    assert "Comparison with other candidates is unavailable" in app.video.status.value
    assert _figures(app.video.results)


def test_database_lost_mid_session_is_told_and_the_next_answer_stored(face_webm, tmp_path):
    import sqlite3

    path = tmp_path / "results.sqlite"
    app = InterviewApp(store_factory=lambda: ResultStore(f"sqlite:///{path}", busy_timeout=0.2), preload=False)
    app.consent.value = True
    assert app.video.analyse_bytes(face_webm.read_bytes()) is not None
    locker = sqlite3.connect(path, timeout=0)
    locker.execute("BEGIN EXCLUSIVE")  # the database is locked by another program
    assert app.video.analyse_bytes(face_webm.read_bytes()) is not None and _figures(app.video.results)
    status = app.video.status.value
    assert "Done in" in status and "could not be saved for comparison" in status and "database is locked" in status
    locker.rollback()
    locker.close()
    app.video.analyse_bytes(face_webm.read_bytes())
    assert "could not be saved" not in app.video.status.value
    assert ResultStore(f"sqlite:///{path}").count("video") == 2  # the first and the third; nothing half-written


def test_recorder_countdown_autostop_and_missing_recording(store_url, face_webm):
    clock = FakeClock()
    app = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False, video_seconds=2, wait_seconds=1.5,
                       clock=clock)
    recorder = app.video.recorder
    app.consent.value = True
    recorder.start()
    assert recorder.recording and "2 s left" in recorder.countdown.value and recorder.start_button.disabled
    clock.advance(1.0)
    assert recorder.recording and "1 s left" in recorder.countdown.value
    clock.advance(1.0)  # the countdown stops the recording by itself
    assert not recorder.recording and "on its way" in recorder.countdown.value and recorder.recorded_seconds == 2.0
    clock.advance(1.4)
    assert "No recording reached" not in app.video.status.value
    clock.advance(0.1)  # nothing arrives (camera denied, message too large...): the user is told
    assert "No recording reached the analysis 2 s after Stop" in app.video.status.value
    # A take that does arrive is analysed at once, and nothing is said about a missing one.
    recorder.start()
    clock.advance(0.5)
    recorder.stop()
    recorder.media.value = face_webm.read_bytes()
    assert app.video.last_result is not None and "Done in" in app.video.status.value
    clock.advance(10.0)
    assert "No recording reached" not in app.video.status.value


def _stream_take(recorder, path, clock, rate=16000):
    """What the page's LiveFeed sends while ``path`` is recorded: "started", quarter-second
    chunks of sound at ``rate`` Hz and two JPEG frames a second, the fake clock moving on with the
    sound (so the cues tick), then Stop and "end"."""
    import cv2
    import soxr

    from mmer.face.analyze import FAST_MAX_FPS, _frames_in_background
    from mmer.media import load_audio

    frames = list(_frames_in_background(path, 1, 320, FAST_MAX_FPS))
    samples = load_audio(path, sr=16000)
    if rate != 16000:
        samples = soxr.resample(samples, 16000, rate).astype(np.float32)
    send = recorder.feed._handle_custom_msg  # the kernel's side of model.send(content, undefined, buffers)
    send({"type": "started", "rate": rate}, [])
    step, sent, seen = rate // 4, 0, []
    for start in range(0, len(samples), step):
        chunk = np.ascontiguousarray(samples[start:start + step], np.float32)
        send({"type": "audio", "rate": rate, "start": start}, [memoryview(chunk.tobytes())])
        while frames and frames[0][1] <= (start + step) / rate:
            _, _, frame = frames.pop(0)
            send({"type": "frame", "seconds": (start + step) / rate}, [memoryview(cv2.imencode(".jpg", frame)[1].tobytes())])
            sent += 1
        if start // step % 4 == 3:
            clock.advance(1.0)
            seen.append(html.unescape(recorder.cues.text.value))
    recorder.stop()
    send({"type": "end", "samples": len(samples), "frames": sent}, [])
    return seen


def test_a_streamed_take_is_shown_at_its_end_and_replayed_when_its_recording_arrives(spoken_answer_webm, store_url):
    path, said = spoken_answer_webm
    clock = FakeClock()
    app = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False, wait_seconds=5, clock=clock)
    panel, recorder = app.video, app.video.recorder
    app.consent.value = True
    recorder.start()
    assert recorder.feed.recording and recorder.feed.active and recorder.cues.switch.value
    cues = _stream_take(recorder, path, clock, rate=48000)  # a browser that records at 48 kHz: resampled as it streams
    assert "0:01 spoken" in cues[0] and "0:10 spoken" in cues[-1] and "face" in cues[-1]  # once a second
    # The results are shown from what was streamed, before the recording itself arrives.
    result = panel.last_result
    assert result is not None and "analysed while you answered" in panel.status.value and panel.replay is None
    assert result.video.dominant_emotion == "happy" and "volunteers" in result.transcript
    assert ResultStore(store_url).count("video") == 1
    recorder.media.value = path.read_bytes()  # the recording for the replay, a moment later
    assert panel.replay is not None and panel.replay in all_widgets(panel.results)
    assert panel.last_result is result and ResultStore(store_url).count("video") == 1  # not analysed again
    assert not recorder.feed.active  # the devices are off between takes
    clock.advance(10.0)
    assert "No recording reached" not in panel.status.value

    # A browser that cannot stream: the user is told nothing is lost, and the whole recording is analysed.
    recorder.start()
    recorder.feed._handle_custom_msg({"type": "unavailable", "reason": "no AudioWorklet"}, [])
    assert "Nothing is lost" in recorder.cues.text.value
    recorder.stop()
    recorder.media.value = path.read_bytes()
    assert "Nothing is lost" in panel.status.value and "Done in" in panel.status.value
    assert panel.replay is not None and ResultStore(store_url).count("video") == 2

    # Kept recordings: the results are shown at once, and stored with the recording when it arrives.
    app.keep_recordings.value = True
    recorder.start()
    _stream_take(recorder, path, clock)
    assert panel.last_result is not None and ResultStore(store_url).count("video") == 2
    recorder.media.value = path.read_bytes()
    rows = ResultStore(store_url).results(modality="video")
    assert len(rows) == 3 and rows[-1]["kept_recording"]


def test_live_cues_are_calm_and_can_be_switched_off(store_url):
    from mmer.widgets.live import LiveCues

    cues = LiveCues("video")
    cues.show({"seconds": 75.0, "words": 160, "words_per_minute": 128, "fillers": 0, "face_in_view": 0.5,
               "facing_camera": None, "level_dbfs": -20.0})
    text = html.unescape(cues.text.value)
    assert "1:15 spoken" in text and "128 words a minute" in text and "a little slow" in text
    assert "no fillers so far" in text and "sit centred" in text and 'role="meter"' in text
    assert "color:#555" in cues.text.value and "b00020" not in cues.text.value  # grey text, never the alarm red
    # A server too busy for quick words says when pace and fillers come, not "no fillers so far".
    cues.show({"seconds": 12.0, "words": 0, "words_per_minute": None, "fillers": 0, "face_in_view": 1.0,
               "facing_camera": 1.0, "level_dbfs": -20.0, "machine_busy": True})
    text = html.unescape(cues.text.value)
    assert "pace and fillers after your answer (the server is busy)" in text and "fillers so far" not in text
    cues.switch.value = False
    assert cues.text.layout.display == "none"


def test_a_recording_that_comes_before_its_stream_ends_waits_for_it(spoken_answer_webm, store_url):
    """The recording may overtake the stream's last message: the stream's end still gives the
    results (with the replay at once); a stream that never ends gives way to the whole recording."""
    path, said = spoken_answer_webm
    clock = FakeClock()
    app = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False, wait_seconds=5, clock=clock)
    panel, recorder = app.video, app.video.recorder
    app.consent.value = True
    recorder.start()
    send = recorder.feed._handle_custom_msg
    send({"type": "started", "rate": 16000}, [])
    from mmer.media import load_audio

    samples = load_audio(path, sr=16000)
    send({"type": "audio", "rate": 16000, "start": 0}, [memoryview(samples.tobytes())])
    recorder.stop()
    recorder.media.value = path.read_bytes()  # before "end"
    assert panel.last_result is None and panel.live_state == "streaming"
    send({"type": "end", "samples": len(samples), "frames": 0}, [])
    assert panel.last_result is not None and panel.replay is not None and "analysed while you answered" in panel.status.value
    # A stream that stops without its end: the whole recording is analysed a moment later.
    recorder.start()
    send({"type": "started", "rate": 16000}, [])
    send({"type": "audio", "rate": 16000, "start": 0}, [memoryview(samples[:16000].tobytes())])
    recorder.stop()
    recorder.media.value = path.read_bytes()
    clock.advance(3.0)
    assert "Nothing is lost" in panel.status.value and "Done in" in panel.status.value
    assert panel.last_result.video is not None and ResultStore(store_url).count("answer") == 2  # (the first: sound only)


def test_live_answers_can_be_switched_off_for_a_server(monkeypatch, store_url):
    from mmer.errors import InvalidArgumentError

    monkeypatch.setenv("MMER_LIVE_ANSWERS", "off")
    app = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False)
    assert app.video.recorder.on_stream is None and app.video.recorder.cues is None
    app.mock._build_panels()
    assert app.mock.video.recorder.on_stream is None
    monkeypatch.setenv("MMER_LIVE_ANSWERS", "sometimes")
    with pytest.raises(InvalidArgumentError, match="MMER_LIVE_ANSWERS"):
        InterviewApp(store_factory=None, preload=False)
    monkeypatch.delenv("MMER_LIVE_ANSWERS")
    app = InterviewApp(store_factory=None, preload=False)  # auto
    assert app.audio.recorder.on_stream is not None and not app.context.live_when_busy


def test_a_busy_server_analyses_the_answer_after_stop(monkeypatch, spoken_answer_webm, store_url):
    import mmer.live

    path, said = spoken_answer_webm
    clock = FakeClock()
    app = InterviewApp(store_factory=lambda: ResultStore(store_url), preload=False, wait_seconds=5, clock=clock,
                       live="auto")
    panel, recorder = app.video, app.video.recorder
    app.consent.value = True
    monkeypatch.setattr(mmer.live, "cpu_pressure", lambda: (0.97, 1000.0))  # waited for a CPU 97% of the last 10 s
    recorder.start()
    assert not recorder.feed.recording and "the server is busy" in recorder.cues.text.value
    recorder.stop()
    recorder.media.value = path.read_bytes()
    assert "Nothing is lost" in panel.status.value and "Done in" in panel.status.value
    assert panel.last_result.video is not None and ResultStore(store_url).count("video") == 1
    # Once the server is calm again, the next answer streams.
    monkeypatch.setattr(mmer.live, "cpu_pressure", lambda: (0.2, 1000.0))
    recorder.start()
    assert recorder.feed.recording and "busy" not in recorder.cues.text.value
    recorder.stop()
