"""The route document (.docx) and the summary of routes (.xlsx), read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, build_documents, get_kind
from desktop_app.models.db import Database
from desktop_app.services.routes import RouteService
from tests.conftest import DEMO_TODAY

PARTS = [
    "1. Самоопределение (саморефлексия) педагога",
    "2. Диагностика (самодиагностика) достижений, достоинств и личностных ресурсов педагога",
    "3. Диагностика (самодиагностика) профессиональных затруднений и дефицитов",
    "4. Дорожная карта индивидуального образовательного маршрута",
    "5. Реализация дорожной карты",
    "6. Корректировка дорожной карты",
    "7. Рефлексивный анализ эффективности индивидуального образовательного маршрута",
]


def _third_year(db: Database):  # type: ignore[no-untyped-def]
    service = RouteService(db)
    row = next(r for r in service.rows(today=DEMO_TODAY) if r.year_of_route == "3-й год из 5")
    return service, row


def test_route_document_has_every_part_and_the_roadmap_in_order(
    demo_db: Database, tmp_path: Path
) -> None:
    service, row = _third_year(demo_db)
    options = ExportOptions(today=DEMO_TODAY, extra={"route_ids": [row.id]})
    (path,) = build_documents(demo_db, ["route"], tmp_path, options)
    assert path.name.endswith("23.11.2026.docx")
    assert "ИОМ" in path.name

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(part) for part in PARTS]
    assert positions == sorted(positions)
    assert "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ" in texts
    assert f"Педагог: {row.full_name}" in texts
    assert any(
        t.startswith("Срок реализации: 2024/2025 – 2028/2029 учебные годы (5 лет)") for t in texts
    )
    assert "УТВЕРЖДАЮ" in texts

    draft = service.draft(row.id)
    achievements, deficits, roadmap, implementation, corrections, reflection = doc.tables
    # Steps 2–3: all eight categories, the route's deficits with their level.
    assert len(deficits.rows) == 1 + 8
    marked = [r.cells[1].text for r in deficits.rows[1:] if r.cells[3].text != "не выявлены"]
    assert marked == [c.label for c in draft.deficits]

    # Step 4: the parts а)–г) as merged rows, then the measures of each part in order.
    cells = [[c.text for c in r.cells] for r in roadmap.rows[1:]]
    headings = [r[0] for r in cells if r[0] == r[-1]]
    assert [h[:2] for h in headings] == ["а)", "б)", "в)", "г)"]
    numbered = [r for r in cells if r[0] != r[-1]]
    assert [r[0] for r in numbered] == [str(n) for n in range(1, len(draft.measures) + 1)]
    by_section = sorted(draft.measures, key=lambda m: list(type(m.section)).index(m.section))
    for cell_row, measure in zip(numbered, by_section, strict=True):
        assert cell_row[1].startswith(measure.title)
    assert "2024/2025 уч. г., I полугодие" in numbered[0][2]

    # Step 5: products and attitudes of what is done.
    marks = [r.cells[2].text for r in implementation.rows[1:]]
    assert sum(m.startswith("выполнено") for m in marks) == row.measures_done
    assert any(
        "Удостоверение о повышении квалификации" in r.cells[3].text for r in implementation.rows
    )

    # Step 6: the correction with its date and reason.
    assert len(corrections.rows) == 2
    assert corrections.rows[1].cells[1].text == "10.12.2025"
    assert (
        "добавлено: «Мастер-класс для молодых педагогов района»"
        in corrections.rows[1].cells[3].text
    )

    # Step 7: one line per deficit.
    assert [r.cells[1].text for r in reflection.rows[1:]] == [c.label for c in draft.deficits]
    assert "преодолён частично" in [r.cells[3].text for r in reflection.rows[1:]]
    assert "Степень приближения к желаемому образу педагога-профессионала: частично" in texts
    assert len(achievements.rows) == 9


def test_every_route_and_a_chosen_teacher(demo_db: Database, tmp_path: Path) -> None:
    written = build_documents(demo_db, ["route"], tmp_path / "all", ExportOptions(today=DEMO_TODAY))
    assert len(written) == 3
    _, row = _third_year(demo_db)
    options = ExportOptions(today=DEMO_TODAY, person_ids=[row.person_id])
    (only,) = build_documents(demo_db, ["route"], tmp_path / "one", options)
    assert f"Педагог: {row.full_name}" in [p.text for p in Document(str(only)).paragraphs]
    assert get_kind("route").takes_selection


def test_no_routes_is_a_clear_message(empty_db: Database, tmp_path: Path) -> None:
    with pytest.raises(AppError, match="Составьте маршрут в разделе «Маршруты \\(ИОМ\\)»"):
        build_documents(empty_db, ["route"], tmp_path / "out", ExportOptions(today=DEMO_TODAY))
    assert list((tmp_path / "out").iterdir()) == []


def test_summary_table(demo_db: Database, tmp_path: Path) -> None:
    (path,) = build_documents(demo_db, ["routes"], tmp_path, ExportOptions(today=DEMO_TODAY))
    book = load_workbook(path)
    assert book.sheetnames == ["Маршруты", "Мероприятия"]
    sheet = book["Маршруты"]
    header_row = next(n for n in range(1, 10) if sheet.cell(n, 2).value == "ФИО педагога")
    headers = [c.value for c in sheet[header_row]]
    rows = [
        dict(zip(headers, (c.value for c in r), strict=False))
        for r in sheet.iter_rows(min_row=header_row + 1)
        if r[1].value
    ]
    expected = RouteService(demo_db).rows(today=DEMO_TODAY)
    assert [r["ФИО педагога"] for r in rows] == [r.full_name for r in expected]
    third = next(r for r in rows if r["Год маршрута"] == "3-й год из 5")
    _, row = _third_year(demo_db)
    assert third["Мероприятий запланировано"] == row.measures_total
    assert third["Выполнено"] == row.measures_done
    assert third["Корректировок"] == 1
    assert third["Срок маршрута"] == "2024/2025 – 2028/2029"
    measures = book["Мероприятия"]
    titles = [r[3].value for r in measures.iter_rows() if r[1].value == row.full_name]
    assert titles == [m.title for m in RouteService(demo_db).draft(row.id).measures]
