"""Latency of the local (offline) AI writer: p50 and p95 of each operation the composer offers, through the
same services the UI and POST /api/v1/ai/* call: generate (each content type), rewrite, shorten, expand,
proofread, adapt and hashtag suggestions.

Uses the SQLite database in ALLIN_DATA_DIR when it already holds the demo history (hashtag suggestions read
the organization's past posts); otherwise builds one in a throwaway directory the way `make seed` does
(alembic upgrade, the demo seed, --days of history through the simulator). Runs as Bloom Coffee's content
manager, with no AI model configured (AI_BASE_URL is cleared), over realistic drafts of several lengths.

    .venv/bin/python bench/ai_writer.py [--runs N] [--days N]
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "ALLIN_DATA_DIR" not in os.environ:
    os.environ["ALLIN_DATA_DIR"] = tempfile.mkdtemp(prefix="allin-ai-writer-bench-")
    atexit.register(shutil.rmtree, os.environ["ALLIN_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("ALLIN_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("ALLIN_BCRYPT_ROUNDS", "4")
os.environ["AI_BASE_URL"] = ""  # the platform's model, if one is configured, is not what is measured here

from sqlmodel import Session, create_engine, select

from allin_app.ai import assist, local, writer
from allin_app.ai.models import AISettings
from allin_app.ai.org_settings import provider_for
from allin_app.auth import service as auth
from allin_app.orgs import service as orgs

DB = Path(os.environ["ALLIN_DATA_DIR"]) / "allin.db"
ORG = "Bloom Coffee Co."
PROMPTS = ("our new oat milk flat white, on the menu from Monday",
           "weekend cinnamon buns, fresh from the oven at eight",
           "a tasting evening with our Ethiopian single origin beans next Thursday",
           "we are hiring baristas for the new riverside shop")
DRAFTS = (
    "Good morning! Try our oat milk flat white today. Which one is your favourite? #coffee",
    "Weekend special: the cinnamon bun, fresh at eight. Come early, they go fast!",
    ("Our riverside shop opens next week. We roast every bean ourselves, a few streets away, and we can't wait to "
    "pour you the first cup. Drop by on Saturday for free tastings from nine until noon, meet the roasting team and "
    "take home a bag of the new seasonal blend. Bring a friend: the second cup is on us all weekend. #coffee "
    "#openingday #localroasters"),
    ("Thank you for an amazing first year! From one small espresso machine to three shops, none of it would have "
    "happened without you. To celebrate, every loyalty card gets a double stamp this month, and we are launching a "
    "monthly cupping club where you can taste beans from new farms before they reach the menu. Sign up at the "
    "counter or in the app, places are limited. Here is to the next year of great coffee together."),
)
TYPOED = ("Teh new blend is realy smooth and we recieve fresh beans evry week, dont miss it",
          "Their going to love you're new favourite brew, its definately worth a try")
SOCIAL_NETWORKS = ["twitter", "instagram", "linkedin"]
ADAPT_NETWORKS = ["twitter", "facebook", "instagram", "linkedin", "threads", "pinterest"]


def build_history(days: int) -> None:
    python = sys.executable
    for command in ([python, "-m", "alembic", "upgrade", "head"], [python, "-m", "allin_app.admin.seed"],
                    [python, "-m", "allin_app.analytics.history", "--days", str(days)]):
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def operations(db: Session, actor) -> dict[str, Callable[[int], object]]:
    """Each measured operation as a call taking the run number (which picks the prompt or draft)."""
    ops: dict[str, Callable[[int], object]] = {
        f"generate {kind}": (lambda n, kind=kind: writer.generate(
            db, actor, PROMPTS[n % len(PROMPTS)], SOCIAL_NETWORKS if kind == "social_post" else [],
            tone=("friendly", "witty", "professional")[n % 3], length=local.LENGTHS[n % 3], content_type=kind,
            variant=n % 4))
        for kind in local.CONTENT_TYPES}
    ops |= {
        "rewrite": lambda n: writer.rewrite(db, actor, DRAFTS[n % len(DRAFTS)], ("witty", "urgent", "professional")[
            n % 3], SOCIAL_NETWORKS),
        "shorten (X)": lambda n: writer.shorten(db, actor, DRAFTS[2 + n % 2], "twitter"),
        "expand": lambda n: writer.expand(db, actor, DRAFTS[n % 2], SOCIAL_NETWORKS),
        "proofread": lambda n: writer.proofread(db, actor, TYPOED[n % len(TYPOED)], ["instagram"]),
        f"adapt ({len(ADAPT_NETWORKS)} networks)": lambda n: writer.adapt(db, actor, DRAFTS[n % len(DRAFTS)],
                                                                         ADAPT_NETWORKS),
        "hashtags": lambda n: assist.suggest_hashtags(db, actor, DRAFTS[n % len(DRAFTS)], "instagram", 10),
    }
    return ops


def timed(call: Callable[[int], object], runs: int) -> tuple[float, list[float]]:
    """The first (cold) call's milliseconds, then each of `runs` warm calls'."""
    started = time.perf_counter()
    call(0)
    cold = (time.perf_counter() - started) * 1000
    took = []
    for number in range(runs):
        started = time.perf_counter()
        call(number)
        took.append((time.perf_counter() - started) * 1000)
    return cold, sorted(took)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--days", type=int, default=365, help="history to build when there is no database yet")
    args = parser.parse_args()
    if not DB.exists():
        print(f"Building the demo history in {DB.parent} ...")
        build_history(args.days)
    with Session(create_engine(f"sqlite:///{DB}")) as db:
        manager = auth.find_user_by_email(db, "manager@allin.demo")
        actor = orgs.actor_for(db, manager, orgs.get_org_by_slug(db, orgs.slugify(ORG)).id)
        own = db.exec(select(AISettings).where(AISettings.org_id == actor.org_id)).first()
        provider = provider_for(db, actor.org_id)
        if own is not None and own.base_url or not provider.is_local:
            print(f"{ORG} uses {provider.name}: this bench measures the local provider only.")
            return 1
        print(f"Local writer, {ORG} as its content manager, {args.runs} warm runs per operation (ms):")
        print(f"  {'operation':<30} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}")
        for name, call in operations(db, actor).items():
            cold, took = timed(call, args.runs)
            p95 = took[max(0, int(0.95 * len(took)) - 1)]
            print(f"  {name:<30} {cold:>8.1f} {statistics.median(took):>8.1f} {p95:>8.1f} {took[-1]:>8.1f}")
            db.rollback()  # the writer reads only; nothing is kept between operations
    return 0


if __name__ == "__main__":
    sys.exit(main())
