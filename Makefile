# The two commands of the README: `make figures` and `make test`.
# Each creates .venv when missing and installs what it needs; nothing else is required.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CPU build of PyTorch. Here pip finds the wheel on disk; elsewhere run
#   make TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH := torch==2.13.0
TORCH_INDEX ?=
DATA ?=
OUT ?= figures

.PHONY: figures test test-fast lab clean-venv

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(TORCH)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,onnx,distributed]"
	touch $(STAMP)

figures: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/framing figures --out $(OUT) $(if $(DATA),--data $(DATA))

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m "not slow"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean-venv:
	rm -rf $(VENV)
