# The two commands of the README: `make demo` and `make test`. Everything they need is
# installed here (a .venv for Python tools, `npm install` for Node tools); nothing is assumed
# to be on the machine beyond Rust, Python 3 and Node.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
HOST := $(shell rustc -vV | sed -n 's/^host: //p')
NODE_ADDON := bindings-node/vobiz-partner.$(shell node -p "process.platform + '-' + process.arch")-gnu.node

.PHONY: test demo rust-fmt rust-lint rust-test python-build python-test node-build node-test clean

test: rust-fmt rust-lint rust-test python-test node-test

# --- tools -----------------------------------------------------------------------------
$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm install --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# --- Rust ------------------------------------------------------------------------------
rust-fmt:
	cargo fmt --all --check

rust-lint:
	cargo clippy --workspace --all-targets -- -D warnings

rust-test:
	cargo test --workspace

# --- Python ----------------------------------------------------------------------------
python-build: $(VENV)/.installed
	$(VENV)/bin/maturin develop --quiet --target $(HOST) --features test-hooks

python-test: python-build
	cargo run -q -p vobiz-partner --example model_schemas | $(PYTHON) tools/gen_models.py --check
	$(VPY) tools/gen_sync.py --check
	$(VPY) -m mypy.stubtest vobiz_partner
	$(VPY) -m mypy --strict bindings-python/vobiz_partner examples/quickstart.py examples/workflows.py examples/webhooks.py tests/python
	$(VPY) -m pytest tests/python -q

# --- generated models (from the core's schemas) ----------------------------------------
.PHONY: models
models:
	cargo run -q -p vobiz-partner --example model_schemas | $(PYTHON) tools/gen_models.py

# --- sync twins of the async Python clients (generated with unasync) ------------------
.PHONY: sync-clients
sync-clients: $(VENV)/.installed
	$(VPY) tools/gen_sync.py

# --- Node ------------------------------------------------------------------------------
node-build: node_modules/.installed
	npx napi build --platform --target $(HOST) --manifest-path bindings-node/Cargo.toml --features test-hooks \
		--package-json-path package.json --output-dir bindings-node --js native.js --dts native.d.ts

node-test: node-build
	node --test tests/node/*.test.mjs

# --- demo ------------------------------------------------------------------------------
demo: python-build node-build
	cargo build --quiet -p vobiz-sandbox
	bash examples/sandbox_walkthroughs.sh
	cargo run --quiet -p vobiz-partner --example quickstart
	cargo run --quiet -p vobiz-partner --example typed_flows
	$(VPY) examples/quickstart.py
	$(VPY) examples/webhooks.py
	$(VPY) examples/workflows.py
	node examples/quickstart.mjs
	node examples/workflows.mjs

clean:
	cargo clean
	rm -rf $(VENV) node_modules
