"""The people bank as the curator uses it: type into the form, save, find in the table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog

from desktop_app.models import Role
from desktop_app.models.db import Database
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.people_model import MENTEE_COLUMNS, PeopleTableModel
from desktop_app.ui.people_view import PeopleSection
from desktop_app.ui.person_form import PersonDialog


def _table_names(section: PeopleSection) -> list[str]:
    model = section.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    model = PeopleTableModel(PeopleService(demo_db), MENTEE_COLUMNS)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_filter(PeopleFilter(text="а"))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter(PeopleFilter(role=Role.MENTEE))
    assert model.rowCount() == 12


def test_add_person_through_the_form_and_find_by_search(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    section = PeopleSection(empty_db, "people")
    qtbot.addWidget(section)
    dialog = PersonDialog(section.people, section.organisations, None, section)
    qtbot.addWidget(dialog)
    type_text(dialog.last_name, "Сидорова")
    type_text(dialog.first_name, "Анна")
    type_text(dialog.patronymic, "Петровна")
    type_text(dialog.position, "учитель химии")
    type_text(dialog.experience, "3")
    type_text(dialog.consent_given, "01.09.2025")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    section.apply_filter()
    type_text(section.search, "сидор")
    assert _table_names(section) == ["Сидорова Анна Петровна"]
    assert section.count_label.text() == "Показано: 1"
    section.search.clear()
    type_text(section.search, "физик")
    assert _table_names(section) == []


def test_wrong_values_are_shown_next_to_fields_and_kept(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(PeopleService(empty_db), OrganisationService(empty_db))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.first_name, "Анна")
    type_text(dialog.birth_date, "31.02.2024")
    type_text(dialog.experience, "пять")
    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.email, "anna@")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.boxes["last_name"].error.text() == "Фамилия: обязательное поле."
    assert "не существует" in dialog.boxes["birth_date"].error.text()
    assert "целое число" in dialog.boxes["experience_years"].error.text()
    assert "E-mail" in dialog.boxes["email"].error.text()
    assert not dialog.boxes["first_name"].error.text()
    assert dialog.tabs.currentIndex() == 0  # back to the first wrong field
    assert dialog.birth_date.text() == "31.02.2024"  # what was typed is kept
    assert PeopleService(empty_db).query_ids(PeopleFilter(include_archived=True)) == []

    # Mend the fields and save: the messages go away and the person is there.
    type_text(dialog.last_name, "Орлова")
    dialog.birth_date.setText("28.02.1994")
    dialog.experience.setText("5")
    dialog.email.setText("anna@example.ru")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert PeopleService(empty_db).get(dialog.saved_id).email == "anna@example.ru"  # type: ignore[arg-type]


def test_banks_show_their_people_and_consent(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    mentors = PeopleSection(demo_db, "mentors")
    mentees = PeopleSection(demo_db, "mentees")
    qtbot.addWidget(mentors)
    qtbot.addWidget(mentees)
    assert mentors.model.rowCount() == 10
    assert mentees.model.rowCount() == 12
    headers = [
        mentees.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(mentees.model.columnCount())
    ]
    assert "Категория наставляемого" in headers and "Затруднения" in headers

    people = PeopleSection(demo_db, "people")
    qtbot.addWidget(people)
    people.consent.setCurrentIndex(people.consent.findText("нет согласия"))
    assert people.model.rowCount() == 5
    consent_col = [c.key for c in people.model.columns].index("consent")
    index = people.model.index(0, consent_col)
    assert people.model.data(index) == "нет согласия"
    assert people.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None


def test_archive_and_undo(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = PeopleSection(demo_db, "people")
    qtbot.addWidget(section)
    section.table.selectRow(0)
    name = section.model.data(section.model.index(0, 0))
    section.toggle_archive_selected()
    assert name not in _table_names(section)
    assert section.model.rowCount() == 45
    section.undo_archive()
    assert name in _table_names(section)
    assert section.model.rowCount() == 46


def test_main_window_sections_and_keyboard(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert {"Педагоги", "Наставники", "Наставляемые", "Настройки"} <= set(titles)
    with qtbot.waitActive(window):
        window.activateWindow()
    number = titles.index("Наставляемые") + 1
    qtbot.keyClick(
        window.nav, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
    )
    assert window.stack.currentWidget().objectName() == "section_mentees"
    # Fits the usual school screen.
    assert window.minimumSize().width() <= 1366 and window.minimumSize().height() <= 768


def test_ctrl_z_after_clicking_archive_button_brings_the_person_back(
    qtbot, demo_db: Database
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.nav.setCurrentRow(1)
    section = window.section("people")
    assert isinstance(section, PeopleSection)
    section.table.selectRow(0)
    name = section.model.data(section.model.index(0, 0))
    said: list[str] = []
    section.status_message.connect(said.append)
    qtbot.mouseClick(section.archive_button, Qt.MouseButton.LeftButton)
    assert name not in _table_names(section)
    # No «перенесён(а)»: a sentence that fits any card.
    assert said == [f"{name}: карточка перенесена в архив. Отменить — Ctrl+Z."]
    # The curator presses Ctrl+Z as the status line says, wherever the focus went.
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name in _table_names(section)
    assert section.model.rowCount() == 46
