"""Conversions in (by API or CSV), each attributed to the post, network and campaign it came from.

Attribution, the first rule that applies:
1. `short_code` (or the whole short URL): the organization's short link tells the post and network it was
   made for (content/links.py makes one per post and network), and the post its campaign;
2. `post_id`: that post of the organization, and its campaign;
3. `utm_content` of the form `post-<id>` (for links tagged by hand; the composer does not set utm_content);
4. `utm_campaign`: the campaign whose name it is, ignoring case, spaces, dashes and underscores (the composer's
   "UTM campaign" field: type the campaign's name, e.g. "Autumn blend" or autumn-blend);
otherwise unattributed. `utm_source` names the network where the rule gave none (the composer tags links
with the network's name; "x" is X). Clicks on short links are attributed the same way when they happen.

A conversion's `external_id` (the shop's order id, say) is unique per organization: sending it again updates
the conversion if something changed and is otherwise a no-op, so an import can be repeated safely.
Permissions: ROI & Revenue Attribution; managers, agency owners and super admins record conversions, client
viewers read the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlsplit

from sqlmodel import Session, select

from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.roi_models import Conversion
from allin_app.content.models import Campaign, Post, ShortLink
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.money import CURRENCIES
from allin_app.core.rbac import Actor, Permission, Target, allows, require
from allin_app.orgs.models import Organization
from allin_app.platforms.limits import LABELS

MAX_BATCH = 1_000
MAX_CENTS = 100_000_000_000
FUTURE_SLACK = timedelta(days=1)
POST_TAG = re.compile(r"^post-(\d{1,12})$")
DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")
NETWORK_NAMES = {"x": "twitter", **{key: key for key in LABELS}, **{label.lower(): key for key, label in LABELS.items()}}
TEXT_LIMITS = {"utm_campaign": 200, "utm_source": 200, "utm_medium": 200, "utm_content": 200}


def may_read(actor: Actor) -> bool:
    return allows(actor, Permission.roi_attribution, Target(org_id=actor.org_id), write=False)


def may_record(actor: Actor) -> bool:
    return allows(actor, Permission.roi_attribution, Target(org_id=actor.org_id))


def require_read(actor: Actor) -> None:
    require(actor, Permission.roi_attribution, Target(org_id=actor.org_id), write=False)


# --- attribution -------------------------------------------------------------------------------


def campaign_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", (name or "").strip().lower())


def network_of(source: str) -> str:
    return NETWORK_NAMES.get((source or "").strip().lower(), "")


def campaign_named(db: Session, org_id: int, utm_campaign: str) -> Campaign | None:
    key = campaign_key(utm_campaign)
    if not key:
        return None
    return next((c for c in db.exec(select(Campaign).where(Campaign.org_id == org_id).order_by(Campaign.id))
                 if campaign_key(c.name) == key), None)


@dataclass(frozen=True)
class Attribution:
    post_id: int | None = None
    campaign_id: int | None = None
    network: str = ""
    rule: str = "none"


def _post_of(db: Session, org_id: int, post_id: int | None) -> Post | None:
    post = db.get(Post, post_id) if post_id else None
    return post if post is not None and post.org_id == org_id else None


def link_attribution(db: Session, link: ShortLink) -> Attribution:
    """What a short link was made for: its post and network, else the UTM tags of the address it leads to."""
    tags = dict(parse_qsl(urlsplit(link.target_url).query))
    post = _post_of(db, link.org_id, link.post_id)
    campaign = post.campaign_id if post else None
    if campaign is None and (named := campaign_named(db, link.org_id, tags.get("utm_campaign", ""))):
        campaign = named.id
    return Attribution(post.id if post else None, campaign, link.network or network_of(tags.get("utm_source", "")),
                       "short_link")


def short_code_of(value: str) -> str:
    """A code, or the short URL it ends: https://allin.example/l/AbC123x -> AbC123x."""
    value = (value or "").strip().rstrip("/")
    return value.rsplit("/l/", 1)[-1] if "/l/" in value else value


