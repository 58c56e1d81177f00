# The README's commands: `make figures`, `make report` and `make test`.
# Each creates .venv when missing and installs exactly the versions in requirements.lock; nothing else is
# required. `make lock` re-resolves that file from pyproject.toml (the one command after a dependency change).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# CPU build of PyTorch. Here pip finds the wheel on disk; elsewhere run
#   make TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH := torch==2.13.0
TORCH_INDEX ?=
EXTRAS := notebooks,test,onnx,ct2,distributed,dev
DATA ?=
OUT ?= figures
# The second venv with the lowest declared versions (constraints-lowest.txt) and the fast tests run there.
LOWEST := .venv-lowest
LOWEST_TESTS ?= -m "not slow"
# pandas 3.0.x: its Arrow string engine rejected a regular expression pandas 3.1 and 2.x accept.
PANDAS3 ?= pandas==3.0.6

.PHONY: figures report check-figures lint test test-fast test-lowest lab lock clean-venv

$(STAMP): $(LOCK) pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep -E '^torch==' $(LOCK))" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The demo's figures come from a fresh embedding cache every run: a vector computed in another
# batch (another run, a test) can differ in its last bits, and the committed figures/ must not depend
# on what the cache saw before. The demo's 691 sentences embed in seconds; a corpus of your own
# (DATA=) keeps your cache.
figures: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	HF_HUB_OFFLINE=1 $(if $(DATA),,FRAMING_CACHE_DIR="$$tmp") $(BIN)/framing figures --out $(OUT) $(if $(DATA),--data $(DATA))

report: $(STAMP)
	test -d $(OUT)/notebooks || $(MAKE) figures
	HF_HUB_OFFLINE=1 $(BIN)/framing report --figures $(OUT)

# CI: regenerate figures/ and fail when the committed files differ from what this lock file produces.
check-figures: figures
	@if [ -n "$$(git status --porcelain -- figures/)" ]; then \
		git status --short -- figures/; \
		echo "figures/ is stale: the files above differ from what the code and requirements.lock produce."; \
		echo "Run make figures and commit figures/."; exit 1; \
	fi
	@echo "figures/ is current"

# The conventions, checked: ruff's lint and formatting (rules and line length in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m "not slow"

test-lowest:
	test -x $(LOWEST)/bin/python || $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet "$$(grep -E '^torch==' $(LOCK))" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(LOWEST)/bin/python -m pip install --quiet -c constraints-lowest.txt -e ".[test]"
	HF_HUB_OFFLINE=1 $(LOWEST)/bin/python -m pytest -p no:cacheprovider $(LOWEST_TESTS)
	$(LOWEST)/bin/python -m pip install --quiet "$(PANDAS3)"
	HF_HUB_OFFLINE=1 $(LOWEST)/bin/python -m pytest -p no:cacheprovider tests/test_corpus.py tests/test_bad_input.py
	$(LOWEST)/bin/python -m pip install --quiet -c constraints-lowest.txt pandas

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet "$(TORCH)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	.venv-lock/bin/python -m pip install --quiet -e ".[$(EXTRAS)]"
	{ echo "# Every package of the venv that make figures and make test use, pinned. Regenerate with make lock."; \
	  echo "# Python 3.11, Linux x86-64. torch is the CPU build (see TORCH_INDEX in the Makefile)."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | sed -E 's/^(torch==[^+]*)\+cpu$$/\1/'; } > $(LOCK)
	rm -rf .venv-lock
	@echo "$(LOCK): $$(grep -c '==' $(LOCK)) pinned packages"

clean-venv:
	rm -rf $(VENV) $(LOWEST)
