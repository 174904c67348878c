"""Shared fixtures. Real data lives in ../shared/data (never copied into the repository);
tests that need it skip with a reason when it is absent, as on a user's fresh clone."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it exists in CI, not in a user's clone)")
    return SHARED_DATA
