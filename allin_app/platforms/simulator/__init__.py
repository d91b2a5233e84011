"""A local stand-in for the ten networks' OAuth and profile APIs, mounted at /sim/<network>."""

from __future__ import annotations

from fastapi import APIRouter

from allin_app.platforms.simulator.networks import SIM_NETWORKS
from allin_app.platforms.simulator.oauth import add_oauth_routes
from allin_app.platforms.simulator.profiles import add_profile_routes


def build_router() -> APIRouter:
    router = APIRouter(prefix="/sim", include_in_schema=False)
    for network in SIM_NETWORKS.values():
        add_oauth_routes(router, network)
        add_profile_routes(router, network.name)
    return router


router = build_router()
