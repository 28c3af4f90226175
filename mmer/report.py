"""A report to keep: one self-contained HTML file (every chart embedded, no external URL, opens
offline) or a PDF of the same, for one answer or a whole mock interview.

    mmer report RESULT.json... --out report.html      (or report.pdf)

>>> from mmer.report import report_html
>>> from mmer.examples import example_session
>>> page = report_html(example_session(3))
>>> "Tell us about the last time you showed leadership." in page, "http://" in page
(True, False)

The charts are drawn by matplotlib (its object API: no pyplot, so nothing global changes in the
caller's process) as SVG; the PDF is WeasyPrint's rendering of the same HTML, so both say the
same thing. WeasyPrint needs Pango from the system (Debian ``libpango-1.0-0``
``libpangoft2-1.0-0``); without it :func:`report_pdf` raises :class:`ReportError` saying so and the
HTML report still works.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import datetime, timezone
from pathlib import Path

from . import charts, feedback
from .transcript import HIGHLIGHT_CSS, content_table, figure_text, transcript_html, written_html
from .errors import InvalidArgumentError, ReportError
from .labels import EMOTION_COLORS, EMOTIONS, TRAIT_MEANINGS, TRAITS
from .results import Result
from .session import SessionResult

#: The emotions' colours, keyed once above the charts (as text, so a screen reader reads it too).
EMOTION_KEY = ('<p class="key mmer-key"><small>' + " ".join(
    f'<span style="color:{EMOTION_COLORS[e]}">&#9632;</span>&nbsp;{e}' for e in EMOTIONS)
    + f' <span style="color:{charts.NO_SIGNAL_COLOR}">&#9632;</span>&nbsp;no face or no speech</small></p>')



# -- charts ----------------------------------------------------------------------------------------------
class ChartImage:
    """A drawn chart and its text alternative; ``html(fmt)`` embeds it as an ``<img>``."""

    def __init__(self, fig, alt: str, wide: bool = False):
        self.fig, self.alt, self.wide = fig, alt, wide  # wide: a whole line of the page, not half of it

    def html(self, fmt: str = "svg") -> str:
        """SVG for the HTML report (sharp at any zoom, quick to draw); PNG for the PDF (WeasyPrint
        renders SVG about four times slower than matplotlib writes PNG)."""
        buffer = io.BytesIO()
        if fmt == "svg":
            self.fig.savefig(buffer, format="svg", metadata={"Date": None})
            mime = "image/svg+xml"
        else:
            self.fig.savefig(buffer, format="png", dpi=110)
            mime = "image/png"
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return f'<img class="chart{" wide" * self.wide}" alt="{html.escape(self.alt)}" src="data:{mime};base64,{data}">'


_MARKERS = {"circle": "o", "diamond": "D", "tick": "_"}
_LEGEND_PLACES = {"top-right": "upper right", "top-left": "upper left", "bottom-right": "lower right"}


def _format_axis(axis, spec) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    axis.set_major_locator(FixedLocator(list(spec.ticks)))
    shown = {"percent": "{:.0%}", "integer": "{:.0f}", "decimal": "{:.1f}"}[spec.format]
    axis.set_major_formatter(FuncFormatter(lambda v, _: shown.format(v)))


def draw(chart: charts.Chart) -> ChartImage:
    """Draw a chart description (:mod:`mmer.charts`) with matplotlib's object API (no pyplot, so
    nothing global changes in the caller's process), as the app draws it with bqplot."""
    from matplotlib.figure import Figure

    width = 7.2 if chart.wide else 4.6
    fig = Figure(figsize=(width, chart.height), dpi=100)
    longest = max((len(str(c)) for c in chart.x.categories), default=0) if chart.horizontal else 0
    many = bool(chart.legend) and sum(bool(s.label) for s in chart.series) > 3
    # Fixed margins rather than bbox_inches="tight", which draws every figure twice (text layout
    # is most of the cost of a report); a long legend goes to the right of the axes.
    fig.subplots_adjust(left=max(0.12 * 4.6 / width, 0.014 * longest + 0.05), right=0.76 if many else 0.96,
                        top=1 - 0.3 / chart.height,  # room for the title, whatever the height
                        bottom=0.26 if chart.x.categories and not chart.horizontal else max(0.22, 0.45 / chart.height))
    ax = fig.add_subplot()
    categories = list(chart.x.categories)[::-1] if chart.horizontal else list(chart.x.categories)
    for s in chart.series:
        x, y = list(s.x), list(s.y)
        if chart.horizontal:  # categories from the top down
            x, y = x[::-1], y[::-1]
        if s.mark == "bars":
            colors = list(s.colors)[::-1] if chart.horizontal and len(s.colors) > 1 else list(s.colors)
            (ax.barh if chart.horizontal else ax.bar)(x, y, color=colors, label=s.label or None)
        elif s.mark == "line":
            ax.plot(x, y, color=s.colors[0], linewidth=1.2, label=s.label or None,
                    marker=_MARKERS.get(s.marker), markersize=3)
        elif s.mark == "points":
            marker = "|" if s.marker == "tick" and chart.horizontal else _MARKERS[s.marker]
            points = (y, x) if chart.horizontal else (x, y)
            ax.scatter(*points, marker=marker, s=300 if s.marker == "tick" else 18, color=s.colors[0],
                       linewidths=2 if s.marker == "tick" else None, label=s.label or None, zorder=3)
        elif s.mark == "spans":
            for start, end in zip(s.x, s.y):
                ax.axvspan(start, end, color=s.colors[0], alpha=0.5, linewidth=0)
        elif s.mark == "band":
            ax.broken_barh([(start, 1.0) for start in s.x], (0.1, 0.8), facecolors=list(s.colors), linewidth=0)
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if chart.horizontal else (ax.yaxis, ax.xaxis)
    (ax.set_xlim if chart.horizontal else ax.set_ylim)(chart.y.min, chart.y.max)
    if chart.y.ticks:
        _format_axis(value_axis, chart.y)
    else:  # a band: no value axis
        value_axis.set_visible(False)
        ax.spines["left"].set_visible(False)
    if chart.y.label:
        (ax.set_xlabel if chart.horizontal else ax.set_ylabel)(chart.y.label, fontsize=8)
    if categories:
        if not chart.horizontal:
            ax.tick_params(axis="x", rotation=30)
    else:
        ax.set_xlim(chart.x.min, chart.x.max)
        _format_axis(category_axis, chart.x)
        ax.set_xlabel(chart.x.label, fontsize=8)
    if chart.legend and any(s.label for s in chart.series):
        if many:
            ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        else:
            ax.legend(fontsize=7, frameon=False, loc=_LEGEND_PLACES[chart.legend])
    ax.set_title(chart.title, fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return ChartImage(fig, chart.alt, chart.wide)


# -- the report ---------------------------------------------------------------------------------------------
def as_session(results, questions=None) -> SessionResult:
    """``results`` as one :class:`~mmer.session.SessionResult`: a session is returned as it is;
    a result, or a list of results (with their ``questions`` in the same order, if known), become
    the answers of a session."""
    if isinstance(results, SessionResult):
        return results
    if isinstance(results, Result):
        results = [results]
    results = list(results)
    if len(results) == 1 and isinstance(results[0], SessionResult):
        return results[0]
    questions = list(questions or [])
    if len(questions) > len(results):
        raise InvalidArgumentError(f"{len(questions)} questions for {len(results)} results")
    session = SessionResult()
    for i, result in enumerate(results):
        if isinstance(result, SessionResult):
            for a in result.answers:
                session.add(a.question, a.result, a.category)
        else:
            session.add(questions[i] if i < len(questions) else "", result)
    return session


def delivery_table(answer, others=None) -> str:
    """An answer's delivery measures beside other candidates' means (``others``: what
    :meth:`~mmer.store.ResultStore.others` gives for ``"answer"``) and the usual range, as an HTML table."""
    from .speech import delivery as d

    m, theirs = answer.delivery, (others or {}).get("scores", {})
    rows = [("Pace (words per minute)", m["words_per_minute"], theirs.get("words_per_minute"), "int",
             f"{d.PACE_RANGE[0]}-{d.PACE_RANGE[1]}"),
            (f"Long pauses (over {d.LONG_PAUSE_SECONDS:g} s)", len(m["long_pauses"]), theirs.get("long_pauses"), "int",
             "a few"),
            ("Filler words per minute", m["fillers_per_minute"], theirs.get("fillers_per_minute"), "float",
             f"under {d.FILLERS_PER_MINUTE_NOTICEABLE:g}"),
            ("Facing the camera", m["facing_camera"], theirs.get("facing_camera"), "share", "most of the time"),
            ("Answer length (seconds)", m["answer_seconds"], None, "int",
             f"{d.ANSWER_SECONDS_RANGE[0]}-{d.ANSWER_SECONDS_RANGE[1]}")]
    cells = "".join(f"<tr><td>{name}</td><td><b>{figure_text(mine, kind)}</b></td><td>{figure_text(other, kind)}</td><td>{usual}</td></tr>"
                    for name, mine, other, kind, usual in rows if not (mine is None and kind == "share"))
    return ('<table class="mmer-delivery" style="border-collapse:collapse"><caption style="text-align:left">'
            "<b>How you said it</b></caption><tr><th>measure</th><th>you</th><th>other candidates</th>"
            f"<th>usual</th></tr>{cells}</table>")


def _answer_section(number: int, item, others: dict, fmt: str) -> str:
    r, parts = item.result, []
    title = html.escape(item.question) if item.question else f"Answer {number}"
    how = {"video": "on camera", "audio": "by voice", "text": "in writing"}[item.answer_kind]
    parts.append(f'<section class="answer"><h2>{number}. {title}</h2><p class="how">Answered {how}'
                 + (f" ({html.escape(item.category)} question)" if item.category else "") + ".</p>")
    kinds = set(r.parts)
    spoken = r if r.kind == "answer" else None
    # The emotion results to draw: an answer's face and voice, or a face-only / voice-only analysis.
    faces_and_voices = (r.video, r.audio) if spoken else (r,) if r.kind in ("video", "audio") else ()
    emotion_parts = [(part, "Face", "frames") if part.kind == "video" else (part, "Voice", "speech")
                     for part in faces_and_voices if part is not None]
    if spoken is not None:
        # At a glance first, as in the app: the takeaways, then face and voice second by second.
        parts.append('<p><b>How did I do?</b></p><ul class="takeaways">'
                     + "".join(f"<li>{html.escape(t)}</li>" for t in r.takeaways) + "</ul>")
        bands = [draw(charts.emotion_band(r.alignment, name, r.duration)).html(fmt)
                 for name, part in (("face", r.video), ("voice", r.audio)) if part is not None]
        if bands:
            parts.append(f'<div class="charts">{"".join(bands)}</div>{EMOTION_KEY}')
        kinds.add("speech")
        said = transcript_html(r) or "<i>No words were recognised.</i>"
        parts.append(f'<p class="transcript"><b>What you said:</b> {said}</p>')
        parts.append(delivery_table(r, others.get("answer")))
        parts.append(content_table(r.content, others.get("text"), [w.text for w in r.words]))
        if r.coaching:
            parts.append("<p><b>Feedback on your answer</b></p><ul>"
                         + "".join(f"<li>{html.escape(s)}</li>" for s in r.coaching) + "</ul>")
        if r.words:
            parts.append(f'<div class="charts">{draw(charts.pace(r)).html(fmt)}</div>')
    if emotion_parts:
        lines = []
        for part, label, what in emotion_parts:
            theirs = (others.get(part.kind) or {})
            lines.append(f"Your {label.lower()}'s most frequent emotion: <b>{html.escape(str(part.dominant_emotion))}</b>"
                         + (f" (other candidates: {html.escape(str(theirs.get('headline')))})" if theirs else ""))
        parts.append("<p>" + "<br>".join(lines) + "</p>")
        agreement = feedback.agreement_sentence(r.agreement) if spoken is not None else None
        if agreement:
            parts.append(f"<p>{html.escape(agreement)}</p>")
        drawn = []
        for part, label, what in emotion_parts:
            theirs = (others.get(part.kind) or {}).get("scores")
            rows = part.timeline
            drawn.append(draw(charts.emotion_shares(part.summary["shares"], theirs,
                                                    f"{label}: share of {what} per emotion")).html(fmt))
            if spoken is None:  # an answer has its bands above; a face or voice analysis alone, its lines
                drawn.append(draw(charts.emotion_timeline([t.time for t in rows], [t.probabilities for t in rows],
                                                          part.duration, f"{label}: emotions over time")).html(fmt))
        parts.append(f'<div class="charts">{"".join(drawn)}</div>' + ("" if spoken is not None else EMOTION_KEY))
    text = r if r.kind == "text" else getattr(r, "text", None)
    if text is not None:
        theirs = (others.get("text") or {}).get("scores")
        parts.append(f"<p>From {'what you wrote' if r.kind == 'text' else 'what you said'}, your most visible trait: "
                     f"<b>{html.escape(text.most_visible_trait)}</b>.</p>")
        parts.append(f'<div class="charts">{draw(charts.traits(text.traits, theirs)).html(fmt)}</div>')
        if r.kind == "text":
            written = written_html(text)
            if written:
                parts.append(f'<p class="transcript"><b>What you wrote:</b> {written}</p>')
            parts.append(content_table(text.content, others.get("text"), text.words))
            takeaways = feedback.content_takeaways(text.content)
            if takeaways:
                parts.append("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in takeaways) + "</ul>")
        if r.kind == "text" and text.top_words:
            parts.append("<p><b>Your most used words:</b> "
                         + ", ".join(f"{html.escape(w)} ({n})" for w, n in text.top_words[:10]) + "</p>")
    warnings = list(r.warnings) + (list(text.warnings) if text is not None and text is not r else [])
    parts += [f'<p class="warning">{html.escape(w)}</p>' for w in warnings]
    parts.append(f'<p class="reliability"><b>How reliable is this?</b> {html.escape(feedback.reliability(kinds))}</p></section>')
    return "".join(parts)


def summary_html(session: SessionResult, others: dict | None = None, fmt: str | None = None) -> str:
    """The whole session in a table (one row per answer) and a sentence of its figures, with
    other candidates' pace and fillers; with ``fmt`` (``"svg"``/``"png"``), the mean traits' chart.

    >>> from mmer.examples import example_session
    >>> "<table>" in summary_html(example_session(3))
    True
    """
    others = others or {}
    s = session.summary
    rows = "".join(
        f"<tr><td>{i}</td><td>{html.escape(row['question'] or '-')}</td><td>{row['answered_by']}</td>"
        f"<td>{figure_text(row['words_per_minute'], 'int')}</td><td>{figure_text(row['fillers_per_minute'])}</td>"
        f"<td>{html.escape(row['face'] or '-')}</td><td>{html.escape(row['voice'] or '-')}</td>"
        f"<td>{html.escape(row['most_visible_trait'] or '-')}</td></tr>"
        for i, row in enumerate((a.as_row() for a in session.answers), 1))
    figures = []
    if s["words_per_minute"] is not None:
        figures.append(f"mean pace <b>{s['words_per_minute']:.0f}</b> words per minute")
        figures.append(f"<b>{s['fillers_per_minute']:.1f}</b> filler words per minute")
        figures.append(f"<b>{s['long_pauses']}</b> long pause{'s' * (s['long_pauses'] != 1)}")
    if s["dominant_emotion"]:
        figures.append(f"most frequent emotion over face and voice: <b>{s['dominant_emotion']}</b>")
    if s["most_visible_trait"]:
        figures.append(f"most visible trait over your answers: <b>{s['most_visible_trait']}</b>")
    theirs = (others.get("answer") or {}).get("scores") or {}
    compare = ""
    if theirs.get("words_per_minute") is not None:
        compare = (f"<p>Other candidates here: {theirs['words_per_minute']:.0f} words per minute and "
                   f"{(theirs.get('fillers_per_minute') or 0):.1f} filler words per minute on average "
                   f"({others['answer']['candidates']} candidates).</p>")
    traits = ""
    if s["traits"] and fmt is not None:
        chart = charts.traits(s["traits"], (others.get("text") or {}).get("scores"),
                              "Perceived traits over the session (mean)")
        traits = f'<div class="charts">{draw(chart).html(fmt)}</div>'
    return ("<section><h2>The whole session</h2>"
            "<table><tr><th>#</th><th>question</th><th>answered</th><th>pace</th><th>fillers/min</th><th>face</th>"
            f"<th>voice</th><th>most visible trait</th></tr>{rows}</table>"
            + (f"<p>Over the session: {'; '.join(figures)}.</p>" if figures else "") + compare + traits + "</section>")


_CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; max-width: 60em; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
@media print { body { margin: 0; padding: 0; max-width: none; } }
h1 { color: #1f4e79; margin-bottom: 0.1em; } h2 { color: #1f4e79; font-size: 1.2em; border-bottom: 1px solid #ccd; padding-bottom: 0.2em; }
.note { background: #f3f6fa; padding: 0.5em 0.8em; border-radius: 6px; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; } td, th { border: 1px solid #ccd; padding: 0.2em 0.5em; text-align: left; }
th { background: #eef2f7; }
.charts { display: flex; flex-wrap: wrap; gap: 0.5em; } .chart { max-width: 100%; height: auto; }
.charts .chart { width: 48%; min-width: 18em; } .charts .chart.wide { width: 100%; }
.key { page-break-after: avoid; }
caption { text-align: left; margin-bottom: 0.2em; } .warning { color: #8a6d00; } .reliability { font-size: 0.85em; color: #333; }
.key, .mmer-key { font-size: 0.85em; margin: 0.3em 0; } .how { color: #555; margin-top: 0; } section.answer { page-break-inside: auto; } img { page-break-inside: avoid; }
"""


def report_html(results, *, questions=None, others: dict | None = None, history: list | None = None,
                title: str = "Interview practice report", image_format: str = "svg", progress=None) -> str:
    """The report as one self-contained HTML page (a string): every answer's question, transcript,
    measures and charts, the session's figures, the comparison with other candidates (``others``,
    as :meth:`mmer.store.ResultStore.compare` returns), what each figure means and how reliable its model is,
    and the privacy note. ``history`` (a practice history) adds the progress chart.
    ``image_format``: ``"svg"`` or ``"png"`` for the charts; ``progress``: a callable that
    receives the fraction done (0..1), as the analyses' ``progress``.

    >>> from mmer.examples import example_answer
    >>> page = report_html(example_answer(20.0), questions=["Tell us about yourself."])
    >>> page.count("<img"), 'src="http' in page
    (6, False)
    """
    session = as_session(results, questions)
    if not session.answers:
        raise InvalidArgumentError("a report needs at least one result")
    others = others or {}
    made = datetime.now(timezone.utc).astimezone().strftime("%d %B %Y, %H:%M")
    intro = (f"<p>{len(session.answers)} answer{'s' * (len(session.answers) != 1)}"
             + (f" &middot; questions for: {html.escape(session.role)}" if session.role else "")
             + f" &middot; made {made}</p>")
    if image_format not in ("svg", "png"):
        raise InvalidArgumentError(f"image_format is 'svg' or 'png', not {image_format!r}")
    sections = []
    for i, a in enumerate(session.answers, 1):
        sections.append(_answer_section(i, a, others, image_format))
        if progress is not None:
            progress(i / (len(session.answers) + 1))
    if len(session.answers) > 1:
        sections.insert(0, summary_html(session, others, image_format))
    if history:
        progress_charts = "".join(draw(charts.history(history, measure)).html(image_format)
                                  for measure in charts.HISTORY_MEASURES)
        sections.append(f"<section><h2>Your progress over {len(history)} sessions</h2>"
                        f'<div class="charts">{progress_charts}</div></section>')
    if progress is not None:
        progress(1.0)
    meanings = "".join(f"<li>{html.escape(m)}</li>" for m in feedback.CHART_MEANINGS.values())
    traits = "; ".join(f"<b>{t}</b>: {html.escape(TRAIT_MEANINGS[t])}" for t in TRAITS)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}{HIGHLIGHT_CSS}</style></head><body>'
            f"<h1>{html.escape(title)}</h1>{intro}"
            f'<p class="note"><b>Privacy.</b> {html.escape(feedback.REPORT_PRIVACY)}<br><b>Limits.</b> {html.escape(feedback.LIMITS)}</p>'
            + "".join(sections)
            + f"<section><h2>What the figures mean</h2><ul>{meanings}<li>{traits}.</li></ul>"
            f"<p>{html.escape(feedback.LIMITS)}</p></section></body></html>")


def report_pdf(results, **kwargs) -> bytes:
    """The report of :func:`report_html` as PDF bytes (WeasyPrint); the same keywords."""
    progress = kwargs.pop("progress", None)
    # The charts are about two thirds of a PDF's time, WeasyPrint's layout the rest.
    page = report_html(results, image_format="png", progress=None if progress is None else lambda f: progress(0.65 * f),
                       **kwargs)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found but not the system's Pango
        raise ReportError(f"cannot write a PDF here ({exc.__class__.__name__}: {exc}); install the `report` extra "
                          "(pip install 'mmer[report]') and Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0), or "
                          "write an .html report and print it from the browser") from None
    pdf = HTML(string=page).write_pdf()
    if progress is not None:
        progress(1.0)
    return pdf


def write_report(results, out, **kwargs) -> Path:
    """Write the report of ``results`` to ``out``: HTML for ``.html``/``.htm``, PDF for ``.pdf``
    (see :func:`report_html` for the keywords). Returns the path.

    >>> import tempfile, os
    >>> from mmer.examples import example_session
    >>> path = write_report(example_session(3), os.path.join(tempfile.mkdtemp(), "report.html"))
    >>> path.stat().st_size > 10_000
    True
    """
    out = Path(out)
    fmt = report_format(out)
    data = report_pdf(results, **kwargs) if fmt == "pdf" else report_html(results, **kwargs).encode("utf-8")
    out.write_bytes(data)
    return out


def report_format(path) -> str:
    """``"html"`` or ``"pdf"``, from the suffix of ``path``; :class:`ReportError` otherwise.

    >>> report_format("my report.PDF")
    'pdf'
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    raise ReportError(f"cannot tell the report's format from {Path(path).name!r}: name it .html or .pdf")
