"""A small, hand-checkable week of Bloom Coffee figures, recorded through the collector's storing code.

Period 4-10 May 2026 (the previous one: 27 April - 3 May), Bloom in UTC:
- P3 (manager, X, 28 Apr 10:00): 1000 impressions / 50 likes on 28 Apr; 1200 / 60 on 5 May.
- P1 (manager, X + Facebook, 4 May 09:00, a link, campaign "Spring"): X 500 imp, 20 likes, 10 clicks on
  4 May; Facebook 800 imp, 600 reach, 30/5/3/2 likes/comments/shares/saves, 8 clicks on 4 May, then
  1000 imp, 700 reach, 40/6/3/3, 9 clicks on 6 May.
- P2 (creator, Facebook, 5 May 18:00, assigned to the team member): 300 imp, 250 reach, 25/2/1/2 on 5 May.
- Followers: X 1000 (28 Apr) then 1030 (5 May); Facebook 2000 (4 May) then 2050 (6 May).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from allin_app.analytics import collector
from allin_app.analytics.queries import Filters
from allin_app.platforms.base import AccountMetrics, PostMetrics
from tests.analytics.rollup_data import add_account, add_campaign, add_published, bloom, user_id

PERIOD = Filters(date(2026, 5, 4), date(2026, 5, 10))


def at(day: int, hour: int, month: int = 5) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def record_week(db) -> dict:
    org = bloom(db)
    x, fb = add_account(db, org.id, "twitter", "bloomx"), add_account(db, org.id, "facebook", "bloomfb")
    spring = add_campaign(db, org.id, "Spring")
    manager, creator, team = user_id(db, "manager"), user_id(db, "creator"), user_id(db, "team")
    (p3,) = add_published(db, org.id, manager, [x], at(28, 10, 4), text="Last week's cold brew")
    p1x, p1fb = add_published(db, org.id, manager, [x, fb], at(4, 9), text="Spring menu is here",
                              link="https://bloom.example/spring", campaign_id=spring.id)
    (p2,) = add_published(db, org.id, creator, [fb], at(5, 18), text="Latte art class", assignee_id=team)
    store = collector.store_readings
    store(db, org.id, x.id, at(28, 20, 4), [(p3, PostMetrics(impressions=1000, likes=50))], AccountMetrics(1000))
    store(db, org.id, x.id, at(4, 21), [(p1x, PostMetrics(impressions=500, likes=20, clicks=10))], None)
    store(db, org.id, fb.id, at(4, 21), [(p1fb, PostMetrics(800, 600, 30, 5, 3, 8, 2))], AccountMetrics(2000))
    store(db, org.id, x.id, at(5, 20), [(p3, PostMetrics(impressions=1200, likes=60))], AccountMetrics(1030))
    store(db, org.id, fb.id, at(5, 22), [(p2, PostMetrics(300, 250, 25, 2, 1, 0, 2))], None)
    store(db, org.id, fb.id, at(6, 21), [(p1fb, PostMetrics(1000, 700, 40, 6, 3, 9, 3))], AccountMetrics(2050))
    db.commit()
    return {"org": org, "x": x, "fb": fb, "spring": spring, "p1": p1x.post_id, "p2": p2.post_id, "p3": p3.post_id}
