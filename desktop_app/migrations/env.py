"""Alembic environment: always run on a connection handed over by ``models.db.migrate``."""

from __future__ import annotations

from alembic import context

from desktop_app.models import Base
from desktop_app.models.types import EnumCode

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by hand
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev-autogenerate.sqlite"
    connection = create_engine(url).connect()


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Migrations must not import the models: render our enum columns as plain VARCHAR."""
    if type_ == "type" and isinstance(obj, EnumCode):
        return "sa.String(length=32)"
    return False


context.configure(
    connection=connection,
    render_item=render_item,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
