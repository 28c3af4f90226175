"""What was said: content measures of an answer's words, plain functions on a list of words.

The same words as the transcript shows them (a spoken answer's recognised words, or a typed
answer split at spaces), so every measure can point at the words that produced it and the
transcript can highlight them. English only, like the other text measures.

What interviewers and coaches look for, measured rather than guessed:

- **structure**: whether the answer describes a *situation*, an *action* of the speaker's and a
  *result* (the STAR method's parts; task is folded into situation), found from cue phrases and
  from "I/we + a past-tense verb". Words that usually signal a part, never a grade;
- **specifics**: numbers, amounts, durations and named things, and the share of sentences with one;
- **hedges**: "I think", "maybe", "kind of", "just"... per 100 words;
- **I / we**: Naim et al. (2015, *Automated analysis and prediction of job interview
  performance*) found "we" rather than "I" went with higher ratings in their mock interviews;
- **repetition**: phrases said three or more times;
- **vocabulary variety**: the moving-average type-token ratio (MATTR, Covington & McFall 2010)
  over 50-word windows, which unlike the plain ratio does not fall as an answer gets longer;
- **the question's own words** and **the role's job terms** that the answer uses.

>>> m = content_measures("When I was at Acme last year, our release was late. I organised daily "
...                      "meetings with the team. As a result we shipped 2 weeks early.".split())
>>> sorted(m["structure"]), m["structure"]["action"]   # "I organised", "we shipped"
(['action', 'result', 'situation'], [1, 2])
>>> m["specifics_share"], m["hedges_per_100_words"]   # "Acme", "2 weeks"; no hedge
(0.6667, 0.0)

The sentences a user reads about these measures are written by :mod:`mmer.feedback`.
"""

from __future__ import annotations

import re
from collections import Counter

from ..speech.delivery import bare_word

#: The parts of a structured answer, in their usual order.
STAR_PARTS = ("situation", "action", "result")

#: Phrases that usually set the scene (the situation, or the task it gave the speaker).
SITUATION_CUES = (
    "when i was", "when we were", "at my last", "at my previous", "in my last", "in my previous", "in my first",
    "last year", "last month", "last week", "a few years ago", "years ago", "months ago", "at the time",
    "the situation", "the problem was", "the challenge was", "the issue was", "the goal was", "the task was",
    "my task was", "my role was", "i was responsible", "i was asked", "we were asked", "i was working",
    "we were working", "i worked as", "there was a", "we had a", "i had to", "we had to", "once", "one day",
    "back in", "while i was", "during my",
)
#: Phrases that usually report what came of it.
RESULT_CUES = (
    "as a result", "in the end", "the result", "the outcome", "finally", "eventually", "which meant",
    "which led to", "this led to", "that led to", "so that", "it worked", "we delivered", "we finished",
    "we shipped", "we won", "we managed", "i managed", "on time", "increased", "reduced", "improved",
    "saved", "succeeded", "grew", "i learned", "i learnt", "we learned", "since then", "now we", "thanks to",
)
#: Irregular past-tense verbs (regular ones end in -ed) that say what someone did.
IRREGULAR_PAST = frozenset(
    "led made took built wrote ran spoke set began brought found gave got kept met put sent spent taught "
    "thought told won chose drove held paid sold understood did went saw caught fought left lent meant "
    "rebuilt rewrote bought stood sat split shut struck swept".split())
#: Past-tense words that describe a state, not an action ("I was", "we had").
_STATE_VERBS = frozenset({"was", "were", "had", "used", "needed", "wanted", "liked", "loved", "seemed", "felt"})

#: Hedges and weak words: phrases that soften a claim (Hyland 1998; Yoodli and Interview Warmup
#: count the same kind). Matched on bare lower-case words; longer phrases first.
HEDGES = (
    ("i", "guess"), ("i", "suppose"), ("i", "think"), ("i", "believe"), ("i", "feel", "like"), ("kind", "of"),
    ("sort", "of"), ("a", "bit"), ("a", "little"), ("more", "or", "less"), ("i'm", "not", "sure"),
    ("not", "sure"), ("maybe",), ("perhaps",), ("probably",), ("possibly",), ("somewhat",), ("just",),
    ("basically",), ("actually",), ("hopefully",), ("somehow",), ("kinda",), ("sorta",),
)

_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions billion half dozen dozens percent twice double triple".split())
_UNITS = frozenset(
    "percent seconds minutes hours days weeks months years customers users people clients students patients "
    "dollars euros pounds euro pound dollar".split())
