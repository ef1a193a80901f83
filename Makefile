# Two commands do everything on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck format dev bench clean

$(STAMP): setup.py pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip wheel
	# setuptools' one informational notice about flat-layout editable installs is silenced on purpose.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m budget_sync.demo --dagster

lint: $(STAMP)
	$(BIN)/ruff check budget_sync budget_sync_tests benchmarks
	$(BIN)/ruff format --check budget_sync budget_sync_tests benchmarks

# mypy settings live in pyproject.toml: strict for files/, mapping/ and store/.
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format budget_sync budget_sync_tests benchmarks
	$(BIN)/ruff check --fix budget_sync budget_sync_tests benchmarks

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -n 2 --dist loadgroup budget_sync_tests

# Runs from the instance folder itself: from the repository root, `dagster dev` warns that ./dagster.yaml
# is not DAGSTER_HOME's. The budget state stays in ./.budget_sync unless BUDGET_SYNC_HOME says otherwise.
# `dagster dev` (not `dg dev`) on purpose: workspace.yaml keeps the location name `budget_sync`, which the
# schedules' and sensors' state is stored under; its one "superseded" notice is silenced by message.
DEV_HOME := $(CURDIR)/.budget_sync/dagster_home

dev: $(STAMP)
	mkdir -p $(DEV_HOME) && cp dagster.yaml $(DEV_HOME)/dagster.yaml
	cd $(DEV_HOME) && BUDGET_SYNC_HOME=$${BUDGET_SYNC_HOME:-$(CURDIR)/.budget_sync} DAGSTER_HOME=$(DEV_HOME) \
		PYTHONWARNINGS="ignore:Function \`dev_command\` is superseded" \
		$(CURDIR)/$(BIN)/dagster dev -w $(CURDIR)/workspace.yaml

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .budget_sync .pytest_cache .ruff_cache
