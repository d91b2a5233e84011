"""Brand guidelines (how an organization sounds) and an agency's white label (how AllIN looks to its clients)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import BrandGuidelines, Organization, OrgKind, WhiteLabel

GUIDELINE_FIELDS = {"colors": 200, "fonts": 200, "voice_tone": 2000, "words_to_avoid": 1000, "required_hashtags": 500}
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_APP_NAME = "AllIN"


def guidelines_of(db: Session, actor: Actor, org_id: int) -> BrandGuidelines:
    """Everyone in the organization may read its guidelines (creators write by them)."""
    org = orgs.get_organization(db, actor, org_id)
    return db.get(BrandGuidelines, org.id) or BrandGuidelines(org_id=org.id)


def update_guidelines(db: Session, actor: Actor, org_id: int, changes: dict[str, str]) -> BrandGuidelines:
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id))
    cleaned = orgs.clean_fields(changes, GUIDELINE_FIELDS)
    colors = [c.strip() for c in cleaned.get("colors", "").split(",") if c.strip()]
    bad = next((c for c in colors if not HEX_COLOR.match(c)), None)
    if bad:
        raise ValidationFailed("colors", f"'{bad[:20]}' is not a colour like #1A2B3C.")
    if "colors" in cleaned:
        cleaned["colors"] = ", ".join(c.upper() for c in colors)
    if "required_hashtags" in cleaned:
        tags = [t.strip() for t in re.split(r"[,\s]+", cleaned["required_hashtags"]) if t.strip()]
        cleaned["required_hashtags"] = " ".join(t if t.startswith("#") else f"#{t}" for t in tags)
    guidelines = db.get(BrandGuidelines, org.id) or BrandGuidelines(org_id=org.id)
    for key, value in cleaned.items():
        setattr(guidelines, key, value)
    guidelines.updated_at = utcnow()
    db.add(guidelines)
    record_audit(db, "org.brand_guidelines_changed", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"org:{org.id}", detail=", ".join(sorted(cleaned)))
    return guidelines


@dataclass(frozen=True)
class Brand:
    """What the app shows: AllIN's own look, or the agency's white label for its clients' people."""

    app_name: str = DEFAULT_APP_NAME
    primary_color: str = ""
    accent_color: str = ""
    logo_url: str = ""
    favicon_url: str = ""
    hidden_sections: tuple[str, ...] = ()
    agency_id: int | None = None


def _brand_from(label: WhiteLabel | None) -> Brand:
    if label is None:
        return Brand()
    version = int(label.updated_at.timestamp())
    return Brand(
        app_name=label.app_name or DEFAULT_APP_NAME,
        primary_color=label.primary_color,
        accent_color=label.accent_color,
        logo_url=f"/api/v1/branding/{label.org_id}/logo?v={version}" if label.logo else "",
        favicon_url=f"/api/v1/branding/{label.org_id}/favicon?v={version}" if label.favicon else "",
        hidden_sections=tuple(s for s in label.hidden_sections.split(",") if s),
        agency_id=label.org_id,
    )


def brand_for_org(db: Session, org_id: int | None) -> Brand:
    """An agency's own label, or for a client the label of the agency it belongs to."""
    org = db.get(Organization, org_id) if org_id else None
    if org is None:
        return Brand()
    agency_id = org.parent_id if org.kind == OrgKind.client.value else org.id
    return _brand_from(db.get(WhiteLabel, agency_id) if agency_id else None)


def brand_for_login(db: Session, host: str = "", slug: str = "") -> Brand:
    """The login page's look: by the agency's custom host name, else by `?org=<slug>`."""
    host = host.split(":")[0].strip().lower()
    if host:
        label = db.exec(select(WhiteLabel).where(WhiteLabel.custom_domain == host)).first()
        if label is not None:
            return _brand_from(label)
    org = orgs.get_org_by_slug(db, slug.strip().lower()) if slug else None
    return brand_for_org(db, org.id) if org else Brand()


