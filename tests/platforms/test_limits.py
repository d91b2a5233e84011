"""The per-network checks the composer and the simulator share, and probing media by its bytes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from allin_app.platforms.content import PostContent
from allin_app.platforms.limits import LABELS, all_limits, check_post, limits_for, text_length, weighted_length
from allin_app.platforms.media_probe import UnreadableMedia, media_file, probe_file
from tests.platforms.media_files import broken, image, video


def test_every_network_has_limits_with_a_source():
    assert set(all_limits()) == set(LABELS)
    for limits in all_limits().values():
        assert limits.source and limits.verified and limits.text_limit > 0


@pytest.mark.parametrize(("text", "expected"), [
    ("hello", 5),
    ("read https://example.com/a/very/long/path/that/is/longer/than/23/characters", 5 + 23),
    ("example.com counts too", 23 + 11),
    ("日本語", 6),  # CJK weighs 2
    ("👍🏽", 2),  # an emoji sequence with a skin tone weighs 2 in all
    ("👨‍👩‍👧", 2),  # a ZWJ family too
    ("“quotes” — dash", 15),  # general punctuation weighs 1
])
def test_x_weighted_length_follows_twitter_text_v3(text, expected):
    assert weighted_length(text) == expected


def test_counting_rules_per_network():
    assert text_length("tiktok", "😀") == 2  # UTF-16 code units
    assert text_length("youtube", "é") == 2  # UTF-8 bytes
    assert text_length("threads", "hi 👍") == 3 + 4  # an emoji weighs its UTF-8 bytes
    assert text_length("linkedin", "e\u0301") == 1  # NFC: e + combining accent is one character


def test_x_text_over_280_weighted_is_named():
    assert check_post("twitter", PostContent(text="日" * 141)) == [
        "X (Twitter): the text is 282 characters; the limit is 280."]
    assert check_post("twitter", PostContent(text="日" * 140)) == []


def test_media_rules_name_the_network_and_the_rule(tmp_path):
    png = media_file(image(tmp_path, "square.png"))
    wide = media_file(image(tmp_path, "wide.jpg", (2000, 800)))
    assert check_post("instagram", PostContent(text="hi", media=(png,))) == [
        "Instagram: file (square.png) is PNG; it takes JPEG, MOV, MP4."]
    assert check_post("instagram", PostContent(media=(wide,))) == [
        "Instagram: file (wide.jpg) is 2000×800 (ratio 2.50); the widest allowed is 1.91."]
    long_clip = media_file(video(tmp_path, "long.mp4", seconds=200))
    assert "lasts 3 min 20 s; the maximum is 2 min 20 s" in check_post("twitter", PostContent(media=(long_clip,)))[0]


def test_counts_and_mixing(tmp_path):
    photo = media_file(image(tmp_path))
    clip = media_file(video(tmp_path))
    gif = media_file(image(tmp_path, "loop.gif"))
    assert check_post("twitter", PostContent(media=(photo,) * 5)) == ["X (Twitter): 5 images; at most 4 per post."]
    assert check_post("twitter", PostContent(media=(photo, clip))) == [
        "X (Twitter): images and videos cannot be mixed in one post."]
    assert check_post("twitter", PostContent(media=(gif, photo))) == [
        "X (Twitter): a GIF must be alone, at most 1 per post."]
    assert check_post("instagram", PostContent(media=(photo, clip))) == []  # carousels mix
    assert check_post("youtube", PostContent(title="Clip", media=(photo,))) == [
        "YouTube: it takes a video, not images.", "YouTube: file (photo.jpg) is JPEG; it takes M4V, MOV, MP4, WEBM."]


def test_required_media_title_and_forbidden_characters(tmp_path):
    assert check_post("instagram", PostContent(text="words only")) == [
        "Instagram: an image or a video is required."]
    clip = media_file(video(tmp_path))
    assert check_post("youtube", PostContent(text="a <b> tag", media=(clip,))) == [
        "YouTube: the characters < > are not allowed.", "YouTube: a title is required."]
    assert check_post("youtube", PostContent(title="t" * 101, media=(clip,))) == [
        "YouTube: the title is 101 characters; the limit is 100."]


def test_sizes_and_same_size_carousels(tmp_path):
    heavy = media_file(image(tmp_path, "heavy.jpg", pad_to=6 * 1024 * 1024))
    assert check_post("twitter", PostContent(media=(heavy,))) == [
        "X (Twitter): file (heavy.jpg) is 6 MB; the limit is 5 MB."]
    first = media_file(image(tmp_path, "a.jpg", (1000, 1500)))
    second = replace(first, width=1000, height=1000)
    assert check_post("pinterest", PostContent(title="Pin", media=(first, second))) == [
        "Pinterest: all images of a carousel must have the same dimensions."]


def test_probe_reads_bytes_not_names(tmp_path):
    disguised = image(tmp_path, "really-a-png.png")
    renamed = disguised.rename(tmp_path / "photo.mp4")
    assert probe_file(renamed).mime == "image/png"
    clip = probe_file(video(tmp_path, "clip.mov", seconds=7.5, size=(1920, 1080)))
    assert (clip.kind, clip.mime, clip.width, clip.height, clip.duration) == (
        "video", "video/quicktime", 1920, 1080, 7.5)
    with pytest.raises(UnreadableMedia, match="broken image"):
        probe_file(broken(tmp_path))
    (tmp_path / "notes.txt").write_text("just text")
    with pytest.raises(UnreadableMedia, match="not an image or a video"):
        probe_file(tmp_path / "notes.txt")


def test_limits_are_read_once():
    assert limits_for("twitter") is limits_for("twitter")
