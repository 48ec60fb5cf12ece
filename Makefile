# The README's two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The window's translations: Qt Linguist sources (desktop/ui/i18n/<language>/<feature>.ts,
# refreshed from the code by scripts/update_translations.py) compiled with Qt's lrelease.
TS := $(wildcard desktop/ui/i18n/*/*.ts)
QM := $(TS:.ts=.qm)

# llama.cpp is compiled once by scripts/build_engine.py (progress shown, only the libraries
# Cloister loads, cached by CMAKE_ARGS). GGML_NATIVE=OFF gives a portable binary: a
# -march=native build segfaults on some CPUs (AMX kernels) and is wrong for an installer anyway.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: setup setup-tests run test lint bench bench-search bench-audit bench-docs screenshot screenshots clean \
	bundle package package-check check-inno

# What `make run` needs: the environment, the translations and the starter model.
setup: $(STAMP) $(QM)
	@$(PY) scripts/fetch_models.py

# What `make test` and the benches need: the starter model and the test models too.
# The tests also need llama-server with HTTPS (the firm-server tests' real server, issue 23):
# built once from the vendored llama.cpp, a few minutes on a fresh machine.
setup-tests: $(STAMP) $(QM)
	@$(PY) scripts/fetch_models.py --tests
	@PY=$(PY) bench/build_llama_bench.sh llama-server >/dev/null

%.qm: %.ts $(STAMP)
	@$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

$(STAMP): pyproject.toml scripts/build_engine.py scripts/llama_without_common.cmake
	@echo "==> Setting up the Python environment in $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) scripts/build_engine.py
	@echo "==> Installing Cloister and its Python dependencies (PySide6, SQLCipher...)"
	@$(PY) -m pip install --quiet -e '.[test]' > $(VENV)/pip-install.log 2>&1 \
		|| { cat $(VENV)/pip-install.log; exit 1; }
	@touch $@

run: setup
	$(PY) -m desktop

test: setup-tests
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check desktop tests scripts bench
	$(VENV)/bin/ruff format --check desktop tests scripts bench
	$(VENV)/bin/lint-imports

# Cloister's engine next to llama.cpp's own llama-bench (built from the same vendored source).
bench: setup-tests
	$(PY) bench/engine_bench.py --llama-bench "$$(bench/build_llama_bench.sh)"

# Search over 100,000 messages in an encrypted store: p50 / p95 / worst per kind of query.
bench-search: setup-tests
	$(PY) bench/search_bench.py

# Audit log: durable appends per second; export and verify of 1,000,000 records.
bench-audit: setup-tests
	$(PY) bench/audit_bench.py

# Documents (issue 19's figures): ingest of 1,000 pages, retrieval quality and time to first
# token (docs_bench); embedding against llama.cpp's llama-embedding (built from the vendored
# source like llama-bench); retrieval over 100,000 encrypted chunks; OCR and long PDFs.
bench-docs: setup-tests
	$(PY) bench/docs_bench.py
	$(PY) bench/embed_bench.py --llama-embedding "$$(bench/build_llama_bench.sh llama-embedding)"
	$(PY) bench/retrieval_bench.py
	$(PY) bench/ocr_bench.py

# Every main screen in light and dark, English and German, under Xvfb (docs/screenshots/).
screenshots: setup
	scripts/screenshot.sh docs/screenshot.png docs/screenshot-documents.png
screenshot: screenshots

# Installers (installer/README.md). The bundle carries the starter model unless BUNDLE_MODEL=0.
BUNDLE_MODEL ?= 1
PACKAGE_STAMP := $(VENV)/.package-installed

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $@

# dist/Cloister: the one-folder bundle of build.spec.
bundle: setup $(PACKAGE_STAMP)
	CLOISTER_BUNDLE_MODEL=$(BUNDLE_MODEL) $(PY) -m PyInstaller --noconfirm --log-level WARN \
		--workpath build/pyinstaller --distpath dist build.spec
	@du -sh dist/Cloister

# dist/cloister_<version>_<arch>.deb
package: bundle
	installer/linux/build_deb.sh dist/Cloister dist
	@du -h dist/cloister_*.deb

# Install (or unpack) the .deb and run the frozen self-tests headless (CI does this).
package-check: package
	installer/linux/check_package.sh $$(ls -t dist/cloister_*.deb | head -1)

# Compile installer/windows/cloister.iss with Inno Setup's ISCC.exe under wine (installs both
# if missing) against a stand-in bundle: the real one is built on Windows (release workflow).
check-inno:
	installer/windows/check_inno.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
