"""Where results are kept, so every candidate can be compared with the others.

SQLAlchemy, so the same code runs on a SQLite file (default: one per user, in the user's data
folder) and on a class server's PostgreSQL (``MMER_DATABASE_URL=postgresql://...``).

What is stored: for each candidate *session* (one visit to the dashboard, identified by a
random id, no name), each analysis's summary figures (emotion shares or trait probabilities,
dominant emotion or most visible trait: what each result kind says it stores), the question, the
time and the model version. Raw recordings are stored only when the user ticks "keep my
recording" (table ``recordings``).

Several Voilà kernels write at once (one per browser tab): SQLite runs in WAL mode with a busy
timeout, and writes are retried when the database is momentarily locked; each write is one
transaction, so a result is either stored whole or not at all.

On a class's JupyterHub, students' servers hold no database password: they store and compare
through the class's results service (:mod:`~mmer.store.service`, its client
:class:`~mmer.store.remote.ServiceResultStore`). :func:`open_store` opens whichever applies.

One module per concern: :mod:`~mmer.store.schema` (the tables), :mod:`~mmer.store.repository`
(:class:`ResultStore`: opening, writing, reading, retries), :mod:`~mmer.store.statistics` (other
candidates' figures and the privacy rule), :mod:`~mmer.store.practice` (practice history) and
:mod:`~mmer.store.formats` (CSV and ``mmer batch`` files).
"""

from ..errors import AccessDeniedError, StoreError
from .formats import spreadsheet_safe
from .repository import CONNECTION_RETRIES, ResultStore, default_database_url, passing_failure, stored_parts
from .schema import Base, CandidateSession, PracticeLink, Recording, SessionOwner, StoredResult, scores_of
from .statistics import MIN_CANDIDATES_PER_WORD

__all__ = ["open_store", "ResultStore", "StoreError", "AccessDeniedError", "default_database_url", "passing_failure",
           "scores_of", "stored_parts", "spreadsheet_safe", "MIN_CANDIDATES_PER_WORD", "CONNECTION_RETRIES", "Base",
           "CandidateSession", "StoredResult", "Recording", "PracticeLink", "SessionOwner"]


def open_store(url: str | None = None):
    """The results store to use: ``url`` if given (an ``http(s)://`` address is a class's results
    service, anything else a SQLAlchemy database URL); else, on a class hub, the results service
    the hub set (``MMER_RESULTS_SERVICE_URL``); else :func:`default_database_url`.

    >>> open_store("sqlite://").display_url()
    'sqlite://'
    """
    from ..config import results_service_url

    if url is None:
        url = results_service_url()
    if url is not None and url.lower().startswith(("http://", "https://")):
        from .remote import ServiceResultStore

        return ServiceResultStore(url)
    return ResultStore(url)
