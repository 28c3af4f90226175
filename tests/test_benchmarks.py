"""Every script in benchmarks/ runs at its smallest setting, so a benchmark that breaks fails the
suite (the figures themselves are measured by running the scripts, not asserted here)."""

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng (Debian) not installed")

BENCHMARKS = ROOT / "benchmarks"
DATA = ROOT.parent / "shared" / "data"
BROWSER = pytest.mark.skipif(shutil.which("chromedriver") is None,
                             reason="headless Chromium and chromedriver are needed (Debian chromium chromium-driver)")

pytestmark = pytest.mark.slow


def run(script, *args, timeout=900):
    """Run ``benchmarks/script`` as a user would; returns its output (fails with it on error)."""
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_every_benchmark_has_a_smoke_run():
    tested = (ROOT / "tests" / "test_benchmarks.py").read_text()
    for script in BENCHMARKS.glob("*.py"):
        assert f'"{script.name}"' in tested, f"{script.name} has no smoke run here"


def test_make_clip_and_bench_video(tmp_path):
    run("make_clip.py", "--seconds", 2, "--out", tmp_path / "clip.webm")
    out = run("bench_video.py", "--clip", tmp_path / "clip.webm", "--repeat", 1)
    assert "median" in out


def test_bench_audio(tmp_path):
    assert "analysis after loading" in run("bench_audio.py", "--seconds", 3, "--repeat", 1, "--clip", tmp_path / "a.webm")


@needs_espeak
def test_bench_answer():
    out = run("bench_answer.py", "--seconds", 4, "--repeats", 1)
    assert "whole answer in this process, --fast" in out and "transcript (" in out


def test_bench_report():
    assert "PDF in a warm process" in run("bench_report.py", "--questions", 3, "--repeat", 1)


@needs_espeak
def test_bench_batch():
    assert "files per minute" in run("bench_batch.py", "--answers", 2, "--workers", 1, "--fast")


@BROWSER
@needs_espeak
def test_bench_dashboard():
    from harness import ResourceLimit

    limit = ["--limit", 1, 2] if ResourceLimit.available() else []  # as on Binder, where the machine allows
    out = run("bench_dashboard.py", "--seconds", 6, "--repeat", 1, "--pause-seconds", 0.7, *limit)
    assert "every result after Stop" in out and "live cues: first shown" in out, out
    assert not limit or "processes killed for memory: 0" in out, out


@BROWSER
@needs_espeak
def test_load_test_with_one_candidate():
    """The load test drives today's views (it once waited for a screen the app no longer has)."""
    out = run("load_test.py", "--candidates", 1, "--seconds", 6)
    assert "| 1 | " in out and "yes (5 rows)" in out, out


@BROWSER
@needs_espeak
def test_load_test_of_a_course_hub_with_one_student():
    pytest.importorskip("jupyterhub")
    from harness import postgres_binaries, proxy_command

    if proxy_command() is None or postgres_binaries() is None:
        pytest.skip("configurable-http-proxy (npm) and PostgreSQL are needed")
    out = run("load_test_hub.py", "--candidates", 1, "--seconds", 6)
    assert "| 1 | " in out and "yes (4 rows)" in out, out


@pytest.mark.skipif(not (DATA / "ravdess").is_dir(), reason="RAVDESS not found in ../shared/data")
def test_evaluate_speech():
    assert "word error rate" in run("evaluate_speech.py", "--per-actor", 1, "--long-answers", 1)


@pytest.mark.skipif(not (DATA / "firstimpressions").is_dir(), reason="First Impressions not found in ../shared/data")
def test_evaluate_text():
    assert "validation" in run("evaluate_text.py")


@pytest.mark.skipif(not (DATA / "emodb").is_dir(), reason="the voice corpora are not in ../shared/data")
def test_compare_voice(tmp_path):
    out = run("compare_voice.py", "--max-per-class", 1, "--workers", 1, "--cache", tmp_path,
              "--only", "Whisper encoder + logistic regression")
    assert "Whisper encoder + logistic regression: {" in out


def test_evaluate_content(tmp_path):
    """On a made-up First Impressions folder (the real one gives the README's figures)."""
    from harness import make_first_impressions

    folder = make_first_impressions(tmp_path / "fi", clips_per_split=30)
    out = run("evaluate_content.py", "--data", folder, "--resamples", 20, "--out", tmp_path / "content.json")
    assert "a 300-word answer:" in out and "rho with 'interview'" in out
    assert (tmp_path / "content.json").is_file()
