"""One answer, every signal: speech recognition, delivery measures and ``analyze_answer``."""

import json
import shutil

import numpy as np
import pytest

import mmer
from mmer.errors import ModelFileError, NoSpeechError, NotAVideoError, RecordingTooShortError
from mmer.results import AnswerResult, Word
from mmer.speech import delivery
from mmer.speech.evaluate import word_error_rate
from mmer.examples import face_clip, speak, write_audio, write_video
from harness import astronaut_bgr

from conftest import ROOT, run_cli

RAVDESS = ROOT.parent / "shared" / "data" / "ravdess"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng (Debian) not installed")
ANSWER_TEXT = ("Last year I led a team of five volunteers. We organised a festival for the town library. "
               "It was hard work, but we finished on time and raised enough money for new books.")


def _words(text, start=0.0, step=0.4):
    return [Word(t, round(start + i * step, 3), round(start + i * step + 0.3, 3)) for i, t in enumerate(text.split())]


# -- delivery measures: plain functions ----------------------------------------------------------------
def test_words_per_minute_counts_speaking_time_only():
    words = _words("one two three four five six seven eight nine ten", start=5.0, step=0.5)
    assert delivery.speaking_seconds(words) == pytest.approx(4.8)
    assert delivery.words_per_minute(words) == pytest.approx(10 / 4.8 * 60, abs=0.1)
    assert delivery.words_per_minute([]) == 0.0


def test_long_pauses_and_pace_over_time():
    words = _words("I think") + _words("that is all.", start=3.0)
    pauses = delivery.long_pauses(words)
    assert [(p.start, p.end, p.seconds) for p in pauses] == [(0.7, 3.0, 2.3)]
    assert delivery.long_pauses(words, min_seconds=3.0) == []
    pace = delivery.pace_over_time(_words("a " * 40, step=0.5), window=10, hop=5)
    assert [row["words_per_minute"] for row in pace][:2] == [120.0, 120.0]


@pytest.mark.parametrize("text, fillers", [
    ("Um, I led the team.", ["Um,"]),
    ("I like my job.", []),
    ("It was, like, hard, you know, really hard.", ["like,", "you", "know,"]),
    ("So, I think I basically agree.", ["So,"]),
    ("Well. Uh I mean, it went fine.", ["Well.", "Uh", "I", "mean,"]),
])
def test_filler_words(text, fillers):
    words = _words(text)
    assert [words[i].text for i in delivery.filler_words(words)] == fillers


def test_fillers_per_minute_counts_a_phrase_once():
    words = _words("you know, it was, you know, fine", step=1.0)  # 7 words over 6.3 s
    assert delivery.fillers_per_minute(words) == pytest.approx(2 / 6.3 * 60, abs=0.1)


def test_audio_quality_advice():
    rng = np.random.default_rng(0)
    speech = mmer.examples.synthetic_speech(4.0, level_db=-20)
    good = delivery.audio_quality(speech + 0.0005 * rng.standard_normal(len(speech)))
    assert good["advice"] == [] and good["snr_db"] > delivery.NOISY_SNR_DB + 5
    quiet = delivery.audio_quality(speech * 0.003)
    assert "quiet" in quiet["advice"][0]
    noisy = delivery.audio_quality(speech + 0.05 * rng.standard_normal(len(speech)))
    assert "background noise" in noisy["advice"][0]
    clipped = delivery.audio_quality(np.clip(speech * 20, -1, 1))
    assert "clipped" in clipped["advice"][0]


# -- speech recognition ---------------------------------------------------------------------------------
def test_speech_weights_are_checked(monkeypatch):
    from mmer.speech import asr

    monkeypatch.setattr(asr, "ASR_WEIGHTS_SHA256", "0" * 64)
    with pytest.raises(ModelFileError, match="SHA-256"):
        asr.load_speech_recognizer()


@needs_espeak
def test_transcribe_known_speech_with_word_times():
    from mmer.speech.asr import transcribe

    samples = speak(ANSWER_TEXT)
    words = transcribe(samples)
    assert word_error_rate([ANSWER_TEXT], [" ".join(w.text for w in words)]) <= 0.10
    starts = [w.start for w in words]
    assert starts == sorted(starts) and all(w.end >= w.start for w in words)
    assert words[-1].end <= len(samples) / 16000 + 0.1
    # At 48 kHz (what browsers record) the samples are resampled first.
    import soxr

    high = soxr.resample(samples, 16000, 48000)
    # espeak-ng's voice is hard for tiny.en: after the round trip through 48 kHz one or two of the 33
    # words vary with tiny numerical differences ("raised it up" for "raised enough money": 12%
    # with espeak-ng 1.51+dfsg-10+deb12u2); audio resampled wrongly gives nonsense, far above this.
    assert word_error_rate([ANSWER_TEXT], [" ".join(w.text for w in transcribe(high, 48000))]) <= 0.15


@needs_espeak
def test_transcribe_keeps_fillers_that_whisper_drops():
    from mmer.speech.asr import transcribe

    said = "Um, I think my biggest strength is, uh, organisation. Last year I, um, planned a festival."
    words = transcribe(speak(said))
    assert len(delivery.filler_words(words)) == 3
    plain = transcribe(speak(said), verbatim=False)
    assert len(delivery.filler_words(plain)) < 3  # why the second, prompted pass exists


