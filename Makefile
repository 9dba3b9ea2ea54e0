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

.PHONY: test demo dist dist-test rust-fmt rust-lint rust-test python-build python-test node-build node-test clean

test: check-versions rust-fmt rust-lint rust-test python-test node-test dist-test

# What would be published (dist/), and the proof that it installs and runs without Rust.
dist: dist-python dist-node

dist-test: test-dist-python test-dist-node

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
	$(ERRORS_CHECK)
	cargo run -q -p vobiz-partner --example operations | $(PYTHON) tools/gen_python_surface.py --check
	$(VPY) tools/gen_sync.py --check
	$(VPY) -m mypy.stubtest vobiz_partner
	$(VPY) -m mypy --strict bindings-python/vobiz_partner examples/quickstart.py examples/workflows.py examples/webhooks.py tests/python
	$(VPY) -m pytest tests/python -q

# --- generated models (from the core's schemas) ----------------------------------------
.PHONY: models
models:
	cargo run -q -p vobiz-partner --example model_schemas | $(PYTHON) tools/gen_models.py

# --- generated error classes (from the core's error catalogue) -------------------------
# Python: bindings-python/vobiz_partner/_errors.py; Node: bindings-node/ts/errors.ts (compiled
# by node-build with the rest of ts/). python-test and node-test fail when one is stale.
.PHONY: errors
ERRORS_CHECK := cargo run -q -p vobiz-partner --example error_catalogue | $(PYTHON) tools/gen_errors.py --check

errors:
	cargo run -q -p vobiz-partner --example error_catalogue | $(PYTHON) tools/gen_errors.py

# --- generated Python client methods and request types (from the core's operations) ----
# `make generate` regenerates everything generated from the core: models, error classes,
# then the Python surface (which reads models.py), then the sync twins.
.PHONY: surface generate
surface: $(VENV)/.installed
	cargo run -q -p vobiz-partner --example operations | $(PYTHON) tools/gen_python_surface.py
	$(VPY) tools/gen_sync.py

generate: models errors
	$(MAKE) surface surface-node

# --- sync twins of the async Python clients (generated with unasync) ------------------
.PHONY: sync-clients
sync-clients: $(VENV)/.installed
	$(VPY) tools/gen_sync.py

# --- Node ------------------------------------------------------------------------------
# node-build: the addon (napi build, with its declarations native.d.ts), then the JS layer:
# tsc compiles bindings-node/ts into bindings-node/*.js and *.d.ts (tools/build_node.mjs).
node-build: node_modules/.installed
	npx napi build --platform --target $(HOST) --manifest-path bindings-node/Cargo.toml --features test-hooks \
		--package-json-path package.json --output-dir bindings-node --js native.js --dts native.d.ts
	node tools/build_node.mjs

node-test: node-build
	$(ERRORS_CHECK)
	cargo run -q -p vobiz-partner --example operations | $(PYTHON) tools/gen_node_surface.py --check
	node --test tests/node/*.test.mjs

# --- generated Node surface (every operation's method, from the core's declarations) ---
.PHONY: surface-node
surface-node:
	cargo run -q -p vobiz-partner --example operations | $(PYTHON) tools/gen_node_surface.py

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
	rm -rf $(VENV) node_modules dist

# --- Python distribution ---
# `dist-python`: into dist/, the release wheel (cp39-abi3, manylinux2014 = glibc 2.17, x86_64;
# linked with zig from PyPI, default features only: never `test-hooks`) and the sdist, each
# checked (tags, Requires-Python, contents; `auditwheel show`). `test-dist-python`: the wheel
# installed by file into a fresh venv with no Rust on PATH runs the README's Python quickstart;
# a missing native module or an old Python fails with one clear ImportError; the sdist builds
# with pip in a fresh venv where Rust is present.
# The zig-linked build has its own target dir: cargo rebuilds every crate when the linker
# changes, so sharing target/$(PYDIST_TARGET)/release with host-linked release builds (napi's)
# would rebuild everything on each switch. The sdist test (host linker, like a user's
# `pip install`) has its own too, keeping its compiled dependencies between runs.
PYDIST_TARGET := x86_64-unknown-linux-gnu
PYDIST_ZIG := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/maturin build --release --zig \
	--compatibility manylinux2014 --auditwheel check --target $(PYDIST_TARGET) \
	--target-dir target/dist-python
PYDIST_WHEEL := dist/vobiz_partner-*.whl
PYDIST_SDIST := dist/vobiz_partner-*.tar.gz

.PHONY: dist-python test-dist-python dist-python-size

$(VENV)/.dist-installed: $(VENV)/.installed requirements-dist.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dist.txt
	touch $@

dist-python: $(VENV)/.dist-installed
	rm -f $(PYDIST_WHEEL) $(PYDIST_SDIST)
	$(PYDIST_ZIG) --out dist
	$(VENV)/bin/maturin sdist --out dist
	$(VPY) tools/dist_python.py check-wheel '$(PYDIST_WHEEL)' --auditwheel $(VENV)/bin/auditwheel
	$(VPY) tools/dist_python.py check-sdist '$(PYDIST_SDIST)'

test-dist-python: dist-python
	$(VPY) tools/dist_python.py test-wheel '$(PYDIST_WHEEL)' --python $(PYTHON)
	$(VPY) tools/dist_python.py test-sdist '$(PYDIST_SDIST)' --python $(PYTHON) \
		--target-dir target/dist-python-sdist --constraints requirements-dev.txt

# The wheel's size with and without the embedded sandbox (cargo feature `sandbox`, default):
# both release wheels built as dist-python builds them, into target/dist-python-size/.
dist-python-size: $(VENV)/.dist-installed
	rm -rf target/dist-python-size
	$(PYDIST_ZIG) --quiet --out target/dist-python-size/with-sandbox
	$(PYDIST_ZIG) --quiet --no-default-features --out target/dist-python-size/without-sandbox
	$(VPY) tools/dist_python.py size 'target/dist-python-size/with-sandbox/*.whl' \
		'target/dist-python-size/without-sandbox/*.whl'

# --- Node distribution ---
# dist-node: the npm tarballs in dist/ (tools/dist_node.mjs): vobiz-partner (JS and types, no
# binary, no install script; optionalDependencies on the platform package) and
# @vobiz-partner/linux-x64-gnu (only the release addon, with the sandbox, without test-hooks).
# test-dist-node: installs them by file into a fresh project with no Rust on PATH and runs the
# README's Node quickstart (import and require), then the main package alone (the clear error).
# check-versions: one version in Cargo, npm (package.json, lock, npm/*), pyproject, user agent;
# with its self-test (each mismatch in a temp copy is refused).
# size-node: the release addon's size with and without the embedded sandbox.
.PHONY: dist-node test-dist-node check-versions size-node

dist-node: node_modules/.installed
	PYTHON=$(PYTHON) node tools/dist_node.mjs

test-dist-node: dist-node
	node tools/test_dist_node.mjs

check-versions:
	$(PYTHON) tools/check_versions.py
	$(PYTHON) tools/check_versions.py --self-test

size-node: node_modules/.installed
	PYTHON=$(PYTHON) node tools/dist_node.mjs size
