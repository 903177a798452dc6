"""Upgrade from every earlier schema with data in every table: every row is still there.

For each revision in the migration chain, a database is built at that revision, one row is
put in every table (values chosen from the column types, foreign keys pointing at row 1), and
the program opens it: the upgrade runs (after its backup) and every row keeps its values. New
migrations are covered as soon as they land.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from desktop_app.models.db import (
    Database,
    alembic_config,
    head_revision,
    make_engine,
    open_database,
    open_url,
)
from tests.db_helpers import PgServer


def _earlier_revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in script.walk_revisions()]
    return [r for r in reversed(revisions) if r != head_revision()]


def _value(column: sa.Column, table: str) -> object:  # type: ignore[type-arg]
    kind = column.type
    if (column.foreign_keys or column.primary_key) and isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2025, 9, 1, 8, 30)
    if isinstance(kind, sa.Date):
        return dt.date(2025, 9, 1)
    if isinstance(kind, sa.Integer):
        return 2
    if isinstance(kind, sa.Float | sa.Numeric):
        return 1.5
    if isinstance(kind, sa.JSON):
        return []
    if isinstance(kind, sa.LargeBinary):
        return b"%PDF-1.4 evidence"
    length = getattr(kind, "length", None) or 100
    return f"{table[:3]}-{column.name}"[:length]


def _build_at(engine: sa.Engine, revision: str) -> dict[str, dict[str, object]]:
    """Migrate an empty database to ``revision`` and put one row in every table."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    written: dict[str, dict[str, object]] = {}
    with engine.begin() as conn:
        # Every foreign key points at row 1 of its table: checked only once all rows exist.
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            row = {c.name: _value(c, table.name) for c in table.columns}
            conn.execute(table.insert().values(**row))
            written[table.name] = row
    engine.dispose()
    assert written, "the schema has tables"
    return written


def _check_rows(db: Database, written: dict[str, dict[str, object]]) -> None:
    after = sa.MetaData()
    after.reflect(db.engine)
    with db.engine.connect() as conn:
        for name, row in written.items():
            table = after.tables[name]
            rows = conn.execute(sa.select(table)).mappings().all()
            assert len(rows) == 1, f"{name}: {len(rows)} rows after the upgrade"
            for column, value in row.items():
                if column in table.c:
                    assert rows[0][column] == value, f"{name}.{column}"


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_upgrade_keeps_every_row(revision: str, tmp_path: Path) -> None:
    path = tmp_path / f"at-{revision}.sqlite"
    written = _build_at(make_engine(f"sqlite:///{path}"), revision)
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.migrated_from == revision
        assert db.backup_before_migration is not None and db.backup_before_migration.exists()
        _check_rows(db, written)
    finally:
        db.close()


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_upgrade_keeps_every_row_on_a_server(revision: str, pg_server: PgServer | None) -> None:
    """The same on PostgreSQL, where the migrations run as plain ALTER TABLE, not batch copies."""
    if pg_server is None:
        pytest.skip("on a PostgreSQL server (NASTAVNIK_TEST_PG)")
    name = pg_server.new_name("upgrade")
    url = pg_server.create(name)
    try:
        written = _build_at(make_engine(url), revision)
        db = open_url(url)
        try:
            assert db.migrated_from == revision
            assert db.backup_before_migration is None  # the server's backups are its own
            _check_rows(db, written)
        finally:
            db.close()
    finally:
        pg_server.drop(name)


def test_migrations_build_what_the_models_describe(
    db_path: Path, pg_server: PgServer | None
) -> None:
    """Migrated from empty, the schema equals the models' (on the server when there is one)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop_app.models import Base

    if pg_server is None:
        db = open_database(db_path)
        name = None
    else:
        name = pg_server.new_name("schema")
        db = open_url(pg_server.create(name))
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        db.close()
        if pg_server is not None and name is not None:
            pg_server.drop(name)
