"""Result objects shared by the CLI, widgets, notebooks, store and tests.

Every analysis returns a :class:`Result`: a timeline (one row per analysed frame or window) plus
a summary computed from it, with the same serialisation everywhere. Serialisation is lossless:
``Result.from_dict(r.to_dict()) == r``, ``to_json`` is plain JSON, and :meth:`Result.from_json`
returns the right subclass from its ``kind``.

>>> from mmer.results import AudioResult, AudioWindow, Result
>>> r = AudioResult(windows=[AudioWindow(start=0.0, end=3.0, voiced_seconds=2.5,
...                                      probabilities=[0, 0, 0, 0.9, 0, 0, 0.1])],
...                 duration=3.0, voiced_seconds=2.5)
>>> r.summary["dominant_emotion"]
'happy'
>>> Result.from_json(r.to_json()) == r
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar

import numpy as np

from .errors import InvalidArgumentError, ResultFormatError
from .labels import EMOTIONS, TRAITS


def dominant_index(probabilities) -> int | None:
    """Column of the class that is most often the most likely one over the rows of
    ``probabilities`` (ties: the higher mean probability); None for no rows. How an answer's
    emotion is named from its frames or windows, in the app and in the voice model's evaluation.

    >>> dominant_index([[0.6, 0.4], [0.2, 0.8], [0.45, 0.55]])
    1
    """
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.size == 0:
        return None
    counts = np.bincount(probabilities.argmax(axis=1), minlength=probabilities.shape[1])
    mean = probabilities.mean(axis=0)
    return int(max(range(probabilities.shape[1]), key=lambda c: (counts[c], mean[c])))


def _most_likely(probabilities) -> str | None:
    """The emotion with the highest probability, or None for a frame/window without any."""
    return None if probabilities is None else EMOTIONS[int(np.argmax(probabilities))]


@dataclass(kw_only=True)
class Result:
    """What every analysis returns: ``kind`` (``"video"``, ``"audio"``, ``"text"``, or ``"answer"``
    for :class:`AnswerResult`, which holds one of each),
    ``timeline`` (rows over time), ``summary`` (figures over the whole input), ``warnings``
    (sentences for the user: when to distrust the figures) and ``model_version``.

    Subclasses are dataclasses whose fields are plain data; ``to_dict`` writes every field plus
    ``kind`` and ``summary``, ``from_dict`` reads them back (the summary is recomputed).
    """

    model_version: str = ""
    warnings: list[str] = field(default_factory=list)

    kind: ClassVar[str] = ""

    # -- what subclasses provide ---------------------------------------------------------------
    @property
    def timeline(self) -> list:
        """The rows over time (frames, windows); empty for inputs without time (text)."""
        return []

    @property
    def summary(self) -> dict:
        raise NotImplementedError

    @classmethod
    def _fields_from_dict(cls, data: dict) -> dict:
        """Turn the plain JSON values of ``data`` back into field values (rows, tuples)."""
        return data

    # -- serialisation ---------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain data (lists, dicts, numbers, strings): the fields, ``kind`` and ``summary``."""
        data = {"kind": self.kind, **asdict(self)}
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        data["summary"] = self.summary
        return data

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        """The result ``to_dict`` wrote; on :class:`Result` itself, of whichever kind it says.

        Raises :class:`~mmer.errors.ResultFormatError` when ``data`` is not a result of this kind.
        """
        kinds = result_kinds()
        kind = data.get("kind") if isinstance(data, dict) else None
        target = kinds.get(kind) if isinstance(kind, str) else None
        if target is None or not issubclass(target, cls):
            wanted = cls.kind or " or ".join(kinds)
            raise ResultFormatError(f"not a {wanted} result: kind={kind!r}")
        names = {f.name for f in fields(target)}
        try:
            values = target._fields_from_dict(dict(data))  # all keys: a field may be built from several
            result = target(**{k: v for k, v in values.items() if k in names})
            # Values of the wrong type would only fail later, far from here: compute what every
            # user of a result reads now.
            result.summary, result.to_dict()  # noqa: B018
            return result
        except (TypeError, KeyError, ValueError, AttributeError, IndexError) as exc:
            raise ResultFormatError(f"a damaged {kind} result: {exc}") from None

    @classmethod
    def from_json(cls, text: str) -> "Result":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ResultFormatError(f"not a saved result (invalid JSON: {exc})") from None
        return cls.from_dict(data)

    def to_dataframe(self):
        """The timeline as a pandas DataFrame, one row per frame or window."""
        import pandas as pd

        return pd.DataFrame([row.as_row(self) for row in self.timeline])

    @property
    def parts(self) -> dict[str, "Result"]:
        """Every result this one holds, by kind, itself included: what the store keeps and
        compares with other candidates (an answer: its face, voice and words, and itself)."""
        return {self.kind: self}

    #: The names of the figures the store keeps of this kind, compared between candidates.
    score_names: ClassVar[tuple[str, ...]] = ()

    def stored_scores(self) -> tuple[dict, str | None, dict]:
        """``(scores, headline, details)``: what the store keeps of this result: figures compared
        between candidates (named in :attr:`score_names`), the one-word headline (a dominant
        emotion, the most visible trait) and details shown beside them."""
        raise InvalidArgumentError(f"a {self.kind!r} result is not stored as such (store its answers)")


