"""Workflow tests reuse the content fixtures: Bloom Coffee's people and accounts connected through the
simulator; the publisher's tests start without injected faults."""

from __future__ import annotations

import pytest

from allin_app.platforms.simulator import faults
from tests.accounts.test_connect import sim  # noqa: F401  (fixture)
from tests.content.conftest import accounts, actors  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _no_faults():
    faults.clear()
    yield
    faults.clear()
