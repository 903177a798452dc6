"""Individual educational routes (ИОМ): validation, corrections kept as history, progress."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop_app.errors import ValidationError
from desktop_app.models import (
    CorrectionReason,
    DeficitCategory,
    DeficitLevel,
    IndividualRoute,
    MeasureSection,
    MeasureStatus,
    MenteeCategory,
    RouteCorrection,
    RouteStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.people import MenteeDraft, PeopleService, PersonDraft
from desktop_app.services.routes import (
    AssessmentDraft,
    CorrectionDraft,
    MeasureDraft,
    RouteDraft,
    RouteService,
    academic_year_of,
    parse_start_year,
    validate_route,
)
from tests.conftest import DEMO_TODAY
from tests.db_helpers import db_arg

TODAY = dt.date(2026, 11, 23)


def _mentee(db: Database) -> int:
    return PeopleService(db).create(
        PersonDraft(
            last_name="Петрова",
            first_name="Мария",
            patronymic="Ивановна",
            position="учитель математики",
            consent_given_on="01.09.2025",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.YOUNG_TEACHER,
                request="помочь с дисциплиной на уроке",
                difficulties={
                    DeficitCategory.METHODICAL: (DeficitLevel.HIGH, "планирование урока"),
                    DeficitCategory.PSYCHOLOGICAL: (DeficitLevel.MEDIUM, ""),
                },
            ),
        )
    )


def _measure(title: str, year: int, deficits: list[DeficitCategory], **kw: object) -> MeasureDraft:
    return MeasureDraft(title=title, academic_year=year, deficits=deficits, **kw)  # type: ignore[arg-type]


def _route_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(IndividualRoute.id))) or 0


def _approved_route(db: Database) -> tuple[RouteService, int]:
    service = RouteService(db)
    person = _mentee(db)
    draft = service.new_draft(person, TODAY)
    draft.start_year = "2024/2025"
    draft.self_determination_on = "05.09.2024"
    draft.diagnosed_on = "15.09.2024"
    draft.approved_on = "30.09.2024"
    draft.status = RouteStatus.ACTIVE
    draft.measures = [
        _measure(
            "Курс «Современные образовательные технологии»",
            2024,
            [DeficitCategory.METHODICAL],
            section=MeasureSection.COURSES,
            hours="72",
        ),
        _measure("Открытый урок для МО", 2025, [DeficitCategory.METHODICAL]),
        _measure("Памятка для родителей", 2026, [DeficitCategory.PSYCHOLOGICAL]),
    ]
    return service, service.save(None, draft, TODAY)


def test_new_route_prefills_deficits_from_the_mentee_profile(empty_db: Database) -> None:
    person = _mentee(empty_db)
    draft = RouteService(empty_db).new_draft(person, TODAY)
    assert draft.start_year == "2026/2027"
    assert set(draft.deficits) == {DeficitCategory.METHODICAL, DeficitCategory.PSYCHOLOGICAL}
    assert draft.deficits[DeficitCategory.METHODICAL].level is DeficitLevel.HIGH
    assert draft.deficits[DeficitCategory.METHODICAL].note == "планирование урока"
    assert "дисциплиной" in draft.self_reflection


def test_saved_route_reads_back(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    assert draft.start_year == "2024/2025"
    assert draft.years == "5"
    assert [m.title for m in draft.measures] == [
        "Курс «Современные образовательные технологии»",
        "Открытый урок для МО",
        "Памятка для родителей",
    ]
    assert draft.measures[0].hours == "72"
    assert draft.measures[2].deficits == [DeficitCategory.PSYCHOLOGICAL]
    assert draft.approved_on == "30.09.2024"


@pytest.mark.parametrize("years", ["3", "6", "0", "пять", ""])
def test_period_outside_four_to_five_years_is_refused(empty_db: Database, years: str) -> None:
    service = RouteService(empty_db)
    draft = service.new_draft(_mentee(empty_db), TODAY)
    draft.years = years
    with pytest.raises(ValidationError) as info:
        service.save(None, draft, TODAY)
    assert "4–5 лет" in info.value.errors["years"]
    assert _route_count(empty_db) == 0


def test_start_year_forms() -> None:
    assert parse_start_year("2024", TODAY) == 2024
    assert parse_start_year("2024/2025", TODAY) == 2024
    assert parse_start_year("2024/25", TODAY) == 2024
    with pytest.raises(Exception, match="второй год должен быть 2025"):
        parse_start_year("2024/2026", TODAY)
    with pytest.raises(Exception, match="учебный год"):
        parse_start_year("осень", TODAY)
    assert academic_year_of(dt.date(2026, 8, 31)) == 2025
    assert academic_year_of(dt.date(2026, 9, 1)) == 2026


def test_step_dates_out_of_order(empty_db: Database) -> None:
    draft = RouteDraft(
        person_id=_mentee(empty_db),
        start_year="2025/2026",
        self_determination_on="20.09.2025",
        diagnosed_on="10.09.2025",
    )
    with pytest.raises(ValidationError) as info:
        validate_route(draft, TODAY)
    message = info.value.errors["diagnosed_on"]
    assert "раньше, чем дата самоопределения (20.09.2025)" in message
    assert "по порядку" in message


def test_measure_outside_the_route_years(empty_db: Database) -> None:
    draft = RouteDraft(
        person_id=_mentee(empty_db),
        start_year="2024/2025",
        years="4",
        deficits={DeficitCategory.METHODICAL: AssessmentDraft()},
        measures=[
            _measure("Курс", 2024, [DeficitCategory.METHODICAL]),
            _measure("Мастер-класс", 2028, [DeficitCategory.METHODICAL]),
        ],
    )
    with pytest.raises(ValidationError) as info:
        RouteService(empty_db).save(None, draft, TODAY)
    message = info.value.errors["measure.1"]
    assert "Мероприятие № 2 «Мастер-класс»" in message
    assert "2028/2029 учебный год — вне срока маршрута (2024/2025 – 2027/2028)" in message
    assert "measure.0" not in info.value.errors
    assert _route_count(empty_db) == 0


def test_shortening_the_route_leaves_measures_outside(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.start_year = "2025/2026"  # the 2024/2025 course would fall outside
    with pytest.raises(ValidationError) as info:
        service.save(route_id, draft, TODAY)
    assert "вне срока маршрута" in info.value.errors["measure.0"]
    assert service.draft(route_id).start_year == "2024/2025"


def test_removing_a_deficit_measures_point_to(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    del draft.deficits[DeficitCategory.METHODICAL]
    with pytest.raises(ValidationError) as info:
        service.save(route_id, draft, TODAY)
    message = info.value.errors["deficits"]
    assert "«методические» — мероприятия № 1, 2" in message
    stored = service.draft(route_id)
    assert DeficitCategory.METHODICAL in stored.deficits
    assert len(stored.measures) == 3


def test_approved_roadmap_change_needs_a_correction(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.measures[1].academic_year = 2026
    with pytest.raises(ValidationError) as info:
        service.save(route_id, draft, TODAY)
    assert "укажите на шаге 6 дату и причину" in info.value.errors["correction"]
    assert service.draft(route_id).measures[1].academic_year == 2025


def test_correction_keeps_the_previous_version(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.measures[1].academic_year = 2026
    draft.measures.append(_measure("Статья в сборнике", 2027, [DeficitCategory.METHODICAL]))
    draft.correction = CorrectionDraft(
        made_on="10.12.2025", reason=CorrectionReason.OWN_NEEDS, description="нагрузка"
    )
    service.save(route_id, draft, TODAY)

    stored = service.draft(route_id)
    assert [m.title for m in stored.measures][-1] == "Статья в сборнике"
    assert stored.measures[1].academic_year == 2026
    (correction,) = stored.history
    assert correction.made_on == dt.date(2025, 12, 10)
    assert correction.reason is CorrectionReason.OWN_NEEDS
    assert [p["title"] for p in correction.previous_plan] == [
        "Курс «Современные образовательные технологии»",
        "Открытый урок для МО",
        "Памятка для родителей",
    ]
    assert correction.previous_plan[1]["academic_year"] == 2025
    assert "добавлено: «Статья в сборнике»" in correction.changes
    assert "2025/2026 уч. г. → 2026/2027 уч. г." in correction.changes

    # A second correction adds to the history; the first one stays as it was.
    draft = service.draft(route_id)
    draft.measures.pop()
    draft.correction = CorrectionDraft(made_on="01.02.2026", reason=CorrectionReason.EDUCATION)
    service.save(route_id, draft, TODAY)
    history = service.draft(route_id).history
    assert len(history) == 2
    assert len(history[0].previous_plan) == 3
    assert len(history[1].previous_plan) == 4
    assert "исключено: «Статья в сборнике»" in history[1].changes


def test_correction_without_change_or_out_of_order(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.correction = CorrectionDraft(made_on="10.12.2025", reason=CorrectionReason.OTHER)
    with pytest.raises(ValidationError) as info:
        service.save(route_id, draft, TODAY)
    assert "не изменилась" in info.value.errors["correction"]

    draft.measures[0].title = "Курс ДПО по технологиям"
    draft.correction = CorrectionDraft(made_on="01.09.2024", reason=None)
    with pytest.raises(ValidationError) as info:
        service.save(route_id, draft, TODAY)
    assert (
        "раньше утверждения дорожной карты (30.09.2024)" in info.value.errors["correction_made_on"]
    )
    assert "выберите причину" in info.value.errors["correction_reason"]
    with empty_db.session() as session:
        assert session.scalar(select(func.count(RouteCorrection.id))) == 0


def test_implementation_marks_are_not_corrections(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.measures[0].done_on = "20.05.2025"
    draft.measures[0].product_title = "Удостоверение № 123"
    draft.measures[0].attitude = "полезный курс"
    service.save(route_id, draft, TODAY)
    stored = service.draft(route_id)
    assert stored.measures[0].status is MeasureStatus.DONE  # the date implies it
    assert stored.measures[0].attitude == "полезный курс"
    assert stored.history == []


def test_approval_needs_deficits_measures_and_date(empty_db: Database) -> None:
    draft = RouteDraft(person_id=_mentee(empty_db), start_year="2025", status=RouteStatus.ACTIVE)
    with pytest.raises(ValidationError) as info:
        validate_route(draft, TODAY)
    assert set(info.value.errors) >= {"deficits", "measures", "approved_on"}


def test_overlapping_routes_of_one_teacher(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    person = service.draft(route_id).person_id
    draft = service.new_draft(person, TODAY)
    draft.start_year = "2027/2028"
    with pytest.raises(ValidationError) as info:
        service.save(None, draft, TODAY)
    assert "уже есть маршрут на 2024/2025 – 2028/2029" in info.value.errors["start_year"]
    draft.start_year = "2019/2020"
    service.save(None, draft, TODAY)  # 2019–2023 does not overlap
    assert _route_count(empty_db) == 2


def test_rows_progress_and_due_this_year(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    draft = service.draft(route_id)
    draft.measures[0].done_on = "20.05.2025"
    service.save(route_id, draft, TODAY)
    (row,) = service.rows(today=TODAY)
    assert row.full_name == "Петрова Мария Ивановна"
    assert row.year_of_route == "3-й год из 5"
    assert row.progress == "1 из 3"
    assert row.due_this_year == 1  # the leaflet of 2026/2027
    progress = {p.category: (p.done, p.planned) for p in row.deficits}
    assert progress == {
        DeficitCategory.METHODICAL: (1, 2),
        DeficitCategory.PSYCHOLOGICAL: (0, 1),
    }
    assert [m.title for m in service.due_this_year(route_id, TODAY)] == ["Памятка для родителей"]
    assert service.rows(year=2029, today=TODAY) == []
    assert len(service.rows(year=2028, today=TODAY)) == 1
    assert service.rows(text="сидоров", today=TODAY) == []
    assert len(service.rows(text="петрова", today=TODAY)) == 1


def test_archive_and_restore(empty_db: Database) -> None:
    service, route_id = _approved_route(empty_db)
    service.archive(route_id, TODAY)
    assert service.rows(today=TODAY) == []
    assert len(service.rows(include_archived=True, today=TODAY)) == 1
    service.restore(route_id)
    assert len(service.rows(today=TODAY)) == 1
    # A teacher who left stays on the route's row, marked.
    PeopleService(empty_db).archive(service.draft(route_id).person_id, TODAY)
    assert service.rows(today=TODAY)[0].full_name.endswith("(педагог в архиве)")


def test_demo_routes(demo_db: Database) -> None:
    rows = RouteService(demo_db).rows(today=DEMO_TODAY)
    by_year = {row.year_of_route: row for row in rows}
    assert "1-й год из 5" in by_year and "3-й год из 5" in by_year
    third = by_year["3-й год из 5"]
    assert third.status is RouteStatus.ACTIVE
    assert third.corrections == 1
    assert 0 < third.measures_done < third.measures_total
    draft = RouteService(demo_db).draft(third.id)
    assert any(m.product_title for m in draft.measures)
    assert any(line.outcome for line in draft.deficits.values())
    assert any(row.status is RouteStatus.DRAFT for row in rows)


def test_overview_items(empty_db: Database) -> None:
    from desktop_app.services.overview import Severity
    from desktop_app.services.routes import measure_due, overview_items

    assert measure_due(2025, None) == dt.date(2026, 5, 31)
    _service, route_id = _approved_route(empty_db)
    # 2024/2025 and 2025/2026 items are not marked done: overdue; 2026/2027's is not yet due.
    items = overview_items(empty_db, TODAY)
    overdue = [i for i in items if i.severity is Severity.OVERDUE]
    assert len(overdue) == 1
    assert overdue[0].record_id == route_id
    assert "2 мероприятия" in overdue[0].text
    assert "«Курс «Современные образовательные технологии»»" in overdue[0].text
    assert overdue[0].due == dt.date(2025, 5, 31)
    figure = next(i for i in items if i.is_figure)
    assert figure.figure == 1
    soon = overview_items(empty_db, dt.date(2027, 5, 10))
    assert any(i.severity is Severity.SOON and "Памятка" in i.text for i in soon)


def test_cli_lists_routes_with_progress(demo_db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli import main

    path = db_arg(demo_db)
    demo_db.close()
    assert main(["routes", "--db", path, "--date", "23.11.2026"]) == 0
    out = capsys.readouterr().out
    assert "2024/2025 – 2028/2029, 3-й год из 5, реализуется" in out
    assert "корректировок: 1" in out
    assert "2026/2027: Открытый урок для школьного методического объединения" in out
    assert main(["routes", "--db", path, "--date", "23.11.2026", "--year", "2020/2021"]) == 1
    assert "Маршрутов (ИОМ) нет" in capsys.readouterr().out


def test_new_route_takes_the_mentor_of_the_open_pair(empty_db: Database) -> None:
    from desktop_app.services.pairs import PairDraft, PairService
    from desktop_app.services.people import MentorDraft

    mentee = _mentee(empty_db)
    mentor = PeopleService(empty_db).create(
        PersonDraft(
            last_name="Голубев",
            first_name="Николай",
            patronymic="Михайлович",
            position="учитель физики",
            consent_given_on="01.09.2025",
            is_mentor=True,
            mentor=MentorDraft(expertise_categories=[DeficitCategory.METHODICAL]),
        )
    )
    service = RouteService(empty_db)
    assert service.new_draft(mentee, TODAY).tutor_id is None
    PairService(empty_db).create(
        PairDraft(
            mentor_id=mentor,
            mentee_ids=[mentee],
            start_on="01.09.2026",
            planned_end_on="31.05.2027",
            direction="методическое сопровождение",
        ),
        TODAY,
    )
    assert service.new_draft(mentee, TODAY).tutor_id == mentor
    assert (mentor, "Голубев Николай Михайлович (наставник)") in service.tutor_choices()
