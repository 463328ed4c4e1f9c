# SIMPOR developer commands. `make demo` and `make test` do all set-up on a fresh machine.
# PYTHON may name an interpreter (3.12 or newer); otherwise the first suitable one is used.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)
STAMP := $(VENV)/.installed

.PHONY: help install assets messages demo test test-sqlite test-postgres test-browser lint format clean

help:
	@echo "make demo    install everything and run SIMPOR with demo data on 127.0.0.1:$(PORT)"
	@echo "make test    install everything and run the whole test suite (SQLite, PostgreSQL, browser)"
	@echo "make lint    ruff check and format check"

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "No Python 3.12+ found. Install one or run: make PYTHON=/path/to/python3.12"; exit 1; }
	scripts/ensure-system-packages pango
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) assets messages

# Front-end libraries come from the npm registry, pinned in package-lock.json, and are served as static files.
assets: static/vendor/.installed

# The source maps go along because collectstatic's manifest storage fails on a sourceMappingURL it cannot find.
static/vendor/.installed: package.json package-lock.json
	scripts/ensure-system-packages npm
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor/leaflet static/vendor/htmx static/vendor/markercluster
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images static/vendor/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css static/vendor/markercluster/
	touch $@

messages: $(STAMP)
	scripts/ensure-system-packages msgfmt
	SIMPOR_ENV=test $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Demo data lives in var/demo.sqlite3 and var/media; seed_demo prints the logins last, right before the server starts.
demo: install
	mkdir -p var
	SIMPOR_ENV=demo $(PY) manage.py migrate --no-input -v 0
	SIMPOR_ENV=demo $(PY) manage.py import_regions
	SIMPOR_ENV=demo $(PY) manage.py collectstatic --no-input -v 0
	SIMPOR_ENV=demo $(PY) manage.py seed_demo
	SIMPOR_ENV=demo $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install lint test-sqlite test-postgres

# The SQLite run includes the browser tests, which drive Debian's Chromium.
test-sqlite: install
	scripts/ensure-system-packages chromium
	$(PY) -m pytest -n 2

test-postgres: install
	scripts/with-postgres $(PY) -m pytest -n 2 -m "not browser"

test-browser: install
	scripts/ensure-system-packages chromium
	$(PY) -m pytest -m browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor var/demo.sqlite3 staticfiles
