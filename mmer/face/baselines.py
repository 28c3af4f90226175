"""Baselines from the 2019 project, re-done on FER2013 so the shipped CNN can be compared.

* :class:`HogSvmClassifier`: histogram of oriented gradients + linear SVM (the seed's 49%).
* :func:`mmer.face.train.build_model` with ``architecture="small"``: a plain 3-block CNN
  without batch norm (the seed's "CNN", 59%).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


def hog_features(images: np.ndarray) -> np.ndarray:
    """HOG descriptors of ``(n, 48, 48)`` grey faces: 8x8-pixel cells, 2x2-cell blocks."""
    from skimage.feature import hog

    return np.stack(
        [hog(img, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2), feature_vector=True) for img in images]
    ).astype(np.float32)


class HogSvmClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn classifier on raw faces: HOG features, standardised, linear SVM."""

    def __init__(self, C: float = 0.01):
        self.C = C

    def fit(self, X, y):
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import LinearSVC

        self.pipeline_ = make_pipeline(StandardScaler(), LinearSVC(C=self.C, dual=False, max_iter=2000))
        self.pipeline_.fit(hog_features(X), y)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, X):
        return self.pipeline_.predict(hog_features(X))
