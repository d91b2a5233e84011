"""A local stand-in for the ten networks' OAuth, profile and publishing APIs, mounted at /sim/<network>.

Every call is written to the simulator's call log (`store.call_log()`); `faults.inject()` makes the
next publishing calls fail on purpose.
"""

from __future__ import annotations

from fastapi import APIRouter

from allin_app.platforms.simulator.comments import add_comment_routes
from allin_app.platforms.simulator.competitors import add_competitor_routes
from allin_app.platforms.simulator.graph_media import add_graph_media_routes
from allin_app.platforms.simulator.graph_posts import add_graph_post_routes
from allin_app.platforms.simulator.networks import SIM_NETWORKS
from allin_app.platforms.simulator.oauth import add_oauth_routes
from allin_app.platforms.simulator.profiles import add_profile_routes
from allin_app.platforms.simulator.publishing import LoggedRoute
from allin_app.platforms.simulator.rest_media import add_rest_media_routes
from allin_app.platforms.simulator.rest_posts import add_rest_post_routes
from allin_app.platforms.simulator.video_networks import add_video_network_routes


def build_router() -> APIRouter:
    router = APIRouter(prefix="/sim", include_in_schema=False, route_class=LoggedRoute)
    for network in SIM_NETWORKS.values():
        add_oauth_routes(router, network)
        add_profile_routes(router, network.name)
    add_comment_routes(router)  # GET comment lists; before the Graph node routes
    add_graph_post_routes(router)  # after the profile routes: /v1.0/me must win over /v1.0/{post_id}
    add_graph_media_routes(router)
    add_rest_post_routes(router)
    add_rest_media_routes(router)
    add_video_network_routes(router)
    add_competitor_routes(router)  # last: some go ahead of the routes above on shared paths
    return router


router = build_router()
