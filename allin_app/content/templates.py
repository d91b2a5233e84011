"""Templates: reusable words with {{variables}}. Built-in ones serve everybody, an organization's own
are shared by its whole team (and, for an agency, optionally with its clients), and every change of
the words is kept as a version that can be restored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content.models import Template, TemplateVersion
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, allows, require
from allin_app.orgs.models import Organization, OrgKind

# {{name}} or {{ name }}; anything else in braces is ordinary text and left alone
VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
NAME_MAX, CATEGORY_MAX, BODY_MAX = 120, 60, 5000


@dataclass(frozen=True)
class BuiltIn:
    name: str
    category: str
    body: str


BUILT_INS = (
    BuiltIn("Product announcement", "Announcement",
            "It's here: {{product_name}}.\n\n{{key_benefit}}\n\n"
            "Available from {{date}}. Be among the first to try it: {{link}}"),
    BuiltIn("Event promotion", "Event",
            "Join us for {{event_name}} on {{date}} at {{location}}.\n\n{{what_to_expect}}\n\n"
            "Places are limited, save yours now: {{link}}"),
    BuiltIn("Educational tips", "Educational",
            "3 things to know about {{topic}}:\n\n1. {{tip_1}}\n2. {{tip_2}}\n3. {{tip_3}}\n\n"
            "Save this post for later, and read the full guide: {{link}}"),
    BuiltIn("Customer testimonial", "Social proof",
            "\"{{quote}}\"\n\n- {{customer_name}}, {{customer_role}}\n\n"
            "Thank you for trusting us with {{what_we_did}}. More stories from our customers: {{link}}"),
    BuiltIn("Behind the scenes", "Behind the scenes",
            "A look behind the scenes at {{company_name}}: {{what_is_happening}}.\n\n"
            "Meet {{team_member}}, who {{their_job}}. {{fun_fact}}\n\n"
            "What would you like to see next? Tell us in the comments."),
)

SOURCE_LABELS = {"organization": "Your organization", "agency": "From your agency", "built_in": "Built-in"}


class MissingValues(ValidationFailed):
    """A template was filled without a value for each of its variables; names every missing one."""

    def __init__(self, missing: list[str]):
        super().__init__("values", f"Fill in {_and_list(missing)} to use this template.")
        self.missing = missing
        self.errors = [{"field": f"values.{name}", "message": f"Enter a value for {name}."} for name in missing]


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def variables(body: str) -> list[str]:
    """The {{variables}} of a text, each once, in order of first appearance."""
    return list(dict.fromkeys(match.group(1) for match in VARIABLE.finditer(body or "")))


def fill(body: str, values: dict[str, object]) -> str:
    """The text with every {{variable}} replaced; refuses (MissingValues) while any has no value."""
    given = {name: str(value).strip() for name, value in (values or {}).items() if value is not None}
    missing = [name for name in variables(body) if not given.get(name)]
    if missing:
        raise MissingValues(missing)
    return VARIABLE.sub(lambda match: given[match.group(1)], body)


def ensure_builtin_templates(db: Session) -> list[str]:
    """Add the built-in templates that are missing (one a platform admin deleted stays deleted).

    Idempotent; returns a line per template created, like the seed's other steps.
    """
    present = set(db.exec(select(Template.name).where(Template.org_id == None)))
    created = []
    for builtin in BUILT_INS:
        if builtin.name not in present:
            template = Template(org_id=None, name=builtin.name, category=builtin.category, body=builtin.body)
            db.add(template)
            db.flush()
            db.add(TemplateVersion(template_id=template.id, number=1, name=template.name, body=template.body))
            created.append(f"template {builtin.name}")
    db.flush()
    return created


# ---- who sees and changes what ----

def source_of(actor: Actor, template: Template) -> str:
    """built_in, agency (shared by the acting organization's agency) or organization."""
    if template.org_id is None:
        return "built_in"
    return "organization" if template.org_id == actor.org_id else "agency"


def may_edit(actor: Actor, template: Template, permission: Permission = Permission.edit_content) -> bool:
    """Built-ins belong to the platform; an agency's shared template is read-only in its clients."""
    if template.org_id is None:
        return allows(actor, Permission.platform_settings)
    if template.org_id != actor.org_id:
        return False
    return allows(actor, permission, Target(org_id=template.org_id, owner_id=template.created_by_user_id))


def may_create(actor: Actor) -> bool:
    return allows(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))


