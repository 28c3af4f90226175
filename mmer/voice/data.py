"""Loaders for labeled emotional-speech corpora in their public naming schemes.

* EmoDB: ``03a01Fa.wav``: speaker = first two digits, emotion = 6th letter (German initials).
* TESS: folders ``<speaker>_<emotion>`` (``OAF_angry``, ``YAF_pleasant_surprise``).
* RAVDESS: ``03-01-05-01-02-01-12.wav``: the 3rd field is the emotion, the 7th the actor.
* CREMA-D: ``1001_DFA_ANG_XX.wav``: speaker, sentence, emotion, intensity.

* SAVEE: ``DC_a01.wav`` (or ``DC/a01.wav``): speaker initials, emotion letter(s) ``a d f h n sa su``.

Labels outside our seven classes (EmoDB boredom, RAVDESS calm) are skipped and counted, never
mapped onto a class they are not: boredom is not neutral (it is low-arousal and negative), and
folding it into neutral would teach the model that a flat voice is "neutral" more than it is.
RAVDESS *calm* can be read as neutral instead (``calm="neutral"``): notebook 02 measures both.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import DatasetError, InvalidArgumentError
from ..labels import EMOTIONS

AUDIO_SUFFIXES = {".wav", ".flac", ".ogg", ".mp3", ".webm", ".m4a", ".opus"}

_EMODB = re.compile(r"^(\d\d)[a-z]\d\d([A-Z])[a-z]$")
_EMODB_CODES = {"W": "angry", "E": "disgust", "A": "fear", "F": "happy", "T": "sad", "N": "neutral", "L": None}
_RAVDESS = re.compile(r"^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$")
_RAVDESS_CODES = {
    "01": "neutral", "02": None, "03": "happy", "04": "sad",
    "05": "angry", "06": "fear", "07": "disgust", "08": "surprise",
}  # fmt: skip
_CREMA = re.compile(r"^(\d{4})_[A-Z]{3}_([A-Z]{3})_[A-Z]{2}$")
_CREMA_CODES = {"ANG": "angry", "DIS": "disgust", "FEA": "fear", "HAP": "happy", "NEU": "neutral", "SAD": "sad"}
_SAVEE = re.compile(r"^(?:([A-Z]{2})_)?(sa|su|a|d|f|h|n)(\d\d)$")
_SAVEE_CODES = {"a": "angry", "d": "disgust", "f": "fear", "h": "happy", "n": "neutral", "sa": "sad", "su": "surprise"}
_TESS_DIR = re.compile(r"^([A-Za-z]+)_([A-Za-z_]+)$")
_TESS_WORDS = {
    "angry": "angry", "disgust": "disgust", "fear": "fear", "happy": "happy", "neutral": "neutral",
    "sad": "sad", "pleasant_surprise": "surprise", "pleasant_surprised": "surprise", "ps": "surprise",
    "surprise": "surprise", "surprised": "surprise",
}  # fmt: skip

#: Returned as the label of a file whose corpus label is not one of our classes.
SKIP = "skip"


def parse_label(path, calm: str = "skip") -> tuple[str, str, str] | None:
    """``(emotion, speaker, corpus)`` from a file's name (and folder, for TESS and SAVEE), or None
    if the name follows no known scheme. ``emotion`` is :data:`SKIP` for labels outside our
    classes; RAVDESS calm is skipped, or neutral with ``calm="neutral"``.

    >>> parse_label("DC_sa03.wav"), parse_label("03-01-02-01-01-01-12.flac", calm="neutral")
    (('sad', 'savee-DC', 'savee'), ('neutral', 'ravdess-12', 'ravdess'))
    """
    path = Path(path)
    stem = path.stem
    if m := _EMODB.match(stem):
        if m.group(2) in _EMODB_CODES:
            return (_EMODB_CODES[m.group(2)] or SKIP, f"emodb-{m.group(1)}", "emodb")
    if m := _RAVDESS.match(stem):
        if m.group(3) in _RAVDESS_CODES:
            emotion = "neutral" if (m.group(3) == "02" and calm == "neutral") else _RAVDESS_CODES[m.group(3)]
            return (emotion or SKIP, f"ravdess-{m.group(7)}", "ravdess")
    if m := _CREMA.match(stem):
        return (_CREMA_CODES.get(m.group(2), SKIP), f"crema-{m.group(1)}", "crema-d")
    if m := _SAVEE.match(stem):
        # The speaker is in the name (DC_a01) or, in the original release, the folder (DC/a01).
        speaker = m.group(1) or (path.parent.name if re.fullmatch(r"[A-Z]{2}", path.parent.name) else None)
        if speaker:
            return (_SAVEE_CODES[m.group(2)], f"savee-{speaker}", "savee")
    if m := _TESS_DIR.match(path.parent.name):
        emotion = _TESS_WORDS.get(m.group(2).lower())
        if emotion:
            return (emotion, f"tess-{m.group(1).upper()}", "tess")
    return None


@dataclass
class VoiceDataset:
    """Labeled clips: parallel lists, like scikit-learn's ``Bunch`` but typed."""

    files: list[Path]
    labels: list[str]
    speakers: list[str]
    corpora: list[str]
    skipped: Counter = field(default_factory=Counter)  # reason -> count

    def __len__(self) -> int:
        return len(self.files)

    @property
    def y(self) -> np.ndarray:
        return np.array([EMOTIONS.index(label) for label in self.labels])

    def subset(self, mask) -> "VoiceDataset":
        idx = np.flatnonzero(mask)
        pick = lambda xs: [xs[i] for i in idx]  # noqa: E731
        return VoiceDataset(pick(self.files), pick(self.labels), pick(self.speakers), pick(self.corpora), Counter(self.skipped))

    def describe(self) -> str:
        by_corpus = Counter(self.corpora)
        parts = [f"{len(self)} clips ({', '.join(f'{c}: {k}' for c, k in sorted(by_corpus.items()))})",
                 f"{len(set(self.speakers))} speakers"]
        if self.skipped:
            parts.append("skipped " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())))
        return "; ".join(parts)


