"""Observable delivery measures of a spoken answer: plain functions on timed words and samples.

What interview coaches look at before anything else, measured rather than guessed: pace, long
pauses, filler words, length, and whether the recording is good enough to analyse at all. Each
function documents its definition and, where published work gives one, a reference range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

#: Comfortable pace for listeners, words per minute. Tauroza & Allison (1990, Applied
#: Linguistics 11(1)) measured about 140 wpm in lectures and 160 on the radio for native
#: listeners; faster is harder to follow, much slower sounds hesitant.
PACE_RANGE = (130, 160)
#: A silence between two words at least this long counts as a long pause. Pauses under about
#: 0.25 s are part of fluent speech (Goldman-Eisler 1968); a second or more is noticed by a listener.
LONG_PAUSE_SECONDS = 1.0
#: Fillers per minute above which listeners notice them; fluent native speakers produce a few per
#: minute (Bortfeld et al. 2001: about 6 disfluencies per 100 words in conversation).
FILLERS_PER_MINUTE_NOTICEABLE = 4.0
#: Suggested length of a spoken interview answer (the STAR method's usual advice: 1-2 minutes).
ANSWER_SECONDS_RANGE = (30, 120)

#: Sounds that are fillers wherever they occur.
FILLER_SOUNDS = {"um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm", "eh"}
# Phrases that are fillers when set off by commas or at the start of a sentence (Whisper
# punctuates): "it was, like, hard" and "You know, I..." but not "I like my job".
_FILLER_PHRASES = (("you", "know"), ("i", "mean"), ("like",), ("sort", "of"), ("kind", "of"), ("basically",),
                   ("actually",), ("literally",), ("so",), ("well",))
_LETTERS = re.compile(r"[^\w']+")


def bare_word(text: str) -> str:
    """A word without case and punctuation: ``"Um,"`` -> ``"um"``."""
    return _LETTERS.sub("", text.lower())


@dataclass
class Pause:
    """A silence between two words: from the end of one to the start of the next (seconds)."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        return round(self.end - self.start, 3)


def speaking_seconds(words) -> float:
    """From the start of the first word to the end of the last (0 without words)."""
    return max(0.0, words[-1].end - words[0].start) if words else 0.0


def words_per_minute(words) -> float:
    """Words spoken per minute of speaking time (first word's start to last word's end; silence
    before and after the answer does not count, pauses inside it do). Reference: :data:`PACE_RANGE`.

    >>> from mmer.results import Word
    >>> words_per_minute([Word("Hello", 0.0, 0.5), Word("there.", 0.5, 1.0)])
    120.0
    """
    seconds = speaking_seconds(words)
    return round(len(words) / seconds * 60, 1) if seconds > 0 else 0.0


def pace_over_time(words, window: float = 10.0, hop: float = 5.0, duration: float | None = None) -> list[dict]:
    """Words per minute in sliding windows: ``[{"start", "end", "words_per_minute"}, ...]``; a
    word counts in a window when its middle falls inside; the last window ends with the answer.

    >>> from mmer.results import Word
    >>> pace_over_time([Word("a", 1, 1.2), Word("b", 2, 2.2)], window=10, hop=5)
    [{'start': 0.0, 'end': 2.2, 'words_per_minute': 54.5}]
    """
    if not words:
        return []
    end = duration if duration is not None else words[-1].end
    middles = np.array([(w.start + w.end) / 2 for w in words])
    rows, start = [], 0.0
    while True:
        stop = min(start + window, end) if end > start else start + window  # a short answer: one window
        n = int(((middles >= start) & (middles < stop)).sum())
        rows.append({"start": round(start, 3), "end": round(stop, 3), "words_per_minute": round(n / (stop - start) * 60, 1)})
        if stop >= end:
            return rows
        start += hop


def long_pauses(words, min_seconds: float = LONG_PAUSE_SECONDS) -> list[Pause]:
    """Silences of at least ``min_seconds`` between consecutive words (not before the first or
    after the last word: those are the start and end of the recording).

    >>> from mmer.results import Word
    >>> long_pauses([Word("I", 0, 0.2), Word("think", 1.5, 1.8), Word("so.", 1.9, 2.1)])
    [Pause(start=0.2, end=1.5)]
    """
    return [Pause(a.end, b.start) for a, b in zip(words, words[1:]) if b.start - a.end >= min_seconds]


def filler_words(words) -> list[int]:
    """Indices of the words that are fillers: hesitation sounds (um, uh, er...) anywhere, and
    "like", "you know", "I mean", "sort of", "kind of", "basically", "actually", "literally", "so",
    "well" when they are set off: after a sentence start, a comma or a hesitation sound, and before a
    comma or a sentence end ("it was, like, hard" but not "I like my job"). Every word of a phrase
    is listed.

    It counts what the recogniser wrote down. Whisper learned from cleaned transcripts and drops
    hesitation sounds unless prompted with them (:data:`mmer.speech.asr.VERBATIM_PROMPT`, which
    keeps them); quiet or swallowed fillers can still be missed, so treat the count as a lower bound.

    >>> from mmer.results import Word
    >>> ws = [Word(t, i, i + 0.5) for i, t in enumerate("Um, I like it, you know, a lot.".split())]
    >>> [ws[i].text for i in filler_words(ws)]
    ['Um,', 'you', 'know,']
    """
    found = []
    bare = [bare_word(w.text) for w in words]
    for i, word in enumerate(bare):
        if word in FILLER_SOUNDS:
            found.append(i)
    for phrase in _FILLER_PHRASES:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(bare[i : i + n]) != phrase:
                continue
            # Set off: after the start of a sentence, a comma or a hesitation sound, and before a
            # comma or a sentence end.
            opens = i == 0 or words[i - 1].text.rstrip().endswith((".", "?", "!", ",")) or bare[i - 1] in FILLER_SOUNDS
            closes = i + n == len(words) or words[i + n - 1].text.rstrip().endswith((",", ".", "?", "!"))
            if opens and closes:
                found.extend(range(i, i + n))
    return sorted(set(found))


