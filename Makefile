# Samverkan: `make run` (demo on SQLite), `make test` (whole suite), `make bench` (benchmark).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/samverkan
TEST_DATABASE_URL ?= $(PG_URL)
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench lint typecheck pytest-sqlite pytest-postgres system-deps browser-deps postgres demo-db lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

# gettext (msgfmt) compiles translations; pango is what weasyprint draws PDFs with.
system-deps:
	@command -v msgfmt >/dev/null && /sbin/ldconfig -p | grep -q libpango-1.0 && /sbin/ldconfig -p | grep -q libharfbuzz-subset || \
		{ $(SUDO) apt-get update -qq && $(SUDO) $(APT) gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; }

browser-deps:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) $(APT) chromium fonts-dejavu-core; }

# Start the local PostgreSQL if it is installed but stopped; install it if it is missing.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		command -v pg_ctlcluster >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) $(APT) postgresql; }; \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
		for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

messages: $(VENV)/.installed system-deps
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -v0 --ignore=.venv

demo-db: $(VENV)/.installed messages
	mkdir -p var
	DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py migrate -v0
	DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py load_demo

run: demo-db
	@DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py demo_signins
	@trap 'kill 0' EXIT; \
	DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py db_worker --interval 2 & \
	DJANGO_DEBUG=1 SAMVERKAN_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy .

pytest-sqlite: $(VENV)/.installed messages browser-deps
	TEST_DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider

pytest-postgres: $(VENV)/.installed messages browser-deps postgres
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck pytest-sqlite pytest-postgres

bench: $(VENV)/.installed messages postgres
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Refresh the lock after changing requirements*.in.
lock: | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.in
	$(BIN)/pip freeze --exclude-editable | grep -v '^pip==' | sort > requirements.lock

clean:
	rm -rf $(VENV) var
