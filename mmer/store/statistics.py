"""What other candidates got: the means and most frequent headline of a kind of result, the words
several candidates used (the privacy rule), and one practice session's measures."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..labels import TRAITS
from .schema import StoredResult

#: Other candidates' common words are shown only when this many different candidates used them.
MIN_CANDIDATES_PER_WORD = 5


def session_ids(value) -> list[str]:
    """A session id, several, or None, as a list (what ``exclude_session`` arguments take).

    >>> session_ids("a1"), session_ids(("a1", "b2")), session_ids(None)
    (['a1'], ['a1', 'b2'], [])
    """
    return [value] if isinstance(value, str) else list(value or [])


def others(store, modality: str, exclude_session=None) -> dict | None:
    """What other candidates in ``store`` got for ``modality`` (a result kind): ``{"candidates",
    "results", "scores" (means of the kind's :attr:`~mmer.Result.score_names`), "headline" (most
    frequent), "top_words" (single words used by at least :data:`MIN_CANDIDATES_PER_WORD`
    different candidates)}``, or None when nobody else has a result yet. ``exclude_session``: a
    session id, or several (the candidate's own)."""
    from ..results import result_kinds

    names = result_kinds()[modality].score_names
    query = select(StoredResult).where(StoredResult.modality == modality)
    exclude = session_ids(exclude_session)  # several sessions of one candidate: a visit with several interviews
    if exclude:
        query = query.where(StoredResult.session_id.not_in(exclude))

    def read():
        with Session(store.engine) as db:
            return summarise(list(db.scalars(query)), names)

    return store.run(read, failing="cannot be read")


def summarise(rows, names) -> dict | None:
    """The figures :func:`others` gives, from stored rows."""
    if not rows:
        return None
    means = {}
    for n in names:  # over the results that have the figure (an answer without a face has no facing_camera)
        values = [float(r.scores[n]) for r in rows if r.scores.get(n) is not None]
        means[n] = sum(values) / len(values) if values else None
    headlines = Counter(r.headline for r in rows if r.headline)
    words, users = Counter(), {}
    for r in rows:
        for word, n in (r.details or {}).get("top_words", []):
            words[word] += int(n)
            users.setdefault(word, set()).add(r.session_id)
    # Only words that at least MIN_CANDIDATES_PER_WORD different candidates used: one
    # candidate's employer or town must never show up as "what others said".
    words = Counter({w: n for w, n in words.items() if len(users[w]) >= MIN_CANDIDATES_PER_WORD})
    return {
        "candidates": len({r.session_id for r in rows}),
        "results": len(rows),
        "scores": means,
        "headline": headlines.most_common(1)[0][0] if headlines else None,
        "top_words": words.most_common(10),
    }


def session_measures(link, rows) -> dict:
    """One practice session's figures (a row of :func:`mmer.store.practice.practice_history`)."""
    from ..results import AnswerResult

    def mean(kind, name):
        values = [float(r.scores[name]) for r in rows if r.modality == kind and r.scores.get(name) is not None]
        return sum(values) / len(values) if values else None

    def most_common(kind):
        names = Counter(r.headline for r in rows if r.modality == kind and r.headline)
        return names.most_common(1)[0][0] if names else None

    texts = [r for r in rows if r.modality == "text"]
    return {
        "session_id": link.session_id, "started_at": link.created_at, "role": link.role,
        "questions": list(dict.fromkeys(r.question for r in rows)),
        **{name: mean("answer", name) for name in AnswerResult.score_names},
        "face_emotion": most_common("video"), "voice_emotion": most_common("audio"),
        "traits": {t: mean("text", t) for t in TRAITS} if texts else None,
    }
