# The two commands: `make run` (set up and open the app on a demo workshop) and
# `make test` (set up and run every check and test, headless, the standalone bundle included).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := out/Demo workshop.finops

.PHONY: run test lint bench package clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	    echo "make: cannot create the virtual environment: Python's venv module is missing. Run: sudo apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $(VENV)/.installed $@

# Before the window: the system libraries Qt's X11 plugin needs are installed (as root, or with
# sudo after saying why), or make stops here with the command that installs them.
run: $(VENV)/.installed
	@$(BIN)/python -m finops_desktop.platform_check --install
	@mkdir -p out
	@test -f "$(DEMO)" || $(BIN)/finops-workshop demo "$(DEMO)"
	$(BIN)/finops-desktop "$(DEMO)"

# Every benchmark, on workshops of 10 to 10,000 business units, printed as one table.
bench: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run_all

lint: $(VENV)/.test-installed
	$(BIN)/ruff check finops_desktop tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist out *.egg-info .pytest_cache .mypy_cache .ruff_cache

# The standalone Linux bundle: dist/finops-desktop/ and dist/finops-desktop-VERSION-linux-x86_64.tar.gz
package: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/python packaging/build_bundle.py
