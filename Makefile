# Two commands do all the set-up: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := src/duban/static/vendor
SHELL := /bin/bash

.PHONY: demo test contract install install-dev assets messages fonts system-deps lint typecheck bench clean

demo: install assets messages fonts
	$(VENV)/bin/duban demo $(DEMO_ARGS)

# On every core (pytest-xdist); the tests of an xdist_group share a worker. Serial: PYTEST_ARGS="-n 0".
# The last line says the wall time of the whole run (pytest's own line times only the tests).
test: install-dev assets messages system-deps
	@start=$$(date +%s); status=0; \
	$(PY) -m pytest -n auto --dist loadgroup $(PYTEST_ARGS) || status=$$?; \
	echo "make test: wall time $$(( $$(date +%s) - start )) s"; exit $$status

# The national data set on PostgreSQL (BENCH_DATABASE_URL; generated once, then reused),
# measured page by page and job by job: one table, also in benchmarks/results/latest.md.
# A quicker run: BENCH_SCALE=3. Other knobs: benchmarks/run.py.
bench: install-dev messages
	$(PY) -m benchmarks.run

# The API contract: schemathesis against a live `duban serve` on a throwaway demo database
# (scripts/contract.py, docs/api.md "Contract"). More examples: CONTRACT_ARGS="--examples 100".
contract: install-dev messages
	$(PY) scripts/contract.py $(CONTRACT_ARGS)

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(VENV)/.runtime: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

# Front-end packages from the npm registry, pinned by package-lock.json; copied, never committed.
assets: $(VENDOR)/.copied
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	touch $@

messages: install
	$(PY) scripts/compile_messages.py

# Generated PDFs embed Debian's Noto CJK font; without root the demo still runs (Word works).
fonts:
	@if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "note: install Debian's fonts-noto-cjk for PDF dossiers" >&2; fi; \
	fi

# The browser tests drive Debian's chromium; Chinese pages need CJK fonts; the workbook tests
# re-save files with LibreOffice Calc (headless); the TLS proxy test puts nginx, with an openssl
# self-signed certificate, in front of `duban serve`; the fault tests stop and start a PostgreSQL
# server of their own (Debian's postgresql binaries); backups on PostgreSQL run pg_dump and
# pg_restore (postgresql-client, which postgresql brings). A test never skips for want of these.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null \
	    || ! test -e /usr/lib/libreoffice/program/libswlo.so \
	    || ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null \
	    || ! test -x /usr/sbin/nginx || ! command -v openssl >/dev/null \
	    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk libreoffice-calc-nogui libreoffice-writer-nogui nginx-light openssl \
	      poppler-utils postgresql postgresql-client >/dev/null; \
	  else echo "install chromium, fonts-noto-cjk, libreoffice-calc-nogui, libreoffice-writer-nogui, nginx-light, openssl, poppler-utils, postgresql and postgresql-client (Debian packages) for the tests" >&2; exit 1; fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check src tests scripts benchmarks
	$(VENV)/bin/ruff format --check src tests scripts benchmarks

typecheck: install-dev
	$(VENV)/bin/mypy src/duban

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
