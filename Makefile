# Two set-up commands on a fresh machine: `make run` and `make test` (see README.md).
# Everything installs from the hash-pinned lock files in requirements/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test fmt lock install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.main: $(BIN)/python requirements/main.lock requirements/build.lock pyproject.toml
	$(BIN)/pip install -q --require-hashes -r requirements/build.lock
	$(BIN)/pip install -q --require-hashes -r requirements/main.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.main requirements/dev.lock
	$(BIN)/pip install -q --require-hashes -r requirements/dev.lock
	@touch $@

AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.main
install-dev: $(VENV)/.dev

## run: install, migrate the embedded SQLite database, load demo data, start the main job
run: $(VENV)/.main
	$(BIN)/vigil db upgrade
	$(BIN)/vigil db load-demo
	$(BIN)/vigil serve --demo --host $(HOST) --port $(PORT)

## test: lint, format check, strict type check, whole test suite
test: $(VENV)/.dev
	bash scripts/system-deps.sh
	$(MAKE) $(AXE)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest
	# The database-backed tests again, on a real PostgreSQL server.
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -q tests/store tests/web

## fmt: fix what ruff can fix and format the code
fmt: $(VENV)/.dev
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## lock: re-pin every dependency (needs uv; run after editing pyproject.toml)
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/main.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements/dev.lock
	uv pip compile requirements/build.in --generate-hashes --python-version 3.11 -o requirements/build.lock

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .hypothesis
