"""``ResultStore``: the results database, opened from a URL, where every write is one transaction
tried again while the failure is one that passes (another kernel holding SQLite's lock, a server
restarting), and every lasting failure a :class:`~mmer.errors.StoreError` saying why."""

from __future__ import annotations

import sqlite3
import time
import uuid

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..errors import AccessDeniedError, MMERError, StoreError
from . import formats, practice, statistics
from .schema import (CandidateSession, PracticeLink, Recording, SessionOwner, StoredResult, create_tables, scores_of,
                     sqlite_pragmas)

#: Times a write is tried again after the server's connection dropped (a restart takes a moment).
CONNECTION_RETRIES = 3
#: PostgreSQL's SQLSTATEs of a connection that failed or was ended by the server (class 08,
#: "connection exception"; 57P01-57P03: the server shutting down or starting up).
_SERVER_GONE_STATES = ("08", "57P01", "57P02", "57P03")


def default_database_url() -> str:
    """``MMER_DATABASE_URL`` if set (:mod:`mmer.config`), else a SQLite file in the user's data folder."""
    from pathlib import Path

    from ..config import database_url

    url = database_url()
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("mmer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'results.sqlite'}"


def passing_failure(exc: DBAPIError) -> str | None:
    """Why a database call failed, when trying again may help, decided by the signals of
    SQLAlchemy and the drivers rather than by message text: ``"gone"`` when SQLAlchemy invalidated
    the connection (it died under us) or the PostgreSQL driver could not reach the server
    (psycopg's connection errors: SQLSTATE class 08, a server shutting down, or no SQLSTATE at all
    since no server answered); ``"locked"`` when SQLite reports another writer (SQLITE_BUSY,
    SQLITE_LOCKED); else None."""
    if exc.connection_invalidated:
        return "gone"
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return "locked" if code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) else None
    if type(orig).__module__.split(".")[0] == "psycopg" and hasattr(orig, "sqlstate"):
        state = orig.sqlstate
        if state is None and type(orig).__name__ == "OperationalError":
            return "gone"
        if state is not None and state.startswith(_SERVER_GONE_STATES):
            return "gone"
    return None


def stored_parts(result) -> list[dict]:
    """The rows a result is stored as, one per :attr:`~mmer.Result.parts` (an answer: its face,
    voice, perceived traits and delivery): ``{"modality", "scores", "headline", "details",
    "model_version"}``, plain data that :meth:`ResultStore.add_parts` writes (and that the results
    service receives from a student's server).

    >>> from mmer.examples import example_answer
    >>> [p["modality"] for p in stored_parts(example_answer(10.0))]
    ['video', 'audio', 'text', 'answer']
    """
    parts = []
    for part in result.parts.values():
        modality, scores, headline, details = scores_of(part)
        parts.append({"modality": modality, "scores": scores, "headline": headline, "details": details,
                      "model_version": part.model_version})
    return parts


class Comparing:
    """What every results store does the same way with the calls it has (:meth:`others`,
    :meth:`add_parts`): store a result's parts and compare it with other candidates. Shared by
    :class:`ResultStore` (a database) and :class:`~mmer.store.remote.ServiceResultStore` (a
    class's results service on JupyterHub)."""

    def add_result(self, session_id: str, result, question: str = "", recording: bytes | None = None,
                   filename: str = "recording.webm") -> int:
        """Store one analysis of ``session_id`` (see :meth:`add_answer`); returns its row's id
        (an answer's first part's)."""
        return self.add_parts(session_id, stored_parts(result), question, recording, filename)[0]

    def add_answer(self, session_id: str, answer, question: str = "", recording: bytes | None = None,
                   filename: str = "recording.webm") -> list[int]:
        """Store a result as its :attr:`~mmer.Result.parts` (an answer: its face, voice, the
        perceived traits of what was said and its delivery measures, so each is compared with the
        same kind from other candidates); ``recording`` only if the user chose to keep it (with
        the first part). All parts are written in one transaction: if the database fails midway,
        none of them is stored. Returns the stored rows' ids."""
        return self.add_parts(session_id, stored_parts(answer), question, recording, filename)

    def compare(self, result, exclude_sessions=()) -> dict:
        """What other candidates got, for every kind of result ``result`` holds (its
        :attr:`~mmer.Result.parts`; a session: its answers' parts): ``{kind: others(kind) or None}``.
        ``exclude_sessions``: the candidate's own sessions, never compared with themselves.

        >>> from mmer.examples import example_answer
        >>> store = ResultStore("sqlite://")
        >>> sorted(store.compare(example_answer(10.0)).items())
        [('answer', None), ('audio', None), ('text', None), ('video', None)]
        """
        answers = getattr(result, "answers", None)
        kinds = {kind for a in answers for kind in a.result.parts} if answers is not None else set(result.parts)
        exclude = statistics.session_ids(exclude_sessions)
        return {kind: self.others(kind, exclude_session=exclude) for kind in sorted(kinds)}

    def save_and_compare(self, session_id: str, result, question: str = "", recording: bytes | None = None,
                         filename: str = "recording.webm") -> dict:
        """Store ``result`` (:meth:`add_answer`) and return what other candidates got for each of
        its parts (:meth:`compare`, leaving out ``session_id``): what the dashboard does with
        every answer.

        >>> from mmer.examples import example_answer
        >>> store = ResultStore("sqlite://")
        >>> first, second = store.new_session(), store.new_session()
        >>> _ = store.save_and_compare(first, example_answer(10.0))
        >>> store.save_and_compare(second, example_answer(10.0))["video"]["candidates"]
        1
        """
        self.add_parts(session_id, stored_parts(result), question, recording, filename)
        return self.compare(result, exclude_sessions=[session_id])


