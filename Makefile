# Two commands on a fresh machine with Python 3.11:  make dashboard  |  make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# What is installed: the dashboard needs the core and the `app` extra only (no TensorFlow);
# the tests need everything (`dev` = app + train + postgres + test tools).
APP_STAMP := $(VENV)/.mmer-app
ALL_STAMP := $(VENV)/.mmer-all
PORT ?= 8866

export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: setup dashboard test check lab benchmark evaluate screenshots clean

setup: $(ALL_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Each re-installs when pyproject.toml changes (a new dependency), otherwise instant.
$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[app]"
	touch $@

$(ALL_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(APP_STAMP)

dashboard: $(APP_STAMP)
	@ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || echo "note: PDF reports need Pango \
	(Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0); HTML reports work without it."
	$(BIN)/voila notebooks/dashboard.ipynb --port=$(PORT) --no-browser

lab: $(ALL_STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --config=jupyter_server_config.json

# configurable-http-proxy for the JupyterHub tests (tests/test_hub_live.py), from npm where node is
# installed (skipped with a note where it is not: those tests then say so).
CHP := .cache/node/node_modules/.bin/configurable-http-proxy
$(CHP):
	@command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix .cache/node \
		configurable-http-proxy@5.3.0 || echo "note: npm not found; the JupyterHub tests will be skipped"

test: $(ALL_STAMP) $(CHP)
	$(BIN)/python -m pytest -ra

# The everyday lane: every module, without what trains, builds a wheel, drives a browser, runs a
# notebook or a benchmark (marked `slow`; `make test` runs those too). Under 3 minutes on 2 cores.
check: $(ALL_STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The README's screenshots, taken by the browser tests (so they show the app as it is).
screenshots: $(ALL_STAMP)
	MMER_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py -k "answer or mock_interview"

benchmark: $(ALL_STAMP)
	$(BIN)/python benchmarks/bench_video.py

evaluate: $(ALL_STAMP)
	$(BIN)/mmer evaluate face --data ../shared/data/fer2013/val
	$(BIN)/python benchmarks/evaluate_text.py

clean:
	rm -rf $(VENV) .cache .pytest_cache
