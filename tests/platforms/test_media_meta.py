"""Media publishing on the Meta networks (Facebook Pages, Instagram, Threads) against the simulator:
each kind of post publishes, is listed, grows metrics and is deleted where the API allows; first
comments; Threads threads; the networks' own quotas; media refused by each network's rules; and the
failures a publisher must survive."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import (
    ContentRejected,
    NotFound,
    PlatformError,
    PublishingQuota,
    RateLimited,
    Transient,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.registry import ADAPTERS
from allin_app.platforms.simulator import faults, graph_media, store
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from tests.platforms.media_files import broken, described, image, video
from tests.platforms.test_publish_contract import connect

NETWORKS = ("facebook", "instagram", "threads")
CAPTION = "Autumn menu: pumpkin spice flat white is back #bloomcoffee"
COMMENT = "Full menu at bloom.example/menu"
COMMENT_SCOPES = {"facebook": "pages_manage_engagement", "instagram": "instagram_manage_comments"}
CASES = [("facebook", "image"), ("facebook", "images"), ("facebook", "video"), ("facebook", "uploaded image"),
         ("facebook", "uploaded video"), ("instagram", "image"), ("instagram", "images"), ("instagram", "video"),
         ("instagram", "mixed"), ("threads", "image"), ("threads", "images"), ("threads", "video"),
         ("threads", "mixed")]


def connect_meta(sim, network: str):
    adapter, tokens, profile = connect(sim, network)
    if network != "facebook":
        adapter.container_poll_seconds = (0,) * 5  # the simulator's videos process over a few reads, not minutes
    return adapter, tokens, profile


def media_for(files, kind: str) -> tuple[MediaFile, ...]:
    """`uploaded ...`: a file with no public URL (Facebook then takes a multipart upload)."""
    photo = described(image(files, "flat-white.jpg", (1080, 1350)), alt_text="A flat white with leaf latte art")
    clip = described(video(files, "pour-over.mp4", seconds=12))
    return {"image": (photo,), "video": (clip,), "mixed": (photo, clip),
            "images": tuple(described(image(files, f"beans-{n}.jpg", (1080, 1080))) for n in range(3)),
            "uploaded image": (replace(photo, url=None),), "uploaded video": (replace(clip, url=None),)}[kind]


def a_photo(files) -> tuple[MediaFile, ...]:
    return media_for(files, "image")


@pytest.mark.parametrize("network, kind", CASES)
def test_media_post_is_listed_grows_and_is_deleted_where_the_api_allows(sim, files, network, kind):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect_meta(sim, network)
        media = media_for(files, kind)
        post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=media))
        assert post.external_id and post.url.startswith("https://") and post.warning is None
        assert [(p.external_id, p.text) for p in adapter.recent_posts(tokens, profile)] == [(post.external_id, CAPTION)]
        stored = store.get_post(network, post.external_id)["extra"]["media"]
        assert [m["kind"] for m in stored] == [m.kind for m in media]
        assert stored[0]["alt_text"] == media[0].alt_text

        traveller.shift(timedelta(minutes=5))
        early = adapter.post_metrics(tokens, profile, post.external_id)
        traveller.shift(timedelta(hours=6))
        later = adapter.post_metrics(tokens, profile, post.external_id)
        assert later.impressions > early.impressions and later.likes > early.likes
        if network != "threads":  # Threads reports no video views per post
            assert (later.video_views > 0) == kind.endswith("video")

        if network == "instagram":
            with pytest.raises(PlatformError, match="cannot delete") as refused:
                adapter.delete_post(tokens, profile, post.external_id)
            assert refused.value.code == "unsupported"
            return
        adapter.delete_post(tokens, profile, post.external_id)
        assert adapter.recent_posts(tokens, profile) == []
        with pytest.raises(NotFound):
            adapter.post_metrics(tokens, profile, post.external_id)


@pytest.mark.parametrize("network", NETWORKS)
def test_first_comment_lands_under_the_post(sim, files, network):
    adapter, tokens, profile = connect_meta(sim, network)
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=a_photo(files), first_comment=COMMENT))
    assert post.first_comment_id and post.warning is None
    comment = store.get_post(network, post.first_comment_id)
    assert comment["text"] == COMMENT
    assert comment["extra"].get("comment_on", comment["extra"].get("reply_to")) == post.external_id


@pytest.mark.parametrize("network", NETWORKS)
def test_a_failing_first_comment_is_a_warning_and_the_post_stays(sim, files, network, monkeypatch):
    """Facebook and Instagram refuse when the person did not grant the comment permission; Threads refuses
    a reply over 500 characters."""
    comment = "x" * 501 if network == "threads" else COMMENT
    if network in COMMENT_SCOPES:
        scopes = tuple(s for s in ADAPTERS[network].default_scopes if s != COMMENT_SCOPES[network])
        monkeypatch.setattr(ADAPTERS[network], "default_scopes", scopes)
    adapter, tokens, profile = connect_meta(sim, network)
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=a_photo(files), first_comment=comment))
    assert post.first_comment_id is None
    assert post.warning.startswith("The post is up, but the first comment failed")
    assert [p.external_id for p in adapter.recent_posts(tokens, profile)] == [post.external_id]


def test_threads_thread_of_three_parts_chains_each_reply(sim, files):
    adapter, tokens, profile = connect_meta(sim, "threads")
    parts = [PostContent(text="1/3 Our autumn menu is here."),
             PostContent(text="2/3 The pumpkin spice flat white:", media=a_photo(files)),
             PostContent(text="3/3 Come by, first cup is on us.")]
    published = adapter.publish_thread(tokens, profile, parts)
    answered = [store.get_post("threads", p.external_id)["extra"].get("reply_to") for p in published]
    assert answered == [None, published[0].external_id, published[1].external_id]
    assert {p.text for p in adapter.recent_posts(tokens, profile)} == {p.text for p in parts}


def test_instagram_quota_is_read_and_enforced_until_the_oldest_post_leaves_the_day(sim, files, monkeypatch):
    monkeypatch.setattr(graph_media, "QUOTA_POSTS", 2)
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect_meta(sim, "instagram")
        assert adapter.publishing_quota(tokens, profile) == PublishingQuota(used=0, total=2, window_seconds=86_400)
        adapter.publish(tokens, profile, PostContent(text="first", media=a_photo(files)))
        traveller.shift(timedelta(minutes=30))
        adapter.publish(tokens, profile, PostContent(text="second", media=a_photo(files)))
        assert adapter.publishing_quota(tokens, profile).remaining == 0
        with pytest.raises(RateLimited, match="maximum number of posts") as limited:
            adapter.publish(tokens, profile, PostContent(text="third", media=a_photo(files)))
        assert abs(limited.value.retry_after - (86_400 - 30 * 60)) <= 2
        assert len(adapter.recent_posts(tokens, profile)) == 2
        traveller.shift(timedelta(seconds=limited.value.retry_after))
        adapter.publish(tokens, profile, PostContent(text="third, a day later", media=a_photo(files)))


def test_threads_quota_is_read_and_enforced(sim, files, monkeypatch):
    monkeypatch.setitem(PUBLISH_RULES, "threads", replace(PUBLISH_RULES["threads"], posts=2))
    adapter, tokens, profile = connect_meta(sim, "threads")
    adapter.publish(tokens, profile, PostContent(text="first", media=a_photo(files)))
    adapter.publish(tokens, profile, PostContent(text="second"))
    assert adapter.publishing_quota(tokens, profile) == PublishingQuota(used=2, total=2, window_seconds=86_400)
    with pytest.raises(RateLimited):
        adapter.publish(tokens, profile, PostContent(text="third", media=a_photo(files)))
    assert len(adapter.recent_posts(tokens, profile)) == 2


def _unreadable(files) -> MediaFile:
    """A truncated JPEG the composer could not probe; the network finds out by reading it."""
    path = broken(files)
    return MediaFile(path=path, kind="image", mime="image/jpeg", size=path.stat().st_size, width=1080,
                     height=1080, url=f"http://testserver/files/{path.name}")


REFUSALS = {
    "PNG": lambda f: (described(image(f, "menu.png", (1080, 1080))),),
    "too wide": lambda f: (described(image(f, "banner.jpg", (2000, 800))),),
    "too long": lambda f: (described(video(f, "tour.mp4", seconds=16 * 60)),),
    "over 5 min": lambda f: (described(video(f, "tour.mp4", seconds=301)),),
    "over 4 h": lambda f: (described(video(f, "stream.mp4", seconds=5 * 3600)),),
    "11 items": lambda f: tuple(described(image(f, f"b{n}.jpg", (1080, 1080))) for n in range(11)),
    "21 items": lambda f: tuple(described(image(f, f"b{n}.jpg", (1080, 1080))) for n in range(21)),
    "broken": lambda f: (_unreadable(f),),
    "unreachable": lambda f: (replace(described(image(f, "gone.jpg")), url="http://testserver/files/missing.jpg"),),
    "no URL": lambda f: (replace(described(image(f, "local.jpg", (1080, 1080))), url=None),),
    "image and video": lambda f: media_for(f, "mixed"),
}


@pytest.mark.parametrize("network, case, reason", [
    ("instagram", "PNG", "is PNG; it takes JPEG"),
    ("instagram", "too wide", "the widest allowed is 1.91"),
    ("instagram", "too long", "lasts 16 min; the maximum is 15 min"),
    ("instagram", "11 items", "at most 10 per post"),
    ("instagram", "broken", "not an image or video the network can read"),
    ("instagram", "unreachable", "could not be fetched"),
    ("instagram", "no URL", "fetches media from a public URL.*ALLIN_PUBLIC_URL"),
    ("threads", "over 5 min", "longer .* than Threads allows \\(INVALID_DURATION\\)"),
    ("threads", "21 items", "at most 20 per post"),
    ("threads", "broken", "not an image or video the network can read"),
    ("threads", "unreachable", "could not be downloaded"),
    ("threads", "no URL", "ALLIN_PUBLIC_URL"),
    ("facebook", "over 4 h", "the maximum is 240 min"),
    ("facebook", "11 items", "at most 10 per post"),
    ("facebook", "broken", "not an image or video the network can read"),
    ("facebook", "unreachable", "Missing or invalid image file"),
    ("facebook", "image and video", "cannot take carousels"),
])
def test_media_breaking_the_networks_rules_is_refused_with_the_rule(sim, files, network, case, reason):
    adapter, tokens, profile = connect_meta(sim, network)
    with pytest.raises(ContentRejected, match=reason):
        adapter.publish(tokens, profile, PostContent(text=CAPTION, media=REFUSALS[case](files)))
    assert adapter.recent_posts(tokens, profile) == []


@pytest.mark.parametrize("network, kind, error", [
    *[(network, kind, Transient) for network in NETWORKS for kind in ("5xx", "timeout")],
    ("facebook", "429", RateLimited), ("threads", "429", RateLimited), ("instagram", "429", RateLimited),
])
def test_failures_on_the_media_create_leave_no_post(sim, files, network, kind, error):
    adapter, tokens, profile = connect_meta(sim, network)
    faults.inject(network, kind)
    with pytest.raises(error):
        adapter.publish(tokens, profile, PostContent(text=CAPTION, media=a_photo(files)))
    assert adapter.recent_posts(tokens, profile) == []


@pytest.mark.parametrize("network", NETWORKS)
def test_lost_reply_on_publish_is_transient_but_the_post_exists(sim, files, network):
    adapter, tokens, profile = connect_meta(sim, network)
    faults.inject(network, "drop_reply")
    with pytest.raises(Transient):
        adapter.publish(tokens, profile, PostContent(text=CAPTION, media=a_photo(files)))
    assert [p.text for p in adapter.recent_posts(tokens, profile)] == [CAPTION]


@pytest.mark.parametrize("network, create, status_field, publish", [
    ("instagram", "v19.0/{user}/media", "status_code", "v19.0/{user}/media_publish"),
    ("threads", "v1.0/{user}/threads", "status", "v1.0/{user}/threads_publish"),
])
def test_a_video_container_processes_then_publishes_once(sim, files, network, create, status_field, publish):
    _, tokens, user = connect_meta(sim, network)
    url = described(video(files, "clip.mp4")).url
    form = {"media_type": "REELS" if network == "instagram" else "VIDEO", "video_url": url}
    base, auth = f"/sim/{network}/", {"Authorization": f"Bearer {tokens.access_token}"}
    container = sim.post(base + create.format(user=user), data=form, headers=auth).json()["id"]
    status_path = base + create.split("/")[0] + f"/{container}"

    def publish_it():
        return sim.post(base + publish.format(user=user), data={"creation_id": container}, headers=auth)

    assert publish_it().status_code == 400  # not processed yet
    statuses = [sim.get(status_path, params={"fields": status_field}, headers=auth).json()[status_field]
                for _ in range(3)]
    assert statuses == ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]
    assert publish_it().status_code == 200
    assert publish_it().json()["error"]["error_subcode"] == 33  # a container publishes once
    assert sim.get(status_path, params={"fields": status_field}, headers=auth).json()[status_field] == "PUBLISHED"
