"""Mock interview sessions, the question bank and practice codes (mmer.session, mmer.questions, store)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmer.errors import InvalidArgumentError, ResultFormatError
from mmer.questions import CATEGORIES, QUESTION_BANK, ROLES, pick_questions, questions_for
from mmer.results import Result
from mmer.session import SessionResult, new_practice_code, normalize_practice_code, practice_code_key
from mmer.store import ResultStore
from mmer.examples import example_answer, example_session


def test_question_bank_covers_every_category_for_every_role():
    assert QUESTION_BANK[0].text == "Tell us about the last time you showed leadership."  # the seed's question
    assert len({q.text for q in QUESTION_BANK}) == len(QUESTION_BANK) >= 25
    for role in ROLES:
        assert {q.category for q in questions_for(role)} == set(CATEGORIES)
        for n in (3, 4, 5):
            picked = pick_questions(role, n, seed=n)
            assert len({q.text for q in picked}) == n
            assert picked[0] == questions_for(role)[0]
            assert {q.category for q in picked[:3]} == set(CATEGORIES)  # never three of a kind
    with pytest.raises(InvalidArgumentError, match="3 to 5 questions"):
        pick_questions("Any job", 6)
    with pytest.raises(InvalidArgumentError, match="unknown role"):
        pick_questions("Astronaut", 3)


def test_session_summary_and_round_trip():
    session = example_session(3)
    s = session.summary
    assert s["answered"] == 3 and s["answered_by"] == ["video", "audio", "text"]
    # Pace and fillers: the two spoken answers only; traits: all three (two from what was said).
    spoken = [a.result.summary for a in session.answers[:2]]
    assert s["words_per_minute"] == pytest.approx(sum(x["words_per_minute"] for x in spoken) / 2)
    assert s["face_dominant_emotions"] == [spoken[0]["face_dominant_emotion"]]
    assert len(s["voice_dominant_emotions"]) == 2 and set(s["traits"]) == {"openness", "conscientiousness",
                                                                           "extraversion", "agreeableness", "neuroticism"}
    again = Result.from_json(session.to_json())
    assert isinstance(again, SessionResult) and again == session
    frame = session.to_dataframe()
    assert list(frame["answered_by"]) == ["video", "audio", "text"] and frame["question"].iloc[0] == session.answers[0].question
    with pytest.raises(InvalidArgumentError):
        session.add("Nested?", SessionResult())
    with pytest.raises(ResultFormatError):
        SessionResult.from_dict({"kind": "session", "answers": [{"question": "q", "result": {"kind": "nonsense"}}]})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_anything_typed_as_a_practice_code_is_accepted_or_refused_clearly(text):
    try:
        code = normalize_practice_code(text)
    except InvalidArgumentError as exc:
        assert "not a practice code" in str(exc)
    else:
        assert normalize_practice_code(code) == code and len(practice_code_key(code)) == 64


def test_practice_codes_are_random_and_forgiving():
    codes = {new_practice_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize_practice_code(typed) == code


def test_practice_history_and_deleting_everything_under_a_code():
    store = ResultStore("sqlite://")
    code, other_code = new_practice_code(), new_practice_code()
    sessions = []
    for i, pace in enumerate((0, 1)):
        sid = store.new_session(source="interview")
        store.add_answer(sid, example_answer(30.0, seed=i), question="Tell us about yourself.")
        store.add_result(sid, example_answer(30.0, seed=5).text, question="Why do you want this job?")
        store.link_practice(code, sid, role="Any job")
        sessions.append(sid)
    stranger = store.new_session()
    store.add_answer(stranger, example_answer(30.0, seed=9), question="Tell us about yourself.")
    store.link_practice(other_code, stranger)
    anonymous = store.new_session()  # no code: nothing links it to anyone
    store.add_answer(anonymous, example_answer(30.0, seed=7))

    history = store.practice_history(code.lower())  # as typed
    assert [h["session_id"] for h in history] == sessions
    first = history[0]
    assert first["questions"] == ["Tell us about yourself.", "Why do you want this job?"]
    assert first["words_per_minute"] == pytest.approx(example_answer(30.0, seed=0).words_per_minute)
    assert first["face_emotion"] and first["voice_emotion"] and set(first["traits"]) >= {"openness"}
    # The code itself is never stored, only its hash.
    from sqlalchemy import text

    with store.engine.connect() as db:
        stored = [row[0] for row in db.execute(text("SELECT code_key FROM practice_sessions"))]
    assert code not in stored and practice_code_key(code) in stored

    before = store.count()
    removed = store.delete_practice(code)
    assert removed == 2 * 5  # per session: video, audio, text, answer, plus the written text
    assert store.count() == before - removed
    assert store.practice_history(code) == []
    assert len(store.practice_history(other_code)) == 1 and store.results(session_id=anonymous)
