# The two commands of the README: `make pipeline` and `make test`.
# Both create .venv (Python >= 3.11) and install the project with its test tools and the optional
# pyLDAvis page (extra `viz`), so its test runs rather than skips, and the SLURM executor plugin (extra
# `cluster`), which the SLURM check needs (tests/pipeline/test_slurm.py; it skips where SLURM is not installed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= 2

.PHONY: setup pipeline test unit clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "policy-rhetoric needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

.setup-stamp: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,viz,cluster]'
	# an editable install compiles none of the package's modules; where PYTHONDONTWRITEBYTECODE is
	# set, every job would compile them again (about 30 ms a job). A stale file is never used.
	$(BIN)/python -m compileall -q src
	touch .setup-stamp

setup: .setup-stamp

pipeline: setup
	$(BIN)/snakemake --cores $(CORES)
	$(BIN)/snakemake --report results/default/report.html

test: setup
	$(BIN)/ruff check src tests workflow benchmarks
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint
	$(BIN)/pytest

# The unit tests alone (no Snakemake run; under a minute): what `make test` runs besides tests marked pipeline.
unit: setup
	$(BIN)/pytest -m "not pipeline"

clean:
	rm -rf results logs .snakemake
