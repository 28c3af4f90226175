"""Every notebook runs top to bottom on tiny data, so a student never opens a broken one."""

import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from mmer.face.classifier import EmotionClassifier

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


#: Run after the dashboard notebook in the same kernel (never committed to it): analyse the files
#: named by the environment in each interview, as a user would, and print each interview's status
#: and summary as one JSON line.
DASHBOARD_PROBE = """
import json, os
for variable, interview in (("MMER_DEMO_VIDEO", app.video), ("MMER_DEMO_AUDIO", app.audio), ("MMER_DEMO_TEXT", app.text)):
    path = os.environ.get(variable)
    if not path:
        continue
    app.consent.value = True
    if interview is app.text:
        interview.text.value = open(path, encoding="utf-8").read()
        interview.analyse()
    else:
        with open(path, "rb") as f:
            interview.analyse_bytes(f.read(), os.path.basename(path))
    result = interview.last_result
    print(json.dumps({"interview": interview.kind, "status": interview.status_text,
                      "summary": None if result is None else result.summary}))
"""


def _run(name, env, timeout=600, then: str | None = None):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    if then:
        nb.cells.append(nbformat.v4.new_code_cell(then))
    old = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _outputs(nb):
    return "\n".join(
        out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    )


def test_dashboard_notebook_runs_headless(face_webm, speech_wav, tmp_path):
    """The Voilà notebook executes top to bottom (as on Binder), and each of its three interviews
    ends with "Done" and the result the API gives for the same input."""
    import mmer

    answer = tmp_path / "answer.txt"
    answer.write_text("I led a team of volunteers and we organised a festival together. " * 12)
    nb = _run("dashboard.ipynb", {"MMER_DEMO_VIDEO": face_webm, "MMER_DEMO_AUDIO": speech_wav, "MMER_DEMO_TEXT": answer},
              then=DASHBOARD_PROBE)
    views = [o for cell in nb.cells for o in cell.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the dashboard displays its widget"
    lines = [json.loads(line) for line in _outputs(nb).splitlines() if line.startswith('{"interview"')]
    by_kind = {line["interview"]: line for line in lines}
    assert sorted(by_kind) == ["audio", "text", "video"]
    expected = {  # the video and audio interviews read the whole answer
        "video": mmer.analyze_answer(face_webm, fast=True).summary,
        "audio": mmer.analyze_answer(speech_wav).summary,
        "text": mmer.analyze_text(answer.read_text()).summary,
    }
    for kind, line in by_kind.items():
        assert line["status"].startswith("Done in"), line["status"]
        assert line["summary"] == json.loads(json.dumps(expected[kind])), kind
    assert by_kind["video"]["summary"]["face_dominant_emotion"] == "happy"
    assert by_kind["audio"]["summary"]["voice_dominant_emotion"] is not None
    assert by_kind["text"]["summary"]["word_count"] == 144


def test_dashboard_notebook_reports_a_broken_recording(tmp_path, speech_wav):
    """A corrupt demo video must end in a plain error status, not in a silent pass."""
    broken = tmp_path / "broken.webm"
    broken.write_bytes(b"\x1aE\xdf\xa3 not really a recording")
    nb = _run("dashboard.ipynb", {"MMER_DEMO_VIDEO": broken}, then=DASHBOARD_PROBE)
    (line,) = [json.loads(x) for x in _outputs(nb).splitlines() if x.startswith('{"interview"')]
    assert line["interview"] == "video" and line["summary"] is None
    assert "not a video or audio file that can be read" in line["status"]


def _shipped_models():
    """Every file in models/ with its content hash: a notebook must never write there."""
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "models").iterdir())}


@pytest.fixture
def models_untouched():
    before = _shipped_models()
    yield
    assert _shipped_models() == before, "a notebook wrote into models/"


@pytest.mark.slow
def test_face_training_notebook_on_tiny_data(fer_dir, tmp_path, models_untouched):
    nb = _run(
        "01-face-training.ipynb",
        {"MMER_TRAIN": 1, "MMER_FER_DIR": fer_dir, "MMER_MAX_PER_CLASS": 12, "MMER_EPOCHS": 1,
         "MMER_BASELINE_EPOCHS": 1, "MMER_SECOND_STEPS": "3:1,2", "MMER_THIRD_STEPS": "3:1,2",
         "MMER_TRAIN_RUNS": tmp_path / "runs", "MMER_TRAIN_OUT": tmp_path},
    )
    # Runs B and C each stopped after 1 epoch of a 3-epoch plan, then were re-planned to end at
    # epoch 2. The model to ship is their average (both views) with int8 convolutions; the
    # average of runs A and B (run B on the mirror image) is for comparison.
    for run in ("b", "c"):
        assert len(json.loads((tmp_path / "runs" / run / "face_history.json").read_text())["loss"]) == 2
    trained = EmotionClassifier(tmp_path / "face_emotion.onnx")
    assert not trained.mirror_inside and (tmp_path / "runs" / "b+c.onnx").is_file()
    assert b"DequantizeLinear" in (tmp_path / "face_emotion.onnx").read_bytes()
    assert EmotionClassifier(tmp_path / "runs" / "a+b.onnx").mirror_inside
    text = _outputs(nb)
    assert "model evaluated: face_emotion.onnx, trained by this run" in text
    assert "HOG + SVM: accuracy" in text and "confusion matrix" in text
    assert "re-annealing" in text and "average of A (face) and B (mirror)" in text
    assert "int8 and float32 averages give the same class" in text and "int8 convolutions" in text


