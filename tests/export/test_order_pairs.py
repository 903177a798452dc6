"""The order fixing the pairs, made from the demo school and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.models.db import Database
from desktop_app.services.pairs import PairFilter, PairService
from tests.conftest import DEMO_TODAY


def docx_text(path: Path) -> tuple[str, list[list[str]]]:
    doc = Document(str(path))
    rows = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    return "\n".join(p.text for p in doc.paragraphs), rows


def make(db: Database, out: Path, **extra: object) -> Path:
    options = ExportOptions(today=DEMO_TODAY, number="131-о", extra=dict(extra))
    [path] = build_documents(db, ["order-pairs"], out, options)
    return path


def pair_id(db: Database, mentor_last_name: str, *, open_only: bool = True) -> int:
    rows = PairService(db).list_rows(PairFilter(open_only=open_only))
    return next(r.id for r in rows if r.mentor.startswith(mentor_last_name))


def test_order_for_chosen_pairs_declines_names(demo_db: Database, tmp_path: Path) -> None:
    chosen = [pair_id(demo_db, "Белова"), pair_id(demo_db, "Королёва"), pair_id(demo_db, "Попова")]
    text, rows = docx_text(make(demo_db, tmp_path, pair_ids=chosen))
    assert "О закреплении наставнических пар (групп)" in text
    assert "с письменного согласия участников" in text
    # Accusative for the mentor, genitive for the mentee, positions declined too.
    assert (
        "Назначить Белову Екатерину Юрьевну, учителя начальных классов, наставником "
        "Ковалёвой Юлии Ильиничны, учителя начальных классов" in text
    )
    assert "группы «Молодые педагоги: воспитательная работа» в составе: Алексеевой Елены" in text
    assert "Сергеева Николая Владимировича, учителя технологии" in text
    # The mentor from the partner college is named with her organisation.
    assert "Попову Ольгу Ильиничну, преподавателя педагогики и психологии ГБПОУ" in text
    assert (
        "форма наставничества «педагог вуза/колледжа – педагог образовательной организации»" in text
    )
    assert "срок — с 01.09.2026 по 31.05.2027" in text
    # Reporting schedule and the curator responsible for control, declined.
    assert "ежеквартально, до 10 числа" in text
    assert "возложить на Лебедеву Ольгу Викторовну, заместителя директора" in text
    assert "23.11.2026\t№ 131-о" in text
    assert "Директор\tТ.Н. Григорьева" in text
    assert "______________ Ю.И. Ковалёва" in text
    # The appendix: one row per pair, header first.
    assert rows[0][:3] == ["№", "Наставник (ФИО, должность)", "Наставляемый (ФИО, должность)"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][1] == "Белова Екатерина Юрьевна, учитель начальных классов"
    assert rows[2][2].startswith("Алексеева Елена Борисовна, учитель")
    assert rows[3][1].endswith("(ГБПОУ «Котельниковский педколледж»)")
    assert rows[1][5] == "01.09.2026–31.05.2027"


def test_order_without_a_choice_takes_the_new_pairs(demo_db: Database, tmp_path: Path) -> None:
    text, rows = docx_text(make(demo_db, tmp_path))
    # Only the two pairs still being formed have no order yet.
    assert len(rows) == 3
    assert "Назначить Воробьёву Ирину Васильевну" in text
    assert (
        "наставником группы «Профилактика профессионального выгорания» в составе: Ильиной" in text
    )
    assert "Мамедова Эльчина Рауф оглы" in text
    assert "Белову" not in text


def test_order_with_no_pairs_says_what_to_do(empty_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(AppError) as err:
        make(empty_db, out)
    assert "сначала сформируйте наставнические пары" in err.value.message
    assert not out.exists() or list(out.iterdir()) == []
