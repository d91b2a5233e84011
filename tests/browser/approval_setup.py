"""Bloom Coffee, the demo client, publishes approved posts only (Internal review -> Client review, seeded).
Browser tests about publishing itself clear their posts first, as a manager would in a hurry: a recorded
fast-track; a test of scheduling on import works in the organization with approvals off for a moment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.orgs import service as orgs
from allin_app.workflow import approvals


def _as(db, email: str):
    return orgs.actor_for(db, auth.find_user_by_email(db, email),
                          orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0])).id)


def fast_track(live_app, post_id: int, reason: str = "Cleared for a browser test of publishing") -> None:
    with live_app.db() as db:
        approvals.fast_track(db, _as(db, "manager@allin.demo"), [post_id], reason)
        db.commit()


@contextmanager
def approvals_off(live_app) -> Iterator[None]:
    with live_app.db() as db:
        approvals.set_approvals_enabled(db, _as(db, "agency@allin.demo"), False)
        db.commit()
    try:
        yield
    finally:
        with live_app.db() as db:
            approvals.set_approvals_enabled(db, _as(db, "agency@allin.demo"), True)
            db.commit()
