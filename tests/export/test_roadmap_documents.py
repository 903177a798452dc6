"""Roadmap documents read back: the approved plan's table in order, the tracking sheet, the
orders with declined names, the Положение with the school's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, build_documents, get_kind
from desktop_app.models.db import Database
from desktop_app.services.roadmap import RoadmapService
from tests.conftest import DEMO_TODAY

OPTIONS = ExportOptions(today=DEMO_TODAY, number="125-о")


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_roadmap_docx_has_approval_and_the_table_in_order(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (path,) = build_documents(demo_db, ["roadmap"], tmp_path, OPTIONS)
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "УТВЕРЖДАЮ"
    assert paragraphs[1] == "Директор МКОУ «Красновская СОШ»"
    assert paragraphs[2].endswith("Т.Н. Григорьева")
    assert paragraphs[3] == "«31» августа 2026 г."
    assert any(p.endswith("на 2026/2027 учебный год") for p in paragraphs)
    (table,) = doc.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "№ п/п",
        "Наименование мероприятия",
        "Срок реализации",
        "Ответственный исполнитель",
        "Результат, вид документа",
    ]
    expected = RoadmapService(demo_db).rows(RoadmapService(demo_db).current_id(DEMO_TODAY))  # type: ignore[arg-type]
    numbers = [row.cells[0].text for row in table.rows[1:]]
    titles = [row.cells[1].text for row in table.rows[1:]]
    assert numbers == [r.number for r in expected]
    assert titles == [r.title for r in expected]
    assert numbers[:3] == ["I", "1.1", "1.2"]
    bank = next(row for row in table.rows if row.cells[1].text == "Формирование банка наставляемых")
    assert [c.text for c in bank.cells[2:4]] == [
        "ежегодно апрель – сентябрь",
        "директор, заместитель директора",
    ]
    # A section line is one merged cell across the table.
    section = table.rows[1]
    assert section.cells[1].text == section.cells[4].text
    assert section.cells[1].text.startswith("Нормативно-правовое регулирование")
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape


def test_tracking_sheet_has_status_and_done_dates(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (path,) = build_documents(demo_db, ["roadmap-tracking"], tmp_path, OPTIONS)
    sheet = load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_index = next(i for i, r in enumerate(rows) if r[0] == "№ п/п")
    header = rows[header_index]
    assert header[:3] == ["№ п/п", "Наименование мероприятия", "Срок реализации"]
    status = header.index("Состояние")
    done = header.index("Дата выполнения")
    by_title = {r[1]: r for r in rows[header_index + 1 :] if r[1]}
    round_table = by_title["Круглый стол «Техники и модели наставничества в образовании»"]
    assert round_table[status] == "просрочено"
    assert round_table[header.index("Контрольная дата")].date().isoformat() == "2026-10-31"
    bank = by_title["Формирование банка наставляемых"]
    assert bank[status] == "выполнено"
    assert bank[done].date().isoformat() == "2026-09-26"
    assert any("просрочено — 2" in str(r[0]) for r in rows if r[0])


def test_orders_decline_the_curator_and_attach_the_plan(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = build_documents(demo_db, ["order-roadmap", "order-system"], tmp_path, OPTIONS)
    order = _text(paths[0])
    assert "ПРИКАЗЫВАЮ:" in order
    assert "возложить на Лебедеву О.В., заместителя директора" in order
    assert "на 2026/2027 учебный год согласно приложению" in order
    assert "№ 125-о" in order
    assert "Формирование банка наставников" in order  # the plan in the appendix
    system = _text(paths[1])
    assert "Назначить куратором реализации программ наставничества Лебедеву Ольгу Викторовну" in (
        system
    )
    assert "Утвердить Положение о системе наставничества педагогических работников" in system


def test_regulation_names_the_school(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (path,) = build_documents(demo_db, ["regulation"], tmp_path, OPTIONS)
    text = _text(path)
    assert "ПОЛОЖЕНИЕ" in text
    assert "педагогических работников МКОУ «Красновская СОШ» (далее – образовательная" in text
    assert "молодых педагогов" in text and "здоровьесбережение обучающихся" in text


def test_no_roadmap_is_a_clear_message(empty_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(AppError, match="В базе нет дорожной карты"):
        get_kind("roadmap").build(empty_db, out, OPTIONS, lambda *_: True)
    assert list(out.iterdir()) == []