@dataclass
class FrameEmotion:
    """One analysed video frame: its time, the 7 emotion probabilities and the face box.

    ``probabilities`` and ``box`` are None when no face was found in that frame; ``facing`` says
    whether the face was turned towards the camera (:func:`mmer.face.detector.facing_camera`).
    """

    index: int
    time: float
    probabilities: list[float] | None = None
    box: list[int] | None = None
    facing: bool | None = None

    @property
    def emotion(self) -> str | None:
        return _most_likely(self.probabilities)

    def as_row(self, result) -> dict:
        row = {"frame": self.index, "time": self.time, "face": self.box is not None, "facing": self.facing}
        row.update(dict(zip(("x", "y", "w", "h"), self.box or (None,) * 4)))
        row.update(dict(zip(result.classes, self.probabilities or (np.nan,) * len(result.classes))))
        row["emotion"] = self.emotion
        return row


@dataclass
class Word:
    """One recognised word: its text as written (``"door."``), start and end in seconds from the
    start of the recording, and the recogniser's confidence (0..1)."""

    text: str
    start: float
    end: float
    probability: float = 1.0

    def as_row(self, result=None) -> dict:
        return asdict(self)


@dataclass
class AudioWindow:
    """One window of a voice recording: its span, and the 7 emotion probabilities, or None
    when the window is silence (too little voiced sound to classify)."""

    start: float
    end: float
    probabilities: list[float] | None = None
    voiced_seconds: float = 0.0

    @property
    def silent(self) -> bool:
        return self.probabilities is None

    @property
    def emotion(self) -> str | None:
        return _most_likely(self.probabilities)

    @property
    def time(self) -> float:
        """The middle of the window: where a timeline plots it."""
        return (self.start + self.end) / 2

    def as_row(self, result) -> dict:
        row = {"start": self.start, "end": self.end, "silent": self.silent, "voiced_seconds": self.voiced_seconds}
        row.update(dict(zip(result.classes, self.probabilities or (np.nan,) * len(result.classes))))
        row["emotion"] = self.emotion
        return row


