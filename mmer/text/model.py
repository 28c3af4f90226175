"""Big Five traits from text: TF-IDF word-stem and character n-gram features, and one
logistic regression per trait.

Why this model: trained on the transcripts of the ChaLearn First Impressions clips (a few
thousand short spoken answers, each with the traits listeners perceived), a regularised linear
model on TF-IDF features matches or beats the deep models of the literature (the seed's
CNN+LSTM on essays: 53%), trains in seconds, and gives five *independent* probabilities, one per trait, as the labels are (a person
can be high on every trait; a softmax over traits, as the seed used, cannot say so).
See notebooks/03-text-training.ipynb for the comparison.

The regularisation strength of each trait is chosen by an inner cross-validation inside
``fit``, so the outer cross-validation figures we report are not tuned on.

The fitted model is saved as plain JSON (vocabulary, idf weights, coefficients): readable,
small, and loadable by any scikit-learn version, unlike a pickle.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import InvalidArgumentError, ModelFileError
from ..labels import TRAITS
from .preprocess import tokenize

#: Regularisation strengths tried by the inner cross-validation of each trait's model. The
#: smallest ones make a near-constant model: when the words say nothing about a trait (it
#: happens on a small training set), the inner CV picks them and the model falls back to the
#: base rate instead of fitting noise.
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
#: Ridge penalties tried for ``target="scores"`` (large: near-constant, the mean score).
ALPHA_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)

@lru_cache(maxsize=1)
def _porter():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return _porter().stem(token)


def stemmed_tokens(text: str) -> list[str]:
    """Tokens reduced to their Porter stem (work, works, worked -> work): on a few thousand
    short answers, pooling word forms gives each feature more examples. nltk's stemmer needs no data."""
    return [_stem(token) for token in tokenize(text)]


def _word_vectorizer(vocabulary=None, min_df=2):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        tokenizer=stemmed_tokens, lowercase=False, token_pattern=None, sublinear_tf=True,
        min_df=1 if vocabulary is not None else min_df, vocabulary=vocabulary,
    )


