"""`mmer batch`: a class's folder analysed on Dask, one row per file, resumable, in path order;
run through a real scheduler and worker on 127.0.0.1, and imported into the store."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import mmer

from mmer.batch import analyze_file, analyze_folder, find_inputs
from mmer.errors import InvalidArgumentError
from mmer.examples import synthetic_speech, write_audio
from harness import free_port

pytest.importorskip("distributed")

LETTER = ("Dear hiring team, I have led volunteer teams for three years, organised a festival for the town library "
          "and learned to plan carefully, listen to everyone and stay calm when things go wrong.")


@pytest.fixture
def class_folder(tmp_path, face_webm):
    """Three candidates: a camera answer without sound, a voice answer, a letter, a broken file,
    and files the batch must leave alone."""
    root = tmp_path / "class"
    for name in ("ana", "ben", "chloe"):
        (root / name).mkdir(parents=True)
    shutil.copy(face_webm, root / "ana" / "answer.webm")
    write_audio(synthetic_speech(4.0, seed=7), root / "ben" / "answer.wav")
    (root / "chloe" / "letter.txt").write_text(LETTER)
    (root / "chloe" / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video")
    (root / "chloe" / "notes.csv").write_text("not analysed")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "old.webm").write_bytes(b"ignored")
    return root


def test_inputs_are_found_in_path_order(class_folder):
    found = [str(p.relative_to(class_folder)) for p in find_inputs(class_folder)]
    assert found == ["ana/answer.webm", "ben/answer.wav", "chloe/broken.mp4", "chloe/letter.txt"]
    with pytest.raises(InvalidArgumentError, match="not a folder"):
        find_inputs(class_folder / "ana" / "answer.webm")


def test_file_types_agree_with_the_readers():
    from mmer.batch import DOCUMENT_SUFFIXES, RECORDING_SUFFIXES
    from mmer.text.documents import SUPPORTED
    from mmer.voice.data import AUDIO_SUFFIXES

    assert DOCUMENT_SUFFIXES == set(SUPPORTED) and AUDIO_SUFFIXES <= RECORDING_SUFFIXES


def test_a_bad_file_is_a_row_with_its_error(class_folder):
    row = analyze_file(class_folder / "chloe" / "broken.mp4", root=class_folder)
    assert row["path"] == "chloe/broken.mp4" and row["result"] == ""
    assert row["error"].startswith("InvalidMediaError: 'broken.mp4' is not a video or audio file")


@pytest.fixture
def dask_cluster():
    """A real Dask scheduler and one worker process on 127.0.0.1, as on a class's cluster."""
    bin_dir = Path(sys.executable).parent
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1",
                               "--no-dashboard", "--host", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.slow
def test_batch_on_a_dask_cluster_resumes_and_imports(class_folder, dask_cluster, tmp_path):
    out = tmp_path / "results.parquet"
    table = analyze_folder(class_folder, out, scheduler=dask_cluster)
    assert list(table["path"]) == ["ana/answer.webm", "ben/answer.wav", "chloe/broken.mp4", "chloe/letter.txt"]
    assert list(table["kind"]) == ["video", "audio", "audio", "text"]
    assert list(table.columns[:4]) == ["path", "kind", "error", "seconds"] and table.columns[-1] == "result"
    errors = dict(zip(table["path"], table["error"]))
    assert errors["chloe/broken.mp4"].startswith("InvalidMediaError")
    assert not any(errors[p] for p in ("ana/answer.webm", "ben/answer.wav", "chloe/letter.txt"))
    rows = table.set_index("path")
    assert rows.loc["ana/answer.webm", "face_dominant_emotion"] == "happy"  # face only: no sound track
    # The same figures as analysing each file in this process (the cluster changes nothing).
    voice = json.loads(rows.loc["ben/answer.wav", "result"])
    assert rows.loc["ben/answer.wav", "voice_dominant_emotion"] == voice["audio"]["summary"]["dominant_emotion"]
    letter = mmer.analyze_text(class_folder / "chloe" / "letter.txt")
    assert json.loads(rows.loc["chloe/letter.txt", "result"])["kind"] == "text"
    assert rows.loc["chloe/letter.txt", "traits_openness"] == pytest.approx(letter.traits["openness"], abs=1e-4)
    assert pd.read_parquet(out).equals(table) and not (tmp_path / "results.parquet.partial.jsonl").exists()

    # The broken file is mended: a second run analyses it and keeps every other row as it was.
    (class_folder / "chloe" / "broken.mp4").unlink()
    write_audio(synthetic_speech(3.0, seed=8), class_folder / "chloe" / "broken.mp4")
    again = analyze_folder(class_folder, out, scheduler=dask_cluster)
    assert list(again["path"]) == list(table["path"]) and not any(again["error"])
    kept = again.set_index("path").drop(index="chloe/broken.mp4")
    assert list(kept["seconds"]) == list(rows.drop(index="chloe/broken.mp4")["seconds"])  # not analysed again

    from mmer.store import ResultStore

    store = ResultStore(f"sqlite:///{tmp_path / 'class.sqlite'}")
    added = store.import_batch(out)
    stored = store.results()
    # ana: face + delivery; ben and the mended file: voice + words + delivery (espeak-free synthetic
    # voices may give no words); chloe's letter: traits. One candidate per file.
    assert added == len(stored) and len({r["session_id"] for r in stored}) == 4
    assert {r["modality"] for r in stored} >= {"video", "audio", "text", "answer"}
    assert store.others("video")["headline"] == "happy"


@pytest.mark.slow
def test_cli_batch_on_a_local_cluster(class_folder, tmp_path):
    (class_folder / "ana" / "answer.webm").unlink()
    (class_folder / "ben" / "answer.wav").unlink()
    out = tmp_path / "letters.parquet"
    done = subprocess.run([sys.executable, "-m", "mmer", "batch", str(class_folder), "--out", str(out), "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 files in" in done.stdout and "1 analysed, 1 failed" in done.stdout and "chloe/broken.mp4: " in done.stdout
    assert list(pd.read_parquet(out)["path"]) == ["chloe/broken.mp4", "chloe/letter.txt"]
    wrong = subprocess.run([sys.executable, "-m", "mmer", "batch", str(class_folder), "--out", str(tmp_path / "x.csv")],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "must be a .parquet file" in wrong.stderr