@dataclass(kw_only=True)
class EmotionResult(Result):
    """Emotions over time (video frames or audio windows): shares, mean probabilities and the
    dominant emotion over the rows that could be classified (frames with a face, voiced windows)."""

    duration: float
    classes: tuple[str, ...] = EMOTIONS

    _row_type: ClassVar[type] = None
    _rows_field: ClassVar[str] = ""

    @property
    def timeline(self) -> list:
        return getattr(self, self._rows_field)

    @property
    def classified_rows(self) -> list:
        """The rows with probabilities (frames with a face, voiced windows)."""
        return [r for r in self.timeline if r.probabilities is not None]

    def _probability_matrix(self) -> np.ndarray:
        rows = [r.probabilities for r in self.classified_rows]
        return np.asarray(rows, dtype=float).reshape(-1, len(self.classes))

    @property
    def shares(self) -> dict[str, float]:
        """Share of the classified rows in which each emotion is the most likely one."""
        probs = self._probability_matrix()
        if len(probs) == 0:
            return {c: 0.0 for c in self.classes}
        counts = np.bincount(probs.argmax(axis=1), minlength=len(self.classes))
        return {c: float(n) / len(probs) for c, n in zip(self.classes, counts)}

    @property
    def mean_probabilities(self) -> dict[str, float]:
        probs = self._probability_matrix()
        mean = probs.mean(axis=0) if len(probs) else np.zeros(len(self.classes))
        return {c: float(p) for c, p in zip(self.classes, mean)}

    @property
    def dominant_emotion(self) -> str | None:
        """The emotion most often the most likely one (None when nothing could be classified)."""
        index = dominant_index(self._probability_matrix())
        return None if index is None else self.classes[index]

    def _counts(self) -> dict:
        """What this kind adds to the summary (frames or windows analysed...)."""
        return {}

    @property
    def summary(self) -> dict:
        return {
            "dominant_emotion": self.dominant_emotion,
            "shares": self.shares,
            "mean_probabilities": self.mean_probabilities,
            "duration": self.duration,
            **self._counts(),
        }

    @classmethod
    def _fields_from_dict(cls, data: dict) -> dict:
        data = dict(data)
        data[cls._rows_field] = [cls._row_type(**row) for row in data.get(cls._rows_field, [])]
        if "classes" in data:
            data["classes"] = tuple(data["classes"])
        return data

    def _headline(self) -> str:
        raise NotImplementedError

    score_names: ClassVar[tuple[str, ...]] = EMOTIONS

    def stored_scores(self) -> tuple[dict, str | None, dict]:
        summary = self.summary
        details = {k: v for k, v in summary.items() if k not in ("shares", "mean_probabilities", "dominant_emotion")}
        return dict(summary["shares"]), summary["dominant_emotion"], details

    def __str__(self) -> str:
        shares = self.shares
        lines = [self._headline(), f"Dominant emotion: {self.dominant_emotion}"]
        lines += [f"  {c:<9} {shares[c]:6.1%}  {'#' * round(shares[c] * 40)}" for c in self.classes]
        return "\n".join(lines + [f"Warning: {w}" for w in self.warnings])


@dataclass(kw_only=True)
class VideoResult(EmotionResult):
    """Facial emotions of a video (or of a photo: one frame at time 0), frame by frame."""

    frames: list[FrameEmotion]
    every: int = 1
    max_fps: float | None = None  # frames analysed per second of video, when sampled by time

    kind: ClassVar[str] = "video"
    _row_type: ClassVar[type] = FrameEmotion
    _rows_field: ClassVar[str] = "frames"

    @property
    def frames_analysed(self) -> int:
        return len(self.frames)

    @property
    def frames_with_face(self) -> int:
        return len(self.classified_rows)

    @property
    def frames_without_face(self) -> int:
        return self.frames_analysed - self.frames_with_face

    def _counts(self) -> dict:
        return {
            "frames_analysed": self.frames_analysed,
            "frames_with_face": self.frames_with_face,
            "frames_without_face": self.frames_without_face,
            "every": self.every,
            "max_fps": self.max_fps,
        }

    def _headline(self) -> str:
        sampled = f"at most {self.max_fps:g} per second" if self.max_fps else f"every {self.every}"
        return (f"Video: {self.duration:.1f} s, {self.frames_analysed} frames analysed ({sampled}), "
                f"{self.frames_without_face} without a face")


#: The content figures of what was said (:func:`mmer.text.content.content_measures`) compared
#: between candidates: numbers only, never the words.
CONTENT_SCORES = ("star_parts", "specifics_share", "hedges_per_100_words", "we_share", "vocabulary_variety")


@dataclass(kw_only=True)
class AudioResult(EmotionResult):
    """Vocal emotions of a recording, window by window (overlapping windows, silence skipped)."""

    windows: list[AudioWindow]
    voiced_seconds: float
    window: float = 3.0
    hop: float = 1.0

    kind: ClassVar[str] = "audio"
    _row_type: ClassVar[type] = AudioWindow
    _rows_field: ClassVar[str] = "windows"

    @property
    def voiced_windows(self) -> list[AudioWindow]:
        return self.classified_rows

    @property
    def silent_windows(self) -> int:
        return len(self.windows) - len(self.voiced_windows)

    def _counts(self) -> dict:
        return {
            "windows_analysed": len(self.windows),
            "silent_windows": self.silent_windows,
            "voiced_seconds": self.voiced_seconds,
        }

    def _headline(self) -> str:
        return (f"Audio: {self.duration:.1f} s, {self.voiced_seconds:.1f} s voiced, {len(self.windows)} windows "
                f"of {self.window:g} s ({self.silent_windows} silent)")


