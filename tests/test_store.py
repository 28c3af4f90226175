"""The results store: SQLite by default, comparisons with other candidates, deletion, CSV
import, and several writers at once (one per Voilà kernel) losing nothing.

Tests taking ``store`` (or ``database_url``) run twice: on a SQLite file and on a throw-away
PostgreSQL server (what a class server runs; skipped where no server is installed)."""

import multiprocessing

import pytest

from mmer.errors import DatasetError
from mmer.labels import EMOTIONS
from mmer.results import AudioResult, AudioWindow, FrameEmotion, TextResult, VideoResult
from mmer.store import ResultStore, StoreError


def video_result(emotion_index=3, frames=4):
    probs = [0.02] * 7
    probs[emotion_index] = 0.88
    return VideoResult(frames=[FrameEmotion(i, i / 10, probs, [1, 2, 3, 4]) for i in range(frames)] + [FrameEmotion(9, 0.9)],
                       duration=1.0, model_version="face_emotion-test")


def text_result(openness=0.7):
    return TextResult(traits={"openness": openness, "conscientiousness": 0.5, "extraversion": 0.4,
                              "agreeableness": 0.6, "neuroticism": 0.3},
                      top_words=[("team", 4), ("project", 3)], word_count=150, model_version="bigfive-test")


@pytest.fixture(scope="module")
def postgres_server():
    from harness import TemporaryPostgres, postgres_binaries

    if postgres_binaries() is None:
        pytest.skip("no PostgreSQL server installed (Debian: apt-get install postgresql; .ci/run does)")
    with TemporaryPostgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'results.sqlite'}"
        return
    url = request.getfixturevalue("postgres_server")
    yield url
    from mmer.store import Base

    cleanup = ResultStore(url)  # the next test starts from empty tables
    Base.metadata.drop_all(cleanup.engine)
    cleanup.close()


@pytest.fixture
def store(database_url):
    store = ResultStore(database_url)
    yield store
    store.close()


def test_backend_is_the_one_asked_for(store, database_url):
    assert store.engine.dialect.name == database_url.split(":")[0].split("+")[0]


def test_empty_store_has_nobody_to_compare_with(store):
    assert store.others("video") is None and store.count() == 0


def test_add_compare_and_delete(store):
    me, other1, other2 = store.new_session(), store.new_session(), store.new_session()
    store.add_result(me, video_result(3), question="Tell us about the last time you showed leadership.")
    store.add_result(other1, video_result(6))
    store.add_result(other2, video_result(4))
    store.add_result(other2, text_result(0.9))
    mine = store.results(session_id=me)
    assert len(mine) == 1 and mine[0]["headline"] == "happy" and mine[0]["modality"] == "video"
    assert mine[0]["scores"]["happy"] == 1.0 and mine[0]["details"]["frames_without_face"] == 1
    assert mine[0]["question"].startswith("Tell us") and not mine[0]["kept_recording"]
    others = store.others("video", exclude_session=me)
    assert others["candidates"] == 2 and others["results"] == 2
    assert others["scores"]["neutral"] == pytest.approx(0.5) and others["scores"]["sad"] == pytest.approx(0.5)
    assert others["scores"]["happy"] == 0.0
    text = store.others("text", exclude_session=me)
    assert text["headline"] == "openness" and text["top_words"] == []  # one candidate's words are never shown
    assert store.others("audio") is None
    assert store.delete_session(other2) == 2
    assert store.others("video", exclude_session=me)["candidates"] == 1
    assert store.others("text") is None


def test_other_candidates_words_need_five_candidates(store):
    """The seed's list of others' words showed one candidate's employer: a word is shown only when
    at least five different candidates used it, and only single words are stored."""
    for i in range(5):
        result = text_result()
        result.top_words = [("team", 3), ("project", 2)] + ([("acme", 9)] if i == 0 else [])
        store.add_result(f"c{i}", result)
        store.add_result(f"c{i}", text_result())  # a second answer by the same candidate counts once
    words = dict(store.others("text")["top_words"])
    assert words["team"] == 3 * 5 + 4 * 5 and "acme" not in words  # 9 uses, one candidate
    assert "acme" not in dict(store.others("text", exclude_session="c1")["top_words"])
    assert "project" not in dict(store.others("text", exclude_session="c1")["top_words"])  # now 4 candidates


