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

from desktop_app.models.db import alembic_config, head_revision, make_engine, open_database


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


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_upgrade_keeps_every_row(revision: str, tmp_path: Path) -> None:
    path = tmp_path / f"at-{revision}.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    written: dict[str, dict[str, object]] = {}
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            row = {c.name: _value(c, table.name) for c in table.columns}
            conn.execute(table.insert().values(**row))
            written[table.name] = row
    engine.dispose()
    assert written, "the schema has tables"

    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.migrated_from == revision
        assert db.backup_before_migration is not None and db.backup_before_migration.exists()
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
    finally:
        db.close()
