"""Each chart is described once (mmer.charts) and drawn by bqplot in the app and by matplotlib in
reports: both draw the same descriptions, with the same series, colours and text alternative."""

import html

import pytest

from mmer import charts, report
from mmer.examples import example_answer
from mmer.labels import EMOTION_COLORS, EMOTIONS, TRAIT_COLORS, TRAITS
from mmer.widgets import charts as app_charts

HISTORY = [{"words_per_minute": 150.0, "fillers_per_minute": 2.5, "traits": {t: 0.4 for t in TRAITS}},
           {"words_per_minute": 132.0, "fillers_per_minute": None, "traits": None},
           {"words_per_minute": 128.0, "fillers_per_minute": 1.0, "traits": {t: 0.6 for t in TRAITS}}]


@pytest.fixture(scope="module")
def answer():
    return example_answer(20.0)


def _descriptions(answer):
    others = {e: 0.2 for e in EMOTIONS}
    rows = answer.video.timeline
    return [charts.emotion_shares(answer.video.summary["shares"], others),
            charts.emotion_timeline([r.time for r in rows], [r.probabilities for r in rows], answer.duration),
            charts.pace(answer), charts.traits(answer.text.traits, {t: 0.5 for t in TRAITS}),
            charts.top_words(answer.text.top_words), charts.history(HISTORY, "fillers_per_minute"),
            charts.trait_history(HISTORY), charts.emotion_band(answer.alignment, "voice", answer.duration)]


def test_descriptions_are_plain_data_that_say_what_they_show(answer):
    shares = charts.emotion_shares({"happy": 0.75, "neutral": 0.25}, {e: 0.1 for e in EMOTIONS})
    bars, theirs = shares.series
    assert bars.x == EMOTIONS and bars.colors == tuple(EMOTION_COLORS[e] for e in EMOTIONS)
    assert bars.y[EMOTIONS.index("happy")] == 0.75 and theirs.label == "Other candidates (mean)"
    assert shares.alt.endswith("other candidates: " + ", ".join(f"{e} 10%" for e in EMOTIONS))
    timeline = charts.emotion_timeline([0.0, 1.0, 2.0], [[1 / 7] * 7, None, [0, 0, 0, 1, 0, 0, 0]], duration=4.0)
    assert [s.label for s in timeline.series] == list(EMOTIONS) and timeline.series[3].y == (1 / 7, 1.0)
    assert timeline.x.ticks == (0, 1, 2, 3, 4) and timeline.x.label == "seconds"
    pace = charts.pace(answer)
    fillers = [s for s in pace.series if s.label == "filler word"]
    assert fillers and fillers[0].x == tuple(answer.words[i].start for i in answer.delivery["filler_indices"])
    spans = next(s for s in pace.series if s.mark == "spans")
    assert list(zip(spans.x, spans.y)) == [(p["start"], p["end"]) for p in answer.delivery["long_pauses"]]
    history = charts.history(HISTORY, "fillers_per_minute")
    assert history.series[0].x == (1, 3) and history.x.ticks == (1, 2, 3)  # a session without the measure: a gap
    assert "session 2" not in history.alt and "session 3: 1.0" in history.alt
    assert charts.trait_history(HISTORY).series[0].colors == (TRAIT_COLORS[TRAITS[0]],)


def test_an_emotion_band_colours_each_second_by_the_rule_of_at(answer):
    band = charts.emotion_band(answer.alignment, "voice", answer.duration)
    (cells,) = band.series
    assert cells.x == tuple(float(k) for k in range(20)) and band.x.max == 20.0
    assert list(cells.y) == [answer.at(k + 0.5).voice or "" for k in range(20)]
    assert list(cells.colors) == [EMOTION_COLORS[e] if e else charts.NO_SIGNAL_COLOR for e in cells.y]
    silent = charts.emotion_band([{"start": 0.0, "face": None, "voice": None}, {"start": 1.0, "face": "happy"}],
                                 "face", 2.0)
    assert silent.series[0].colors == (charts.NO_SIGNAL_COLOR, EMOTION_COLORS["happy"])
    assert silent.alt == "Face, second by second: 0-1 s no face seen, 1-2 s happy"


@pytest.mark.parametrize("index", range(8))
def test_both_drawings_show_the_same_description(answer, index):
    description = _descriptions(answer)[index]
    figure = app_charts.draw(description)
    assert figure.title == description.title and figure.mmer_alt == description.alt
    assert html.escape(description.alt) in app_charts.chart(figure).children[1].value  # read by screen readers
    assert len(figure.marks) == len(description.series)
    image = report.draw(description)
    ax = image.fig.axes[0]
    assert image.alt == description.alt and ax.get_title(loc="left") == description.title
    labels = {s.label for s in description.series if s.label}
    if labels and description.legend:
        assert {t.get_text() for t in ax.get_legend().get_texts()} == labels
    for series, mark in zip(description.series, figure.marks):
        if series.mark == "bars" and len(series.colors) > 1:  # one colour per bar, through a colour scale
            assert list(mark.scales["color"].colors) == list(series.colors)
        elif series.mark == "line":
            assert list(mark.colors) == list(series.colors)
    value_axis = ax.xaxis if description.horizontal else ax.yaxis
    if description.y.ticks:
        assert list(value_axis.get_majorticklocs()) == pytest.approx(list(description.y.ticks))
    else:  # a band: nothing to read up the side
        assert not value_axis.get_visible() and not figure.axes[1].visible
    assert f'alt="{html.escape(description.alt)}"' in image.html("svg")


def test_the_app_and_the_report_draw_the_same_charts_for_an_answer(answer, monkeypatch):
    """The same answer in the app and in its report: the same charts, word for word."""
    from mmer.widgets import interview
    from mmer.widgets.app import InterviewApp
    from mmer.store import ResultStore

    drawn = {"app": [], "report": []}

    def recording(where, draw):
        def record(description):
            drawn[where].append((description.name, description.title, description.alt))
            return draw(description)
        return record

    monkeypatch.setattr(interview, "draw", recording("app", interview.draw))
    monkeypatch.setattr(report, "draw", recording("report", report.draw))
    app = InterviewApp(store_factory=lambda: ResultStore("sqlite://"), preload=False)
    app.video.show(answer, others={})
    report.report_html(answer, questions=[app.question.value])
    # The app also has each emotion's line over time, folded away (on request); the rest is the same.
    on_request = [d for d in drawn["app"] if d[0] == "timeline"]
    assert len(drawn["app"]) == 8 and [d[1] for d in on_request] == ["Face: emotions over time", "Voice: emotions over time"]
    assert sorted(d for d in drawn["app"] if d[0] != "timeline") == sorted(drawn["report"])
