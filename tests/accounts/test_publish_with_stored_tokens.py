"""What the publisher will do: publish with the tokens an account keeps, after connecting through the
accounts service (Facebook and Instagram keep the Page's own token, which does not expire)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import FileResponse

from allin_app.accounts import service as accounts
from allin_app.platforms.content import PostContent
from allin_app.platforms.registry import adapter_for
from allin_app.platforms.simulator import media as sim_media
from tests.accounts.test_connect import _user_and_actor, connect, sim  # noqa: F401  (fixture)
from tests.platforms.media_files import described, image


@pytest.fixture
def served(tmp_path):
    """A photo at a URL the simulated networks can fetch."""
    folder = tmp_path / "files"
    folder.mkdir()
    app = FastAPI()
    app.get("/files/{name}")(lambda name: FileResponse(folder / name))
    sim_media.use_transport(httpx.ASGITransport(app=app))
    yield described(image(folder, "latte.jpg", (1080, 1350)))
    sim_media.use_transport(None)


def _publish(sim, account, content: PostContent):  # noqa: F811
    return adapter_for(account.network, client=sim).publish(accounts.token_set(account), account.external_id, content)


def test_a_facebook_page_keeps_a_token_that_does_not_expire_and_publishes_with_it(seeded, sim):  # noqa: F811
    page = connect(seeded, sim, "facebook")[0][0]
    assert page.token_expires_at is None and accounts.health(page).state == "Active"
    post = _publish(sim, page, PostContent(text="Open late on Fridays now"))
    assert post.external_id.startswith(page.external_id)
    _, manager = _user_and_actor(seeded)
    assert accounts.refresh_account(seeded, manager, page.id, client=sim).status == "active"
    assert _publish(sim, page, PostContent(text="Still publishing after Refresh now")).external_id


def test_an_instagram_account_publishes_a_photo_with_the_pages_token(seeded, sim, served):  # noqa: F811
    connect(seeded, sim, "facebook")
    account = connect(seeded, sim, "instagram")[0][0]
    assert account.token_expires_at is None
    post = _publish(sim, account, PostContent(text="Flat white, perfected", media=(served,)))
    assert post.external_id and post.url.startswith("https://www.instagram.com/")


@pytest.mark.parametrize("network", ["twitter", "linkedin", "reddit", "threads"])
def test_text_networks_publish_with_the_stored_tokens(seeded, sim, network):  # noqa: F811
    account = connect(seeded, sim, network)[0][-1]
    post = _publish(sim, account, PostContent(text=f"Hello from Bloom Coffee on {network}"))
    assert post.external_id
