"""A live answer (mmer.live): fed as it is recorded, it gives what the whole recording gives."""

import shutil

import numpy as np
import pytest

import mmer
from mmer.errors import InvalidArgumentError, RecordingTooShortError
from mmer.examples import example_face, face_clip, face_frame, speak, write_video
from mmer.live import LiveAnswer

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng (Debian) not installed")

SENTENCES = ("Last year I led a team of five volunteers at the town library.",
             "We had six weeks to organise a reading festival for children.",
             "I split the work and we met every Monday morning.",
             "Two people wanted to run the same event, so I asked them to share it.",
             "When the printer broke, I called a local shop and they helped us for free.",
             "In the end more than two hundred families came, and we finished on time.",
             "I learned to ask for help early and to write every decision down.")


@pytest.fixture(scope="module")
def spoken_video(tmp_path_factory):
    """About 35 s: a face on camera and seven sentences with a second of silence between them."""
    pause = np.zeros(16000, np.float32)
    said = np.concatenate([part for s in SENTENCES for part in (speak(s), pause)])
    path = tmp_path_factory.mktemp("live") / "answer.webm"
    write_video(face_clip([example_face()], seconds=len(said) / 16000), path, audio=said)
    return path


def _stream(path, chunk_seconds=0.25):
    """The recording as the page would send it: 2 frames a second and short chunks of sound,
    interleaved in time; returns the live answer before finish() and the cues seen on the way."""
    from mmer.face.analyze import FAST_MAX_FPS, _frames_in_background
    from mmer.media import load_audio

    frames = list(_frames_in_background(path, 1, 320, FAST_MAX_FPS))
    samples = load_audio(path, sr=16000)
    live, cues, step = LiveAnswer(question="Tell us about the last time you showed leadership."), [], int(chunk_seconds * 16000)
    for start in range(0, len(samples), step):
        live.add_audio(samples[start:start + step])
        now = (start + step) / 16000
        while frames and frames[0][1] <= now:
            live.add_frame(frames[0][1], frames.pop(0)[2])
        cues.append(live.cues())
    return live, cues


@pytest.mark.slow
def test_a_streamed_answer_gives_what_the_whole_recording_gives(spoken_video):
    from mmer.speech.evaluate import word_error_rate

    whole = mmer.analyze_answer(spoken_video, fast=True, question="Tell us about the last time you showed leadership.")
    live, cues = _stream(spoken_video)
    live._speech_worker.submit(lambda: None).result()  # (fed faster than real time: let the words catch up)
    assert live._transcribed_to > 10 * 16000  # the stretches a pause closed, before the answer ended
    cues.append(live.cues())
    streamed = live.finish()
    reference = [" ".join(SENTENCES)]
    assert abs(word_error_rate(reference, [streamed.transcript]) - word_error_rate(reference, [whole.transcript])) <= 0.02
    for part in ("video", "audio"):
        mine, theirs = getattr(streamed, part), getattr(whole, part)
        assert mine.dominant_emotion == theirs.dominant_emotion
        for emotion, share in theirs.summary["shares"].items():
            assert mine.summary["shares"][emotion] == pytest.approx(share, abs=0.05)
    assert streamed.duration == whole.duration and len(streamed.video.frames) == len(whole.video.frames)
    assert streamed.content["question_terms"] == whole.content["question_terms"]
    # The cues moved while the answer was given: time, words, the face in view, the sound's level.
    assert cues[0]["words"] == 0 and cues[0]["words_per_minute"] is None and cues[-1]["words"] > 10
    assert cues[-1]["seconds"] == pytest.approx(whole.duration, abs=0.3) and 60 < cues[-1]["words_per_minute"] < 260
    assert cues[-1]["face_in_view"] == 1.0 and max(c["level_dbfs"] for c in cues) > -40 > min(c["level_dbfs"] for c in cues)


