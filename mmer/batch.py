"""A class's recordings and documents analysed in one go, on Dask.

:func:`analyze_folder` finds every recording (video or audio) and document under a folder,
analyses each by kind (:func:`mmer.analyze_answer` for recordings, :func:`mmer.analyze_text` for
documents) on a Dask cluster, and writes one row per file to a Parquet table: ``path``, ``kind``
(``video``, ``audio`` or ``text``), ``error`` (empty when it worked), the summary figures, and the
whole result as JSON (``result``, what ``mmer analyze ... --json`` prints).

Why Dask: the same code runs on this machine (a ``distributed.LocalCluster``, one process per
worker) and on a university's cluster (Dask Gateway, dask-jobqueue on SLURM: pass its scheduler
address), with a dashboard, retries and data locality handled by a maintained engine. Each worker
process loads the models once (the process's shared bundle, :func:`mmer.models.default_models`),
not once per file.

Resumable: each finished file is appended at once to ``<out>.partial.jsonl``; a new run over the
same folder skips every file already analysed without error (in the table or the partial file) and
tries the failed ones again. Rows are written in the order of the sorted paths, whatever order the
workers finish in.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .errors import InvalidArgumentError, MMERError

# The voice loader's AUDIO_SUFFIXES plus video containers, and the document reader's SUPPORTED
# types (tests/test_batch.py checks they agree): not imported from mmer.voice and mmer.text,
# whose package imports load the analysis stack (seconds), which listing a folder does not need.
RECORDING_SUFFIXES = {".wav", ".flac", ".ogg", ".mp3", ".webm", ".m4a", ".opus", ".mp4", ".mov", ".mkv", ".avi"}
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".text"}
#: The columns every row has, whatever the file; the summary figures follow them.
BASE_COLUMNS = ("path", "kind", "error", "seconds", "result")


def find_inputs(folder) -> list[Path]:
    """Every recording and document under ``folder`` (recursively), sorted by path: the order of
    the output rows. Hidden files and folders are left out.

    >>> find_inputs("class-2026")  # doctest: +SKIP
    [PosixPath('class-2026/ana/answer1.webm'), PosixPath('class-2026/ana/letter.pdf'), ...]
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidArgumentError(f"{folder} is not a folder")
    wanted = RECORDING_SUFFIXES | DOCUMENT_SUFFIXES
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in wanted
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _flat(summary: dict) -> dict:
    """Summary figures as columns: scalars as they are, one level of dicts as ``name_key``."""
    out = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items() if isinstance(v, (int, float, str, type(None)))})
        elif isinstance(value, (int, float, str, type(None))):
            out[key] = value
    return out


def analyze_file(path, root=None, fast: bool = False) -> dict:
    """One row of the batch table for ``path`` (never raises for a bad file: ``error`` says why).

    >>> row = analyze_file("class-2026/ana/answer1.webm")  # doctest: +SKIP
    >>> row["kind"], row["error"], row["words_per_minute"]  # doctest: +SKIP
    ('video', '', 142.0)
    """
    from . import analyze_answer, analyze_text

    path = Path(path)
    name = str(path.relative_to(root)) if root is not None else str(path)
    start = time.perf_counter()
    row = {"path": name, "kind": "text" if path.suffix.lower() in DOCUMENT_SUFFIXES else "audio", "error": ""}
    try:
        if row["kind"] == "text":
            result = analyze_text(path)
        else:
            result = analyze_answer(path, fast=fast)
            row["kind"] = "video" if result.video is not None else "audio"
        row.update(_flat(result.summary))
        row["result"] = result.to_json()
    except MMERError as exc:
        row["error"] = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a file must never stop the batch; the message says what happened
        row["error"] = f"unexpected {type(exc).__name__}: {exc}"
    row.setdefault("result", "")
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


def _read_done(out: Path) -> dict[str, dict]:
    """Rows already written (the table, then the partial file), by path."""
    import pandas as pd

    rows = {}
    if out.exists():
        for row in pd.read_parquet(out).to_dict("records"):
            rows[row["path"]] = row
    partial = _partial(out)
    if partial.exists():
        for line in partial.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                rows[row["path"]] = row
    return rows


def _partial(out: Path) -> Path:
    return out.with_name(out.name + ".partial.jsonl")


def analyze_folder(folder, out, *, scheduler: str | None = None, workers: int | None = None, fast: bool = False,
                   progress=None):
    """Analyse every recording and document under ``folder`` on Dask; write and return the table.

    Parameters
    ----------
    folder : the folder of a class's answers (sub-folders included).
    out : the Parquet file to write (``results.parquet``); re-running resumes it.
    scheduler : address of an existing Dask scheduler (``tcp://host:8786``); default: a
        ``LocalCluster`` on this machine, stopped at the end.
    workers : worker processes of the local cluster (default: one per 2 cores; each holds every
        model, ~1 GiB, and runs one file at a time, whose analysis uses both cores).
    fast : sample videos at 2 frames per second, as the dashboard does (default: every frame).
    progress : optional callable ``progress(fraction_done)`` (0..1), called as files finish (the
        CLI draws a tqdm bar from it).

    Returns the table as a pandas DataFrame (one row per file, in path order).

    >>> table = analyze_folder("class-2026", "results.parquet")  # doctest: +SKIP
    >>> table[["path", "kind", "error", "words_per_minute"]].head()  # doctest: +SKIP
    """
    import os

    from distributed import Client, LocalCluster, as_completed

    folder, out = Path(folder), Path(out)
    if out.suffix.lower() != ".parquet":
        raise InvalidArgumentError(f"the output must be a .parquet file, not {out.name}")
    files = find_inputs(folder)
    done = {p: r for p, r in _read_done(out).items() if not r.get("error")}
    todo = [f for f in files if str(f.relative_to(folder)) not in done]
    rows = dict(done)
    if todo:
        cluster = None
        if scheduler is None:
            n = workers or max(1, (os.cpu_count() or 2) // 2)
            # Processes, not threads: each worker holds its own models, and a crash in one file's
            # native decoder cannot take the others down.
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(scheduler or cluster)
        try:
            futures = client.map(analyze_file, todo, root=folder, fast=fast, pure=False)
            partial = _partial(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("a") as log:
                for finished, future in enumerate(as_completed(futures), 1):
                    row = future.result()
                    rows[row["path"]] = row
                    log.write(json.dumps(row) + "\n")
                    log.flush()
                    if progress is not None:
                        progress(finished / len(todo))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    table = _table([rows[str(f.relative_to(folder))] for f in files if str(f.relative_to(folder)) in rows])
    table.to_parquet(out, index=False)
    _partial(out).unlink(missing_ok=True)
    return table


def _table(rows):
    import pandas as pd

    table = pd.DataFrame(rows)
    for column in BASE_COLUMNS:
        if column not in table:
            table[column] = "" if column != "seconds" else 0.0
    rest = [c for c in table.columns if c not in BASE_COLUMNS]
    return table[[*BASE_COLUMNS[:4], *rest, "result"]]
