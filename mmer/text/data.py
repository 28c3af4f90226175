"""Read the essays corpus (Pennebaker & King 1999) in its original ``essays.csv`` format.

Columns ``#AUTHID,TEXT,cEXT,cNEU,cAGR,cCON,cOPN`` with ``y``/``n`` labels; the file is in
Latin-1/Windows-1252, as distributed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from ..errors import DatasetError
from ..labels import TRAITS

TRAIT_COLUMNS = {"openness": "cOPN", "conscientiousness": "cCON", "extraversion": "cEXT",
                 "agreeableness": "cAGR", "neuroticism": "cNEU"}


def load_essays(path, max_essays: int | None = None):
    """``(texts, Y)``: a list of essays and an ``(n, 5)`` 0/1 array in :data:`TRAITS` order."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} is not a file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"TEXT", *TRAIT_COLUMNS.values()} - set(reader.fieldnames or [])
    if missing:
        raise DatasetError(f"{path} is not in essays.csv format: missing columns {', '.join(sorted(missing))}")
    texts, labels = [], []
    for row in reader:
        try:
            labels.append([{"y": 1, "n": 0}[row[TRAIT_COLUMNS[t]].strip().lower()] for t in TRAITS])
        except KeyError:
            raise DatasetError(f"{path}: trait labels must be y or n (row {len(texts) + 2})") from None
        texts.append(row["TEXT"])
        if max_essays and len(texts) >= max_essays:
            break
    if not texts:
        raise DatasetError(f"{path} holds no essays")
    return texts, np.asarray(labels, dtype=int)
