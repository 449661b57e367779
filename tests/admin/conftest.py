"""The admin tests run on the fixed test knowledge, not on the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fixed_knowledge_copy


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """Overrides the root fixture: a writable copy of tests/knowledge_fixed/."""
    return fixed_knowledge_copy(tmp_path)
