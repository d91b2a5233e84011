"""Demo data: the platform admin, an agency with two clients, and the six demo logins.

Idempotent: a second run finds everything in place and changes nothing. Run with
`python -m allin_app.admin.seed` (the Makefile does it after migrating).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from allin_app.auth import service as auth
from allin_app.core.config import settings
from allin_app.core.db import session_scope
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind

AGENCY = "Northwind Social Agency"
CLIENTS = ("Bloom Coffee Co.", "Peak Fitness Studio")
PLATFORM_ORG = "AllIN Platform"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    full_name: str
    role: Role
    org: str


DEMO_LOGINS = (
    DemoLogin("admin@allin.demo", "Admin123!@#", "Ada Admin", Role.super_admin, PLATFORM_ORG),
    DemoLogin("agency@allin.demo", "Agency123!@#", "Avery Agency", Role.agency_owner, AGENCY),
    DemoLogin("manager@allin.demo", "Manager123!@#", "Morgan Manager", Role.content_manager, CLIENTS[0]),
    DemoLogin("creator@allin.demo", "Creator123!@#", "Casey Creator", Role.content_creator, CLIENTS[0]),
    DemoLogin("client@allin.demo", "Client123!@#", "Chris Client", Role.client_viewer, CLIENTS[0]),
    DemoLogin("team@allin.demo", "Team123!@#", "Taylor Team", Role.team_member, CLIENTS[0]),
)


def _ensure_org(db: Session, name: str, kind: OrgKind, parent_id: int | None = None):
    return orgs.get_org_by_slug(db, orgs.slugify(name)) or orgs.create_organization(db, name, kind, parent_id)


def seed_demo(db: Session) -> list[str]:
    """Create what is missing; returns a line per thing created (empty on a second run)."""
    created: list[str] = []
    existing = {o.slug for o in orgs.all_organizations(db)}
    platform = _ensure_org(db, PLATFORM_ORG, OrgKind.enterprise)
    agency = _ensure_org(db, AGENCY, OrgKind.agency)
    by_name = {PLATFORM_ORG: platform, AGENCY: agency}
    for client in CLIENTS:
        by_name[client] = _ensure_org(db, client, OrgKind.client, agency.id)
    created += [f"organization {o.name}" for o in by_name.values() if o.slug not in existing]
    for login in DEMO_LOGINS:
        if auth.find_user_by_email(db, login.email):
            continue
        # The guide's demo passwords contain their email names; that rule is for people choosing one.
        user = auth.create_user(db, login.email, login.password, login.full_name, verified=True,
                                superadmin=login.role == Role.super_admin, check_email_name=False)
        org = by_name[login.org]
        orgs.add_member(db, org.id, user.id, Role.agency_owner if login.role == Role.super_admin else login.role)
        user.home_org_id = org.id
        created.append(f"user {login.email} ({login.role.value})")
    return created


# client -> (who connects, networks); the simulator's demo user manages these pages and channels
DEMO_ACCOUNTS = {
    CLIENTS[0]: ("manager@allin.demo", ("facebook", "instagram", "twitter", "youtube")),
    CLIENTS[1]: ("agency@allin.demo", ("facebook", "instagram", "youtube")),
}


def connect_demo_accounts(db: Session) -> list[str]:
    """Each demo client connects its accounts through the networks' OAuth flow, like a person would
    (the simulator's consent page is answered in-process; only that client's own pages are ticked)."""
    from allin_app.accounts import service as accounts
    from allin_app.accounts.models import SocialAccount
    from allin_app.platforms.simulator.autopilot import answer_consent, in_process_client

    created = []
    with in_process_client() as sim:
        for client_name, (email, networks) in DEMO_ACCOUNTS.items():
            org = orgs.get_org_by_slug(db, orgs.slugify(client_name))
            user = auth.find_user_by_email(db, email)
            actor = orgs.actor_for(db, user, org.id)
            for network in networks:
                if db.exec(select(SocialAccount.id).where(SocialAccount.org_id == org.id,
                                                          SocialAccount.network == network)).first():
                    continue
                url = accounts.start_connect(db, actor, network, client=sim)
                db.commit()
                answer = answer_consent(sim, url, pick=lambda name, wanted=client_name: name == wanted)
                for account in accounts.complete_connect(db, user, network, answer["state"], answer["code"],
                                                         client=sim):
                    created.append(f"account {network} {account.handle} for {client_name}")
                db.commit()
    return created


# the demo client's review path (issue 7): its people review internally, then the client approves
DEMO_WORKFLOW = ("Standard", (("Internal review", Role.content_manager), ("Client review", Role.client_viewer)))
DEMO_REVIEWED = (
    "Our autumn blend is back: toasted hazelnut, dark cocoa, a hint of orange. In every Bloom Coffee shop from Monday.",
    "Thank you for 10 years of mornings together! Free pastry with every coffee this Saturday.",
)


def seed_demo_approvals(db: Session) -> list[str]:
    """Bloom Coffee publishes approved posts only, through Internal review -> Client review; one post waits
    for the client and one went through both stages. Made through the services, as people would."""
    from allin_app.accounts.models import SocialAccount
    from allin_app.content import service as posts
    from allin_app.content.models import Post
    from allin_app.workflow import approvals

    org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    people = {name: orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), org.id)
              for name in ("agency", "manager", "creator", "client")}
    created = []
    name, stages = DEMO_WORKFLOW
    if not any(w.name == name for w in approvals.list_workflows(db, people["agency"])):
        approvals.save_workflow(db, people["agency"], None, approvals.WorkflowSpec(name=name, stages=tuple(
            approvals.StageSpec(stage, (role.value,)) for stage, role in stages)))
        approvals.set_approvals_enabled(db, people["agency"], True)
        created.append(f"approval workflow {name} for {CLIENTS[0]}")
    account_ids = tuple(db.exec(select(SocialAccount.id).where(SocialAccount.org_id == org.id,
                                                               SocialAccount.network.in_(("twitter", "facebook")))))
    for stages_approved, text in enumerate(DEMO_REVIEWED, start=1):
        if not account_ids or db.exec(select(Post.id).where(Post.org_id == org.id, Post.text == text)).first():
            continue
        post = posts.create_post(db, people["creator"], posts.PostDraft(text=text, account_ids=account_ids))
        approvals.submit(db, people["creator"], [post.id], "Ready for review.")
        for reviewer in ("manager", "client")[:stages_approved]:
            approvals.decide(db, people[reviewer], [post.id], "approve", "Looks good.")
        created.append(f"post {post.id} {'approved' if stages_approved == 2 else 'waiting for client review'}")
    return created


DEMO_BRAND = {"voice_tone": "Warm and friendly, a little witty; we talk like the barista who knows your order.",
              "words_to_avoid": "cheap, guys", "required_hashtags": "#BloomCoffee"}


def seed_demo_brand(db: Session) -> list[str]:
    """Bloom Coffee's brand guidelines, which its AI writer and brand voice check follow (issue 9)."""
    from allin_app.orgs import branding
    from allin_app.orgs.models import BrandGuidelines

    org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    if db.get(BrandGuidelines, org.id) is not None:
        return []
    agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), org.id)
    branding.update_guidelines(db, agency, org.id, DEMO_BRAND)
    return [f"brand guidelines for {CLIENTS[0]}"]


