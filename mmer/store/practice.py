"""Practice history: the sessions a candidate chose to keep under a practice code (only the
code's SHA-256 is stored, see :mod:`mmer.session`), and their figures over visits.

On a class hub the results service (:mod:`mmer.store.service`) passes the student's login as
``owner``: then only that student's sessions are found, and the code is not needed (None: every
session the student kept), since the hub already knows who they are.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..session import practice_code_key
from ..errors import InvalidArgumentError
from .schema import PracticeLink, SessionOwner, StoredResult
from .statistics import session_measures


def _links(code: str | None, owner: str | None):
    """The query of the practice links kept under ``code`` and/or by ``owner``, oldest first."""
    if code is None and owner is None:
        raise InvalidArgumentError("a practice code is needed to find practice sessions")
    query = select(PracticeLink).order_by(PracticeLink.created_at)
    if code is not None:
        query = query.where(PracticeLink.code_key == practice_code_key(code))
    if owner is not None:
        query = query.where(PracticeLink.session_id.in_(select(SessionOwner.session_id)
                                                        .where(SessionOwner.owner == owner)))
    return query


def link_practice(store, code: str | None, session_id: str, role: str = "", owner: str | None = None) -> None:
    """Keep ``session_id`` under the practice ``code`` (a candidate's own choice), so that
    :func:`practice_history` finds it on a later visit. With ``owner``, only their own session
    (:class:`~mmer.errors.AccessDeniedError` otherwise)."""
    from .repository import ensure_session

    if code is None and owner is None:
        raise InvalidArgumentError("a practice code is needed to keep a practice session")
    key = practice_code_key(code) if code is not None else ""

    def write():
        with Session(store.engine) as db, db.begin():
            ensure_session(db, session_id, owner, source="interview")
            link = db.get(PracticeLink, session_id)
            if link is None:
                db.add(PracticeLink(session_id=session_id, code_key=key, role=role[:80]))
            else:
                link.code_key, link.role = key, role[:80]

    store.run(write)


def practice_sessions(store, code: str | None, owner: str | None = None) -> list[str]:
    """The ids of the sessions kept under ``code`` (and/or by ``owner``), oldest first."""
    query = _links(code, owner)

    def read():
        with Session(store.engine) as db:
            return [link.session_id for link in db.scalars(query)]

    return store.run(read, failing="cannot be read")


def practice_history(store, code: str | None, owner: str | None = None) -> list[dict]:
    """One row per session kept under ``code``, oldest first: when, the role, the questions,
    and the session's measures (mean pace, fillers per minute and long pauses of its spoken
    answers, facing the camera, most frequent face and voice emotion, mean perceived traits).
    A measure no answer of that session had is None.

    >>> from mmer.store import ResultStore
    >>> practice_history(ResultStore("sqlite://"), "7KQ4-PX2D-M9RB")
    []
    """
    query = _links(code, owner)

    def read():
        with Session(store.engine) as db:
            links = list(db.scalars(query))
            history = []
            for link in links:
                rows = list(db.scalars(select(StoredResult).where(StoredResult.session_id == link.session_id)
                                       .order_by(StoredResult.id)))
                history.append(session_measures(link, rows))
            return history

    return store.run(read, failing="cannot be read")


def delete_practice(store, code: str) -> int:
    """Delete every session kept under ``code`` with all its results and recordings ("Delete my
    results"; on a class hub: :meth:`~mmer.store.ResultStore.delete_sessions_of`); returns how
    many results went."""
    return sum(store.delete_session(session_id) for session_id in practice_sessions(store, code))
