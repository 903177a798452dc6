"""Opening databases: settings, migrations, and every refusal leaves the file untouched."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from desktop_app.errors import DatabaseLocked, DatabaseNotValid, DatabaseReadOnly, DatabaseTooNew
from desktop_app.models.db import alembic_config, head_revision, make_engine, open_database


def test_new_database_gets_schema_and_safe_settings(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.session() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head_revision()
    finally:
        db.close()


def _refused(path: Path, error: type[Exception]) -> str:
    before = path.read_bytes()
    with pytest.raises(error) as info:
        open_database(path)
    assert path.read_bytes() == before, "a refused file must not be modified"
    message = info.value.message  # type: ignore[attr-defined]
    assert str(path) in message
    return message


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "список.sqlite"
    path.write_text("ФИО;Должность\nИванова;учитель\n", encoding="utf-8")
    message = _refused(path, DatabaseNotValid)
    assert "не является базой данных" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    assert "пуст" in _refused(path, DatabaseNotValid)


def test_truncated_database(db_path: Path) -> None:
    open_database(db_path).close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[:200])  # header intact, pages gone
    assert "повреждена" in _refused(db_path, DatabaseNotValid)


def test_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    assert "другой программы" in _refused(path, DatabaseNotValid)


def test_read_only_file(db_path: Path) -> None:
    open_database(db_path).close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert "только для чтения" in _refused(db_path, DatabaseReadOnly)
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def test_locked_by_another_copy(db_path: Path) -> None:
    first = open_database(db_path)
    try:
        with pytest.raises(DatabaseLocked) as info:
            open_database(db_path)
        assert "уже открыта" in info.value.message
    finally:
        first.close()
    open_database(db_path).close()  # released on close


def test_newer_version_refused(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert "более новой версией" in _refused(db_path, DatabaseTooNew)


def test_upgrade_from_first_schema_keeps_data(db_path: Path, tmp_path: Path) -> None:
    """A database made at the first released schema, with data, opens at head with its rows."""
    engine = make_engine(f"sqlite:///{db_path}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
        conn.execute(
            text(
                "INSERT INTO organisation (id, full_name, short_name, org_type, address, "
                "municipality, region, head_name, head_position, curator_name, "
                "curator_position, phone, email, is_own) VALUES (1, 'Школа', '', '', '', "
                "'', '', 'Директор', '', '', '', '', '', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (id, organisation_id, last_name, first_name, "
                "patronymic, position, subjects, education, phone, email, achievements, "
                "notes, search_text) VALUES (1, 1, 'Петрова', 'Мария', 'Ивановна', "
                "'учитель', '', '', '', '', '', '', 'петрова мария ивановна')"
            )
        )
    engine.dispose()
    backups = tmp_path / "backups"
    db = open_database(db_path, backup_dir=backups)
    try:
        with db.session() as session:
            assert session.execute(text("SELECT last_name FROM person")).scalar() == "Петрова"
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head_revision()
        if head_revision() != "0001_initial":
            assert db.backup_before_migration is not None
            assert db.backup_before_migration.exists()
    finally:
        db.close()


def test_migrations_form_one_line() -> None:
    """Features land migrations in parallel; each must chain onto the last, never fork."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()
    assert len(script.get_bases()) == 1, script.get_bases()
    revisions = list(script.walk_revisions())
    assert all(len(r._all_down_revisions) <= 1 for r in revisions)