@dataclass(kw_only=True)
class TextResult(Result):
    """Perceived Big Five traits of a text, with the words it uses most.

    ``traits`` maps each trait to P(high), five independent probabilities (they do not sum to 1).
    A text has no time axis: ``timeline`` is empty and ``to_dataframe`` has one row per trait.
    ``content``: its content measures (structure, specifics, hedges...), computed once.
    """

    traits: dict[str, float]
    top_words: list[tuple[str, int]]
    word_count: int
    sentence_count: int = 0
    source: str = "typed answer"
    #: What was said (:func:`mmer.text.content.content_measures`) of :attr:`words`; None for a
    #: text that is not English.
    content: dict | None = None
    #: The text split at spaces, as shown with its content highlights (the positions of
    #: ``content``'s word ranges); empty when there is no content.
    words: list[str] = field(default_factory=list)

    kind: ClassVar[str] = "text"

    @staticmethod
    def level(probability: float) -> str:
        """Words for a probability: the model is rarely sure, so the middle band is wide."""
        if probability >= 0.6:
            return "high"
        if probability <= 0.4:
            return "low"
        return "average"

    @property
    def levels(self) -> dict[str, str]:
        return {t: self.level(p) for t, p in self.traits.items()}

    @property
    def most_visible_trait(self) -> str:
        """The trait the model finds most clearly high in this text."""
        return max(self.traits, key=self.traits.get)

    @property
    def reliable(self) -> bool:
        return not self.warnings

    @property
    def summary(self) -> dict:
        return {
            "traits": dict(self.traits),
            "levels": self.levels,
            "most_visible_trait": self.most_visible_trait,
            "word_count": self.word_count,
            "top_words": [list(x) for x in self.top_words],
        }

    @classmethod
    def _fields_from_dict(cls, data: dict) -> dict:
        data = dict(data)
        data["top_words"] = [(w, int(n)) for w, n in data.get("top_words", [])]
        return data

    score_names: ClassVar[tuple[str, ...]] = (*TRAITS, *CONTENT_SCORES)

    def stored_scores(self) -> tuple[dict, str | None, dict]:
        """The traits and the content figures (never the words that produced them)."""
        summary = self.summary
        content = {k: self.content[k] for k in CONTENT_SCORES if self.content and self.content.get(k) is not None}
        return ({**self.traits, **content}, summary["most_visible_trait"],
                {k: summary[k] for k in ("word_count", "top_words")})

    def to_dataframe(self):
        """One row per trait: probability and level."""
        import pandas as pd

        return pd.DataFrame(
            {"trait": list(self.traits), "probability": list(self.traits.values()), "level": list(self.levels.values())}
        )

    def __str__(self) -> str:
        lines = [f"Text: {self.word_count} words ({self.source})", "Perceived Big Five traits (P(high), independent):"]
        for t, p in self.traits.items():
            lines.append(f"  {t:<18} {p:5.0%}  {self.level(p):<8} {'#' * round(p * 30)}")
        lines.append(f"Most visible trait: {self.most_visible_trait}")
        lines.append("Most used words: " + ", ".join(f"{w} ({n})" for w, n in self.top_words))
        if self.content:
            from . import feedback

            lines += [f"What was said: {t}" for t in feedback.content_takeaways(self.content)]
        lines += [f"Warning: {w}" for w in self.warnings]
        return "\n".join(lines)


@dataclass
class Moment:
    """What face, voice and words were doing at ``time`` (:meth:`AnswerResult.at`): the face's
    and the voice's emotion (None where no face was seen or nothing was said), the word being
    said (``word``) and the words spoken in the span around ``time`` (``words``).
    ``has_face``/``has_voice``: whether the answer has a face or voice at all."""

    time: float
    face: str | None
    voice: str | None
    word: str | None = None
    words: str = ""
    has_face: bool = True
    has_voice: bool = True


#: The figures of an answer compared between candidates (its delivery).
DELIVERY_SCORES = ("words_per_minute", "fillers_per_minute", "long_pauses", "facing_camera")


