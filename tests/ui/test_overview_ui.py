"""«Обзор» is the first screen; a line opens its section with the matching people shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.models import ConsentState
from desktop_app.models.db import Database
from desktop_app.ui.main_window import SECTIONS, MainWindow
from desktop_app.ui.overview_view import OverviewSection
from desktop_app.ui.people_view import PeopleSection


def test_overview_is_first_and_a_line_opens_people_without_consent(
    qtbot, demo_db: Database
) -> None:  # type: ignore[no-untyped-def]
    assert SECTIONS[0][:2] == ("overview", "Обзор")
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    overview = window.stack.currentWidget()
    assert isinstance(overview, OverviewSection)
    lines = overview.lines()
    row = next(i for i, line in enumerate(lines) if "Нет согласия" in line)
    overview.list.setCurrentRow(row)
    qtbot.keyClick(overview.list, Qt.Key.Key_Return)
    people = window.stack.currentWidget()
    assert isinstance(people, PeopleSection) and people.kind == "people"
    assert people.consent.currentData() == ConsentState.MISSING
    expected = int(lines[row].split(":")[-1].split()[0])
    assert people.model.rowCount() == expected > 0


def test_figure_tile_opens_the_mentor_bank(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    overview = window.stack.currentWidget()
    tile = next(b for b in overview.figure_buttons if b.text().endswith("Наставников"))
    assert tile.text().startswith("10\n")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget().kind == "mentors"