_DIGITS = re.compile(r"\d")
_MONEY = re.compile(r"[$£€%]")
_I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_WE_WORDS = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})
#: Words that do not make a phrase worth calling repeated on their own.
_GLUE = frozenset(
    "a an the and or but so to of in on at for with i we you it is was be that this then um uh like".split())
#: MATTR's window, in words (Covington & McFall 2010 use 50 for short texts).
MATTR_WINDOW = 50
#: A phrase said this many times or more counts as repeated.
REPEATED_AT = 3


def sentences(words) -> list[tuple[int, int]]:
    """``(start, end)`` word ranges of the sentences (a word ending in . ! or ? ends one).

    >>> sentences("I led it. We won! Fine".split())
    [(0, 3), (3, 5), (5, 6)]
    """
    spans, start = [], 0
    for i, word in enumerate(words):
        if word.rstrip("\"')]").endswith((".", "!", "?")):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def _phrase_index(phrases) -> dict[str, list[tuple[str, ...]]]:
    """Phrases (strings or tuples of bare words) by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        phrase = tuple(phrase.lower().split()) if isinstance(phrase, str) else tuple(phrase)
        index.setdefault(phrase[0], []).append(phrase)
    return {first: sorted(group, key=len, reverse=True) for first, group in index.items()}


def _find_phrases(bare, index, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` word ranges where a phrase of ``index`` (:func:`_phrase_index`) occurs
    in ``bare[start:end]``, the longest match first, never overlapping."""
    end = len(bare) if end is None else end
    found, i = [], start
    while i < end:
        for phrase in index.get(bare[i], ()):
            if i + len(phrase) <= end and tuple(bare[i:i + len(phrase)]) == phrase:
                found.append((i, i + len(phrase)))
                i += len(phrase)
                break
        else:
            i += 1
    return found


_SITUATION_INDEX, _RESULT_INDEX, _HEDGE_INDEX = map(_phrase_index, (SITUATION_CUES, RESULT_CUES, HEDGES))


