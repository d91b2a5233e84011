"""Published posts with chosen figures written straight into post_totals, for the prediction, best-time and
analyze tests (the collector's own path is covered by the analytics tests)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post, PostTarget
from tests.analytics.rollup_data import add_account, bloom, user_id  # noqa: F401  (re-exported)


def add_history(db, org_id: int, author_id: int, account, moments: list[datetime], rate, *, text="A post",
                media=lambda n: False, assignee_id=None) -> None:
    """One published post per moment on `account`; rate(n, moment) gives its engagement rate (%)."""
    for number, at in enumerate(moments):
        post = Post(org_id=org_id, author_user_id=author_id, status="published", scheduled_at=at,
                    text=text(number) if callable(text) else text, assignee_user_id=assignee_id)
        db.add(post)
        db.flush()
        target = PostTarget(post_id=post.id, org_id=org_id, account_id=account.id, network=account.network,
                            status="published", scheduled_at=at, published_at=at,
                            idempotency_key=secrets.token_hex(16), external_id=secrets.token_hex(8))
        db.add(target)
        db.flush()
        reach = 1000
        db.add(PostTotal(target_id=target.id, org_id=org_id, post_id=post.id, account_id=account.id,
                         network=account.network, author_user_id=author_id, assignee_user_id=assignee_id,
                         content_type="image" if media(number) else "text", published_at=at,
                         published_on=at.date(), last_collected_at=at + timedelta(days=1), reach=reach,
                         impressions=reach, engagements=round(rate(number, at) * reach / 100)))
    db.flush()


def every_day(start: datetime, count: int, hours=(9, 13, 19)) -> list[datetime]:
    return [start + timedelta(days=n // len(hours), hours=hours[n % len(hours)] - start.hour) for n in range(count)]
