"""Fast, light imports; the project files agree with each other."""

import json
import os
import re
import subprocess
import sys
import tomllib

import pytest

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


def test_analysis_does_not_need_tensorflow_or_change_the_process(face_webm, speech_wav):
    """An analysis imports no training library and leaves no process-wide trace: OpenCV's thread
    count, the environment, loggers and warning filters are as they were. (The libraries it uses
    are imported first: what they change on import is theirs, not mmer's.)"""
    out = _python(
        "import logging, os, sys, warnings, cv2, av, onnxruntime, librosa, numba, sklearn, pandas, pypdf, docx;"
        "threads = cv2.getNumThreads(); env = dict(os.environ);"
        "filters = list(warnings.filters); levels = {n: logging.getLogger(n).level for n in ('pypdf', 'numba')};"
        "import mmer;"
        f"mmer.analyze_video({str(face_webm)!r}, every=5); mmer.analyze_audio({str(speech_wav)!r});"
        "mmer.analyze_text('I led a team of volunteers. ' * 30);"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules, cv2.getNumThreads() == threads,"
        " dict(os.environ) == env, list(warnings.filters) == filters,"
        " {n: logging.getLogger(n).level for n in levels} == levels)"
    )
    assert out.split() == ["False", "False", "True", "True", "True", "True"]


def _requirement_names(reqs):
    return sorted(re.split(r"[<>=!\[ ]", r, maxsplit=1)[0].lower() for r in reqs)


def test_dependencies_are_split_into_extras():
    """The core is what `mmer analyze` needs: no training or Jupyter package in it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = _requirement_names(project["dependencies"])
    extras = project["optional-dependencies"]
    for training_only in ("tensorflow-cpu", "keras", "tf2onnx", "skl2onnx", "scikit-image", "matplotlib", "jupyterlab"):
        assert training_only not in core and training_only in _requirement_names(extras["train"])
    for app_only in ("voila", "ipywidgets", "ipywebrtc", "bqplot"):
        assert app_only not in core and app_only in _requirement_names(extras["app"])
    assert "psycopg" in _requirement_names(extras["postgres"]) and "psycopg" not in core
    assert "dask" in _requirement_names(extras["batch"]) and "dask" not in core
    # Voila runs the dashboard in a kernel it does not install itself (a fresh `make dashboard`
    # served "No Jupyter kernel for language 'python'" without it).
    assert {"voila", "ipykernel"} <= set(_requirement_names(extras["app"]))
    assert "mmer[app,train,postgres,batch,report,hub]" in extras["dev"]
    assert "jupyterhub" in _requirement_names(extras["hub"]) and "jupyterhub" not in core
    # The dashboard's report button and `mmer report` (HTML and PDF).
    assert {"weasyprint", "matplotlib"} <= set(_requirement_names(extras["app"])) & set(_requirement_names(extras["report"]))
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r'pip install --quiet -e "\.\[app\]"', makefile)  # make dashboard: core + app only
    assert re.search(r'pip install --quiet -e "\.\[dev\]"', makefile)  # make test: everything


def test_environment_yml_matches_pyproject():
    """Binder installs what the dashboard and the training notebooks need: core + app + train."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = sorted(set(project["dependencies"] + extras["app"] + extras["train"]))
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
    # WeasyPrint (PDF reports) loads the system's Pango: Binder installs it from apt.txt.
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= set((ROOT / "apt.txt").read_text().split())
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/v2/gh/" in readme and "urlpath=voila%2Frender%2Fnotebooks%2Fdashboard.ipynb" in readme


