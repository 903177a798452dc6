"""The curator's laptop: 1366×768 at 125 % leaves a 1090×580 window. The main text must show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTreeWidget

from desktop_app.models.db import Database
from desktop_app.ui.main_window import MainWindow

SMALL = (1090, 580)


def _window(qtbot, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open(qtbot, window: MainWindow, key: str):  # type: ignore[no-untyped-def]
    from desktop_app.ui.main_window import SECTIONS

    window.nav.setCurrentRow([k for k, _t, _f in SECTIONS].index(key))
    qtbot.wait(50)
    return window.section(key)


def test_overview_tiles_show_all_their_words(qtbot, demo_db: Database) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "overview")
    tiles = [b for b in section.findChildren(QPushButton) if b.objectName() == "overview_figure"]
    assert len(tiles) >= 4
    texts = "\n".join(t.text() for t in tiles)
    assert "Мероприятий дорожной" in texts
    for tile in tiles:
        metrics = tile.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in tile.text().splitlines())
        assert widest <= tile.width(), tile.text()
        assert tile.geometry().right() <= section.width(), tile.text()


def test_roadmap_columns_fit_the_window_not_400_px(qtbot, demo_db: Database) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "roadmap")
    qtbot.wait(50)
    table = section.table
    header = table.horizontalHeader()
    name, note = header.sectionSize(1), header.sectionSize(7)
    # Before: «Наименование» 116 px and «Примечание» (mostly empty) 370 px.
    assert name > 2 * note
    done_date = header.sectionSize(6)
    assert done_date >= table.fontMetrics().horizontalAdvance("26.09.2026") + 12


def test_program_plan_activity_column_is_readable(qtbot, demo_db: Database) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "programs")
    qtbot.wait(50)
    plan = section.plan
    assert plan.rowCount() > 0
    widths = [plan.horizontalHeader().sectionSize(c) for c in range(plan.columnCount())]
    # «Мероприятие» is the widest column, not 50 px squeezed between fixed ones.
    assert widths[1] == max(widths)
    assert widths[1] >= 200


def test_settings_show_the_beginning_of_the_full_name(qtbot, demo_db: Database) -> None:
    from desktop_app.services.organisation import OrganisationService
    from desktop_app.ui.organisation_form import OrganisationForm

    form = OrganisationForm(OrganisationService(demo_db))
    qtbot.addWidget(form)
    edit = form.edits["full_name"]
    assert edit.text().startswith("Муниципальное")
    assert edit.cursorPosition() == 0


def test_section_chosen_with_the_mouse_takes_the_keys(qtbot, demo_db: Database) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = _window(qtbot, demo_db)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.nav.setFocus()
    item = window.nav.item(1)  # «Педагоги»
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(item).center(),
    )
    section = window.section("people")
    assert window.stack.currentWidget() is section
    assert QApplication.focusWidget() is section.table
    # Ctrl+F, as the search field's hint says, now reaches the section.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is section.search


def test_documents_names_fit_their_tree(qtbot, demo_db: Database) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "documents")
    tree = section.findChild(QTreeWidget, "kinds_tree")
    items = [
        i
        for i in tree.findItems(
            "Согласие", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive
        )
    ]
    assert items
    item = items[0]
    rect = tree.visualItemRect(item)
    needed = tree.fontMetrics().horizontalAdvance(item.text(0))
    # The name ends inside the tree's visible width (a tick box and indent before it).
    assert rect.left() + needed + 24 <= tree.viewport().width(), item.text(0)


def test_route_without_activities_this_year_says_so_across_the_row(
    qtbot, demo_db: Database
) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "routes")
    due = section.due
    texts = []
    for row in range(section.table.model().rowCount()):
        section.table.selectRow(row)
        qtbot.wait(20)
        item = due.item(0, 0)
        if item is not None and "мероприятий нет" in item.text():
            texts.append(item.text())
            assert due.columnSpan(0, 0) == due.columnCount()
        elif due.rowCount():
            assert due.columnSpan(0, 0) == 1
    assert texts, "the demo has a route without activities this year"


def test_the_column_that_defines_a_bank_is_on_screen(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_db)
    for key, column_key in (("mentees", "mentee_category"),):
        section = _open(qtbot, window, key)
        keys = [c.key for c in section.model.columns]
        index = keys.index(column_key)
        table = section.table
        right = table.columnViewportPosition(index) + table.columnWidth(index)
        assert right <= table.viewport().width(), (key, right, table.viewport().width())


def test_programs_list_keeps_its_rows_on_a_small_screen(qtbot, demo_db: Database) -> None:
    window = _window(qtbot, demo_db)
    section = _open(qtbot, window, "programs")
    qtbot.wait(50)
    table = section.table
    rows_visible = (table.viewport().height()) // max(1, table.rowHeight(0))
    # Before: the «Итоги» tab's minimum height left room for one and a half programs.
    assert rows_visible >= 4
    section.tabs.setCurrentIndex(2)  # «Итоги» scrolls instead
    assert section.tabs.currentWidget().isVisible()
