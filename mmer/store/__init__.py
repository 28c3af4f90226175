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

One module per concern: :mod:`~mmer.store.schema` (the tables), :mod:`~mmer.store.repository`
(:class:`ResultStore`: opening, writing, reading, retries), :mod:`~mmer.store.statistics` (other
candidates' figures and the privacy rule), :mod:`~mmer.store.practice` (practice history) and
:mod:`~mmer.store.formats` (CSV and ``mmer batch`` files).
"""

from ..errors import StoreError
from .formats import spreadsheet_safe
from .repository import CONNECTION_RETRIES, ResultStore, default_database_url, passing_failure
from .schema import Base, CandidateSession, PracticeLink, Recording, StoredResult, scores_of
from .statistics import MIN_CANDIDATES_PER_WORD

__all__ = ["ResultStore", "StoreError", "default_database_url", "passing_failure", "scores_of", "spreadsheet_safe",
           "MIN_CANDIDATES_PER_WORD", "CONNECTION_RETRIES", "Base", "CandidateSession", "StoredResult", "Recording",
           "PracticeLink"]
