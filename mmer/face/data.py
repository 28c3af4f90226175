"""Loaders for labeled facial-expression data in the two public FER2013 layouts.

* Kaggle image folders: ``<root>/<class>/*.jpg`` (or a root holding ``train/`` and ``val/``/``test/``).
* The original ``fer2013.csv`` with columns ``emotion,pixels,Usage``.

Both return plain arrays: ``X`` as uint8 ``(n, 48, 48)`` grey images and ``y`` as int class
indices in :data:`mmer.labels.EMOTIONS` order, like scikit-learn's ``load_*`` functions.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..errors import DatasetError
from ..labels import EMOTIONS, FER2013_ORDER

IMAGE_SIZE = 48
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".pgm"}

# Kaggle/other mirrors spell some folders differently; map them onto our class names.
_FOLDER_ALIASES = {
    "anger": "angry",
    "disgusted": "disgust",
    "fearful": "fear",
    "happiness": "happy",
    "sadness": "sad",
    "surprised": "surprise",
}


def _class_of_folder(name: str) -> str | None:
    name = name.lower()
    name = _FOLDER_ALIASES.get(name, name)
    return name if name in EMOTIONS else None


def load_image_folders(root, max_per_class: int | None = None, seed: int = 0):
    """Read ``<root>/<class>/*.jpg`` into ``(X, y)``; images are resized to 48x48 grey.

    ``max_per_class`` keeps a random subset per class (for quick runs and tests).
    """
    import cv2

    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"{root} is not a folder")
    class_dirs = [(d, _class_of_folder(d.name)) for d in sorted(root.iterdir()) if d.is_dir()]
    class_dirs = [(d, c) for d, c in class_dirs if c is not None]
    if not class_dirs:
        raise DatasetError(
            f"{root} holds no class folders; expected sub-folders named like {', '.join(EMOTIONS)}"
        )
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for folder, cls in class_dirs:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)
        if max_per_class is not None and len(files) > max_per_class:
            files = [files[i] for i in sorted(rng.choice(len(files), max_per_class, replace=False))]
        for path in files:
            img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            if img is None:
                raise DatasetError(f"cannot read image {path}")
            if img.shape != (IMAGE_SIZE, IMAGE_SIZE):
                img = cv2.resize(img, (IMAGE_SIZE, IMAGE_SIZE), interpolation=cv2.INTER_AREA)
            images.append(img)
            labels.append(EMOTIONS.index(cls))
    if not images:
        raise DatasetError(f"no images found under {root}")
    return np.stack(images).astype(np.uint8), np.asarray(labels, dtype=np.int64)


def load_fer2013_csv(path, usage: str | None = None, max_per_class: int | None = None, seed: int = 0):
    """Read the original ``fer2013.csv`` (``emotion,pixels,Usage``) into ``(X, y)``.

    ``usage`` keeps only rows whose ``Usage`` is that value (``Training``, ``PublicTest``,
    ``PrivateTest``); None keeps them all.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} is not a file")
    images, labels = [], []
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"emotion", "pixels"} <= set(reader.fieldnames):
            raise DatasetError(f"{path} is not in fer2013.csv format (columns emotion,pixels,Usage)")
        for row in reader:
            if usage is not None and row.get("Usage") != usage:
                continue
            pixels = np.array(row["pixels"].split(), dtype=np.uint8)
            if pixels.size != IMAGE_SIZE * IMAGE_SIZE:
                raise DatasetError(f"{path}: a row has {pixels.size} pixels, expected 2304")
            images.append(pixels.reshape(IMAGE_SIZE, IMAGE_SIZE))
            # fer2013.csv codes are 0..6 in FER2013_ORDER; map to EMOTIONS order (the same today).
            labels.append(EMOTIONS.index(FER2013_ORDER[int(row["emotion"])]))
    if not images:
        raise DatasetError(f"{path} holds no rows" + (f" with Usage={usage}" if usage else ""))
    X, y = np.stack(images), np.asarray(labels, dtype=np.int64)
    if max_per_class is not None:
        rng = np.random.default_rng(seed)
        keep = np.concatenate(
            [rng.permutation(np.flatnonzero(y == c))[:max_per_class] for c in np.unique(y)]
        )
        keep.sort()
        X, y = X[keep], y[keep]
    return X, y


def load_fer(path, split: str | None = None, max_per_class: int | None = None, seed: int = 0):
    """Load labeled faces from either public FER2013 layout, guessing which from ``path``.

    ``path`` may be a ``fer2013.csv`` file, a folder of class folders, or a dataset root holding
    split folders (``train``, ``val``/``test``...) together with ``split`` naming one of them.
    For the CSV, ``split`` is the ``Usage`` value (``Training``/``PublicTest``/``PrivateTest``).
    """
    path = Path(path)
    if path.is_file():
        return load_fer2013_csv(path, usage=split, max_per_class=max_per_class, seed=seed)
    if not path.exists():
        raise DatasetError(f"{path} does not exist")
    if split is not None:
        if not (path / split).is_dir():
            raise DatasetError(f"{path} has no '{split}' folder")
        path = path / split
    return load_image_folders(path, max_per_class=max_per_class, seed=seed)
