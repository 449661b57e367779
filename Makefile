# briefbot: every target creates the virtual environment and installs the project when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench eval clean

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

eval: $(STAMP)  ## answer quality on the example questions
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev_questions.yaml \
		--cmd "$(BIN)/python -m bot ask --json --batch" --cwd .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
