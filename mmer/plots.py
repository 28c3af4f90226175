"""Matplotlib figures the training notebooks teach with (samples, curves, confusion matrices).

Plain functions that take arrays/dicts and return a Figure, so notebooks stay one-liners.
"""

from __future__ import annotations

import numpy as np

from .labels import EMOTION_COLORS, EMOTIONS


def _plt():
    import matplotlib.pyplot as plt

    return plt


def plot_class_counts(y, classes=EMOTIONS, title="Images per class"):
    plt = _plt()
    counts = np.bincount(np.asarray(y), minlength=len(classes))
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.bar(classes, counts, color=[EMOTION_COLORS.get(c, "#555") for c in classes])
    ax.set_title(title)
    for i, n in enumerate(counts):
        ax.text(i, n, str(n), ha="center", va="bottom", fontsize=8)
    fig.tight_layout()
    return fig


def plot_samples(images, y, classes=EMOTIONS, per_class: int = 6, seed: int = 0, predicted=None):
    """A grid: one row per class, ``per_class`` random images; with ``predicted``, titles show it."""
    plt = _plt()
    rng = np.random.default_rng(seed)
    y = np.asarray(y)
    fig, axes = plt.subplots(len(classes), per_class, figsize=(per_class * 1.2, len(classes) * 1.3))
    for row, name in enumerate(classes):
        idx = np.flatnonzero(y == row)
        pick = rng.choice(idx, min(per_class, len(idx)), replace=False) if len(idx) else []
        for col in range(per_class):
            ax = axes[row, col]
            ax.axis("off")
            if col < len(pick):
                ax.imshow(images[pick[col]], cmap="gray", vmin=0, vmax=255)
                if predicted is not None:
                    ax.set_title(classes[predicted[pick[col]]], fontsize=7)
        axes[row, 0].set_title(name if predicted is None else f"{name}: {axes[row, 0].get_title()}", fontsize=8, loc="left")
    fig.tight_layout()
    return fig


def plot_learning_curves(history: dict, title="Learning curves"):
    plt = _plt()
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.2))
    ax1.plot(epochs, history["loss"], label="train")
    ax1.plot(epochs, history["val_loss"], label="validation")
    ax1.set_xlabel("epoch"), ax1.set_ylabel("loss"), ax1.legend()
    ax2.plot(epochs, history["accuracy"], label="train")
    ax2.plot(epochs, history["val_accuracy"], label="validation")
    ax2.set_xlabel("epoch"), ax2.set_ylabel("accuracy"), ax2.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(report: dict, normalize: bool = True, title=None):
    """Confusion matrix from an evaluation report (rows = true class), as row percentages."""
    plt = _plt()
    cm = np.asarray(report["confusion_matrix"], dtype=float)
    classes = report["classes"]
    if normalize:
        cm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(5.5, 4.8))
    im = ax.imshow(cm, cmap="Blues", vmin=0, vmax=1 if normalize else None)
    ax.set_xticks(range(len(classes)), classes, rotation=45, ha="right")
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted"), ax.set_ylabel("true")
    for i in range(len(classes)):
        for j in range(len(classes)):
            ax.text(j, i, f"{cm[i, j]:.2f}" if normalize else int(cm[i, j]), ha="center", va="center",
                    fontsize=7, color="white" if cm[i, j] > cm.max() / 2 else "black")
    fig.colorbar(im, ax=ax, fraction=0.046)
    ax.set_title(title or f"accuracy {report['accuracy']:.1%}, balanced {report['balanced_accuracy']:.1%}")
    fig.tight_layout()
    return fig


def plot_spectrograms(clips, labels, sr: int = 16000, fmax_line: float | None = 4000.0, title="Log-mel spectrograms"):
    """One log-mel spectrogram per clip (e.g. one per emotion), with a line at ``fmax_line`` Hz."""
    from .voice.features import load_librosa

    load_librosa()  # its numba functions compiled one process at a time
    import librosa.display

    plt = _plt()
    n = len(clips)
    cols = min(4, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for ax, y, label in zip(axes.flat, clips, labels):
        mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=512, hop_length=160, n_mels=64, fmax=sr / 2)
        librosa.display.specshow(librosa.power_to_db(mel, ref=np.max), sr=sr, hop_length=160, x_axis="time",
                                 y_axis="mel", fmax=sr / 2, ax=ax, cmap="magma")
        if fmax_line:
            ax.axhline(fmax_line, color="white", linestyle="--", linewidth=1)
        ax.set_title(label)
        ax.label_outer()
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
