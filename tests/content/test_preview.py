"""What the composer's previews and counters show, per network."""

from __future__ import annotations

import pytest

from allin_app.content.preview import Segment, counter, domain_of, mention, segments, with_utm


def test_text_is_cut_into_links_hashtags_mentions_and_breaks():
    assert segments("New roast! See https://bloom.example/beans. #coffee by @casey\nu/bloom rocks") == [
        Segment("text", "New roast! See "), Segment("link", "https://bloom.example/beans"), Segment("text", "."),
        Segment("text", " "), Segment("hashtag", "#coffee"), Segment("text", " by "), Segment("mention", "@casey"),
        Segment("break", ""), Segment("mention", "u/bloom"), Segment("text", " rocks")]


def test_emails_and_html_entities_are_not_mentions_or_hashtags():
    assert [s.kind for s in segments("mail me at hello@bloom.example &#39; ok")] == ["text"]


@pytest.mark.parametrize(("network", "text", "count"), [
    ("twitter", "Visit https://example.com/a/very/long/path/indeed/yes 🎉", 6 + 23 + 1 + 2),
    ("twitter", "東京でコーヒー", 14),
    ("linkedin", "Café", 4),
    ("linkedin", "Cafe\u0301", 4),  # combining accent, NFC-normalised
    ("threads", "☕ time", 3 + 5),  # the emoji weighs its UTF-8 bytes
    ("tiktok", "🎉", 2),  # UTF-16 code units
    ("youtube", "naïve", 6),  # description bytes
])
def test_counters_count_the_way_each_network_does(network, text, count):
    assert counter(network, text).count == count


def test_counter_turns_over_past_the_limit():
    assert not counter("twitter", "x" * 280).over
    assert counter("twitter", "x" * 281).over


def test_utm_tags_name_the_network_and_keep_existing_ones():
    tagged = with_utm("https://bloom.example/menu?utm_medium=email&x=1", "linkedin", campaign="autumn")
    assert tagged == ("https://bloom.example/menu?utm_medium=email&x=1&utm_source=linkedin&utm_campaign=autumn")
    assert with_utm("bloom.example", "twitter") == "https://bloom.example?utm_source=twitter&utm_medium=social"
    assert domain_of("https://www.bloom.example/menu") == "bloom.example"


def test_mentions_are_written_the_networks_way():
    assert mention("twitter", "@bloomcoffee") == "@bloomcoffee"
    assert mention("reddit", "bloomcoffee") == "u/bloomcoffee"
    assert mention("linkedin", "bloom-coffee", "Bloom Coffee") == "@Bloom Coffee"
