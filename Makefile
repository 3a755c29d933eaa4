# Tearspace: `make run` serves the embedded default with demo content; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Test workers (pytest-xdist): one more than there are cores by default, since about a third of
# a worker's time goes to waiting (sockets, browsers, servers starting) and a spare worker fills
# it; TEST_WORKERS=auto gives one per core, TEST_WORKERS=0 runs in this process.
# --dist load hands tests out one by one in collection order, so each worker keeps pytest-django's
# order (transactional tests after the others); loadfile would run schemathesis' cases, which share
# one test id, only once.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# `test` lets pytest keep its assertion-rewritten test modules in __pycache__ (git ignores it): with
# PYTHONDONTWRITEBYTECODE set, every worker rewrites ~500 modules again (~4 s CPU each).

.PHONY: run test lint format setup migrate demo clean screenshots messages

# Message catalogs (docs/i18n.md): `make messages` gathers every marked string into
# locale/<lang>/LC_MESSAGES/*.po; setup compiles them with GNU gettext's msgfmt.
LOCALES := es fr de ja
CATALOGS := $(wildcard locale/*/LC_MESSAGES/*.po)
MESSAGE_IGNORES := --ignore=.venv --ignore=var --ignore=tools --ignore=benchmarks --ignore='*/tests/*'


$(STAMP): requirements.txt
	@base="$$(tools/find_python.sh)" || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$base"; "$$base" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: $(STAMP) $(CATALOGS:.po=.mo)

locale/%.mo: locale/%.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext" >&2; exit 1; }
	@msgfmt --check -o $@ $<

messages: $(STAMP)
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --add-location file --no-obsolete $(MESSAGE_IGNORES)
	$(PY) manage.py makemessages -d djangojs $(addprefix -l ,$(LOCALES)) --add-location file --no-obsolete $(MESSAGE_IGNORES) --ignore=static/vendor

# Quiet: errors still print, screens of "Applying …" do not.
migrate: setup
	@$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py seed_demo

run: demo
	@$(PY) manage.py serve

test: setup
	tools/ensure_chromium.sh
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest --numprocesses $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Screenshots of the main pages (phone and desktop, light and dark) from a throwaway demo copy,
# into SHOTS (a new folder under /tmp unless given); never commit them.
SHOTS ?= $(shell mktemp -d /tmp/tearspace-shots-XXXX)
screenshots: setup
	tools/ensure_chromium.sh
	$(PY) tools/screenshots.py $(SHOTS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