@pytest.mark.skipif(not RAVDESS.is_dir(), reason="RAVDESS not found beside the repository")
def test_word_error_rate_on_ravdess_sentences_and_a_long_answer():
    from mmer.speech.asr import transcribe
    from mmer.speech.evaluate import RAVDESS_STATEMENTS, long_answers, ravdess_transcripts

    clips = ravdess_transcripts(RAVDESS)
    # One clip per emotion, from different actors, both sentences; then the 8 one after another.
    picked = [next(c for c in clips if c[2] == f"0{e}" and c[3] == f"{2 * e - 1:02d}" and c[1] == RAVDESS_STATEMENTS[f"0{1 + e % 2}"])
              for e in range(1, 9)]
    hypotheses = [" ".join(w.text for w in transcribe(mmer.media.load_audio(path))) for path, *_ in picked]
    assert word_error_rate([c[1] for c in picked], hypotheses) <= 0.10
    (samples, reference), = long_answers(picked, per_answer=8)
    assert word_error_rate([reference], [" ".join(w.text for w in transcribe(samples))]) <= 0.10


# -- analyze_answer -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spoken():
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng (Debian) not installed")
    return speak(ANSWER_TEXT)


@pytest.fixture(scope="module")
def video_answer(spoken, tmp_path_factory):
    path = tmp_path_factory.mktemp("answer") / "answer.webm"
    return write_video(face_clip([astronaut_bgr()], len(spoken) / 16000), path, audio=spoken)


def test_analyze_answer_reads_face_voice_words_and_traits(video_answer):
    result = mmer.analyze_answer(video_answer)
    assert isinstance(result, AnswerResult)
    assert word_error_rate([ANSWER_TEXT], [result.transcript]) <= 0.10
    assert result.video.frames and result.audio.windows and result.text.traits
    assert result.video.duration == pytest.approx(result.duration, abs=0.2)
    measures = result.delivery
    assert measures["face_in_view"] == 1.0 and measures["facing_camera"] == 1.0
    assert 100 < result.words_per_minute < 220 and measures["word_count"] == len(result.words)
    assert result.audio_quality["advice"] == []
    assert any("words per minute" in s for s in result.coaching)
    assert any("Your answer lasted" in s for s in result.coaching)  # ~10 s: shorter than advised
    agreement = result.agreement
    assert agreement["seconds_compared"] > 0 and 0 <= agreement["share_agreeing"] <= 1
    frame = result.to_dataframe()
    assert list(frame.columns) == ["start", "end", "face", "voice", "words"]
    assert " ".join(w for w in frame.words if w) == result.transcript
    again = mmer.Result.from_json(result.to_json())
    assert again == result and again.summary == result.summary


def test_analyze_answer_audio_only(spoken):
    result = mmer.analyze_answer(write_audio(spoken, container="webm"))
    assert result.video is None and result.delivery["face_in_view"] is None
    assert word_error_rate([ANSWER_TEXT], [result.transcript]) <= 0.10 and result.audio is not None
    assert result.summary["face_dominant_emotion"] is None and result.agreement is None


def test_analyze_answer_without_a_face_keeps_the_rest(spoken):
    grey = (np.full((240, 320, 3), 90, np.uint8) for _ in range(int(len(spoken) / 16000 * 10)))
    result = mmer.analyze_answer(write_video(grey, fps=10, audio=spoken), fast=True)
    assert result.video is None and "no face" in result.warnings[0]
    assert result.words and result.text is not None


def test_analyze_answer_refuses_what_is_not_an_answer(spoken, tmp_path):
    import cv2

    with pytest.raises(NoSpeechError):
        mmer.analyze_answer(write_audio(np.zeros(16000 * 3, np.float32)))
    photo = tmp_path / "me.png"
    cv2.imwrite(str(photo), astronaut_bgr())
    with pytest.raises(NotAVideoError):
        mmer.analyze_answer(photo)
    # A video without sound (microphone off) still gives the face, and says what is missing.
    silent_video = mmer.analyze_answer(write_video(face_clip([astronaut_bgr()], 1.5)), fast=True)
    assert silent_video.video is not None and silent_video.words == [] and silent_video.audio is None
    assert "no sound" in silent_video.warnings[0] and not any("per minute" in s for s in silent_video.coaching)
    with pytest.raises(RecordingTooShortError):
        mmer.analyze_answer(write_audio(spoken[:8000]))


def test_cli_analyze_answer_json(video_answer):
    out = run_cli("analyze", "answer", video_answer, "--fast", "--json", fresh_process=True)  # as a user runs it
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["kind"] == "answer" and isinstance(data["transcript"], str) and data["words_per_minute"] > 0
    assert data["frames"] and data["windows"] and data["words"]
    assert set(data["words"][0]) == {"text", "start", "end", "probability"}
    assert {"delivery", "coaching", "audio_quality", "summary"} <= set(data)
    out = run_cli("analyze", "answer", video_answer, "--fast")
    assert out.returncode == 0 and "words per minute" in out.stdout
