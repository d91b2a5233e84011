"""The demo clients' competitors, tracked the way a manager would: added by handle through the simulator's
public lookups, then read by the real job, replayed every other day over the last weeks with the clock set back
(`core.clock.clock_at`), so the follower and posting charts have history from the first visit.
Idempotent: a competitor already tracked is left alone. Run by the demo seed (admin/seed.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from allin_app.admin.seed import CLIENTS
from allin_app.analytics import competitor_collector, competitors
from allin_app.auth import service as auth
from allin_app.core.clock import clock_at, utcnow
from allin_app.core.errors import DomainError
from allin_app.orgs import service as orgs

DEMO_COMPETITORS = {
    CLIENTS[0]: (("twitter", "driftwoodroast"), ("twitter", "morningritual"), ("instagram", "driftwoodroast"),
                 ("instagram", "copperkettle"), ("facebook", "morningritual")),
    CLIENTS[1]: (("instagram", "ironpeakgym"), ("instagram", "flowstateyoga"), ("youtube", "ironpeakgym")),
}
HISTORY_DAYS = 30
EVERY_DAYS = 2  # the replayed readings; the live job reads daily
READ_AT_HOUR = 22  # UTC, each replayed day's reading


def seed_demo_competitors(db: Session) -> list[str]:
    from allin_app.platforms.simulator.autopilot import in_process_client

    start = (utcnow() - timedelta(days=HISTORY_DAYS)).replace(hour=READ_AT_HOUR, minute=0, second=0, microsecond=0)
    created = []
    with in_process_client() as sim:
        for client_name, wanted in DEMO_COMPETITORS.items():
            org = orgs.get_org_by_slug(db, orgs.slugify(client_name))
            if org is None:
                continue
            actor = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), org.id)
            tracked = {(c.network, c.handle) for c in competitors.list_competitors(db, actor)}
            for network, handle in wanted:
                if (network, handle) in tracked:
                    continue
                try:
                    with clock_at(start):
                        competitors.add_competitor(db, actor, network, handle, client=sim)
                except DomainError:  # the client has no account there (yet): nothing to look it up with
                    continue
                db.commit()
                created.append(f"competitor {network} {handle} for {client_name}")
        if created:
            for day in range(EVERY_DAYS, HISTORY_DAYS + 1, EVERY_DAYS):
                moment = min(start + timedelta(days=day), utcnow())
                with clock_at(moment):
                    competitor_collector.collect_competitors(now=moment, client=sim)
    return created