def _require_change(actor: Actor, template: Template, permission: Permission) -> None:
    if may_edit(actor, template, permission):
        return
    if template.org_id is None:
        raise PermissionDenied("Built-in templates cannot be changed: copy one to make it your own.")
    if template.org_id != actor.org_id:
        raise PermissionDenied("Your agency shares this template read-only: copy it to make it your own.")
    require(actor, permission, Target(org_id=template.org_id, owner_id=template.created_by_user_id))


def _visible_condition(db: Session, actor: Actor):
    org = db.get(Organization, actor.org_id)
    condition = or_(Template.org_id == actor.org_id, Template.org_id == None)
    if org is not None and org.parent_id is not None:
        condition = or_(condition, and_(Template.org_id == org.parent_id, Template.shared_with_clients == True))
    return and_(condition, Template.deleted_at == None)


def get_template(db: Session, actor: Actor, template_id: int) -> Template:
    """A template the acting organization can see, else NotFound (never a hint that it exists)."""
    template = db.exec(select(Template).where(Template.id == template_id, _visible_condition(db, actor))).first()
    if template is None:
        raise NotFound("Template not found.")
    return template


def list_templates(db: Session, actor: Actor, search: str = "", category: str = "") -> list[Template]:
    """Own templates first, then the agency's shared ones, then the built-ins; each group by name."""
    if db.exec(select(Template.id).where(Template.org_id == None)).first() is None:
        ensure_builtin_templates(db)  # first use on an unseeded installation
    statement = select(Template).where(_visible_condition(db, actor))
    search = (search or "").strip()
    if search:
        statement = statement.where(or_(col(Template.name).icontains(search, autoescape=True),
                                        col(Template.body).icontains(search, autoescape=True)))
    if (category or "").strip():
        statement = statement.where(Template.category == category.strip())
    rank = {"organization": 0, "agency": 1, "built_in": 2}
    return sorted(db.exec(statement), key=lambda t: (rank[source_of(actor, t)], t.name.lower(), t.id))


def template_categories(db: Session, actor: Actor) -> list[str]:
    """The categories in use among the templates the organization sees, for the filter."""
    found = db.exec(select(Template.category).where(_visible_condition(db, actor)).distinct())
    return sorted({category for category in found if category}, key=str.lower)


# ---- changes ----

def _clean(name: str, body: str, category: str) -> tuple[str, str, str]:
    name, category, body = (name or "").strip(), (category or "").strip(), (body or "").strip()
    if not name:
        raise ValidationFailed("name", "Give the template a name.")
    if len(name) > NAME_MAX:
        raise ValidationFailed("name", f"Use at most {NAME_MAX} characters for the name.")
    if len(category) > CATEGORY_MAX:
        raise ValidationFailed("category", f"Use at most {CATEGORY_MAX} characters for the category.")
    if not body:
        raise ValidationFailed("body", "Write the template's text.")
    if len(body) > BODY_MAX:
        raise ValidationFailed("body", f"A template has at most {BODY_MAX} characters; this one has {len(body)}.")
    return name, body, category


def _check_sharing(db: Session, org_id: int | None, shared: bool) -> None:
    org = db.get(Organization, org_id) if org_id is not None else None
    if shared and (org is None or org.kind != OrgKind.agency.value):
        raise ValidationFailed("shared_with_clients", "Only an agency's templates can be shared with its clients.")


def _write_version(db: Session, actor: Actor, template: Template) -> None:
    """The template's name and body as its next version (the caller has just changed them)."""
    template.version += 1
    template.updated_at = utcnow()
    db.add(TemplateVersion(template_id=template.id, number=template.version, name=template.name,
                           body=template.body, author_user_id=actor.user_id))
    try:
        db.flush()
    except IntegrityError as exc:  # two saves of one template at the same moment
        raise Conflict("Someone saved this template at the same moment. Reload it and save again.") from exc


