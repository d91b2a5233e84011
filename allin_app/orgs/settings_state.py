"""Reflex state of Settings > Organization: the acting organization's profile."""

from __future__ import annotations

from zoneinfo import available_timezones

import reflex as rx

from allin_app.auth.state import SessionState, act_as_signed_in, client_of, requires_sign_in
from allin_app.core.rbac import Permission, Target, allows
from allin_app.orgs import notifications
from allin_app.orgs import security as org_security
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind
from allin_app.scheduling import service as scheduling

TIMEZONES = sorted(available_timezones() - {"localtime", "Factory"})
LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano",
             "pt": "Português", "nl": "Nederlands"}
SIZES = ("1-10", "11-50", "51-200", "201-1000", "1000+")


class OrgSettingsState(rx.State):
    profile: dict[str, str] = {}
    kind_label: str = ""
    can_edit: bool = False
    error: str = ""
    error_field: str = ""
    policy: dict[str, str] = {}
    require_2fa: bool = False
    can_edit_security: bool = False
    your_ip: str = ""
    notify_events: list[dict[str, str]] = []
    notify_frequency: str = "instant"
    publishing: dict[str, str] = {}

    def _show(self, org, actor, db) -> None:
        self.profile = {key: str(getattr(org, key) or "") for key in orgs.PROFILE_FIELDS}
        self.kind_label = OrgKind(org.kind).label
        self.can_edit = allows(actor, Permission.organization_settings, Target(org_id=org.id))
        self.can_edit_security = allows(actor, Permission.security_settings, Target(org_id=org.id))
        policy = org_security.policy_of(db, org.id)
        self.require_2fa = policy.require_2fa
        self.policy = {"min_password_length": str(policy.min_password_length),
                       "session_timeout_minutes": str(policy.session_timeout_minutes),
                       "ip_allowlist": policy.ip_allowlist}
        self.your_ip = client_of(self).ip
        rules = scheduling.publishing_settings(db, org.id)
        self.publishing = {"min_gap_minutes": str(rules.min_gap_minutes), "grace_minutes": str(rules.grace_minutes)}
        defaults = notifications.notification_defaults(db, actor, org.id)
        self.notify_frequency = defaults["frequency"]
        self.notify_events = [{"key": key, "label": label, **{c: "on" if defaults["events"][key][c] else ""
                                                              for c in notifications.CHANNELS}}
                              for key, label in notifications.EVENTS.items()]

    @rx.event
    @requires_sign_in
    async def load(self):
        _, error = await act_as_signed_in(
            self, lambda db, actor: self._show(orgs.get_organization(db, actor, actor.org_id), actor, db))
        self.error, self.error_field = (error.message, "") if error else ("", "")

    async def _save(self, change, done: str):
        """Run `change(db, actor)`, redisplay the organization, and say how it went."""
        def save(db, actor):
            change(db, actor)
            self._show(orgs.get_organization(db, actor, actor.org_id), actor, db)

        _, error = await act_as_signed_in(self, save)
        self.error, self.error_field = (error.message, getattr(error, "field", "")) if error else ("", "")
        return None if error else [rx.toast.success(done), SessionState.load_page]

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        changes = {k: str(v) for k, v in form.items()}
        return await self._save(lambda db, actor: orgs.update_organization(db, actor, actor.org_id, changes),
                                "Organization saved.")

    @rx.event
    def set_require_2fa(self, value: bool):
        self.require_2fa = value

    @rx.event
    @requires_sign_in
    async def save_security(self, form: dict):
        numbers = {}
        for key in ("min_password_length", "session_timeout_minutes"):
            raw = str(form.get(key, "")).strip()
            if not raw.isdigit():
                self.error, self.error_field = "Enter a whole number.", key
                return None
            numbers[key] = int(raw)
        return await self._save(lambda db, actor: org_security.update_policy(
            db, actor, actor.org_id, require_2fa=self.require_2fa, ip_allowlist=str(form.get("ip_allowlist", "")),
            editor_ip=self.your_ip, **numbers), "Security policy saved.")

    @rx.event
    @requires_sign_in
    async def save_publishing(self, form: dict):
        numbers = {}
        for key in ("min_gap_minutes", "grace_minutes"):
            raw = str(form.get(key, "")).strip()
            if not raw.isdigit():
                self.error, self.error_field = "Enter a whole number of minutes.", key
                return None
            numbers[key] = int(raw)
        # Approvals on/off is the "Approval workflows" card's switch: kept as it is here.
        return await self._save(lambda db, actor: scheduling.update_publishing_settings(
            db, actor, require_approval=scheduling.publishing_settings(db, actor.org_id).require_approval,
            **numbers), "Publishing settings saved.")

    @rx.event
    def toggle_notification(self, event: str, channel: str, on: bool):
        self.notify_events = [{**row, channel: "on" if on else ""} if row["key"] == event else row
                              for row in self.notify_events]

    @rx.event
    def set_notify_frequency(self, value: str):
        self.notify_frequency = value

    @rx.event
    @requires_sign_in
    async def save_notifications(self):
        events = {row["key"]: {c: row[c] == "on" for c in notifications.CHANNELS} for row in self.notify_events}
        return await self._save(lambda db, actor: notifications.update_notification_defaults(
            db, actor, actor.org_id, events, self.notify_frequency), "Notification defaults saved.")
