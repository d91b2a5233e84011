"""Shared fixtures: a fresh database per test, on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import os
import shutil
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


def _empty_postgres(engine) -> None:
    """Every test starts from empty tables. The schema is made once per run; later tests delete the rows
    and restart the id sequences, 10x faster than dropping and re-creating ~70 tables each time."""
    if _pg_state.get("schema") != "ready":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        SQLModel.metadata.create_all(engine)
        _pg_state["schema"] = "ready"
        return
    with engine.connect() as conn:
        sequences = conn.execute(text(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'")).scalars()
        statements = [f'DELETE FROM "{table.name}"' for table in reversed(SQLModel.metadata.sorted_tables)]
        statements += [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
    with engine.begin() as conn:
        conn.exec_driver_sql("; ".join(statements))


def forget_postgres_schema() -> None:
    """For tests that change the schema themselves: the next test starts from a rebuilt one."""
    _pg_state.pop("schema", None)


def _fresh_sqlite(path: Path) -> None:
    """A copy of an empty database made once per run (creating ~70 tables per test is the slow part)."""
    template = Path(os.environ["ALLIN_DATA_DIR"]) / f"empty-schema-{os.getpid()}.db"  # one per xdist worker
    if not template.exists():
        building = template.with_suffix(".building")
        engine = core_db.make_engine(f"sqlite:///{building}")
        SQLModel.metadata.create_all(engine)
        engine.dispose()
        building.replace(template)
    shutil.copyfile(template, path)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """The app's engine pointed at an empty schema; every test runs on both databases."""
    if request.param == "postgresql":
        require_postgres()
        eng = core_db.make_engine(PG_URL)
        _empty_postgres(eng)
    else:
        _fresh_sqlite(tmp_path / "test.db")
        eng = core_db.make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    previous = core_db._engine
    core_db.use_engine(eng)
    yield eng
    core_db.use_engine(previous)
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """SQLite only, for tests that do not depend on the database (faster)."""
    _fresh_sqlite(tmp_path / "test.db")
    eng = core_db.make_engine(f"sqlite:///{tmp_path / 'test.db'}")
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
