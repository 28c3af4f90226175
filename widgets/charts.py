"""bqplot charts shared by every view: one colour and one order per emotion everywhere, axes
that fit a laptop screen, and a text alternative beside each chart for screen readers.
"""

from __future__ import annotations

import html

import ipywidgets as w

from mmer.labels import EMOTION_COLORS, EMOTIONS, TRAIT_COLORS

#: CSS the app adds once: text that only screen readers read, and charts that shrink with the page.
CHART_CSS = """
.mmer-app .mmer-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.mmer-app .mmer-chart { flex: 1 1 380px; min-width: 280px; max-width: 100%; overflow: hidden; }
.mmer-app .mmer-chart > .bqplot { margin: 0; }
"""


def _figure(marks, axes, title, height, alt, **kwargs):
    import bqplot as bq

    # No padding: the axes end at their limits (0% to 100%, not -3% to 103%).
    fig = bq.Figure(marks=marks, axes=axes, title=title, layout={"width": "100%", "height": height},
                    padding_x=0.0, padding_y=0.0,
                    **{"fig_margin": dict(top=40, bottom=50, left=55, right=20), **kwargs})
    # The text alternative goes beside the figure (chart()); not into ipywidgets' `tooltip`,
    # which bqplot's Figure view fails to render with.
    fig.mmer_alt = alt
    return fig


def chart(fig) -> w.VBox:
    """A figure with its text alternative (visually hidden, read by screen readers), sized to
    share a line with another chart or wrap below it on a narrow screen."""
    box = w.VBox([fig, w.HTML(f'<p class="mmer-sr-only">{html.escape(getattr(fig, "mmer_alt", fig.title))}</p>')])
    box.add_class("mmer-chart")
    return box


def row(*figures) -> w.Box:
    """Charts side by side that wrap onto the next line when the page is too narrow (never a
    horizontal scroll bar)."""
    # No width: 100% (a box stretches across its parent anyway, and ipywidgets' 2px margins
    # would make it 4px wider than the page).
    return w.Box([chart(f) for f in figures], layout={"display": "flex", "flex_flow": "row wrap",
                                                      "grid_gap": "0.5em", "overflow": "hidden"})


def integer_ticks(top: float, count: int = 6) -> list[int]:
    """Round tick values from 0 to ``top`` (seconds, counts, words per minute): about ``count``
    of them, on 1, 2, 5 x 10^k steps, so an axis never shows "1 1 2 2".

    >>> integer_ticks(4.1), integer_ticks(45), integer_ticks(230)
    ([0, 1, 2, 3, 4], [0, 10, 20, 30, 40], [0, 50, 100, 150, 200])
    """
    import math

    top = max(float(top), 1.0)
    raw = top / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, int(top) + 1, int(step)))


def _colored_bars(names, values, colors, x, y, tooltip_format=".0%", **kwargs):
    """Bars each in its own colour: bqplot colours single-series bars per element only through a
    colour scale (``colors`` with color_mode="element" paints every bar the first colour)."""
    import bqplot as bq

    scale = bq.OrdinalColorScale(domain=list(names), colors=list(colors))
    return bq.Bars(x=list(names), y=list(values), color=list(names), scales={"x": x, "y": y, "color": scale},
                   tooltip=bq.Tooltip(fields=["x", "y"], formats=["", tooltip_format]), padding=0.25, **kwargs)


