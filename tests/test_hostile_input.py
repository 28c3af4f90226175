"""Inputs that try to break MMER: limits checked before decoding, and property-based tests
(hypothesis) feeding random and mutated files to media decoding, document reading, the CSV
import and the store. Every input must end in a documented exception (an ``MMERError``) or a
sound result, within a time bound, and never leave a partly written import."""

import io
import zipfile
from datetime import timedelta

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import mmer  # noqa: E402
from mmer import media  # noqa: E402
from mmer.errors import (DatasetError, DocumentError, EmptyTextError, InvalidMediaError,  # noqa: E402
                         MediaTooLargeError, MMERError)
from mmer.examples import synthetic_speech, write_audio, write_video  # noqa: E402
from mmer.text import documents  # noqa: E402
from mmer.text.documents import read_document  # noqa: E402

#: How much the test process's peak memory may grow over all the examples of one property: a
#: decoder that unpacks a bomb or allocates for a lying header would go far beyond.
MEMORY_BOUND_MIB = 400


@pytest.fixture
def memory_bound():
    """Fails the test if the process's peak resident memory grew by more than MEMORY_BOUND_MIB
    (the peak only rises, so a spike during any example shows at the end)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert grown < MEMORY_BOUND_MIB, f"peak memory grew by {grown:.0f} MiB"


# Each example must finish within the deadline (a hang fails the test, it does not stall the suite).
HOSTILE = settings(max_examples=300, deadline=timedelta(seconds=10), derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def small_webm():
    """A 2 s 64x48 VP8 + Opus WebM, as a browser records (small, so each mutation decodes fast)."""
    frames = [np.full((48, 64, 3), 40 + 5 * i, np.uint8) for i in range(20)]
    return write_video(frames, fps=10, audio=synthetic_speech(2.0, seed=4))


@pytest.fixture(scope="module")
def small_docx():
    from docx import Document

    doc = Document()
    doc.add_paragraph("I led a team of volunteers and organised a festival for the library.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(text: str = "I led a team of volunteers.", count: int | None = None) -> bytes:
    """A one-page PDF with a text layer, written by hand; ``count`` overrides its page count."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % (count or 1),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- limits, checked before decoding -------------------------------------------------------------
def test_media_over_the_size_limit_is_refused_before_decoding(monkeypatch, small_webm, tmp_path):
    monkeypatch.setattr(media, "MAX_MEDIA_BYTES", 1000)
    with pytest.raises(MediaTooLargeError, match="over the 0 MiB limit"):
        mmer.analyze_answer(small_webm)
    path = tmp_path / "long.webm"
    path.write_bytes(small_webm)
    with pytest.raises(MediaTooLargeError, match="'long.webm' is 0 MiB"):
        mmer.analyze_audio(path)


def test_media_over_the_duration_limit_is_refused(monkeypatch, small_webm):
    monkeypatch.setattr(media, "MAX_RECORDING_SECONDS", 1)
    with pytest.raises(MediaTooLargeError, match="lasts over 0 minutes"):  # from the header
        media.load_audio(small_webm)
    # A browser's WebM announces no duration: the decoder stops at the limit instead.
    monkeypatch.setattr(media, "_check_header", lambda container, what: None)
    with pytest.raises(MediaTooLargeError):
        media.load_audio(small_webm)
    with pytest.raises(MediaTooLargeError):
        list(media.iter_video_frames(small_webm))


def test_video_over_4k_is_refused_before_decoding(monkeypatch, small_webm):
    monkeypatch.setattr(media, "MAX_VIDEO_PIXELS", 64 * 48 - 1)
    with pytest.raises(MediaTooLargeError, match="64x48 video, over the 4K limit"):
        mmer.analyze_video(small_webm)


def test_pdf_with_a_million_pages_is_refused():
    assert "I led a team" in read_document(_pdf(), "letter.pdf")
    with pytest.raises(DocumentError, match="1000000 pages, over the 50-page limit"):
        read_document(_pdf(count=1_000_000), "letter.pdf")


def test_docx_zip_bomb_is_refused(small_docx, monkeypatch):
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_docx)) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            out.writestr(item, original.read(item))
        out.writestr("word/media/padding.bin", b"\0" * (60 * 2**20))  # 60 MiB of zeros, ~60 kB packed
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(DocumentError, match="unpacks to 6[01] MiB in 18 parts, over the limit"):
        read_document(bomb.getvalue(), "letter.docx")
    monkeypatch.setattr(documents, "MAX_DOCX_PARTS", 3)
    with pytest.raises(DocumentError, match="parts, over the limit"):
        read_document(small_docx, "letter.docx")


