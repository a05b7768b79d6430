# Tsunagu — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run install migrate demo serve test lint check test-unit test-e2e bench loadtest soak wrk messages worker beat

# A virtual environment with uv in it, then the locked dependencies (uv.lock) at once.
$(UV):
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(PY)
	@touch $@

install: $(VENV)/.synced

# `make run`: install, migrate, load the demo data and serve HTTP + WebSockets on one port.
run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo ""
	@echo "  Tsunagu つなぐ: http://$(HOST):$(PORT)/"
	@echo ""
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# `make test`: quality gates, the suite, then the browser tests in their own process
# (Playwright's sync API and pytest-asyncio cannot share one event loop).
test: install lint check test-unit test-e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: install
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test-unit: install
	$(PY) -m pytest -m "not e2e" -n 2 $(PYTEST_ARGS)

test-e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e -p no:asyncio tests/e2e $(PYTEST_ARGS)

bench: install
	$(PY) -m tests.bench

# The production server under load (PostgreSQL + Redis from DATABASE_URL / REDIS_URL, port
# LOAD_PORT): never part of `make test`. Debian's wrk drives it.
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

loadtest: install wrk
	$(PY) -m tests.load

# The same, then 10 minutes at half the measured peak: memory of each process and connections.
soak: install wrk
	$(PY) -m tests.load --soak $${LOAD_SOAK:-600}

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

worker: install
	DEBUG=$${DEBUG:-1} $(VENV)/bin/celery -A core worker -l info

beat: install
	DEBUG=$${DEBUG:-1} $(VENV)/bin/celery -A core beat -l info
