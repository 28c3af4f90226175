"""FER2013 loaders: the Kaggle folder layout and the original fer2013.csv."""

import numpy as np
import pytest

from mmer.errors import DatasetError
from mmer.face.data import load_fer, load_fer2013_csv, load_image_folders
from mmer.labels import EMOTIONS


def _write_folders(root, per_class=3, names=EMOTIONS, size=48):
    import cv2

    rng = np.random.default_rng(0)
    for name in names:
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            cv2.imwrite(str(root / name / f"img{i}.jpg"), rng.integers(0, 255, (size, size), dtype=np.uint8))


def _write_csv(path, rows):
    lines = ["emotion,pixels,Usage"]
    for emotion, usage in rows:
        pixels = " ".join(str(v) for v in np.full(48 * 48, emotion * 10))
        lines.append(f"{emotion},{pixels},{usage}")
    path.write_text("\n".join(lines) + "\n")


def test_image_folders(tmp_path):
    _write_folders(tmp_path, per_class=3)
    X, y = load_image_folders(tmp_path)
    assert X.shape == (21, 48, 48) and X.dtype == np.uint8
    assert np.bincount(y).tolist() == [3] * 7


def test_folder_aliases_resize_and_subset(tmp_path):
    _write_folders(tmp_path, per_class=4, names=["anger", "happiness", "not_a_class"], size=64)
    X, y = load_image_folders(tmp_path, max_per_class=2)
    assert X.shape == (4, 48, 48)
    assert sorted(set(y)) == [EMOTIONS.index("angry"), EMOTIONS.index("happy")]


def test_dataset_root_with_split(tmp_path):
    _write_folders(tmp_path / "train", per_class=2)
    X, _ = load_fer(tmp_path, "train")
    assert len(X) == 14
    with pytest.raises(DatasetError, match="no 'val' folder"):
        load_fer(tmp_path, "val")


def test_fer2013_csv(tmp_path):
    path = tmp_path / "fer2013.csv"
    _write_csv(path, [(0, "Training"), (3, "Training"), (6, "PublicTest"), (4, "PrivateTest")])
    X, y = load_fer2013_csv(path)
    assert X.shape == (4, 48, 48)
    assert [EMOTIONS[i] for i in y] == ["angry", "happy", "neutral", "sad"]
    X, y = load_fer(path, "PublicTest")
    assert [EMOTIONS[i] for i in y] == ["neutral"] and X[0, 0, 0] == 60


def test_bad_datasets(tmp_path):
    with pytest.raises(DatasetError):
        load_fer(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match="no class folders"):
        load_image_folders(tmp_path / "empty")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(DatasetError, match="fer2013.csv format"):
        load_fer2013_csv(bad)