def load_voice_dataset(*roots, max_per_class: int | None = None, seed: int = 0, calm: str = "skip") -> VoiceDataset:
    """Find every labeled audio file under ``roots`` (any of the five naming schemes, mixed).

    ``max_per_class`` keeps a random subset per class and corpus (quick runs, tests);
    ``calm``: what RAVDESS calm clips become (``"skip"`` or ``"neutral"``).
    Raises :class:`DatasetError` when nothing labeled is found.
    """
    if calm not in ("skip", "neutral"):
        raise InvalidArgumentError(f"calm must be 'skip' or 'neutral', not {calm!r}")
    files, labels, speakers, corpora = [], [], [], []
    skipped: Counter = Counter()
    for root in roots:
        root = Path(root)
        if not root.exists():
            raise DatasetError(f"{root} does not exist")
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in candidates:
            if path.suffix.lower() not in AUDIO_SUFFIXES:
                continue
            parsed = parse_label(path, calm=calm)
            if parsed is None:
                skipped["files with unknown names"] += 1
                continue
            emotion, speaker, corpus = parsed
            if emotion == SKIP:
                skipped[f"{corpus} clips with a label outside our 7 emotions"] += 1
                continue
            files.append(path)
            labels.append(emotion)
            speakers.append(speaker)
            corpora.append(corpus)
    if not files:
        raise DatasetError(
            f"no labeled audio found under {', '.join(map(str, roots))}: expected EmoDB, TESS, "
            "RAVDESS, CREMA-D or SAVEE file names (audio files: " + ", ".join(sorted(AUDIO_SUFFIXES)) + ")"
        )
    dataset = VoiceDataset(files, labels, speakers, corpora, skipped)
    if max_per_class is not None:
        rng = np.random.default_rng(seed)
        keep = np.zeros(len(files), bool)
        for key in set(zip(labels, corpora)):
            idx = [i for i, k in enumerate(zip(labels, corpora)) if k == key]
            keep[rng.permutation(idx)[:max_per_class]] = True
        dataset = dataset.subset(keep)
    return dataset
