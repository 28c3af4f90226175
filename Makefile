# Two commands on a fresh machine with Python 3.11:  make dashboard  |  make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mmer-installed
PORT ?= 8866

export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: setup dashboard test lab benchmark evaluate clean

setup: $(STAMP)

# Re-installs when pyproject.toml changes (new dependency), otherwise instant.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

dashboard: setup
	$(BIN)/voila notebooks/dashboard.ipynb --port=$(PORT) --no-browser

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --config=jupyter_server_config.json

test: setup
	$(BIN)/python -m pytest -ra

benchmark: setup
	$(BIN)/python benchmarks/bench_video.py

evaluate: setup
	$(BIN)/mmer evaluate face --data ../shared/data/fer2013/val

clean:
	rm -rf $(VENV) .cache .pytest_cache
