# One command to set up and build the sample, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: sample test setup lint clean

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/briefing

sample: setup
	$(BIN)/briefing build sources/reinvent-2019.yaml

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check briefing tests
	$(BIN)/ruff format --check briefing tests
	$(BIN)/mypy briefing
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) output/*.pptx output/*.docx output/*.md output/*.pdf output/*.png