def _is_past_action(word: str) -> bool:
    return word not in _STATE_VERBS and (word in IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed")))


def _actions(bare, start, end) -> list[tuple[int, int]]:
    """"I/we" followed within two words by a past-tense verb of doing ("I quickly organised")."""
    found = []
    for i in range(start, end):
        if bare[i] in ("i", "we"):
            for j in range(i + 1, min(i + 3, end)):
                if _is_past_action(bare[j]):
                    found.append((i, j + 1))
                    break
                if bare[j] in _STATE_VERBS:
                    break
    return found


def _specific(word: str, bare: str, sentence_start: bool) -> bool:
    """A number, an amount or a name: digits, a currency or percent sign, a number word, an
    acronym (SQL, NHS), or a capitalised word inside a sentence (Acme, Python, Berlin; not "I")."""
    if _DIGITS.search(word) or _MONEY.search(word) or bare in _NUMBER_WORDS:
        return True
    letters = word.strip("\"'()[],.;:!?")
    if len(letters) >= 2 and letters.isalpha() and letters.isupper():
        return True
    return not sentence_start and letters[:1].isupper() and bare not in _I_WORDS


def _mattr(bare, window: int = MATTR_WINDOW) -> float | None:
    if not bare:
        return None
    if len(bare) <= window:
        return len(set(bare)) / len(bare)
    counts = Counter(bare[:window])
    total = len(counts)
    for i in range(window, len(bare)):
        counts[bare[i]] += 1
        counts[bare[i - window]] -= 1
        if counts[bare[i - window]] == 0:
            del counts[bare[i - window]]
        total += len(counts)
    return total / ((len(bare) - window + 1) * window)  # the mean, over windows, of their type-token ratio


def _repeated(bare, sentence_spans) -> list[dict]:
    """Phrases of two to four words said :data:`REPEATED_AT` times or more within sentences,
    longest first (a phrase of glue words only does not count)."""
    found = {}
    for n in (4, 3, 2):
        where: dict[tuple, list[int]] = {}
        for start, end in sentence_spans:
            for i in range(start, end - n + 1):
                where.setdefault(tuple(bare[i:i + n]), []).append(i)
        for gram, at in where.items():
            if len(at) < REPEATED_AT or "" in gram or all(w in _GLUE for w in gram):
                continue
            phrase = " ".join(gram)
            # left out: a phrase never said apart from a longer repeated one ("to be" in "to be honest")
            if any(count == len(at) and f" {phrase} " in f" {longer} " for longer, (count, _, _) in found.items()):
                continue
            found[phrase] = (len(at), at, n)
    return [{"phrase": p, "count": c, "at": at, "length": n} for p, (c, at, n) in found.items()]


def _terms_used(bare, terms) -> tuple[list[str], list[tuple[int, int]]]:
    spans = _find_phrases(bare, _phrase_index(terms)) if terms else []
    used = sorted({" ".join(bare[a:b]) for a, b in spans})
    return used, spans


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_measures(words, question: str = "", job_terms=()) -> dict:
    """Every content measure of ``words`` (the answer's words as shown, punctuation attached),
    with the word ranges that produced each (``highlights``: ``{"start", "end", "kind"}``, end
    excluded; kinds ``situation``, ``action``, ``result``, ``specific``, ``hedge``, ``repeat``,
    ``question``, ``job``). ``question``: the question answered (its content words found in the
    answer are listed); ``job_terms``: the chosen role's terms (:data:`mmer.questions.JOB_TERMS`).

    Fields: ``words`` (how many), ``tokens`` (how many items ``words`` had: the positions the
    ranges refer to), ``sentences`` (their word ranges), ``structure`` (each STAR part found:
    the indices of the sentences that signal it), ``star_parts`` (how many of the three),
    ``specifics_share`` (share of sentences with a number, amount, duration or name),
    ``hedges_per_100_words``, ``i_count``, ``we_count``, ``we_share`` (we / (I + we); None
    without either), ``repeated_phrases``, ``vocabulary_variety`` (MATTR), ``question_terms``,
    ``job_terms``.
    """
    from .preprocess import STOP_WORDS

    words = [str(w) for w in words]
    bare = [bare_word(w).replace("’", "'") for w in words]
    spans = sentences(words)
    highlights = []
    structure = {part: [] for part in STAR_PARTS}
    with_specifics = 0
    for k, (start, end) in enumerate(spans):
        part_spans = {"situation": _find_phrases(bare, _SITUATION_INDEX, start, end),
                      "action": _actions(bare, start, end),
                      "result": _find_phrases(bare, _RESULT_INDEX, start, end)}
        for part in STAR_PARTS:
            if part_spans[part]:
                structure[part].append(k)
                highlights += [{"start": a, "end": b, "kind": part} for a, b in part_spans[part]]
        specific = [i for i in range(start, end) if bare[i] and _specific(words[i], bare[i], i == start)]
        # a number's unit belongs to it ("2 weeks"), so the whole amount is highlighted
        specific += [i + 1 for i in specific if i + 1 < end and bare[i + 1] in _UNITS]
        with_specifics += bool(specific)
        highlights += [{"start": i, "end": i + 1, "kind": "specific"} for i in sorted(set(specific))]
    hedges = _find_phrases(bare, _HEDGE_INDEX)
    highlights += [{"start": a, "end": b, "kind": "hedge"} for a, b in hedges]
    repeated = _repeated(bare, spans)
    for phrase in repeated:
        highlights += [{"start": i, "end": i + phrase["length"], "kind": "repeat"} for i in phrase["at"]]
    asked = {_stem(t) for t in re.findall(r"[a-z']+", question.lower()) if len(t) >= 3 and t not in STOP_WORDS}
    from_question = [i for i, word in enumerate(bare) if word not in STOP_WORDS and _stem(word) in asked]
    question_terms = sorted({bare[i] for i in from_question})
    highlights += [{"start": i, "end": i + 1, "kind": "question"} for i in from_question]
    job_used, job_spans = _terms_used(bare, job_terms)
    highlights += [{"start": a, "end": b, "kind": "job"} for a, b in job_spans]
    i_count = sum(w in _I_WORDS for w in bare)
    we_count = sum(w in _WE_WORDS for w in bare)
    counted = [w for w in bare if w]
    return {
        "words": len(counted),
        "tokens": len(words),
        "sentences": [list(s) for s in spans],
        "structure": {part: found for part, found in structure.items() if found},
        "star_parts": sum(bool(found) for found in structure.values()),
        "specifics_share": round(with_specifics / len(spans), 4) if spans else 0.0,
        "hedges_per_100_words": round(100 * len(hedges) / len(counted), 2) if counted else 0.0,
        "i_count": i_count,
        "we_count": we_count,
        "we_share": round(we_count / (i_count + we_count), 4) if i_count + we_count else None,
        "repeated_phrases": [{"phrase": p["phrase"], "count": p["count"]} for p in repeated],
        "vocabulary_variety": None if (m := _mattr(counted)) is None else round(m, 4),
        "question_terms": question_terms,
        "job_terms": job_used,
        "highlights": sorted(highlights, key=lambda h: (h["start"], h["end"])),
    }
