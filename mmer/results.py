"""Plain result objects shared by the CLI, widgets, notebooks, store and tests.

A result is a timeline (one row per analysed frame or window) plus a summary computed from it.
Serialisation is lossless: ``Result.from_dict(r.to_dict()) == r``, and ``to_json`` is plain JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np

from .labels import EMOTIONS


class _JsonMixin:
    """``to_json``/``from_json`` on top of a class's ``to_dict``/``from_dict``."""

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_json(cls, text: str):
        return cls.from_dict(json.loads(text))

    @classmethod
    def _check_kind(cls, data: dict) -> None:
        if data.get("kind") != cls.kind:
            raise ValueError(f"not a {cls.kind} result: kind={data.get('kind')!r}")


def _most_likely(probabilities) -> str | None:
    """The emotion with the highest probability, or None for a frame/window without any."""
    return None if probabilities is None else EMOTIONS[int(np.argmax(probabilities))]


class _EmotionSummaryMixin:
    """Shares, mean probabilities and dominant emotion over the rows (frames with a face, or
    voiced windows) that have probabilities; subclasses say which rows with ``_probability_rows``."""

    def _probability_matrix(self) -> np.ndarray:
        return np.asarray(self._probability_rows(), dtype=float).reshape(-1, len(self.classes))

    @property
    def shares(self) -> dict[str, float]:
        """Share of the analysed rows in which each emotion is the most likely one."""
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

    def _share_lines(self) -> list[str]:
        """Text bars of the shares, then the warnings (for ``__str__``)."""
        shares = self.shares
        lines = [f"  {c:<9} {shares[c]:6.1%}  {'#' * round(shares[c] * 40)}" for c in self.classes]
        return lines + [f"Warning: {w}" for w in self.warnings]

    @property
    def dominant_emotion(self) -> str | None:
        """The emotion most often the most likely one (None when nothing could be classified)."""
        if not self._probability_rows():
            return None
        shares, mean = self.shares, self.mean_probabilities
        return max(self.classes, key=lambda c: (shares[c], mean[c]))


@dataclass
class FrameEmotion:
    """One analysed video frame: its time, the 7 emotion probabilities and the face box.

    ``probabilities`` and ``box`` are None when no face was found in that frame.
    """

    index: int
    time: float
    probabilities: list[float] | None = None
    box: list[int] | None = None

    @property
    def emotion(self) -> str | None:
        return _most_likely(self.probabilities)


@dataclass
class VideoResult(_EmotionSummaryMixin, _JsonMixin):
    """Facial emotions of a video (or a single image, a one-frame video)."""

    frames: list[FrameEmotion]
    duration: float
    every: int = 1
    model_version: str = ""
    warnings: list[str] = field(default_factory=list)
    classes: tuple[str, ...] = EMOTIONS
    max_fps: float | None = None  # frames analysed per second of video, when sampled by time

    kind = "video"

    # -- summary -------------------------------------------------------------------------------
    @property
    def frames_analysed(self) -> int:
        return len(self.frames)

    @property
    def frames_with_face(self) -> int:
        return sum(f.probabilities is not None for f in self.frames)

    @property
    def frames_without_face(self) -> int:
        return self.frames_analysed - self.frames_with_face

    def _probability_rows(self):
        return [f.probabilities for f in self.frames if f.probabilities is not None]

    @property
    def summary(self) -> dict:
        return {
            "dominant_emotion": self.dominant_emotion,
            "shares": self.shares,
            "mean_probabilities": self.mean_probabilities,
            "frames_analysed": self.frames_analysed,
            "frames_with_face": self.frames_with_face,
            "frames_without_face": self.frames_without_face,
            "duration": self.duration,
            "every": self.every,
            "max_fps": self.max_fps,
        }

    # -- serialisation ---------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "classes": list(self.classes),
            "duration": self.duration,
            "every": self.every,
            "max_fps": self.max_fps,
            "model_version": self.model_version,
            "warnings": list(self.warnings),
            "frames": [asdict(f) for f in self.frames],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "VideoResult":
        cls._check_kind(data)
        return cls(
            frames=[FrameEmotion(**f) for f in data["frames"]],
            duration=data["duration"],
            every=data.get("every", 1),
            max_fps=data.get("max_fps"),
            model_version=data.get("model_version", ""),
            warnings=list(data.get("warnings", [])),
            classes=tuple(data.get("classes", EMOTIONS)),
        )

    def to_dataframe(self):
        """Timeline as a DataFrame: index, time, face box, one probability column per emotion."""
        import pandas as pd

        rows = []
        for f in self.frames:
            row = {"frame": f.index, "time": f.time, "face": f.box is not None}
            row.update(dict(zip(("x", "y", "w", "h"), f.box or (None,) * 4)))
            row.update(dict(zip(self.classes, f.probabilities or (np.nan,) * len(self.classes))))
            row["emotion"] = f.emotion
            rows.append(row)
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        lines = [
            f"Video: {self.duration:.1f} s, {self.frames_analysed} frames analysed "
            f"(every {self.every}), {self.frames_without_face} without a face",
            f"Dominant emotion: {self.dominant_emotion}",
        ]
        return "\n".join(lines + self._share_lines())