def create_template(db: Session, actor: Actor, name: str, body: str, category: str = "",
                    shared_with_clients: bool = False) -> Template:
    require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    name, body, category = _clean(name, body, category)
    _check_sharing(db, actor.org_id, shared_with_clients)
    template = Template(org_id=actor.org_id, name=name, category=category, body=body,
                        shared_with_clients=shared_with_clients, created_by_user_id=actor.user_id, version=0)
    db.add(template)
    db.flush()
    _write_version(db, actor, template)
    record_audit(db, "template.created", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"template:{template.id}", detail=name)
    return template


def update_template(db: Session, actor: Actor, template_id: int, *, name: str | None = None,
                    body: str | None = None, category: str | None = None,
                    shared_with_clients: bool | None = None) -> Template:
    """Change what is given; a change of the name or the words is saved as a new version."""
    template = get_template(db, actor, template_id)
    _require_change(actor, template, Permission.edit_content)
    name, body, category = _clean(template.name if name is None else name, template.body if body is None else body,
                                  template.category if category is None else category)
    shared = template.shared_with_clients if shared_with_clients is None else shared_with_clients
    if shared != template.shared_with_clients:
        _check_sharing(db, template.org_id, shared)
    words_changed = (name, body) != (template.name, template.body)
    template.name, template.body, template.category, template.shared_with_clients = name, body, category, shared
    if words_changed:
        _write_version(db, actor, template)
    else:
        template.updated_at = utcnow()
    record_audit(db, "template.updated", actor_user_id=actor.user_id, org_id=template.org_id,
                 target=f"template:{template.id}", detail=f"version {template.version}")
    return template


def delete_template(db: Session, actor: Actor, template_id: int) -> None:
    """Out of every list; its versions stay for the record."""
    template = get_template(db, actor, template_id)
    _require_change(actor, template, Permission.delete_content)
    template.deleted_at = utcnow()
    record_audit(db, "template.deleted", actor_user_id=actor.user_id, org_id=template.org_id,
                 target=f"template:{template.id}", detail=template.name)


def copy_template(db: Session, actor: Actor, template_id: int) -> Template:
    """A copy in the acting organization: how a built-in or an agency's template is adapted."""
    source = get_template(db, actor, template_id)
    return create_template(db, actor, f"{source.name} (copy)"[:NAME_MAX], source.body, source.category)


def template_versions(db: Session, actor: Actor, template_id: int) -> list[TemplateVersion]:
    """Every saved wording, newest first."""
    template = get_template(db, actor, template_id)
    return list(db.exec(select(TemplateVersion).where(TemplateVersion.template_id == template.id)
                        .order_by(col(TemplateVersion.number).desc())))


def version_authors(db: Session, versions: list[TemplateVersion]) -> dict[int, str]:
    ids = {v.author_user_id for v in versions if v.author_user_id is not None}
    users = db.exec(select(User).where(col(User.id).in_(ids))) if ids else []
    return {user.id: user.full_name or user.email for user in users}


def restore_template_version(db: Session, actor: Actor, template_id: int, number: int) -> Template:
    """Bring back an earlier wording; it becomes the newest version, so nothing in between is lost."""
    template = get_template(db, actor, template_id)
    _require_change(actor, template, Permission.edit_content)
    version = db.exec(select(TemplateVersion).where(TemplateVersion.template_id == template.id,
                                                    TemplateVersion.number == number)).first()
    if version is None:
        raise NotFound("Version not found.")
    if (version.name, version.body) == (template.name, template.body):
        raise ValidationFailed("version", f"Version {number} is the wording the template already has.")
    template.name, template.body = version.name, version.body
    _write_version(db, actor, template)
    record_audit(db, "template.restored", actor_user_id=actor.user_id, org_id=template.org_id,
                 target=f"template:{template.id}", detail=f"version {number} saved as version {template.version}")
    return template


# ---- using a template ----

def render_template(db: Session, actor: Actor, template_id: int, values: dict[str, object]) -> str:
    return fill(get_template(db, actor, template_id).body, values)


def template_for_composer(db: Session, actor: Actor, template_id: int) -> tuple[str, list[str]]:
    """What the composer needs to start a post from a template: its text and the variables to ask for."""
    template = get_template(db, actor, template_id)
    return template.body, variables(template.body)
