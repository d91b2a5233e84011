"""Posts need connected accounts: connect them through the simulator, in-process."""

from __future__ import annotations

import pytest

from tests.accounts.test_connect import _user_and_actor, connect, sim  # noqa: F401  (fixture)


@pytest.fixture
def accounts(seeded, sim):  # noqa: F811
    """Bloom Coffee's X account and LinkedIn company page."""
    twitter = connect(seeded, sim, "twitter")[0][0]
    linkedin = next(a for a in connect(seeded, sim, "linkedin")[0] if a.kind == "organization")
    return {"twitter": twitter, "linkedin": linkedin}


@pytest.fixture
def actors(seeded):
    """The Bloom Coffee people by role."""
    return {name: _user_and_actor(seeded, f"{name}@allin.demo")[1]
            for name in ("manager", "creator", "client", "team")}
