"""Whatever the text, every writer step answers text within each network's limit (counted its way)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allin_app.ai import local, tone
from allin_app.ai.proofread import proofread
from allin_app.ai.styles import STYLES, adapt
from allin_app.ai.textfit import fit, fits
from allin_app.ai.writer import fit_all
from allin_app.platforms.limits import limits_for, text_length

NETWORKS = sorted(STYLES)
words = st.sampled_from(["coffee", "roast", "https://bloom.coffee/beans", "#coffee", "#BloomCoffee", "😀", "👩‍👩‍👧",
                         "漢字", "and", "really", "in order to", "é", "\n", "!", ".", "Brooklyn", "@bloom"])
texts = st.one_of(st.text(max_size=900), st.lists(words, max_size=400).map(" ".join))
network_sets = st.lists(st.sampled_from(NETWORKS), min_size=1, max_size=4, unique=True)
quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(texts, st.sampled_from(NETWORKS))
def test_fit_always_fits(text, network):
    fitted = fit(network, text, ("#BloomCoffee",))
    assert text_length(network, fitted) <= limits_for(network).text_limit and fits(network, fitted)
    if fits(network, text):
        assert fitted == text


@quick
@given(texts, st.sampled_from(NETWORKS), st.integers(min_value=1, max_value=300))
def test_fit_keeps_a_tighter_target(text, network, target):
    assert fits(network, fit(network, text, limit=target), target)


@quick
@given(texts, network_sets)
def test_one_text_fits_all_selected_networks(text, networks):
    fitted = fit_all(networks, text, ("#BloomCoffee",))
    assert all(fits(n, fitted) for n in networks)


@quick
@given(texts, st.sampled_from(NETWORKS))
def test_adapt_fits_and_keeps_required_hashtags_when_there_is_room(text, network):
    adapted = adapt(network, text, ("#BloomCoffee",), ("#latteart", "#roastery"), "☕")
    assert fits(network, adapted)
    if len(text) < 100:
        assert "#BloomCoffee" in adapted


@quick
@given(texts, st.sampled_from(tone.TONES), network_sets)
def test_rewrite_expand_and_proofread_fit(text, tone_name, networks):
    for changed in (tone.rewrite(text, tone_name), local.expand(text or "coffee", tone_name),
                    proofread(text).text):
        assert all(fits(n, fit_all(networks, changed)) for n in networks)


def test_a_long_post_is_shortened_gently_before_it_is_cut():
    text = ("We are really excited to announce our new single origin coffee from Ethiopia. It is roasted in order "
            "to bring out notes of jasmine and bergamot. Come by the roastery this weekend and taste it for free. "
            "#coffee #ethiopia #BloomCoffee")
    short = fit("snapchat", text, ("#BloomCoffee",))
    assert text_length("snapchat", short) <= 160
    assert "really" not in short and "in order to" not in short and "#BloomCoffee" in short
    assert not short.endswith("…")  # whole sentences dropped, no cut needed


def test_x_counts_links_as_23_and_emoji_as_2():
    text = "Read https://bloom.coffee/" + "a" * 300 + " " + "😀" * 200
    fitted = fit("twitter", text)
    assert text_length("twitter", fitted) <= 280 and fitted.startswith("Read https://bloom.coffee/")
