# briefbot: every target creates the virtual environment and installs the project when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-rebuild eval eval-own eval-r2 eval-files clean

# The first install takes 1-2 minutes (about 80 s on a 2-core machine with a warm pip cache):
# say so, and let pip show what it downloads, so it cannot be mistaken for a hang.
$(STAMP): pyproject.toml
	@if test -x $(BIN)/python; then \
		echo "pyproject.toml changed: updating $(VENV) (usually under a minute)."; \
	else \
		echo "First run: creating $(VENV) and installing briefbot with its dependencies"; \
		echo "(python-telegram-bot, sqlite-utils, pydantic, matplotlib, test tools...)."; \
		echo "This usually takes 1-2 minutes; pip's progress follows."; \
		$(PYTHON) -m venv $(VENV); \
	fi
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e ".[dev]"
	@touch $(STAMP)
	@echo "Installed. Next runs start at once."

run: $(STAMP)  ## Telegram bot when TELEGRAM_BOT_TOKEN is set (env or .env), terminal chat otherwise
	@$(BIN)/python -m bot start

# Tests run in parallel, one pytest-xdist worker per core ("worksteal": an idle worker takes
# tests queued for a busy one, as a few tests wait seconds on pacing or a subprocess);
# `make test TEST_WORKERS=0` runs them in one process.
TEST_WORKERS ?= auto
test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

lint: $(STAMP)  ## ruff lint and format check, mypy, the import layers (config in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)  ## speed and memory benchmarks (figures go to docs/benchmarks.md)
	$(BIN)/python -m benchmarks

bench-rebuild: $(STAMP)  ## a full rebuild of 10,000 facts for real (about ten minutes on 2 cores)
	$(BIN)/python -m benchmarks.rebuild

EVAL ?= ../shared/eval
eval-files:  # the eval files are not in the repository: say where they are, not "can't open file"
	@test -f $(EVAL)/score.py -a -f $(EVAL)/dev_questions.yaml -a -f $(EVAL)/bare_knowledge.py || { \
		echo "make eval: no eval files in $(EVAL) (score.py, dev_questions.yaml, bare_knowledge.py)."; \
		echo "They are not in the repository: they live in the team's shared folder, beside"; \
		echo "the checkout as ../shared/eval. Copy or link that folder there, or run"; \
		echo "make eval EVAL=/path/to/eval."; \
		exit 2; }

eval: $(STAMP) eval-files  ## answer quality on the example questions: shipped knowledge, then bare knowledge
	@echo "== dev questions, shipped knowledge"
	@$(BIN)/python $(EVAL)/score.py $(EVAL)/dev_questions.yaml --cwd . \
		--cmd "$(CURDIR)/$(BIN)/python -m bot ask --json --batch" | grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"
	@echo "== dev questions, bare knowledge (no alternate questions, no synonyms)"
	@bare=$$(mktemp -d) && trap 'rm -rf "$$bare"' EXIT && \
	$(BIN)/python $(EVAL)/bare_knowledge.py knowledge "$$bare/knowledge" >/dev/null && \
	$(BIN)/python $(EVAL)/score.py $(EVAL)/dev_questions.yaml --cwd . --cmd \
		"env KNOWLEDGE_DIR=$$bare/knowledge KNOWLEDGE_INDEX=$$bare/index.db BRIEFBOT_DB=$$bare/state.db $(CURDIR)/$(BIN)/python -m bot ask --json --batch" \
		| grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"

# One blind set scored on the shipped knowledge, then on the bare copy (no alternate questions,
# no synonyms: what a new article starts with). $(1) = the set's file.
define score_set
	@echo "== $(1), shipped knowledge"
	@$(BIN)/python $(EVAL)/score.py $(1) --cwd . \
		--cmd "$(CURDIR)/$(BIN)/python -m bot ask --json --batch" | grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"
	@echo "== $(1), bare knowledge (no alternate questions, no synonyms)"
	@bare=$$(mktemp -d) && trap 'rm -rf "$$bare"' EXIT && \
	$(BIN)/python $(EVAL)/bare_knowledge.py knowledge "$$bare/knowledge" >/dev/null && \
	$(BIN)/python $(EVAL)/score.py $(1) --cwd . --cmd \
		"env KNOWLEDGE_DIR=$$bare/knowledge KNOWLEDGE_INDEX=$$bare/index.db BRIEFBOT_DB=$$bare/state.db $(CURDIR)/$(BIN)/python -m bot ask --json --batch" \
		| grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"
endef

eval-own: $(STAMP) eval-files  ## answer quality on our own blind question set, shipped then bare knowledge
	$(call score_set,tests/answer/own_questions.yaml)

eval-r2: $(STAMP) eval-files  ## the same on the second blind set (tests/answer/own_questions_r2.yaml)
	$(call score_set,tests/answer/own_questions_r2.yaml)

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
