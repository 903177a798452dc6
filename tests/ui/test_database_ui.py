"""Opening a bad file from the window: a clear message, the current database stays open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.models.db import Database
from desktop_app.services.organisation import OrganisationDraft, OrganisationService
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.organisation_form import OrganisationDialog


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_warning(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", fake_warning)
    return shown


def test_switching_to_a_bad_file_keeps_the_current_database(
    qtbot, demo_db: Database, tmp_path: Path, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    bad = tmp_path / "отчёт.sqlite"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    assert window.switch_database(bad) is False
    assert len(warnings) == 1 and str(bad) in warnings[0]
    assert "не является базой данных" in warnings[0]
    assert window.db is demo_db
    assert window.section("people").model.rowCount() == 46  # type: ignore[attr-defined]
    assert bad.read_bytes().startswith(b"PK\x03\x04")


@pytest.mark.sqlite_only
def test_switching_to_a_locked_database(
    qtbot, demo_db: Database, empty_db: Database, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    assert empty_db.path is not None
    assert window.switch_database(empty_db.path) is False  # empty_db holds its lock
    assert "уже открыта" in warnings[0]


def test_switching_to_a_good_database(qtbot, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.models.db import open_database

    other = tmp_path / "other.sqlite"
    db = open_database(other)
    OrganisationService(db).save_own(
        OrganisationDraft(full_name="Другая школа", head_name="Иванов Иван Иванович")
    )
    db.close()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    assert window.switch_database(other) is True
    assert window.section("people").model.rowCount() == 0  # type: ignore[attr-defined]
    assert "other.sqlite" in window.windowTitle()
    window.db.close()


def test_first_run_dialog_saves_the_organisation(qtbot, type_text, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.models.db import open_database

    db = open_database(db_path)
    service = OrganisationService(db)
    dialog = OrganisationDialog(service)
    qtbot.addWidget(dialog)
    edits = dialog.form.edits
    type_text(edits["email"], "школа@")
    dialog._save()
    assert not dialog.result()
    assert "обязательное поле" in dialog.form.boxes["full_name"].error.text()
    assert "E-mail" in dialog.form.boxes["email"].error.text()
    assert service.own() is None

    type_text(edits["full_name"], "МКОУ «Сосновская СОШ»")
    type_text(edits["head_name"], "Кузнецова Анна Петровна")
    edits["email"].setText("sosnovka@example.ru")
    dialog._save()
    assert dialog.result()
    own = service.own()
    assert own is not None and own.full_name == "МКОУ «Сосновская СОШ»"
    assert own.head_name == "Кузнецова Анна Петровна"
    db.close()
