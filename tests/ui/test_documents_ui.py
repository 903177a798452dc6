"""«Документы»: the curator ticks documents, fills the fields, presses «Сформировать» and gets the
files; templates, declined names and the e-mail package from the same section."""

from __future__ import annotations

import email
import os
import time
from email import policy
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.export import files, registry
from desktop_app.export.registry import DocumentKind, ExportCancelled
from desktop_app.models import GrammaticalCase
from desktop_app.models.db import Database
from desktop_app.services.declension import DeclensionService
from desktop_app.ui import documents_view
from desktop_app.ui.documents_view import DocumentsSection, GeneratePage


@pytest.fixture(autouse=True)
def no_export_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hooks other features plug in (the consent warning asks a modal question) stay out of
    these tests; ``test_before_export_hook_can_stop`` checks the hook itself."""
    monkeypatch.setattr(documents_view, "BEFORE_EXPORT", [])


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _page(qtbot, db: Database, out: Path) -> GeneratePage:  # type: ignore[no-untyped-def]
    page = GeneratePage(db)
    qtbot.addWidget(page)
    page.out_edit.setText(str(out))
    page.show()
    return page


def _run(qtbot, page: GeneratePage) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.job.busy, timeout=30000)


def _people_item(page: GeneratePage, last_name: str):  # type: ignore[no-untyped-def]
    for i in range(page.people.list.count()):
        item = page.people.list.item(i)
        if item.text().startswith(last_name + " "):
            return item
    raise AssertionError(last_name)


def test_kinds_grouped_with_their_fields(qtbot, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_db, tmp_path)
    groups = {
        page.tree.topLevelItem(i).text(0): [
            page.tree.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole)
            for j in range(page.tree.topLevelItem(i).childCount())
        ]
        for i in range(page.tree.topLevelItemCount())
    }
    for kind in registry.all_kinds():
        assert kind.key in groups[kind.group]
    assert not page.generate_button.isEnabled()  # nothing ticked yet

    page.set_checked(["banks"])
    assert page.generate_button.isEnabled()
    assert not page.number_edit.isVisible()
    assert not page.people.isVisible()
    assert not page.period_widget.isVisible()
    page.set_checked(["banks", "order-curator"])
    assert page.number_edit.isVisible()
    assert page.people.isVisible()
    assert page.people.list.count() == 46  # the demo staff, loaded when first needed


def test_a_new_kind_appears_without_changing_the_section(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []

    def build(db, out_dir, options, progress):  # type: ignore[no-untyped-def]
        seen.append(options.period)
        target = out_dir / "Отчёт за период.xlsx"
        files.write_atomic(target, lambda temp: temp.write_bytes(b"report"))
        return [target]

    kind = DocumentKind(
        key="test-report", title="Отчёт за период", fmt="xlsx", build=build,
        takes_period=True, group="Тестовая группа",
    )  # fmt: skip
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    page = _page(qtbot, demo_db, tmp_path / "out")
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups[-1] == "Тестовая группа"
    page.set_checked(["test-report"])
    assert page.period_widget.isVisible()
    assert not page.number_edit.isVisible()
    _run(qtbot, page)
    assert (tmp_path / "out" / "Отчёт за период.xlsx").read_bytes() == b"report"
    assert seen and seen[0][0] <= seen[0][1]  # type: ignore[index]

    # A period that ends before it starts is refused next to nothing written.
    page.period_from.setDate(page.period_to.date().addDays(1))
    _run(qtbot, page)
    assert "Начало периода позже его конца" in page.message.text()
    assert len(seen) == 1


def test_generate_order_with_number_and_chosen_person(  # type: ignore[no-untyped-def]
    qtbot, type_text, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "Документы"
    page = _page(qtbot, demo_db, out)
    page.set_checked(["order-curator"])
    type_text(page.number_edit, "45-о")
    type_text(page.people.search, "Мамед")
    visible = [
        page.people.list.item(i)
        for i in range(page.people.list.count())
        if not page.people.list.item(i).isHidden()
    ]
    assert [i.text().split(" — ")[0] for i in visible] == ["Мамедов Эльчин Рауф оглы"]
    visible[0].setCheckState(Qt.CheckState.Checked)
    assert page.people.count.text() == "Выбрано: 1"
    _run(qtbot, page)

    written = sorted(out.iterdir())
    assert [p.name for p in written] == [page.results.item(0).text()]
    text = _text(written[0])
    assert "№ 45-о" in text
    assert "Назначить Мамедова Эльчина Рауф оглы" in text
    assert "Готово: 1 файл" in page.message.text()
    opened: list[Path] = []
    monkeypatch.setattr(documents_view, "open_path", opened.append)
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [out]
    # The folder is remembered for next time.
    assert QSettings().value("documents/out_dir") == str(out)
    again = GeneratePage(demo_db)
    qtbot.addWidget(again)
    assert again.out_edit.text() == str(out)


def test_cancel_stops_and_leaves_no_files(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(db, out_dir, options, progress):  # type: ignore[no-untyped-def]
        (out_dir / "half.docx").write_bytes(b"half")
        for step in range(3000):
            if not progress(step, 3000, f"Шаг {step}"):
                raise ExportCancelled()
            time.sleep(0.005)
        return []

    monkeypatch.setitem(
        registry._KINDS, "slow", DocumentKind(key="slow", title="Долгий", fmt="docx", build=slow)
    )
    out = tmp_path / "out"
    page = _page(qtbot, demo_db, out)
    page.set_checked(["slow"])
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.job.label.text().startswith("Шаг"), timeout=10000)
    assert page.job.isVisible() and not page.generate_button.isEnabled()
    qtbot.mouseClick(page.job.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.job.busy, timeout=10000)
    assert "Отменено" in page.message.text()
    assert list(out.iterdir()) == []
    assert page.generate_button.isEnabled()


def test_locked_file_offers_another_name(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    page = _page(qtbot, demo_db, out)
    page.set_checked(["order-curator"])
    _run(qtbot, page)
    first = next(out.iterdir())
    before = first.read_bytes()
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == first:
            raise PermissionError(13, "locked")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    asked: list[tuple[str, Path]] = []

    def ask(message: str, alternative: Path) -> str:
        asked.append((message, alternative))
        return "rename"

    monkeypatch.setattr(page, "ask_locked", ask)
    _run(qtbot, page)
    assert "открыт в другой программе" in asked[0][0]
    other = asked[0][1]
    assert other.name.endswith("(2).docx")
    assert first.read_bytes() == before
    assert other.is_file() and "Назначить Лебедеву" in _text(other)
    assert sorted(p.name for p in out.iterdir()) == sorted([first.name, other.name])

    monkeypatch.setattr(page, "ask_locked", lambda message, alternative: "skip")
    _run(qtbot, page)
    assert "Не сохранены" in page.message.text()
    assert not [p for p in out.iterdir() if p.name.startswith(".~")]


def test_unwritable_folder_and_broken_template_are_explained(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "файл"
    not_a_folder.write_text("x")
    page = _page(qtbot, demo_db, not_a_folder)
    page.set_checked(["banks"])
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    _run(qtbot, page)
    assert "это файл, а не папка" in page.message.text()

    from desktop_app.export.docx_engine import copy_for_editing

    copy = copy_for_editing("order-curator.docx")
    copy.write_bytes(b"broken")
    page.out_edit.setText(str(tmp_path / "out"))
    page.set_checked(["order-curator"])
    _run(qtbot, page)
    assert "order-curator.docx" in page.message.text()
    assert "повреждён" in page.message.text()
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_file()]


def test_before_export_hook_can_stop(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def refuse(kinds, parent) -> bool:  # type: ignore[no-untyped-def]
        calls.append([k.key for k in kinds])
        return False

    monkeypatch.setattr(documents_view, "BEFORE_EXPORT", [refuse])
    page = _page(qtbot, demo_db, tmp_path / "out")
    page.set_checked(["consent"])
    _run(qtbot, page)
    assert calls == [["consent"]]
    assert not (tmp_path / "out").exists()
    assert "отменено" in page.message.text()


def test_templates_page_edit_and_restore(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = DocumentsSection(demo_db)
    qtbot.addWidget(section)
    page = section.templates_page
    from desktop_app.export.docx_engine import shipped_template_names

    names = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    assert names == shipped_template_names()
    assert {"consent.docx", "order-curator.docx"} <= set(names)
    row = names.index("order-curator.docx")
    assert page.table.item(row, 0).text() == (
        "Приказ о назначении куратора реализации программ наставничества"
    )
    opened: list[Path] = []
    monkeypatch.setattr(documents_view, "open_path", opened.append)
    page.table.selectRow(row)
    assert not page.restore_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    copy = isolated_data_dir / "templates" / "order-curator.docx"
    assert opened == [copy] and copy.is_file()
    assert page.table.item(row, 2).text() == "изменён вами"
    assert page.restore_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert copy.is_file()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert not copy.exists()
    assert page.table.item(row, 2).text() == "исходный"
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == isolated_data_dir / "templates"


def test_declension_page_corrects_and_resets(  # type: ignore[no-untyped-def]
    qtbot, type_text, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = DocumentsSection(demo_db)
    qtbot.addWidget(section)
    section.show()
    section.tabs.setCurrentWidget(section.declension_page)
    page = section.declension_page
    type_text(page.search, "Лебедева Ольга")
    row = next(i for i in range(page.list.count()) if not page.list.item(i).isHidden())
    page.list.setCurrentRow(row)
    person_id = page.person_id
    assert person_id is not None
    dative = page.name_forms.edits[GrammaticalCase.DATIVE]
    assert dative.text() == "Лебедевой Ольге Викторовне"
    assert page.name_forms.edits[GrammaticalCase.NOMINATIVE].isReadOnly()
    assert "Назначить Лебедеву Ольгу Викторовну, заместителя директора" in page.example.text()

    # A form of only signs is refused next to the field; nothing is saved.
    dative.clear()
    type_text(dative, "!!!")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    box = page.name_forms.boxes["dat"]
    assert box.error.isVisibleTo(page) and "введите слова" in box.error.text()
    service = DeclensionService(demo_db)
    assert service.person_corrections(person_id) == {}

    accusative = page.name_forms.edits[GrammaticalCase.ACCUSATIVE]
    dative.clear()
    type_text(dative, "Лебедевой Ольге Викторовне")
    accusative.clear()
    type_text(accusative, "Лебедеву-Исправленную Ольгу Викторовну")
    assert page.name_forms.marks[GrammaticalCase.ACCUSATIVE].text() == "✎ исправлено"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not box.error.isVisibleTo(page)
    assert service.person_corrections(person_id) == {
        GrammaticalCase.ACCUSATIVE: "Лебедеву-Исправленную Ольгу Викторовну"
    }
    written = registry.build_documents(
        demo_db, ["order-curator"], tmp_path, registry.ExportOptions()
    )
    assert "Назначить Лебедеву-Исправленную Ольгу Викторовну" in _text(written[0])

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert service.person_corrections(person_id) == {}
    assert accusative.text() == "Лебедеву Ольгу Викторовну"


def test_package_from_the_section(  # type: ignore[no-untyped-def]
    qtbot, type_text, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.package_dialog import PackageDialog

    dialogs: list[PackageDialog] = []

    def drive(cls, parent, db, kinds, options, out_dir):  # type: ignore[no-untyped-def]
        dialog = PackageDialog(parent, db, kinds, options, out_dir)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        dialog.recipient.clear()
        type_text(dialog.recipient, "metod@@kotel")
        assert dialog.try_accept() is False
        assert "записан неверно" in dialog.boxes["recipient"].error.text()
        dialog.recipient.clear()
        type_text(dialog.recipient, "metod@kotel-edu.ru")
        dialog.as_folder.setChecked(True)
        assert dialog.try_accept() is True
        return dialog.result_request, True

    monkeypatch.setattr(PackageDialog, "get_request", classmethod(drive))
    out = tmp_path / "send"
    page = _page(qtbot, demo_db, out)
    page.set_checked(["banks", "order-curator"])
    qtbot.mouseClick(page.package_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.job.busy, timeout=30000)
    assert "Пакет готов" in page.message.text(), page.message.text()
    emls = list(out.glob("*.eml"))
    assert len(emls) == 1
    message = email.message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert message["To"] == "metod@kotel-edu.ru"
    names = sorted(a.get_filename() for a in message.iter_attachments())
    assert len(names) == 2 and names[0].endswith(".xlsx")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Банк наставников и наставляемых" in body
    # The addressee is remembered: the next package starts with it.
    again = PackageDialog(None, demo_db, dialogs[0].kinds, dialogs[0].options, out)
    qtbot.addWidget(again)
    assert again.recipient.text() == "metod@kotel-edu.ru"


def test_main_window_has_the_section(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    section = window.show_section("documents")
    assert isinstance(section, DocumentsSection)
    assert section.tabs.count() == 3


def test_keyboard_only(qtbot, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Space ticks a document in the list, Ctrl+Enter makes it."""
    out = tmp_path / "kbd"
    page = _page(qtbot, demo_db, out)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    page.tree.setFocus()
    page.tree.setCurrentItem(page.kind_items["banks"])
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert [k.key for k in page.checked_kinds()] == ["banks"]
    qtbot.keyClick(page.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.job.busy and page.results.count() == 1, timeout=30000)
    assert [p.suffix for p in out.iterdir()] == [".xlsx"]
