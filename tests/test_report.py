"""Reports to keep: one self-contained HTML file and a PDF of the same (mmer.report, mmer report)."""

import json
import re

import numpy as np
import pytest

from mmer.errors import InvalidArgumentError, ReportError
from mmer.labels import EMOTION_COLORS, TRAIT_COLORS
from mmer.report import as_session, report_html, report_pdf, write_report
from mmer.store import ResultStore
from mmer.examples import example_answer, example_session

from conftest import run_cli


def _pdf_text_and_first_page(data: bytes):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return len(pdf), text, np.asarray(pdf[0].render(scale=1.0).to_pil().convert("RGB"))


def _has_colour(image, hex_colour, tolerance=12, min_pixels=50):
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image.astype(int) - rgb).max(axis=2) <= tolerance).sum()) >= min_pixels


def test_html_report_is_self_contained_and_says_everything():
    session = example_session(3)
    page = report_html(session)
    for answer in session.answers:
        assert answer.question in page
    assert "last job I led a small team" in re.sub(r"<[^>]+>", "", page)  # the transcript, marks aside
    assert '<mark class="mmer-situation" title="sets the scene">In my last</mark>' in page  # what was said, marked
    assert "What was said</b></caption>" in page and "Parts of a structured answer" in page
    assert '<mark class="mmer-filler" title="filler word">um</mark>' in page
    assert "Privacy." in page and "never to judge a person" in page
    assert "How reliable is this?" in page and "FER2013" in page  # from the model cards
    assert "What the figures mean" in page
    # Every chart is embedded (no file, no URL): nothing to fetch, it opens offline.
    assert not re.search(r'(src|href)="(?!data:)', page)
    assert "http://" not in page and "https://" not in page
    images = re.findall(r'<img class="chart[^"]*" alt="([^"]+)" src="data:image/svg\+xml;base64,', page)
    assert len(images) == page.count("<img") >= 8
    assert all(alt.strip() for alt in images)  # a text alternative for screen readers


def test_report_compares_with_other_candidates():
    store = ResultStore("sqlite://")
    for seed in range(3):
        sid = store.new_session()
        store.add_answer(sid, example_answer(30.0, seed=10 + seed), question="Tell us about yourself.")
    mine = example_session(3)
    others = store.compare(mine)
    assert set(others) == {"answer", "audio", "text", "video"}
    assert others["answer"]["candidates"] == 3
    page = report_html(mine, others=others)
    assert "other candidates (mean)" in page or "Other candidates here" in page
    assert re.search(r"Other candidates here: \d+ words per minute", page)


def test_pdf_holds_the_text_and_the_figures(tmp_path):
    session = example_session(3)
    path = write_report(session, tmp_path / "report.pdf")
    pages, text, first = _pdf_text_and_first_page(path.read_bytes())
    assert pages >= 3
    flat = " ".join(text.split())
    for answer in session.answers:
        assert answer.question in flat
    assert "Privacy." in flat and "How reliable is this?" in flat
    # The figures are drawn: the first page has the session's trait chart (each trait's colour),
    # and the pages of the answers the emotions' own colours.
    assert all(_has_colour(first, TRAIT_COLORS[t], min_pixels=300) for t in ("openness", "extraversion"))
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    rendered = [np.asarray(pdf[i].render(scale=1.0).to_pil().convert("RGB")) for i in range(len(pdf))]
    assert any(_has_colour(img, EMOTION_COLORS["happy"]) for img in rendered)
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_report_inputs_are_checked(tmp_path):
    with pytest.raises(ReportError, match=r"\.html or \.pdf"):
        write_report(example_answer(20.0), tmp_path / "report.docx")
    with pytest.raises(InvalidArgumentError, match="at least one result"):
        report_html([])
    with pytest.raises(InvalidArgumentError, match="2 questions for 1 results"):
        as_session([example_answer(20.0)], ["a?", "b?"])
    with pytest.raises(InvalidArgumentError, match="image_format"):
        report_html(example_answer(20.0), image_format="gif")


def test_a_single_face_or_voice_analysis_makes_a_report():
    answer = example_answer(20.0)
    page = report_html([answer.video, answer.audio], questions=["Face only?", "Voice only?"])
    assert "Face only?" in page and "Voice: share of speech per emotion" in page
    assert report_pdf(answer.text)[:5] == b"%PDF-"


def test_cli_report_from_analyze_json(tmp_path):
    answer, session = example_answer(25.0), example_session(3)
    (tmp_path / "a.json").write_text(answer.to_json())
    (tmp_path / "s.json").write_text(session.to_json())
    out = run_cli("report", str(tmp_path / "a.json"), "--question", "Tell us about yourself.", "--out",
                  str(tmp_path / "r.html"), "--no-compare")
    assert out.returncode == 0, out.stderr
    assert "report of 1 answer written" in out.stdout
    assert "Tell us about yourself." in (tmp_path / "r.html").read_text()
    out = run_cli("report", str(tmp_path / "s.json"), "--out", str(tmp_path / "r.pdf"),
                  "--url", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert out.returncode == 0, out.stderr
    assert "report of 3 answers" in out.stdout
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    # Mistakes: one line each, status 2.
    (tmp_path / "bad.json").write_text(json.dumps({"kind": "nonsense"}))
    for args, says in (([str(tmp_path / "missing.json")], "no such result file"),
                       ([str(tmp_path / "bad.json")], "not a"),
                       ([str(tmp_path / "a.json"), "--question", "a", "--question", "b"], "2 questions for 1")):
        out = run_cli("report", *args, "--out", str(tmp_path / "x.html"), "--no-compare")
        assert out.returncode == 2 and says in out.stderr, out.stderr
    out = run_cli("report", str(tmp_path / "a.json"), "--out", str(tmp_path / "x.txt"), "--no-compare")
    assert out.returncode == 2 and ".html or .pdf" in out.stderr



def test_report_says_how_far_it_is():
    seen = []
    report_pdf(example_session(3), progress=seen.append)
    assert seen == sorted(seen) and len(seen) == 5 and seen[-1] == 1.0


def test_cli_reports_a_saved_session(tmp_path):
    """A mock interview saved as JSON makes a report in a new command (the session kind is known
    without importing anything first)."""
    from mmer.examples import example_session

    saved = tmp_path / "session.json"
    saved.write_text(example_session(3).to_json())
    out = run_cli("report", saved, "--out", tmp_path / "report.html", "--no-compare")
    assert out.returncode == 0, out.stderr
    assert "report of 3 answers" in out.stdout and (tmp_path / "report.html").stat().st_size > 10_000