HIDEABLE_SECTIONS = ("create", "calendar", "content", "accounts", "analytics", "team")
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MAX_IMAGE_BYTES = 512 * 1024
IMAGE_SIGNATURES = (  # SVG is refused on purpose: it can carry scripts
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)


def _agency(db: Session, actor: Actor, agency_id: int) -> Organization:
    agency = orgs.get_organization(db, actor, agency_id)
    require(actor, Permission.organization_settings, Target(org_id=agency.id))
    if agency.kind != OrgKind.agency.value:
        raise ValidationFailed("org", "White labelling is for agencies: their clients see the agency's brand.")
    return agency


def white_label_of(db: Session, actor: Actor, agency_id: int) -> WhiteLabel:
    agency = _agency(db, actor, agency_id)
    return db.get(WhiteLabel, agency.id) or WhiteLabel(org_id=agency.id)


def update_white_label(db: Session, actor: Actor, agency_id: int, *, app_name: str, primary_color: str,
                       accent_color: str, custom_domain: str, hidden_sections: list[str]) -> WhiteLabel:
    agency = _agency(db, actor, agency_id)
    app_name, domain = app_name.strip(), custom_domain.strip().lower().rstrip(".")
    if len(app_name) > 60:
        raise ValidationFailed("app_name", "Use at most 60 characters.")
    for field, color in (("primary_color", primary_color), ("accent_color", accent_color)):
        if color and not HEX_COLOR.match(color):
            raise ValidationFailed(field, "Use a colour like #1A2B3C.")
    if domain and not HOSTNAME.match(domain):
        raise ValidationFailed("custom_domain", "Enter a host name like social.youragency.com (no https://).")
    taken = db.exec(select(WhiteLabel).where(WhiteLabel.custom_domain == domain, WhiteLabel.org_id != agency.id)).first()
    if domain and taken:
        raise ValidationFailed("custom_domain", "Another agency already uses this host name.")
    unknown = [s for s in hidden_sections if s not in HIDEABLE_SECTIONS]
    if unknown:
        raise ValidationFailed("hidden_sections", f"'{unknown[0]}' cannot be hidden.")
    label = db.get(WhiteLabel, agency.id) or WhiteLabel(org_id=agency.id)
    label.app_name, label.primary_color, label.accent_color = app_name, primary_color.upper(), accent_color.upper()
    label.custom_domain = domain or None
    label.hidden_sections = ",".join(s for s in HIDEABLE_SECTIONS if s in hidden_sections)
    label.updated_at = utcnow()
    db.add(label)
    record_audit(db, "org.white_label_changed", actor_user_id=actor.user_id, org_id=agency.id,
                 target=f"org:{agency.id}", detail=f"name={app_name!r} domain={domain!r}")
    return label


def image_type(data: bytes) -> str:
    """The image's type by its first bytes, never by its name; ValidationFailed if not PNG/JPEG/GIF/ICO."""
    for signature, content_type in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise ValidationFailed("image", "Upload a PNG, JPEG, GIF, WebP or ICO image.")


def set_white_label_image(db: Session, actor: Actor, agency_id: int, kind: str, data: bytes) -> WhiteLabel:
    if kind not in ("logo", "favicon"):
        raise ValidationFailed("image", "Choose the logo or the favicon.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationFailed("image", "Images may be at most 512 KB.")
    content_type = image_type(data)
    label = white_label_of(db, actor, agency_id)
    setattr(label, kind, data)
    setattr(label, f"{kind}_type", content_type)
    label.updated_at = utcnow()
    db.add(label)
    record_audit(db, f"org.white_label_{kind}_changed", actor_user_id=actor.user_id, org_id=agency_id,
                 target=f"org:{agency_id}", detail=f"{content_type}, {len(data)} bytes")
    return label


def public_image(db: Session, agency_id: int, kind: str) -> tuple[bytes, str] | None:
    """Logo and favicon are public (the branded login page shows them before anyone signs in)."""
    label = db.get(WhiteLabel, agency_id)
    if label is None or kind not in ("logo", "favicon") or getattr(label, kind) is None:
        return None
    return getattr(label, kind), getattr(label, f"{kind}_type")
