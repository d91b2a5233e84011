"""Alembic environment: the schema is SQLModel's metadata; the URL comes from AllIN's settings
(or from `sqlalchemy.url` set by the caller, e.g. tests migrating a scratch database)."""

from alembic import context
from sqlalchemy import pool
from sqlmodel import SQLModel

import allin_app.core.models  # noqa: F401  (registers every table)
from allin_app.core.config import settings
from allin_app.core.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or settings.sqlalchemy_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
