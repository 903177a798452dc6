"""Writing safely (locked file, read-only folder), the XLSX engine's sheet, broken templates."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from desktop_app.export import files
from desktop_app.export.docx_engine import (
    TemplateError,
    copy_for_editing,
    is_overridden,
    restore_original,
    shipped_templates_dir,
    template_path,
)
from desktop_app.export.files import (
    OutputLocked,
    OutputNotWritable,
    document_file_name,
    free_name,
    write_atomic,
)
from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models.db import Database
from tests.conftest import DEMO_TODAY

OPTIONS = ExportOptions(today=DEMO_TODAY, number="7-о")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~tmp"))


# --- safe writing ------------------------------------------------------------------------------


def _locked_like_windows(monkeypatch: pytest.MonkeyPatch, target_name: str) -> None:
    """Windows refuses to replace a file Word holds open: os.replace raises PermissionError."""
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).name == target_name:
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)


def test_locked_file_keeps_the_old_document_and_leaves_no_temp(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_documents(demo_db, ["order-curator"], tmp_path, OPTIONS)[0]
    before = first.read_bytes()
    _locked_like_windows(monkeypatch, first.name)
    with pytest.raises(OutputLocked) as caught:
        build_documents(demo_db, ["order-curator"], tmp_path, ExportOptions(today=DEMO_TODAY))
    assert "открыт в другой программе" in caught.value.message
    assert first.name in caught.value.message
    assert caught.value.path == first
    assert first.read_bytes() == before
    assert _leftovers(tmp_path) == []
    # The name the section offers instead, and writing there works.
    other = free_name(first)
    assert other.name.endswith(" (2).docx")
    write_atomic(other, lambda temp: temp.write_bytes(b"x"))
    assert other.read_bytes() == b"x"


def test_read_only_target_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "Банк.xlsx"
    target.write_bytes(b"old")
    _locked_like_windows(monkeypatch, target.name)
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    with pytest.raises(OutputLocked, match="защищён от записи"):
        write_atomic(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"old"


def test_read_only_folder_gives_a_clear_message(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "только чтение"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: refuse the way a read-only folder does

        def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise PermissionError(13, "Отказано в доступе")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(OutputNotWritable) as caught:
            build_documents(demo_db, ["banks"], folder, OPTIONS)
    finally:
        folder.chmod(0o755)
    assert f"В папку «{folder}» нельзя записывать" in caught.value.message
    assert "Выберите другую папку" in caught.value.message
    assert list(folder.iterdir()) == []


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "файл"
    plain.write_text("x")
    with pytest.raises(OutputNotWritable, match="это файл, а не папка"):
        write_atomic(plain / "a.docx", lambda temp: None)


def test_failure_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")

    def half_then_fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputNotWritable) as info:  # a clear message, not a bare OSError
        write_atomic(target, half_then_fail)
    assert "не хватает места" in info.value.message
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_file_names_are_safe_on_windows() -> None:
    name = document_file_name(
        'МКОУ «Школа» №1: "A/B"', "Приказ *о* назначении?", dt.date(2026, 1, 9), "docx"
    )
    assert name == "МКОУ Школа №1 AB — Приказ о назначении — 09.01.2026.docx"
    assert not set('<>:"/\\|?*') & set(name)


# --- the XLSX engine ------------------------------------------------------------------------------


def test_xlsx_sheet_layout(tmp_path: Path) -> None:
    columns = [
        XColumn("№", "int"),
        XColumn("ФИО", "text", 24),
        XColumn("Дата приёма на работу", "date"),
        XColumn("Запрос", "wrap", 30),
        XColumn("Квалификационная категория", "wrap", 14),
    ]
    rows = [
        [1, "Петрова Мария Ивановна", dt.date(2024, 8, 27), "Очень длинный запрос " * 10, "первая"],
        [2, "Ким Алина", None, "", "высшая"],
    ]
    target = write_workbook(
        tmp_path / "t.xlsx",
        "МКОУ «Тестовая СОШ»",
        dt.date(2026, 11, 23),
        [
            XSheet(
                "Лист: с [недопустимыми]*знаками и очень длинным названием",
                "Банк",
                columns,
                rows,
                {1},
            )
        ],
    )
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    assert len(sheet.title) <= 31 and not set("[]:*?/\\") & set(sheet.title)
    assert sheet["A1"].value == "МКОУ «Тестовая СОШ»"
    assert sheet["A2"].value == "Банк по состоянию на 23.11.2026"
    assert [c.value for c in sheet[4]] == [c.header for c in columns]
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:E6"
    assert sheet["C5"].value == dt.datetime(2024, 8, 27)
    assert sheet["C5"].is_date
    assert sheet["C5"].number_format == "DD.MM.YYYY"
    assert sheet["A5"].value == 1 and isinstance(sheet["A5"].value, int)
    # Widths: long text wraps at the column's limit, a header word is never cut.
    assert sheet.column_dimensions["D"].width == 30
    assert sheet["D5"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width >= len("Квалификационная") * 1.15
    assert sheet.row_dimensions[5].height > 15  # the wrapped request is seen whole
    # Marked row (no consent) is filled; the other is not.
    assert sheet["B6"].fill.fgColor.rgb.endswith("FBE3E3")
    assert sheet["B5"].fill.fgColor.rgb in (None, "00000000")
    # Print: landscape A4, fit to width, header row on every page.
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"


# --- templates --------------------------------------------------------------------------------


def _rewrite_template(path: Path, old: str, new: str) -> None:
    """Change the text of a template's body, the way an edit in Word does."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml, old
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_curator_copy_of_a_template_is_used_then_restored(
    demo_db: Database, tmp_path: Path, isolated_data_dir: Path
) -> None:
    name = "order-curator.docx"
    assert template_path(name) == shipped_templates_dir() / name
    copy = copy_for_editing(name)
    assert copy == isolated_data_dir / "templates" / name
    assert is_overridden(name) and template_path(name) == copy
    _rewrite_template(copy, "ПРИКАЗЫВАЮ:", "ПРИКАЗЫВАЮ СЛЕДУЮЩЕЕ:")
    made = build_documents(demo_db, ["order-curator"], tmp_path / "a", OPTIONS)[0]
    assert "ПРИКАЗЫВАЮ СЛЕДУЮЩЕЕ:" in _text(made)

    assert restore_original(name) is True
    assert not is_overridden(name)
    assert restore_original(name) is False
    made = build_documents(demo_db, ["order-curator"], tmp_path / "b", OPTIONS)[0]
    assert "ПРИКАЗЫВАЮ СЛЕДУЮЩЕЕ:" not in _text(made)
    assert "ПРИКАЗЫВАЮ:" in _text(made)


