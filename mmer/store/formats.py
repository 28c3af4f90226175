"""The store's files: a class's results imported from CSV or from ``mmer batch``'s Parquet table,
and exported as CSV (every cell safe to open in a spreadsheet)."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import DatasetError
from ..labels import EMOTIONS, MODALITIES, TRAITS
from .schema import CandidateSession, StoredResult


def import_csv(store, path) -> int:
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
        with Session(store.engine) as db, db.begin():
            sessions = {}
            for candidate, modality, scores, headline, question, version in prepared:
                if candidate not in sessions:
                    sessions[candidate] = str(uuid.uuid4())
                    db.add(CandidateSession(id=sessions[candidate], source="import"))
                db.add(StoredResult(session_id=sessions[candidate], modality=modality, question=question[:500],
                                    model_version=(version or "imported")[:80], headline=headline,
                                    scores=scores, details={"imported_from": path.name}))
        return len(prepared)

    return store.run(write)


def import_batch(store, path) -> int:
    """Import the results of ``mmer batch`` (its Parquet table): every file analysed without
    error becomes one candidate, stored as the dashboard stores an answer (its face, voice,
    traits and delivery measures, each compared with the same kind). Returns the number of
    results added; nothing is written if a row cannot be read.

    >>> from mmer.store import ResultStore
    >>> import_batch(ResultStore(), "results.parquet")  # doctest: +SKIP
    96
    """
    import pandas as pd

    from ..results import Result
    from .repository import stored_parts  # (repository imports this module)

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
        prepared.append((str(row.path), stored_parts(result)))

    def write():
        added = 0
        with Session(store.engine) as db, db.begin():
            for file, parts in prepared:
                session_id = str(uuid.uuid4())
                db.add(CandidateSession(id=session_id, source="batch"))
                for part in parts:
                    db.add(StoredResult(session_id=session_id, modality=part["modality"],
                                        model_version=part["model_version"][:80], headline=part["headline"],
                                        scores=part["scores"],
                                        details={**part["details"], "imported_from": path.name, "file": file[:300]}))
                    added += 1
        return added

    return store.run(write)


def export_csv(store, path) -> int:
    """Write every stored face, voice and text result in the format :func:`import_csv` reads (no
    recordings; an answer's delivery measures are not part of that format)."""
    rows = [r for r in store.results() if r["modality"] in MODALITIES]
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        columns = ["candidate", "modality", "question", "model_version", "created_at", *EMOTIONS, *TRAITS]
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for r in rows:
            writer.writerow({"candidate": r["session_id"], "modality": r["modality"],
                             "question": spreadsheet_safe(r["question"]),
                             "model_version": spreadsheet_safe(r["model_version"]),
                             "created_at": r["created_at"].isoformat(),
                             # the format's emotions or traits (a text result also stores what was said: not here)
                             **{k: f"{v:.4f}" for k, v in r["scores"].items() if k in columns and v is not None}})
    return len(rows)


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs as a formula: a cell
    starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe (OWASP's
    advice against CSV injection), e.g. a question typed as ``=HYPERLINK(...)``.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("Tell us about a team.")
    ("'=1+1", 'Tell us about a team.')
    """
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
