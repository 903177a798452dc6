"""``nastavnik municipal``: take in two schools' files, list them, write the summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.services.municipal_demo import DEMO_SCHOOLS, make_school

TODAY = dt.date(2026, 11, 23)


def test_import_list_and_summary(demo_template: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "почта"
    for number, (short, full, a, b, c) in enumerate(DEMO_SCHOOLS[:2]):
        make_school(demo_template, folder / str(number), short, full, a, b, c, TODAY)
    db = tmp_path / "methodist.sqlite"
    assert main(["municipal", "import", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Файлов загружено: 6." in out
    assert main(["municipal", "schools", "--db", str(db), "--period", "2026-Q3"]) == 0
    out = capsys.readouterr().out
    assert "Период: 3 квартал 2026 г." in out
    assert "МКОУ «Заречная ООШ»: " in out and "прислано всё" in out
    target = tmp_path / "свод.xlsx"
    assert main(["municipal", "summary", "--db", str(db), "--out", str(target)]) == 0
    sheet = load_workbook(target)["Показатели"]
    header = [c.value for c in sheet[4]]
    assert header[3:6] == [
        "МКОУ «Заречная ООШ»",
        "МКОУ «Красновская СОШ»",
        "Итого по муниципалитету",
    ]
    # The methodist's database has no organisation of its own yet: the report says what to do.
    assert (
        main(["municipal", "summary", "--db", str(db), "--report", str(tmp_path / "r.docx")]) == 1
    )
    assert "Настройки" in capsys.readouterr().out
    assert not (tmp_path / "r.docx").exists()


def test_import_refuses_a_stranger_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    stranger = tmp_path / "список.csv"
    stranger.write_text("ФИО;Должность\nИванова;учитель\n", encoding="utf-8")
    db = tmp_path / "methodist.sqlite"
    assert main(["municipal", "import", str(stranger), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "не принят" in out and "в формате .xlsx" in out
