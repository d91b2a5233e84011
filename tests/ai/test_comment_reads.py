"""Each network's comment list, read by its adapter from the simulator, for the networks with one."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.content import PostContent
from allin_app.platforms.registry import ADAPTERS
from allin_app.platforms.simulator import comments as sim_comments
from allin_app.platforms.simulator import store
from tests.platforms.conftest import files, sim  # noqa: F401  (fixtures)
from tests.platforms.test_media_meta import a_photo, connect_meta
from tests.platforms.test_publish_contract import TEXT, connect, fresh
from tests.platforms.video_posts import clip, no_polling_pause  # noqa: F401  (an autouse fixture)

BANKS = set(sim_comments.POSITIVE) | set(sim_comments.NEUTRAL) | set(sim_comments.NEGATIVE)


def _publish(adapter, tokens, profile, files, network, number):  # noqa: F811
    if network == "instagram":
        return adapter.publish(tokens, profile, PostContent(text=TEXT, media=a_photo(files)))
    if network == "youtube":
        return adapter.publish(tokens, profile, PostContent(text=TEXT, title="Beans", media=(clip(files),)))
    return adapter.publish_text(tokens, profile, f"{TEXT} ({number})", idempotency_key=f"target-{number}")


@pytest.mark.parametrize("network", ["twitter", "facebook", "instagram", "youtube", "reddit"])
def test_comments_are_read_in_each_networks_shape(sim, files, network):  # noqa: F811
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect_meta(sim, network) if network == "instagram" else connect(sim, network)
        posts = [_publish(adapter, tokens, profile, files, network, n) for n in range(3)]
        traveller.shift(timedelta(days=2))
        tokens = fresh(adapter, tokens)
        reads = {}
        for post in posts:
            made = sim_comments.made_up_comments(store.get_post(network, post.external_id))
            read = adapter.post_comments(tokens, profile, post.external_id)
            assert [(c.external_id, c.author.lower()) for c in read] == [(m["id"], m["author"]) for m in made]
            assert all(c.text.endswith(m["text"]) and c.created_at for c, m in zip(read, made, strict=True))
            if network == "twitter":  # X replies open by naming whom they answer
                handle = next(p["handle"] for p in store.network_profiles(network) if p["external_id"] == profile)
                assert handle and all(c.text.startswith(f"@{handle.lstrip('@')} ") for c in read)
            reads[post.external_id] = read
        busiest = max(reads, key=lambda k: len(reads[k]))
        assert reads[busiest] and all(any(c.text.endswith(t) for t in BANKS) for c in reads[busiest])
        assert len(adapter.post_comments(tokens, profile, busiest, limit=3)) <= 3


def test_networks_without_a_comment_read():
    without = sorted(n for n, cls in ADAPTERS.items() if not hasattr(cls, "post_comments"))
    assert without == ["linkedin", "pinterest", "snapchat", "threads", "tiktok"]
