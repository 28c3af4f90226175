"""Practice history: the sessions a candidate chose to keep under a practice code (only the
code's SHA-256 is stored, see :mod:`mmer.session`), and their figures over visits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..session import practice_code_key
from .schema import CandidateSession, PracticeLink, StoredResult
from .statistics import session_measures


def link_practice(store, code: str, session_id: str, role: str = "") -> None:
    """Keep ``session_id`` under the practice ``code`` (a candidate's own choice), so that
    :func:`practice_history` finds it on a later visit."""
    key = practice_code_key(code)

    def write():
        with Session(store.engine) as db, db.begin():
            if db.get(CandidateSession, session_id) is None:
                db.add(CandidateSession(id=session_id, source="interview"))
            link = db.get(PracticeLink, session_id)
            if link is None:
                db.add(PracticeLink(session_id=session_id, code_key=key, role=role[:80]))
            else:
                link.code_key, link.role = key, role[:80]

    store.run(write)


def practice_sessions(store, code: str) -> list[str]:
    """The ids of the sessions kept under ``code``, oldest first."""
    key = practice_code_key(code)
    query = select(PracticeLink.session_id).where(PracticeLink.code_key == key).order_by(PracticeLink.created_at)

    def read():
        with Session(store.engine) as db:
            return list(db.scalars(query))

    return store.run(read, failing="cannot be read")


def practice_history(store, code: str) -> list[dict]:
    """One row per session kept under ``code``, oldest first: when, the role, the questions,
    and the session's measures (mean pace, fillers per minute and long pauses of its spoken
    answers, facing the camera, most frequent face and voice emotion, mean perceived traits).
    A measure no answer of that session had is None.

    >>> from mmer.store import ResultStore
    >>> practice_history(ResultStore("sqlite://"), "7KQ4-PX2D-M9RB")
    []
    """
    key = practice_code_key(code)

    def read():
        with Session(store.engine) as db:
            links = list(db.scalars(select(PracticeLink).where(PracticeLink.code_key == key)
                                    .order_by(PracticeLink.created_at)))
            history = []
            for link in links:
                rows = list(db.scalars(select(StoredResult).where(StoredResult.session_id == link.session_id)
                                       .order_by(StoredResult.id)))
                history.append(session_measures(link, rows))
            return history

    return store.run(read, failing="cannot be read")


def delete_practice(store, code: str) -> int:
    """Delete every session kept under ``code`` with all its results and recordings
    ("Delete my results"); returns how many results went."""
    return sum(store.delete_session(session_id) for session_id in practice_sessions(store, code))