def _char_vectorizer(vocabulary=None, min_df=3):
    """Character 2-4-grams inside words: robust to the misspellings and abbreviations of fast,
    informal writing ("abt", "competetive"), which word features split into rare tokens."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True,
        min_df=1 if vocabulary is not None else min_df, max_features=None if vocabulary is not None else 30_000,
        vocabulary=vocabulary,
    )


_VECTORIZERS = {"word": _word_vectorizer, "char": _char_vectorizer}


class BigFiveModel:
    """``fit(texts, Y)`` with ``Y`` an ``(n, 5)`` 0/1 array in :data:`TRAITS` order;
    ``predict_proba(texts)`` gives an ``(n, 5)`` array of P(high) per trait."""

    traits = TRAITS

    def __init__(self, C: float | None = None, min_df: int = 2, features=("word", "char"), target: str = "labels"):
        self.C = C  # None: chosen per trait by inner 5-fold cross-validation over C_GRID (or ALPHA_GRID)
        self.min_df = min_df
        self.features = tuple(features)  # "word" (stems) and/or "char" (character n-grams)
        # "labels": logistic regression on the high/low labels. "scores": ridge regression on the
        # raw scores, then a logistic (Platt) calibration of its out-of-fold predictions against
        # the labels. With raw scores (First Impressions) the regression uses how far each
        # speaker is from the median, which the 0/1 label throws away.
        self.target = target

    def fit(self, texts, Y, traits=None, groups=None, scores=None):
        """Fit the vocabulary and one model per trait (``traits``: a subset, to save time in
        cross-validation; the others get zero weights). ``groups`` (author or video of each text)
        keeps each group on one side of the inner folds that choose C. ``scores`` (raw trait
        scores, ``(n, 5)``) are needed with ``target="scores"``."""
        from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
        from sklearn.model_selection import GroupKFold

        Y = np.asarray(Y)
        if Y.ndim != 2 or Y.shape[1] != len(self.traits):
            raise InvalidArgumentError(f"Y must be (n, {len(self.traits)}): one 0/1 column per trait")
        if self.target not in ("labels", "scores"):
            raise InvalidArgumentError('target must be "labels" or "scores"')
        if self.target == "scores" and (scores is None or np.shape(scores) != Y.shape):
            raise InvalidArgumentError('target="scores" needs the raw scores, an array shaped like Y')
        from scipy.sparse import hstack

        texts = list(texts)
        self.vectorizers_ = {name: _word_vectorizer(min_df=self.min_df) if name == "word" else _VECTORIZERS[name]()
                             for name in self.features}
        X = hstack([v.fit_transform(texts) for v in self.vectorizers_.values()]).tocsr()
        self.coef_ = np.zeros((len(self.traits), X.shape[1]))
        self.intercept_ = np.zeros(len(self.traits))
        self.C_ = np.zeros(len(self.traits))
        self.calibration_ = np.tile([1.0, 0.0], (len(self.traits), 1))
        self.score_mean_ = np.full(len(self.traits), np.nan)  # the constant baseline for 1 - MAE
        for k in range(len(self.traits)):
            if traits is not None and self.traits[k] not in traits:
                continue
            if self.target == "scores":
                self._fit_scores(X, np.asarray(scores, dtype=float)[:, k], Y[:, k], groups, k)
                continue
            if self.C is None and min(np.bincount(Y[:, k], minlength=2)) >= 5:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)  # sklearn 1.9 API transition
                    # Log-loss picks C more stably than accuracy on small folds.
                    cv = 5 if groups is None else list(GroupKFold(5).split(X, Y[:, k], groups))
                    lr = LogisticRegressionCV(Cs=list(C_GRID), cv=cv, scoring="neg_log_loss", max_iter=2000)
                    lr.fit(X, Y[:, k])
                self.C_[k] = lr.C_[0]
            else:
                lr = LogisticRegression(C=self.C or 1.0, max_iter=2000).fit(X, Y[:, k])
                self.C_[k] = self.C or 1.0
            self.coef_[k], self.intercept_[k] = lr.coef_[0], lr.intercept_[0]
        return self

    def _fit_scores(self, X, score, label, groups, k):
        """Ridge regression of one trait's raw score, alpha by inner grouped CV; then P(high) =
        logistic(a * predicted score + b), with a and b fitted on out-of-fold predictions (the
        in-sample ones are overfitted and would make the probabilities overconfident)."""
        from sklearn.linear_model import LogisticRegression, Ridge, RidgeCV
        from sklearn.model_selection import GroupKFold, KFold

        folds = list((KFold(5, shuffle=True, random_state=0) if groups is None else GroupKFold(5)).split(X, score, groups))
        if self.C is None:
            alpha = float(RidgeCV(alphas=ALPHA_GRID, cv=folds).fit(X, score).alpha_)
        else:
            alpha = float(self.C)
        out_of_fold = np.zeros(len(score))
        for train, test in folds:
            out_of_fold[test] = Ridge(alpha=alpha).fit(X[train], score[train]).predict(X[test])
        ridge = Ridge(alpha=alpha).fit(X, score)
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(out_of_fold[:, None], label)
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        self.C_[k] = alpha
        self.calibration_[k] = a, b
        self.score_mean_[k] = float(score.mean())
        # P(high) stays one linear model: a * (X w + c) + b.
        self.coef_[k], self.intercept_[k] = a * ridge.coef_, a * ridge.intercept_ + b

    def predict_score(self, texts) -> np.ndarray:
        """The predicted raw score per trait (``target="scores"`` models only): the scale of the
        training data, e.g. First Impressions' 0-1 ratings."""
        if self.target != "scores":
            raise InvalidArgumentError('only a model fitted with target="scores" predicts raw scores')
        a, b = self.calibration_[:, 0], self.calibration_[:, 1]
        return (self.decision_function(texts) - b) / a

    def transform(self, texts):
        """The feature matrix: word-stem TF-IDF then character n-gram TF-IDF, side by side."""
        from scipy.sparse import hstack

        texts = list(texts)
        return hstack([v.transform(texts) for v in self.vectorizers_.values()]).tocsr()

    def decision_function(self, texts) -> np.ndarray:
        return np.asarray(self.transform(texts) @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts) -> np.ndarray:
        """P(high) for each trait, independently (each column is its own logistic model)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(texts)))

    def predict(self, texts) -> np.ndarray:
        return (self.predict_proba(texts) >= 0.5).astype(int)

    def top_features(self, trait: str, n: int = 15) -> tuple[list[str], list[str]]:
        """The words that most push a trait up and down: what the model has learned."""
        k = self.traits.index(trait)
        words = np.array(list(self.vectorizers_["word"].get_feature_names_out()))
        order = np.argsort(self.coef_[k][: len(words)])  # the word part of the features
        return list(words[order[::-1][:n]]), list(words[order[:n]])

    # -- persistence -------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": "mmer-bigfive-tfidf-logreg/2",
            "traits": list(self.traits),
            "params": {"C": self.C, "min_df": self.min_df, "features": list(self.features), "target": self.target},
            "C_per_trait": [float(c) for c in self.C_],
            "calibration": [[float(a), float(b)] for a, b in self.calibration_],
            "score_mean": [None if np.isnan(m) else float(m) for m in self.score_mean_],
            "features": {
                name: {
                    "vocabulary": {w: int(i) for w, i in v.vocabulary_.items()},
                    "idf": [round(float(x), 6) for x in v.idf_],
                }
                for name, v in self.vectorizers_.items()
            },
            "coef": [[round(float(v), 6) for v in row] for row in self.coef_],
            "intercept": [float(v) for v in self.intercept_],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "BigFiveModel":
        if data.get("format") != "mmer-bigfive-tfidf-logreg/2":
            raise ModelFileError("not an mmer Big Five model file (format mmer-bigfive-tfidf-logreg/2)")
        model = cls(**data["params"])
        model.vectorizers_ = {}
        for name, saved in data["features"].items():
            vectorizer = _VECTORIZERS[name](vocabulary=saved["vocabulary"])
            vectorizer.fit(["a"])  # only sets up the fixed vocabulary; the idf is restored next
            vectorizer.idf_ = np.asarray(saved["idf"])
            model.vectorizers_[name] = vectorizer
        model.coef_ = np.asarray(data["coef"])
        model.intercept_ = np.asarray(data["intercept"])
        model.C_ = np.asarray(data.get("C_per_trait", [model.C or 1.0] * len(cls.traits)))
        model.calibration_ = np.asarray(data.get("calibration", [[1.0, 0.0]] * len(cls.traits)), dtype=float)
        model.score_mean_ = np.array([np.nan if m is None else m for m in data.get("score_mean", [None] * len(cls.traits))])
        return model

    def save(self, path):
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")))
        return Path(path)

    @classmethod
    def load(cls, path) -> "BigFiveModel":
        return cls.from_dict(json.loads(Path(path).read_text()))
