"""The demo history replays past days through the real publish and collect code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from allin_app.analytics import history
from allin_app.analytics.models import MetricSnapshot, OrgDaily, PostTotal
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.workflow.models import Notification


def test_reading_moments_thin_out_with_age():
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    moments = history.reading_moments(date(2025, 11, 26), now)
    recent = [m for m in moments if (now.date() - m.date()).days <= 35]
    middle = [m for m in moments if 35 < (now.date() - m.date()).days <= 98]
    assert len(recent) == 35 and all(m.hour == 23 for m in moments)  # every evening, yesterday included
    assert len(middle) == 9  # weekly
    assert len(moments) - len(recent) - len(middle) <= 10  # every four weeks before that


def test_a_replayed_fortnight_publishes_and_collects_like_live_use(seeded, sim, accounts):
    now = utcnow()
    made = history.make_history(sim, now=now, days=14)
    assert made and "Bloom Coffee Co." in made[0]
    seeded.expire_all()
    targets = seeded.exec(select(PostTarget).where(PostTarget.status == "published")).all()
    assert targets and all(now - timedelta(days=15) < as_utc(t.published_at) < now for t in targets)
    posts = seeded.exec(select(Post)).all()
    assert all(as_utc(p.created_at) < now - timedelta(hours=1) for p in posts)  # written back then
    readings = seeded.exec(select(MetricSnapshot)).all()
    published = {t.id: as_utc(t.published_at) for t in targets}
    assert readings and all(as_utc(r.captured_at) > published[r.target_id] for r in readings)
    assert {t.target_id for t in seeded.exec(select(PostTotal))} == set(published)
    assert seeded.exec(select(OrgDaily)).first() is not None
    assert not seeded.exec(select(Notification).where(Notification.read_at == None)).all()
    assert history.make_history(sim, now=now, days=14) == []  # a second run leaves it alone
