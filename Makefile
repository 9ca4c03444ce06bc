# Every target sets itself up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_OUT := out
BENCH_STAMP := $(VENV)/.bench-stamp
BENCH_ARGS ?=

.PHONY: demo test lint fuzz bench catalogue clean help

help:
	@echo "make demo   set up, then run pm as a council would: Cardiff's own extracts (from the sample data) and published figures"
	@echo "make test   set up, then run the whole test suite"
	@echo "make lint   set up, then run ruff"
	@echo "make fuzz   set up, then feed 10,000 random inputs per target to the CSV reader and the rule parser (not part of CI)"
	@echo "make catalogue  bring locales/ (the words of reports, in English and Welsh) up to date with the code"
	@echo "make bench  set up (with DuckDB), then time pm against DuckDB at 1, 5 and 10 million records:"
	@echo "            the own reference and the workspace's yardstick (../shared/perf, or"
	@echo "            BENCH_ARGS='--yardstick DIR'); writes benchmarks/RESULTS.md (BENCH_ARGS='--sizes 1m' for a quick run)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "pm needs Python 3.11 or newer on the PATH (python3.11, python3.12 or python3)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The demo follows a council analyst: Cardiff's own extracts (Cardiff's rows of the sample
# data), benchmarked against the published figures of the other councils and Wales that the
# sample workspace names in its pm.yaml (synthetic, see sample_workspace/published/).
demo: $(STAMP)
	$(BIN)/pm validate
	$(BIN)/pm test
	$(BIN)/pm list
	$(BIN)/pm sample-data $(DEMO_OUT)/cardiff-extracts --scale 0.04 --council Cardiff
	$(BIN)/pm --workspace sample_workspace compute $(DEMO_OUT)/cardiff-extracts --year 2019-20:2024-25 --compare --output $(DEMO_OUT)/results.csv
	$(BIN)/pm --workspace sample_workspace plan --results $(DEMO_OUT)/results.csv --as-of 2024-12-31
	$(BIN)/pm --workspace sample_workspace compute $(DEMO_OUT)/cardiff-extracts --year 2023-24:2024-25 --indicator PM18 --indicator PM24 --area Cardiff --compare
	@echo "Results: $(DEMO_OUT)/results.csv (with its data-quality report and manifest beside it)"
	$(BIN)/pm --workspace sample_workspace report $(DEMO_OUT)/results.csv --template annual_report --year 2024-25 --output $(DEMO_OUT)/annual-report-cardiff.html
	@echo "Annual report for Cardiff, in Welsh then English (the sample pm.yaml says language: both): $(DEMO_OUT)/annual-report-cardiff.html (open it in a browser; it prints on A4)"
	$(BIN)/pm --workspace sample_workspace report $(DEMO_OUT)/results.csv --template directors_report --year 2024-25 --output $(DEMO_OUT)/directors-report-cardiff.html
	@echo "Director's annual report, in the prescribed form: $(DEMO_OUT)/directors-report-cardiff.html"
	$(BIN)/pm --workspace sample_workspace return $(DEMO_OUT)/cardiff-extracts --framework wales-2020 --year 2024-25 --output $(DEMO_OUT)/return-cardiff-2024-25.xlsx
	@echo "Data return of Cardiff for 2024-25 (wales-2020): $(DEMO_OUT)/return-cardiff-2024-25.xlsx"

test: $(STAMP)
	.ci/ensure-chromium
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

# Fuzzing run (issue 8): the property tests of tests/test_robustness_fuzz.py with many more
# examples; FUZZ_EXAMPLES=50000 make fuzz runs longer.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	PM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/test_robustness_fuzz.py --hypothesis-show-statistics

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache

# The message catalogues (issue 19): locales/pm.pot from the code and templates, merged into
# each language's catalogue; new words appear untranslated for the translator to fill in.
catalogue: $(STAMP)
	$(BIN)/python -m pm.i18n.extract
