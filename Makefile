# AvenirPro — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Django 6 needs Python >= 3.12: PATH first, then pyenv's interpreters.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: help install demo demo-code test test-dates fuzz lint format migrations-check bench clean

help:
	@echo "make demo   — installe, migre, charge les données de démonstration et sert http://127.0.0.1:$(PORT)"
	@echo "make test   — installe et lance toute la suite de tests"
	@echo "make fuzz   — schemathesis contre le schéma de l'API, pour quatre rôles (port 8764, ~2 min 30)"
	@echo "make bench  — le jeu de données national mesuré (gunicorn, PostgreSQL) : var/bench.json (~10 min)"
	@echo "make lint   — ruff (lint et format), contrats d'architecture (import-linter), migrations"

# The demo needs the application's dependencies only (requirements/base.txt); the test tools (pytest,
# playwright, schemathesis, ruff…) come with the targets that use them (requirements/dev.txt).
$(VENV)/.installed-base: requirements/base.txt
	@if [ -z "$(PYTHON)" ]; then echo "Python >= 3.12 introuvable : installez python3.12 (ou pyenv install 3.12)." >&2; exit 1; fi
	@echo "Python : $(PYTHON)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.installed: $(VENV)/.installed-base requirements/dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" > .env
	@echo "Fichier .env local créé (DEBUG=1, clé secrète aléatoire)."

# axe-core for the accessibility checks of the browser tests (skipped, saying so, without npm).
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm absent : les tests dans le navigateur seront sautés."; fi

install: $(VENV)/.installed .env node_modules/.installed

demo: $(VENV)/.installed-base .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@$(PY) manage.py demo_accounts
	@echo "AvenirPro : http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The current second-factor code of a demo pilot or administrator: make demo-code EMAIL=pilote.idf@demo.avenirpro.fr
demo-code:
	@$(PY) manage.py demo_accounts --code "$(EMAIL)"

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite as if it were 15 December, 2 April, 10 July and 10 September (no test may depend on the day).
DATES ?= 2026-12-15 2027-04-02 2027-07-10 2027-09-10
test-dates: install
	@for d in $(DATES); do echo "== $$d"; AVENIRPRO_DATE=$$d $(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS) || exit 1; done

# API fuzzing (schemathesis) on a fresh demo database; FUZZ_SEED=<n> replays a run (see SECURITY.md).
fuzz: install
	bash .ci/fuzz

# The national benchmark (issue 13): generates the national database if absent, then var/bench.json.
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/avenirpro_national), BENCH_PORT (8801).
bench: install
	bash .ci/bench

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var/*.sqlite3 var/staticfiles .pytest_cache
