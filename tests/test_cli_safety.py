"""``nastavnik backup / backups / check-backup / restore`` over a demo database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.models.db import Database, copy_sqlite
from tests.db_helpers import db_arg


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def test_backup_check_restore_round_trip(
    demo_template: Path,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    db = copy_sqlite(demo_template, tmp_path / "school.sqlite")
    out = tmp_path / "флешка" / "копия.sqlite"
    out.parent.mkdir()
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert main(["check-backup", str(out)]) == 0
    assert "в порядке: педагогов — 46" in capsys.readouterr().out

    assert main(["backup", "--db", str(db)]) == 0  # into the program's backups folder
    assert main(["backups", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "вручную" in listing and "school~" in listing

    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM mentee_difficulty")
        conn.execute("DELETE FROM mentee_profile")
        conn.execute("DELETE FROM mentor_profile")
        conn.execute("DELETE FROM personal_data_consent")
        conn.execute("DELETE FROM declension_correction")
        conn.execute("DELETE FROM person")
    conn.close()
    assert _count(db) == 0
    assert main(["restore", str(out), "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "восстановлена" in text and "Прежнее состояние" in text
    assert _count(db) == 46
    assert main(["check", "--db", str(db)]) == 0


@pytest.mark.sqlite_only
def test_backup_and_restore_refusals(
    empty_db: Database,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    db_path = empty_db.path
    assert db_path is not None
    assert main(["backup", "--db", str(tmp_path / "нет.sqlite")]) == 1
    assert "не найден" in capsys.readouterr().out
    assert main(["backup", "--db", str(db_path), "--out", str(db_path)]) == 1
    assert "поверх самой базы" in capsys.readouterr().out
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(b"\x00garbage" * 100)
    assert main(["check-backup", str(noise)]) == 1
    empty_db.close()
    before = db_path.read_bytes()
    assert main(["restore", str(noise), "--db", str(db_path)]) == 1
    assert "не является базой" in capsys.readouterr().out
    assert db_path.read_bytes() == before


def test_changelog_printed_and_saved(
    empty_db: Database,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    import openpyxl

    from desktop_app.services.people import PeopleService, PersonDraft

    PeopleService(empty_db).create(PersonDraft(last_name="Петрова", first_name="Мария"))
    path = db_arg(empty_db)
    empty_db.close()
    assert main(["changelog", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Педагог «Петрова М.»" in out and "Фамилия: «Петрова»" in out
    target = tmp_path / "журнал.xlsx"
    assert main(["changelog", "--db", str(path), "--out", str(target)]) == 0
    sheet = openpyxl.load_workbook(target).active
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
    assert "Петрова М." in cells
    assert main(["changelog", "--db", str(path), "--search", "Сидоров"]) == 0
    assert "Изменений не найдено." in capsys.readouterr().out
