# briefbot: every target creates the virtual environment and installs the project when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench eval eval-own clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)  ## Telegram bot when TELEGRAM_BOT_TOKEN is set (env or .env), terminal chat otherwise
	@$(BIN)/python -m bot start

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)  ## speed and memory benchmarks (figures go to docs/benchmarks.md)
	$(BIN)/python -m benchmarks

EVAL := ../shared/eval
eval: $(STAMP)  ## answer quality on the example questions: shipped knowledge, then bare knowledge
	@echo "== dev questions, shipped knowledge"
	@$(BIN)/python $(EVAL)/score.py $(EVAL)/dev_questions.yaml --cwd . \
		--cmd "$(CURDIR)/$(BIN)/python -m bot ask --json --batch" | grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"
	@echo "== dev questions, bare knowledge (no alternate questions, no synonyms)"
	@bare=$$(mktemp -d) && trap 'rm -rf "$$bare"' EXIT && \
	$(BIN)/python $(EVAL)/bare_knowledge.py knowledge "$$bare/knowledge" >/dev/null && \
	$(BIN)/python $(EVAL)/score.py $(EVAL)/dev_questions.yaml --cwd . --cmd \
		"env KNOWLEDGE_DIR=$$bare/knowledge KNOWLEDGE_INDEX=$$bare/index.db BRIEFBOT_DB=$$bare/state.db $(CURDIR)/$(BIN)/python -m bot ask --json --batch" \
		| grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"

eval-own: $(STAMP)  ## answer quality on our own blind question set, shipped then bare knowledge
	@echo "== own questions (tests/answer/own_questions.yaml), shipped knowledge"
	@$(BIN)/python $(EVAL)/score.py tests/answer/own_questions.yaml --cwd . \
		--cmd "$(CURDIR)/$(BIN)/python -m bot ask --json --batch" | grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"
	@echo "== own questions, bare knowledge (no alternate questions, no synonyms)"
	@bare=$$(mktemp -d) && trap 'rm -rf "$$bare"' EXIT && \
	$(BIN)/python $(EVAL)/bare_knowledge.py knowledge "$$bare/knowledge" >/dev/null && \
	$(BIN)/python $(EVAL)/score.py tests/answer/own_questions.yaml --cwd . --cmd \
		"env KNOWLEDGE_DIR=$$bare/knowledge KNOWLEDGE_INDEX=$$bare/index.db BRIEFBOT_DB=$$bare/state.db $(CURDIR)/$(BIN)/python -m bot ask --json --batch" \
		| grep -E "^  all |false-(answer|refusal) rate|failed:|^PASS"

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
