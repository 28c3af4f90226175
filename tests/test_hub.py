"""A class on JupyterHub: the results service that stores for the students (who never hold the
class database's password), tested here over HTTP with tokens the test hands out; the real hub
(login, spawn, the dashboard through the proxy, culling) is in tests/test_hub_live.py."""

from __future__ import annotations

import pytest

from mmer.errors import AccessDeniedError, InvalidArgumentError, StoreError
from mmer.examples import example_answer
from mmer.store import ResultStore, open_store
from mmer.store.remote import ServiceResultStore

#: token -> the user model the hub would answer for it
USERS = {"tok-alice": {"name": "alice", "groups": []}, "tok-bob": {"name": "bob", "groups": []},
         "tok-teacher": {"name": "ms-lee", "groups": ["teachers"]}}


@pytest.fixture
def service(tmp_path):
    from harness import TornadoInThread

    from mmer.store.service import make_app

    async def identify(token):
        return USERS.get(token)

    database = ResultStore(f"sqlite:///{tmp_path / 'class.sqlite'}")
    with TornadoInThread(make_app(database, identify, prefix="/services/mmer-results/")) as url:
        yield url + "services/mmer-results/", database
    database.close()


def as_student(service, token):
    return ServiceResultStore(service[0], token=token)


def test_students_store_and_compare_as_themselves(service):
    alice, bob = as_student(service, "tok-alice"), as_student(service, "tok-bob")
    assert (alice.signed_in_as, bob.signed_in_as) == ("alice", "bob")
    mine = alice.new_session()
    others = alice.save_and_compare(mine, example_answer(10.0, seed=1), question="Why this job?")
    assert others["video"] is None  # nobody else yet
    theirs = bob.new_session()
    compared = bob.save_and_compare(theirs, example_answer(10.0, seed=2))
    assert compared["video"]["candidates"] == 1 and compared["answer"]["results"] == 1
    # the rows are in the class database, each session owned by its student
    database = service[1]
    assert {r["session_id"] for r in database.results()} == {mine, theirs}
    assert database.sessions_of("alice") == [mine] and database.sessions_of("bob") == [theirs]
    assert [r["question"] for r in alice.results(mine, modality="video")] == ["Why this job?"]


def test_a_student_cannot_touch_another_students_results(service):
    alice, bob = as_student(service, "tok-alice"), as_student(service, "tok-bob")
    hers = alice.new_session()
    alice.add_answer(hers, example_answer(10.0, seed=1))
    alice.link_practice(None, hers, role="nurse")
    before = service[1].results(hers)
    with pytest.raises(AccessDeniedError):
        bob.results(hers)
    with pytest.raises(AccessDeniedError):
        bob.delete_session(hers)
    with pytest.raises(AccessDeniedError):
        bob.add_answer(hers, example_answer(10.0, seed=2))
    with pytest.raises(AccessDeniedError):
        bob.link_practice(None, hers)
    assert bob.practice_history() == [] and bob.delete_practice() == 0
    assert service[1].results(hers) == before
    assert [h["role"] for h in alice.practice_history()] == ["nurse"]
    # excluding her session from the comparison would reveal it by difference: ignored
    assert bob.others("video", exclude_session=[hers])["candidates"] == 1
    # a student cannot read the class figures or the export
    with pytest.raises(AccessDeniedError):
        bob.class_figures()
    with pytest.raises(AccessDeniedError):
        bob.export_csv(service[1].url)
    # ... but can delete their own: everything, kept as practice or not
    other_visit = alice.new_session()
    alice.add_answer(other_visit, example_answer(10.0, seed=3))
    assert alice.delete_practice() == 8
    assert service[1].results(hers) == service[1].results(other_visit) == [] and alice.practice_history() == []
    assert service[1].sessions_of("alice") == []


def test_the_teacher_reads_the_class_figures_never_a_recording(service, tmp_path):
    alice, teacher = as_student(service, "tok-alice"), as_student(service, "tok-teacher")
    session = alice.new_session()
    alice.add_answer(session, example_answer(10.0, seed=1), recording=b"\x1aE\xdf\xa3 webm bytes")
    assert teacher.teacher and not alice.teacher
    figures = teacher.class_figures()
    assert figures["results"] == 4 and figures["kinds"]["video"]["candidates"] == 1
    assert teacher.export_csv(tmp_path / "class.csv") == 3  # face, voice, text (as export_csv writes)
    exported = (tmp_path / "class.csv").read_text()
    assert "webm" not in exported and "alice" not in exported
    with pytest.raises(AccessDeniedError):  # the teacher's role does not open anyone's session
        teacher.results(session)


