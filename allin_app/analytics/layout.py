"""Each person's dashboard: which widgets show, in which order, and the period its figures cover,
remembered per user and organization (an agency owner arranges each client's dashboard on its own).

The arrangement is a personal view preference, like notification choices, so everyone who opens the
dashboard may arrange their own; the matrix's "Custom Analytics Dashboards" row is about dashboards
built for an organization, and none is built here. A widget the role cannot read (platform
performance needs cross-platform analytics) is not part of that role's layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, may_open

WIDGETS = {"kpis": "Key figures", "recent_posts": "Recent posts", "platforms": "Platform performance",
           "quick_actions": "Quick actions", "notifications": "Notifications"}
NEEDS = {"platforms": Permission.cross_platform_analytics}  # widget -> the permission that reads its figures
PERIODS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "month": "This month"}
DEFAULT_PERIOD = "30d"


class DashboardLayout(SQLModel, table=True):
    """One person's dashboard in one organization: [{"key", "visible"}] in display order, and the period."""

    __tablename__ = "dashboard_layouts"
    __table_args__ = (UniqueConstraint("user_id", "org_id", name="uq_dashboard_layout_user_org"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    widgets: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    period: str = Field(default=DEFAULT_PERIOD, max_length=12)
    updated_at: datetime = Field(default_factory=utcnow)


@dataclass(frozen=True)
class Slot:
    key: str
    label: str
    visible: bool


@dataclass(frozen=True)
class Layout:
    slots: tuple[Slot, ...]
    period: str
    saved: bool = False  # False: the default, nothing stored yet

    @property
    def shown(self) -> list[str]:
        return [s.key for s in self.slots if s.visible]


def widgets_for(actor: Actor) -> list[str]:
    """The widgets this role may have on its dashboard, in the default order."""
    return [key for key in WIDGETS if key not in NEEDS or may_open(actor.role, NEEDS[key])]


def _stored(db: Session, actor: Actor) -> DashboardLayout | None:
    return db.exec(select(DashboardLayout).where(DashboardLayout.user_id == actor.user_id,
                                                 DashboardLayout.org_id == actor.org_id)).first()


def _cleaned(actor: Actor, widgets: Iterable[dict], period: str, saved: bool) -> Layout:
    """A stored arrangement made fit for today: widgets the role lost dropped, new ones added at the end."""
    allowed = widgets_for(actor)
    seen: dict[str, bool] = {}
    for item in widgets:
        key = item.get("key") if isinstance(item, dict) else None
        if key in allowed and key not in seen:
            seen[key] = bool(item.get("visible", True))
    for key in allowed:
        seen.setdefault(key, True)
    return Layout(tuple(Slot(key, WIDGETS[key], visible) for key, visible in seen.items()),
                  period if period in PERIODS else DEFAULT_PERIOD, saved)


def layout_for(db: Session, actor: Actor) -> Layout:
    """The actor's dashboard in the organization acted in (the default until they change it)."""
    stored = _stored(db, actor)
    if stored is None:
        return _cleaned(actor, [], DEFAULT_PERIOD, saved=False)
    return _cleaned(actor, stored.widgets or [], stored.period, saved=True)


def save_layout(db: Session, actor: Actor, widgets: list[dict], period: str) -> Layout:
    """Store the whole arrangement: every widget of the role once, each {"key", "visible"}."""
    allowed = widgets_for(actor)
    keys = [item.get("key") if isinstance(item, dict) else None for item in widgets]
    if unknown := [k for k in keys if k not in allowed]:
        raise ValidationFailed("widgets", f"There is no widget {unknown[0]!r} on your dashboard.")
    if len(set(keys)) != len(keys):
        raise ValidationFailed("widgets", "Each widget may appear once.")
    if period not in PERIODS:
        raise ValidationFailed("period", f"Pick one of: {', '.join(PERIODS.values())}.")
    cleaned = _cleaned(actor, widgets, period, saved=True)
    stored = _stored(db, actor) or DashboardLayout(user_id=actor.user_id, org_id=actor.org_id)
    stored.widgets = [{"key": s.key, "visible": s.visible} for s in cleaned.slots]
    stored.period, stored.updated_at = cleaned.period, utcnow()
    db.add(stored)
    db.flush()
    return cleaned


def _as_items(layout: Layout) -> list[dict]:
    return [{"key": s.key, "visible": s.visible} for s in layout.slots]


def _index_of(layout: Layout, key: str) -> int:
    for index, slot in enumerate(layout.slots):
        if slot.key == key:
            return index
    raise ValidationFailed("widget", f"There is no widget {key!r} on your dashboard.")


def move_widget(db: Session, actor: Actor, key: str, step: int) -> Layout:
    """Move a widget up (step -1) or down (+1); at either end it stays where it is."""
    if step not in (-1, 1):
        raise ValidationFailed("step", "Move a widget one place up or down.")
    layout = layout_for(db, actor)
    items, index = _as_items(layout), _index_of(layout, key)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return save_layout(db, actor, items, layout.period)


def show_widget(db: Session, actor: Actor, key: str, visible: bool) -> Layout:
    layout = layout_for(db, actor)
    items = _as_items(layout)
    items[_index_of(layout, key)]["visible"] = bool(visible)
    return save_layout(db, actor, items, layout.period)


def set_period(db: Session, actor: Actor, period: str) -> Layout:
    return save_layout(db, actor, _as_items(layout_for(db, actor)), period)


def reset_layout(db: Session, actor: Actor) -> Layout:
    """Back to the default arrangement and period."""
    if (stored := _stored(db, actor)) is not None:
        db.delete(stored)
        db.flush()
    return layout_for(db, actor)
