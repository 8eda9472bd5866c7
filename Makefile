# Everything a contributor needs: `make serve` and `make test`.
# Each target installs what is missing first (venv, node_modules), so a fresh clone just works.

# pyodide-build needs Python 3.12+: the newest one found is used (PYTHON=... to choose).
PYTHON ?= $(shell build/book_authoring/find_python.sh)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve build test test-unit test-e2e lint format bench screenshots clean setup check chapter widget diagrams

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { build/book_authoring/find_python.sh; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null \
	  || { echo "Python 3.12 or newer is needed ($(PYTHON) is $$($(PYTHON) --version 2>&1))"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node 20+ and npm are needed: https://nodejs.org/"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: setup
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: setup
	$(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff check widgets build tests
	@$(BIN)/ruff format --check widgets build tests || { echo "make format rewrites them"; exit 1; }
	$(BIN)/mypy

# Format the Python as lint expects it, and apply ruff's safe fixes.
format: setup
	$(BIN)/ruff format widgets build tests
	$(BIN)/ruff check --fix widgets build tests

test-unit: setup
	$(BIN)/pytest tests/unit

test-e2e: setup
	$(BIN)/pytest tests/e2e

# Each test has its own limit (pyproject.toml); the whole run stops at SUITE_LIMIT, so a
# run that goes wrong ends red with pytest's summary, well inside CI's 90 minutes.
SUITE_LIMIT ?= 60m
test: setup lint check
	timeout --signal=INT --kill-after=60 $(SUITE_LIMIT) $(BIN)/pytest tests

# The contribution checks a pull request must pass (front matter, sections, links,
# diagrams, widget blocks, remote assets): prints path:line: message for each problem.
check: setup
	$(BIN)/python -m book_authoring.check_book

# Scaffold a chapter: make chapter NAME="Rate limiting"
chapter: setup
	@test -n "$(NAME)" || { echo 'usage: make chapter NAME="Rate limiting"'; exit 1; }
	$(BIN)/python -m book_authoring.new_chapter "$(NAME)"

# Draw every diagram ahead of time (after editing diagrams/*.mmd), so pages need no Mermaid:
# make diagrams, or make diagrams NAME=cache-tier for one.
diagrams: setup
	$(BIN)/python -m book_authoring.render_diagrams $(if $(NAME),--only $(NAME))

# Scaffold a widget: make widget NAME=rate-limiter
widget: setup
	@test -n "$(NAME)" || { echo 'usage: make widget NAME=rate-limiter'; exit 1; }
	$(BIN)/python -m book_authoring.new_widget "$(NAME)"

bench: setup
	$(BIN)/python -m book_bench.bench $(ARGS)

# Every widget at 390 and 1366 px, light and dark, as PNGs in screenshots/ (for review by eye).
screenshots: setup
	$(BIN)/python -m book_bench.screens $(ARGS)

clean:
	rm -rf site .cache .pytest_cache .hypothesis