def test_csv_export_neutralises_formulas(tmp_path):
    from mmer.store import ResultStore

    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    source = tmp_path / "class.csv"
    source.write_text('candidate,modality,question,happy\nana,video,"=HYPERLINK(""http://x"",""click"")",0.5\n'
                      "ben,video,@SUM(A1:A9),0.2\n")
    assert store.import_csv(source) == 2
    out = tmp_path / "export.csv"
    store.export_csv(out)
    text = out.read_text()
    assert "'=HYPERLINK" in text and "'@SUM(A1:A9)" in text
    assert not any(line.split(",")[2].startswith(("=", "@", '"=')) for line in text.splitlines()[1:])


# -- property-based: random and mutated input ---------------------------------------------------
def _mutate(data: bytes, draw) -> bytes:
    """Truncate, overwrite a run of bytes, or insert one: what a broken upload or a hostile
    client sends."""
    kind = draw(st.sampled_from(["truncate", "overwrite", "insert"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "truncate":
        return data[:at]
    chunk = draw(st.binary(min_size=1, max_size=64))
    if kind == "overwrite":
        return data[:at] + chunk + data[at + len(chunk):]
    return data[:at] + chunk + data[at:]


def _decodes_or_says_why(call, *allowed):
    try:
        return call()
    except allowed:
        return None


@HOSTILE
@given(st.binary(max_size=4096))
def test_random_bytes_never_break_media_decoding(memory_bound, data):
    for call in (lambda: media.load_audio(data), lambda: list(media.iter_video_frames(data, max_fps=2))):
        _decodes_or_says_why(call, InvalidMediaError)


@HOSTILE
@given(st.data())
def test_mutated_recordings_decode_or_say_why(memory_bound, small_webm, data):
    broken = _mutate(small_webm, data.draw)
    samples = _decodes_or_says_why(lambda: media.load_audio(broken), InvalidMediaError)
    if samples is not None:
        assert samples.dtype == np.float32 and samples.ndim == 1 and np.isfinite(samples).all()
    frames = _decodes_or_says_why(lambda: list(media.iter_video_frames(broken, max_fps=5)), InvalidMediaError)
    for _, time, frame in frames or []:
        assert frame.ndim == 3 and frame.shape[2] == 3 and time >= 0


@HOSTILE
@given(st.binary(max_size=4096), st.sampled_from(["letter.pdf", "letter.docx", "letter.txt", "letter"]))
def test_random_bytes_never_break_document_reading(memory_bound, data, name):
    text = _decodes_or_says_why(lambda: read_document(data, name), DocumentError, EmptyTextError)
    assert text is None or isinstance(text, str)


@HOSTILE
@given(st.data(), st.sampled_from(["pdf", "docx"]))
def test_mutated_documents_read_or_say_why(memory_bound, small_docx, data, kind):
    original = _pdf() if kind == "pdf" else small_docx
    text = _decodes_or_says_why(lambda: read_document(_mutate(original, data.draw), f"letter.{kind}"),
                                DocumentError, EmptyTextError)
    assert text is None or isinstance(text, str)


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2", "0.5",
                                                         "50%", "video", "text", "audio", "nan", "1e309", ""]))


@HOSTILE
@given(header=st.lists(st.sampled_from(["candidate", "modality", "question", "happy", "sad", "openness", "x"]),
                       min_size=1, max_size=6), rows=st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=5))
def test_csv_import_all_or_nothing(tmp_path_factory, header, rows):
    import csv

    from mmer.store import ResultStore

    folder = tmp_path_factory.mktemp("csv")
    path = folder / "class.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    store = ResultStore(f"sqlite:///{folder / 'r.sqlite'}")
    try:
        added = store.import_csv(path)
    except DatasetError:
        assert store.count() == 0  # refused: nothing half-written
    else:
        assert added == len(rows) == store.count()
        for row in store.results():
            assert all(0 <= v <= 1 for v in row["scores"].values())
    finally:
        store.close()


@HOSTILE
@given(st.dictionaries(st.sampled_from(["kind", "frames", "windows", "duration", "traits", "words", "text"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=3)),
                       max_size=5))
def test_results_from_foreign_json_are_refused_plainly(data):
    import json

    from mmer.results import Result

    try:
        result = Result.from_json(json.dumps(data))
    except MMERError:
        return
    assert Result.from_json(result.to_json()) == result and isinstance(result.summary, dict)
