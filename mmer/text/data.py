"""Read labeled Big Five texts in their published formats.

- The essays corpus (Pennebaker & King 1999), ``essays.csv``: columns
  ``#AUTHID,TEXT,cEXT,cNEU,cAGR,cCON,cOPN`` with ``y``/``n`` labels (self-reported traits), in
  Latin-1/Windows-1252 as distributed.
- ChaLearn LAP First Impressions V2 (Ponce-Lopez et al. 2016), a folder with the official
  Python 2 pickles ``transcription_<split>.pkl`` ({clip id: transcript}) and
  ``annotation_<split>.pkl`` ({trait or "interview": {clip id: score in [0, 1]}}): how crowd
  raters *perceived* the speaker of a 15 s vlog clip.
"""

from __future__ import annotations

import csv
import io
import pickle
import re
from dataclasses import dataclass, field
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


FIRST_IMPRESSIONS_SPLITS = ("training", "validation", "test")
# Transcriber tags such as "[inaudible 00:00:37]" or "[crosstalk]": not words the speaker said.
_TRANSCRIBER_TAG = re.compile(r"\[[^\]]*\]")


@dataclass
class TraitTexts:
    """Texts with Big Five labels: ``Y`` is ``(n, 5)`` 0/1 ("high") in :data:`TRAITS` order.

    ``groups`` says who wrote or spoke each text (author or video id): cross-validate grouped by
    it, or the figures measure how well a model knows a person (None: one text per author). ``scores`` holds the raw trait
    scores in [0, 1] when the corpus has them (First Impressions), ``thresholds`` the score above
    which a trait counts as high (the training split's median).
    """

    texts: list[str]
    Y: np.ndarray
    groups: list[str] | None
    ids: list[str]
    source: str
    scores: np.ndarray | None = None
    interview: np.ndarray | None = None
    thresholds: dict[str, float] | None = None
    skipped: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def describe(self) -> str:
        skipped = "".join(f"; skipped {n} {why}" for why, n in self.skipped.items())
        people = len(self) if self.groups is None else len(set(self.groups))
        return f"{len(self)} texts, {people} authors or videos ({self.source}){skipped}"


class _ScoresUnpickler(pickle.Unpickler):
    """Loads the official pickles (dicts of str and float, numpy float64 scalars) and nothing
    else: a pickle can run any code it names, and these files come from a download."""

    # numpy scalars (the published "interview" scores), and _codecs.encode, with which Python 3's
    # protocol-2 pickles store bytes (a copy re-saved by Python 3 uses it; it only encodes a string).
    _ALLOWED = {("numpy", "dtype"), ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
                ("_codecs", "encode")}

    def find_class(self, module, name):
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"unexpected object {module}.{name} in a First Impressions file")
        if module == "numpy.core.multiarray":  # numpy 2 moved it; the files name the old place
            module = "numpy._core.multiarray" if hasattr(np, "_core") else module
        return super().find_class(module, name)


