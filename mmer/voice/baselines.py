"""Baselines for notebook 02: what the voice model is compared with.

* :func:`make_mfcc_svm` on :func:`mfcc_statistics`: the classic recipe (13 MFCCs, mean and
  standard deviation over the clip, RBF SVM).
* :class:`CnnLstmClassifier` on :func:`log_mel_chunks`: the seed project's family, a small CNN
  applied to each chunk of a log-mel spectrogram (time-distributed), then an LSTM over chunks.

Both follow scikit-learn's ``fit``/``predict`` so :func:`mmer.voice.train.leave_one_speaker_out`
evaluates them exactly like the shipped model.
"""

from __future__ import annotations

import numpy as np

from .features import HOP, N_FFT, SAMPLE_RATE, _librosa


def mfcc_statistics(y: np.ndarray, sr: int = SAMPLE_RATE, n_mfcc: int = 13) -> np.ndarray:
    """Mean and standard deviation of 13 MFCCs over the whole clip (silence included)."""
    mfcc = _librosa().feature.mfcc(y=y, sr=sr, n_mfcc=n_mfcc, n_fft=N_FFT, hop_length=HOP)
    return np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1)]).astype(np.float32)


def make_mfcc_svm(C: float = 10.0):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    return make_pipeline(StandardScaler(), SVC(C=C))


def log_mel_chunks(y: np.ndarray, sr: int = SAMPLE_RATE, seconds: float = 2.0, fmax: float = 4000.0,
                   n_mels: int = 64, chunk: int = 40, step: int = 20) -> np.ndarray:
    """A clip as overlapping chunks of its log-mel spectrogram: ``(chunks, n_mels, chunk, 1)``.

    The clip is cut or zero-padded to ``seconds`` so every clip has as many chunks (2 s at 10 ms
    frames, chunks of 0.4 s every 0.2 s: 9 chunks). ``fmax=4000`` is the seed's cut.
    """
    librosa = _librosa()
    n = int(seconds * sr)
    y = np.pad(y[:n], (0, max(0, n - len(y))))
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=N_FFT, hop_length=HOP, n_mels=n_mels, fmin=50, fmax=fmax)
    log_mel = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=None)
    starts = range(0, log_mel.shape[1] - chunk + 1, step)
    return np.stack([log_mel[:, s : s + chunk] for s in starts])[..., None].astype(np.float32)


class CnnLstmClassifier:
    """Time-distributed CNN over spectrogram chunks, then an LSTM (the seed's architecture family).

    ``fit(X, y)`` with ``X`` from :func:`log_mel_chunks` stacked; inputs are standardised with the
    training set's mean and standard deviation. Keras is imported on first use.
    """

    def __init__(self, epochs: int = 10, batch_size: int = 32, width: int = 8, seed: int = 0, verbose: int = 0):
        # width 8 (8-16-32 channels): the seed's idea at a size that trains a fold in ~2 minutes
        # on 2 CPU cores; wider nets did not help the first epochs and cost 3x more.
        self.epochs, self.batch_size, self.width, self.seed, self.verbose = epochs, batch_size, width, seed, verbose
        self.history_ = None

    def _build(self, input_shape, n_classes):
        import keras
        from keras import layers

        inputs = keras.Input(input_shape)
        conv = keras.Sequential([
            layers.Conv2D(self.width, 3, padding="same", use_bias=False), layers.BatchNormalization(), layers.ReLU(),
            layers.MaxPooling2D(2),
            layers.Conv2D(2 * self.width, 3, padding="same", use_bias=False), layers.BatchNormalization(), layers.ReLU(),
            layers.MaxPooling2D(2),
            layers.Conv2D(4 * self.width, 3, padding="same", use_bias=False), layers.BatchNormalization(), layers.ReLU(),
            layers.GlobalAveragePooling2D(),
        ])  # fmt: skip
        x = layers.TimeDistributed(conv)(inputs)
        x = layers.LSTM(64)(x)
        x = layers.Dropout(0.3)(x)
        outputs = layers.Dense(n_classes, activation="softmax")(x)
        model = keras.Model(inputs, outputs, name="seed_cnn_lstm")
        model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    def fit(self, X, y, validation_data=None):
        import keras

        keras.utils.set_random_seed(self.seed)
        self.mean_, self.std_ = float(X.mean()), float(X.std()) or 1.0
        self.classes_ = np.unique(y)
        index = {c: i for i, c in enumerate(self.classes_)}
        self.model_ = self._build(X.shape[1:], len(self.classes_))
        val = None
        if validation_data is not None:
            Xv, yv = validation_data
            known = np.isin(yv, self.classes_)
            val = ((Xv[known] - self.mean_) / self.std_, np.array([index[c] for c in yv[known]]))
        history = self.model_.fit(
            (X - self.mean_) / self.std_, np.array([index[c] for c in y]), epochs=self.epochs,
            batch_size=self.batch_size, validation_data=val, verbose=self.verbose,
        )
        self.history_ = {k: [float(v) for v in vs] for k, vs in history.history.items()}
        return self

    def predict_proba(self, X) -> np.ndarray:
        return self.model_.predict_on_batch((X - self.mean_) / self.std_)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