def test_audio_results_and_kept_recordings(store):
    me = store.new_session()
    result = AudioResult(windows=[AudioWindow(0, 3, [0.1, 0, 0, 0.6, 0.1, 0.1, 0.1], 2.5), AudioWindow(1, 4, None, 0.0)],
                         duration=4.0, voiced_seconds=2.5, model_version="voice-test")
    store.add_result(me, result, recording=b"RIFF....WAVE", filename="answer.wav")
    [row] = store.results(me)
    assert row["headline"] == "happy" and row["details"]["silent_windows"] == 1 and row["kept_recording"]
    store.delete_session(me)
    with store.engine.connect() as c:
        assert c.exec_driver_sql("select count(*) from recordings").scalar() == 0


def test_default_location_and_env_override(tmp_path, monkeypatch):
    monkeypatch.setenv("MMER_DATABASE_URL", f"sqlite:///{tmp_path / 'class.sqlite'}")
    store = ResultStore()
    assert store.url.endswith("class.sqlite") and (tmp_path / "class.sqlite").exists()
    monkeypatch.delenv("MMER_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from mmer.store import default_database_url

    assert default_database_url() == f"sqlite:///{tmp_path / 'data' / 'mmer' / 'results.sqlite'}"


def test_bad_database_url_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the results database"):
        ResultStore("nosuchdialect://user:secret@host/db")
    with pytest.raises(StoreError) as info:
        ResultStore(f"sqlite:///{tmp_path / 'missing-folder' / 'x.sqlite'}")
    assert "secret" not in str(info.value)


def test_import_and_export_csv(store, tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(
        "candidate,modality,question,angry,disgust,fear,happy,sad,surprise,neutral,openness,conscientiousness,extraversion,agreeableness,neuroticism\n"
        "ana,video,Q1,0,0,0,0.6,0.1,0,0.3,,,,,\n"
        "ana,text,Q1,,,,,,,,0.7,0.4,0.5,0.5,0.2\n"
        "ben,video,Q1,0.1,0,0,20%,0,0,70%,,,,,\n"
    )
    assert store.import_csv(path) == 3
    video = store.others("video")
    assert video["candidates"] == 2 and video["scores"]["neutral"] == pytest.approx(0.5)
    assert video["headline"] == "happy"  # ana's happy and ben's neutral tie: the first stored
    out = tmp_path / "export.csv"
    assert store.export_csv(out) == 3
    again = ResultStore(f"sqlite:///{tmp_path / 'again.sqlite'}")
    assert again.import_csv(out) == 3 and again.others("video")["candidates"] == 2


@pytest.mark.parametrize(
    "content, message",
    [("name,angry\nx,0.1\n", "modality"), ("modality,happy\nphoto,0.5\n", "not video, audio or text"),
     ("modality,happy\nvideo,lots\n", "not a number"), ("modality,happy\nvideo,1.5\n", "between 0 and 1")],
)
def test_bad_csv_imports_nothing(store, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text("modality,happy\nvideo,0.5\n" + content.split("\n", 1)[1] if content.startswith("modality") else content)
    with pytest.raises(DatasetError, match=message):
        store.import_csv(path)
    assert store.count() == 0


def _writer(url, n, queue):
    store = ResultStore(url)
    session = store.new_session()
    for i in range(n):
        store.add_result(session, video_result(i % 7, frames=2), question=f"q{i}")
    queue.put(session)


def test_concurrent_writers_lose_nothing(database_url):
    """Six processes (like six Voilà kernels) open one new database at once (creating its
    tables) and write 40 results each."""
    url = database_url
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_writer, args=(url, 40, queue)) for _ in range(6)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
    assert all(p.exitcode == 0 for p in workers)
    sessions = {queue.get(timeout=5) for _ in workers}
    store = ResultStore(url)
    assert store.count("video") == 240 and len(store.results()) == 240
    for session in sessions:
        rows = store.results(session_id=session)
        assert [r["question"] for r in rows] == [f"q{i}" for i in range(40)]
        assert [r["headline"] for r in rows] == [EMOTIONS[i % 7] for i in range(40)]
    store.close()


def _open_at_once(url, barrier):
    barrier.wait()
    ResultStore(url).new_session()


def test_kernels_opening_a_new_sqlite_database_together_all_succeed(tmp_path):
    """Eight kernels released at the same instant on a database that does not exist yet: each
    one opens it (before the fix, 29 of 30 such rounds lost a kernel to "table already exists")."""
    ctx = multiprocessing.get_context("fork")
    for round_ in range(5):
        url = f"sqlite:///{tmp_path / f'new{round_}.sqlite'}"
        barrier = ctx.Barrier(8)
        kernels = [ctx.Process(target=_open_at_once, args=(url, barrier)) for _ in range(8)]
        for p in kernels:
            p.start()
        for p in kernels:
            p.join(60)
        assert [p.exitcode for p in kernels] == [0] * 8
        assert ResultStore(url).count() == 0


def test_an_answer_is_stored_as_its_parts(store, tmp_path):
    from mmer.results import AnswerResult, Word

    words = [Word(t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate("Um, I led the team for a year.".split())]
    answer = AnswerResult(duration=4.0, words=words, video=video_result(), text=text_result(), model_version="test")
    ids = store.add_answer("s1", answer, question="Q", recording=b"webm bytes", filename="a.webm")
    assert len(ids) == 3 and sorted(r["modality"] for r in store.results("s1")) == ["answer", "text", "video"]
    assert [r["kept_recording"] for r in store.results("s1")] == [True, False, False]  # once, with the face
    delivery = store.results("s1", modality="answer")[0]["scores"]
    assert delivery["words_per_minute"] == answer.words_per_minute and delivery["fillers_per_minute"] > 0
    assert store.others("answer", exclude_session="s2")["scores"]["words_per_minute"] == answer.words_per_minute
    # The CSV format holds face, voice and text results; the delivery row is not part of it.
    assert store.export_csv(tmp_path / "out.csv") == 2
    assert store.delete_session("s1") == 3 and store.count() == 0


def test_save_and_compare_gives_other_candidates_per_kind_never_oneself(store):
    """What the dashboard does with each answer: store it, then compare each part of it with the
    same part from other candidates, leaving the candidate's own session out."""
    assert store.save_and_compare("me", text_result(), question="Q") == {"text": None}  # the first candidate
    store.add_result("you", video_result(3))
    store.add_result("you", text_result())
    others = store.save_and_compare("me", video_result(0))
    assert list(others) == ["video"] and others["video"]["candidates"] == 1 and others["video"]["headline"] == "happy"
    assert store.compare(text_result(), exclude_sessions="you")["text"]["candidates"] == 1  # "me"
    assert store.compare(text_result(), exclude_sessions=["you", "me"]) == {"text": None}
    assert store.count() == 4 and [r["question"] for r in store.results("me")] == ["Q", ""]


# -- the database goes away mid-write and comes back ------------------------------------------------
def _answer():
    from mmer.results import AnswerResult, Word

    words = [Word(t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate("I led the team for a year.".split())]
    return AnswerResult(duration=4.0, words=words, video=video_result(), text=text_result(), model_version="test")


def test_a_failure_midway_writes_nothing(store, monkeypatch):
    """The answer's parts go in one transaction: the connection dropping after some rows were sent
    leaves none of them, the error says so, and the next answer is stored whole."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    real_flush = Session.flush

    def dropped(self, *args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(Session, "flush", dropped)
    with pytest.raises(StoreError, match="did not accept the write: server closed the connection"):
        store.add_answer("s1", _answer())
    monkeypatch.setattr(Session, "flush", real_flush)
    assert store.count() == 0 and store.results("s1") == []
    assert len(store.add_answer("s1", _answer())) == 3 and store.count() == 3


def test_locked_sqlite_is_reported_then_recovers(tmp_path):
    import sqlite3

    path = tmp_path / "results.sqlite"
    store = ResultStore(f"sqlite:///{path}", busy_timeout=0.2)
    locker = sqlite3.connect(path, timeout=0)
    locker.execute("BEGIN EXCLUSIVE")  # another program holds the file
    with pytest.raises(StoreError, match="did not accept the write: database is locked"):
        store.add_answer("s1", _answer())
    locker.rollback()
    locker.close()
    assert store.count() == 0
    assert len(store.add_answer("s1", _answer())) == 3 and store.count() == 3


@pytest.mark.slow
def test_postgres_stopped_and_started_again():
    from harness import TemporaryPostgres, postgres_binaries

    if postgres_binaries() is None:
        pytest.skip("no PostgreSQL server installed (Debian: apt-get install postgresql; .ci/run does)")
    server = TemporaryPostgres()
    with server as url:
        store = ResultStore(url)
        store.add_answer("s0", _answer())
        server.stop()  # the class server's database goes away
        with pytest.raises(StoreError, match="did not accept the write"):
            store.add_answer("s1", _answer())
        with pytest.raises(StoreError, match="cannot be read"):
            store.others("video")
        server.start()  # and comes back: the next answer is stored, the failed one left nothing
        assert len(store.add_answer("s2", _answer())) == 3
        assert store.count() == 6 and store.results("s1") == []
        store.close()
