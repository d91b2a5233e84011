"""Brand guidelines and an agency's white label: who edits them, what is refused, who sees them."""

from __future__ import annotations

import pytest

from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import branding
from allin_app.orgs import service as orgs

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _actor(db, email: str, org_name: str | None = None):
    user = auth.find_user_by_email(db, email)
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return orgs.actor_for(db, user, org_id)


def _label(db, **changes):
    actor = _actor(db, "agency@allin.demo", AGENCY)
    values = {"app_name": "Northwind Studio", "primary_color": "#0A7E55", "accent_color": "",
              "custom_domain": "social.northwind.example", "hidden_sections": ["analytics"]}
    values.update(changes)
    return branding.update_white_label(db, actor, actor.org_id, **values)


def test_guidelines_are_normalised_and_readable_by_every_member(seeded):
    owner = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    branding.update_guidelines(seeded, owner, owner.org_id, {
        "colors": "#1a2b3c, #ffffff", "voice_tone": "Warm and plain.", "required_hashtags": "BloomCoffee #fresh"})
    creator = _actor(seeded, "creator@allin.demo")
    rules = branding.guidelines_of(seeded, creator, creator.org_id)
    assert (rules.colors, rules.required_hashtags) == ("#1A2B3C, #FFFFFF", "#BloomCoffee #fresh")


def test_a_creator_reads_but_cannot_change_guidelines(seeded):
    creator = _actor(seeded, "creator@allin.demo")
    with pytest.raises(PermissionDenied):
        branding.update_guidelines(seeded, creator, creator.org_id, {"voice_tone": "Shouty"})


def test_a_bad_brand_colour_is_named(seeded):
    owner = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    with pytest.raises(ValidationFailed) as refused:
        branding.update_guidelines(seeded, owner, owner.org_id, {"colors": "#12345, blue"})
    assert refused.value.field == "colors" and "#12345" in refused.value.message


def test_clients_of_the_agency_see_its_white_label(seeded):
    _label(seeded)
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    brand = branding.brand_for_org(seeded, bloom.id)
    assert (brand.app_name, brand.primary_color, brand.hidden_sections) == ("Northwind Studio", "#0A7E55",
                                                                            ("analytics",))
    assert branding.brand_for_login(seeded, host="social.northwind.example:443").app_name == "Northwind Studio"
    assert branding.brand_for_login(seeded, slug=bloom.slug).app_name == "Northwind Studio"
    assert branding.brand_for_login(seeded, host="localhost:3009").app_name == "AllIN"


def test_an_organization_outside_the_agency_keeps_allins_brand(seeded):
    _label(seeded)
    platform = orgs.get_org_by_slug(seeded, orgs.slugify("AllIN Platform"))
    assert branding.brand_for_org(seeded, platform.id).app_name == "AllIN"


@pytest.mark.parametrize(("changes", "field"), [
    ({"primary_color": "green"}, "primary_color"),
    ({"custom_domain": "https://social.example.com"}, "custom_domain"),
    ({"hidden_sections": ["settings"]}, "hidden_sections"),
    ({"app_name": "x" * 61}, "app_name"),
])
def test_bad_white_label_input_is_refused_with_its_field(seeded, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        _label(seeded, **changes)
    assert refused.value.field == field


def test_a_custom_domain_belongs_to_one_agency(seeded):
    _label(seeded)
    admin = _actor(seeded, "admin@allin.demo")
    other = orgs.create_organization(seeded, "Southwind Media", "agency")
    with pytest.raises(ValidationFailed) as refused:
        branding.update_white_label(seeded, admin, other.id, app_name="", primary_color="", accent_color="",
                                    custom_domain="social.northwind.example", hidden_sections=[])
    assert refused.value.field == "custom_domain"


def test_only_agencies_have_a_white_label(seeded):
    with pytest.raises(ValidationFailed):
        branding.white_label_of(seeded, _actor(seeded, "agency@allin.demo", CLIENTS[0]),
                                orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0])).id)


def test_logos_are_checked_by_their_bytes_not_their_names(seeded):
    actor = _actor(seeded, "agency@allin.demo", AGENCY)
    branding.set_white_label_image(seeded, actor, actor.org_id, "logo", PNG)
    assert branding.public_image(seeded, actor.org_id, "logo") == (PNG, "image/png")
    for payload in (b"<svg onload='alert(1)'></svg>", b"GIF8", b"\x89PNG" + b"\x00" * (600 * 1024)):
        with pytest.raises(ValidationFailed):
            branding.set_white_label_image(seeded, actor, actor.org_id, "favicon", payload)


def test_a_client_manager_cannot_change_the_agencys_label(seeded):
    manager = _actor(seeded, "manager@allin.demo")
    agency = orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY))
    with pytest.raises(NotFound):  # the agency is out of a client manager's reach
        branding.update_white_label(seeded, manager, agency.id, app_name="Hijack", primary_color="",
                                    accent_color="", custom_domain="", hidden_sections=[])


def test_the_logo_is_served_publicly_with_its_type(seeded):
    from fastapi.testclient import TestClient

    from allin_app.api.app import create_api

    actor = _actor(seeded, "agency@allin.demo", AGENCY)
    branding.set_white_label_image(seeded, actor, actor.org_id, "logo", PNG)
    seeded.commit()
    api = TestClient(create_api())
    response = api.get(f"/api/v1/branding/{actor.org_id}/logo")
    assert (response.status_code, response.headers["content-type"], response.content) == (200, "image/png", PNG)
    assert api.get(f"/api/v1/branding/{actor.org_id}/favicon").status_code == 404


def test_mail_to_a_clients_people_carries_the_agencys_name(seeded):
    from sqlmodel import select

    from allin_app.admin.models import OutboxMail
    from allin_app.orgs import team

    _label(seeded)
    owner = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    team.invite_members(seeded, owner, owner.org_id, ["new.hire@bloom.example"], "content_creator")
    auth.request_password_reset(seeded, "manager@allin.demo")
    subjects = [m.subject for m in seeded.exec(select(OutboxMail)).all()]
    assert "Avery Agency invited you to join Bloom Coffee Co. on Northwind Studio" in subjects
    assert "Reset your Northwind Studio password" in subjects