def _read_pickle(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            data = _ScoresUnpickler(f, encoding="latin1").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as exc:
        raise DatasetError(f"{path} is not a First Impressions file ({exc})") from None
    if not isinstance(data, dict):
        raise DatasetError(f"{path} is not a First Impressions file (not a dict)")
    return data


def is_first_impressions(path) -> bool:
    """True for a folder holding the official First Impressions pickles."""
    path = Path(path)
    return path.is_dir() and any(path.glob("annotation_*.pkl"))


def clean_transcript(text: str) -> str:
    """A transcript without transcriber tags, on one line.

    >>> clean_transcript("I was [inaudible 00:00:37] so excited.")
    'I was so excited.'
    """
    return " ".join(_TRANSCRIBER_TAG.sub(" ", text or "").split())


def video_id(clip_id: str) -> str:
    """The YouTube video of a First Impressions clip: ``"J4GQm9j0JZ0.003.mp4"`` -> ``"J4GQm9j0JZ0"``."""
    return clip_id.rsplit(".", 2)[0] if clip_id.count(".") >= 2 else clip_id


def _first_impressions_scores(folder: Path, split: str) -> dict:
    path = folder / f"annotation_{split}.pkl"
    if not path.is_file():
        raise DatasetError(f"{path} not found: expected the official annotation_{split}.pkl")
    annotation = _read_pickle(path)
    missing = set(TRAITS) - set(annotation)
    if missing:
        raise DatasetError(f"{path} has no scores for {', '.join(sorted(missing))}")
    # The published "neuroticism" score measures emotional stability: on the training split it
    # rises with every other trait (r = +0.72 to +0.80) and with "interview" (+0.88), where
    # neuroticism should fall. Turned around here so "neuroticism" means the same in every corpus
    # and in the app: high = perceived as tense or anxious.
    annotation = dict(annotation)
    annotation["neuroticism"] = {clip: 1.0 - float(v) for clip, v in annotation["neuroticism"].items()}
    return annotation


def _medians(annotation: dict) -> dict[str, float]:
    return {t: float(np.median(np.asarray(list(annotation[t].values()), dtype=float))) for t in TRAITS}


def first_impressions_thresholds(folder) -> dict[str, float]:
    """Per trait, the median score of the *training* split: above it, a trait counts as high."""
    return _medians(_first_impressions_scores(Path(folder), "training"))


def load_first_impressions(folder, split: str = "validation", max_clips: int | None = None) -> TraitTexts:
    """The transcripts of one official split and their perceived traits.

    Labels are "high" above the training split's median score (the same thresholds for every
    split); the raw scores and "interview" are kept. The published "neuroticism" column is
    emotional stability: its scores are returned as 1 - published, so high means perceived as
    tense or anxious, as in the essays corpus. Transcriber tags are removed, and clips with
    no transcript left are skipped (counted in ``skipped``).

    >>> data = load_first_impressions("firstimpressions", "validation")  # doctest: +SKIP
    >>> data.describe()  # doctest: +SKIP
    "2000 texts, 1484 authors or videos (First Impressions validation)"
    """
    folder = Path(folder)
    if split not in FIRST_IMPRESSIONS_SPLITS:
        raise DatasetError(f"unknown First Impressions split {split!r}: use one of {', '.join(FIRST_IMPRESSIONS_SPLITS)}")
    if not folder.is_dir():
        raise DatasetError(f"{folder} is not a folder")
    annotation = _first_impressions_scores(folder, split)
    transcripts_path = folder / f"transcription_{split}.pkl"
    if not transcripts_path.is_file():
        raise DatasetError(f"{transcripts_path} not found: expected the official transcription_{split}.pkl")
    transcripts = _read_pickle(transcripts_path)
    thresholds = _medians(annotation) if split == "training" else first_impressions_thresholds(folder)
    texts, ids, scores, interview, empty = [], [], [], [], 0
    for clip in sorted(annotation[TRAITS[0]]):
        text = clean_transcript(transcripts.get(clip) or "")
        if not text:
            empty += 1
            continue
        texts.append(text)
        ids.append(clip)
        scores.append([float(annotation[t][clip]) for t in TRAITS])
        interview.append(float(annotation["interview"][clip]) if "interview" in annotation else np.nan)
        if max_clips and len(texts) >= max_clips:
            break
    if not texts:
        raise DatasetError(f"{folder} holds no transcripts for the {split} split")
    scores = np.asarray(scores)
    Y = (scores > np.array([thresholds[t] for t in TRAITS])).astype(int)
    return TraitTexts(texts=texts, Y=Y, groups=[video_id(c) for c in ids], ids=ids,
                      source=f"First Impressions {split}", scores=scores, interview=np.asarray(interview),
                      thresholds=thresholds, skipped={"clips without a transcript": empty} if empty else {})


def load_trait_texts(path, split: str | None = None, max_texts: int | None = None) -> TraitTexts:
    """Either corpus by what ``path`` is: a First Impressions folder (``split`` default
    "validation") or an ``essays.csv`` file (one essay per author: ``groups`` is None)."""
    if is_first_impressions(path):
        return load_first_impressions(path, split or "validation", max_clips=max_texts)
    if split is not None:
        raise DatasetError("--split is for the First Impressions folder; essays.csv has one split")
    texts, Y = load_essays(path, max_essays=max_texts)
    return TraitTexts(texts=texts, Y=Y, groups=None, ids=[str(i) for i in range(len(texts))], source=Path(path).name)
