"""Media publishing on TikTok, YouTube, Pinterest and Snapchat against the simulator: every kind of post goes
up, is listed, gathers metrics with time and goes away (TikTok cannot delete); then the network's own rules,
quotas and the failures a publisher must survive are in test_media_video_failures.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import ContentRejected, NotFound, PlatformError, PostMetrics
from allin_app.platforms.content import PostContent
from allin_app.platforms.simulator import store, tiktok_api
from tests.platforms.test_publish_contract import connect, fresh
from tests.platforms.video_posts import CAPTION, clip, no_polling_pause, photo  # noqa: F401 (an autouse fixture)

Build = Callable[..., PostContent]
CASES: list[tuple[str, Build]] = [
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(clip(f),))),  # PULL_FROM_URL
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(clip(f, public=False),))),  # FILE_UPLOAD
    ("tiktok", lambda f: PostContent(text=CAPTION, title="Cold brew", media=(photo(f, "a.jpg"), photo(f, "b.jpg")))),
    ("youtube", lambda f: PostContent(text=CAPTION, title="How we make cold brew", media=(clip(f),))),
    ("pinterest", lambda f: PostContent(text=CAPTION, title="Cold brew", link="https://bloom.example/cold-brew",
                                        media=(photo(f),))),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=(photo(f, public=False),))),  # image_base64
    ("pinterest", lambda f: PostContent(text=CAPTION, media=tuple(photo(f, f"{n}.jpg") for n in range(3)))),
    ("pinterest", lambda f: PostContent(text=CAPTION, title="Pouring", media=(clip(f, seconds=10),))),
    ("snapchat", lambda f: PostContent(title="Cold brew is back", media=(photo(f, size=(1080, 1920)),),
                                       options={"placement": "saved_story"})),
    ("snapchat", lambda f: PostContent(text=CAPTION, media=(clip(f, seconds=20),), options={"placement": "spotlight"})),
]
IDS = ["tiktok-video-url", "tiktok-video-upload", "tiktok-photos", "youtube-video", "pinterest-image-url",
       "pinterest-image-base64", "pinterest-carousel", "pinterest-video", "snapchat-saved-story", "snapchat-spotlight"]


def seen(metrics: PostMetrics) -> int:
    return metrics.impressions + metrics.video_views


@pytest.mark.parametrize("network, build", CASES, ids=IDS)
def test_publish_list_grow_and_delete(sim, files, network, build):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, network)
        content = build(files)
        post = adapter.publish(tokens, profile, content, idempotency_key="target-1")
        assert post.external_id and post.url.startswith("https://") and post.warning is None

        recent = adapter.recent_posts(tokens, profile)
        assert [p.external_id for p in recent] == [post.external_id]
        assert recent[0].created_at is not None and recent[0].text == (content.text or content.title)

        traveller.shift(timedelta(minutes=5))
        early = adapter.post_metrics(tokens, profile, post.external_id)
        traveller.shift(timedelta(hours=6))
        tokens = fresh(adapter, tokens)
        later = adapter.post_metrics(tokens, profile, post.external_id)
        assert seen(later) > seen(early) and later.likes >= early.likes
        if content.videos:
            assert later.video_views > 0

        if network == "tiktok":
            with pytest.raises(PlatformError, match="cannot delete") as refused:
                adapter.delete_post(tokens, profile, post.external_id)
            assert refused.value.code == "unsupported"
            return
        adapter.delete_post(tokens, profile, post.external_id)
        assert adapter.recent_posts(tokens, profile) == []
        with pytest.raises(NotFound):
            adapter.post_metrics(tokens, profile, post.external_id)


def test_tiktok_uploads_a_big_video_in_chunks(sim, files, monkeypatch):
    adapter, tokens, profile = connect(sim, "tiktok")
    monkeypatch.setattr(adapter, "upload_chunk_bytes", 5 * 1024 * 1024)
    big = clip(files, public=False, pad_to=11 * 1024 * 1024 + 123)
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(big,)))
    uploads = [c["status"] for c in store.call_log("tiktok") if c["method"] == "PUT"]
    assert uploads == [206, 201]  # a 5 MB chunk, then the last one with the rest
    assert adapter.recent_posts(tokens, profile)[0].external_id == post.external_id


def test_tiktok_picks_the_asked_privacy_and_private_posts_have_no_id(sim, files):
    adapter, tokens, profile = connect(sim, "tiktok")
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(clip(files),),
                                                        options={"privacy": "private"}))
    assert post.external_id.startswith("v_pub_url~") and "no post id" in post.warning
    assert adapter.recent_posts(tokens, profile) == []  # TikTok lists public posts only


def test_tiktok_unaudited_app_posts_privately_and_says_so(sim, files, monkeypatch):
    monkeypatch.setattr(tiktok_api, "APP_AUDITED", False)
    adapter, tokens, profile = connect(sim, "tiktok")
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(clip(files),)))
    assert "not passed TikTok's audit" in post.warning
    with pytest.raises(ContentRejected) as refused:  # asked for public: no quiet downgrade
        adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(clip(files),), options={"privacy": "public"}))
    assert refused.value.code == "unaudited_client_can_only_post_to_private_accounts"


def test_tiktok_refuses_a_video_longer_than_the_creator_may_post(sim, files):
    adapter, tokens, profile = connect(sim, "tiktok")
    longest = adapter.creator_info(tokens)["max_video_post_duration_sec"]
    with pytest.raises(ContentRejected, match=f"may post at most {longest} s"):
        adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(clip(files, seconds=longest + 60),)))
    assert not [c for c in store.call_log("tiktok") if "/init/" in c["path"]]  # refused before any init


def test_tiktok_lists_its_posts_page_by_page(sim, files, monkeypatch):
    monkeypatch.setattr(tiktok_api, "INIT_CALLS_PER_MINUTE", 100)
    adapter, tokens, profile = connect(sim, "tiktok")
    posted = [adapter.publish(tokens, profile, PostContent(text=f"Post {n}", media=(clip(files),))).external_id
              for n in range(3)]
    listed = [p.external_id for p in adapter.recent_posts(tokens, profile, limit=25)]
    assert sorted(listed) == sorted(posted)
    answer = sim.post("/sim/tiktok/v2/video/list/?fields=id", json={"max_count": 2},
                      headers={"Authorization": f"Bearer {tokens.access_token}"}).json()["data"]
    assert len(answer["videos"]) == 2 and answer["has_more"] is True


def test_youtube_resumes_a_chunked_upload(sim, files, monkeypatch):
    adapter, tokens, profile = connect(sim, "youtube")
    monkeypatch.setattr(adapter, "upload_chunk_bytes", 256 * 1024)
    big = clip(files, pad_to=600_000)
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, title="Cold brew", media=(big,)))
    uploads = [c["status"] for c in store.call_log("youtube") if c["method"] == "PUT"]
    assert uploads == [308, 308, 200]
    assert adapter.recent_posts(tokens, profile)[0].external_id == post.external_id


def test_youtube_first_comment_and_hashtag_tags(sim, files):
    adapter, tokens, profile = connect(sim, "youtube")
    content = PostContent(text=CAPTION, title="Cold brew", media=(clip(files),), first_comment="Recipe in the notes!")
    post = adapter.publish(tokens, profile, content)
    assert post.first_comment_id and post.warning is None
    kept = store.get_post("youtube", post.external_id)["extra"]
    assert kept["comments"] == ["Recipe in the notes!"] and kept["tags"] == ["coldbrew", "coffee"]
    assert adapter.post_metrics(tokens, profile, post.external_id).comments >= 1


def test_youtube_recent_posts_follow_page_tokens(sim, files, monkeypatch):
    monkeypatch.setattr("allin_app.platforms.youtube.PAGE_LIMIT", 1)
    adapter, tokens, profile = connect(sim, "youtube")
    posted = [adapter.publish(tokens, profile, PostContent(text=f"Video {n}", title=f"Video {n}",
                                                           media=(clip(files),))).external_id for n in range(3)]
    assert sorted(p.external_id for p in adapter.recent_posts(tokens, profile)) == sorted(posted)
    assert len(adapter.recent_posts(tokens, profile, limit=2)) == 2


def test_pinterest_boards_and_the_chosen_board(sim, files):
    adapter, tokens, profile = connect(sim, "pinterest")
    boards = adapter.boards(tokens)
    assert len(boards) == 3 and all(b.id and b.name for b in boards)
    post = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(photo(files),),
                                                        options={"board_id": boards[1].id}))
    assert store.get_post("pinterest", post.external_id)["extra"]["board_id"] == boards[1].id
    default = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(photo(files, "b.jpg"),)))
    assert store.get_post("pinterest", default.external_id)["extra"]["board_id"] == boards[0].id


def test_snapchat_story_expires_and_cannot_be_deleted(sim, files):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, "snapchat")
        story = adapter.publish(tokens, profile, PostContent(text=CAPTION, media=(photo(files, size=(1080, 1920)),)))
        assert "no caption" in story.warning  # the default placement is a Story
        with pytest.raises(ContentRejected, match="24 hours"):
            adapter.delete_post(tokens, profile, story.external_id)
        assert [p.external_id for p in adapter.recent_posts(tokens, profile)] == [story.external_id]
        traveller.shift(timedelta(hours=25))
        assert adapter.recent_posts(fresh(adapter, tokens), profile) == []


def test_snapchat_takes_one_file_per_post(sim, files):
    adapter, tokens, profile = connect(sim, "snapchat")
    with pytest.raises(ContentRejected, match="several images") as refused:
        adapter.publish(tokens, profile, PostContent(media=(photo(files, "a.jpg"), photo(files, "b.jpg"))))
    assert refused.value.code == "unsupported"
