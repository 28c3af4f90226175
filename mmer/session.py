"""A mock interview: several questions in a row, each answered on camera, by voice or in
writing, with results per answer and for the whole session; and the practice codes that let a
candidate who chooses to keep one find their earlier sessions.

>>> from mmer.results import TextResult
>>> from mmer.session import SessionResult
>>> session = SessionResult(role="Any job")
>>> session.add("Why do you want this job?", TextResult(traits={"openness": 0.7, "conscientiousness": 0.6,
...     "extraversion": 0.4, "agreeableness": 0.5, "neuroticism": 0.3}, top_words=[("team", 3)], word_count=120),
...     category="motivational")  # doctest: +ELLIPSIS
SessionAnswer(...)
>>> session.summary["answered"], session.summary["most_visible_trait"]
(1, 'openness')
>>> SessionResult.from_json(session.to_json()) == session
True
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar

from .errors import InvalidArgumentError
from .labels import TRAITS
from .results import Result


@dataclass
class SessionAnswer:
    """One question of a session and the result of its answer (an ``AnswerResult`` for a spoken
    answer, a ``TextResult`` for a written one)."""

    question: str
    result: Result
    category: str = ""

    @property
    def answer_kind(self) -> str:
        """How it was answered: ``"video"``, ``"audio"`` or ``"text"``."""
        if self.result.kind == "answer":
            return "video" if self.result.video is not None else "audio"
        return self.result.kind

    def as_row(self, result=None) -> dict:
        r = self.result
        row = {"question": self.question, "category": self.category, "answered_by": self.answer_kind,
               "duration": None, "word_count": None, "words_per_minute": None, "fillers_per_minute": None,
               "long_pauses": None, "face": None, "voice": None, "most_visible_trait": None}
        if r.kind == "answer":
            s = r.summary
            row.update(duration=s["duration"], word_count=s["word_count"], words_per_minute=s["words_per_minute"],
                       fillers_per_minute=s["fillers_per_minute"], long_pauses=s["long_pauses"],
                       face=s["face_dominant_emotion"], voice=s["voice_dominant_emotion"],
                       most_visible_trait=s["most_visible_trait"])
        elif r.kind == "text":
            row.update(word_count=r.word_count, most_visible_trait=r.most_visible_trait)
        else:  # a face-only or voice-only analysis
            row.update(duration=r.duration, **{"face" if r.kind == "video" else "voice": r.dominant_emotion})
        return row


def _mean(values):
    values = [float(v) for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _traits_of(result):
    if result.kind == "text":
        return result.traits
    return result.text.traits if getattr(result, "text", None) is not None else None


@dataclass(kw_only=True)
class SessionResult(Result):
    """A mock interview: ``role`` (the question list it came from), ``answers`` (one
    :class:`SessionAnswer` per question answered, in order) and ``started_at`` (UTC, ISO 8601).

    Its timeline is the answers; its summary the figures over the session: mean pace and fillers
    per minute of the spoken answers, long pauses in all, each answer's dominant face and voice
    emotion, the mean perceived traits over every answer with words.
    """

    role: str = ""
    answers: list[SessionAnswer] = field(default_factory=list)
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    kind: ClassVar[str] = "session"

    def add(self, question: str, result: Result, category: str = "") -> SessionAnswer:
        """Append the ``result`` of ``question``'s answer (an AnswerResult or a TextResult)."""
        if not isinstance(result, Result) or result.kind == "session":
            raise InvalidArgumentError("a session answer is one analysis (an AnswerResult, TextResult, VideoResult "
                                       f"or AudioResult), not {type(result).__name__}")
        answer = SessionAnswer(question=str(question), result=result, category=category)
        self.answers.append(answer)
        return answer

    @property
    def timeline(self) -> list:
        return self.answers

    @property
    def summary(self) -> dict:
        rows = [a.as_row() for a in self.answers]  # read once: an answer's summary recomputes its delivery
        spoken = [r for r, a in zip(rows, self.answers) if a.result.kind == "answer"]
        traits = [t for t in (_traits_of(a.result) for a in self.answers) if t]
        mean_traits = {t: _mean(x[t] for x in traits) for t in TRAITS} if traits else None
        emotions = Counter(e for r in rows for e in (r["face"], r["voice"]) if e)
        return {
            "role": self.role,
            "answered": len(self.answers),
            "answered_by": [a.answer_kind for a in self.answers],
            "spoken_seconds": sum(r["duration"] for r in rows if r["duration"] is not None),
            "words_per_minute": _mean(s["words_per_minute"] for s in spoken if s["word_count"]),
            "fillers_per_minute": _mean(s["fillers_per_minute"] for s in spoken if s["word_count"]),
            "long_pauses": sum(s["long_pauses"] for s in spoken) if spoken else None,
            "face_dominant_emotions": [r["face"] for r in rows if r["face"]],
            "voice_dominant_emotions": [r["voice"] for r in rows if r["voice"]],
            "dominant_emotion": emotions.most_common(1)[0][0] if emotions else None,
            "traits": mean_traits,
            "most_visible_trait": max(mean_traits, key=mean_traits.get) if mean_traits else None,
        }

    def to_dict(self) -> dict:
        return {"kind": self.kind, "model_version": self.model_version, "warnings": list(self.warnings),
                "role": self.role, "started_at": self.started_at,
                "answers": [{"question": a.question, "category": a.category, "result": a.result.to_dict()}
                            for a in self.answers],
                "summary": self.summary}

    @classmethod
    def _fields_from_dict(cls, data: dict) -> dict:
        data = dict(data)
        data["answers"] = [SessionAnswer(question=a["question"], category=a.get("category", ""),
                                         result=Result.from_dict(a["result"])) for a in data.get("answers", [])]
        return data

    def to_dataframe(self):
        """One row per answer: the question, how it was answered and its main figures."""
        import pandas as pd

        return pd.DataFrame([a.as_row() for a in self.answers])

    def __str__(self) -> str:
        s = self.summary
        lines = [f"Mock interview ({self.role or 'questions of your choice'}), {s['answered']} answer(s)"]
        for i, a in enumerate(self.answers, 1):
            lines.append(f"{i}. {a.question} [{a.answer_kind}]")
        if s["words_per_minute"] is not None:
            lines.append(f"Pace: {s['words_per_minute']:.0f} words per minute; fillers: {s['fillers_per_minute']:.1f} per minute")
        if s["most_visible_trait"]:
            lines.append(f"Most visible trait over the session: {s['most_visible_trait']}")
        return "\n".join(lines)


