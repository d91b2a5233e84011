# AllIN: `make run` serves the app on http://localhost:3009; `make test` runs every test.
# Both set everything up themselves: Python packages in .venv, bun (and Node 22) from the
# npm registry in .tools, Debian's chromium for report charts and the browser tests.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
TOOLS_BIN := $(CURDIR)/$(TOOLS)/node_modules/.bin
export PATH := $(TOOLS_BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_CHECK_LATEST_VERSION := 0
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test setup migrate seed chromium clean

run: setup chromium migrate seed
	$(VENV)/bin/reflex run --env prod

dev: setup migrate seed
	$(VENV)/bin/reflex run

# Service and API tests on two processes (pytest-xdist), then the browser tests against one served app.
test: setup chromium
	$(PY) -m pytest -n 2 --ignore=tests/browser
	$(PY) -m pytest tests/browser

setup: $(VENV)/.installed $(TOOLS)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(TOOLS)/.installed: $(TOOLS)/package.json
	cd $(TOOLS) && npm install --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(VENV)/bin/alembic upgrade head

seed: setup
	$(PY) -m allin_app.admin.seed
	$(PY) -m allin_app.analytics.history

chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf .web .states $(VENV) $(TOOLS)/node_modules $(TOOLS)/.installed
