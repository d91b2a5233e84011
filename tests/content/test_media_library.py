"""The media library's service: files checked by content, duplicates by hash, folders, search,
soft delete, edited copies, permissions per role, agency sharing, and the signed public links."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.auth import service as auth
from allin_app.content import media, media_edit, media_store
from allin_app.content.models import MediaAsset, Post, PostMedia
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.platforms.media_probe import probe_file
from tests.platforms.media_files import broken, image, video

PEAK = "Peak Fitness Studio"


def upload(db, actor, *paths: Path, **options) -> list[media.Outcome]:
    streams = [(path.name, io.BytesIO(path.read_bytes())) for path in paths]
    return media.upload_files(db, actor, streams, **options)


def one(db, actor, path: Path, **options) -> MediaAsset:
    outcome = upload(db, actor, path, **options)[0]
    assert outcome.error == "", outcome.error
    return outcome.asset


def stored_bytes(asset: MediaAsset) -> bytes:
    return media_store.path_of(asset.storage_key).read_bytes()


def agency_owner(db, org_name: str | None = None):
    user = auth.find_user_by_email(db, "agency@allin.demo")
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return orgs.actor_for(db, user, org_id)


# ---- checked by content ------------------------------------------------------------------------------

def test_a_png_named_mp4_is_stored_as_a_png_under_its_hash(seeded, actors, tmp_path):
    picture = image(tmp_path, "shot.png", (640, 480)).rename(tmp_path / "clip.mp4")
    asset = one(seeded, actors["manager"], picture)
    assert (asset.kind, asset.mime, asset.width, asset.height) == ("image", "image/png", 640, 480)
    assert asset.name == "clip.mp4" and asset.storage_key.endswith(f"/{asset.sha256}.png")
    assert asset.sha256 == hashlib.sha256(picture.read_bytes()).hexdigest()
    assert stored_bytes(asset) == picture.read_bytes() and asset.has_thumbnail
    with Image.open(media_store.thumbnail_of(asset.storage_key)) as thumb:
        assert max(thumb.size) == 480


def test_a_text_file_named_jpg_is_refused_and_nothing_is_kept(seeded, actors, tmp_path):
    fake = tmp_path / "holiday.jpg"
    fake.write_text("these are not the pixels you are looking for")
    outcome = upload(seeded, actors["manager"], fake)[0]
    assert outcome.asset is None and "holiday.jpg is not an image, GIF, video or PDF" in outcome.error
    assert seeded.exec(select(MediaAsset)).all() == []
    assert list((media_store.media_root() / "incoming").iterdir()) == []


def test_a_truncated_jpeg_is_refused_as_damaged(seeded, actors, tmp_path):
    outcome = upload(seeded, actors["manager"], broken(tmp_path, "cut.jpg"))[0]
    assert outcome.error == "cut.jpg looks like image/jpeg but is damaged or incomplete."


def test_files_over_their_kinds_limit_are_refused(seeded, actors, tmp_path, monkeypatch):
    monkeypatch.setitem(media_store.KIND_LIMITS, "image", 2000)
    big = image(tmp_path, "big.jpg", (64, 64), pad_to=5000)
    assert upload(seeded, actors["manager"], big)[0].error == "big.jpg is 4.9 KB: images may be at most 2 KB."
    monkeypatch.setattr(media_store, "MAX_UPLOAD", 3000)
    assert "larger than 2.9 KB, the most any file may be" in upload(seeded, actors["manager"], big)[0].error


def test_video_gif_and_pdf_are_recognised_and_a_broken_pdf_is_not(seeded, actors, tmp_path):
    clip = video(tmp_path, "clip.mp4", seconds=9.5, size=(1080, 1920))
    gif = image(tmp_path, "loop.gif", (200, 100))
    pdf = tmp_path / "menu.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    cut_pdf = tmp_path / "cut.pdf"
    cut_pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n")
    outcomes = upload(seeded, actors["manager"], clip, gif, pdf, cut_pdf)
    kinds = [(o.asset.kind, o.asset.has_thumbnail) if o.asset else o.error for o in outcomes]
    assert kinds == [("video", False), ("gif", True), ("pdf", False), "cut.pdf is a damaged or incomplete PDF."]
    assert (outcomes[0].asset.duration, outcomes[0].asset.width, outcomes[0].asset.height) == (9.5, 1080, 1920)


def test_the_same_bytes_are_offered_back_not_stored_twice(seeded, actors, tmp_path):
    first = one(seeded, actors["manager"], image(tmp_path, "a.jpg"))
    copy = tmp_path / "copy of a.jpg"
    copy.write_bytes((tmp_path / "a.jpg").read_bytes())
    outcome = upload(seeded, actors["creator"], copy)[0]
    assert outcome.duplicate and outcome.asset.id == first.id
    assert len(seeded.exec(select(MediaAsset)).all()) == 1


def test_a_batch_keeps_the_good_files_and_names_the_bad_one(seeded, actors, tmp_path):
    bad = tmp_path / "notes.png"
    bad.write_text("plain text")
    outcomes = upload(seeded, actors["manager"], image(tmp_path, "one.jpg"), bad, image(tmp_path, "two.png"),
                      tags="Summer, #launch")
    assert [o.name for o in outcomes if o.asset] == ["one.jpg", "two.png"]
    assert outcomes[1].error.startswith("notes.png is not an image")
    assert {o.asset.tags for o in outcomes if o.asset} == {"summer launch"}


def test_bad_tags_are_refused_with_the_tag_named(seeded, actors, tmp_path):
    with pytest.raises(ValidationFailed, match="'spring!' is not a tag"):
        upload(seeded, actors["manager"], image(tmp_path), tags="spring!")


# ---- folders, search, delete -------------------------------------------------------------------------

def test_folders_nest_rename_move_and_only_empty_ones_are_deleted(seeded, actors, tmp_path):
    manager = actors["manager"]
    campaigns = media.create_folder(seeded, manager, "Campaigns")
    summer = media.create_folder(seeded, manager, "Summer", parent_id=campaigns.id)
    week = media.create_folder(seeded, manager, "Week 1", parent_id=summer.id)
    assert week.parent_id == summer.id
    with pytest.raises(ValidationFailed, match="already a folder named summer"):
        media.create_folder(seeded, manager, "summer", parent_id=campaigns.id)
    with pytest.raises(ValidationFailed, match="cannot go inside itself"):
        media.move_folder(seeded, manager, campaigns.id, week.id)
    assert media.rename_folder(seeded, manager, summer.id, "Summer 2025").name == "Summer 2025"
    asset = one(seeded, manager, image(tmp_path))
    media.move_media(seeded, manager, [asset.id], week.id)
    assert [a.id for a in media.list_media(seeded, manager, media.MediaQuery(folder_id=week.id)).items] == [asset.id]
    with pytest.raises(Conflict, match="still holds 1 file"):
        media.delete_folder(seeded, manager, week.id)
    media.move_media(seeded, manager, [asset.id], None)
    media.delete_folder(seeded, manager, week.id)
    assert {f.name for f in media.list_folders(seeded, manager)} == {"Campaigns", "Summer 2025"}


def test_search_and_filters_by_name_type_tag_date_and_folder(seeded, actors, tmp_path):
    manager = actors["manager"]
    folder = media.create_folder(seeded, manager, "Menus")
    latte = one(seeded, manager, image(tmp_path, "Latte-Art.jpg"), tags="coffee latte")
    clip = one(seeded, manager, video(tmp_path, "barista.mp4"), tags="coffee")
    logo = one(seeded, manager, image(tmp_path, "logo.png", (90, 90)), folder_id=folder.id)

    def ids(**query) -> list[int]:
        return [a.id for a in media.list_media(seeded, manager, media.MediaQuery(**query)).items]

    assert ids() == [logo.id, clip.id, latte.id]
    assert ids(q="latte") == [latte.id]
    assert ids(kind="video") == [clip.id]
    assert ids(tag="#Coffee") == [clip.id, latte.id]
    assert ids(tag="latt") == []
    assert ids(folder_id=0) == [clip.id, latte.id]
    assert ids(folder_id=folder.id) == [logo.id]
    today = utcnow().date()
    assert ids(date_from=today, date_to=today) == [logo.id, clip.id, latte.id]
    assert ids(date_to=today - timedelta(days=1)) == []
    with pytest.raises(ValidationFailed, match="end date is before"):
        ids(date_from=today, date_to=date(2000, 1, 1))
    first = media.list_media(seeded, manager, limit=2)
    second = media.list_media(seeded, manager, limit=2, cursor=first.next_cursor)
    assert (first.total, [a.id for a in second.items], second.next_cursor) == (3, [latte.id], None)


def test_deleting_hides_a_file_but_a_post_using_it_keeps_it(seeded, actors, tmp_path):
    manager = actors["manager"]
    used, unused = (one(seeded, manager, image(tmp_path, f"{n}.jpg", (100 + n, 100))) for n in (1, 2))
    post = Post(org_id=manager.org_id, author_user_id=manager.user_id, text="Fresh beans")
    seeded.add(post)
    seeded.flush()
    seeded.add(PostMedia(post_id=post.id, media_id=used.id))
    assert media.delete_media(seeded, manager, [used.id, unused.id]) == 2
    assert media.list_media(seeded, manager).total == 0
    with pytest.raises(NotFound):
        media.get_media(seeded, manager, used.id)
    assert media.file_for(seeded, manager, used.id)[1].read_bytes() == stored_bytes(used)
    assert media.media_file_for(used).path.exists()
    with pytest.raises(NotFound):
        media.file_for(seeded, manager, unused.id)
    actions = [e.action for e in seeded.exec(select(AuditEvent).where(AuditEvent.action.startswith("media.")))]
    assert actions.count("media.uploaded") == 2 and actions.count("media.deleted") == 2


def test_a_bulk_delete_with_one_forbidden_file_deletes_none(seeded, actors, tmp_path):
    own = one(seeded, actors["creator"], image(tmp_path, "mine.jpg"))
    theirs = one(seeded, actors["manager"], image(tmp_path, "theirs.jpg", (30, 30)))
    with pytest.raises(PermissionDenied):
        media.delete_media(seeded, actors["creator"], [own.id, theirs.id])
    assert own.deleted_at is None and theirs.deleted_at is None


# ---- editing -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("operations", "size"), [
    ([{"op": "resize", "preset": "instagram_square"}], (1080, 1080)),
    ([{"op": "resize", "preset": "instagram_portrait"}], (1080, 1350)),
    ([{"op": "resize", "preset": "x_landscape"}, {"op": "filter", "name": "sepia"}], (1600, 900)),
    ([{"op": "crop", "left": 100, "top": 50, "width": 400, "height": 300}], (400, 300)),
    ([{"op": "rotate", "degrees": 90}, {"op": "filter", "name": "grayscale"}], (600, 800)),
    ([{"op": "filter", "name": "brightness", "amount": 1.5}, {"op": "text", "text": "Open today"}], (800, 600)),
])
def test_an_edit_is_a_new_file_and_the_original_is_untouched(seeded, actors, tmp_path, operations, size):
    original = one(seeded, actors["manager"], image(tmp_path, "storefront.jpg", (800, 600)), tags="shop")
    before = hashlib.sha256(stored_bytes(original)).hexdigest()
    edited, duplicate = media_edit.edit_image(seeded, actors["manager"], original.id, operations)
    assert not duplicate and edited.id != original.id and edited.source_id == original.id
    on_disk = probe_file(media_store.path_of(edited.storage_key))
    assert (edited.width, edited.height) == (on_disk.width, on_disk.height) == size
    assert edited.name.startswith("storefront (") and edited.name.endswith(".jpg") and edited.tags == "shop"
    assert hashlib.sha256(stored_bytes(original)).hexdigest() == before == original.sha256
    assert [a.id for a in media_edit.versions_of(seeded, actors["manager"], edited.id)] == [original.id, edited.id]


def test_the_same_edit_twice_offers_the_first_copy(seeded, actors, tmp_path):
    original = one(seeded, actors["manager"], image(tmp_path, "a.png", (500, 500)))
    steps = [{"op": "resize", "preset": "story"}]
    first, _ = media_edit.edit_image(seeded, actors["manager"], original.id, steps)
    again, duplicate = media_edit.edit_image(seeded, actors["manager"], original.id, steps)
    assert duplicate and again.id == first.id


@pytest.mark.parametrize(("operations", "message"), [
    ([], "Choose at least one change"),
    ([{"op": "paint"}], "Each change needs an 'op'"),
    ([{"op": "resize", "preset": "myspace"}], "Unknown preset 'myspace'"),
    ([{"op": "crop", "left": 0, "top": 0, "width": 900, "height": 10}], "'width' must be between 1 and 800"),
    ([{"op": "filter", "name": "vintage"}], "Unknown filter 'vintage'"),
    ([{"op": "text", "text": "hi", "color": "red"}], "'color' must look like #ffffff"),
])
def test_bad_edits_are_refused_clearly_and_store_nothing(seeded, actors, tmp_path, operations, message):
    original = one(seeded, actors["manager"], image(tmp_path, "a.jpg", (800, 600)))
    with pytest.raises(ValidationFailed, match=message):
        media_edit.edit_image(seeded, actors["manager"], original.id, operations)
    assert len(seeded.exec(select(MediaAsset)).all()) == 1


def test_gifs_and_videos_are_not_edited(seeded, actors, tmp_path):
    gif = one(seeded, actors["manager"], image(tmp_path, "loop.gif"))
    with pytest.raises(ValidationFailed, match="Only still images"):
        media_edit.edit_image(seeded, actors["manager"], gif.id, [{"op": "rotate", "degrees": 90}])


# ---- who may do what ---------------------------------------------------------------------------------

def test_creators_change_only_their_own_uploads(seeded, actors, tmp_path):
    creator, manager = actors["creator"], actors["manager"]
    own = one(seeded, creator, image(tmp_path, "mine.jpg"))
    theirs = one(seeded, manager, image(tmp_path, "theirs.jpg", (40, 40)))
    assert media.update_media(seeded, creator, own.id, alt_text="A latte").alt_text == "A latte"
    with pytest.raises(PermissionDenied):
        media.update_media(seeded, creator, theirs.id, tags="x")
    with pytest.raises(PermissionDenied):
        media.delete_media(seeded, creator, [theirs.id])
    with pytest.raises(PermissionDenied):
        media.rename_folder(seeded, creator, media.create_folder(seeded, creator, "Mine").id, "Ours")
    assert media.update_media(seeded, manager, own.id, tags="approved").tags == "approved"
    assert media_edit.edit_image(seeded, creator, theirs.id, [{"op": "flip"}])[0].uploaded_by_user_id == \
        creator.user_id


@pytest.mark.parametrize("role", ["client", "team"])
def test_client_viewers_and_team_members_see_and_use_but_do_not_change(seeded, actors, tmp_path, role):
    asset = one(seeded, actors["manager"], image(tmp_path))
    reader = actors[role]
    assert [a.id for a in media.list_media(seeded, reader).items] == [asset.id]
    assert media.file_for(seeded, reader, asset.id)[0].id == asset.id
    for attempt in (lambda: upload(seeded, reader, image(tmp_path, "b.jpg", (20, 20))),
                    lambda: media.update_media(seeded, reader, asset.id, tags="x"),
                    lambda: media.delete_media(seeded, reader, [asset.id]),
                    lambda: media.create_folder(seeded, reader, "Mine"),
                    lambda: media_edit.edit_image(seeded, reader, asset.id, [{"op": "flip"}])):
        with pytest.raises(PermissionDenied):
            attempt()
    assert not media.may_upload(reader) and not media.may_edit(reader, asset)


def test_another_organizations_file_is_not_found(seeded, actors, tmp_path):
    peak_file = one(seeded, agency_owner(seeded, PEAK), image(tmp_path))
    manager = actors["manager"]
    for attempt in (lambda: media.get_media(seeded, manager, peak_file.id),
                    lambda: media.file_for(seeded, manager, peak_file.id),
                    lambda: media.update_media(seeded, manager, peak_file.id, tags="x"),
                    lambda: media.delete_media(seeded, manager, [peak_file.id]),
                    lambda: media_edit.edit_image(seeded, manager, peak_file.id, [{"op": "flip"}])):
        with pytest.raises(NotFound):
            attempt()
    assert media.list_media(seeded, manager).total == 0


def test_a_client_sees_its_agencys_shared_file_read_only(seeded, actors, tmp_path):
    agency = agency_owner(seeded)
    shared = one(seeded, agency, image(tmp_path, "brand-kit.png", (300, 300)))
    private = one(seeded, agency, image(tmp_path, "pitch.png", (200, 300)))
    manager = actors["manager"]
    with pytest.raises(NotFound):
        media.get_media(seeded, manager, shared.id)
    media.update_media(seeded, agency, shared.id, shared_with_clients=True)
    assert [a.id for a in media.list_media(seeded, manager).items] == [shared.id]
    with pytest.raises(NotFound):
        media.get_media(seeded, manager, private.id)
    with pytest.raises(PermissionDenied, match="shared by your agency"):
        media.update_media(seeded, manager, shared.id, alt_text="mine now")
    copy, _ = media_edit.edit_image(seeded, manager, shared.id, [{"op": "resize", "preset": "pinterest_pin"}])
    assert copy.org_id == manager.org_id and (copy.width, copy.height) == (1000, 1500)
    with pytest.raises(ValidationFailed, match="Only an agency's files"):
        media.update_media(seeded, manager, copy.id, shared_with_clients=True)


# ---- links for networks ------------------------------------------------------------------------------

def _query(url: str) -> tuple[int, int, str]:
    parsed = urlparse(url)
    params = parse_qs(parsed.query)
    return int(parsed.path.rsplit("/", 1)[1]), int(params["expires"][0]), params["sig"][0]


def test_a_signed_public_link_works_and_a_changed_or_expired_one_does_not(seeded, actors, tmp_path):
    asset = one(seeded, actors["manager"], image(tmp_path), folder_id=None)
    other = one(seeded, actors["manager"], image(tmp_path, "other.jpg", (10, 10)))
    url = media.public_media_url(asset)
    assert url.startswith(f"http://localhost:3009/api/v1/media/public/{asset.id}?expires=")
    asset_id, expires, sig = _query(url)
    assert expires - utcnow().timestamp() == pytest.approx(3600, abs=5)
    assert media.public_file(seeded, asset_id, expires, sig)[1].read_bytes() == stored_bytes(asset)
    for changed in ((other.id, expires, sig), (asset_id, expires + 60, sig), (asset_id, expires, sig[:-2] + "xx")):
        with pytest.raises(PermissionDenied, match="not valid"):
            media.public_file(seeded, *changed)
    old_id, old_expires, old_sig = _query(media_store.public_url(asset.id, now=utcnow() - timedelta(hours=2)))
    with pytest.raises(PermissionDenied, match="expired"):
        media.public_file(seeded, old_id, old_expires, old_sig)


def test_the_publisher_gets_a_media_file_with_its_public_url(seeded, actors, tmp_path):
    asset = one(seeded, actors["manager"], video(tmp_path, "reel.mp4", seconds=20))
    media.update_media(seeded, actors["manager"], asset.id, alt_text="Pouring a flat white")
    described = media.media_file_for(asset)
    assert (described.kind, described.mime, described.duration, described.alt_text) == (
        "video", "video/mp4", 20.0, "Pouring a flat white")
    assert described.read() == stored_bytes(asset) and "/api/v1/media/public/" in described.url
    pdf_path = tmp_path / "menu.pdf"
    pdf_path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationFailed, match="is a PDF"):
        media.media_file_for(one(seeded, actors["manager"], pdf_path))
