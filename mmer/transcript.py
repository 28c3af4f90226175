"""What was said, as HTML the dashboard and reports both show: the words with fillers, long pauses
and the content highlights marked (:mod:`mmer.text.content`), the key to the marks, and the
content measures beside other candidates' means.

>>> from mmer.examples import example_answer
>>> page = transcript_html(example_answer(30.0))
>>> '<mark class="mmer-filler" title="filler word">um</mark>' in page, 'class="mmer-result"' in page
(True, True)
"""

from __future__ import annotations

import html

from . import feedback

#: The marks, most important first: a word that is two things shows the first (a hedge inside a
#: repeated phrase is marked as a hedge).
HIGHLIGHT_ORDER = ("filler", "hedge", "specific", "action", "result", "situation", "job", "question", "repeat")
#: Each mark's background, light enough to read black text on (the same in the app and reports).
HIGHLIGHT_COLORS = {"filler": "#fde2e4", "hedge": "#ffe08a", "specific": "#c8e6c9", "action": "#bbdefb",
                    "result": "#d1c4e9", "situation": "#ffe0b2", "job": "#b2ebf2", "question": "#f0f4c3",
                    "repeat": "#e0e0e0"}
#: The CSS of the marks, added once by the app and by each report.
HIGHLIGHT_CSS = " ".join(f"mark.mmer-{kind} {{ background: {color}; color: inherit; padding: 0 1px; }}"
                         for kind, color in HIGHLIGHT_COLORS.items())


def pauses_after_words(measures) -> dict:
    """Seconds of each long pause, by the end time (rounded to ms) of the word it follows
    (``measures``: an answer's ``delivery``)."""
    return {round(p["start"], 3): p["seconds"] for p in measures["long_pauses"]}


def _kinds_by_word(count: int, content: dict | None, fillers=()) -> list[str | None]:
    """The mark of each of ``count`` words (:data:`HIGHLIGHT_ORDER`), None for a plain word."""
    rank = {kind: i for i, kind in enumerate(HIGHLIGHT_ORDER)}
    marks: list[str | None] = [None] * count
    spans = [(i, i + 1, "filler") for i in fillers]
    spans += [(h["start"], h["end"], h["kind"]) for h in (content or {}).get("highlights", [])]
    for start, end, kind in spans:
        for i in range(max(start, 0), min(end, count)):
            if marks[i] is None or rank[kind] < rank[marks[i]]:
                marks[i] = kind
    return marks


def _aligned(content: dict | None, words) -> dict | None:
    """``content`` if its word ranges are positions in ``words``; None if it was measured on
    other words (an older result), so nothing is marked in the wrong place."""
    return content if content and content.get("tokens") == len(words) else None


def words_html(words, content: dict | None = None, fillers=(), pause_after: dict | None = None) -> str:
    """``words`` (strings, as shown) as HTML, each run of words with one mark in one ``<mark>``
    whose title says what it marks, then the key to the marks used; ``pause_after``:
    ``{word index: seconds}`` of long pauses."""
    marks = _kinds_by_word(len(words), _aligned(content, words), fillers)
    pause_after = pause_after or {}
    parts, i = [], 0
    while i < len(words):
        j = i + 1
        while marks[i] is not None and j < len(words) and marks[j] == marks[i] and j - 1 not in pause_after:
            j += 1
        text = " ".join(html.escape(w) for w in words[i:j])
        if marks[i] is None:
            parts.append(text)
        else:
            parts.append(f'<mark class="mmer-{marks[i]}" title="{feedback.HIGHLIGHT_MEANINGS[marks[i]]}">{text}</mark>')
        if j - 1 in pause_after:
            parts.append(f'<span class="mmer-pause" style="color:#8a6d00">[pause {pause_after[j - 1]:.1f} s]</span>')
        i = j
    used = [k for k in HIGHLIGHT_ORDER if k in set(marks)]
    key = " ".join(f'<mark class="mmer-{k}">{html.escape(feedback.HIGHLIGHT_MEANINGS[k])}</mark>' for k in used)
    return " ".join(parts) + (f'<p class="mmer-key"><small>Marked: {key}</small></p>' if used else "")