DEMO_REPORT = "Monthly performance"


def seed_demo_reports(db: Session) -> list[str]:
    """The agency's monthly report for Bloom Coffee (issue 8), mailed to its client on the 1st at 08:00."""
    from allin_app.analytics import report_schedules, report_spec, reports

    org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), org.id)
    if any(r.name == DEMO_REPORT for r in reports.list_reports(db, agency)):
        return []
    report = reports.create_report(db, agency, reports.ReportSpec(
        name=DEMO_REPORT, sections=tuple(report_spec.SECTIONS), range_preset="last_month"))
    report_schedules.save_schedule(db, agency, report.id, report_schedules.ScheduleSpec(
        frequency="monthly", day_of_month=1, hour=8, recipients=("client@allin.demo",), formats=("pdf",)))
    return [f"report {DEMO_REPORT} for {CLIENTS[0]}, mailed monthly"]


def main() -> None:
    with session_scope() as db:
        created = seed_demo(db)
    with session_scope() as db:
        created += connect_demo_accounts(db)
    with session_scope() as db:
        created += seed_demo_approvals(db)
    with session_scope() as db:
        created += seed_demo_reports(db)
    with session_scope() as db:
        created += seed_demo_brand(db)
    with session_scope() as db:
        from allin_app.analytics.competitor_demo import seed_demo_competitors

        created += seed_demo_competitors(db)
    with session_scope() as db:
        from allin_app.content.templates import ensure_builtin_templates

        created += ensure_builtin_templates(db)
    print("Seed: " + ("; ".join(created) if created else "demo data already in place, nothing changed."))
    print(f"\nAllIN will answer at {settings.base_url}/auth/login. Demo logins:")
    for login in DEMO_LOGINS:
        print(f"  {login.role.label:<16} {login.email:<22} {login.password}")


if __name__ == "__main__":
    main()
