"""Evaluate the shipped facial-emotion model on a labeled FER2013-format set."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import DatasetError
from ..labels import EMOTIONS
from ..models import resolve
from ..metrics import classification_report_dict, format_report  # noqa: F401 (re-exported)
from .data import load_fer, load_fer2013_csv

# Split folder names, in the order tried when a dataset root (not a class folder) is given.
_EVAL_SPLITS = ("val", "test", "PublicTest", "validation", "PrivateTest")


def load_eval_set(path, split: str | None = None, max_per_class: int | None = None):
    """Labeled faces to evaluate on, from a class folder, a dataset root or ``fer2013.csv``.

    For the CSV without ``split``, every non-Training row is used (PublicTest + PrivateTest),
    so a model is never scored on the rows it was trained on.
    """
    path = Path(path)
    if path.is_file():
        if split is None:
            X, y = load_fer2013_csv(path, max_per_class=max_per_class)
            usage = _csv_usages(path)
            if any(u != "Training" for u in usage) and "Training" in usage:
                keep = np.array([u != "Training" for u in usage])
                X, y = X[keep], y[keep]
            return X, y
        return load_fer2013_csv(path, usage=split, max_per_class=max_per_class)
    if not path.is_dir():
        raise DatasetError(f"{path} does not exist")
    if split is None:
        has_classes = any((path / c).is_dir() for c in EMOTIONS)
        if not has_classes:
            split = next((s for s in _EVAL_SPLITS if (path / s).is_dir()), None)
            if split is None:
                raise DatasetError(
                    f"{path} has neither class folders ({', '.join(EMOTIONS)}) nor a split "
                    f"folder ({', '.join(_EVAL_SPLITS)})"
                )
    return load_fer(path, split, max_per_class=max_per_class)


def _csv_usages(path):
    import csv

    with open(path, newline="") as f:
        return [row.get("Usage", "") for row in csv.DictReader(f)]


def evaluate_face(data, *, model=None, split: str | None = None, max_per_class: int | None = None,
                  progress=None) -> dict:
    """Score the face model's emotion classifier on labelled 48x48 faces: ``data`` a class
    folder, a dataset root (its ``split``) or ``fer2013.csv`` (see :func:`load_eval_set`);
    ``model`` a :class:`mmer.Models` (None: the shipped models; a trained file:
    ``mmer.load_models("face", face=path)``); ``max_per_class`` images per class at most;
    ``progress`` a callable given the fraction done. The evaluations' one shape:
    :func:`mmer.voice.evaluate.evaluate_voice`, :func:`mmer.text.evaluate.evaluate_bigfive`.

    >>> from mmer.examples import example_face
    >>> import cv2, tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "happy").mkdir()
    >>> _ = cv2.imwrite(str(root / "happy" / "a.png"), cv2.resize(example_face()[..., 0], (48, 48)))
    >>> evaluate_face(root)["n"]
    1
    """
    X, y = load_eval_set(data, split, max_per_class)
    classifier = resolve(model, "face").classifier
    predicted = np.empty(len(X), dtype=int)
    batch = 256
    for start in range(0, len(X), batch):
        predicted[start:start + batch] = classifier.predict(X[start:start + batch])
        if progress is not None:
            progress(min(start + batch, len(X)) / len(X))
    report = classification_report_dict(y, predicted)
    report["data"] = str(data)
    return report
