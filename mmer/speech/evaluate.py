"""How well the speech recogniser hears: word error rate on speech whose transcript is known.

RAVDESS actors say one of two fixed sentences in eight emotions (the statement is in the file
name), so every clip has a known transcript: emotional speech, one sentence at a time, and, with
several clips put one after another, a long answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import DatasetError

#: RAVDESS statement codes (the 5th field of a file name) and what the actor says.
RAVDESS_STATEMENTS = {"01": "Kids are talking by the door", "02": "Dogs are sitting by the door"}
_RAVDESS_NAME = re.compile(r"^03-01-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$")


def normalize_words(text: str) -> str:
    """Lower case, letters, digits and inner apostrophes only, single spaces: what word error
    rate compares (``"Kids are talking, by the door."`` -> ``"kids are talking by the door"``)."""
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower()))


def word_error_rate(references, hypotheses) -> float:
    """Word error rate over a corpus: (substitutions + deletions + insertions) / reference words,
    after :func:`normalize_words`. jiwer computes it (the usual implementation).

    >>> word_error_rate(["Kids are talking by the door."], ["Kids are talking by a door"])
    0.16666666666666666
    """
    import jiwer

    references = [normalize_words(r) for r in references]
    hypotheses = [normalize_words(h) for h in hypotheses]
    return float(jiwer.wer(references, hypotheses))


def ravdess_transcripts(folder) -> list[tuple[Path, str, str, str]]:
    """``(path, transcript, emotion code, actor)`` for every RAVDESS speech clip under ``folder``."""
    rows = []
    for path in sorted(Path(folder).rglob("03-01-*")):
        match = _RAVDESS_NAME.match(path.stem)
        if match and path.is_file():
            emotion, _, statement, _, actor = match.groups()
            rows.append((path, RAVDESS_STATEMENTS[statement], emotion, actor))
    if not rows:
        raise DatasetError(f"no RAVDESS speech clips (03-01-*.wav/flac) under {folder}")
    return rows


def long_answers(clips, per_answer: int = 10, gap: float = 0.6, sr: int = 16000):
    """Several clips one after another with ``gap`` seconds of silence: ``[(samples, transcript)]``."""
    from ..media import load_audio

    silence = np.zeros(int(gap * sr), np.float32)
    answers = []
    for start in range(0, len(clips) - per_answer + 1, per_answer):
        group = clips[start : start + per_answer]
        parts = []
        for path, *_ in group:
            parts += [load_audio(path, sr=sr), silence]
        answers.append((np.concatenate(parts), ". ".join(text for _, text, *_ in group) + "."))
    return answers
