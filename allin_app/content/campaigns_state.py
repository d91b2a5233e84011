"""Reflex state of Campaigns: the list (/campaigns), one campaign (/campaigns/<id>) and the campaign form."""

from __future__ import annotations

from datetime import date

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import campaigns
from allin_app.content.campaigns import format_money
from allin_app.content.models import Campaign, PostStatus

PREVIEW_CHARS = 90


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _percent(part: int, whole: int) -> int:
    return min(100, round(part * 100 / whole)) if whole > 0 else 0


def _summary(campaign: Campaign, spent: int, posts: int, today: date) -> dict[str, str]:
    return {"id": str(campaign.id), "name": campaign.name, "goal": campaign.goal, "color": campaign.color,
            "dates": f"{_day(campaign.starts_on)} – {_day(campaign.ends_on)}",
            "status": campaigns.campaign_status(campaign, today), "budget": format_money(campaign.budget_cents),
            "spent": format_money(spent), "percent": str(_percent(spent, campaign.budget_cents)),
            "used": str(round(spent * 100 / campaign.budget_cents)) if campaign.budget_cents else "0",
            "over": "yes" if spent > campaign.budget_cents else "", "posts": str(posts),
            "has_budget": "yes" if campaign.budget_cents > 0 else ""}


def _form_values(campaign: Campaign) -> dict[str, str]:
    return {"name": campaign.name, "goal": campaign.goal, "color": campaign.color,
            "starts_on": campaign.starts_on.isoformat() if campaign.starts_on else "",
            "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else "",
            "budget": f"{campaign.budget_cents / 100:.2f}" if campaign.budget_cents else ""}


def _post_row(post, mark: campaigns.TimelineMark | None) -> dict[str, str]:
    words = (post.title or post.text or "(no text yet)").strip()
    status = PostStatus(post.status).label if post.status in PostStatus.__members__ else post.status
    return {"id": str(post.id), "text": words if len(words) <= PREVIEW_CHARS else words[:PREVIEW_CHARS] + "…",
            "status": status, "status_key": post.status, "day": _day(mark.day) if mark else "",
            "scheduled": "yes" if post.scheduled_at else "",
            "percent": f"{mark.percent}%" if mark else "0%", "outside": "yes" if mark and mark.outside else ""}


def _read_form(form: dict, with_team: bool, team: list[str]) -> dict:
    """The campaign form as service fields; the amount is parsed inside the transaction for its message."""
    budget = str(form.get("budget", "")).strip()
    values = {key: str(form.get(key, "")) for key in ("name", "goal", "starts_on", "ends_on", "color")}
    values["budget_cents"] = campaigns.parse_amount(budget, "budget") if budget else 0
    if with_team:
        values["member_ids"] = list(team)
    return values


