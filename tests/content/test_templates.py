"""Templates: {{variables}}, filling, built-ins, versions and restore, agency sharing, who may change what."""

from __future__ import annotations

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.content import templates
from allin_app.content.models import Template
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind


def _org(db, name: str):
    return orgs.get_org_by_slug(db, orgs.slugify(name))


def _agency_owner_in(db, org_name: str):
    return orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), _org(db, org_name).id)


def _launch(db, actor, **overrides):
    fields = {"name": "Launch", "body": "Meet {{product_name}} on {{date}}: {{link}}", "category": "Launch"}
    return templates.create_template(db, actor, **{**fields, **overrides})


# ---- variables and filling ----

def test_variables_are_listed_once_in_order_of_appearance():
    body = "{{date}}: {{product_name}} is here. {{product_name}} again, on {{date}}. {{link}}"
    assert templates.variables(body) == ["date", "product_name", "link"]


def test_spaces_inside_the_braces_are_allowed():
    assert templates.variables("Hi {{ name }} and {{  city}}") == ["name", "city"]


def test_other_braces_are_ordinary_text():
    body = "{single} {{two words}} {{}} {{1st}} {{ ok }}"
    assert templates.variables(body) == ["ok"]
    assert templates.fill(body, {"ok": "yes"}) == "{single} {{two words}} {{}} {{1st}} yes"


def test_fill_replaces_every_occurrence():
    text = templates.fill("{{ name }} loves {{city}}. Come to {{city}}!", {"name": "Ana", "city": "Lisbon"})
    assert text == "Ana loves Lisbon. Come to Lisbon!"


def test_fill_names_every_missing_value():
    with pytest.raises(templates.MissingValues) as refused:
        templates.fill("{{product_name}} on {{date}} at {{link}}", {"product_name": "Cold brew", "link": "  "})
    assert refused.value.missing == ["date", "link"]
    assert "date and link" in refused.value.message
    assert [e["field"] for e in refused.value.errors] == ["values.date", "values.link"]


def test_fill_ignores_values_the_text_does_not_use():
    assert templates.fill("Hello {{name}}", {"name": "Bo", "unused": "x"}) == "Hello Bo"


# ---- built-ins ----

def test_the_five_builtin_templates_are_there_on_first_use(seeded, actors):
    found = templates.list_templates(seeded, actors["manager"])
    builtins = [t for t in found if templates.source_of(actors["manager"], t) == "built_in"]
    assert {t.name for t in builtins} == {b.name for b in templates.BUILT_INS}
    assert all(templates.variables(t.body) for t in builtins)
    assert "product_name" in templates.variables(next(t for t in builtins if t.name == "Product announcement").body)


def test_adding_the_builtins_twice_changes_nothing(seeded):
    templates.ensure_builtin_templates(seeded)
    assert templates.ensure_builtin_templates(seeded) == []
    names = seeded.exec(select(Template.name).where(Template.org_id == None)).all()
    assert sorted(names) == sorted(b.name for b in templates.BUILT_INS)


def test_a_builtin_is_read_only_but_can_be_copied(seeded, actors):
    manager = actors["manager"]
    builtin = next(t for t in templates.list_templates(seeded, manager) if t.org_id is None)
    with pytest.raises(PermissionDenied, match="copy"):
        templates.update_template(seeded, manager, builtin.id, body="Changed")
    copy = templates.copy_template(seeded, manager, builtin.id)
    assert copy.org_id == manager.org_id and copy.body == builtin.body and copy.name.endswith("(copy)")
    assert templates.may_edit(manager, copy)


# ---- saving and versions ----

def test_a_new_template_is_version_one_and_audited(seeded, actors):
    template = _launch(seeded, actors["manager"])
    versions = templates.template_versions(seeded, actors["manager"], template.id)
    assert template.version == 1 and [v.number for v in versions] == [1]
    events = seeded.exec(select(AuditEvent).where(AuditEvent.action == "template.created")).all()
    assert [e.target for e in events] == [f"template:{template.id}"]


