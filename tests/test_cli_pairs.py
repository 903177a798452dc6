from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main
from desktop_app.models.db import Database
from tests.db_helpers import db_arg


def test_pairs_commands_on_the_demo(demo_db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    demo_db.close()  # the command opens the database itself (one program at a time)
    assert main(["pairs", "list", "--db", path, "--open"]) == 0
    out = capsys.readouterr().out
    assert "действует\tБелова Екатерина Юрьевна → Ковалёва Ю.И." in out
    assert "Всего: 8" in out
    assert main(["pairs", "unpaired", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "Богданов Павел Васильевич" in out and "Нуждаются в наставнике: 2" in out
    assert main(["pairs", "suggest", "--db", path, "--mentee", "богданов", "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Наставники для: Богданов Павел Васильевич"
    assert len(out) == 3 and "свободно" in out[1]
    assert main(["pairs", "propose", "--db", path, "--apply"]) == 0
    out = capsys.readouterr().out
    assert "Макаров Сергей Андреевич: без наставника — нет согласия" in out
    assert "Создано пар (формируется): 1" in out
    assert main(["pairs", "unpaired", "--db", path]) == 0
    assert "Нуждаются в наставнике: 1" in capsys.readouterr().out


def test_pairs_suggest_for_nobody(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    demo_db.close()
    assert main(["pairs", "suggest", "--db", path, "--mentee", "Пушкин"]) == 1
    assert "не найден" in capsys.readouterr().out
    assert main(["pairs", "--db", str(tmp_path / "нет.sqlite")]) == 1