def attribute(db: Session, org_id: int, short_code: str = "", post_id: int | None = None, utm_content: str = "",
              utm_campaign: str = "", utm_source: str = "") -> Attribution:
    """The rules of the module docstring; a short code or post id that is not the organization's is refused."""
    source_network = network_of(utm_source)
    if short_code:
        link = db.exec(select(ShortLink).where(ShortLink.code == short_code, ShortLink.org_id == org_id)).first()
        if link is None:
            raise ValidationFailed("short_code", f"No short link {short_code!r} in this organization.")
        found = link_attribution(db, link)
        return Attribution(found.post_id, found.campaign_id, found.network or source_network, found.rule)
    rule = "post"
    if post_id is None and (tagged := POST_TAG.match((utm_content or "").strip().lower())):
        post_id, rule = int(tagged.group(1)), "utm_content"
    if post_id is not None:
        post = _post_of(db, org_id, post_id)
        if post is None:
            raise ValidationFailed("post_id" if rule == "post" else "utm_content",
                                   f"No post {post_id} in this organization.")
        return Attribution(post.id, post.campaign_id, source_network, rule)
    if campaign := campaign_named(db, org_id, utm_campaign):
        return Attribution(None, campaign.id, source_network, "utm_campaign")
    return Attribution(network=source_network)


# --- checking what comes in --------------------------------------------------------------------


@dataclass
class Checked:
    """One conversion as it will be stored, or why it cannot be (`errors`: field -> message)."""

    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _text(item: dict, name: str) -> str:
    value = item.get(name)
    return "" if value is None else str(value).strip()


def _plain_number(text: str) -> str:
    """Spreadsheet spellings made plain: "1,249.50" and "1.249,50" -> "1249.50"; "35,5" (a decimal comma) ->
    "35.5"; "1,249" (a thousands comma) -> "1249"."""
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        return text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    if DECIMAL_COMMA.match(text):
        return text.replace(",", ".")
    return text.replace(",", "")


def parse_value(raw) -> int:
    """49.9, "49.90", "1,249.00", "35,50" -> cents; at most two decimals, not negative."""
    if isinstance(raw, bool) or raw is None or str(raw).strip() == "":
        raise ValidationFailed("value", "Give the conversion's value, like 49.90 (0 for a lead without a value).")
    try:
        amount = Decimal(_plain_number(str(raw).strip()))
    except InvalidOperation:
        raise ValidationFailed("value", "Give the value as a number, like 49.90.") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise ValidationFailed("value", "Give the value with at most two decimals, like 49.90.")
    if amount < 0:
        raise ValidationFailed("value", "A value cannot be negative.")
    if amount * 100 > MAX_CENTS:
        raise ValidationFailed("value", "That value is too large: check it.")
    return int(amount * 100)


def parse_moment(raw, zone, now: datetime) -> datetime:
    """ISO 8601 with or without an offset (without: the organization's zone), or a date (its local midnight)."""
    if isinstance(raw, datetime):
        moment = raw if raw.tzinfo else raw.replace(tzinfo=zone)
    else:
        text = str(raw or "").strip()
        if not text:
            raise ValidationFailed("occurred_at", "Give when it happened, like 2026-11-20T14:30:00+01:00.")
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
        except ValueError:
            raise ValidationFailed("occurred_at", f"{text!r} is not a date and time like 2026-11-20 14:30.") from None
        if len(text) <= 10:
            moment = datetime.combine(moment.date(), time(), zone)
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
    moment = as_utc(moment)
    if moment > now + FUTURE_SLACK:
        raise ValidationFailed("occurred_at", "That is in the future.")
    return moment


def check_conversion(db: Session, org: Organization, item: dict, now: datetime) -> Checked:
    """Every problem of one item at once, by field."""
    found = Checked()

    def attempt(name: str, read) -> None:
        try:
            found.values[name] = read()
        except ValidationFailed as error:
            found.errors[error.field] = error.message

    external = _text(item, "external_id")
    if not external or len(external) > 200:
        found.errors["external_id"] = "Give the conversion's own id (an order number, say), up to 200 characters."
    found.values["external_id"] = external
    attempt("occurred_at", lambda: parse_moment(item.get("occurred_at"), zone_of(org.timezone), now))
    attempt("value_cents", lambda: parse_value(item.get("value")))
    currency = (_text(item, "currency") or org.currency or "USD").upper()
    if currency not in CURRENCIES:
        found.errors["currency"] = f"Unknown currency {currency!r}: use a code like {org.currency or 'USD'}."
    found.values["currency"] = currency
    for name, limit in TEXT_LIMITS.items():
        found.values[name] = _text(item, name)
        if len(found.values[name]) > limit:
            found.errors[name] = f"Use at most {limit} characters."
    found.values["short_code"] = short_code_of(_text(item, "short_code")) or None
    attempt("post_id", lambda: _post_id(item.get("post_id")))
    if not found.errors:
        attempt("attribution", lambda: attribute(
            db, org.id, found.values["short_code"] or "", found.values["post_id"], found.values["utm_content"],
            found.values["utm_campaign"], found.values["utm_source"]))
    return found


