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

.PHONY: run test bench lint typecheck pytest-sqlite pytest-postgres system-deps browser-deps postgres demo-db demo-secrets demo-code demo-manage lock messages clean distclean

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

# The demo runs the way production does (DJANGO_DEBUG=0, static files from the app, gunicorn), with
# its own secrets generated once into $(VAR)/secrets and read through the settings' *_FILE
# mechanism; plain http on this machine only, so no TLS redirect, HSTS or secure-only cookies.
VAR ?= var
DEMO_SECRETS := $(abspath $(VAR))/secrets
DEMO_SECRET_NAMES := SECRET_KEY FIELD_ENCRYPTION_KEYS IDENTITY_HASH_KEY AUDIT_LOG_KEYS AUDIT_CHECKPOINT_SIGNING_KEY
DEMO_ENV := DJANGO_DEBUG=0 SAMVERKAN_DEMO=1 SAMVERKAN_VAR_DIR=$(abspath $(VAR)) PORT=$(PORT) \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend} \
	$(foreach name,$(DEMO_SECRET_NAMES),$(name)_FILE=$(DEMO_SECRETS)/$(name))
DEMO_MANAGE := $(DEMO_ENV) $(BIN)/python manage.py
# Beside the web server: the task worker, the periodic jobs (reminders, audit checkpoints) and the
# audit sequencer, which chains new log entries.
DEMO_WORKERS := "db_worker --interval 2" "periodic --loop 30" "audit_sequencer"

demo-secrets: | $(BIN)/python
	@$(BIN)/python -m core.demo_secrets $(DEMO_SECRETS) $(DEMO_SECRET_NAMES)

demo-db: $(VENV)/.installed messages demo-secrets
	@echo "Preparing the demo in $(VAR)/ (database, static files, demo county)..."
	@$(DEMO_MANAGE) migrate -v0
	@$(DEMO_MANAGE) createcachetable -v0
	@$(DEMO_MANAGE) collectstatic --noinput -v0
	@$(DEMO_MANAGE) load_demo

# Ctrl-C stops the server and every worker (the trap kills the whole process group). The workers'
# progress goes to $(VAR)/workers.log; their errors to the terminal.
run: demo-db
	@$(DEMO_MANAGE) demo_signins
	@trap 'kill 0' EXIT; \
	workers=($(DEMO_WORKERS)); \
	for worker in "$${workers[@]}"; do $(DEMO_MANAGE) $$worker >> $(VAR)/workers.log & done; \
	$(DEMO_ENV) $(BIN)/gunicorn samverkan.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --graceful-timeout 3 --log-level warning

# The demo users' current second-factor code (what `make run` tells you to run).
demo-code: demo-secrets
	@$(DEMO_MANAGE) demo_code

# Any manage.py command against the demo, with its settings and secrets: make demo-manage ARGS="shell"
demo-manage: demo-secrets
	@$(DEMO_MANAGE) $(ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy .

# The browser tests run once, in the PostgreSQL run (tests/browser/conftest.py skips them on SQLite).
pytest-sqlite: $(VENV)/.installed messages
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

# Resets the demo: its database, secrets, static files and audit checkpoints all live in $(VAR).
# The secrets go too: they only protect the demo's data, which is recreated on the next `make run`.
clean:
	rm -rf $(VAR)

distclean: clean
	rm -rf $(VENV)
