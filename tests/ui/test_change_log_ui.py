"""«Журнал изменений»: an edit typed into the person form shows up, is found, is exported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.models.db import Database
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.person_form import PersonDialog

SHOTS = Path("/work/shots/safety")


def test_form_edit_is_logged_searchable_and_exported(
    qtbot,
    type_text,
    demo_db: Database,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    people = PeopleService(demo_db)
    person_id = people.query_ids(PeopleFilter())[0]
    name = people.get(person_id).short_name
    dialog = PersonDialog(people, OrganisationService(demo_db), person_id)
    qtbot.addWidget(dialog)
    dialog.phone.clear()
    type_text(dialog.phone, "8 (900) 765-43-21")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1280, 680)
    section = window.show_section("changelog")
    table = section.table  # type: ignore[attr-defined]
    assert table.rowCount() >= 1  # the demo's own pairs and routes are logged too
    assert table.item(0, 3).text() == name  # newest first
    assert "8 (900) 765-43-21" in table.item(0, 4).text()
    type_text(section.search, "765-43-21")  # type: ignore[attr-defined]
    section.refresh()  # type: ignore[attr-defined]
    assert table.rowCount() == 1 and table.item(0, 3).text() == name
    section.search.clear()  # type: ignore[attr-defined]
    type_text(section.search, "нет такого")  # type: ignore[attr-defined]
    section.refresh()  # type: ignore[attr-defined]
    assert table.rowCount() == 0
    assert section.status.text() == "Изменений не найдено."  # type: ignore[attr-defined]
    section.search.clear()  # type: ignore[attr-defined]
    section.refresh()  # type: ignore[attr-defined]
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / "change-log.png"))

    written = section.export(tmp_path / "журнал.xlsx")  # type: ignore[attr-defined]
    assert written is not None
    cells = [
        c
        for row in openpyxl.load_workbook(written).active.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert name in cells
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert section.export(blocked / "журнал.xlsx") is None  # type: ignore[attr-defined]
    assert "Выберите" in section.status.text()  # type: ignore[attr-defined]