class ResultStore(Comparing):
    """The results database. ``ResultStore()`` opens the default one (see :func:`default_database_url`).

    >>> store = ResultStore("sqlite://")   # in memory
    >>> from mmer.examples import example_answer
    >>> ids = store.add_answer(store.new_session(), example_answer(10.0), question="Why this job?")
    >>> sorted(r["modality"] for r in store.results())
    ['answer', 'audio', 'text', 'video']
    """

    def __init__(self, url: str | None = None, retries: int = 8, busy_timeout: float = 10.0):
        """``busy_timeout``: seconds a SQLite writer waits for another one before the write is
        refused (a kernel's write takes milliseconds: waiting longer only keeps the user waiting)."""
        self.url = url or default_database_url()
        self.retries = retries
        self.busy_timeout = busy_timeout
        try:
            # pre-ping: after a server restart, a pooled connection that died is replaced, not used.
            self.engine = create_engine(self.url, future=True, pool_pre_ping=True)
            if self.engine.dialect.name == "sqlite":
                busy_ms = int(busy_timeout * 1000)
                event.listen(self.engine, "connect", lambda connection, _: sqlite_pragmas(connection, busy_ms))
            self.run(lambda: create_tables(self.engine), failing="cannot be opened")
        except MMERError:
            raise
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open the results database {self.display_url()}: {exc}") from None

    def display_url(self) -> str:
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return "(invalid URL)"

    def run(self, fn, failing: str = "did not accept the write"):
        """Run ``fn`` (one transaction), again while it fails in a way that passes
        (:func:`passing_failure`): a few times for a server that went away, once more for SQLite's
        lock after its own busy timeout. A failure that lasts becomes a :class:`StoreError`
        saying why. A transaction that fails is rolled back whole: nothing is half-written."""
        for attempt in range(self.retries):
            try:
                return fn()
            except DBAPIError as exc:
                why = passing_failure(exc)
                if (why is None or attempt == self.retries - 1 or (why == "gone" and attempt >= CONNECTION_RETRIES)
                        or (why == "locked" and attempt >= 1)):
                    first_line = (str(exc.orig).strip().splitlines() or [""])[0][:200]
                    raise StoreError(f"the results database {self.display_url()} {failing}: {first_line}") from exc
                time.sleep(0.05 * 2**attempt)

    # -- writing ---------------------------------------------------------------------------------
    # ``owner``: the student's login where the results service writes for a class
    # (:mod:`mmer.store.service`); None everywhere else (one candidate's own database, a batch).
    def new_session(self, source: str = "dashboard", owner: str | None = None) -> str:
        session_id = str(uuid.uuid4())

        def write():
            with Session(self.engine) as db, db.begin():
                db.add(CandidateSession(id=session_id, source=source))
                if owner is not None:
                    db.add(SessionOwner(session_id=session_id, owner=owner))

        self.run(write)
        return session_id

    def add_parts(self, session_id: str, parts: list[dict], question: str = "", recording: bytes | None = None,
                  filename: str = "recording.webm", owner: str | None = None) -> list[int]:
        """Write the rows of one result (:func:`stored_parts`) in one transaction; a session that
        does not exist yet is made (``owner``'s). Returns the rows' ids. With ``owner``, a session
        that is someone else's raises :class:`~mmer.errors.AccessDeniedError` and nothing is written."""

        def write():
            with Session(self.engine) as db, db.begin():
                ensure_session(db, session_id, owner)
                rows = []
                for i, part in enumerate(parts):
                    row = StoredResult(session_id=session_id, modality=part["modality"], question=question[:500],
                                       model_version=str(part.get("model_version") or "")[:80],
                                       headline=part.get("headline"), scores=part["scores"],
                                       details=part.get("details") or {})
                    if recording is not None and i == 0:
                        row.recording = Recording(filename=filename[:200], content=bytes(recording))
                    db.add(row)
                    rows.append(row)
                db.flush()
                return [row.id for row in rows]

        return self.run(write)

    def delete_session(self, session_id: str, owner: str | None = None) -> int:
        """Delete a candidate's results (and kept recordings); returns how many results went.
        With ``owner``, only that student's session (else :class:`~mmer.errors.AccessDeniedError`)."""

        def write():
            with Session(self.engine) as db, db.begin():
                if db.get(CandidateSession, session_id) is not None:
                    check_owner(db, session_id, owner)
                ids = db.scalars(select(StoredResult.id).where(StoredResult.session_id == session_id)).all()
                if ids:
                    db.execute(delete(Recording).where(Recording.result_id.in_(ids)))
                    db.execute(delete(StoredResult).where(StoredResult.id.in_(ids)))
                db.execute(delete(PracticeLink).where(PracticeLink.session_id == session_id))
                db.execute(delete(SessionOwner).where(SessionOwner.session_id == session_id))
                db.execute(delete(CandidateSession).where(CandidateSession.id == session_id))
                return len(ids)

        return self.run(write)

    def delete_sessions_of(self, owner: str) -> int:
        """Delete every session of ``owner`` (a student's login on a class hub), kept as practice
        or not: *Delete my results* there. Returns how many results went."""
        return sum(self.delete_session(session_id, owner=owner) for session_id in self.sessions_of(owner))

    def sessions_of(self, owner: str) -> list[str]:
        """The ids of the sessions ``owner`` (a student's login on a class hub) wrote, oldest first."""
        query = (select(SessionOwner.session_id).join(CandidateSession, CandidateSession.id == SessionOwner.session_id)
                 .where(SessionOwner.owner == owner).order_by(CandidateSession.created_at))

        def read():
            with Session(self.engine) as db:
                return list(db.scalars(query))

        return self.run(read, failing="cannot be read")

    # -- reading ---------------------------------------------------------------------------------
    def results(self, session_id: str | None = None, modality: str | None = None) -> list[dict]:
        query = select(StoredResult).order_by(StoredResult.id)
        if session_id is not None:
            query = query.where(StoredResult.session_id == session_id)
        if modality is not None:
            query = query.where(StoredResult.modality == modality)

        def read():
            with Session(self.engine) as db:
                return [
                    {"id": r.id, "session_id": r.session_id, "modality": r.modality, "question": r.question,
                     "created_at": r.created_at, "model_version": r.model_version, "headline": r.headline,
                     "scores": dict(r.scores), "details": dict(r.details or {}),
                     "kept_recording": r.recording is not None}
                    for r in db.scalars(query)
                ]

        return self.run(read, failing="cannot be read")

    def count(self, modality: str | None = None) -> int:
        query = select(func.count(StoredResult.id))
        if modality:
            query = query.where(StoredResult.modality == modality)

        def read():
            with Session(self.engine) as db:
                return int(db.scalar(query))

        return self.run(read, failing="cannot be read")

    # -- the store's other concerns, each in its own module ------------------------------------------
    def others(self, modality: str, exclude_session=None) -> dict | None:
        """What other candidates got (:func:`mmer.store.statistics.others`)."""
        return statistics.others(self, modality, exclude_session)

    def link_practice(self, code: str | None, session_id: str, role: str = "", owner: str | None = None) -> None:
        """:func:`mmer.store.practice.link_practice`."""
        practice.link_practice(self, code, session_id, role, owner=owner)

    def practice_sessions(self, code: str | None, owner: str | None = None) -> list[str]:
        """:func:`mmer.store.practice.practice_sessions`."""
        return practice.practice_sessions(self, code, owner=owner)

    def practice_history(self, code: str | None, owner: str | None = None) -> list[dict]:
        """:func:`mmer.store.practice.practice_history`."""
        return practice.practice_history(self, code, owner=owner)

    def delete_practice(self, code: str) -> int:
        """:func:`mmer.store.practice.delete_practice`."""
        return practice.delete_practice(self, code)

    def import_csv(self, path) -> int:
        """:func:`mmer.store.formats.import_csv`."""
        return formats.import_csv(self, path)

    def import_batch(self, path) -> int:
        """:func:`mmer.store.formats.import_batch`."""
        return formats.import_batch(self, path)

    def export_csv(self, path) -> int:
        """:func:`mmer.store.formats.export_csv`."""
        return formats.export_csv(self, path)

    def close(self):
        self.engine.dispose()


def ensure_session(db, session_id: str, owner: str | None, source: str = "dashboard") -> None:
    """Inside a transaction: make ``session_id`` (``owner``'s) if it does not exist yet, else
    check that it is ``owner``'s (:func:`check_owner`)."""
    if db.get(CandidateSession, session_id) is None:
        db.add(CandidateSession(id=session_id, source=source))
        if owner is not None:
            db.add(SessionOwner(session_id=session_id, owner=owner))
    else:
        check_owner(db, session_id, owner)


def check_owner(db, session_id: str, owner: str | None) -> None:
    """Raise :class:`~mmer.errors.AccessDeniedError` unless ``session_id`` is ``owner``'s (no
    check without an owner: a database of one's own)."""
    if owner is None:
        return
    row = db.get(SessionOwner, session_id)
    if row is None or row.owner != owner:
        raise AccessDeniedError("that session is not yours: a student can only change their own results")