def test_changing_the_words_saves_a_version_and_restore_adds_one(seeded, actors):
    manager = actors["manager"]
    template = _launch(seeded, manager)
    templates.update_template(seeded, manager, template.id, body="New {{product_name}}!")
    assert template.version == 2
    restored = templates.restore_template_version(seeded, manager, template.id, 1)
    assert restored.version == 3 and restored.body == "Meet {{product_name}} on {{date}}: {{link}}"
    versions = templates.template_versions(seeded, manager, template.id)
    assert [(v.number, v.body) for v in versions] == [
        (3, "Meet {{product_name}} on {{date}}: {{link}}"), (2, "New {{product_name}}!"),
        (1, "Meet {{product_name}} on {{date}}: {{link}}")]


def test_a_category_change_alone_is_not_a_new_version(seeded, actors):
    template = _launch(seeded, actors["manager"])
    templates.update_template(seeded, actors["manager"], template.id, category="Products")
    assert template.version == 1 and template.category == "Products"


def test_restoring_the_current_wording_is_refused(seeded, actors):
    template = _launch(seeded, actors["manager"])
    with pytest.raises(ValidationFailed, match="already has"):
        templates.restore_template_version(seeded, actors["manager"], template.id, 1)
    with pytest.raises(NotFound):
        templates.restore_template_version(seeded, actors["manager"], template.id, 9)


@pytest.mark.parametrize("fields, field", [({"name": " "}, "name"), ({"body": ""}, "body"),
                                           ({"name": "x" * 121}, "name"), ({"category": "c" * 61}, "category"),
                                           ({"body": "b" * 5001}, "body")])
def test_bad_input_names_the_field_and_saves_nothing(seeded, actors, fields, field):
    with pytest.raises(ValidationFailed) as refused:
        _launch(seeded, actors["manager"], **fields)
    assert refused.value.field == field
    assert not [t for t in templates.list_templates(seeded, actors["manager"]) if t.org_id is not None]


def test_search_and_category_filter(seeded, actors):
    manager = actors["manager"]
    _launch(seeded, manager)
    _launch(seeded, manager, name="Latte art class", body="Learn latte art on {{date}}", category="Event")
    assert [t.name for t in templates.list_templates(seeded, manager, search="latte")] == ["Latte art class"]
    assert [t.name for t in templates.list_templates(seeded, manager, search="lAUNCH")] == ["Launch"]
    in_events = templates.list_templates(seeded, manager, category="Event")
    assert {t.name for t in in_events} == {"Latte art class", "Event promotion"}
    assert {"Launch", "Event", "Announcement"} <= set(templates.template_categories(seeded, manager))


def test_a_deleted_template_leaves_every_list(seeded, actors):
    manager = actors["manager"]
    template = _launch(seeded, manager)
    templates.delete_template(seeded, manager, template.id)
    assert template.id not in {t.id for t in templates.list_templates(seeded, manager)}
    with pytest.raises(NotFound):
        templates.get_template(seeded, manager, template.id)


def test_the_composer_gets_the_text_and_its_variables(seeded, actors):
    template = _launch(seeded, actors["manager"])
    body, names = templates.template_for_composer(seeded, actors["team"], template.id)
    assert body == template.body and names == ["product_name", "date", "link"]
    assert templates.render_template(seeded, actors["client"], template.id, {
        "product_name": "Cold brew", "date": "1 May", "link": "https://bloom.example"}) == \
        "Meet Cold brew on 1 May: https://bloom.example"


# ---- who may do what ----

def test_a_creator_edits_their_own_templates_but_not_the_managers(seeded, actors):
    own = _launch(seeded, actors["creator"], name="Mine")
    templates.update_template(seeded, actors["creator"], own.id, body="Still {{mine}}")
    managers = _launch(seeded, actors["manager"])
    with pytest.raises(PermissionDenied):
        templates.update_template(seeded, actors["creator"], managers.id, body="Hijacked")
    with pytest.raises(PermissionDenied):
        templates.delete_template(seeded, actors["creator"], managers.id)


