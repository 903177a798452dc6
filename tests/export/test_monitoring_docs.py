"""Monitoring documents from the demo school: the files read back with the screen's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop_app.export.registry import ExportOptions, get_kind
from desktop_app.models.db import Database
from desktop_app.services import indicators as ind
from tests.conftest import DEMO_TODAY

LAST = ind.quarter_of(DEMO_TODAY).previous()  # the quarter being reported on by default


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _ensure_a_pair(db: Database) -> None:
    """The demo school has pairs once the pairs feature adds them; make one if it has none."""
    from desktop_app.models import (
        MenteeProfile,
        MentoringForm,
        MentoringPair,
        MentorProfile,
        PairMembership,
        PairStatus,
        Person,
    )

    if ind.compute(db, LAST).value("mentors"):
        return
    with db.transaction() as s:
        mentor = s.query(Person).join(MentorProfile).first()
        mentee = s.query(Person).join(MenteeProfile).filter(Person.id != mentor.id).first()
        pair = MentoringPair(
            mentor=mentor,
            form=MentoringForm.TEACHER_TEACHER,
            start_on=LAST.start,
            planned_end_on=LAST.end + dt.timedelta(days=200),
            status=PairStatus.ACTIVE,
        )
        pair.memberships.append(PairMembership(mentee=mentee))
        s.add(pair)


def test_monitoring_table_matches_the_indicators(demo_db: Database, tmp_path: Path) -> None:
    _ensure_a_pair(demo_db)
    options = ExportOptions(today=DEMO_TODAY, period=(LAST.start, LAST.end))
    [path] = get_kind("monitoring").build(demo_db, tmp_path, options, lambda *a: True)
    sheet = load_workbook(path)["Показатели"]
    rows = {
        row[1]: row
        for row in sheet.iter_rows(values_only=True)
        if row and isinstance(row[1], str) and row[2] in ("чел.", "ед.", "%", "балл")
    }
    expected = {c.indicator.title: c for c in ind.compare(demo_db, LAST)}
    assert expected["Наставников"].indicator.value > 0
    for title, comparison in expected.items():
        current = rows[title][3]
        if comparison.indicator.value is None:
            assert current == "нет данных"
        else:
            assert current == pytest.approx(comparison.indicator.value, abs=0.05), title
    # Two periods of mentees' results in the demo: the change is there and has a sign.
    exams = rows["Доля обучающихся, успешно прошедших ВПР/ОГЭ/ЕГЭ (среднее)"]
    assert (
        exams[5]
        == expected["Доля обучающихся, успешно прошедших ВПР/ОГЭ/ЕГЭ (среднее)"].change_text
    )
    results = load_workbook(path)["Результаты наставляемых"]
    names = [r[0] for r in results.iter_rows(values_only=True) if isinstance(r[1], dt.datetime)]
    assert len(names) == expected["Наставляемых с внесёнными результатами"].indicator.value


def test_accounting_lists_every_participant(demo_db: Database, tmp_path: Path) -> None:
    options = ExportOptions(today=DEMO_TODAY, period=(LAST.start, LAST.end))
    [path] = get_kind("accounting").build(demo_db, tmp_path, options, lambda *a: True)
    sheet = load_workbook(path).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    got = ind.compute(demo_db, LAST)
    mentors = {r[1] for r in rows if r[2] == "наставник"}
    mentees = {r[1] for r in rows if r[2] == "наставляемый"}
    assert len(mentors) == got.value("mentors")
    assert len(mentees) == got.value("mentees")
    assert all(isinstance(r[8], dt.datetime) for r in rows)  # dates are real dates


def test_analytical_report_states_the_figures(demo_db: Database, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.charts import connect_to_reports

    connect_to_reports()
    options = ExportOptions(today=DEMO_TODAY, period=(LAST.start, LAST.end))
    [path] = get_kind("analytical-report").build(demo_db, tmp_path, options, lambda *a: True)
    text = _text(path)
    got = ind.compute(demo_db, LAST)
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert LAST.label in text
    assert f"наставники ({round(got.value('mentors'))} чел.)" in text
    assert "Выводы" in text and "Выявленные проблемы" in text
    assert "Доля мероприятий, выполненных в срок" in text
    doc = Document(str(path))
    assert len(doc.inline_shapes) == 3  # the three charts


def test_empty_period_says_so(demo_db: Database, tmp_path: Path) -> None:
    options = ExportOptions(today=DEMO_TODAY, period=(dt.date(2001, 1, 1), dt.date(2001, 3, 31)))
    [path] = get_kind("analytical-report").build(demo_db, tmp_path, options, lambda *a: True)
    text = _text(path)
    assert "нет данных" in text
    assert "результаты наставляемых за период не внесены" in text
    [table] = get_kind("monitoring").build(demo_db, tmp_path, options, lambda *a: True)
    assert load_workbook(table)["Показатели"].max_row > 10


def test_honour_board_and_reward_order(demo_db: Database, tmp_path: Path) -> None:
    year = ind.school_year_of(DEMO_TODAY).previous()
    wide = ind.Period(year.start, DEMO_TODAY)
    options = ExportOptions(today=DEMO_TODAY, period=(wide.start, wide.end), number="17-о")
    [board] = get_kind("honour-board").build(demo_db, tmp_path, options, lambda *a: True)
    board_text = _text(board)
    assert "ДОСКА ПОЧЁТА НАСТАВНИКОВ" in board_text
    assert "Наставляемые:" in board_text
    assert "Номинация: учёт наставнической деятельности" in board_text  # seed 003, 3.4
    [order] = get_kind("order-reward").build(demo_db, tmp_path, options, lambda *a: True)
    order_text = _text(order)
    assert "О поощрении участников наставнической деятельности" in order_text
    assert "№ 17-о" in order_text
    assert "Объявить благодарность" in order_text
    with demo_db.session() as session:
        from desktop_app.export.kinds.monitoring import mentor_merits
        from desktop_app.services.declension import person_declined

        first = mentor_merits(session, wide)[0]["person"]
        dative = person_declined(session, first.id).dat
    assert f"– {dative}," in order_text  # «объявить благодарность» кому: the dative


def test_blank_questionnaires(demo_db: Database, tmp_path: Path) -> None:
    [path] = get_kind("questionnaires").build(
        demo_db, tmp_path, ExportOptions(today=DEMO_TODAY), lambda *a: True
    )
    text = _text(path)
    assert text.count("1    2    3    4    5    6    7    8    9    10") >= 19
    assert "Анкета удовлетворённости наставника (завершение программы)" in text


def test_cli_reports_for_a_quarter(demo_template: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli import main
    from desktop_app.models.db import copy_sqlite

    db = copy_sqlite(demo_template, tmp_path / "школа.sqlite")
    out = tmp_path / "out"
    args = ["export", "monitoring", "analytical-report", "--db", str(db), "--out", str(out)]
    assert main([*args, "--period", "2026-Q3", "--date", "23.11.2026"]) == 0
    written = capsys.readouterr().out.strip().splitlines()
    assert len(written) == 2 and all(Path(p).exists() for p in written)
    report = next(p for p in written if p.endswith(".docx"))
    assert "3 квартал 2026 г." in _text(Path(report))
    assert len(Document(report).inline_shapes) == 3  # the CLI draws the charts too
    assert main([*args, "--period", "весна"]) == 1
    assert "Период «весна» не понят" in capsys.readouterr().out
