"""The deployment files say what the README promises. Docker cannot run on the test machines,
so the Dockerfile is read, not built: slim base, non-root user, knowledge and data as volumes,
paths that match the settings."""

from __future__ import annotations

import re

from bot.config import Settings
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
TOOL_VARIABLES = {
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MPLCONFIGDIR",
}
UNIT = (ROOT / "deploy" / "briefbot.service").read_text(encoding="utf-8")


def instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [m[1].strip() for m in re.finditer(rf"^{name}\s+(.*)$", joined, re.MULTILINE)]


def test_dockerfile_runs_the_bot_as_a_non_root_user_from_a_slim_python() -> None:
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)
    (user,) = instructions("USER")
    assert user not in ("root", "0") and "useradd --system --uid 10001" in DOCKERFILE
    assert instructions("CMD") == ['["briefbot", "run"]']


def test_dockerfile_keeps_knowledge_and_databases_in_volumes() -> None:
    (volumes,) = instructions("VOLUME")
    assert volumes == '["/app/knowledge", "/data"]'
    env = " ".join(instructions("ENV"))
    settings = dict(re.findall(r"(\w+)=(\S+)", env))
    assert settings["KNOWLEDGE_DIR"] == "/app/knowledge"
    for name in ("BRIEFBOT_DB", "KNOWLEDGE_INDEX", "DRAFTS_DIR"):
        assert settings[name].startswith("/data/"), name
    for name in settings:  # every variable is a briefbot setting or a known tool's
        assert name in Settings.model_fields or name in TOOL_VARIABLES, name
    assert "HEALTHCHECK" in DOCKERFILE and '"briefbot", "doctor"' in DOCKERFILE


def test_dockerignore_keeps_secrets_and_state_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", "data", ".git"} <= set(ignored)


def test_systemd_unit_runs_briefbot_unprivileged() -> None:
    assert "ExecStart=/opt/briefbot/.venv/bin/briefbot run" in UNIT
    assert re.search(r"^User=briefbot$", UNIT, re.MULTILINE)
    assert "WorkingDirectory=/opt/briefbot" in UNIT and "Restart=on-failure" in UNIT
    assert "ProtectSystem=strict" in UNIT and "/opt/briefbot/data" in UNIT
