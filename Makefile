# Two commands: `make data` rebuilds the package, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: data test notebooks release browse docs clean setup

setup: $(STAMP)

# requirements.lock is the whole environment, every version pinned: it is installed as it is
# (--no-deps), so nothing is resolved anew and packages read only for their data (jionlp) come
# without what their code would need.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "ogi needs Python 3.11: requirements.lock pins its environment for 3.11, and " + sys.executable + " is %d.%d. Give one: make PYTHON=python3.11" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

data: $(STAMP)
	$(BIN)/ogi build
	$(BIN)/ogi docs
	$(BIN)/frictionless validate datapackage.json

test: $(STAMP)
	$(BIN)/python -m pytest

notebooks: $(STAMP)
	$(BIN)/ogi notebooks

# the archive, and beside it the tables as Parquet, SQLite and .xlsx (dist/<name>-<version>/)
release: $(STAMP)
	$(BIN)/ogi release

# the package in Datasette on http://127.0.0.1:8001 (Ctrl-C stops it)
browse: $(STAMP)
	$(BIN)/ogi browse

clean:
	rm -rf $(VENV) dist .pytest_cache
