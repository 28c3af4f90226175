"""Where results are kept, so every candidate can be compared with the others.

SQLAlchemy, so the same code runs on a SQLite file (default: one per user, in the user's data
folder) and on a class server's PostgreSQL (``MMER_DATABASE_URL=postgresql://...``).

What is stored: for each candidate *session* (one visit to the dashboard, identified by a
random id, no name), each analysis's summary figures (emotion shares or trait probabilities,
dominant emotion or most visible trait), the question, the time and the model version. Raw
recordings are stored only when the user ticks "keep my recording" (table ``recordings``).

Several Voilà kernels write at once (one per browser tab): SQLite runs in WAL mode with a busy
timeout, and writes are retried when the database is momentarily locked; each write is one
transaction, so a result is either stored whole or not at all.
"""

from __future__ import annotations

import csv
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from .errors import DatasetError, InvalidArgumentError, MMERError, StoreError
from .labels import EMOTIONS, MODALITIES, TRAITS
from .results import AnswerResult


def default_database_url() -> str:
    """``MMER_DATABASE_URL`` if set (:mod:`mmer.config`), else a SQLite file in the user's data folder."""
    from .config import database_url

    url = database_url()
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("mmer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'results.sqlite'}"


def _now():
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class CandidateSession(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    source: Mapped[str] = mapped_column(String(40), default="dashboard")  # or "import"
    results: Mapped[list["StoredResult"]] = relationship(back_populates="session", cascade="all, delete-orphan")


class StoredResult(Base):
    __tablename__ = "results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    modality: Mapped[str] = mapped_column(String(10), index=True)
    question: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    model_version: Mapped[str] = mapped_column(String(80), default="")
    #: dominant emotion (video/audio) or most visible trait (text)
    headline: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: the figures compared between candidates: {emotion: share} or {trait: probability}
    scores: Mapped[dict] = mapped_column(JSON)
    #: the rest of the summary (frames/windows analysed, voiced seconds, top words...)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    session: Mapped[CandidateSession] = relationship(back_populates="results")
    recording: Mapped["Recording | None"] = relationship(cascade="all, delete-orphan", uselist=False)


class Recording(Base):
    """A raw recording, stored only when its owner asked to keep it."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class PracticeLink(Base):
    """A session a candidate chose to keep under a practice code (see :mod:`mmer.session`): only
    the code's SHA-256 is stored, never the code, and nothing else links two visits."""

    __tablename__ = "practice_sessions"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    code_key: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def scores_of(result) -> tuple[str, dict, str | None, dict]:
    """``(modality, scores, headline, details)`` of a result: what each kind says it stores
    (:meth:`mmer.Result.stored_scores`)."""
    from .results import Result

    if not isinstance(result, Result):
        raise InvalidArgumentError(f"cannot store a {type(result).__name__}")
    return (result.kind, *result.stored_scores())


#: Other candidates' common words are shown only when this many different candidates used them.
MIN_CANDIDATES_PER_WORD = 5



#: Messages of a database server that went away (restarted, stopped, network): tried again a few
#: times (a restart takes a moment), then the user is told.
_CONNECTION_LOST = ("connection refused", "could not connect", "server closed the connection", "terminating connection",
                    "connection is closed", "consuming input failed", "the connection is lost", "no connection")
CONNECTION_RETRIES = 3

_CREATE_TABLES_LOCK = 0x6D6D6572  # any constant shared by all MMER processes ('mmer')


class ResultStore:
    """The results database. ``ResultStore()`` opens the default one (see :func:`default_database_url`)."""

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
                event.listen(self.engine, "connect", lambda connection, _: _sqlite_pragmas(connection, busy_ms))
            # SQLite: another kernel may create a table between our check and our CREATE TABLE;
            # trying again then finds it.
            self._with_retry(self._create_tables, also_on="already exists", failing="cannot be opened")
        except OperationalError as exc:
            raise StoreError(f"cannot open the results database {self.display_url()}: {exc.orig}") from None
        except Exception as exc:  # bad URL, missing driver
            if isinstance(exc, MMERError):
                raise
            raise StoreError(f"cannot open the results database {self.display_url()}: {exc}") from None

    def _create_tables(self):
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Kernels opening an empty class database at once would race to create the same
                # tables (one fails on pg_type's unique index): one at a time, the others then
                # find the tables. The lock ends with the transaction.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_CREATE_TABLES_LOCK})")
            Base.metadata.create_all(connection)

    def display_url(self) -> str:
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return "(invalid URL)"

    def _with_retry(self, fn, also_on: str | None = None, failing: str = "did not accept the write"):
        """Run ``fn`` (one transaction) again when SQLite says the database is locked (another
        kernel writing), the server's connection dropped (a restart), or the error message
        contains ``also_on``; a failure that lasts becomes a :class:`StoreError` saying why.
        A transaction that fails is rolled back whole: nothing is half-written."""
        for attempt in range(self.retries):
            try:
                return fn()
            except (OperationalError, DBAPIError) as exc:
                message = str(getattr(exc, "orig", exc)).lower()
                gone = any(x in message for x in _CONNECTION_LOST)
                locked = "locked" in message  # after SQLite's own busy timeout: once more, then say so
                transient = locked or gone or (also_on is not None and also_on in message)
                if (not transient or attempt == self.retries - 1 or (gone and attempt >= CONNECTION_RETRIES)
                        or (locked and attempt >= 1)):
                    first_line = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
                    raise StoreError(f"the results database {self.display_url()} {failing}: {first_line}") from exc
                time.sleep(0.05 * 2**attempt)

    # -- writing ---------------------------------------------------------------------------------
    def new_session(self, source: str = "dashboard") -> str:
        session_id = str(uuid.uuid4())

        def write():
            with Session(self.engine) as db, db.begin():
                db.add(CandidateSession(id=session_id, source=source))

        self._with_retry(write)
        return session_id

    def add_result(self, session_id: str, result, question: str = "", recording: bytes | None = None,
                   filename: str = "recording.webm") -> int:
        """Store one analysis of ``session_id``; ``recording`` only if the user chose to keep it."""
        return self._write_parts(session_id, [result], question, recording, filename)[0]

    def add_answer(self, session_id: str, answer, question: str = "", recording: bytes | None = None,
                   filename: str = "recording.webm") -> list[int]:
        """Store one answer as its parts: the face (video), the voice (audio), the perceived traits
        of what was said (text) and the delivery measures (answer), so each is compared with the
        same kind from other candidates. A kept recording goes with the first part. All parts are
        written in one transaction: if the database fails midway, none of them is stored."""
        return self._write_parts(session_id, list(answer.parts.values()), question, recording, filename)

    def _write_parts(self, session_id, results, question, recording, filename) -> list[int]:
        prepared = [(scores_of(r), r.model_version) for r in results]

        def write():
            with Session(self.engine) as db, db.begin():
                if db.get(CandidateSession, session_id) is None:
                    db.add(CandidateSession(id=session_id))
                rows = []
                for i, ((modality, scores, headline, details), version) in enumerate(prepared):
                    row = StoredResult(session_id=session_id, modality=modality, question=question[:500],
                                       model_version=version[:80], headline=headline, scores=scores, details=details)
                    if recording is not None and i == 0:
                        row.recording = Recording(filename=filename[:200], content=bytes(recording))
                    db.add(row)
                    rows.append(row)
                db.flush()
                return [row.id for row in rows]

        return self._with_retry(write)

    def delete_session(self, session_id: str) -> int:
        """Delete a candidate's results (and kept recordings); returns how many results went."""

        def write():
            with Session(self.engine) as db, db.begin():
                ids = db.scalars(select(StoredResult.id).where(StoredResult.session_id == session_id)).all()
                if ids:
                    db.execute(delete(Recording).where(Recording.result_id.in_(ids)))
                    db.execute(delete(StoredResult).where(StoredResult.id.in_(ids)))
                db.execute(delete(PracticeLink).where(PracticeLink.session_id == session_id))
                db.execute(delete(CandidateSession).where(CandidateSession.id == session_id))
                return len(ids)

        return self._with_retry(write)

    # -- practice codes ------------------------------------------------------------------------------
    def link_practice(self, code: str, session_id: str, role: str = "") -> None:
        """Keep ``session_id`` under the practice ``code`` (a candidate's own choice), so that
        :meth:`practice_history` finds it on a later visit."""
        from .session import practice_code_key

        key = practice_code_key(code)

        def write():
            with Session(self.engine) as db, db.begin():
                if db.get(CandidateSession, session_id) is None:
                    db.add(CandidateSession(id=session_id, source="interview"))
                link = db.get(PracticeLink, session_id)
                if link is None:
                    db.add(PracticeLink(session_id=session_id, code_key=key, role=role[:80]))
                else:
                    link.code_key, link.role = key, role[:80]

        self._with_retry(write)

    def practice_sessions(self, code: str) -> list[str]:
        """The ids of the sessions kept under ``code``, oldest first."""
        from .session import practice_code_key

        key = practice_code_key(code)
        query = select(PracticeLink.session_id).where(PracticeLink.code_key == key).order_by(PracticeLink.created_at)

        def read():
            with Session(self.engine) as db:
                return list(db.scalars(query))

        return self._with_retry(read, failing="cannot be read")

    def practice_history(self, code: str) -> list[dict]:
        """One row per session kept under ``code``, oldest first: when, the role, the questions,
        and the session's measures (mean pace, fillers per minute and long pauses of its spoken
        answers, facing the camera, most frequent face and voice emotion, mean perceived traits).
        A measure no answer of that session had is None.

        >>> store = ResultStore("sqlite://")
        >>> store.practice_history("7KQ4-PX2D-M9RB")
        []
        """
        from .session import practice_code_key

        key = practice_code_key(code)

        def read():
            with Session(self.engine) as db:
                links = list(db.scalars(select(PracticeLink).where(PracticeLink.code_key == key)
                                        .order_by(PracticeLink.created_at)))
                history = []
                for link in links:
                    rows = list(db.scalars(select(StoredResult).where(StoredResult.session_id == link.session_id)
                                           .order_by(StoredResult.id)))
                    history.append(_session_measures(link, rows))
                return history

        return self._with_retry(read, failing="cannot be read")

    def delete_practice(self, code: str) -> int:
        """Delete every session kept under ``code`` with all its results and recordings
        ("Delete my results"); returns how many results went."""
        return sum(self.delete_session(session_id) for session_id in self.practice_sessions(code))

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

        return self._with_retry(read, failing="cannot be read")

    def count(self, modality: str | None = None) -> int:
        query = select(func.count(StoredResult.id))
        if modality:
            query = query.where(StoredResult.modality == modality)

        def read():
            with Session(self.engine) as db:
                return int(db.scalar(query))

        return self._with_retry(read, failing="cannot be read")

    def others(self, modality: str, exclude_session=None) -> dict | None:
        """What other candidates got: ``{"candidates", "results", "scores" (means), "headline"
        (most frequent), "top_words" (text: single words used by at least
        :data:`MIN_CANDIDATES_PER_WORD` different candidates)}``, or None when nobody else has a
        result yet. ``exclude_session``: a session id, or several (the candidate's own)."""
        query = select(StoredResult).where(StoredResult.modality == modality)
        if isinstance(exclude_session, str):
            query = query.where(StoredResult.session_id != exclude_session)
        elif exclude_session:  # several sessions of one candidate (a visit with several interviews)
            query = query.where(StoredResult.session_id.not_in(list(exclude_session)))

        def read():
            with Session(self.engine) as db:
                rows = list(db.scalars(query))
                if not rows:
                    return None
                from .results import result_kinds

                names = result_kinds()[modality].score_names
                means = {}
                for n in names:  # over the results that have the figure (an answer without a face has no facing_camera)
                    values = [float(r.scores[n]) for r in rows if r.scores.get(n) is not None]
                    means[n] = sum(values) / len(values) if values else None
                headlines = Counter(r.headline for r in rows if r.headline)
                words, users = Counter(), {}
                for r in rows:
                    for word, n in (r.details or {}).get("top_words", []):
                        words[word] += int(n)
                        users.setdefault(word, set()).add(r.session_id)
                # Only words that at least MIN_CANDIDATES_PER_WORD different candidates used: one
                # candidate's employer or town must never show up as "what others said".
                words = Counter({w: n for w, n in words.items() if len(users[w]) >= MIN_CANDIDATES_PER_WORD})
                return {
                    "candidates": len({r.session_id for r in rows}),
                    "results": len(rows),
                    "scores": means,
                    "headline": headlines.most_common(1)[0][0] if headlines else None,
                    "top_words": words.most_common(10),
                }

        return self._with_retry(read, failing="cannot be read")

    # -- class imports -----------------------------------------------------------------------------
    def import_csv(self, path) -> int:
        """Import a class's results from CSV; returns the number of results added.

        Columns: ``modality`` (video, audio or text), then the seven emotion columns (shares,
        0..1) for video/audio or the five trait columns (probabilities) for text; optional
        ``candidate`` (rows with the same value are one candidate), ``question``,
        ``model_version``. Missing score columns count as 0; a row with an unknown modality or a
        value that is not a number in 0..1 stops the import before anything is written.
        """
        path = Path(path)
        if not path.is_file():
            raise DatasetError(f"{path} does not exist")
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        if not rows or "modality" not in rows[0]:
            raise DatasetError(f"{path} needs a header with a 'modality' column (video, audio or text)")
        prepared = []
        for line, row in enumerate(rows, start=2):
            modality = (row.get("modality") or "").strip().lower()
            if modality not in MODALITIES:
                raise DatasetError(f"{path.name}, line {line}: modality {row.get('modality')!r} is not video, audio or text")
            names = {"text": TRAITS}.get(modality, EMOTIONS)
            scores = {}
            for name in names:
                raw = (row.get(name) or "0").strip()
                try:
                    value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
                except ValueError:
                    raise DatasetError(f"{path.name}, line {line}: {name}={raw!r} is not a number") from None
                if not 0 <= value <= 1:
                    raise DatasetError(f"{path.name}, line {line}: {name}={raw!r} is not between 0 and 1")
                scores[name] = value
            headline = max(scores, key=scores.get)
            prepared.append((row.get("candidate") or f"row-{line}", modality, scores, headline,
                             row.get("question", ""), row.get("model_version", "imported")))

        def write():
            with Session(self.engine) as db, db.begin():
                sessions = {}
                for candidate, modality, scores, headline, question, version in prepared:
                    if candidate not in sessions:
                        sessions[candidate] = str(uuid.uuid4())
                        db.add(CandidateSession(id=sessions[candidate], source="import"))
                    db.add(StoredResult(session_id=sessions[candidate], modality=modality, question=question[:500],
                                        model_version=(version or "imported")[:80], headline=headline,
                                        scores=scores, details={"imported_from": path.name}))
            return len(prepared)

        return self._with_retry(write)

    def import_batch(self, path) -> int:
        """Import the results of ``mmer batch`` (its Parquet table): every file analysed without
        error becomes one candidate, stored as the dashboard stores an answer (its face, voice,
        traits and delivery measures, each compared with the same kind). Returns the number of
        results added; nothing is written if a row cannot be read.

        >>> ResultStore().import_batch("results.parquet")  # doctest: +SKIP
        96
        """
        import pandas as pd

        from .results import Result

        path = Path(path)
        try:
            table = pd.read_parquet(path)
        except Exception as exc:
            raise DatasetError(f"{path} is not a table written by `mmer batch` ({exc})") from None
        if not {"path", "error", "result"} <= set(table.columns):
            raise DatasetError(f"{path} lacks the path, error and result columns of `mmer batch`")
        prepared = []
        for row in table[table["error"].fillna("") == ""].itertuples():
            try:
                result = Result.from_json(row.result)
            except Exception as exc:
                raise DatasetError(f"{path.name}, {row.path}: its result cannot be read ({exc})") from None
            parts = list(result.parts.values())
            prepared.append((str(row.path), [(scores_of(p), p.model_version) for p in parts]))

        def write():
            added = 0
            with Session(self.engine) as db, db.begin():
                for file, parts in prepared:
                    session_id = str(uuid.uuid4())
                    db.add(CandidateSession(id=session_id, source="batch"))
                    for (modality, scores, headline, details), version in parts:
                        db.add(StoredResult(session_id=session_id, modality=modality, model_version=version[:80],
                                            headline=headline, scores=scores,
                                            details={**details, "imported_from": path.name, "file": file[:300]}))
                        added += 1
            return added

        return self._with_retry(write)

    def export_csv(self, path) -> int:
        """Write every stored face, voice and text result in the format :meth:`import_csv` reads (no
        recordings; an answer's delivery measures are not part of that format)."""
        rows = [r for r in self.results() if r["modality"] in MODALITIES]
        with Path(path).open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, ["candidate", "modality", "question", "model_version", "created_at", *EMOTIONS, *TRAITS])
            writer.writeheader()
            for r in rows:
                writer.writerow({"candidate": r["session_id"], "modality": r["modality"],
                                 "question": spreadsheet_safe(r["question"]),
                                 "model_version": spreadsheet_safe(r["model_version"]),
                                 "created_at": r["created_at"].isoformat(),
                                 **{k: f"{v:.4f}" for k, v in r["scores"].items()}})
        return len(rows)

    def close(self):
        self.engine.dispose()


def _session_measures(link, rows) -> dict:
    def mean(kind, name):
        values = [float(r.scores[name]) for r in rows if r.modality == kind and r.scores.get(name) is not None]
        return sum(values) / len(values) if values else None

    def most_common(kind):
        names = Counter(r.headline for r in rows if r.modality == kind and r.headline)
        return names.most_common(1)[0][0] if names else None

    texts = [r for r in rows if r.modality == "text"]
    return {
        "session_id": link.session_id, "started_at": link.created_at, "role": link.role,
        "questions": list(dict.fromkeys(r.question for r in rows)),
        **{name: mean("answer", name) for name in AnswerResult.score_names},
        "face_emotion": most_common("video"), "voice_emotion": most_common("audio"),
        "traits": {t: mean("text", t) for t in TRAITS} if texts else None,
    }


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs as a formula: a cell
    starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe (OWASP's
    advice against CSV injection), e.g. a question typed as ``=HYPERLINK(...)``.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("Tell us about a team.")
    ("'=1+1", 'Tell us about a team.')
    """
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _sqlite_pragmas(dbapi_connection, busy_ms: int):
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer and vice versa; busy_timeout: a writer waits for another
    # one instead of failing at once; foreign keys: cascading deletes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
