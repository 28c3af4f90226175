"""bqplot charts shared by every view: one colour and one order per emotion everywhere."""

from __future__ import annotations

from mmer.labels import EMOTION_COLORS, EMOTIONS


def emotion_bars(shares: dict, title: str = "Share of time per emotion", others: dict | None = None):
    """Bars of the candidate's share per emotion; with ``others``, side by side with theirs."""
    import bqplot as bq

    x = bq.OrdinalScale(domain=list(EMOTIONS))
    y = bq.LinearScale(min=0.0, max=1.0)
    values = [shares.get(c, 0.0) for c in EMOTIONS]
    marks = []
    if others is None:
        marks.append(
            bq.Bars(x=list(EMOTIONS), y=values, scales={"x": x, "y": y},
                    colors=[EMOTION_COLORS[c] for c in EMOTIONS], color_mode="element",
                    tooltip=bq.Tooltip(fields=["x", "y"], formats=["", ".0%"]))
        )
    else:
        marks.append(
            bq.Bars(x=list(EMOTIONS), y=[values, [others.get(c, 0.0) for c in EMOTIONS]],
                    scales={"x": x, "y": y}, type="grouped", colors=["#1f4e79", "#bbbbbb"],
                    labels=["You", "Other candidates"], display_legend=True)
        )
    axes = [bq.Axis(scale=x), bq.Axis(scale=y, orientation="vertical", tick_format=".0%")]
    return bq.Figure(marks=marks, axes=axes, title=title, fig_margin=dict(top=40, bottom=40, left=50, right=20),
                     layout={"width": "100%", "height": "320px"})


def emotion_timeline(times, probabilities, title: str = "Emotions over time", duration: float | None = None):
    """One line per emotion: probability (0..1) against time in seconds.

    ``probabilities`` is a sequence of 7-value rows or None (no face/silence: a gap). With
    ``duration``, the time axis runs from 0 to it, so timelines of one answer line up.
    """
    import bqplot as bq

    rows = [(t, p) for t, p in zip(times, probabilities) if p is not None]
    xs = [t for t, _ in rows]
    ys = [[p[i] for _, p in rows] for i in range(len(EMOTIONS))]
    x = bq.LinearScale() if duration is None else bq.LinearScale(min=0.0, max=float(duration))
    y = bq.LinearScale(min=0.0, max=1.0)
    lines = bq.Lines(x=xs, y=ys, scales={"x": x, "y": y}, colors=[EMOTION_COLORS[c] for c in EMOTIONS],
                     labels=list(EMOTIONS), display_legend=True, stroke_width=1.5)
    axes = [bq.Axis(scale=x, label="seconds"), bq.Axis(scale=y, orientation="vertical", tick_format=".0%")]
    return bq.Figure(marks=[lines], axes=axes, title=title, legend_location="top-right",
                     fig_margin=dict(top=40, bottom=50, left=50, right=20),
                     layout={"width": "100%", "height": "320px"})


def pace_timeline(pace, fillers, pauses, duration: float, title: str = "Words: pace, fillers and long pauses"):
    """Words per minute over time (``pace``: rows with start, end, words_per_minute), with the
    fillers (their times) as marks and the long pauses (start, end) as grey spans, on the same
    0..duration axis as the emotion timelines of the answer."""
    import bqplot as bq

    x = bq.LinearScale(min=0.0, max=float(duration))
    top = max([row["words_per_minute"] for row in pace] + [200.0])
    y = bq.LinearScale(min=0.0, max=float(top) * 1.1)
    marks = [bq.Lines(x=[(r["start"] + r["end"]) / 2 for r in pace], y=[r["words_per_minute"] for r in pace],
                      scales={"x": x, "y": y}, colors=["#1f4e79"], labels=["words per minute"], display_legend=True,
                      marker="circle")]
    for start, end in pauses:
        marks.append(bq.Lines(x=[start, end], y=[5, 5], scales={"x": x, "y": y}, colors=["#999999"], stroke_width=8))
    if fillers:
        marks.append(bq.Scatter(x=list(fillers), y=[top * 0.05] * len(fillers), scales={"x": x, "y": y},
                                colors=["#b00020"], marker="diamond", labels=["filler word"], display_legend=True))
    axes = [bq.Axis(scale=x, label="seconds"), bq.Axis(scale=y, orientation="vertical", tick_format="d")]
    return bq.Figure(marks=marks, axes=axes, title=title, legend_location="top-right",
                     fig_margin=dict(top=40, bottom=50, left=50, right=20), layout={"width": "100%", "height": "260px"})


def trait_bars(traits: dict, title: str = "Perceived Big Five traits"):
    """Five independent probabilities (each 0..1), one bar per trait, in OCEAN order."""
    import bqplot as bq

    from mmer.labels import TRAITS

    x = bq.OrdinalScale(domain=list(TRAITS))
    y = bq.LinearScale(min=0.0, max=1.0)
    bars = bq.Bars(x=list(TRAITS), y=[traits.get(t, 0.0) for t in TRAITS], scales={"x": x, "y": y},
                   colors=[TRAIT_COLORS[t] for t in TRAITS], color_mode="element",
                   tooltip=bq.Tooltip(fields=["x", "y"], formats=["", ".0%"]))
    axes = [bq.Axis(scale=x), bq.Axis(scale=y, orientation="vertical", tick_format=".0%", label="P(high)")]
    return bq.Figure(marks=[bars], axes=axes, title=title, fig_margin=dict(top=40, bottom=40, left=60, right=20),
                     layout={"width": "100%", "height": "300px"})


def word_bars(words, title: str = "Most common words"):
    """Horizontal bars of ``[(word, count), ...]``, most frequent on top."""
    import bqplot as bq

    words = list(words)[:10][::-1]
    y = bq.OrdinalScale(domain=[w for w, _ in words])
    x = bq.LinearScale(min=0.0)
    bars = bq.Bars(x=[w for w, _ in words], y=[n for _, n in words], scales={"x": y, "y": x},
                   orientation="horizontal", colors=["#1f4e79"])
    axes = [bq.Axis(scale=y, orientation="vertical"), bq.Axis(scale=x, label="times used", tick_format="d")]
    return bq.Figure(marks=[bars], axes=axes, title=title, fig_margin=dict(top=40, bottom=50, left=110, right=20),
                     layout={"width": "100%", "height": "300px"})


TRAIT_COLORS = {
    "openness": "#2ca02c",
    "conscientiousness": "#1f77b4",
    "extraversion": "#ff7f0e",
    "agreeableness": "#e377c2",
    "neuroticism": "#7f7f7f",
}
