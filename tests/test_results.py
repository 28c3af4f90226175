"""Result objects: summary arithmetic and lossless serialisation."""

import json
import math

import pytest

from mmer.labels import EMOTIONS
from mmer.errors import ResultFormatError
from mmer.results import AudioResult, FrameEmotion, Result, TextResult, VideoResult


def _result():
    happy = [0.01, 0.01, 0.01, 0.9, 0.03, 0.02, 0.02]
    sad = [0.05, 0.01, 0.04, 0.05, 0.7, 0.05, 0.1]
    frames = [
        FrameEmotion(0, 0.0, happy, [10, 10, 50, 60]),
        FrameEmotion(1, 0.033, happy, [11, 10, 50, 60]),
        FrameEmotion(2, 0.067, None, None),
        FrameEmotion(3, 0.1, sad, [12, 11, 50, 60]),
    ]
    return VideoResult(frames=frames, duration=0.133, model_version="face_emotion-test", warnings=["w"])


def test_summary():
    r = _result()
    assert r.frames_analysed == 4 and r.frames_with_face == 3 and r.frames_without_face == 1
    assert r.shares["happy"] == pytest.approx(2 / 3) and r.shares["sad"] == pytest.approx(1 / 3)
    assert r.dominant_emotion == "happy"
    assert r.mean_probabilities["happy"] == pytest.approx((0.9 + 0.9 + 0.05) / 3)
    assert r.frames[2].emotion is None and r.frames[3].emotion == "sad"


def test_dict_and_json_round_trip():
    r = _result()
    assert VideoResult.from_dict(r.to_dict()) == r
    text = r.to_json()
    assert VideoResult.from_json(text) == r
    data = json.loads(text)
    assert data["kind"] == "video" and data["summary"]["dominant_emotion"] == "happy"
    assert data["classes"] == list(EMOTIONS)


def test_from_dict_rejects_other_kinds():
    data = _result().to_dict()
    data["kind"] = "audio"
    with pytest.raises(ResultFormatError, match="not a video result: kind='audio'"):
        VideoResult.from_dict(data)
    with pytest.raises(ResultFormatError, match="damaged"):
        VideoResult.from_dict({"kind": "video"})
    with pytest.raises(ResultFormatError, match="invalid JSON"):
        Result.from_json("{not json")


def test_dataframe():
    df = _result().to_dataframe()
    assert list(df["frame"]) == [0, 1, 2, 3]
    assert {"time", "face", "x", "y", "w", "h", "emotion", *EMOTIONS} <= set(df.columns)
    assert df["face"].tolist() == [True, True, False, True]
    assert math.isnan(df.loc[2, "happy"]) and df.loc[0, "happy"] == 0.9


def test_empty_result_summary_is_sound():
    r = VideoResult(frames=[FrameEmotion(0, 0.0)], duration=0.0)
    assert r.dominant_emotion is None and sum(r.shares.values()) == 0
    assert "Dominant emotion: None" in str(r)


def test_one_base_class_for_every_kind():
    """Video, audio and text results share the base class, its serialisation and its words."""
    import mmer

    assert {VideoResult.kind, AudioResult.kind, TextResult.kind} == set(mmer.MODALITIES)
    from mmer.results import result_kinds

    # What the store holds: every kind that says which scores it stores (a session: its answers).
    assert set(mmer.STORED_KINDS) == {kind for kind, cls in result_kinds().items() if cls.score_names}
    text = TextResult(traits=dict.fromkeys(mmer.TRAITS, 0.5), top_words=[("team", 3)], word_count=3)
    for result in (_result(), text):
        assert isinstance(result, Result)
        assert Result.from_dict(result.to_dict()) == result
        assert mmer.reliability_note(result) == mmer.reliability_note(result.kind)
    assert text.timeline == [] and len(text.to_dataframe()) == 5
    assert _result().timeline == _result().frames
    with pytest.raises(mmer.InvalidArgumentError, match="unknown modality 'face'"):
        mmer.reliability_note("face")


def test_every_result_kind_reads_back_in_a_fresh_process(tmp_path):
    """Result kinds are listed, not registered as modules happen to be imported: a session (or
    any kind) saved in one process reads back in a new one that imported nothing else."""
    import subprocess
    import sys

    from mmer.examples import example_answer, example_session

    answer = example_answer(8.0)
    saved = {"video": answer.video, "audio": answer.audio, "text": answer.text, "answer": answer,
             "session": example_session(3)}
    for kind, result in saved.items():
        (tmp_path / f"{kind}.json").write_text(result.to_json())
    probe = ("import sys, mmer, pathlib\n"
             "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
             "    r = mmer.Result.from_json(p.read_text())\n"
             "    assert r.to_json() == p.read_text(), p.name\n"
             "    print(p.stem, r.kind, type(r).__name__)\n")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:-1] == [
        "answer answer AnswerResult", "audio audio AudioResult", "session session SessionResult",
        "text text TextResult", "video video VideoResult"]


def test_answer_derived_fields_are_computed_once_and_stored():
    """delivery, alignment, agreement and coaching are fields: stored in the JSON, read back as
    they are (not recomputed), and one rule (``at``) says what happened at a time."""
    from mmer.examples import example_answer
    from mmer.feedback import moment_sentence
    from mmer.results import AnswerResult

    answer = example_answer(10.0)
    data = answer.to_dict()
    assert {"delivery", "alignment", "agreement", "coaching"} <= set(data)
    data["coaching"] = ["a sentence stored with the result"]
    assert AnswerResult.from_dict(data).coaching == ["a sentence stored with the result"]
    assert [row["start"] for row in answer.alignment] == [float(k) for k in range(10)]
    frame = answer.alignment[4]
    moment = answer.at(4.5)
    assert (moment.face, moment.voice, moment.words) == (frame["face"], frame["voice"], frame["words"])
    table = answer.to_dataframe()
    assert list(table["face"]) == [row["face"] for row in answer.alignment]
    both = [r for r in answer.alignment if r["face"] and r["voice"]]
    assert answer.agreement["seconds_compared"] == len(both)
    assert answer.agreement["share_agreeing"] == sum(r["face"] == r["voice"] for r in both) / len(both)
    assert moment_sentence(moment).startswith("At 4.5 s: face ")
    assert set(answer.parts) == {"video", "audio", "text", "answer"}


def test_every_error_is_also_a_builtin_error():
    """As the errors module says: each MMERError is also the built-in a programmer would catch."""
    import inspect

    import mmer.errors as errors

    for name, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, errors.MMERError) and cls is not errors.MMERError:
            builtins = [b for b in cls.__mro__ if b.__module__ == "builtins" and b not in (Exception, BaseException, object)]
            assert builtins, f"{name} derives from no built-in error"
