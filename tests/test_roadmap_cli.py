"""``nastavnik roadmap``: create from a template, list, show overdue, mark done."""

from __future__ import annotations

from desktop_app.cli import main
from desktop_app.models.db import Database
from tests.db_helpers import db_arg


def test_roadmap_commands(empty_db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    db = db_arg(empty_db)
    empty_db.close()
    assert main(["--db", db, "roadmap", "create", "--year", "2025"]) == 0
    assert "на 2025/2026 учебный год" in capsys.readouterr().out
    assert main(["--db", db, "roadmap", "show", "--overdue", "--date", "20.11.2025"]) == 0
    out = capsys.readouterr().out
    assert "Формирование банка наставляемых" in out and "просрочено" in out
    assert "Информационная поддержка" not in out
    item_id = next(
        line.split("[")[1].split("]")[0]
        for line in out.splitlines()
        if "Формирование банка наставляемых" in line
    )
    assert main(["--db", db, "roadmap", "done", "--item", item_id,
                 "--date", "25.09.2025"]) == 0  # fmt: skip
    main(["--db", db, "roadmap", "show", "--overdue", "--date", "20.11.2025"])
    assert "Формирование банка наставляемых" not in capsys.readouterr().out
    assert main(["--db", db, "roadmap", "list"]) == 0
    assert "2025/2026 учебный год" in capsys.readouterr().out
    assert main(["--db", db, "roadmap", "done", "--item", "99999"]) == 1
    captured = capsys.readouterr()
    assert "не найдено" in captured.out + captured.err
