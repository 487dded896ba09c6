# Small-Mine Revival Portal — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run migrate seed messages test lint format bench worker beat clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { \
	  echo "Pango (used to make the PDFs) is missing; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null \
	  && $(BIN)/python -c "import weasyprint"; }
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the portal with its test tools

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

seed: migrate ## Load demo data (one user per role; idempotent)
	$(MANAGE) seed_demo --host $(HOST) --port $(PORT)

run: seed ## Set up everything and serve the portal with demo data on http://$HOST:$PORT (127.0.0.1:8000)
	@echo "Serving the portal on http://$(HOST):$(PORT)/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Lint, check migrations and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=revival_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=revival_portal.settings.test $(BIN)/python manage.py check
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Run ruff (lint and format check)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

messages: install ## Compile the translations (.po -> .mo)
	$(MANAGE) compilemessages --ignore=.venv

bench: install ## Run the speed and memory benchmark (see README)
	$(BIN)/python -m tests.bench

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A revival_portal worker -l info

beat: install ## Run Celery beat (needs CELERY_BROKER_URL)
	$(BIN)/celery -A revival_portal beat -l info

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .test_media .pytest_cache