def emotion_bars(shares: dict, title: str = "Share of time per emotion", others: dict | None = None):
    """Bars of the candidate's share per emotion, each in its emotion's colour; with ``others``,
    other candidates' means as black marks on the same bars."""
    import bqplot as bq

    x = bq.OrdinalScale(domain=list(EMOTIONS))
    y = bq.LinearScale(min=0.0, max=1.0)
    values = [float(shares.get(c, 0.0)) for c in EMOTIONS]
    marks = [_colored_bars(EMOTIONS, values, [EMOTION_COLORS[c] for c in EMOTIONS], x, y, labels=["You"])]
    alt = f"{title}: " + ", ".join(f"{c} {v:.0%}" for c, v in zip(EMOTIONS, values))
    if others is not None:
        theirs = [float(others.get(c) or 0.0) for c in EMOTIONS]
        # A black dot per bar (bqplot has no horizontal tick marker); the title says what it is.
        marks.append(bq.Scatter(x=list(EMOTIONS), y=theirs, scales={"x": x, "y": y}, marker="circle",
                                default_size=48, colors=["black"], stroke="white", labels=["Other candidates (mean)"]))
        title = f"{title} (dots: other candidates)"
        alt += "; other candidates: " + ", ".join(f"{c} {v:.0%}" for c, v in zip(EMOTIONS, theirs))
    axes = [bq.Axis(scale=x), bq.Axis(scale=y, orientation="vertical", tick_format=".0%",
                                      tick_values=[0, 0.25, 0.5, 0.75, 1.0])]
    return _figure(marks, axes, title, "300px", alt, legend_location="top-right")


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
    seconds = duration if duration is not None else max(xs, default=1.0)
    axes = [bq.Axis(scale=x, label="seconds", tick_format="d", tick_values=integer_ticks(seconds)),
            bq.Axis(scale=y, orientation="vertical", tick_format=".0%", tick_values=[0, 0.25, 0.5, 0.75, 1.0])]
    alt = f"{title}: probability of each emotion at {len(xs)} moments" + (f" over {duration:.0f} seconds" if duration else "")
    return _figure([lines], axes, title, "300px", alt, legend_location="top-right")


def pace_timeline(pace, fillers, pauses, duration: float, title: str = "Words: pace, fillers and long pauses"):
    """Words per minute over time (``pace``: rows with start, end, words_per_minute), with the
    fillers (their times) as marks and the long pauses (start, end) as grey spans, on the same
    0..duration axis as the emotion timelines of the answer."""
    import bqplot as bq

    x = bq.LinearScale(min=0.0, max=float(duration))
    rates = [r["words_per_minute"] for r in pace]
    top = max(rates + [200.0])
    ticks = integer_ticks(top * 1.1, count=5)
    y = bq.LinearScale(min=0.0, max=float(max(top * 1.1, ticks[-1])))
    marks = [bq.Lines(x=[(r["start"] + r["end"]) / 2 for r in pace], y=rates,
                      scales={"x": x, "y": y}, colors=["#1f4e79"], labels=["words per minute"], display_legend=True,
                      marker="circle")]
    for start, end in pauses:
        marks.append(bq.Lines(x=[start, end], y=[5, 5], scales={"x": x, "y": y}, colors=["#999999"], stroke_width=8))
    if fillers:
        marks.append(bq.Scatter(x=list(fillers), y=[top * 0.05] * len(fillers), scales={"x": x, "y": y},
                                colors=["#b00020"], marker="diamond", labels=["filler word"], display_legend=True))
    axes = [bq.Axis(scale=x, label="seconds", tick_format="d", tick_values=integer_ticks(duration)),
            bq.Axis(scale=y, orientation="vertical", tick_format="d", tick_values=ticks)]
    alt = (f"{title}: {min(rates, default=0):.0f} to {max(rates, default=0):.0f} words per minute, {len(fillers)} filler "
           f"words, {len(pauses)} long pauses")
    return _figure(marks, axes, title, "260px", alt, legend_location="top-right")


def trait_bars(traits: dict, title: str = "Perceived Big Five traits"):
    """Five independent probabilities (each 0..1), one bar per trait, in OCEAN order."""
    import bqplot as bq

    from mmer.labels import TRAITS

    x = bq.OrdinalScale(domain=list(TRAITS))
    y = bq.LinearScale(min=0.0, max=1.0)
    bars = _colored_bars(TRAITS, [traits.get(t, 0.0) for t in TRAITS], [TRAIT_COLORS[t] for t in TRAITS], x, y)
    axes = [bq.Axis(scale=x), bq.Axis(scale=y, orientation="vertical", tick_format=".0%", label="P(high)",
                                      tick_values=[0, 0.25, 0.5, 0.75, 1.0])]
    alt = f"{title}: " + ", ".join(f"{t} {traits.get(t, 0.0):.0%}" for t in TRAITS)
    return _figure([bars], axes, title, "300px", alt, fig_margin=dict(top=40, bottom=50, left=60, right=20))