def fillers_per_minute(words) -> float:
    """Filler occurrences (a phrase counts once) per minute of speaking time."""
    indices = filler_words(words)
    occurrences = sum(1 for k, i in enumerate(indices) if k == 0 or indices[k - 1] != i - 1)
    seconds = speaking_seconds(words)
    return round(occurrences / seconds * 60, 1) if seconds > 0 else 0.0


#: Audio quality limits: beyond them the recording is too poor to analyse well.
CLIPPED_SHARE_LIMIT = 0.001  # share of samples at full scale
QUIET_SPEECH_DBFS = -40.0  # speech level below this: too quiet
NOISY_SNR_DB = 15.0  # speech less than this above the background: too noisy


def clipped_share(samples) -> float:
    """Share of samples at full scale (|x| >= 0.999): sound too loud for the microphone.

    >>> clipped_share(np.array([0.1, 1.0, -1.0, 0.5]))
    0.5
    """
    return float(np.mean(np.abs(np.asarray(samples)) >= 0.999))


def audio_quality(samples: np.ndarray, sample_rate: int = 16_000) -> dict:
    """Clipping, speech level and background noise of a recording, with advice.

    Level: the RMS of the loudest 30% of 25 ms frames (the speech), in dBFS. Noise: the RMS of
    the quietest 10% of frames. Their difference estimates the signal-to-noise ratio: under
    :data:`NOISY_SNR_DB` dB voices are hard to read (speech enhancement work treats 15-20 dB
    as "noisy"). Returns ``{"clipped_share", "speech_dbfs", "noise_dbfs", "snr_db", "advice"}``.

    >>> rng = np.random.default_rng(0)
    >>> quality = audio_quality(0.001 * rng.standard_normal(16000))
    >>> quality["advice"][0]
    'Your voice is very quiet: move closer to the microphone or raise its volume.'
    """
    x = np.asarray(samples, dtype=np.float64)
    if x.size == 0:
        from ..feedback import audio_advice

        quality = {"clipped_share": 0.0, "speech_dbfs": None, "noise_dbfs": None, "snr_db": None}
        return {**quality, "advice": audio_advice(quality)}
    clipped = clipped_share(x)
    frame = max(1, int(0.025 * sample_rate))
    n = len(x) // frame
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1)) if n else np.sqrt([np.mean(x**2)])
    db = 20 * np.log10(np.maximum(rms, 1e-10))
    ordered = np.sort(db)
    speech = float(ordered[int(len(ordered) * 0.7):].mean())
    noise = float(ordered[: max(1, int(len(ordered) * 0.1))].mean())
    from ..feedback import audio_advice

    quality = {"clipped_share": round(clipped, 5), "speech_dbfs": round(speech, 1), "noise_dbfs": round(noise, 1),
               "snr_db": round(speech - noise, 1)}
    return {**quality, "advice": audio_advice({**quality, "clipped_share": clipped, "snr_db": speech - noise})}


def answer_measures(words, duration: float, frames=()) -> dict:
    """Every delivery measure of an answer, as stored in :attr:`mmer.AnswerResult.delivery`:
    ``answer_seconds``, ``speaking_seconds``, ``word_count``, ``words_per_minute``, ``pace``
    (:func:`pace_over_time`), ``long_pauses``, ``filler_words`` and ``filler_indices``,
    ``fillers_per_minute``, and from the video's ``frames`` (if any) the share of them with a face
    in view (``face_in_view``) and facing the camera (``facing_camera``; None without frames).

    >>> from mmer.results import Word
    >>> m = answer_measures([Word("Um,", 0.0, 0.3), Word("yes.", 1.6, 2.0)], 3.0)
    >>> m["filler_words"], m["long_pauses"], m["face_in_view"]
    (['Um,'], [{'start': 0.3, 'end': 1.6, 'seconds': 1.3}], None)
    """
    fillers = filler_words(words)
    frames = list(frames)
    return {
        "answer_seconds": duration,
        "speaking_seconds": round(speaking_seconds(words), 3),
        "word_count": len(words),
        "words_per_minute": words_per_minute(words),
        "pace": pace_over_time(words, duration=duration),
        "long_pauses": [{"start": p.start, "end": p.end, "seconds": p.seconds} for p in long_pauses(words)],
        "filler_words": [words[i].text for i in fillers],
        "filler_indices": fillers,
        "fillers_per_minute": fillers_per_minute(words),
        "face_in_view": (sum(f.box is not None for f in frames) / len(frames)) if frames else None,
        "facing_camera": (sum(bool(f.facing) for f in frames) / len(frames)) if frames else None,
    }
