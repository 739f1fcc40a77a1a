# The two commands of the README: `make demo` and `make test`. Both install
# what the project needs first (system packages, a virtualenv, the package).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINTED := evidence_vault tests benchmarks scripts

.PHONY: demo test install bench lint clean

demo: $(STAMP)
	@$(BIN)/python scripts/demo.py

# ruff and mypy first: they take seconds, and a lint or type error fails the target as a
# test does. mypy checks evidence_vault/ (the files named in pyproject.toml's [tool.mypy]).
test: $(STAMP)
	$(BIN)/python -m ruff check $(LINTED)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

install: $(STAMP)

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "evidence-vault needs Python 3.11 or newer; this is $$($(PYTHON) --version)"; exit 1; }
	@PYTHON=$(PYTHON) sh scripts/install-system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)
	@echo "installed evidence-vault into $(VENV)"

bench: $(STAMP)
	$(BIN)/python benchmarks/core.py

lint: $(STAMP)
	$(BIN)/python -m ruff check $(LINTED)

clean:
	rm -rf $(VENV) dist build
