# SAKIP Assistant. Two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Migrate, load the Banten demo into an empty database, and serve (SQLite by default; DATABASE_URL for PostgreSQL).
run: $(STAMP)
	$(BIN)/sakip db upgrade
	$(BIN)/sakip demo --jika-kosong
	$(BIN)/sakip run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## Lint, type-check and the whole test suite (SQLite always; PostgreSQL when SAKIP_TEST_DATABASE_URL is set).
## Debian's chromium is installed for the browser tests when missing (without apt rights they are skipped).
test: lint typecheck
	bash scripts/pasang-chromium.sh || echo "chromium tidak terpasang: uji peramban dilewati" >&2
	$(BIN)/pytest -q

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

bench: $(STAMP)
	$(BIN)/python bench/rollup.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/bot_latency.py
	$(BIN)/python bench/broadcast.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