def _post_id(raw) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    if not text.isdigit():
        raise ValidationFailed("post_id", "A post id is a whole number.")
    return int(text)


# --- storing ------------------------------------------------------------------------------------


@dataclass
class Recorded:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conversions: list[Conversion] = field(default_factory=list)


STORED = ("occurred_at", "value_cents", "currency", "utm_campaign", "utm_source", "utm_medium", "utm_content",
          "short_code", "post_id", "campaign_id", "network", "attributed_by")


def store(db: Session, actor: Actor, checked: list[Checked], source: str, now: datetime) -> Recorded:
    """Write checked conversions (create, update what changed, leave the same alone)."""
    done = Recorded()
    for item in checked:
        values, found = dict(item.values), item.values["attribution"]
        values |= {"post_id": found.post_id, "campaign_id": found.campaign_id, "network": found.network,
                   "attributed_by": found.rule}
        row = db.exec(select(Conversion).where(Conversion.org_id == actor.org_id,
                                               Conversion.external_id == values["external_id"])).first()
        if row is None:
            row = Conversion(org_id=actor.org_id, external_id=values["external_id"], source=source,
                             created_by_user_id=actor.user_id, created_at=now, updated_at=now,
                             **{k: values[k] for k in STORED})
            db.add(row)
            done.created += 1
        elif any(_differs(getattr(row, k), values[k]) for k in STORED):
            for key in STORED:
                setattr(row, key, values[key])
            row.updated_at, row.source = now, source
            done.updated += 1
        else:
            done.unchanged += 1
        done.conversions.append(row)
    db.flush()
    return done


def _differs(stored, new) -> bool:
    return (as_utc(stored) != as_utc(new)) if isinstance(stored, datetime) else stored != new


def record_conversions(db: Session, actor: Actor, items: list[dict], source: str = "api") -> Recorded:
    """All or nothing (the API): any item's problem refuses the batch, with every problem by item and field."""
    require(actor, Permission.roi_attribution, Target(org_id=actor.org_id))
    if not items:
        raise ValidationFailed("conversions", "Send at least one conversion.")
    if len(items) > MAX_BATCH:
        raise ValidationFailed("conversions", f"Send at most {MAX_BATCH:,} conversions at a time.")
    org, now = db.get(Organization, actor.org_id), utcnow()
    checked = [check_conversion(db, org, item if isinstance(item, dict) else {}, now) for item in items]
    seen: dict[str, int] = {}
    for index, item in enumerate(checked):
        external = item.values["external_id"]
        if external and external in seen:
            item.errors["external_id"] = f"The same id as conversion {seen[external]} of this batch."
        seen.setdefault(external, index)
    problems = [{"field": f"conversions[{index}].{name}", "message": message}
                for index, item in enumerate(checked) for name, message in item.errors.items()]
    if problems:
        refused = ValidationFailed(problems[0]["field"], problems[0]["message"])
        refused.errors = problems
        raise refused
    return store(db, actor, checked, source, now)


def list_conversions(db: Session, actor: Actor, start: datetime, end: datetime, limit: int = 100,
                     before_id: int | None = None) -> list[Conversion]:
    """The organization's conversions in [start, end), latest recorded first, `limit` at a time (before_id: the
    page after the one that ended with that id)."""
    require_read(actor)
    query = select(Conversion).where(Conversion.org_id == actor.org_id, Conversion.occurred_at >= start,
                                     Conversion.occurred_at < end)
    query = query.where(Conversion.id < before_id) if before_id else query
    return list(db.exec(query.order_by(Conversion.id.desc()).limit(limit)))
