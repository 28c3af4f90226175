"""The 2019 project's text models, re-done so the notebook can compare them fairly.

* :func:`bow_svm`: bag of words + linear SVM, one per trait (the seed's first model).
* :func:`build_sequence_model`: Keras LSTM or CNN+LSTM with 5 independent sigmoid outputs
  (the seed used a softmax over the traits; the labels are independent yes/no per trait).

:func:`cross_validate_multilabel` scores any of them with the same folds and metric as
:func:`mmer.text.evaluate.cross_validate_bigfive` uses for the shipped model.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..labels import TRAITS


class BowSvm:
    """Bag-of-words counts + linear SVM per trait, with the same fit/predict API as BigFiveModel."""

    def __init__(self, C: float = 0.01):
        self.C = C

    def fit(self, texts, Y, traits=None):
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.svm import LinearSVC

        self.vectorizer_ = CountVectorizer(min_df=2)
        X = self.vectorizer_.fit_transform(list(texts))
        self.models_ = [LinearSVC(C=self.C).fit(X, np.asarray(Y)[:, k]) for k in range(len(TRAITS))]
        return self

    def predict(self, texts):
        X = self.vectorizer_.transform(list(texts))
        return np.stack([m.predict(X) for m in self.models_], axis=1)


class KerasSequenceModel:
    """LSTM (``kind="lstm"``) or CNN+LSTM (``kind="cnn_lstm"``) over word sequences, trained from
    scratch with 5 sigmoid outputs. Few essays and no pre-trained embeddings: expect ~chance."""

    def __init__(self, kind: str = "lstm", max_words: int = 400, vocab: int = 8000, epochs: int = 8, seed: int = 0):
        self.kind, self.max_words, self.vocab, self.epochs, self.seed = kind, max_words, vocab, epochs, seed

    def fit(self, texts, Y, traits=None):
        import keras
        from keras import layers

        keras.utils.set_random_seed(self.seed)
        self.vectorize_ = layers.TextVectorization(max_tokens=self.vocab, output_sequence_length=self.max_words)
        self.vectorize_.adapt(np.asarray(list(texts), dtype=object).astype(str))
        inputs = keras.Input((self.max_words,), dtype="int64")
        x = layers.Embedding(self.vocab, 64, mask_zero=self.kind == "lstm")(inputs)
        if self.kind == "cnn_lstm":
            x = layers.Conv1D(64, 5, activation="relu")(x)
            x = layers.MaxPooling1D(4)(x)
        elif self.kind != "lstm":
            raise InvalidArgumentError("kind must be 'lstm' or 'cnn_lstm'")
        x = layers.LSTM(32)(x)
        x = layers.Dropout(0.5)(x)
        outputs = layers.Dense(len(TRAITS), activation="sigmoid")(x)
        self.model_ = keras.Model(inputs, outputs)
        self.model_.compile(optimizer="adam", loss="binary_crossentropy")
        X = self.vectorize_(np.asarray(list(texts), dtype=object).astype(str))
        self.model_.fit(X, np.asarray(Y, dtype="float32"), epochs=self.epochs, batch_size=16, verbose=0)
        return self

    def predict(self, texts):
        X = self.vectorize_(np.asarray(list(texts), dtype=object).astype(str))
        return (self.model_.predict_on_batch(X) >= 0.5).astype(int)


def cross_validate_multilabel(make_model, texts, Y, n_splits: int = 5, seed: int = 0) -> dict:
    """Per-trait accuracy of a model that predicts all traits at once, over k folds (one fit
    per fold, stratified on the first trait: cheap enough for deep models)."""
    from sklearn.model_selection import StratifiedKFold

    texts = np.asarray(texts, dtype=object)
    Y = np.asarray(Y)
    correct = np.zeros(len(TRAITS))
    for train, test in StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(texts, Y[:, 0]):
        predicted = make_model().fit(texts[train], Y[train]).predict(texts[test])
        correct += (predicted == Y[test]).sum(axis=0)
    per_trait = {t: float(c / len(Y)) for t, c in zip(TRAITS, correct)}
    return {"n": int(len(Y)), "per_trait_accuracy": per_trait, "mean_accuracy": float(np.mean(list(per_trait.values())))}
