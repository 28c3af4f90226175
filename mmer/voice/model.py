"""The vocal-emotion classifier: standardised window statistics -> RBF SVM -> calibrated
probabilities, stored as ONNX.

Why an SVM on statistics rather than the seed's CNN+LSTM on spectrograms: with ~1,750 acted
clips from 10 speakers, a kernel machine on well-chosen statistics generalises to new speakers
better than a network that has to learn its features (notebook 02 measures both, leave one
speaker out). Why ONNX: the same runtime as the face model, no pickle to trust on load, and
~1 ms for a whole answer's windows. scikit-learn and skl2onnx are needed to train, not to run.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from ..errors import ModelFileError
from ..labels import EMOTIONS
from .features import SAMPLE_RATE

FEATURES_VERSION = "stats-v1"
DEFAULT_C_GRID = (1.0, 10.0, 100.0)


def make_classifier(C: float = 10.0):
    """A fresh, unfitted scikit-learn pipeline (scaler + SVM + sigmoid calibration)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    # ensemble=False: one SVM on all the data, calibrated by cross-validated decision values
    # (what SVC(probability=True) did before scikit-learn 1.9 deprecated it).
    return make_pipeline(StandardScaler(), CalibratedClassifierCV(SVC(C=C), method="sigmoid", ensemble=False, cv=5))


def select_C(X, y, groups, grid=DEFAULT_C_GRID) -> tuple[float, dict]:
    """Pick the SVM's C by cross-validation *across speakers* of the training data only."""
    from sklearn.model_selection import GroupKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    n_groups = len(set(groups))
    if n_groups < 2:
        return float(grid[len(grid) // 2]), {}
    cv = GroupKFold(n_splits=min(5, n_groups))
    scores = {}
    for C in grid:
        pipe = make_pipeline(StandardScaler(), SVC(C=C))
        scores[C] = float(cross_val_score(pipe, X, y, groups=groups, cv=cv, scoring="balanced_accuracy").mean())
    return max(scores, key=scores.get), scores


class VoiceModel:
    """Loaded classifier: ``predict_proba(X)`` for rows of window statistics, like scikit-learn."""

    def __init__(self, onnx_bytes: bytes):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a few dozen windows: threads cost more than they save
        self.session = ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.fmax = float(meta.get("fmax", 8000))
        self.features_version = meta.get("features", FEATURES_VERSION)
        if self.features_version != FEATURES_VERSION:
            raise ModelFileError(
                f"voice model was trained on features {self.features_version!r}, this code computes "
                f"{FEATURES_VERSION!r}: retrain with `mmer train voice`"
            )
        self.classes = tuple(json.loads(meta.get("classes", json.dumps(list(EMOTIONS)))))
        self._input = self.session.get_inputs()[0].name

    @classmethod
    def load(cls, path) -> "VoiceModel":
        return cls(Path(path).read_bytes())

    def predict_proba(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32)
        if len(X) == 0:
            return np.zeros((0, len(self.classes)), np.float32)
        _, probabilities = self.session.run(None, {self._input: X})
        # Keep the model's column order in ours (the model knows only classes it saw).
        out = np.zeros((len(X), len(EMOTIONS)), np.float32)
        for j, c in enumerate(self.classes):
            out[:, EMOTIONS.index(c)] = probabilities[:, j]
        return out


def to_onnx_bytes(pipeline, n_features: int, classes, fmax: float) -> bytes:
    """Convert a fitted :func:`make_classifier` pipeline to ONNX with our metadata."""
    from sklearn.calibration import CalibratedClassifierCV
    from skl2onnx import to_onnx

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # skl2onnx reads SVC's deprecated probA_
        onx = to_onnx(
            pipeline,
            np.zeros((1, n_features), np.float32),
            options={CalibratedClassifierCV: {"zipmap": False}},
            target_opset=17,
        )
    for key, value in {
        "features": FEATURES_VERSION,
        "fmax": str(fmax),
        "sample_rate": str(SAMPLE_RATE),
        "classes": json.dumps([EMOTIONS[int(c)] for c in classes]),
    }.items():
        entry = onx.metadata_props.add()
        entry.key, entry.value = key, value
    return onx.SerializeToString()
