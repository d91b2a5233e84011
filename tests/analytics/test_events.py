"""The in-process hook list that `analytics.updated` goes through."""

from __future__ import annotations

from allin_app.analytics import events


def test_subscribers_hear_each_emit_until_they_unsubscribe():
    heard = []
    stop = events.subscribe("test.event", lambda name, payload: heard.append((name, payload)))
    assert events.emit("test.event", {"n": 1}) == 1
    assert events.emit("other.event", {"n": 2}) == 0
    stop()
    assert events.emit("test.event", {"n": 3}) == 0
    assert heard == [("test.event", {"n": 1})]


def test_a_failing_subscriber_does_not_stop_the_others():
    heard = []

    def broken(_name, _payload):
        raise RuntimeError("boom")

    stops = [events.subscribe("test.failing", broken),
             events.subscribe("test.failing", lambda _name, payload: heard.append(payload))]
    try:
        assert events.emit("test.failing", {"day": "2026-01-01"}) == 1
        assert heard == [{"day": "2026-01-01"}]
    finally:
        for stop in stops:
            stop()
