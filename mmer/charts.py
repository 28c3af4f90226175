"""Each chart, described once: what it plots (its series, their colours and legend labels), its
axes, its size and the sentence a screen reader reads instead of it. The app draws a description
with bqplot (:func:`mmer.widgets.charts.draw`) and a report with matplotlib
(:func:`mmer.report.draw`), so the two always show the same thing.

>>> chart = emotion_shares({"happy": 0.75, "neutral": 0.25})
>>> chart.alt
'Share of time per emotion: angry 0%, disgust 0%, fear 0%, happy 75%, sad 0%, surprise 0%, neutral 25%'
>>> [(s.mark, s.label) for s in chart.series]
[('bars', '')]

Descriptions are plain data built from results (no drawing library is imported here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .labels import EMOTION_COLORS, EMOTIONS, TRAIT_COLORS, TRAITS

#: The one colour of single-series lines and bars (pace, words, history), and of the marks that
#: stand for other candidates and for filler words.
LINE_COLOR, OTHERS_COLOR, FILLER_COLOR, PAUSE_COLOR = "#1f4e79", "#000000", "#b00020", "#999999"
#: A second of a band without its signal (no face seen, nothing said).
NO_SIGNAL_COLOR = "#e6e6e6"


#: Where a chart's legend may go: over the part of the plot its data leaves empty most often.
LEGEND_PLACES = ("top-right", "top-left", "bottom-right")


@dataclass(frozen=True)
class Axis:
    """An axis: categories (bars) or numbers from ``min`` to ``max`` with ``ticks`` shown in
    ``format`` (``"percent"``, ``"integer"`` or ``"decimal"``)."""

    label: str = ""
    categories: tuple = ()
    min: float = 0.0
    max: float = 1.0
    ticks: tuple = ()
    format: str = "integer"


@dataclass(frozen=True)
class Series:
    """One mark: ``"bars"`` (``x`` categories, ``y`` values, one colour per bar), ``"line"``,
    ``"points"`` (``marker``: ``"circle"``, ``"diamond"`` or ``"tick"``, a short line across a bar),
    ``"spans"`` (``x`` starts, ``y`` ends: shaded stretches of time), or ``"band"`` (``x`` the
    starts of one-second cells, ``y`` what each names, ``colors`` one per cell: a strip of colour
    along time). ``label``: its legend entry (none when empty)."""

    mark: str
    x: tuple
    y: tuple
    colors: tuple
    label: str = ""
    marker: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart's description. ``horizontal``: the category axis (``x``) is drawn vertically (bars
    grow to the right). ``wide``: a whole line of the page, not half of it. ``height`` in inches
    on paper (the app scales it). ``legend``: where the labelled series are keyed
    (:data:`LEGEND_PLACES`; ``""``: no legend). What each kind of chart means, in words:
    :data:`mmer.feedback.CHART_MEANINGS`."""

    name: str
    title: str
    x: Axis
    y: Axis
    series: tuple
    alt: str
    horizontal: bool = False
    wide: bool = False
    height: float = 2.4
    legend: str = "top-right"


def integer_ticks(top: float, count: int = 6) -> tuple[int, ...]:
    """Round tick values from 0 to ``top`` (seconds, counts, words per minute): about ``count``
    of them, on 1, 2, 5 x 10^k steps, so an axis never shows "1 1 2 2".

    >>> integer_ticks(4.1), integer_ticks(45), integer_ticks(230)
    ((0, 1, 2, 3, 4), (0, 10, 20, 30, 40), (0, 50, 100, 150, 200))
    """
    top = max(float(top), 1.0)
    raw = top / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return tuple(range(0, int(top) + 1, int(step)))


_PERCENT = Axis(min=0.0, max=1.0, ticks=(0, 0.25, 0.5, 0.75, 1.0), format="percent")


def _seconds(duration: float) -> Axis:
    duration = max(float(duration), 1.0)
    return Axis(label="seconds", min=0.0, max=duration, ticks=integer_ticks(duration))


def _percentages(names, values) -> str:
    return ", ".join(f"{n} {v:.0%}" for n, v in zip(names, values))


