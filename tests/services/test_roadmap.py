"""The roadmap service: a plan from a template, tracking, copying on, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.errors import ValidationError
from desktop_app.models.db import Database
from desktop_app.services.overview import Severity, collect
from desktop_app.services.roadmap import (
    ItemDraft,
    ItemStatus,
    RoadmapDraft,
    RoadmapService,
    list_templates,
    numbering,
    track,
)

TODAY = dt.date(2025, 11, 20)


def _row(service: RoadmapService, roadmap_id: int, start: str, today: dt.date = TODAY):  # type: ignore[no-untyped-def]
    rows = service.rows(roadmap_id, today)
    return next(r for r in rows if r.title.startswith(start) and not r.is_section)


def test_templates_ship_with_the_seeds_words() -> None:
    templates = {t.key: t for t in list_templates()}
    assert {"school", "municipal"} <= set(templates)
    titles = [i.get("title", "") for i in templates["school"].items]
    assert "Формирование банка наставляемых" in titles
    assert sum(1 for i in templates["school"].items if "section" in i) == 4


def test_create_from_template_numbers_and_deadlines(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    roadmap = service.get(roadmap_id)
    assert roadmap.period_start == dt.date(2025, 9, 1)
    assert roadmap.period_end == dt.date(2026, 8, 31)
    assert roadmap.title.endswith("на 2025/2026 учебный год")
    rows = service.rows(roadmap_id, TODAY)
    assert [r.number for r in rows[:3]] == ["I", "1.1", "1.2"]
    assert rows[7].number == "II" and rows[8].number == "2.1"
    bank = _row(service, roadmap_id, "Формирование банка наставляемых")
    # «Ежегодно апрель – сентябрь»: due 30.09.2025, not done by November → просрочено.
    assert bank.due == dt.date(2025, 9, 30)
    assert bank.status is ItemStatus.OVERDUE
    info = _row(service, roadmap_id, "Информационная поддержка")
    assert info.status is ItemStatus.IN_PROGRESS and info.due is None
    report = _row(service, roadmap_id, "Отчёт наставников")
    assert report.status is ItemStatus.NOT_STARTED and report.due == dt.date(2026, 5, 31)


def test_done_overdue_and_the_next_quarter(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    accounting = _row(service, roadmap_id, "Персонифицированный учёт")
    assert accounting.status is ItemStatus.OVERDUE  # the 15.10.2025 report was not sent
    assert accounting.due == dt.date(2025, 10, 15)
    service.mark_done(accounting.id, dt.date(2025, 10, 14))
    accounting = _row(service, roadmap_id, "Персонифицированный учёт")
    assert accounting.status is ItemStatus.IN_PROGRESS
    assert accounting.due == dt.date(2026, 1, 15)
    # In January the October mark no longer covers the next report.
    later = _row(service, roadmap_id, "Персонифицированный учёт", dt.date(2026, 1, 20))
    assert later.status is ItemStatus.OVERDUE and later.due == dt.date(2026, 1, 15)
    service.mark_done(accounting.id, dt.date(2025, 11, 1))
    bank = _row(service, roadmap_id, "Формирование банка наставляемых")
    service.mark_done(bank.id, dt.date(2025, 9, 25))
    assert _row(service, roadmap_id, "Формирование банка наставляемых").status is ItemStatus.DONE


def test_unreadable_deadline_is_kept_and_shown_without_a_date(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    item_id = service.add_item(
        roadmap_id, ItemDraft(title="Встреча с ветеранами педагогического труда",
                              deadline_text="по согласованию с Советом ветеранов"),
    )  # fmt: skip
    row = next(r for r in service.rows(roadmap_id, TODAY) if r.id == item_id)
    assert row.deadline_text == "по согласованию с Советом ветеранов"
    assert row.deadline_label.endswith("(без срока)")
    assert row.status is ItemStatus.IN_PROGRESS and row.due is None


def test_copy_to_next_year_moves_deadlines_and_clears_marks(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create(
        RoadmapDraft(title="Дорожная карта на 2025/2026 учебный год",
                     period_start="01.09.2025", period_end="31.08.2026"),
    )  # fmt: skip
    first = service.add_item(roadmap_id, ItemDraft(title="Приказы", is_section=True))
    order = service.add_item(
        roadmap_id,
        ItemDraft(title="Утверждение дорожной карты", deadline_text="до 01.10.2025",
                  responsible="директор", done_on="25.09.2025", note="приказ № 112"),
    )  # fmt: skip
    service.add_item(roadmap_id, ItemDraft(title="Отчёт", deadline_text="май, ежегодно"))
    assert first and order
    new_id = service.copy_to_next_year(roadmap_id)
    new = service.get(new_id)
    assert new.title == "Дорожная карта на 2026/2027 учебный год"
    assert (new.period_start, new.period_end) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert [i.title for i in new.items] == ["Приказы", "Утверждение дорожной карты", "Отчёт"]
    assert new.items[1].deadline_text == "до 01.10.2026"
    assert new.items[1].done_on is None and new.items[1].note == ""
    rows = service.rows(new_id, dt.date(2026, 8, 25))
    assert rows[1].due == dt.date(2026, 10, 1) and rows[1].status is ItemStatus.NOT_STARTED
    rows = service.rows(new_id, dt.date(2026, 9, 10))
    assert rows[1].status is ItemStatus.IN_PROGRESS
    assert rows[2].due == dt.date(2027, 5, 31)
    # The old roadmap keeps its marks.
    assert service.get(roadmap_id).items[1].done_on == dt.date(2025, 9, 25)


def test_overview_lists_an_overdue_item_and_one_due_soon(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    items = [i for i in collect(empty_db, TODAY) if i.section == "roadmap"]
    overdue = [i for i in items if i.severity is Severity.OVERDUE]
    soon = [i for i in items if i.severity is Severity.SOON]
    bank = _row(service, roadmap_id, "Формирование банка наставляемых")
    assert any(i.record_id == bank.id and i.due == dt.date(2025, 9, 30) for i in overdue)
    assert any("Формирование банка наставляемых" in i.text for i in overdue)
    # Внутренний мониторинг «декабрь, май»: 31.12.2025 is within 30 days of 05.12.2025.
    soon = [i for i in collect(empty_db, dt.date(2025, 12, 5)) if i.severity is Severity.SOON]
    assert any("внутреннего мониторинга" in i.text for i in soon)
    service.mark_done(bank.id, dt.date(2025, 9, 20))
    after = [i.record_id for i in collect(empty_db, TODAY) if i.severity is Severity.OVERDUE]
    assert bank.id not in after


def test_bad_input_is_refused_and_nothing_changes(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    with pytest.raises(ValidationError) as error:
        service.create(RoadmapDraft(title="", period_start="31.08.2026", period_end="01.09.2025"))
    assert set(error.value.errors) == {"title", "period_end"}
    assert "раньше начала" in error.value.errors["period_end"]
    assert service.list() == []
    roadmap_id = service.create_from_template("school", 2025)
    before = [(r.id, r.title, r.done_on) for r in service.rows(roadmap_id, TODAY)]
    item_id = before[1][0]
    draft = service.item_draft(item_id)
    draft.title = "   "
    draft.done_on = "31.02.2025"
    with pytest.raises(ValidationError) as error:
        service.update_item(item_id, draft)
    assert error.value.errors["title"].startswith("Наименование мероприятия")
    assert "не существует" in error.value.errors["done_on"]
    with pytest.raises(ValidationError):
        service.mark_done(item_id, dt.date.today() + dt.timedelta(days=3))
    assert [(r.id, r.title, r.done_on) for r in service.rows(roadmap_id, TODAY)] == before


def test_delete_and_undo_keep_the_order(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("municipal", 2025)
    titles = [r.title for r in service.rows(roadmap_id, TODAY)]
    victim = service.rows(roadmap_id, TODAY)[3]
    snapshot = service.delete_item(victim.id)
    assert victim.title not in [r.title for r in service.rows(roadmap_id, TODAY)]
    service.restore_item(snapshot)
    assert [r.title for r in service.rows(roadmap_id, TODAY)] == titles
    third = service.rows(roadmap_id, TODAY)[2]
    service.move_item(third.id, -1)
    assert service.rows(roadmap_id, TODAY)[1].title == third.title


def test_save_as_template_then_create_from_it(empty_db: Database) -> None:
    service = RoadmapService(empty_db)
    roadmap_id = service.create(
        RoadmapDraft(title="Наш план 2025/2026", period_start="01.09.2025",
                     period_end="31.08.2026"),
    )  # fmt: skip
    service.add_item(roadmap_id, ItemDraft(title="Семинар", deadline_text="ноябрь 2025"))
    path = service.save_as_template(roadmap_id, "План Тестовой школы")
    assert path.exists()
    template = next(t for t in list_templates() if t.name == "План Тестовой школы")
    assert template.items == [
        {"title": "Семинар", "deadline": "ноябрь", "responsible": "", "result": ""}
    ]
    new_id = service.create_from_template(template.key, 2027)
    row = service.rows(new_id, dt.date(2027, 9, 1))[0]
    assert row.due == dt.date(2027, 11, 30)


def test_numbering_without_sections() -> None:
    class Line:
        def __init__(self, section: bool) -> None:
            self.is_section = section

    assert numbering([Line(False), Line(False)]) == ["1", "2"]  # type: ignore[list-item]
    assert track is not None


def test_demo_school_has_two_roadmaps_some_done_some_overdue(demo_db: Database) -> None:
    from tests.conftest import DEMO_TODAY

    service = RoadmapService(demo_db)
    summaries = service.list(DEMO_TODAY)
    assert [s.period_label for s in summaries] == [
        "2026/2027 учебный год",
        "2025/2026 учебный год",
    ]
    current = summaries[0]
    assert current.counts[ItemStatus.DONE] >= 5
    assert current.counts[ItemStatus.OVERDUE] == 2
    assert service.current_id(DEMO_TODAY) == current.id
    overdue = [i for i in collect(demo_db, DEMO_TODAY) if i.severity is Severity.OVERDUE]
    assert any("Круглый стол" in i.text for i in overdue)
    soon = [i for i in collect(demo_db, DEMO_TODAY) if i.severity is Severity.SOON]
    assert any("Семинар" in i.text for i in soon)
    overdue = [i for i in collect(demo_db, DEMO_TODAY) if i.severity is Severity.OVERDUE]
    assert any("Круглый стол" in i.text for i in overdue)
    soon = [i for i in collect(demo_db, DEMO_TODAY) if i.severity is Severity.SOON]
    assert any("Семинар" in i.text for i in soon)


def test_overview_asks_for_a_roadmap_then_counts_it(empty_db: Database) -> None:
    lines = [i for i in collect(empty_db, TODAY) if i.section == "roadmap"]
    assert [i.text for i in lines] == [
        "Дорожная карта на 2025/2026 учебный год не составлена — «Новая…» заполнит её из шаблона"
    ]
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    figures = [i for i in collect(empty_db, TODAY) if i.section == "roadmap" and i.is_figure]
    assert [i.text for i in figures] == ["Мероприятий дорожной карты выполнено: 0 из 21"]
    warnings = [i.text for i in collect(empty_db, TODAY) if i.severity is Severity.WARNING]
    assert any("не утверждена" in t for t in warnings)
    draft = service.roadmap_draft(roadmap_id)
    draft.approved_on = "01.09.2025"
    service.update(roadmap_id, draft)
    warnings = [i.text for i in collect(empty_db, TODAY) if i.severity is Severity.WARNING]
    assert not any("не утверждена" in t for t in warnings)
