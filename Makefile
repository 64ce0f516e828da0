# Every target bootstraps .venv itself: a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CLI := $(BIN)/chanuka-db

.PHONY: demo test lint bench docs install clean server-stop

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,ha]'
	touch $(STAMP)

install: $(STAMP)

## demo: embedded PostgreSQL, migrate to head, load demo data, print status and a sample search
demo: $(STAMP)
	$(CLI) server start
	$(CLI) migrate
	$(CLI) demo
	$(CLI) health

## test: lint, type-check and the full test suite against a real PostgreSQL the suite starts itself
test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	$(CLI) lint --quiet

bench: $(STAMP)
	$(BIN)/python -m bench

docs: $(STAMP)
	$(CLI) docs

server-stop: $(STAMP)
	$(CLI) server stop

clean:
	-$(CLI) server stop
	rm -rf $(VENV) .chanuka .mypy_cache .ruff_cache