@pytest.mark.slow
def test_built_wheel_installs_and_analyses_outside_the_repository(tmp_path, face_webm, speech_wav):
    """`pip install mmer-*.whl` without the train extra, in a fresh virtual environment, run from
    another folder: the models come with the wheel and the three analyses give the same results
    as in the repository, without TensorFlow and without a top-level `widgets` package."""
    import mmer

    wheels = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = wheels.glob("mmer-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python, mmer_command = venv / "bin" / "python", venv / "bin" / "mmer"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answer = elsewhere / "answer.txt"
    answer.write_text("I led a team of volunteers and we organised a festival together. " * 12)

    # A bare environment, except what picks the numerical kernels: OPENBLAS_CORETYPE (set on some
    # machines) changes the voice model's probabilities in the third decimal.
    kernels = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "MKL_"))}

    def analyze(kind, path):
        out = subprocess.run([str(mmer_command), "analyze", kind, str(path), "--json"], cwd=elsewhere,
                             capture_output=True, text=True, timeout=300,
                             env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **kernels})
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert analyze("video", face_webm)["summary"] == mmer.analyze_video(face_webm).summary
    assert analyze("audio", speech_wav)["summary"] == mmer.analyze_audio(speech_wav).summary
    assert analyze("text", answer)["summary"] == mmer.analyze_text(answer).summary
    assert analyze("answer", speech_wav)["summary"] == mmer.analyze_answer(speech_wav).summary  # Whisper's weights too
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u, mmer, mmer.config as c; d = c.models_dir();"
         "print(u.find_spec('tensorflow') is None, u.find_spec('widgets') is None, u.find_spec('mmer.widgets.app') is not None,"
         " d.is_relative_to(mmer.__path__[0]), (d / 'face_emotion.md').is_file(), u.find_spec('mmer.testing') is None,"
         " u.find_spec('harness') is None, mmer.__version__ == __import__('importlib.metadata').metadata.version('mmer'))"],
        cwd=elsewhere, capture_output=True, text=True, timeout=120, check=True,
    )
    assert probe.stdout.split() == ["True"] * 8  # no test harness installed; one version string


def test_every_subpackage_goes_into_the_wheel():
    """setuptools is given an explicit package list (for the widgets/ and models/ mapping): a new
    sub-package missing from it would be left out of the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mmer").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"


def test_dockerfile_installs_what_the_dashboard_needs():
    """No Docker engine runs here: check what the recipe installs and copies against the project."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    installed = re.search(r'pip install "\.\[([a-z,]+)\]"', dockerfile).group(1).split(",")
    assert set(installed) == {"app", "postgres"} and set(installed) <= set(extras)
    for needed in ("mmer", "widgets", "models", "voila.json", "notebooks/dashboard.ipynb"):
        assert f"COPY --chown=mmer {needed} " in dockerfile, needed
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not {"mmer", "widgets", "models", "notebooks"} & set(ignored) and ".venv" in ignored
    assert "--Voila.ip=0.0.0.0" in dockerfile and "cull_idle_timeout" in dockerfile
    assert re.search(r"FROM python:3\.11", dockerfile) and "USER mmer" in dockerfile


#: The training code: what trains, compares or converts models (TensorFlow, Keras, the 2019
#: baselines, ensembles, quantization). Analysis, evaluation, the store, reports and the app never
#: import it; the CLI's `mmer train` commands do, when they run.
TRAINING_MODULES = {"mmer.face.train", "mmer.face.baselines", "mmer.face.ensemble", "mmer.face.quantize",
                    "mmer.voice.train", "mmer.text.baselines"}


def _imports_of(path, package):
    """The mmer modules a source file imports (absolute and relative, at any depth)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("mmer")}


def test_analysis_never_imports_the_training_code():
    """Training code is apart from what analysis imports: no module outside the training set
    imports one of it (the CLI's train commands import it inside their handlers)."""
    for module in TRAINING_MODULES:
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), module
    offenders = []
    for path in sorted((ROOT / "mmer").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if name in TRAINING_MODULES or name == "mmer.cli" or "widgets" in name:
            continue
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        package = package.removesuffix(".__init__")
        bad = _imports_of(path, package) & TRAINING_MODULES
        offenders += [f"{name} imports {sorted(bad)}"] if bad else []
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        bad = _imports_of(path, "mmer.widgets") & TRAINING_MODULES
        offenders += [f"widgets/{path.name} imports {sorted(bad)}"] if bad else []
    assert offenders == []
