"""Shared fixtures: a fresh database per test, on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("ALLIN_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLIN_BCRYPT_ROUNDS", "4")
os.environ.setdefault("ALLIN_DATA_DIR", tempfile.mkdtemp(prefix="allin-test-data-"))
os.environ.pop("SMTP_URL", None)

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import allin_app.core.models  # noqa: F401
from allin_app.core import db as core_db

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not. On CI it must answer."""
    try:
        engine = core_db.make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"


def require_postgres() -> None:
    reason = postgres_available()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    if reason:
        pytest.skip(reason)


def _reset_schema(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """The app's engine pointed at an empty schema; every test runs on both databases."""
    if request.param == "postgresql":
        require_postgres()
        eng = core_db.make_engine(PG_URL)
    else:
        eng = core_db.make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    _reset_schema(eng)
    previous = core_db._engine
    core_db.use_engine(eng)
    yield eng
    core_db.use_engine(previous)
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """SQLite only, for tests that do not depend on the database (faster)."""
    eng = core_db.make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(eng)
    previous = core_db._engine
    core_db.use_engine(eng)
    yield eng
    core_db.use_engine(previous)
    eng.dispose()


@pytest.fixture
def db(engine):
    """A session on the fresh database; commit explicitly where a test needs it."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def seeded(db):
    """The demo organizations and the six demo logins, made by the real seed."""
    from allin_app.admin.seed import seed_demo

    seed_demo(db)
    db.commit()
    return db
