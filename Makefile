# Podium: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint types migrations-check unit browser chromium pdf-packages messages clean-venv bench-scheduler bench-rush bench-pdf

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Podium needs Python 3.11 or newer; set PYTHON=python3.11 or newer.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps: reinstall only when a requirements file changes.
$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.run-deps

install: pdf-packages $(VENV)/.run-deps
install-dev: pdf-packages $(VENV)/.dev-deps

run: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput -v0
	@HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

chromium:
	@scripts/ensure-chromium.sh

# Summary PDFs: Pango, HarfBuzz's subsetter and the Noto fonts for Arabic,
# Chinese and Vietnamese, from Debian (as root), like chromium above.
pdf-packages:
	@scripts/ensure-pdf-packages.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev
	$(BIN)/mypy podium tests bench

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# The suite runs on SQLite, and again on PostgreSQL when DATABASE_URL names one.
unit: install-dev
	env -u DATABASE_URL $(BIN)/pytest -m "not browser" -n 2 -q
	@if [ -n "$${DATABASE_URL:-}" ]; then echo "== again on $${DATABASE_URL%%://*}"; $(BIN)/pytest -m "not browser" -n 2 -q; fi

browser: install-dev chromium
	$(BIN)/pytest -m browser -q

test: install-dev chromium lint types migrations-check unit browser

# Benchmarks: outside `make test`; each prints its figures and writes them
# to bench/results/.
bench-scheduler: install
	$(BIN)/python -m bench.scheduler

bench-rush: install
	$(BIN)/python -m bench.rush

# Every held conference of the demo school's database (`make run` seeds it).
bench-pdf: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python -m bench.pdf

# Translators: extract strings, then compile (needs GNU gettext; the compiled
# .mo files are committed so that running Podium needs no gettext).
messages: install-dev
	cd podium && ../$(BIN)/python ../manage.py makemessages -a --no-obsolete --no-location
	cd podium && ../$(BIN)/python ../manage.py compilemessages

clean-venv:
	rm -rf $(VENV)