def transcript_html(answer) -> str:
    """The words of a spoken answer (:class:`mmer.AnswerResult`) with fillers, long pauses and
    what was said marked, and the key to the marks."""
    measures = answer.delivery
    pauses = pauses_after_words(measures)
    pause_after = {i: pauses[round(w.end, 3)] for i, w in enumerate(answer.words) if round(w.end, 3) in pauses}
    return words_html([w.text for w in answer.words], answer.content, measures["filler_indices"], pause_after)


def written_html(text) -> str:
    """A typed answer (:class:`mmer.results.TextResult` with its ``words``) with what was said
    marked, and the key; "" when it has no words."""
    return words_html(text.words, text.content) if text.words else ""


def figure_text(value, kind: str = "float") -> str:
    """A figure as a table shows it: ``"share"`` 45%, ``"int"`` 130, ``"float"`` 2.5, ``"ratio"``
    0.83; "-" when there is none (the delivery, content and session tables all use it)."""
    if value is None:
        return "-"
    return {"share": f"{value:.0%}", "int": f"{value:.0f}", "ratio": f"{value:.2f}", "float": f"{value:.1f}"}[kind]


def structure_html(content: dict | None, words) -> str:
    """Each part of a structured answer we found words for, with the sentence(s) that signal it
    ("we found words that usually signal...": never a grade)."""
    content = _aligned(content, words)
    if not content or not content["structure"]:
        return ""
    items = []
    for part, sentences in content["structure"].items():
        quoted = " ".join("“" + html.escape(" ".join(words[slice(*content["sentences"][k])])) + "”" for k in sentences)
        items.append(f"<li><b>{html.escape(feedback.HIGHLIGHT_MEANINGS[part].capitalize())}</b>: {quoted}</li>")
    return f"<p><b>We found words that usually signal</b></p><ul>{''.join(items)}</ul>"


def content_table(content: dict | None, others: dict | None = None, words=None) -> str:
    """The content measures beside other candidates' means (``others``: what
    :meth:`~mmer.store.ResultStore.others` gives for ``"text"``), each with its definition, and
    the repeated phrases, the question's words and the job terms the answer used; with the
    answer's ``words``, the sentences behind its structure (:func:`structure_html`)."""
    if not content:
        return ""
    theirs = (others or {}).get("scores") or {}
    rows = [("star_parts", "Parts of a structured answer", "int"),
            ("specifics_share", "Sentences with a concrete detail", "share"),
            ("hedges_per_100_words", "Softening words per 100 words", "float"),
            ("we_share", "'We' among your 'I' and 'we'", "share"),
            ("vocabulary_variety", "Variety of words", "ratio")]
    cells = "".join(f'<tr><td>{label}<br><small>{html.escape(feedback.CONTENT_DEFINITIONS[name])}</small></td>'
                    f"<td><b>{figure_text(content.get(name), kind)}</b></td><td>{figure_text(theirs.get(name), kind)}</td></tr>"
                    for name, label, kind in rows)
    lists = []
    for name, items in (("repeated_phrases", [f"“{p['phrase']}” ({p['count']}×)" for p in content["repeated_phrases"]]),
                        ("question_terms", content["question_terms"]), ("job_terms", content["job_terms"])):
        if items:
            lists.append(f"<li>{html.escape(feedback.CONTENT_DEFINITIONS[name])} {html.escape(', '.join(items))}</li>")
    return ('<table class="mmer-content" style="border-collapse:collapse"><caption style="text-align:left">'
            "<b>What was said</b></caption><tr><th>measure</th><th>you</th><th>other candidates</th></tr>"
            f"{cells}</table>" + (f"<ul>{''.join(lists)}</ul>" if lists else "")
            + (structure_html(content, words) if words is not None else ""))
