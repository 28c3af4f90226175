"""What was said: each content measure pinned on hand-written answers whose right answer is known."""

import pytest

from mmer.text.content import content_measures, sentences

STAR = ("Last year I was the only developer at a small charity, and our donation site kept crashing. "
        "I rewrote the payment page and added monitoring with Grafana. "
        "As a result, the site stayed up for 6 months and donations grew by 30 percent.")
VAGUE = ("I am a hard worker and I am good with people. I always try my best in everything. "
         "Teamwork is important to me and I like challenges.")
HEDGING = ("I think I am maybe kind of good at this, I guess. I just sort of try to help, "
           "probably more or less like everyone.")
REPETITIVE = ("To be honest I like the team. To be honest the team is great. "
              "To be honest I would stay. The team is great and the team is kind.")


def _words(text):
    return text.split()


def _highlighted(text, kind, m):
    words = _words(text)
    return [" ".join(words[h["start"]:h["end"]]) for h in m["highlights"] if h["kind"] == kind]


def test_a_star_answer_shows_situation_action_and_result():
    m = content_measures(_words(STAR))
    assert m["structure"] == {"situation": [0], "action": [1], "result": [2]} and m["star_parts"] == 3
    assert _highlighted(STAR, "situation", m) == ["Last year"]
    assert _highlighted(STAR, "action", m) == ["I rewrote"]
    assert _highlighted(STAR, "result", m) == ["As a result,", "grew"]
    assert _highlighted(STAR, "specific", m) == ["Grafana.", "6", "months", "30", "percent."]
    assert m["specifics_share"] == 0.6667  # two of three sentences
    assert m["hedges_per_100_words"] == 0.0 and m["repeated_phrases"] == []


def test_a_vague_answer_has_no_structure_and_no_specifics():
    m = content_measures(_words(VAGUE))
    assert m["structure"] == {} and m["star_parts"] == 0
    assert m["specifics_share"] == 0.0 and m["hedges_per_100_words"] == 0.0
    assert (m["i_count"], m["we_count"], m["we_share"]) == (6, 0, 0.0)


def test_a_hedging_answer_counts_its_hedges_per_100_words():
    m = content_measures(_words(HEDGING))
    assert _highlighted(HEDGING, "hedge", m) == ["I think", "maybe", "kind of", "I guess.", "just", "sort of",
                                                "probably", "more or less"]
    assert m["words"] == 25 and m["hedges_per_100_words"] == 32.0


def test_a_repetitive_answer_names_its_repeated_phrases_and_varies_little():
    m = content_measures(_words(REPETITIVE))
    assert m["repeated_phrases"] == [{"phrase": "to be honest", "count": 3}, {"phrase": "the team is", "count": 3},
                                     {"phrase": "the team", "count": 4}]
    assert _highlighted(REPETITIVE, "repeat", m)[:2] == ["To be honest", "the team."]
    assert m["vocabulary_variety"] < content_measures(_words(STAR))["vocabulary_variety"]


def test_we_share_question_words_and_job_terms():
    words = _words("We built the release pipeline together, and I tested every deployment with Python.")
    m = content_measures(words, question="Tell us about a release you are proud of.",
                         job_terms=("release pipeline", "Python", "code review"))
    assert (m["i_count"], m["we_count"], m["we_share"]) == (1, 1, 0.5)
    assert m["question_terms"] == ["release"] and m["job_terms"] == ["python", "release pipeline"]
    assert [h["kind"] for h in m["highlights"] if (h["start"], h["end"]) == (3, 5)] == ["job"]


def test_vocabulary_variety_is_the_moving_average_type_token_ratio():
    from mmer.text.content import MATTR_WINDOW

    different = [f"w{i}" for i in range(120)]
    assert content_measures(different)["vocabulary_variety"] == 1.0
    # two words alternating: every 50-word window holds 2 types
    assert content_measures(["yes", "no"] * 60)["vocabulary_variety"] == round(2 / MATTR_WINDOW, 4)
    short = "the cat saw the dog".split()  # under one window: the plain ratio
    assert content_measures(short)["vocabulary_variety"] == 0.8


def test_sentences_and_an_empty_answer():
    assert sentences(["Yes."]) == [(0, 1)] and sentences([]) == []
    m = content_measures([])
    assert m["words"] == 0 and m["star_parts"] == 0 and m["vocabulary_variety"] is None and m["we_share"] is None


def test_analyze_text_measures_what_was_said_against_the_question_and_role():
    import mmer

    result = mmer.analyze_text(STAR, question="Describe a project you are proud of.", role="Software developer")
    assert result.content == content_measures(STAR.split(), question="Describe a project you are proud of.",
                                              job_terms=mmer.questions.JOB_TERMS["Software developer"])
    assert result.words == STAR.split() and result.content["job_terms"] == []  # none of the developer's terms
    typed = mmer.analyze_text("I wrote unit tests for the API and fixed a bug before the release. " * 3,
                              role="Software developer")
    assert typed.content["job_terms"] == ["api", "bug", "release", "unit tests"]
    with pytest.raises(mmer.InvalidArgumentError, match="unknown role 'Astronaut'"):
        mmer.analyze_text(STAR, role="Astronaut")
    german = mmer.analyze_text("Ich habe letztes Jahr ein kleines Team geleitet und wir haben das Projekt pünktlich "
                               "abgeschlossen, weil alle mitgeholfen haben und die Kunden zufrieden waren.")
    assert german.content is None and german.words == [] and any("English" in w for w in german.warnings)
    again = mmer.Result.from_json(result.to_json())
    assert again.content == result.content and again.words == result.words


def test_the_store_compares_content_figures_never_the_words():
    from mmer.results import CONTENT_SCORES, TextResult
    from mmer.store import ResultStore

    store = ResultStore("sqlite://")
    for session, text in (("a", STAR), ("b", HEDGING)):
        content = content_measures(text.split())
        store.add_result(session, TextResult(traits={t: 0.5 for t in ("openness", "conscientiousness", "extraversion",
                                                                      "agreeableness", "neuroticism")},
                                             top_words=[], word_count=len(text.split()), content=content,
                                             words=text.split()))
    scores = store.others("text")["scores"]
    assert scores["hedges_per_100_words"] == pytest.approx((0.0 + 32.0) / 2)
    assert scores["star_parts"] == pytest.approx((3 + content_measures(HEDGING.split())["star_parts"]) / 2)
    stored = store.results(session_id="a")[0]
    assert set(CONTENT_SCORES) <= set(stored["scores"]) and "rewrote" not in str(stored)


def test_the_structure_is_shown_with_the_sentences_that_signal_it():
    from mmer.transcript import content_table, structure_html

    words = STAR.split()
    shown = structure_html(content_measures(words), words)
    assert shown.startswith("<p><b>We found words that usually signal</b></p>")
    assert "<li><b>Sets the scene</b>: “Last year I was the only developer" in shown
    assert "<li><b>What came of it</b>: “As a result, the site stayed up" in shown
    assert shown in content_table(content_measures(words), None, words)
    assert structure_html(content_measures(VAGUE.split()), VAGUE.split()) == ""
