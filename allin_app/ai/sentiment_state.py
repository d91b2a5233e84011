"""Reflex state of comment sentiment on /analytics: one published post's comments with their moods (a dialog
opened from the ranked posts), and the daily average over the page's period (a chart card). Comments are read
from the networks over HTTP, so both load after the page's own figures and off the event loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import httpx
import plotly.graph_objects as go
import reflex as rx
from sqlmodel import Session

from allin_app.ai import sentiment
from allin_app.analytics import charts
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import parse_day
from allin_app.auth.state import act_as_signed_in, go_to, resume_url
from allin_app.content import service as content
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn
from allin_app.core.rbac import Actor, Permission, allows
from allin_app.orgs.models import Organization

READ_TIMEOUT = 10.0  # seconds per network call: an unreachable network fails the read, not the page
MOOD_COLORS = {"positive": "green", "neutral": "gray", "negative": "red"}


@dataclass
class CommentLine:
    network: str
    author: str
    written: str
    text: str
    mood: str
    score: str


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _networks(names: list[str]) -> str:
    return ", ".join(charts.network_label(n) for n in names)


def _unreachable(failed: list[str]) -> str:
    return (f"{_networks(failed)} could not be reached just now, so their comments are missing; try again later."
            if failed else "")


def _not_listed(unsupported: list[str]) -> str:
    return (f"{_networks(unsupported)} do not let apps read a post's comments here, so they are not counted."
            if unsupported else "")


def _post_view(db: Session, actor: Actor, post_id: int, client: httpx.Client) -> dict:
    post = content.get_post(db, actor, post_id)
    found = sentiment.post_sentiment(db, actor, post.id, client)
    org = db.get(Organization, actor.org_id)
    zone = zone_of(org.timezone if org else None)
    lines = [CommentLine(charts.network_label(c.network), c.author or "someone",
                         c.created_at.astimezone(zone).strftime("%d %b %Y %H:%M") if c.created_at else "",
                         c.text, c.mood, _signed(c.score)) for c in reversed(found.comments)]
    words = " ".join(post.text.split())
    return {"text": words if len(words) <= 160 else words[:159] + "…", "comments": lines,
            "average": _signed(found.average), "mood": sentiment.mood(found.average) if found.average is not None
            else "", "counts": found.counts,
            "by_network": [f"{charts.network_label(n)} {_signed(v)}" for n, v in found.by_network.items()],
            "unsupported": _not_listed(found.unsupported), "failed": _unreachable(found.failed)}


def _read_post(db: Session, actor: Actor, post_id: int) -> dict:
    with httpx.Client(timeout=READ_TIMEOUT) as client:
        return _post_view(db, actor, post_id, client)


def _read_timeline(actor: Actor, start: date, end: date) -> sentiment.SentimentTimeline:
    with httpx.Client(timeout=READ_TIMEOUT) as client, session_scope() as db:
        return sentiment.sentiment_timeline(db, actor, start, end, client)


class SentimentState(rx.State):
    can_read: bool = False  # the role has AI Analytics (client viewers and team members do not)
    access: str = ""  # "granted" or "denied" once checked for this page
    # one post, in a dialog
    post_open: bool = False
    post_loading: bool = False
    post_text: str = ""
    post_error: str = ""
    comments: list[CommentLine] = []
    average: str = ""
    mood: str = ""
    counts: dict[str, int] = {}
    by_network: list[str] = []
    unsupported: str = ""
    failed: str = ""
    # the period, in a chart
    chart_loading: bool = False
    chart_error: str = ""
    chart_note: str = ""
    chart_posts: int = 0
    fig: go.Figure = go.Figure()
    _period: str = ""  # the period the latest chart request is for (an older answer arriving late is dropped)

    @rx.event
    async def start(self, start: str, end: str):
        """The chart card mounted (after the page's figures): who may see it, then the chart in the background."""
        try:
            actor, error = await act_as_signed_in(self, lambda db, actor: actor)
        except NotSignedIn:
            return go_to(resume_url(self))
        self.can_read = error is None and allows(actor, Permission.ai_analytics, write=False)
        self.access = "granted" if self.can_read else "denied"
        return SentimentState.load_chart(start, end) if self.can_read else None

    @rx.event(background=True)
    async def load_chart(self, start: str, end: str):
        async with self:
            period = f"{start}/{end}"
            self._period, self.chart_loading, self.chart_error, self.chart_note = period, True, "", ""
            try:
                actor, error = await act_as_signed_in(self, lambda db, actor: actor)
            except NotSignedIn:
                return
        try:
            if error is None:
                timeline = await asyncio.to_thread(_read_timeline, actor, parse_day(start, "start_date"),
                                                   parse_day(end, "end_date"))
        except DomainError as failure:
            error = failure
        if error:
            async with self:
                if self._period == period:
                    self.chart_loading, self.chart_error, self.fig = False, error.message, go.Figure()
            return
        async with self:
            if self._period != period:
                return
            self.chart_loading, self.chart_posts = False, timeline.posts
            self.fig = charts.sentiment_chart(timeline.days)
            if timeline.posts and not timeline.days and timeline.failed:
                self.chart_error = ("The networks could not be reached to read the comments "
                                    f"({_networks(timeline.failed)}). Try again in a moment.")
            else:
                self.chart_note = " ".join(filter(None, (_unreachable(timeline.failed),
                                                         _not_listed(timeline.unsupported))))

    @rx.event
    async def open_post(self, post_id: str):
        """Read one post's comments and score them; `post_id` comes from the browser, the service checks it."""
        self.post_open, self.post_loading, self.post_error, self.comments = True, True, "", []
        self.post_text = self.average = self.mood = self.unsupported = self.failed = ""
        self.counts, self.by_network = {}, []
        yield
        try:
            wanted = str(post_id)
            found, error = await act_as_signed_in(
                self, lambda db, actor: _read_post(db, actor, int(wanted)) if wanted.isdigit() else None,
                blocking=True)
        except NotSignedIn:
            yield go_to(resume_url(self))
            return
        finally:
            self.post_loading = False
        if error or found is None:
            self.post_error = error.message if error else "Post not found."
            return
        self.post_text, self.comments, self.average, self.mood = (found["text"], found["comments"], found["average"],
                                                                  found["mood"])
        self.counts, self.by_network = found["counts"], found["by_network"]
        self.unsupported, self.failed = found["unsupported"], found["failed"]

    @rx.event
    def set_post_open(self, is_open: bool):
        self.post_open = is_open