def word_bars(words, title: str = "Most common words"):
    """Horizontal bars of ``[(word, count), ...]``, most frequent on top."""
    import bqplot as bq

    words = list(words)[:10][::-1]
    y = bq.OrdinalScale(domain=[w for w, _ in words])
    x = bq.LinearScale(min=0.0)
    bars = bq.Bars(x=[w for w, _ in words], y=[n for _, n in words], scales={"x": y, "y": x},
                   orientation="horizontal", colors=["#1f4e79"], padding=0.3)
    top = max([n for _, n in words] + [1])
    ticks = integer_ticks(top, count=5)
    x.max = float(max(top, ticks[-1]))
    axes = [bq.Axis(scale=y, orientation="vertical"),
            bq.Axis(scale=x, label="times used", tick_format="d", tick_values=ticks)]
    alt = f"{title}: " + ", ".join(f"{word} {n}" for word, n in words[::-1])
    return _figure([bars], axes, title, "300px", alt, fig_margin=dict(top=40, bottom=50, left=110, right=20))


def history_lines(history: list[dict], key: str, title: str, integer: bool = False):
    """One of a candidate's measures over their practice sessions (1, 2, 3...)."""
    import bqplot as bq

    points = [(i, h[key]) for i, h in enumerate(history, 1) if h.get(key) is not None]
    top = max([v for _, v in points] + [1.0]) * 1.2
    x = bq.LinearScale(min=0.5, max=len(history) + 0.5)
    if integer:
        ticks = integer_ticks(top, count=5)
        top = max(top, ticks[-1])
    else:  # small rates (fillers per minute): steps of a tenth or more
        step = max(round(top / 4, 1), 0.1)
        ticks = [round(step * k, 1) for k in range(int(top / step) + 1)]
    y = bq.LinearScale(min=0.0, max=float(top))
    line = bq.Lines(x=[i for i, _ in points], y=[v for _, v in points], scales={"x": x, "y": y}, marker="circle",
                    colors=["#1f4e79"])
    axes = [bq.Axis(scale=x, label="session", tick_format="d", tick_values=list(range(1, len(history) + 1))),
            bq.Axis(scale=y, orientation="vertical", tick_format="d" if integer else ".1f", tick_values=ticks)]
    alt = f"{title} over your sessions: " + ", ".join(f"session {i}: {v:.1f}" for i, v in points)
    return _figure([line], axes, title, "240px", alt)


def trait_history(history: list[dict], title: str = "Perceived traits over your sessions"):
    """The five perceived traits over a candidate's sessions, one line (and colour) each."""
    import bqplot as bq

    from mmer.labels import TRAITS

    rows = [(i, h["traits"]) for i, h in enumerate(history, 1) if h.get("traits")]
    x = bq.LinearScale(min=0.5, max=len(history) + 0.5)
    y = bq.LinearScale(min=0.0, max=1.0)
    # One mark per trait: a Lines mark with several rows draws only the first when there is one session.
    lines = [bq.Lines(x=[i for i, _ in rows], y=[t[name] or 0.0 for _, t in rows], scales={"x": x, "y": y},
                      colors=[TRAIT_COLORS[name]], labels=[name], display_legend=True, marker="circle")
             for name in TRAITS]
    axes = [bq.Axis(scale=x, label="session", tick_format="d", tick_values=list(range(1, len(history) + 1))),
            bq.Axis(scale=y, orientation="vertical", tick_format=".0%", tick_values=[0, 0.25, 0.5, 0.75, 1.0])]
    alt = f"{title}: " + "; ".join(f"session {i}: " + ", ".join(f"{n} {t[n] or 0:.0%}" for n in TRAITS) for i, t in rows)
    return _figure(lines, axes, title, "260px", alt, legend_location="top-left")