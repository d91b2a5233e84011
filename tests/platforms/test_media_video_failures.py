"""What TikTok, YouTube, Pinterest and Snapchat refuse, and the failures a publisher must survive: each
network's media rules, posting caps and quotas, outages and timeouts on the upload or the create, a lost
reply after the post was made, and dead tokens."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import AuthExpired, ContentRejected, RateLimited, Transient
from allin_app.platforms.content import PostContent
from allin_app.platforms.simulator import faults, pinterest_api, snapchat_api, tiktok_api, youtube_api
from allin_app.platforms.simulator.video_api import PostCap
from tests.platforms.test_publish_contract import connect
from tests.platforms.video_posts import CAPTION, clip, cut_short, good, no_polling_pause, photo  # noqa: F401

NETWORKS = ("tiktok", "youtube", "pinterest", "snapchat")


# --- media rules ------------------------------------------------------------------------------

REFUSED = [
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(photo(f, "a.png"),)), "file_format_check_failed"),
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(clip(f, seconds=2),)), "duration_check_failed"),
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(replace(cut_short(f), url=None),)), "file_format_check"),
    ("tiktok", lambda f: PostContent(text=CAPTION, media=tuple(photo(f, f"{n}.jpg", (200, 300)) for n in range(36))),
     "1 to 35"),
    ("tiktok", lambda f: PostContent(text=CAPTION, media=(photo(f, public=False),)), "from a public URL"),
    ("youtube", lambda f: PostContent(text=CAPTION, title="Short", media=(clip(f, seconds=0.5),)), "length"),
    ("youtube", lambda f: PostContent(text=CAPTION, media=(clip(f),)), "title"),
    ("youtube", lambda f: PostContent(text=CAPTION, title="Beans <3", media=(clip(f),)), "title"),
    ("youtube", lambda f: PostContent(text="é" * 2501, title="Long", media=(clip(f),)), "description"),
    ("youtube", lambda f: PostContent(text=CAPTION, title="Cut", media=(cut_short(f),)), "invalidFile"),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=(photo(f, "a.jpg"), photo(f, "b.jpg", (1000, 1000)))),
     "same dimensions"),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=tuple(photo(f, f"{n}.jpg") for n in range(6))),
     "at most 5"),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=(clip(f, size=(2000, 1000)),)), "widest allowed"),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=(clip(f, seconds=2),)), "minimum is 4 s"),
    ("pinterest", lambda f: PostContent(text=CAPTION, media=(cut_short(f, "image"),)), "can read"),
    ("snapchat", lambda f: PostContent(media=(clip(f, seconds=70),)), "maximum is 1 min"),
    ("snapchat", lambda f: PostContent(media=(clip(f, "clip.mov"),)), "MOV; it takes"),
    ("snapchat", lambda f: PostContent(media=(photo(f),), options={"placement": "saved_story"}), "title"),
    ("snapchat", lambda f: PostContent(media=(photo(f),), options={"placement": "spotlight"}), "videos only"),
    ("snapchat", lambda f: PostContent(text="a" * 161, media=(clip(f),), options={"placement": "spotlight"}),
     "at most 160"),
]


@pytest.mark.parametrize("network, build, rule", REFUSED, ids=[f"{n}-{r}" for n, _, r in REFUSED])
def test_media_outside_the_rules_is_refused_naming_the_rule(sim, files, network, build, rule):
    adapter, tokens, profile = connect(sim, network)
    with pytest.raises(ContentRejected, match=rule):
        adapter.publish(tokens, profile, build(files))
    assert adapter.recent_posts(tokens, profile) == []


# --- caps and quotas --------------------------------------------------------------------------


def test_tiktok_init_calls_are_limited_per_token_per_minute(sim, files, monkeypatch):
    monkeypatch.setattr(tiktok_api, "INIT_CALLS_PER_MINUTE", 2)
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, "tiktok")
        for _ in range(2):
            adapter.publish(tokens, profile, good(files, "tiktok"))
        with pytest.raises(RateLimited) as throttled:
            adapter.publish(tokens, profile, good(files, "tiktok"))
        assert 1 <= throttled.value.retry_after <= 60
        assert len(adapter.recent_posts(tokens, profile)) == 2
        traveller.shift(timedelta(seconds=throttled.value.retry_after))
        adapter.publish(tokens, profile, good(files, "tiktok"))


def test_youtube_project_quota_waits_for_midnight_pacific(sim, files, monkeypatch):
    monkeypatch.setattr(youtube_api, "DAILY_INSERTS", 1)
    adapter, tokens, profile = connect(sim, "youtube")
    adapter.publish(tokens, profile, good(files, "youtube"))
    with pytest.raises(RateLimited) as throttled:
        adapter.publish(tokens, profile, good(files, "youtube"))
    assert throttled.value.code == "quotaExceeded" and 1 <= throttled.value.retry_after <= 25 * 3600
    assert len(adapter.recent_posts(tokens, profile)) == 1


CAPS = [("tiktok", tiktok_api, "DAILY_CAP", "spam_risk_too_many_posts"),
        ("youtube", youtube_api, "CHANNEL_CAP", "uploadLimitExceeded"),
        ("pinterest", pinterest_api, "PIN_CAP", "8"), ("snapchat", snapchat_api, "POST_CAP", "E1008")]


@pytest.mark.parametrize("network, module, cap, code", CAPS, ids=[c[0] for c in CAPS])
def test_posting_cap_is_rate_limited_with_a_wait(sim, files, monkeypatch, network, module, cap, code):
    monkeypatch.setattr(module, cap, PostCap(posts=1, window=600))
    adapter, tokens, profile = connect(sim, network)
    adapter.publish(tokens, profile, good(files, network))
    with pytest.raises(RateLimited) as throttled:
        adapter.publish(tokens, profile, good(files, network))
    assert throttled.value.code == code and throttled.value.retry_after >= 1
    assert len(adapter.recent_posts(tokens, profile)) == 1


# --- outages, lost replies, dead tokens -------------------------------------------------------

STEPS = [("tiktok", "PUT", "/upload/video/", False), ("tiktok", "POST", "/video/init/", True),
         ("youtube", "POST", "/upload/youtube/v3/videos", True), ("youtube", "PUT", "/upload/youtube/v3/videos", True),
         ("pinterest", "POST", "/media-upload/", True), ("pinterest", "POST", "/v5/pins", True),
         ("snapchat", "POST", "/upload", True), ("snapchat", "POST", "/posts", True)]


def fail_once(monkeypatch, adapter, method: str, fragment: str, kind: str) -> None:
    """Queue the fault just before the first call that matches, whatever calls come before it."""
    send, armed = adapter.send, [True]

    def sending(verb, url, **kwargs):
        if armed[0] and verb == method and fragment in str(url):
            armed[0] = False
            faults.inject(adapter.network, kind)
        return send(verb, url, **kwargs)

    monkeypatch.setattr(adapter, "send", sending)


def step_content(files, network: str, public: bool) -> PostContent:
    if network == "pinterest" and public:  # the S3 step needs a video; the create step takes either
        return PostContent(text=CAPTION, media=(clip(files, seconds=10),))
    if network == "tiktok":
        return PostContent(text=CAPTION, media=(clip(files, public=public),))
    return good(files, network)


@pytest.mark.parametrize("kind, error", [("5xx", Transient), ("timeout", Transient), ("429", RateLimited)])
@pytest.mark.parametrize("network, method, fragment, public", STEPS,
                         ids=[f"{n}-{m}-{f.strip('/')}" for n, m, f, _ in STEPS])
def test_failed_upload_or_create_makes_no_post(sim, files, monkeypatch, network, method, fragment, public, kind,
                                               error):
    adapter, tokens, profile = connect(sim, network)
    fail_once(monkeypatch, adapter, method, fragment, kind)
    with pytest.raises(error):
        adapter.publish(tokens, profile, step_content(files, network, public))
    assert adapter.recent_posts(tokens, profile) == []
    adapter.publish(tokens, profile, step_content(files, network, public))  # a retry goes through
    assert len(adapter.recent_posts(tokens, profile)) == 1


LOST = [("tiktok", lambda f: PostContent(text=CAPTION, media=(clip(f, public=False),))),
        ("tiktok", lambda f: PostContent(text=CAPTION, media=(clip(f),))),
        ("tiktok", lambda f: PostContent(text=CAPTION, media=(photo(f, "a.jpg"), photo(f, "b.jpg")))),
        ("youtube", lambda f: good(f, "youtube")), ("pinterest", lambda f: good(f, "pinterest")),
        ("pinterest", lambda f: PostContent(text=CAPTION, media=(clip(f, seconds=10),))),
        ("snapchat", lambda f: good(f, "snapchat"))]


@pytest.mark.parametrize("network, build", LOST, ids=["tiktok-upload", "tiktok-pull", "tiktok-photos", "youtube",
                                                      "pinterest-image", "pinterest-video", "snapchat"])
def test_lost_reply_on_the_final_create_is_transient_but_the_post_exists(sim, files, network, build):
    adapter, tokens, profile = connect(sim, network)
    content = build(files)
    faults.inject(network, "drop_reply")
    with pytest.raises(Transient):
        adapter.publish(tokens, profile, content)
    assert [p.text for p in adapter.recent_posts(tokens, profile)] == [content.text or content.title]


@pytest.mark.parametrize("network", NETWORKS)
def test_expired_token_is_auth_expired(sim, files, network):
    adapter, tokens, profile = connect(sim, network)
    content = good(files, network)
    with time_machine.travel(tokens.expires_at + timedelta(seconds=1), tick=False), pytest.raises(AuthExpired):
        adapter.publish(tokens, profile, content)


@pytest.mark.parametrize("network", NETWORKS)
def test_revoked_grant_is_auth_expired(sim, files, network):
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, "revoked")
    with pytest.raises(AuthExpired):
        adapter.publish(tokens, profile, good(files, network))
    with pytest.raises(AuthExpired):
        adapter.recent_posts(tokens, profile)


def test_youtube_failed_first_comment_is_a_warning_not_an_error(sim, files, monkeypatch):
    adapter, tokens, profile = connect(sim, "youtube")
    fail_once(monkeypatch, adapter, "POST", "/commentThreads", "5xx")
    post = adapter.publish(tokens, profile, replace(good(files, "youtube"), first_comment="Recipe below"))
    assert post.first_comment_id is None and "first comment failed" in post.warning
    assert [p.external_id for p in adapter.recent_posts(tokens, profile)] == [post.external_id]