def _probability_bars(names, colors: dict, mine: dict, others: dict | None, title: str) -> tuple[tuple, str]:
    """One bar per name (its probability, in its colour) and, with ``others``, other candidates'
    means as black ticks on the same bars; and the text alternative saying both."""
    values = tuple(float(mine.get(n) or 0.0) for n in names)
    series = [Series("bars", names, values, tuple(colors[n] for n in names))]
    alt = f"{title}: {_percentages(names, values)}"
    if others:
        theirs = tuple(float(others.get(n) or 0.0) for n in names)
        series.append(Series("points", names, theirs, (OTHERS_COLOR,), "Other candidates (mean)", "tick"))
        alt += f"; other candidates: {_percentages(names, theirs)}"
    return tuple(series), alt


def emotion_shares(shares: dict, others: dict | None = None, title: str = "Share of time per emotion") -> Chart:
    """Bars of the share of time per emotion, one colour per emotion; ``others`` (other
    candidates' means) as black ticks on the same bars."""
    series, alt = _probability_bars(EMOTIONS, EMOTION_COLORS, shares, others, title)
    # Top left: over angry and disgust, the emotions least often shown (neutral is the usual tallest).
    return Chart("shares", title, Axis(categories=EMOTIONS), _PERCENT, series, alt, legend="top-left")


def emotion_timeline(times, probabilities, duration: float | None = None, title: str = "Emotions over time") -> Chart:
    """One line per emotion: its probability (0..1) at each moment. ``probabilities``: one row of
    seven values per time, or None where there was no face or no speech (left out). With
    ``duration`` the time axis runs from 0 to it, so the timelines of one answer line up."""
    rows = [(float(t), p) for t, p in zip(times, probabilities) if p is not None]
    xs = tuple(t for t, _ in rows)
    series = tuple(Series("line", xs, tuple(float(p[i]) for _, p in rows), (EMOTION_COLORS[e],), e)
                   for i, e in enumerate(EMOTIONS))
    seconds = duration if duration is not None else max(xs, default=1.0)
    alt = f"{title}: the probability of each emotion at {len(xs)} moments over {seconds:.0f} seconds"
    return Chart("timeline", title, _seconds(seconds), _PERCENT, series, alt)


def runs(values) -> list[tuple[int, int, object]]:
    """``(start, end, value)`` of each run of equal ``values`` (end excluded): a band's stretches
    of one emotion, or of one colour.

    >>> runs(["sad", "sad", None, "sad"])
    [(0, 2, 'sad'), (2, 3, None), (3, 4, 'sad')]
    """
    found = []
    for i, value in enumerate(values):
        if found and found[-1][2] == value:
            found[-1] = (found[-1][0], i + 1, value)
        else:
            found.append((i, i + 1, value))
    return found


def emotion_band(alignment: list[dict], part: str, duration: float) -> Chart:
    """One strip of colour along the answer for the face or the voice (``part``): each second in
    the colour of the emotion :meth:`mmer.AnswerResult.at` names for it (``alignment``: an
    answer's), grey where there was no face or no speech. Read at a glance, where seven lines
    per modality jump every second."""
    label = {"face": "Face", "voice": "Voice"}[part]
    names = [row[part] for row in alignment]
    colors = tuple(EMOTION_COLORS.get(n, NO_SIGNAL_COLOR) if n else NO_SIGNAL_COLOR for n in names)
    nothing = "no face seen" if part == "face" else "no speech"
    alt = f"{label}, second by second: " + ", ".join(
        f"{a}-{b} s {n or nothing}" for a, b, n in runs(names))
    return Chart(f"band:{part}", f"{label}: the emotion of each second", _seconds(duration),
                 Axis(min=0.0, max=1.0), (Series("band", tuple(float(r["start"]) for r in alignment),
                                                 tuple(n or "" for n in names), colors, label),),
                 alt, wide=True, height=1.1, legend="")


def pace(answer, title: str = "Pace, fillers and long pauses") -> Chart:
    """Words per minute over an answer (:class:`mmer.AnswerResult`), its long pauses as grey
    spans and its filler words as red diamonds, on the same time axis as its emotion timelines."""
    measures = answer.delivery
    rates = tuple(float(r["words_per_minute"]) for r in measures["pace"])
    top = max(rates + (200.0,)) * 1.1
    ticks = integer_ticks(top, count=4)
    fillers = tuple(answer.words[i].start for i in measures["filler_indices"])
    pauses = measures["long_pauses"]
    series = [Series("line", tuple((r["start"] + r["end"]) / 2 for r in measures["pace"]), rates, (LINE_COLOR,),
                     "words per minute", "circle")]
    if pauses:
        series.append(Series("spans", tuple(p["start"] for p in pauses), tuple(p["end"] for p in pauses),
                             (PAUSE_COLOR,)))
    if fillers:
        series.append(Series("points", fillers, (top * 0.05,) * len(fillers), (FILLER_COLOR,), "filler word",
                             "diamond"))
    alt = (f"{title}: {measures['words_per_minute']:.0f} words per minute on average "
           f"({min(rates, default=0):.0f} to {max(rates, default=0):.0f}), {len(fillers)} filler words, "
           f"{len(pauses)} long pauses")
    return Chart("pace", title, _seconds(answer.duration), Axis(min=0.0, max=float(max(top, ticks[-1])), ticks=ticks),
                 tuple(series), alt, wide=True, height=1.9)