def test_the_manager_edits_any_template_of_the_organization(seeded, actors):
    creators = _launch(seeded, actors["creator"])
    templates.update_template(seeded, actors["manager"], creators.id, body="Reviewed {{x}}")
    templates.delete_template(seeded, actors["manager"], creators.id)


@pytest.mark.parametrize("who", ["client", "team"])
def test_client_viewers_and_team_members_read_and_use_but_do_not_write(seeded, actors, who):
    template = _launch(seeded, actors["manager"])
    assert template.id in {t.id for t in templates.list_templates(seeded, actors[who])}
    assert not templates.may_edit(actors[who], template) and not templates.may_create(actors[who])
    with pytest.raises(PermissionDenied):
        _launch(seeded, actors[who])
    with pytest.raises(PermissionDenied):
        templates.update_template(seeded, actors[who], template.id, body="No")
    with pytest.raises(PermissionDenied):
        templates.restore_template_version(seeded, actors[who], template.id, 1)


def test_the_agency_owner_edits_a_clients_templates(seeded, actors):
    template = _launch(seeded, actors["manager"])
    owner_in_bloom = _agency_owner_in(seeded, CLIENTS[0])
    assert templates.update_template(seeded, owner_in_bloom, template.id, body="Agency {{touch}}").version == 2


def test_another_organizations_template_is_not_found(seeded, actors):
    peak_template = _launch(seeded, _agency_owner_in(seeded, CLIENTS[1]))
    for call in (templates.get_template, templates.template_versions, templates.delete_template,
                 templates.template_for_composer):
        with pytest.raises(NotFound):
            call(seeded, actors["manager"], peak_template.id)
    with pytest.raises(NotFound):
        templates.update_template(seeded, actors["manager"], peak_template.id, body="x")


# ---- agency -> client sharing ----

def test_an_agency_template_shared_with_clients_is_read_only_in_them(seeded, actors):
    owner = _agency_owner_in(seeded, AGENCY)
    shared = _launch(seeded, owner, name="Agency launch", shared_with_clients=True)
    private = _launch(seeded, owner, name="Agency only")
    manager = actors["manager"]
    seen = {t.id: t for t in templates.list_templates(seeded, manager)}
    assert shared.id in seen and private.id not in seen
    assert templates.source_of(manager, shared) == "agency" and not templates.may_edit(manager, shared)
    assert templates.render_template(seeded, manager, shared.id, {"product_name": "A", "date": "B", "link": "C"})
    with pytest.raises(PermissionDenied, match="read-only"):
        templates.update_template(seeded, manager, shared.id, body="Changed by the client")
    with pytest.raises(PermissionDenied):
        templates.update_template(seeded, _agency_owner_in(seeded, CLIENTS[0]), shared.id, body="x")
    with pytest.raises(NotFound):
        templates.get_template(seeded, manager, private.id)
    assert templates.copy_template(seeded, manager, shared.id).org_id == manager.org_id


def test_unsharing_hides_it_from_the_clients_again(seeded, actors):
    owner = _agency_owner_in(seeded, AGENCY)
    shared = _launch(seeded, owner, shared_with_clients=True)
    templates.update_template(seeded, owner, shared.id, shared_with_clients=False)
    with pytest.raises(NotFound):
        templates.get_template(seeded, actors["manager"], shared.id)


def test_another_agencys_shared_template_never_reaches_our_clients(seeded, actors):
    southwind = orgs.create_organization(seeded, "Southwind Media", OrgKind.agency)
    owner = auth.create_user(seeded, "owner@southwind.example", "Harbor-Lights-51", verified=True)
    orgs.add_member(seeded, southwind.id, owner.id, Role.agency_owner)
    theirs = _launch(seeded, orgs.actor_for(seeded, owner, southwind.id), shared_with_clients=True)
    with pytest.raises(NotFound):
        templates.get_template(seeded, actors["manager"], theirs.id)


def test_only_an_agency_can_share_with_clients(seeded, actors):
    with pytest.raises(ValidationFailed) as refused:
        _launch(seeded, actors["manager"], shared_with_clients=True)
    assert refused.value.field == "shared_with_clients"
