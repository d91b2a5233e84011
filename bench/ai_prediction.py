"""The engagement prediction on a held-out part of the demo history, next to a naive baseline, and the latency
of POST /ai/analyze's service.

Uses the SQLite database in ALLIN_DATA_DIR when it already holds the demo history; otherwise builds one in a
throwaway directory the way `make seed` does (alembic upgrade, the demo seed, a year of history through the
simulator; about a minute). For each demo organization with enough history, its published posts are split in
time: the oldest 75 % fit the model (ai.prediction.fit), the newest 25 % are predicted. The baseline predicts
each post's account mean over the same training posts. Prints MAE (percentage points of engagement rate) and
Spearman's rank correlation for both, per organization and pooled, the interval's coverage, and p50/p95 of
analyze (warm cache; the first, cold call fits the model). Exits 1 when the model does not beat the baseline.

    .venv/bin/python bench/ai_prediction.py [--runs N] [--test-share 0.25]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "ALLIN_DATA_DIR" not in os.environ:
    os.environ["ALLIN_DATA_DIR"] = tempfile.mkdtemp(prefix="allin-ai-bench-")
    atexit.register(shutil.rmtree, os.environ["ALLIN_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("ALLIN_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("ALLIN_BCRYPT_ROUNDS", "4")

import numpy as np
from scipy.stats import spearmanr
from sqlmodel import Session, create_engine, select

from allin_app.ai import analysis, prediction
from allin_app.ai.features import history
from allin_app.analytics.metrics_math import zone_of
from allin_app.core.rbac import Actor, Role
from allin_app.orgs.models import Organization

DB = Path(os.environ["ALLIN_DATA_DIR"]) / "allin.db"
TEXTS = ("Good morning! Try our oat milk flat white today. Which one is your favourite? #coffee",
         "Studio news: sunrise HIIT is back on Mondays. Book your spot in the app.",
         "Weekend special: the cinnamon bun, fresh at eight.",
         "Coach's tip: mobility for desk workers, five minutes a day. Who's in? #fitness #health #mobility")


def build_history() -> None:
    python = sys.executable
    for command in ([python, "-m", "alembic", "upgrade", "head"], [python, "-m", "allin_app.admin.seed"],
                    [python, "-m", "allin_app.analytics.history", "--days", "365"]):
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def split_eval(db: Session, org: Organization, test_share: float):
    rows = history(db, org.id, zone_of(org.timezone))
    if len(rows) < 2 * prediction.MIN_POSTS:
        return None
    cut = int(len(rows) * (1 - test_share))
    train, test = rows[:cut], rows[cut:]
    model = prediction.fit(train)
    actual = np.array([r.engagement_rate for r in test])
    predicted, covered = [], 0
    for row in test:
        value, low, high = model.predict(row.features, row.account_id)
        predicted.append(value)
        covered += low <= row.engagement_rate <= high
    by_account: dict[int, list[float]] = {}
    for row in train:
        by_account.setdefault(row.account_id, []).append(row.engagement_rate)
    overall = float(np.mean([r.engagement_rate for r in train]))
    naive = np.array([np.mean(by_account[r.account_id]) if r.account_id in by_account else overall for r in test])
    return len(train), actual, np.array(predicted), naive, covered / len(test)


def figures(actual, guess) -> tuple[float, float]:
    return float(np.mean(np.abs(guess - actual))), float(spearmanr(guess, actual)[0])


def latency(db: Session, org_id: int, runs: int) -> tuple[float, list[float]]:
    actor = Actor(user_id=0, org_id=org_id, role=Role.content_manager)
    prediction.forget()
    drafts = [analysis.Draft(text=t, network=n, media=i % 2 == 0) for i, t in enumerate(TEXTS)
              for n in ("facebook", "instagram")]
    started = time.perf_counter()
    analysis.analyze(db, actor, drafts[0])
    cold = (time.perf_counter() - started) * 1000
    took = []
    for number in range(runs):
        started = time.perf_counter()
        analysis.analyze(db, actor, drafts[number % len(drafts)])
        took.append((time.perf_counter() - started) * 1000)
    return cold, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--test-share", type=float, default=0.25)
    args = parser.parse_args()
    if not DB.exists():
        print(f"Building the demo history in {DB.parent} ...")
        build_history()
    engine = create_engine(f"sqlite:///{DB}")
    pooled = {"actual": [], "model": [], "naive": []}
    with Session(engine) as db:
        organizations = list(db.exec(select(Organization).order_by(Organization.id)))
        measured = []
        for org in organizations:
            found = split_eval(db, org, args.test_share)
            if found is None:
                continue
            trained, actual, model, naive, coverage = found
            measured.append(org.id)
            pooled["actual"].append(actual)
            pooled["model"].append(model)
            pooled["naive"].append(naive)
            (m_mae, m_rho), (n_mae, n_rho) = figures(actual, model), figures(actual, naive)
            print(f"{org.name}: {trained} posts fitted, {len(actual)} held out (newest {args.test_share:.0%})")
            print(f"  model         MAE {m_mae:.3f} pt   Spearman {m_rho:+.3f}   80 % interval covers {coverage:.0%}")
            print(f"  account mean  MAE {n_mae:.3f} pt   Spearman {n_rho:+.3f}")
        if not measured:
            print("No organization has enough history.")
            return 1
        actual, model, naive = (np.concatenate(pooled[k]) for k in ("actual", "model", "naive"))
        (m_mae, m_rho), (n_mae, n_rho) = figures(actual, model), figures(actual, naive)
        print(f"All held-out posts ({len(actual)}):")
        print(f"  model         MAE {m_mae:.3f} pt   Spearman {m_rho:+.3f}")
        print(f"  account mean  MAE {n_mae:.3f} pt   Spearman {n_rho:+.3f}")
        cold, took = latency(db, measured[0], args.runs)
        took.sort()
        print(f"analyze (service, {args.runs} runs): cold {cold:.0f} ms (fits the model), "
              f"p50 {statistics.median(took):.1f} ms, p95 {took[int(0.95 * len(took)) - 1]:.1f} ms")
    beats = m_mae < n_mae and m_rho > n_rho
    print("The model beats the baseline." if beats else "The model does NOT beat the baseline.")
    return 0 if beats else 1


if __name__ == "__main__":
    sys.exit(main())