def test_bad_input_to_a_live_answer():
    with pytest.raises(InvalidArgumentError, match="unknown role"):
        LiveAnswer(role="Astronaut")
    live = LiveAnswer()
    with pytest.raises(InvalidArgumentError, match="not a readable JPEG"):
        live.add_jpeg(0.0, b"not a jpeg")
    live.add_audio(np.zeros(4000, np.float32))
    with pytest.raises(RecordingTooShortError):
        live.finish()
    with pytest.raises(InvalidArgumentError, match="finished"):
        live.add_audio(np.zeros(4000, np.float32))
    import cv2

    frame = face_frame(example_face())
    ok, jpeg = cv2.imencode(".jpg", frame)
    other = LiveAnswer()
    other.add_jpeg(0.0, jpeg.tobytes())
    other.add_audio(speak("I led the team and we finished on time."))
    assert other.finish().video.frames_with_face == 1


def test_the_cue_pieces_keep_to_their_share_and_give_way_to_a_busy_machine(monkeypatch):
    import time

    import mmer.live
    import mmer.speech.asr

    passes = []

    def slow_pass(model, samples, prompt=None, *args, **kwargs):
        if prompt is not None:  # a cue piece (the stretches' plain pass has none)
            passes.append(time.monotonic())
        time.sleep(0.2)
        return []

    monkeypatch.setattr(mmer.speech.asr, "recognise", slow_pass)
    said = speak("I split the work and we met every Monday morning to plan the next week together.")
    said = np.concatenate([said, said])
    for share, expected in ((None, True), (0.98, False)):
        passes.clear()
        # Some task waited for a CPU this share of the time (None: the system does not say).
        monkeypatch.setattr(mmer.live, "cpu_pressure", lambda: None if share is None else (share, share * time.monotonic()))
        live = LiveAnswer()
        for start in range(0, len(said), 1600):  # sound twice as fast as it is spoken
            live.add_audio(said[start:start + 1600])
            time.sleep(0.05)
        live._cue_worker.submit(lambda: None).result()
        assert bool(passes) is expected and live.cues()["machine_busy"] is not expected
        # Passes of 0.2 s at most every CUE_EVERY_SECONDS, and each followed by 0.2 / CUE_SHARE s without one.
        gap = max(mmer.live.CUE_EVERY_SECONDS, 0.2 / mmer.live.CUE_SHARE)
        assert all(b - a >= gap - 0.05 for a, b in zip(passes, passes[1:]))
        if expected:
            assert len(passes) >= 2 and live._cue_next >= passes[-1] + gap - 0.01
        live.close()


def test_a_pass_without_word_times_spreads_the_words_over_their_segment():
    from mmer.speech.asr import recognise

    said = speak("We planned every task together and finished on time.")
    speech = mmer.load_models(["speech"]).speech
    aligned = recognise(speech, said, None)
    spread = recognise(speech, said, None, word_times=False)
    assert [w.text for w in spread] == [w.text for w in aligned]
    starts = [w.start for w in spread]
    assert starts == sorted(starts) and all(w.end > w.start and 0 < w.probability <= 1 for w in spread)
    # Within a second of where Whisper aligns each word: close enough for a pace over 20 s.
    assert max(abs(a.start - b.start) for a, b in zip(aligned, spread)) < 1.0


def test_the_pace_cue_waits_for_enough_words():
    from mmer.live import MIN_PACE_SECONDS
    from mmer.results import Word

    live = LiveAnswer()
    live.add_audio(np.zeros(12 * 16000, np.float32))
    live._cue_words = [Word("word", 0.4 * k, 0.4 * k + 0.3, 0.9) for k in range(25)]  # 150 a minute, for 10 s
    live._cue_to = int((MIN_PACE_SECONDS - 1) * 16000)  # the recogniser has been through 7 s
    assert live.cues()["words_per_minute"] is None  # a sentence or two is not a pace
    live._cue_to = 10 * 16000
    assert live.cues()["words_per_minute"] == 150
    live.close()