@pytest.mark.parametrize(
    ("old", "new", "what", "place"),
    [
        ("{{ curator.acc }}", "{{ curator.akk }}", "поле «akk» неизвестно", "1. Назначить"),
        ("{{ start_date }}", "{{ nachalo }}", "поле «nachalo» неизвестно", "куратором"),
        ("{{ start_date }}", "{{ start_date }", "неправильно записано поле", ""),
        ("{{ start_date }}", "{% if start_date %}", "не закрыт блок", "{% if start_date %}"),
    ],
)
def test_template_with_a_mistake_names_the_template_and_place(
    demo_db: Database, tmp_path: Path, old: str, new: str, what: str, place: str
) -> None:
    copy = copy_for_editing("order-curator.docx")
    _rewrite_template(copy, old, new)
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        build_documents(demo_db, ["order-curator"], out, OPTIONS)
    message = caught.value.message
    assert f"Ошибка в шаблоне «{copy}»" in message
    assert what in message
    assert "Место в тексте: «" in message
    assert place in message.split("Место в тексте:")[1]
    assert "Traceback" not in message
    assert list(out.iterdir()) == []


def test_damaged_template_file(demo_db: Database, tmp_path: Path) -> None:
    copy = copy_for_editing("consent.docx")
    copy.write_bytes(b"this is not a Word document")
    with pytest.raises(TemplateError, match="повреждён или не является документом Word"):
        build_documents(demo_db, ["consent"], tmp_path / "out", OPTIONS)
    assert list((tmp_path / "out").iterdir()) == []
    restore_original("consent.docx")
    assert build_documents(demo_db, ["consent"], tmp_path / "out", OPTIONS)


def test_shipped_templates_match_their_generator(tmp_path: Path) -> None:
    """make_templates.py is the source of the shipped .docx: the texts must agree."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_templates", shipped_templates_dir() / "make_templates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, (fill, numbered) in module.TEMPLATES.items():
        doc = module.new_document(page_numbers=numbered)
        fill(doc)
        doc.save(str(tmp_path / name))
        assert _text(tmp_path / name) == _text(shipped_templates_dir() / name), name
    shutil.rmtree(tmp_path)
