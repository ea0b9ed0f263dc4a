# Jobbspår. `make run` runs the whole system with demo data; `make test` runs every test.
# Both start a private PostgreSQL and Redis under .data/ unless DATABASE_URL / REDIS_URL are set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SERVICES := $(BIN)/python scripts/services.py run --
MO := locale/sv/LC_MESSAGES/django.mo

.PHONY: run test install lint format messages check audit services-stop bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

$(MO): locale/sv/LC_MESSAGES/django.po $(STAMP)
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.data -v 0

install: $(STAMP) $(MO)

run: install
	$(SERVICES) $(BIN)/python scripts/run.py

# Every test, after the checks (`make check`); pytest-timeout fails a test that hangs.
test: install check
	DEBUG=true $(SERVICES) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract strings into the Swedish catalogue (then translate the new entries).
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l sv --ignore=.venv --ignore=.data --ignore=static --no-obsolete --add-location=file

# The habits CI holds (docs/development.md): lint and format, the layers (.importlinter), types
# (mypy with django-stubs, [tool.mypy] in pyproject.toml) and no model change without a migration.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/mypy
	DEBUG=true $(SERVICES) $(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the locked dependencies (needs the PyPI vulnerability service).
audit: install
	$(BIN)/pip-audit -r requirements.lock --progress-spinner off --strict

# Benchmark (docs/benchmark.md): gunicorn with production settings against a generated preset.
# Uses DATABASE_URL when set, otherwise the private services and a database of its own.
PRESET ?= city
bench: install $(MO)
	$(BIN)/python -m bench.run --preset $(PRESET) $(BENCH_ARGS)

services-stop:
	$(BIN)/python scripts/services.py stop

clean:
	rm -rf $(VENV) staticfiles
