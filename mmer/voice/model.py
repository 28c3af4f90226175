"""The vocal-emotion classifier: Whisper encoder frames pooled over each window's speech, beside
acoustic statistics of the same speech (:mod:`mmer.voice.encoder`) -> standardised -> logistic
regression, stored as ONNX.

Why Whisper's frames: trained on ~2,700 acted clips from 26 speakers, a classifier on them
recognises English speakers it never heard far better than one on acoustic statistics or
openSMILE's standard sets; the statistics add what Whisper's frames miss on German speech
(``benchmarks/compare_voice.py`` and notebook 02 measure each, leaving one speaker out). Why ONNX: the same runtime as the face model, no pickle to trust
on load, ~1 ms for a whole answer's windows. scikit-learn and skl2onnx train it; they are not
needed to run it.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from ..errors import ModelFileError
from ..labels import EMOTIONS
from .features import SAMPLE_RATE

FEATURES_VERSION = "whisper-tiny.en-pooled+acoustic-stats-v1"
#: The classifier on the features: "logreg" (multinomial logistic regression) or "svm" (RBF).
CLASSIFIERS = ("logreg", "svm")


def make_classifier(C: float = 10.0, kind: str = "svm"):
    """A fresh, unfitted scikit-learn pipeline: scaler + RBF SVM with sigmoid calibration
    (``kind="svm"``) or scaler + multinomial logistic regression (``kind="logreg"``)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    if kind == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=3000))
    if kind != "svm":
        raise ValueError(f"kind must be one of {CLASSIFIERS}, not {kind!r}")
    # ensemble=False: one SVM on all the data, calibrated by cross-validated decision values
    # (what SVC(probability=True) did before scikit-learn 1.9 deprecated it).
    return make_pipeline(StandardScaler(), CalibratedClassifierCV(SVC(C=C), method="sigmoid", ensemble=False, cv=5))


class VoiceModel:
    """Loaded classifier: ``predict_proba(X)`` for rows of window statistics, like scikit-learn."""

    def __init__(self, onnx_bytes: bytes, encoder=None):
        import onnxruntime as ort

        #: The speech recogniser whose encoder describes the voice (:mod:`mmer.voice.encoder`):
        #: the one the answer transcribes with, so one Whisper in memory serves both.
        self.encoder = encoder

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a few dozen windows: threads cost more than they save
        self.session = ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.features_version = meta.get("features", "stats-v1")
        if self.features_version != FEATURES_VERSION:
            raise ModelFileError(
                f"voice model was trained on features {self.features_version!r}, this code computes "
                f"{FEATURES_VERSION!r}: retrain with `mmer train voice`"
            )
        self.classes = tuple(json.loads(meta.get("classes", json.dumps(list(EMOTIONS)))))
        self._input = self.session.get_inputs()[0].name

    @classmethod
    def load(cls, path, encoder=None) -> "VoiceModel":
        """The model in the ONNX file ``path``, describing speech with ``encoder`` (a speech
        recogniser; default: the shipped one, shared by the process)."""
        if encoder is None:
            from ..models import resolve

            encoder = resolve(None, "speech")
        return cls(Path(path).read_bytes(), encoder=encoder)

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


def to_onnx_bytes(pipeline, n_features: int, classes) -> bytes:
    """Convert a fitted :func:`make_classifier` pipeline to ONNX with our metadata."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from skl2onnx import to_onnx

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # skl2onnx reads SVC's deprecated probA_
        onx = to_onnx(
            pipeline,
            np.zeros((1, n_features), np.float32),
            options={CalibratedClassifierCV: {"zipmap": False}, LogisticRegression: {"zipmap": False}},
            target_opset=17,
        )
    for key, value in {
        "features": FEATURES_VERSION,
        "sample_rate": str(SAMPLE_RATE),
        "classes": json.dumps([EMOTIONS[int(c)] for c in classes]),
    }.items():
        entry = onx.metadata_props.add()
        entry.key, entry.value = key, value
    return onx.SerializeToString()
