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
from sqlalchemy import create_engine, text
from sqlmodel import Session, SQLModel

import allin_app.core.models  # noqa: F401
from allin_app.core import db as core_db

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Each pytest run gets its own database, so two runs on one machine never drop each other's tables.
PG_DB_NAME = f"allin_test_{os.getpid()}"
PG_URL = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DB_NAME
_pg_state: dict[str, str | None] = {}


def postgres_available() -> str | None:
    """None when PostgreSQL answers (and this run's database exists), else why not."""
    if "reason" not in _pg_state:
        _pg_state["reason"] = _create_run_database()
    return _pg_state["reason"]


def _create_run_database() -> str | None:
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB_NAME}"'))
            conn.execute(text(f'CREATE DATABASE "{PG_DB_NAME}"'))
        admin.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"


@pytest.fixture(scope="session", autouse=True)
def _drop_run_database():
    yield
    if _pg_state.get("reason", "unused") is None:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB_NAME}" WITH (FORCE)'))
        admin.dispose()


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
