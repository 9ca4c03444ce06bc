# Every target sets itself up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_OUT := out
BENCH_STAMP := $(VENV)/.bench-stamp
BENCH_ARGS ?=

.PHONY: demo test lint bench clean help

help:
	@echo "make demo   set up, then run pm on the bundled sample data"
	@echo "make test   set up, then run the whole test suite"
	@echo "make lint   set up, then run ruff"
	@echo "make bench  set up (with DuckDB), then time pm against DuckDB at 1, 5 and 10 million records;"
	@echo "            writes benchmarks/RESULTS.md (BENCH_ARGS='--sizes 1m' for a quick run)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "pm needs Python 3.11 or newer on the PATH (python3.11, python3.12 or python3)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pm validate
	$(BIN)/pm test
	$(BIN)/pm list
	$(BIN)/pm compute sample_data --year 2021-22:2024-25 --output $(DEMO_OUT)/results.csv
	$(BIN)/pm compute sample_data --year 2023-24 --indicator PM18 --indicator PM24 --area Cardiff
	@echo "Results: $(DEMO_OUT)/results.csv (with its data-quality report and manifest beside it)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