# -- practice codes ---------------------------------------------------------------------------------
#: Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or copied by hand survives.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS, _GROUP_LENGTH = 3, 4  # 12 characters: 60 random bits, never guessed by trying


def new_practice_code() -> str:
    """A new pseudonymous practice code such as ``"7KQ4-PX2D-M9RB"``: random (from ``secrets``),
    never derived from a name or an e-mail address.

    >>> code = new_practice_code()
    >>> len(code), code.count("-"), normalize_practice_code(code.lower()) == code
    (14, 2, True)
    """
    return _grouped("".join(secrets.choice(_ALPHABET) for _ in range(_CODE_GROUPS * _GROUP_LENGTH)))


def _grouped(chars: str) -> str:
    return "-".join(chars[i:i + _GROUP_LENGTH] for i in range(0, len(chars), _GROUP_LENGTH))


def normalize_practice_code(text: str) -> str:
    """A practice code as typed (any case, spaces or dashes, O for 0, I or L for 1) in its
    canonical form; :class:`~mmer.errors.InvalidArgumentError` if it cannot be one.

    >>> normalize_practice_code(" 7kq4 px2d m9rb ")
    '7KQ4-PX2D-M9RB'
    """
    chars = re.sub(r"[\s-]", "", str(text)).upper().translate(str.maketrans("OIL", "011"))
    if len(chars) != _CODE_GROUPS * _GROUP_LENGTH or any(c not in _ALPHABET for c in chars):
        raise InvalidArgumentError("that is not a practice code: a code has 12 letters and digits, "
                                   "like 7KQ4-PX2D-M9RB")
    return _grouped(chars)


def practice_code_key(code: str) -> str:
    """What the store keeps of a code: its SHA-256, so the database never holds the code itself.

    >>> len(practice_code_key("7KQ4-PX2D-M9RB"))
    64
    """
    return hashlib.sha256(normalize_practice_code(code).encode()).hexdigest()
