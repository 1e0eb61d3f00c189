# Each target sets up what it needs: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch; pinned so that no multi-GB CUDA build is pulled in by accident.
TORCH ?= torch==2.13.0

.PHONY: install demo test lint docs bench clean

$(BIN)/evogan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)"
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

install: $(BIN)/evogan

demo: install
	$(BIN)/evogan solve zdt1 --algorithm gmoea --evals 10000 --seed 1 --out demo_out

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: install
	$(BIN)/mkdocs build --strict --quiet -d site

bench: install
	$(BIN)/evogan bench run benchmarks/campaigns/gmoea_imf.toml
	$(BIN)/evogan bench report benchmarks/campaigns/gmoea_imf.toml

clean:
	rm -rf $(VENV) demo_out .pytest_cache site
