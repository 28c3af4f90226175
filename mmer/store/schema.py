"""The tables of the results store (SQLAlchemy's declarative mapping), the same on SQLite and
PostgreSQL, and how they are created when several kernels open an empty database at once."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

_CREATE_TABLES_LOCK = 0x6D6D6572  # any constant shared by all MMER processes ('mmer')


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


class SessionOwner(Base):
    """Who owns a session where the store is shared by a class through the results service
    (:mod:`mmer.store.service`): the student's JupyterHub login. A table of its own (not a column
    of ``sessions``), so an existing database gains it without a migration; sessions written
    outside a hub have no row here and belong to nobody on the service."""

    __tablename__ = "session_owners"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    owner: Mapped[str] = mapped_column(String(255), index=True)


def scores_of(result) -> tuple[str, dict, str | None, dict]:
    """``(modality, scores, headline, details)``: the row fields of a result, as each kind says
    what it stores (:meth:`mmer.Result.stored_scores`)."""
    from ..errors import InvalidArgumentError
    from ..results import Result

    if not isinstance(result, Result):
        raise InvalidArgumentError(f"cannot store a {type(result).__name__}")
    return (result.kind, *result.stored_scores())


def create_tables(engine) -> None:
    """Create the tables that are missing, one kernel at a time: kernels opening a new database
    together otherwise race (PostgreSQL fails on pg_type's unique index; SQLite creates tables one
    statement at a time, so a loser finds some tables made and others not yet). PostgreSQL: an
    advisory lock; SQLite: an exclusive transaction, which the next kernel waits for (busy
    timeout) and then finds every table made."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_CREATE_TABLES_LOCK})")
        elif connection.dialect.name == "sqlite":
            # Python's sqlite3 opens no transaction before DDL on its own; this one holds the
            # lock until engine.begin() commits.
            connection.exec_driver_sql("BEGIN EXCLUSIVE")
        Base.metadata.create_all(connection)


def sqlite_pragmas(dbapi_connection, busy_ms: int):
    cursor = dbapi_connection.cursor()
    # busy_timeout: a writer waits for another one instead of failing at once; WAL: readers never
    # block the writer and vice versa; foreign keys: cascading deletes.
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")  # first: switching to WAL takes a lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
