# The README's commands: `make figures`, `make report`, `make test` (the fast tests) and `make test-all`.
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
EXTRAS := notebooks,test,onnx,ct2,distributed,dev,docs,multilingual
DATA ?=
OUT ?= figures
# The second venv with the lowest declared versions (constraints-lowest.txt) and the fast tests run there.
LOWEST := .venv-lowest
LOWEST_TESTS ?=
PYTEST := HF_HUB_OFFLINE=1 $(BIN)/python -m pytest
# Where check-figures regenerates the demo's figures (its embedding cache beside it, as <folder>.cache).
CHECK_OUT ?= build/figures-check
# An older machine, as far as the math libraries can be told: no AVX2/AVX-512 kernels in torch, oneDNN,
# MKL, OpenBLAS, numpy and faiss, and one thread instead of two. check-figures-restricted regenerates the
# figures so and compares them with the committed ones (README, "Reproducibility").
RESTRICTED := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 FRAMING_THREADS=1
ifeq ($(shell uname -m),x86_64)
RESTRICTED += ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_ENABLE_INSTRUCTIONS=SSE4_2 \
	OPENBLAS_CORETYPE=Nehalem NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4" FAISS_OPT_LEVEL=generic
endif
# pandas 3.0.x: its Arrow string engine rejected a regular expression pandas 3.1 and 2.x accept.
PANDAS3 ?= pandas==3.0.6

.PHONY: figures report docs explore check-figures check-figures-restricted lint test test-all test-lowest lab lock clean-venv

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

# The documentation site (Sphinx, PyData theme) into build/docs: guides in docs/guides, the API reference from the
# docstrings, the chapters as make figures executed them (DOCS_NOTEBOOKS; the stripped ones when absent).
# Warnings are errors, so a broken internal link or cross-reference fails the build.
DOCS_NOTEBOOKS ?= $(OUT)/notebooks
docs: $(STAMP)
	rm -rf build/docs docs/generated
	HF_HUB_OFFLINE=1 FRAMING_DOCS_NOTEBOOKS=$(abspath $(DOCS_NOTEBOOKS)) $(BIN)/python -m sphinx -E -W --keep-going -q -b html docs build/docs
	@echo "docs: build/docs/index.html"

# explore.html, the offline interactive explorer, from the figures folder's tables (make figures writes it too).
explore: $(STAMP)
	test -f $(OUT)/tables/02_sentences.csv || $(MAKE) figures
	$(BIN)/framing explore --figures $(OUT)

# Regenerate the demo's figures into $(CHECK_OUT) and compare them with the committed figures/: byte for
# byte when this machine wrote them, within the README's tolerances on another (framing check-figures).
check-figures: $(STAMP)
	rm -rf $(CHECK_OUT) $(CHECK_OUT).cache
	HF_HUB_OFFLINE=1 FRAMING_CACHE_DIR=$(abspath $(CHECK_OUT)).cache $(BIN)/framing figures --out $(CHECK_OUT)
	$(BIN)/framing check-figures $(CHECK_OUT) --expected figures

check-figures-restricted: $(STAMP)
	$(RESTRICTED) $(MAKE) --no-print-directory check-figures CHECK_OUT=build/figures-restricted

# The conventions, checked: ruff's lint and formatting (rules and line length in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The fast tests (a few minutes); it says how many of the opt-in kinds it left out.
test: $(STAMP) lint
	$(PYTEST)

# Every kind: the model, notebooks, browser, benchmarks, real data (CI runs this), on JOBS processes
# (pytest-xdist; the tests that need the executed notebooks share one worker).
# FRAMING_TEST_FIGURES=build/figures-check reuses the notebooks a check-figures run executed.
JOBS ?= 2
test-all: $(STAMP) lint
	$(PYTEST) --run all --durations=20 -n $(JOBS) --dist loadgroup

test-lowest:
	test -x $(LOWEST)/bin/python || $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet "$$(grep -E '^torch==' $(LOCK))" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(LOWEST)/bin/python -m pip install --quiet -c constraints-lowest.txt -e ".[test]"
	HF_HUB_OFFLINE=1 $(LOWEST)/bin/python -m pytest -p no:cacheprovider $(LOWEST_TESTS)
	$(LOWEST)/bin/python -m pip install --quiet "$(PANDAS3)"
	HF_HUB_OFFLINE=1 $(LOWEST)/bin/python -m pytest -p no:cacheprovider tests/corpus/test_corpus.py tests/test_bad_input.py
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