@pytest.mark.slow
def test_face_notebook_evaluates_the_shipped_model_without_training(fer_dir, tmp_path, models_untouched):
    from mmer.face.evaluate import evaluate_face, format_report

    nb = _run("01-face-training.ipynb", {"MMER_FER_DIR": fer_dir, "MMER_MAX_PER_CLASS": 12,
                                         "MMER_TRAIN_RUNS": tmp_path / "runs"})
    text = _outputs(nb)
    assert "model evaluated: face_emotion.onnx, shipped with MMER" in text
    # The shipped model's report on these images, as the API gives it, and nothing trained.
    assert format_report(evaluate_face(fer_dir / "val", max_per_class=12)) in text
    assert "plain CNN: not trained (TRAIN = False)" in text and not (tmp_path / "runs").exists()


@pytest.mark.slow
@pytest.mark.parametrize("train", [0, 1])
def test_text_training_notebook_on_tiny_data(tmp_path, train, models_untouched):
    from harness import make_first_impressions
    from mmer.text.evaluate import evaluate_bigfive, format_bigfive_report
    from mmer.text.data import load_first_impressions

    folder = make_first_impressions(tmp_path / "fi", clips_per_split=60)
    essays = tmp_path / "essays.csv"
    rows = [f'{i},"{"I went out with friends again" if i % 2 else "I stayed in my room and read"} today.",'
            + ",".join("yn"[int(not label)] for label in (i % 2, i % 3 == 0, i % 4 < 2, i < 6, i % 2 == 0))
            for i in range(12)]
    essays.write_text("#AUTHID,TEXT,cEXT,cNEU,cAGR,cCON,cOPN\n" + "\n".join(rows) + "\n")
    out = tmp_path / "runs"
    nb = _run(
        "03-text-training.ipynb",
        {"MMER_TRAIN": train, "MMER_FIRST_IMPRESSIONS": folder, "MMER_ESSAYS": essays, "MMER_CV_FOLDS": 3,
         "MMER_TRAIN_OUT": out},
    )
    text = _outputs(nb)
    assert "59 texts, 20 authors or videos (First Impressions validation)" in text
    assert (out / "bigfive_text.json").is_file() == bool(train)
    assert ("[this run]" in text) == bool(train) and "shared videos: 0" in text
    if not train:  # the report printed is the API's, for the shipped model on these files
        data = load_first_impressions(folder, "validation")
        assert "model evaluated: bigfive_text.json, shipped with MMER" in text
        assert format_bigfive_report(evaluate_bigfive(data)) in text
    assert "shipped model on 12 essays: mean accuracy" in text


@pytest.mark.slow
@pytest.mark.parametrize("train", [0, 1])
def test_voice_training_notebook_on_tiny_data(fake_corpora, tmp_path, train, models_untouched):
    from mmer.metrics import format_report
    from mmer.models import model_card_metrics

    nb = _run(
        "02-voice-training.ipynb",
        {"MMER_TRAIN": train, "MMER_EMODB_DIR": fake_corpora / "emodb", "MMER_TESS_DIR": fake_corpora / "tess",
         "MMER_RAVDESS_DIR": fake_corpora / "ravdess", "MMER_TRAIN_OUT": tmp_path},
    )
    assert (tmp_path / "voice_emotion.onnx").is_file() == bool(train)
    text = _outputs(nb)
    assert "56 clips (emodb: 24, ravdess: 16, tess: 16); 7 speakers" in text
    assert "(768 from Whisper, 377 acoustic)" in text and "chosen by the rule:" in text
    assert "confusion matrix" in text
    if train:
        assert "model trained by this run" in text and "== ravdess, leave one speaker out ==" in text
    else:  # the shipped model's recorded leave-one-speaker-out evaluation, as in its model card
        for corpus in ("ravdess", "emodb", "tess"):
            assert format_report(model_card_metrics("voice_emotion")[f"loso_{corpus}"]) in text