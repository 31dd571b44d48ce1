# Executable Math for Data Science and ML — build, test and time the book.
# `make test` and `make book` set up everything they need in .venv on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Exact versions (torch pinned to the 2.13.0 CPU build; a looser pin pulls
# several GB of CUDA wheels).
LOCK   := requirements-lock.txt

.DEFAULT_GOAL := help
.PHONY: help book html pdf preview test test-py313 notebooks bench lint math pdfcheck macros lock clean

help:  ## List the targets
	@echo "Executable Math for Data Science and ML"
	@echo
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c $(LOCK) -e ".[test]"
	@touch $(STAMP)

QUARTO_ENV := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" QUARTO_PYTHON="$(CURDIR)/$(PY)"
define need_quarto
	@command -v quarto >/dev/null 2>&1 || { \
	  echo "make $@ needs the Quarto CLI, which is not on PATH."; \
	  echo "Install it from https://quarto.org/docs/get-started/"; \
	  echo "or with conda: conda env create -f environment.yml (conda-forge 'quarto')."; \
	  echo "Everything else (execution, lint, math, PDF assembly) runs without it: make test."; \
	  exit 1; }
endef

book: $(STAMP)  ## Render the HTML site and the PDF into _book/ (needs Quarto)
	$(need_quarto)
	$(QUARTO_ENV) quarto render

html: $(STAMP)  ## Render only the HTML site (faster while writing; needs Quarto)
	$(need_quarto)
	$(QUARTO_ENV) quarto render --to html

pdf: $(STAMP)  ## Render only the PDF book (needs Quarto and LuaLaTeX)
	$(need_quarto)
	$(QUARTO_ENV) quarto render --to pdf

preview: $(STAMP)  ## Live HTML preview of one chapter: make preview CHAPTER=chapters/05-matrices-linear-maps.qmd
	$(need_quarto)
	@test -n "$(CHAPTER)" || { echo "usage: make preview CHAPTER=chapters/NN-slug.qmd"; exit 1; }
	$(QUARTO_ENV) quarto preview $(CHAPTER) --to html

test: $(STAMP)  ## Unit tests, chapter execution, markup lint and LaTeX math check
	$(PY) -m pytest

# A second Python: the newest the machines have. The PyTorch CPU wheel is
# cp311 only (on 3.13 pip would pull GBs of CUDA wheels), so this job
# installs every other pinned requirement and the PyTorch tests skip,
# each with its reason (-rs prints them).
PY313    ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3.13)
VENV313  := .venv313
STAMP313 := $(VENV313)/.installed

$(STAMP313): pyproject.toml $(LOCK)
	$(PY313) -m venv $(VENV313)
	grep -v '^torch==' $(LOCK) > $(VENV313)/constraints.txt
	PYTHONPATH=code $(PY313) -m bookcheck.requirements > $(VENV313)/requirements.txt
	$(VENV313)/bin/python -m pip install --quiet -c $(VENV313)/constraints.txt \
	  -r $(VENV313)/requirements.txt
	$(VENV313)/bin/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP313)

test-py313: $(STAMP313)  ## Unit tests and doctests on Python 3.13, without PyTorch
	$(VENV313)/bin/python -m pytest -m "not book" -rs -p no:cacheprovider \
	  --doctest-modules code/execmath tests

notebooks: $(STAMP)  ## Every chapter as an executed notebook in _build/notebooks/
	$(PY) -m bookcheck notebooks

bench: $(STAMP)  ## Cold time per chapter, slowest cells, unit tests (_build/bench.md); BASELINE=old bench.json compares
	$(PY) -m bookcheck bench $(if $(BASELINE),--baseline $(BASELINE))

lint: $(STAMP)  ## Only the markup lint
	$(PY) -m bookcheck lint

math: $(STAMP)  ## Only the LaTeX math check
	$(PY) -m bookcheck math

pdfcheck: $(STAMP)  ## Only the whole-book PDF assembly check (pandoc + lualatex, no Quarto)
	$(PY) -m bookcheck pdf

macros: $(STAMP)  ## Rewrite _macros-mathjax.html after editing _macros.tex
	$(PY) -m bookcheck macros

lock: $(STAMP)  ## Rewrite requirements-lock.txt from the current .venv
	{ echo "# Exact versions that 'make' and CI install (pip install -c this file)."; \
	  echo "# Regenerate with: make lock. torch is the CPU build; keep it at 2.13.0."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v '^execmath' | \
	  sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/'; } > $(LOCK)

clean:  ## Remove build outputs (keeps .venv)
	rm -rf _book _build .quarto .pytest_cache
