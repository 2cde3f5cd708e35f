# Set-up and the main jobs. `make run` and `make test` are all a fresh machine needs: each
# creates .venv with a Python >= 3.12 it finds by itself (scripts/find-python.sh; override
# with PYTHON=/path/to/python3.12) and installs the project and its dev tools from PyPI.

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS := dask,sensitivity,calibration,viz,ema

.PHONY: run test test-all lint format venv clean bench

$(STAMP): pyproject.toml
	@py="$${PYTHON:-$$(sh scripts/find-python.sh)}" || exit 1; \
	  echo "make: creating $(VENV) with $$py ($$("$$py" --version))"; \
	  "$$py" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]" --group dev --group browser
	@touch $(STAMP)

venv: $(STAMP)

## The main job: experiment 1 of the thesis (the 2x2x2 countermeasures factorial, 800 paired
## runs), its comparison table, figures and report, all in results/countermeasures/.
run: $(STAMP)
	$(BIN)/btr-sim run experiments/countermeasures.yaml
	$(BIN)/btr-sim compare results/countermeasures
	$(BIN)/btr-sim plot results/countermeasures
	$(BIN)/btr-sim report results/countermeasures --html

## The default test suite (CI runs exactly this).
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Every test, the long statistical suites included.
test-all: $(STAMP)
	$(BIN)/python -m pytest -q -m "slow or not slow"

## Throughput of a 64-run sweep: serial vs 2 worker processes vs Dask with 2 workers.
bench: $(STAMP)
	$(BIN)/python benchmarks/sweep_throughput.py

lint: $(STAMP)
	$(BIN)/ruff check btr_sim tests
	$(BIN)/lint-imports
	$(BIN)/ruff format --check btr_sim tests

format: $(STAMP)
	$(BIN)/ruff format btr_sim tests
	$(BIN)/ruff check --fix btr_sim tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
