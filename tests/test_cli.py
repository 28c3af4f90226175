"""The `mmer` command line, run as a separate process like a user would."""

import json

import numpy as np
import pytest

from conftest import run_cli


def test_help():
    out = run_cli("--help")
    assert out.returncode == 0 and "analyze" in out.stdout and "evaluate" in out.stdout
    out = run_cli("analyze", "video", "--help")
    assert out.returncode == 0 and "--every" in out.stdout


def test_analyze_video_text_and_json(face_webm):
    out = run_cli("analyze", "video", face_webm, "--every", "4")
    assert out.returncode == 0, out.stderr
    assert "Dominant emotion: happy" in out.stdout
    out = run_cli("analyze", "video", face_webm, "--json")
    data = json.loads(out.stdout)
    assert data["summary"]["frames_analysed"] == 20 and len(data["frames"]) == 20


def test_analyze_bad_input_exits_with_a_message(tmp_path):
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"%PDF-1.4 not a video")
    out = run_cli("analyze", "video", bad)
    assert out.returncode == 2
    assert out.stderr.startswith("mmer: error:") and "Traceback" not in out.stderr
    out = run_cli("analyze", "video", tmp_path / "missing.webm")
    assert out.returncode == 2 and "does not exist" in out.stderr


def test_evaluate_face_on_image_folders(tiny_fer):
    out = run_cli("evaluate", "face", "--data", tiny_fer, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["n"] == 42
    # The same figure as the classifier's own answers on the same images, counted here.
    from mmer.face.classifier import EmotionClassifier
    from mmer.face.data import load_fer

    faces, labels = load_fer(tiny_fer)
    right = int((EmotionClassifier().predict_proba(faces).argmax(axis=1) == labels).sum())
    assert report["accuracy"] == pytest.approx(right / 42)
    assert report["balanced_accuracy"] == pytest.approx(right / 42)  # 6 images per class
    assert np.array(report["confusion_matrix"]).sum() == 42 and np.trace(report["confusion_matrix"]) == right
    out = run_cli("evaluate", "face", "--data", tiny_fer)
    assert "confusion matrix" in out.stdout


def test_evaluate_face_on_fer2013_csv(tmp_path, tiny_fer):
    """The original CSV format: only the non-Training rows are scored by default."""
    import cv2

    from mmer.labels import EMOTIONS

    lines = ["emotion,pixels,Usage"]
    for name in EMOTIONS:
        for i, f in enumerate(sorted((tiny_fer / name).iterdir())):
            pixels = " ".join(map(str, cv2.imread(str(f), cv2.IMREAD_GRAYSCALE).ravel()))
            usage = "Training" if i < 2 else ("PublicTest" if i < 4 else "PrivateTest")
            lines.append(f"{EMOTIONS.index(name)},{pixels},{usage}")
    csv_path = tmp_path / "fer2013.csv"
    csv_path.write_text("\n".join(lines) + "\n")
    out = run_cli("evaluate", "face", "--data", csv_path, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["n"] == 28
    out = run_cli("evaluate", "face", "--data", csv_path, "--split", "PublicTest", "--json")
    assert json.loads(out.stdout.splitlines()[-1])["n"] == 14


def test_evaluate_face_bad_data(tmp_path):
    out = run_cli("evaluate", "face", "--data", tmp_path)
    assert out.returncode == 2 and "class folders" in out.stderr


def test_analyze_audio_text_json_and_errors(speech_wav, tmp_path, face_webm):
    out = run_cli("analyze", "audio", speech_wav)
    assert out.returncode == 0, out.stderr
    assert "Dominant emotion:" in out.stdout and "1 silent" in out.stdout
    out = run_cli("analyze", "audio", speech_wav, "--json", "--window", "2", "--hop", "2")
    data = json.loads(out.stdout)
    assert data["kind"] == "audio" and [w["start"] for w in data["windows"]] == [0, 2, 4, 6]
    from mmer.examples import write_audio

    silent = write_audio(np.zeros(3 * 16000, np.float32), tmp_path / "silence.wav")
    out = run_cli("analyze", "audio", silent)
    assert out.returncode == 2 and "no speech" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("analyze", "audio", face_webm)
    assert out.returncode == 2 and "no audio track" in out.stderr


def test_evaluate_voice_json_last_line(fake_corpora):
    out = run_cli("evaluate", "voice", "--data", fake_corpora / "emodb", "--data", fake_corpora / "tess", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["n"] == 40 and report["skipped"] == 1
    assert {"accuracy", "balanced_accuracy", "confusion_matrix", "by_corpus", "per_speaker"} <= set(report)
    assert set(report["by_corpus"]) == {"emodb", "tess"} and len(report["per_speaker"]) == 5
    out = run_cli("evaluate", "voice", "--data", fake_corpora / "emodb", "--data", fake_corpora / "ravdess")
    assert out.returncode == 0 and "skipped 1 clips" in out.stdout and "balanced accuracy" in out.stdout
    assert "  ravdess  accuracy" in out.stdout and "by speaker: emodb-03 " in out.stdout and "ravdess-02 " in out.stdout


def test_store_import_stats_export(tmp_path):
    url = f"sqlite:///{tmp_path / 'class.sqlite'}"
    csv_path = tmp_path / "class.csv"
    csv_path.write_text("candidate,modality,happy,neutral\nana,video,0.6,0.4\nben,video,0.2,0.8\n")
    out = run_cli("store", "stats", "--url", url)
    assert out.returncode == 0 and "video: no results yet" in out.stdout
    out = run_cli("store", "import", csv_path, "--url", url)
    assert out.returncode == 0 and "imported 2 results" in out.stdout, out.stderr
    out = run_cli("store", "stats", "--url", url)
    assert "video: 2 results from 2 candidates" in out.stdout and "happy 40%" in out.stdout
    from mmer.examples import example_answer
    from mmer.store import ResultStore

    answer = example_answer(20.0)
    ResultStore(url).add_answer("s1", answer)
    out = run_cli("store", "stats", "--url", url)  # an answer's delivery measures, beside the modalities
    assert f"answer: 1 results from 1 candidates; means: words_per_minute {answer.words_per_minute:.1f}" in out.stdout
    assert "video: 3 results from 3 candidates" in out.stdout
    out = run_cli("store", "import", tmp_path / "missing.csv", "--url", url)
    assert out.returncode == 2 and "does not exist" in out.stderr
    out = run_cli("store", "import", "--url", url)
    assert out.returncode == 2 and "mmer store import needs a file" in out.stderr


def test_train_face_ensemble(tmp_path):
    from mmer.models import FACE_EMOTION_FILE, model_path

    shipped = model_path(FACE_EMOTION_FILE)
    out = run_cli("train", "face-ensemble", shipped, shipped, "--out", tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "face_emotion.onnx").is_file() and "mean of 2 models" in out.stdout
    out = run_cli("train", "face-ensemble", shipped, tmp_path / "missing.onnx", "--out", tmp_path / "x")
    assert out.returncode == 2 and "not a readable ONNX model" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("train", "face", "--data", tmp_path, "--epochs-this-run", "0")
    assert out.returncode == 2 and "must be 1 or more" in out.stderr


def test_train_face_int8(tmp_path, tiny_fer):
    from harness import tiny_face_cnn

    model = tiny_face_cnn(tmp_path / "cnn.onnx", seed=1)
    # tiny_fer is <root>/val: calibrate on it here (a real run calibrates on the training split).
    out = run_cli("train", "face-int8", model, "--data", tiny_fer.parent, "--split", "val",
                  "--calibration-per-class", "5", "--out", tmp_path / "q")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "q" / "face_emotion.onnx").is_file() and "same class as" in out.stdout
    out = run_cli("train", "face-int8", tmp_path / "q" / "face_emotion.onnx", "--data", tiny_fer.parent,
                  "--split", "val", "--out", tmp_path / "again")
    assert out.returncode == 2 and "already int8" in out.stderr and "Traceback" not in out.stderr


def test_analyze_image_and_fast_video(astronaut_png, face_webm):
    out = run_cli("analyze", "image", astronaut_png, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["dominant_emotion"] == "happy"
    out = run_cli("analyze", "video", astronaut_png)
    assert out.returncode == 2 and "is a photo, not a video" in out.stderr
    out = run_cli("analyze", "video", face_webm, "--fast", "--json")
    assert [f["time"] for f in json.loads(out.stdout)["frames"]] == [0.0, 0.5, 1.0, 1.5]


def test_real_bugs_are_not_reported_as_user_errors(monkeypatch, capsys):
    """Only MMERError is a user's error; anything else is a bug and must show as one."""
    import pytest

    import mmer
    from mmer.cli import main

    def broken(*args, **kwargs):
        raise ValueError("a bug in the analysis")

    monkeypatch.setattr(mmer, "analyze_text", broken)
    with pytest.raises(ValueError, match="a bug"):
        main(["analyze", "text", "--text", "I led a team"])

    def user_error(*args, **kwargs):
        raise mmer.EmptyTextError("there is no text to analyse")

    monkeypatch.setattr(mmer, "analyze_text", user_error)
    assert main(["analyze", "text", "--text", "  "]) == 2
    assert capsys.readouterr().err == "mmer: error: there is no text to analyse\n"
