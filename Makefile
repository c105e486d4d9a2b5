# hoptac — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps lint typecheck check-migrations screenshots bench-national clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Debian packages some tests and features use: Chromium (browser tests, screenshots), poppler-utils
# (PDF checks), serif fonts with Vietnamese glyphs (PDF reports), Redis (shared cache and queue tests),
# nginx (the sign-in lockout behind a proxy).
# Tests that need them skip where absent.
SYSTEM_PACKAGES := chromium poppler-utils fonts-liberation2 fonts-dejavu-core redis-server nginx
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "system packages present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "missing system packages (tests that need them will be skipped):$$missing"; fi

## Fresh SQLite database with places and demo data, then serve on http://$(HOST):$(PORT) with the task worker
run: $(STAMP)
	$(BIN)/hoptac demo --host $(HOST) --port $(PORT)

## Every test (on PostgreSQL when HOPTAC_TEST_DATABASE_URL is set)
test: $(STAMP)
	HOPTAC_TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check hoptac bench
	$(BIN)/ruff format --check hoptac bench
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy hoptac

check-migrations: $(STAMP)
	HOPTAC_VAR_DIR=$$(mktemp -d) $(BIN)/python -m django makemigrations --check --dry-run --settings hoptac.settings

## PNGs of every main page with the demo data, into docs/screenshots/ (needs Debian's chromium)
screenshots: $(STAMP) system-deps
	$(BIN)/python bench/screenshots.py --out docs/screenshots

## The national benchmarks (HOPTAC_BENCH_DATABASE_URL, default hoptac_bench): build the database if it is
## missing or migrate it if it is behind, measure RUNS times, then the table of medians (docs/benchmarks.md)
RUNS ?= 3
NATIONAL_STEPS := endpoints search aggregations bulk_import load restart
bench-national: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || echo "wrk missing: the load benchmark will say so"
	$(BIN)/python -m bench.national.prepare
	@failed=""; for run in $$(seq $(RUNS)); do \
		echo "=== national benchmarks: run $$run of $(RUNS) ($$(date -u +%H:%M:%S) UTC)"; \
		$(BIN)/python -m bench.national.server; \
		for step in $(NATIONAL_STEPS); do \
			echo "--- $$step"; \
			$(BIN)/python -m bench.national.$$step || failed="$$failed $$step(run $$run)"; \
		done; \
	done; \
	$(BIN)/python -m bench.national.summary --runs $(RUNS); \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
