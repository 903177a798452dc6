"""``nastavnik programs`` on the demo school: every program with its progress; the overdue."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main
from desktop_app.models.db import Database
from desktop_app.services.programs import ProgramService
from tests.conftest import DEMO_TODAY
from tests.db_helpers import db_arg


def test_programs_and_overdue(demo_db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    rows = ProgramService(demo_db).rows(DEMO_TODAY)
    overdue = ProgramService(demo_db).overdue(DEMO_TODAY)
    demo_db.close()
    assert rows and overdue  # the demo has programs and some are behind
    assert main(["programs", "--db", path, "--date", "23.11.2026"]) == 0
    out = capsys.readouterr().out
    assert f"Программ: {len(rows)}" in out
    assert rows[0].mentor in out and "выполнено" in out
    assert main(["programs", "--overdue", "--db", path, "--date", "23.11.2026"]) == 0
    out = capsys.readouterr().out
    assert f"Просрочено мероприятий: {len(overdue)}" in out
    assert overdue[0].content in out


def test_export_program_by_person(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    row = ProgramService(demo_db).rows(DEMO_TODAY)[0]
    mentor_id = ProgramService(demo_db).get(row.id).mentor_id
    demo_db.close()
    out = tmp_path / "out"
    args = ["export", "program", "--db", path, "--out", str(out), "--date", "23.11.2026"]
    assert main([*args, "--person", str(mentor_id)]) == 0
    [document] = out.iterdir()
    assert document.suffix == ".docx" and row.mentor.split()[0] in document.name
