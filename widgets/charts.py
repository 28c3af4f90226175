"""The app's charts: :mod:`mmer.charts` describes each one (the same descriptions reports draw
with matplotlib); :func:`draw` draws it with bqplot, :func:`chart` puts its text alternative
beside it for screen readers, :func:`row` lays charts out on a line.
"""

from __future__ import annotations

import html

import ipywidgets as w

from mmer.charts import runs


#: CSS the app adds once: text that only screen readers read, and charts that shrink with the page.
CHART_CSS = """
.mmer-app .mmer-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.mmer-app .mmer-chart { flex: 1 1 380px; min-width: 280px; max-width: 100%; overflow: hidden; }
.mmer-app .mmer-chart > .bqplot { margin: 0; }
"""


_FORMATS = {"percent": ".0%", "integer": "d", "decimal": ".1f"}


def _scale(axis):
    import bqplot as bq

    if axis.categories:
        return bq.OrdinalScale(domain=list(axis.categories))
    return bq.LinearScale(min=float(axis.min), max=float(axis.max))


def _axis(scale, axis, vertical: bool):
    import bqplot as bq

    extra = {} if axis.categories else {"tick_format": _FORMATS[axis.format], "tick_values": list(axis.ticks)}
    if not axis.categories and not axis.ticks:  # a band's value axis: nothing to read on it
        extra = {"visible": False}
    return bq.Axis(scale=scale, label=axis.label, orientation="vertical" if vertical else "horizontal", **extra)


def _mark(series, chart, x, y):
    """One series as a bqplot mark (``x``, ``y``: the scales of the category/time axis and of
    the value axis)."""
    import bqplot as bq

    scales = {"x": x, "y": y}
    legend = {"labels": [series.label], "display_legend": bool(chart.legend)} if series.label else {}
    if series.mark == "bars":
        extra = {"orientation": "horizontal"} if chart.horizontal else {}
        if len(series.colors) > 1:
            # bqplot colours single-series bars per element only through a colour scale
            # (``colors`` with color_mode="element" paints every bar the first colour).
            color = bq.OrdinalColorScale(domain=list(series.x), colors=list(series.colors))
            extra.update(color=list(series.x), scales={**scales, "color": color})
        else:
            extra.update(colors=list(series.colors), scales=scales)
        return bq.Bars(x=list(series.x), y=list(series.y), padding=0.25,
                       tooltip=bq.Tooltip(fields=["x", "y"], formats=["", _FORMATS[chart.y.format]]), **extra)
    if series.mark == "line":
        return bq.Lines(x=list(series.x), y=list(series.y), scales=scales, colors=list(series.colors),
                        stroke_width=1.5, marker=series.marker or None, **legend)
    if series.mark == "points":
        # bqplot has no tick marker: a dot per bar (the legend says what it is).
        marker = {"tick": "circle"}.get(series.marker, series.marker)
        where = {"x": list(series.y), "y": list(series.x)} if chart.horizontal else {"x": list(series.x), "y": list(series.y)}
        return bq.Scatter(**where, scales={"x": y, "y": x} if chart.horizontal else scales, marker=marker,
                          default_size=48, colors=list(series.colors), stroke="white", **legend)
    if series.mark == "spans":  # a thick grey stroke along the bottom per span
        low = chart.y.min + (chart.y.max - chart.y.min) * 0.02
        return bq.Lines(x=[[a, b] for a, b in zip(series.x, series.y)], y=[[low, low]] * len(series.x), scales=scales,
                        colors=list(series.colors) * len(series.x), stroke_width=8)
    if series.mark == "band":  # a thick stroke per run of one colour, along the middle
        stretches = runs(series.colors)
        return bq.Lines(x=[[series.x[a], series.x[b - 1] + 1.0] for a, b, _ in stretches],
                        y=[[0.5, 0.5]] * len(stretches), scales=scales, colors=[c for _, _, c in stretches],
                        stroke_width=28)
    raise ValueError(f"unknown mark {series.mark!r}")


def draw(chart):
    """Draw a chart description (:mod:`mmer.charts`) with bqplot, as reports draw it with
    matplotlib. The text alternative goes beside the figure (:func:`chart`)."""
    import bqplot as bq

    x, y = _scale(chart.x), _scale(chart.y)
    marks = [_mark(s, chart, x, y) for s in chart.series]
    if chart.horizontal:
        axes = [_axis(x, chart.x, vertical=True), _axis(y, chart.y, vertical=False)]
    else:
        axes = [_axis(x, chart.x, vertical=False), _axis(y, chart.y, vertical=True)]
    longest = max((len(str(c)) for c in chart.x.categories), default=0) if chart.horizontal else 0
    # No padding: the axes end at their limits (0% to 100%, not -3% to 103%).
    fig = bq.Figure(marks=marks, axes=axes, title=chart.title, padding_x=0.0, padding_y=0.0,
                    layout={"width": "100%", "height": f"{round(chart.height * 125)}px"},
                    fig_margin=dict(top=30 if chart.height < 1 else 40, bottom=40 if chart.height < 1 else 50,
                                    left=max(55, 7 * longest + 15), right=20),
                    legend_location=chart.legend or "top-right")
    # Not ipywidgets' `tooltip`, which bqplot's Figure view fails to render with.
    fig.mmer_alt = chart.alt
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


