"""AllIN's short links: one per organization and target, counting clicks, served at /l/<code>."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from allin_app.content import links
from allin_app.content import service as posts
from allin_app.core.errors import NotFound, ValidationFailed


def test_the_same_target_gets_the_same_code_per_organization(seeded, actors):
    manager = actors["manager"]
    first = links.short_link(seeded, manager.org_id, "https://bloom.example/menu")
    again = links.short_link(seeded, manager.org_id, "https://bloom.example/menu")
    other = links.short_link(seeded, manager.org_id, "https://bloom.example/hours")
    assert first.id == again.id and first.code != other.code and len(first.code) == links.CODE_LENGTH
    assert links.short_url(first).endswith(f"/l/{first.code}")
    with pytest.raises(ValidationFailed, match="https://"):
        links.short_link(seeded, manager.org_id, "javascript:alert(1)")


def test_link_for_tags_per_network_then_shortens(seeded, accounts, actors):
    post = posts.create_post(seeded, actors["manager"], posts.PostDraft(
        text="Menu", link="https://bloom.example/menu", account_ids=(accounts["twitter"].id,),
        options={"utm": "on", "utm_campaign": "autumn", "shorten": "on"}))
    for_x = links.link_for(seeded, post, "twitter")
    assert "/l/" in for_x and for_x != links.link_for(seeded, post, "linkedin")  # one code per network's tags
    code = for_x.rsplit("/", 1)[1]
    assert links.follow(seeded, code) == ("https://bloom.example/menu?utm_source=twitter&utm_medium=social"
                                          "&utm_campaign=autumn")
    post.options = {}
    assert links.link_for(seeded, post, "twitter") == "https://bloom.example/menu"


def test_following_a_short_link_redirects_and_counts(seeded, actors):
    link = links.short_link(seeded, actors["manager"].org_id, "https://bloom.example/")
    seeded.commit()
    client = TestClient(create_api())
    answer = client.get(f"/l/{link.code}", follow_redirects=False)
    assert answer.status_code == 302 and answer.headers["location"] == "https://bloom.example/"
    client.get(f"/l/{link.code}", follow_redirects=False)
    seeded.refresh(link)
    assert link.clicks == 2 and link.last_clicked_at is not None
    assert client.get("/l/nope", follow_redirects=False).status_code == 404
    with pytest.raises(NotFound):
        links.follow(seeded, "nope")
