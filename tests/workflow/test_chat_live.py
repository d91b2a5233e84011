"""The live loop behind the chat page (allin_app/ui/live.py): one per browser tab, it ends when the page is
left, when the tab's websocket stays gone, or when another organization's loop replaces it."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from allin_app.ui import live


class Tabs:
    """Stands in for Reflex's token manager: which client tokens have a connected socket."""

    def __init__(self) -> None:
        self.connected: set[str] = set()

    async def is_token_connected(self, token: str) -> bool:
        return token in self.connected


@pytest.fixture
def tabs(monkeypatch):
    manager = Tabs()
    monkeypatch.setattr(live, "_event_namespace", lambda: SimpleNamespace(_token_manager=manager))
    monkeypatch.setattr(live, "GRACE_SECONDS", 0.05)
    live._loops.clear()
    yield manager
    live._loops.clear()


def tab(token: str):
    return SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(client_token=token)))


async def run(token: str, ticks: list, tag: str = "", until: int | None = None) -> None:
    """A page's background event: count the ticks it gets (stopping itself after `until`)."""
    async for n in live.ticks(tab(token), "chat", tag=tag, interval=0.01):
        ticks.append(n)
        if until is not None and len(ticks) >= until:
            break


def test_a_tab_runs_one_loop_however_often_the_page_starts_it(tabs):
    tabs.connected.add("t1")
    first, second = [], []

    async def scenario():
        loop = asyncio.create_task(run("t1", first, tag="3:5"))
        await asyncio.sleep(0.03)
        await run("t1", second, tag="3:5")  # the page loaded again in the same tab: returns at once
        assert live.is_running(tab("t1"), "chat") and not loop.done()
        live.leave(tab("t1"), "chat")  # the tab left the page
        await asyncio.wait_for(loop, 1)

    asyncio.run(scenario())
    assert first and second == [] and not live.is_running(tab("t1"), "chat")


def test_the_loop_ends_when_the_tab_stays_disconnected_and_rides_out_a_blip(tabs):
    ticks = []

    async def scenario():
        tabs.connected.add("t2")
        loop = asyncio.create_task(run("t2", ticks))
        await asyncio.sleep(0.03)
        tabs.connected.discard("t2")  # a blip shorter than the grace period
        await asyncio.sleep(0.02)
        tabs.connected.add("t2")
        await asyncio.sleep(0.03)
        assert not loop.done()
        tabs.connected.discard("t2")  # the tab closed
        await asyncio.wait_for(loop, 1)

    asyncio.run(scenario())
    assert len(ticks) >= 4 and not live.is_running(tab("t2"), "chat")


def test_another_tag_replaces_the_running_loop(tabs):
    tabs.connected.add("t3")
    first, second = [], []

    async def scenario():
        old = asyncio.create_task(run("t3", first, tag="org 1"))
        await asyncio.sleep(0.03)
        new = asyncio.create_task(run("t3", second, tag="org 2", until=3))
        await asyncio.wait_for(asyncio.gather(old, new), 1)

    asyncio.run(scenario())
    assert first and len(second) == 3


def test_without_a_running_app_no_tab_is_open(monkeypatch):
    monkeypatch.setattr(live, "_event_namespace", lambda: None)
    assert asyncio.run(live.tab_is_open(tab("t5"))) is False
