"""«Резервные копии» in the window, automatic backups, a damaged file at start, error reports."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop_app.models.db import Database, open_database
from desktop_app.paths import backups_dir
from desktop_app.services.backup import BackupPolicy, list_backups, load_policy
from desktop_app.services.people import PeopleFilter, PeopleService, PersonDraft
from desktop_app.ui.main_window import MainWindow

SHOTS = Path("/work/shots/safety")


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def window(qtbot, demo_db: Database):  # type: ignore[no-untyped-def]
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.resize(1280, 680)
    return win


def _people_rows(win: MainWindow) -> int:
    section = win.show_section("people")
    return section.model.rowCount()  # type: ignore[attr-defined]


@pytest.mark.sqlite_only
def test_make_a_backup_now_and_see_it_listed(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    section = window.show_section("backups")
    assert section.table.rowCount() == 0  # type: ignore[attr-defined]
    section.make_button.click()  # type: ignore[attr-defined]
    table = section.table  # type: ignore[attr-defined]
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "вручную"
    assert table.item(0, 2).text().endswith("КБ")
    assert "Копия сохранена" in section.result.text()  # type: ignore[attr-defined]
    section.check_button.click()  # type: ignore[attr-defined]
    assert "в порядке: педагогов — 46" in section.result.text()  # type: ignore[attr-defined]
    _shot(window, "backups.png")


@pytest.mark.sqlite_only
def test_restore_brings_back_the_old_state_and_keeps_the_current_one(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = window.show_section("backups")
    section.make_now()  # type: ignore[attr-defined]
    PeopleService(window.db).create(PersonDraft(last_name="Новикова", first_name="Ольга"))
    window.data_changed()
    assert _people_rows(window) == 47
    section = window.show_section("backups")
    section.table.selectRow(0)  # type: ignore[attr-defined]
    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    old_db = window.db
    section.restore_button.click()  # type: ignore[attr-defined]
    assert asked and "перед восстановлением" in asked[0]
    assert window.db is not old_db
    assert _people_rows(window) == 46
    section = window.show_section("backups")
    reasons = [section.table.item(r, 1).text() for r in range(section.table.rowCount())]  # type: ignore[attr-defined]
    assert "перед восстановлением" in reasons
    assert "восстановлена" in section.result.text()  # type: ignore[attr-defined]
    before_restore = next(
        b for b in list_backups(window.db.path, backups_dir()) if b.reason.value == "before-restore"
    )
    # The state before the restore is in that copy: the restore can be undone.
    check = open_database(before_restore.path)
    try:
        assert PeopleService(check).count(PeopleFilter()) == 47
    finally:
        check.close()
    _shot(window, "backups-after-restore.png")
    window.db.close()


@pytest.mark.sqlite_only
def test_restore_refused_when_declined_or_damaged(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = window.show_section("backups")
    made = section.make_now()  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    db = window.db
    assert section.restore_selected() is False  # type: ignore[attr-defined]
    assert window.db is db
    made.path.write_bytes(made.path.read_bytes()[:3000])
    section.refresh()  # type: ignore[attr-defined]
    assert section.restore_selected(confirmed=True) is False  # type: ignore[attr-defined]
    assert "Выберите другую копию" in section.result.text()  # type: ignore[attr-defined]
    assert window.db is db and _people_rows(window) == 46


@pytest.mark.sqlite_only
def test_copy_to_a_folder_and_a_bad_folder(window: MainWindow, tmp_path: Path) -> None:
    section = window.show_section("backups")
    usb = tmp_path / "FLASH"
    usb.mkdir()
    written = section.save_to_folder(usb)  # type: ignore[attr-defined]
    assert written is not None and written.parent == usb
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert section.save_to_folder(blocker / "sub") is None  # type: ignore[attr-defined]
    assert "Выберите другую папку" in section.result.text()  # type: ignore[attr-defined]


@pytest.mark.sqlite_only  # the backups of a server are its administrator's
def test_policy_saved_from_the_section(window: MainWindow) -> None:
    section = window.show_section("backups")
    section.daily.setValue(14)  # type: ignore[attr-defined]
    section.hours.setValue(1)  # type: ignore[attr-defined]
    section.save_policy_button.click()  # type: ignore[attr-defined]
    assert load_policy(window.db) == BackupPolicy(daily=14, weekly=4, monthly=12, every_hours=1)


@pytest.mark.sqlite_only
def test_daily_backup_and_backup_on_closing_after_changes(window: MainWindow) -> None:
    assert window.safety.daily_backup() is not None
    assert window.safety.daily_backup() is None  # once a day
    path = window.db.path
    PeopleService(window.db).create(PersonDraft(last_name="Зуева", first_name="Ирина"))
    window.close()
    reasons = [b.reason.value for b in list_backups(path, backups_dir())]  # type: ignore[arg-type]
    assert reasons.count("close") == 1 and reasons.count("daily") == 1


@pytest.mark.sqlite_only
def test_damaged_database_at_start_offers_the_newest_good_backup(
    qtbot,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from desktop_app.services.backup import backup_now
    from desktop_app.ui.app import open_with_choice

    backup_now(demo_db, backups_dir())
    path = demo_db.path
    assert path is not None
    demo_db.close()
    data = bytearray(path.read_bytes())
    data[8192:16384] = os.urandom(8192)
    path.write_bytes(bytes(data))

    texts: list[str] = []

    def click_restore(box: QMessageBox) -> int:
        texts.append(box.text())
        buttons = [b for b in box.buttons() if isinstance(b, QPushButton)]
        names = [b.text() for b in buttons]
        texts.append(" | ".join(names))
        wanted = next(b for b in buttons if b.text().startswith("Восстановить из копии"))
        wanted.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db = open_with_choice(path)
    assert db is not None
    try:
        assert "повреждена" in texts[0]
        assert PeopleService(db).count(PeopleFilter()) == 46
        aside = [p.name for p in path.parent.glob(path.name + ".повреждён-*")]
        assert len([name for name in aside if not name.endswith(("-wal", "-shm"))]) == 1
    finally:
        db.close()


def test_unexpected_error_message_and_report_without_personal_data(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.ui.safety import show_unexpected_error

    target = tmp_path / "отчёт.txt"
    shown: list[str] = []

    def click_save(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text().startswith("Сохранить отчёт")).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    try:
        raise ValueError("UNIQUE constraint failed: person 'Петрова Мария' тел. 89161234567")
    except ValueError:
        kind, error, tb = sys.exc_info()
    report = show_unexpected_error(None, kind, error, tb)  # type: ignore[arg-type]
    assert "непредвиденная ошибка" in shown[0]
    saved = target.read_text(encoding="utf-8")
    assert saved == report
    assert "ValueError" in saved and "test_backups_ui.py" in saved
    for secret in ("Петрова", "Мария", "89161234567"):
        assert secret not in saved


@pytest.mark.sqlite_only
def test_database_on_a_network_drive_is_moved_to_this_computer(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    from desktop_app.services import storage

    monkeypatch.setattr(
        storage, "storage_warning", lambda path: f"База «{path}» лежит на сетевом диске."
    )
    shown: list[str] = []

    def click_move(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text().startswith("Перенести")).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_move)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    old_path = window.db.path
    window.safety.warn_about_storage(window.db)
    assert shown and "сетевом диске" in shown[0]
    assert window.db.path is not None and window.db.path.parent == isolated_data_dir
    assert window.db.path != old_path and old_path.exists()  # type: ignore[union-attr]
    assert _people_rows(window) == 46
    window.db.close()
