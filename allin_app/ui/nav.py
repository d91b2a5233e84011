"""The app's main sections and which permission opens each (no Reflex here, so it is testable)."""

from __future__ import annotations

from dataclasses import dataclass

from allin_app.core.rbac import Permission, Role, may_open


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    route: str
    icon: str
    opened_by: tuple[Permission, ...] = ()  # any one of these; empty = every signed-in user


SECTIONS: tuple[Section, ...] = (
    Section("dashboard", "Dashboard", "/dashboard", "layout-dashboard"),
    Section("create", "Create", "/create", "square-pen", (Permission.create_content,)),
    Section("calendar", "Calendar", "/calendar", "calendar-days", (Permission.view_calendar,)),
    Section("content", "Content", "/content", "library", (Permission.edit_content, Permission.approve_content)),
    Section("approvals", "Approvals", "/approvals", "badge-check", (Permission.approve_content,)),
    # Tasks: every role that works with the team (all but client viewers); workflow/tasks.py decides what each sees.
    Section("tasks", "Tasks", "/tasks", "list-checks", (Permission.view_team_activity,)),
    Section("accounts", "Accounts", "/accounts", "share-2", (Permission.view_account_status,)),
    Section("analytics", "Analytics", "/analytics", "chart-line", (Permission.view_basic_analytics,)),
    Section("team", "Team", "/team", "users", (Permission.view_team_activity,)),
    Section("chat", "Chat", "/chat", "messages-square"),
    Section("clients", "Clients", "/clients", "building-2", (Permission.organization_settings,)),
    Section("settings", "Settings", "/settings", "settings"),
    Section("admin", "Admin", "/admin", "shield", (Permission.platform_settings,)),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}


def sections_for(role: Role) -> list[Section]:
    """The sections a role may open, in sidebar order."""
    return [s for s in SECTIONS if not s.opened_by or any(may_open(role, p) for p in s.opened_by)]
