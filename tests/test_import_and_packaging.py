"""Fast, light imports; the project files agree with each other."""

import json
import re
import subprocess
import sys
import tomllib

from conftest import ROOT


def _python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout


def test_import_mmer_is_fast_and_light():
    out = _python(
        "import time, sys; t = time.perf_counter(); import mmer; dt = time.perf_counter() - t;"
        "heavy = [m for m in ('tensorflow', 'keras', 'cv2', 'onnxruntime', 'av', 'pandas', 'sklearn') if m in sys.modules];"
        "print(dt, heavy)"
    )
    seconds, heavy = out.split(" ", 1)
    assert float(seconds) < 0.5, f"import mmer took {seconds} s"
    assert heavy.strip() == "[]"


def test_analysis_does_not_need_tensorflow(face_webm):
    out = _python(
        f"import sys, mmer; mmer.analyze_video({str(face_webm)!r}, every=5);"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    assert out.split() == ["False", "False"]


def _requirement_names(reqs):
    return sorted(re.split(r"[<>=!\[ ]", r, maxsplit=1)[0].lower() for r in reqs)


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = sorted(project["dependencies"] + project["optional-dependencies"]["dev"])
    text = (ROOT / "environment.yml").read_text()
    pip_section = text.split("- pip:", 1)[1]
    listed = sorted(re.findall(r'^\s+- "?([^"\n]+)"?$', pip_section, flags=re.M))
    assert listed == wanted, "environment.yml and pyproject.toml list different packages or ranges"
    assert "python=3.11" in text


def test_voila_and_server_accept_large_recordings():
    voila = json.loads((ROOT / "voila.json").read_text())
    server = json.loads((ROOT / "jupyter_server_config.json").read_text())
    forty_five_seconds_of_webcam = 30 * 2**20  # ~2.5 Mb/s VP8 for 45 s is ~14 MiB; keep headroom
    assert voila["Voila"]["tornado_settings"]["websocket_max_message_size"] >= forty_five_seconds_of_webcam
    assert server["ServerApp"]["tornado_settings"]["websocket_max_message_size"] >= forty_five_seconds_of_webcam


def test_readme_quickstart_is_two_make_commands():
    readme = (ROOT / "README.md").read_text()
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \S+)\s*$", quickstart, flags=re.M)
    assert commands == ["make dashboard", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^dashboard:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_shipped_models_are_small_and_documented():
    models = ROOT / "models"
    for onnx in models.glob("*.onnx"):
        assert onnx.stat().st_size < 8 * 2**20, f"{onnx.name} is too large to ship"
    for card in ("face_emotion.md", "voice_emotion.md", "bigfive_text.md", "README.md"):
        assert (models / card).is_file(), card
    voice = json.loads((models / "voice_emotion.metrics.json").read_text())["loso_emodb"]
    assert {"accuracy", "balanced_accuracy", "n", "confusion_matrix"} <= set(voice)
    metrics = json.loads((models / "face_emotion.metrics.json").read_text())
    assert {"accuracy", "balanced_accuracy", "n"} <= set(metrics)


def test_binder_configuration():
    """What Binder needs, checked here since Binder itself cannot run in the tests."""
    import os
    import subprocess

    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"] and "python=3.11" in env["dependencies"]
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert subprocess.run(["bash", "-n", str(post_build)]).returncode == 0
    assert "jupyter_server_config.json" in post_build.read_text()
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/v2/gh/" in readme and "urlpath=voila%2Frender%2Fnotebooks%2Fdashboard.ipynb" in readme