def test_no_token_or_a_wrong_one_is_refused(service, monkeypatch):
    with pytest.raises(AccessDeniedError):
        ServiceResultStore(service[0], token="forged")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    with pytest.raises(StoreError, match="JupyterHub token"):
        ServiceResultStore(service[0])
    alice = as_student(service, "tok-alice")
    with pytest.raises(InvalidArgumentError):
        alice.others("horoscope")


def test_open_store_picks_the_service_on_a_hub(service, monkeypatch, tmp_path):
    monkeypatch.setenv("MMER_RESULTS_SERVICE_URL", service[0])
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-bob")
    monkeypatch.setenv("MMER_DATABASE_URL", f"sqlite:///{tmp_path / 'never.sqlite'}")
    store = open_store()
    assert isinstance(store, ServiceResultStore) and store.signed_in_as == "bob"
    assert isinstance(open_store(f"sqlite:///{tmp_path / 'own.sqlite'}"), ResultStore)
    assert not (tmp_path / "never.sqlite").exists()


def test_the_practice_panel_keeps_history_under_the_login(service):
    from mmer.widgets.practice import PracticePanel

    alice = as_student(service, "tok-alice")
    session = alice.new_session()
    alice.add_answer(session, example_answer(10.0, seed=1))
    alice.link_practice(None, session, role="teacher")
    panel = PracticePanel(lambda: alice)
    assert panel.sign_in(alice)
    assert panel.code_row.layout.display == "none" and "course login, alice" in panel.intro.value
    assert [h["role"] for h in panel.history] == ["teacher"]
    later = alice.new_session()
    alice.add_answer(later, example_answer(10.0, seed=3))
    assert panel.keep(later, role="engineer") and len(panel.history) == 2
    assert panel.delete() == 8 and "your login, alice" in panel.status.value
    assert not PracticePanel(lambda: None).sign_in(ResultStore("sqlite://"))


def test_the_teachers_command_line_goes_through_the_service(service, monkeypatch, tmp_path, capsys):
    """In the teacher's own server on the hub, `mmer store stats` and `export` need no database URL."""
    from mmer.cli import main

    alice = as_student(service, "tok-alice")
    alice.add_answer(alice.new_session(), example_answer(10.0, seed=1))
    monkeypatch.setenv("MMER_RESULTS_SERVICE_URL", service[0])
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-teacher")
    assert main(["store", "stats"]) == 0
    out = capsys.readouterr().out
    assert "(as ms-lee)" in out and "video: 1 results from 1 candidates" in out
    assert main(["store", "export", str(tmp_path / "class.csv")]) == 0
    assert "exported 3 results" in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-bob")  # a student: the figures yes, the export no
    assert main(["store", "stats"]) == 0
    assert main(["store", "export", str(tmp_path / "mine.csv")]) != 0
    assert "only the class's teachers" in capsys.readouterr().err


def test_a_malformed_result_is_refused_and_the_class_figures_survive(service):
    """What one student sends is read by everyone's comparisons: it must have the stored shape."""
    from mmer.store import stored_parts

    alice, bob = as_student(service, "tok-alice"), as_student(service, "tok-bob")
    session = alice.new_session()
    good = stored_parts(example_answer(10.0, seed=1))
    bad_parts = [
        [{**good[0], "scores": {"happy": "very"}}],
        [{**good[0], "scores": {"happy": float("nan")}}],
        [{**good[0], "modality": "horoscope"}],
        [{**good[0], "headline": "x" * 500}],
        [{**good[0], "details": {"top_words": [["team", "many"]]}}],
        [],
    ]
    for parts in bad_parts:
        with pytest.raises(InvalidArgumentError):
            alice.add_parts(session, parts)
    with pytest.raises(InvalidArgumentError):
        alice._call("POST", f"sessions/{session}/results", {"parts": good, "recording": "not base64!"})
    alice.add_parts(session, good)
    assert bob.others("video")["candidates"] == 1 and service[1].count() == 4


def test_a_write_that_may_have_arrived_is_not_sent_twice(service, monkeypatch):
    """No answer in time to a POST: it may be stored already, so it is not sent again (a result is
    stored once); a refused connection (the service restarting) is tried again."""
    import urllib.error
    import urllib.request

    alice = as_student(service, "tok-alice")
    session = alice.new_session()
    real, calls = urllib.request.urlopen, []

    def flaky(request, timeout):
        calls.append(request.get_method())
        if len(calls) == 1:
            raise failure
        return real(request, timeout=timeout)

    monkeypatch.setattr(urllib.request, "urlopen", flaky)
    failure = TimeoutError("timed out")
    with pytest.raises(StoreError, match="cannot be reached"):
        alice.add_answer(session, example_answer(10.0, seed=1))
    assert calls == ["POST"]
    calls.clear()
    failure = urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
    alice.add_answer(session, example_answer(10.0, seed=1))
    assert calls == ["POST", "POST"] and len(service[1].results(session)) == 4
