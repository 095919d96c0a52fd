# One command to set up and build the sample, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: sample test test-minimal-fonts setup lint clean

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

# The tests on a machine whose only fonts are Debian's fonts-dejavu-core and LibreOffice's
# OpenSymbol: a fontconfig configuration that finds those alone (docs/reliability.md).
MINIMAL_FONTS ?= /tmp/briefing-minimal-fonts
test-minimal-fonts: setup
	@dpkg -L fonts-dejavu-core >/dev/null || { echo "needs Debian's fonts-dejavu-core"; exit 1; }
	rm -rf $(MINIMAL_FONTS) && mkdir -p $(MINIMAL_FONTS)/dejavu
	dpkg -L fonts-dejavu-core | grep -E '\.(ttf|otf)$$' | xargs -I{} ln -s {} $(MINIMAL_FONTS)/dejavu/
	printf '%s\n' '<?xml version="1.0"?>' \
	  '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">' '<fontconfig>' \
	  '  <dir>$(MINIMAL_FONTS)/dejavu</dir>' '  <dir>/usr/share/fonts/truetype/libreoffice</dir>' \
	  '  <cachedir>$(MINIMAL_FONTS)/cache</cachedir>' \
	  '  <include ignore_missing="yes">/etc/fonts/conf.d</include>' '</fontconfig>' \
	  > $(MINIMAL_FONTS)/fonts.conf
	FONTCONFIG_FILE=$(MINIMAL_FONTS)/fonts.conf fc-list : file family
	FONTCONFIG_FILE=$(MINIMAL_FONTS)/fonts.conf $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check briefing tests
	$(BIN)/ruff format --check briefing tests
	$(BIN)/mypy briefing
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) output/*.pptx output/*.docx output/*.md output/*.pdf output/*.png
