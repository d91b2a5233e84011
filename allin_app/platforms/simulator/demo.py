"""The simulator's demo user: the same believable pages, channels and accounts on every run."""

from __future__ import annotations

import random
import string
import uuid
from typing import Any

DEMO_USER_NAME = "Dana Whitaker"

# network -> (display name, handle, kind); the first row of LinkedIn is the member herself.
_DEMO_ROWS: dict[str, list[tuple[str, str, str]]] = {
    "facebook": [("Bloom Coffee Co.", "bloomcoffeeco", "page"), ("Northwind Outfitters", "northwindoutfitters", "page"),
                 ("Harbor Yoga Studio", "harboryoga", "page"), ("Peak Fitness Studio", "peakfitnessstudio", "page")],
    "instagram": [("Bloom Coffee Co.", "bloomcoffeeco", "business_account"),
                  ("Northwind Outfitters", "northwind.outfitters", "business_account"),
                  ("Peak Fitness Studio", "peak.fitness.studio", "business_account")],
    "twitter": [("Bloom Coffee Co.", "bloomcoffee", "profile")],
    "linkedin": [(DEMO_USER_NAME, "dana-whitaker", "profile"), ("Bloom Coffee Co.", "bloom-coffee-co", "organization"),
                 ("Northwind Outfitters", "northwind-outfitters", "organization")],
    "tiktok": [("Bloom Coffee Co.", "bloomcoffee", "profile")],
    "youtube": [("Bloom Coffee Co.", "@bloomcoffeeco", "channel"), ("Bloom Brew Lab", "@bloombrewlab", "channel"),
                ("Peak Fitness Studio", "@peakfitnessstudio", "channel")],
    "pinterest": [("Bloom Coffee Co.", "bloomcoffeeco", "profile")],
    "snapchat": [("Bloom Coffee Co.", "bloomcoffee", "public_profile")],
    "reddit": [("Bloom Coffee Co.", "bloom_coffee_co", "profile")],
    "threads": [("Bloom Coffee Co.", "bloomcoffeeco", "profile")],
}


def _external_id(network: str, rng: random.Random) -> str:
    def digits(n: int) -> str:
        return str(rng.randint(10 ** (n - 1), 10**n - 1))

    match network:
        case "twitter":
            return digits(19)
        case "linkedin":
            return digits(8)
        case "tiktok":
            return "-000" + "".join(rng.choices(string.ascii_letters + string.digits, k=28))
        case "youtube":
            return "UC" + "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=22))
        case "snapchat":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        case "reddit":
            return "".join(rng.choices(string.ascii_lowercase + string.digits, k=8))
        case _:
            return digits(17 if network in ("instagram", "threads") else 15)


def demo_profiles(network: str) -> list[dict[str, Any]]:
    """Rows for the simulator store; seeded by network and handle so reruns agree."""
    rows = []
    for position, (name, handle, kind) in enumerate(_DEMO_ROWS[network]):
        rng = random.Random(f"{network}:{handle}")
        external_id = _external_id(network, rng)
        if network == "linkedin" and kind == "profile":
            external_id = "".join(rng.choices(string.ascii_letters + string.digits, k=10))  # OpenID `sub`
        extra: dict[str, Any] = {}
        if network == "instagram":  # every IG professional account hangs off a Facebook Page
            extra = {"page_id": str(rng.randint(10**14, 10**15 - 1)), "page_name": name}
        if network == "snapchat":
            extra = {"organization_id": str(uuid.UUID(int=random.Random("snap-org").getrandbits(128), version=4))}
        rows.append({"network": network, "position": position, "external_id": external_id, "handle": handle,
                     "display_name": name, "kind": kind, "followers": rng.randint(800, 48_000),
                     "extra": extra})
    return rows
