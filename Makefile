# TD2035 platform. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := .venv/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export TEST_REDIS_URL
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: help install assets demo serve test test-sqlite test-postgres e2e lint bench messages chromium clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install -q "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

td2035/static/vendor/.copied: node_modules/.installed
	mkdir -p td2035/static/vendor/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js td2035/static/vendor/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css td2035/static/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images td2035/static/vendor/leaflet/
	cp node_modules/axe-core/axe.min.js td2035/static/vendor/
	@touch $@

install: .venv/.synced assets ## install Python and front-end dependencies (pinned)

assets: td2035/static/vendor/.copied ## copy pinned npm assets (htmx, Leaflet, axe-core) into static/

demo: install ## install, migrate, load the Querétaro demo ecosystem and serve it on :8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "TD2035 demo on http://127.0.0.1:8000 with its background worker (Ctrl+C stops both)"
	$(PY) manage.py db_worker --queue-name '*' --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	.venv/bin/gunicorn td2035.wsgi -b 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile -

serve: install ## serve (and run the background worker) without reloading demo data
	$(PY) manage.py db_worker --queue-name '*' --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	.venv/bin/gunicorn td2035.wsgi -b 127.0.0.1:8000 --workers 2 --threads 4

chromium: ## install Debian's Chromium for browser tests if it is missing
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { echo "Install Chromium: sudo apt-get install chromium"; exit 1; }

lint: install ## ruff, mypy and the import contracts between apps (pyproject.toml)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy td2035 bench e2e
	.venv/bin/lint-imports

test: install chromium lint test-sqlite test-postgres ## the whole suite: lint, then tests on SQLite and PostgreSQL

test-sqlite: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL= $(PY) -m pytest -p no:cacheprovider

test-postgres: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL=$(PG_URL) $(PY) -m pytest -p no:cacheprovider

bench: install ## benchmarks (each prints a JSON line with its baseline)
	$(PY) bench/directory_search.py --orgs $${BENCH_ORGS:-1000000} --database sqlite
	$(PY) bench/directory_search.py --orgs $${BENCH_ORGS:-1000000} --database postgres
	$(PY) bench/denue_import.py --rows $${BENCH_ROWS:-200000}
	$(PY) bench/pages.py
	$(PY) bench/search_render.py
	$(PY) bench/dashboard.py --orgs $${BENCH_ORGS:-1000000} --assessments $${BENCH_ASSESSMENTS:-200000}
	$(PY) bench/matching.py --orgs $${BENCH_ORGS:-1000000} --database sqlite
	$(PY) bench/matching.py --orgs $${BENCH_ORGS:-1000000} --database postgres
	$(PY) bench/match_quality.py

ES_PO := td2035/locale/es_MX/LC_MESSAGES/django.po

messages: install ## extract and compile translations (needs GNU gettext)
	cd td2035 && ../$(PY) ../manage.py makemessages -l en -l es_MX --no-obsolete
	@# es_MX: the Spanish source strings are their own translation (found at once, no fallback walk)
	msgfilter --keep-header --no-wrap -i $(ES_PO) -o $(ES_PO) sed -e d
	msgattrib --clear-fuzzy --clear-previous --no-wrap -o $(ES_PO) $(ES_PO)
	msgen --no-wrap -o $(ES_PO) $(ES_PO)
	cd td2035 && ../$(PY) ../manage.py compilemessages

clean: ## remove the local database and built files
	rm -rf var td2035/static/vendor