@dataclass
class TextResult(_JsonMixin):
    """Perceived Big Five traits of a text, with the words it uses most.

    ``traits`` maps each trait to P(high), five independent probabilities (they do not sum to 1).
    """

    traits: dict[str, float]
    top_words: list[tuple[str, int]]
    word_count: int
    sentence_count: int = 0
    source: str = "typed answer"
    model_version: str = ""
    warnings: list[str] = field(default_factory=list)

    kind = "text"

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

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "traits": dict(self.traits),
            "top_words": [list(x) for x in self.top_words],
            "word_count": self.word_count,
            "sentence_count": self.sentence_count,
            "source": self.source,
            "model_version": self.model_version,
            "warnings": list(self.warnings),
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "TextResult":
        cls._check_kind(data)
        return cls(
            traits=dict(data["traits"]),
            top_words=[(w, int(n)) for w, n in data["top_words"]],
            word_count=data["word_count"],
            sentence_count=data.get("sentence_count", 0),
            source=data.get("source", ""),
            model_version=data.get("model_version", ""),
            warnings=list(data.get("warnings", [])),
        )

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
        lines += [f"Warning: {w}" for w in self.warnings]
        return "\n".join(lines)


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


@dataclass
class AudioResult(_EmotionSummaryMixin, _JsonMixin):
    """Vocal emotions of a recording, window by window (overlapping windows, silence skipped)."""

    windows: list[AudioWindow]
    duration: float
    voiced_seconds: float
    window: float = 3.0
    hop: float = 1.0
    model_version: str = ""
    warnings: list[str] = field(default_factory=list)
    classes: tuple[str, ...] = EMOTIONS

    kind = "audio"

    @property
    def voiced_windows(self) -> list[AudioWindow]:
        return [w for w in self.windows if not w.silent]

    @property
    def silent_windows(self) -> int:
        return len(self.windows) - len(self.voiced_windows)

    def _probability_rows(self):
        return [w.probabilities for w in self.voiced_windows]

    @property
    def summary(self) -> dict:
        return {
            "dominant_emotion": self.dominant_emotion,
            "shares": self.shares,
            "mean_probabilities": self.mean_probabilities,
            "windows_analysed": len(self.windows),
            "silent_windows": self.silent_windows,
            "voiced_seconds": self.voiced_seconds,
            "duration": self.duration,
        }

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "classes": list(self.classes),
            "duration": self.duration,
            "voiced_seconds": self.voiced_seconds,
            "window": self.window,
            "hop": self.hop,
            "model_version": self.model_version,
            "warnings": list(self.warnings),
            "windows": [asdict(w) for w in self.windows],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "AudioResult":
        cls._check_kind(data)
        return cls(
            windows=[AudioWindow(**w) for w in data["windows"]],
            duration=data["duration"],
            voiced_seconds=data["voiced_seconds"],
            window=data.get("window", 3.0),
            hop=data.get("hop", 1.0),
            model_version=data.get("model_version", ""),
            warnings=list(data.get("warnings", [])),
            classes=tuple(data.get("classes", EMOTIONS)),
        )

    def to_dataframe(self):
        """Timeline: one row per window (start, end, silent, one probability column per emotion)."""
        import pandas as pd

        rows = []
        for w in self.windows:
            row = {"start": w.start, "end": w.end, "silent": w.silent, "voiced_seconds": w.voiced_seconds}
            row.update(dict(zip(self.classes, w.probabilities or (np.nan,) * len(self.classes))))
            row["emotion"] = w.emotion
            rows.append(row)
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        lines = [
            f"Audio: {self.duration:.1f} s, {self.voiced_seconds:.1f} s voiced, {len(self.windows)} windows "
            f"of {self.window:g} s ({self.silent_windows} silent)",
            f"Dominant emotion: {self.dominant_emotion}",
        ]
        return "\n".join(lines + self._share_lines())