@dataclass(kw_only=True)
class AnswerResult(Result):
    """One spoken answer read every way, on one time axis (seconds from the start):

    ``video`` (face emotions per frame; None for an audio-only answer), ``audio`` (voice emotions
    per window), ``words`` (the transcript with word timings), ``text`` (perceived traits of what
    was said; None without words), ``audio_quality``; and what is derived from them, computed
    once when the result is made and stored with it: ``delivery`` (the measures of
    :func:`mmer.speech.delivery.answer_measures`), ``alignment`` (one row per second: what face,
    voice and words were doing, by the rule of :meth:`at`), ``agreement`` (how often face and voice
    named the same emotion in those seconds), ``coaching`` (sentences of :mod:`mmer.feedback`) and
    ``takeaways`` (three to five of them, answering "how did I do?").
    Face and voice are shown side by side; they are never fused into one "true" emotion.

    ``to_dict`` puts the three timelines at the top: ``frames``, ``windows`` and ``words``, beside
    ``transcript`` and ``words_per_minute``.

    >>> from mmer.examples import example_answer
    >>> answer = example_answer(12.0)
    >>> answer.delivery["filler_words"], len(answer.alignment)
    (['um'], 12)
    >>> answer.at(3.5).face == answer.alignment[3]["face"]
    True
    """

    duration: float
    words: list[Word]
    audio: AudioResult | None = None
    video: VideoResult | None = None
    text: TextResult | None = None
    audio_quality: dict = field(default_factory=dict)
    delivery: dict | None = None
    alignment: list[dict] | None = None
    agreement: dict | None = None
    coaching: list[str] | None = None
    takeaways: list[str] | None = None

    kind: ClassVar[str] = "answer"
    score_names: ClassVar[tuple[str, ...]] = DELIVERY_SCORES

    def __post_init__(self):
        # Derived once, here, for a result made by an analysis (or by hand); a result read back
        # from JSON brings its own.
        if self.delivery is None or self.alignment is None or self.coaching is None:
            from . import feedback
            from .speech.delivery import answer_measures

            self.delivery = answer_measures(self.words, self.duration, self.video.frames if self.video else [])
            self.alignment = [
                {"start": float(k), "end": float(k + 1), "face": m.face, "voice": m.voice, "words": m.words}
                for k in range(max(1, int(np.ceil(self.duration))))
                for m in [self.at(k + 0.5)]
            ]
            self.agreement = _agreement(self.alignment) if (self.video and self.audio) else None
            self.coaching = (feedback.coaching(self.delivery, self.duration, self.audio_quality)
                             + feedback.content_takeaways(self.content))
        if self.takeaways is None:
            from . import feedback

            self.takeaways = feedback.takeaways(self)

    # -- what was said ------------------------------------------------------------------------------
    @property
    def transcript(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def timeline(self) -> list:
        return self.words

    @property
    def words_per_minute(self) -> float:
        return self.delivery["words_per_minute"]

    @property
    def content(self) -> dict | None:
        """What was said (:attr:`TextResult.content` of :attr:`text`): its word ranges are
        positions in the transcript split at spaces."""
        return self.text.content if self.text is not None else None

    @property
    def parts(self) -> dict[str, Result]:
        """The answer's face, voice and words results (those it has), and itself."""
        found = {p.kind: p for p in (self.video, self.audio, self.text) if p is not None}
        return {**found, "answer": self}

    # -- one rule for "what happened at time t" ---------------------------------------------------------
    def at(self, seconds: float, span: float = 1.0) -> Moment:
        """What face, voice and words were doing at ``seconds`` into the answer: the one rule the
        replay, :meth:`to_dataframe`, :attr:`agreement` and reports read.

        - face: the dominant emotion (:func:`dominant_index`) of the frames with a face within
          ``span / 2`` of ``seconds`` (None: no face seen then);
        - voice: the emotion of the voiced window that holds ``seconds``, the one centred
          nearest when windows overlap (None: silence);
        - word: the word being said then; words: those whose middle lies within ``span / 2``.
        """
        half = span / 2
        face = None
        if self.video is not None:
            rows = [f.probabilities for f in self.video.frames
                    if f.probabilities is not None and seconds - half <= f.time < seconds + half]
            index = dominant_index(rows)
            face = None if index is None else self.video.classes[index]
        voice = None
        if self.audio is not None:
            holding = [w for w in self.audio.windows if not w.silent and w.start <= seconds < w.end]
            voice = min(holding, key=lambda w: abs(w.time - seconds)).emotion if holding else None
        word = next((w.text for w in self.words if w.start <= seconds < w.end), None)
        said = " ".join(w.text for w in self.words if seconds - half <= (w.start + w.end) / 2 < seconds + half)
        return Moment(time=float(seconds), face=face, voice=voice, word=word, words=said,
                      has_face=self.video is not None, has_voice=self.audio is not None)

    @property
    def summary(self) -> dict:
        measures = self.delivery
        return {
            "duration": self.duration,
            "word_count": measures["word_count"],
            "words_per_minute": measures["words_per_minute"],
            "long_pauses": len(measures["long_pauses"]),
            "fillers_per_minute": measures["fillers_per_minute"],
            "face_in_view": measures["face_in_view"],
            "facing_camera": measures["facing_camera"],
            "face_dominant_emotion": self.video.dominant_emotion if self.video else None,
            "voice_dominant_emotion": self.audio.dominant_emotion if self.audio else None,
            "face_voice_agreement": (self.agreement or {}).get("share_agreeing"),
            "most_visible_trait": self.text.most_visible_trait if self.text else None,
            "traits": dict(self.text.traits) if self.text else None,
        }

    def stored_scores(self) -> tuple[dict, str | None, dict]:
        """Its delivery measures; its face, voice and words are stored as their own kinds (:attr:`parts`)."""
        summary = self.summary
        scores = {k: summary[k] for k in DELIVERY_SCORES if summary.get(k) is not None}
        return scores, None, {"duration": summary["duration"], "word_count": summary["word_count"]}

    # -- serialisation: the three timelines at the top ------------------------------------------------
    def to_dict(self) -> dict:
        def without(result, rows):
            if result is None:
                return None
            data = result.to_dict()
            data.pop(rows, None)
            return data

        return {
            "kind": self.kind,
            "model_version": self.model_version,
            "warnings": list(self.warnings),
            "duration": self.duration,
            "transcript": self.transcript,
            "words_per_minute": self.words_per_minute,
            "words": [asdict(w) for w in self.words],
            "frames": [asdict(f) for f in self.video.frames] if self.video else [],
            "windows": [asdict(w) for w in self.audio.windows] if self.audio else [],
            "video": without(self.video, "frames"),
            "audio": without(self.audio, "windows"),
            "text": self.text.to_dict() if self.text else None,
            "audio_quality": self.audio_quality,
            "delivery": self.delivery,
            "alignment": self.alignment,
            "agreement": self.agreement,
            "coaching": list(self.coaching),
            "summary": self.summary,
        }

    @classmethod
    def _fields_from_dict(cls, data: dict) -> dict:
        data = dict(data)
        data["words"] = [Word(**w) for w in data.get("words", [])]
        if data.get("video") is not None:
            data["video"] = VideoResult.from_dict({**data["video"], "frames": data.get("frames", [])})
        if data.get("audio") is not None:
            data["audio"] = AudioResult.from_dict({**data["audio"], "windows": data.get("windows", [])})
        if data.get("text") is not None:
            data["text"] = TextResult.from_dict(data["text"])
        return data

    def to_dataframe(self):
        """One row per second (:attr:`alignment`): what face, voice and words were doing, by the
        rule of :meth:`at`."""
        import pandas as pd

        return pd.DataFrame(self.alignment, columns=["start", "end", "face", "voice", "words"])

    def __str__(self) -> str:
        measures = self.delivery
        lines = [f"Answer: {self.duration:.1f} s, {measures['word_count']} words, {measures['words_per_minute']:.0f} words per minute",
                 f"Transcript: {self.transcript}"]
        if self.video:
            lines.append(f"Face: mostly {self.video.dominant_emotion}; face in view {measures['face_in_view']:.0%}, "
                         f"facing the camera {measures['facing_camera']:.0%}")
        if self.audio:
            lines.append(f"Voice: mostly {self.audio.dominant_emotion}")
        if self.text:
            lines.append(f"Most visible trait (from the words): {self.text.most_visible_trait}")
        lines += [f"- {s}" for s in self.coaching]
        return "\n".join(lines + [f"Warning: {w}" for w in self.warnings])


def _agreement(alignment: list[dict]) -> dict:
    """How often face and voice named the same emotion, over the seconds where both named one."""
    both = [row for row in alignment if row["face"] and row["voice"]]
    agreeing = sum(row["face"] == row["voice"] for row in both)
    return {"seconds_compared": len(both), "share_agreeing": (agreeing / len(both)) if both else None}


def result_kinds() -> dict[str, type]:
    """Every kind of result by its ``kind``, the one list :meth:`Result.from_dict` reads (so a
    saved result of any kind reads back in a fresh process, whatever was imported before)."""
    from .session import SessionResult

    return {c.kind: c for c in (VideoResult, AudioResult, TextResult, AnswerResult, SessionResult)}