def traits(traits: dict, others: dict | None = None, title: str = "Perceived traits") -> Chart:
    """One bar per Big Five trait (the probability a listener would rate the candidate high),
    other candidates' means as black ticks."""
    series, alt = _probability_bars(TRAITS, TRAIT_COLORS, traits, others, title)
    return Chart("traits", title, Axis(categories=TRAITS), replace(_PERCENT, label="P(high)"), series, alt,
                 horizontal=True, legend="bottom-right")


def top_words(words, title: str = "Most common words") -> Chart:
    """Horizontal bars of ``[(word, count), ...]`` (at most ten), the most frequent on top."""
    words = list(words)[:10]
    counts = tuple(int(n) for _, n in words)
    ticks = integer_ticks(max(counts + (1,)), count=5)
    return Chart("words", title, Axis(categories=tuple(w for w, _ in words)),
                 Axis(label="times used", min=0.0, max=float(max(counts + (1,) + ticks[-1:])), ticks=ticks),
                 (Series("bars", tuple(w for w, _ in words), counts, (LINE_COLOR,)),),
                 f"{title}: " + ", ".join(f"{w} {n}" for w, n in words), horizontal=True, legend="")


#: The measures a practice history charts: their title and whether they are whole numbers.
HISTORY_MEASURES = {"words_per_minute": ("Pace (words per minute)", True),
                    "fillers_per_minute": ("Filler words per minute", False)}


def _sessions(history) -> Axis:
    return Axis(label="session", min=0.5, max=len(history) + 0.5, ticks=tuple(range(1, len(history) + 1)))


def history(history: list[dict], measure: str) -> Chart:
    """One measure (a key of :data:`HISTORY_MEASURES`) over a candidate's practice sessions
    (:meth:`mmer.store.ResultStore.practice_history`), session 1, 2, 3..."""
    title, whole = HISTORY_MEASURES[measure]
    points = [(i, float(h[measure])) for i, h in enumerate(history, 1) if h.get(measure) is not None]
    top = max([v for _, v in points] + [1.0]) * 1.2
    if whole:
        ticks = integer_ticks(top, count=5)
    else:  # small rates (fillers per minute): steps of a tenth or more
        step = max(round(top / 4, 1), 0.1)
        ticks = tuple(round(step * k, 1) for k in range(int(top / step) + 1))
    y = Axis(min=0.0, max=float(max(top, ticks[-1])), ticks=ticks, format="integer" if whole else "decimal")
    series = (Series("line", tuple(i for i, _ in points), tuple(v for _, v in points), (LINE_COLOR,), marker="circle"),)
    alt = f"{title} over your sessions: " + ", ".join(f"session {i}: {v:.1f}" for i, v in points)
    return Chart(f"history:{measure}", title, _sessions(history), y, series, alt, height=2.0, legend="")


def trait_history(history: list[dict], title: str = "Perceived traits over your sessions") -> Chart:
    """The five perceived traits over a candidate's sessions, one line (and colour) each."""
    rows = [(i, h["traits"]) for i, h in enumerate(history, 1) if h.get("traits")]
    series = tuple(Series("line", tuple(i for i, _ in rows), tuple(float(t.get(name) or 0.0) for _, t in rows),
                          (TRAIT_COLORS[name],), name, "circle") for name in TRAITS)
    alt = f"{title}: " + "; ".join(f"session {i}: {_percentages(TRAITS, [t.get(n) or 0 for n in TRAITS])}"
                                   for i, t in rows)
    return Chart("history:traits", title, _sessions(history), _PERCENT, series, alt, wide=True,
                 legend="top-left")


__all__ = ["Axis", "Chart", "Series", "emotion_band", "runs", "emotion_shares", "emotion_timeline", "history", "integer_ticks", "pace",
           "top_words", "trait_history", "traits", "HISTORY_MEASURES"]