class CampaignsState(rx.State):
    rows: list[dict[str, str]] = []
    can_manage: bool = False
    error: str = ""

    form_open: bool = False
    form_values: dict[str, str] = {}
    form_error: str = ""
    form_error_field: str = ""
    team_choices: list[dict[str, str]] = []
    picked_team: list[str] = []

    current_id: str = ""
    missing: bool = False
    info: dict[str, str] = {}
    costs: list[dict[str, str]] = []
    posts: list[dict[str, str]] = []
    team: list[dict[str, str]] = []
    today_at: str = ""  # where today sits on the timeline, "" when outside the campaign
    can_assist: bool = False
    cost_error: str = ""
    cost_error_field: str = ""
    cost_form_key: int = 0
    confirm_delete: bool = False
    _today: str = ""  # the organization's date, for the new campaign form
    _saved_form: dict[str, str] = {}  # the campaign as saved, to start each edit from

    # ---- the list ----

    def _show_list(self, db, actor) -> None:
        found = campaigns.list_campaigns(db, actor)
        ids = [c.id for c in found]
        spent, counts = campaigns.spent_by_campaign(db, ids), campaigns.post_counts(db, ids, actor)
        today = campaigns.today_in(db, actor.org_id)
        self._today = today.isoformat()
        self.rows = [_summary(c, spent.get(c.id, 0), counts.get(c.id, 0), today) for c in found]
        self.can_manage = campaigns.may_manage(actor)
        self.team_choices = [{"id": str(u.id), "name": u.full_name or u.email}
                             for u in campaigns.team_choices(db, actor)]

    @rx.event
    @requires_sign_in
    async def load_list(self):
        self.form_open = False
        _, error = await act_as_signed_in(self, self._show_list)
        self.error = error.message if error else ""

    @rx.event
    def open_new(self):
        today = self._today or date.today().isoformat()
        self.form_values = {"name": "", "goal": "", "color": campaigns.DEFAULT_COLOR, "starts_on": today,
                            "ends_on": today, "budget": ""}
        self.picked_team, self.form_error, self.form_error_field, self.form_open = [], "", "", True

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = value

    @rx.event
    def pick_member(self, user_id: str, picked: bool):
        self.picked_team = [u for u in self.picked_team if u != user_id] + ([user_id] if picked else [])

    def _form_failed(self, form: dict, error) -> None:
        self.form_values = {key: str(form.get(key, "")) for key in self.form_values}
        self.form_error, self.form_error_field = error.message, getattr(error, "field", "")

    @rx.event
    @requires_sign_in
    async def create(self, form: dict):
        team = list(self.picked_team)

        def create(db, actor):
            campaign = campaigns.create_campaign(db, actor, **_read_form(form, True, team))
            self._show_list(db, actor)
            return campaign

        campaign, error = await act_as_signed_in(self, create)
        if error:
            return self._form_failed(form, error)
        self.form_open = False
        return [rx.toast.success(f"Campaign “{campaign.name}” created."), rx.redirect(f"/campaigns/{campaign.id}")]

    # ---- one campaign ----

    def _show_campaign(self, db, actor) -> None:
        campaign = campaigns.get_campaign(db, actor, int(self.current_id))
        posts = campaigns.campaign_posts(db, actor, campaign.id)
        zone, today = campaigns.org_zone(db, actor.org_id), campaigns.today_in(db, actor.org_id)
        marks = {m.post_id: m for m in campaigns.timeline(campaign, posts, zone)}
        spent = campaigns.budget_spent(db, actor, campaign.id)
        self.info = {**_summary(campaign, spent, len(posts), today), "starts": _day(campaign.starts_on),
                     "today": today.isoformat(),
                     "ends": _day(campaign.ends_on),
                     "left": format_money(max(campaign.budget_cents - spent, 0)),
                     "overspent": format_money(max(spent - campaign.budget_cents, 0))}
        self._saved_form = _form_values(campaign)
        self.form_values = self._saved_form
        self.costs = [{"id": str(c.id), "description": c.description, "amount": format_money(c.amount_cents),
                       "day": _day(c.spent_on)} for c in campaigns.campaign_costs(db, actor, campaign.id)]
        self.posts = [_post_row(p, marks.get(p.id)) for p in posts]
        members = campaigns.campaign_team(db, actor, campaign.id)
        self.team = [{"id": str(u.id), "name": u.full_name or u.email, "email": u.email} for u in members]
        self.picked_team = [m["id"] for m in self.team]
        self.team_choices = [{"id": str(u.id), "name": u.full_name or u.email}
                             for u in campaigns.team_choices(db, actor)]
        inside = campaign.starts_on and campaign.ends_on and campaign.starts_on <= today <= campaign.ends_on
        self.today_at = f"{campaigns.day_percent(campaign, today)}%" if inside else ""
        self.can_manage = campaigns.may_manage(actor)
        self.can_assist = campaigns.may_assist(db, actor, campaign)

    async def _act_on_campaign(self, change):
        def run(db, actor):
            result = change(db, actor, int(self.current_id))
            self._show_campaign(db, actor)
            return result

        return await act_as_signed_in(self, run)

    @rx.event
    @requires_sign_in
    async def load_campaign(self):
        self.current_id = str(self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        self.form_open, self.confirm_delete, self.cost_error, self.cost_error_field = False, False, "", ""
        self.missing = True
        if self.current_id.isdigit():
            _, error = await act_as_signed_in(self, self._show_campaign)
            self.missing = error is not None

    @rx.event
    def open_edit(self):
        self.form_values, self.picked_team = dict(self._saved_form), [m["id"] for m in self.team]
        self.form_error, self.form_error_field, self.form_open = "", "", True

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        team, with_team = list(self.picked_team), self.can_manage
        _, error = await self._act_on_campaign(
            lambda db, actor, campaign_id: campaigns.update_campaign(db, actor, campaign_id,
                                                                     _read_form(form, with_team, team)))
        if error:
            return self._form_failed(form, error)
        self.form_open = False
        return rx.toast.success("Campaign saved.")

    @rx.event
    @requires_sign_in
    async def add_cost(self, form: dict):
        description, amount, spent_on = (str(form.get(k, "")) for k in ("description", "amount", "spent_on"))
        _, error = await self._act_on_campaign(lambda db, actor, campaign_id: campaigns.add_campaign_cost(
            db, actor, campaign_id, description, campaigns.parse_amount(amount, "amount"), spent_on))
        self.cost_error = error.message if error else ""
        self.cost_error_field = getattr(error, "field", "") if error else ""
        if error is None:
            self.cost_form_key += 1  # a fresh, empty form
            return rx.toast.success(f"Cost “{description.strip()}” added.")

    @rx.event
    @requires_sign_in
    async def remove_cost(self, cost_id: str):
        if not cost_id.isdigit():
            return None
        _, error = await self._act_on_campaign(
            lambda db, actor, campaign_id: campaigns.remove_campaign_cost(db, actor, campaign_id, int(cost_id)))
        if error:
            return rx.toast.error(error.message)

    @rx.event
    def set_confirm_delete(self, value: bool):
        self.confirm_delete = value

    @rx.event
    @requires_sign_in
    async def delete(self):
        self.confirm_delete = False
        campaign_id, name = self.current_id, self.info.get("name", "")
        detached, error = await act_as_signed_in(
            self, lambda db, actor: campaigns.delete_campaign(db, actor, int(campaign_id)))
        if error:
            return rx.toast.error(error.message)
        note = f" {detached} post(s) stay in Content, no longer in a campaign." if detached else ""
        return [rx.toast.success(f"Campaign “{name}” deleted.{note}"), rx.redirect("/campaigns")]
