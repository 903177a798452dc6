"""Each indicator on a hand-built school whose answers are counted by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.models import (
    MenteeCategory,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Organisation,
    PairMembership,
    PairStatus,
    Person,
)
from desktop_app.models.db import Database
from desktop_app.models.monitoring import Audience, Stage
from desktop_app.models.program import ActivityStatus, Program, ProgramActivity, ProgramStatus
from desktop_app.services import indicators as ind
from desktop_app.services.monitoring import MonitoringService, ResponseDraft, ResultDraft

D = dt.date


def _person(org: Organisation, name: str, **kw: object) -> Person:
    last, first = name.split()
    return Person(organisation=org, last_name=last, first_name=first, **kw)


@pytest.fixture
def school(empty_db: Database) -> Database:
    """Own school, 6 staff + 1 mentor from a partner college.

    Q4 2026 (01.10–31.12): pair A (Иванова → Петров, young, active since 01.09.2026),
    group B (Смирнова → Козлова, Орлова; form «педагог – педагог», 15.10–20.12.2026, completed).
    A pair still «формируется» does not count. Сидоров (young) has no mentor.
    """
    with empty_db.transaction() as s:
        own = s.query(Organisation).filter_by(is_own=True).one()  # the fixture's school
        college = Organisation(full_name="Колледж", short_name="Колледж", is_own=False)
        mentor_a = _person(own, "Иванова Анна", birth_date=D(1975, 1, 1), experience_years=25)
        mentor_b = _person(own, "Смирнова Вера", birth_date=D(1970, 1, 1), experience_years=30)
        mentor_c = _person(college, "Кузнецов Олег", birth_date=D(1980, 1, 1), experience_years=15)
        young_a = _person(
            own,
            "Петров Иван",
            birth_date=D(2000, 5, 1),
            experience_years=1,
            experience_as_of=D(2026, 9, 1),
            hired_on=D(2025, 9, 1),
        )
        mentee_b1 = _person(own, "Козлова Ольга", birth_date=D(1985, 1, 1), experience_years=12)
        mentee_b2 = _person(own, "Орлова Нина", birth_date=D(1990, 1, 1), experience_years=8)
        young_free = _person(
            own,
            "Сидоров Павел",
            birth_date=D(1999, 3, 3),
            experience_years=2,
            experience_as_of=D(2026, 9, 1),
            hired_on=D(2024, 9, 1),
        )
        # Young a year before the end of Q4 2026, left in November 2026.
        left = _person(
            own,
            "Быстрова Алла",
            birth_date=D(1998, 1, 1),
            experience_years=1,
            experience_as_of=D(2025, 9, 1),
            hired_on=D(2024, 9, 1),
            archived_on=D(2026, 11, 15),
        )
        for m in (mentor_a, mentor_b, mentor_c):
            m.mentor_profile = MentorProfile(max_mentees=3)
        young_a.mentee_profile = MenteeProfile(category=MenteeCategory.YOUNG_TEACHER)
        mentee_b1.mentee_profile = MenteeProfile(category=MenteeCategory.WANTS_DIGITAL)
        mentee_b2.mentee_profile = MenteeProfile(category=MenteeCategory.WANTS_DIGITAL)
        s.add_all([college, mentor_a, mentor_b, mentor_c, young_a, mentee_b1, mentee_b2])
        s.add_all([young_free, left])
        pair_a = MentoringPair(
            mentor=mentor_a,
            form=MentoringForm.TEACHER_TEACHER,
            start_on=D(2026, 9, 1),
            planned_end_on=D(2027, 5, 31),
            status=PairStatus.ACTIVE,
        )
        pair_a.memberships.append(PairMembership(mentee=young_a))
        group_b = MentoringPair(
            mentor=mentor_b,
            is_group=True,
            form=MentoringForm.TEACHER_TEACHER,
            start_on=D(2026, 10, 15),
            planned_end_on=D(2026, 12, 20),
            ended_on=D(2026, 12, 20),
            status=PairStatus.COMPLETED,
        )
        group_b.memberships.extend(
            [PairMembership(mentee=mentee_b1), PairMembership(mentee=mentee_b2)]
        )
        forming = MentoringPair(
            mentor=mentor_c,
            form=MentoringForm.COLLEGE_TEACHER,
            start_on=D(2026, 12, 1),
            planned_end_on=D(2027, 5, 31),
            status=PairStatus.FORMING,
        )
        forming.memberships.append(PairMembership(mentee=young_free))
        s.add_all([pair_a, group_b, forming])
        s.flush()
        prog_a = Program(
            pair=pair_a,
            mentor=mentor_a,
            start_on=D(2026, 9, 1),
            end_on=D(2027, 5, 31),
            status=ProgramStatus.ACTIVE,
        )
        prog_b = Program(
            pair=group_b,
            mentor=mentor_b,
            start_on=D(2026, 10, 15),
            end_on=D(2026, 12, 20),
            status=ProgramStatus.COMPLETED,
            closed_on=D(2026, 12, 20),
        )
        prog_old = Program(
            mentor=mentor_b,
            start_on=D(2026, 1, 10),
            end_on=D(2026, 6, 1),
            status=ProgramStatus.STOPPED,
            closed_on=D(2026, 3, 1),
        )
        # Activities due in Q4: 4 not cancelled; done on time: 2 (one done late, one open).
        prog_a.activities = [
            ProgramActivity(
                content="a",
                due_on=D(2026, 10, 10),
                status=ActivityStatus.DONE,
                done_on=D(2026, 10, 9),
            ),
            ProgramActivity(
                content="b",
                due_on=D(2026, 11, 10),
                status=ActivityStatus.DONE,
                done_on=D(2026, 11, 20),
            ),
            ProgramActivity(content="c", due_on=D(2026, 12, 10), status=ActivityStatus.PLANNED),
            ProgramActivity(content="d", due_on=D(2026, 12, 11), status=ActivityStatus.CANCELLED),
        ]
        prog_b.activities = [
            ProgramActivity(
                content="e",
                due_on=D(2026, 11, 1),
                status=ActivityStatus.DONE,
                done_on=D(2026, 11, 1),
            ),
        ]
        s.add_all([prog_a, prog_b, prog_old])
    return empty_db


Q4 = ind.quarter(2026, 4)


def test_periods() -> None:
    assert ind.Period(D(2026, 10, 1), D(2026, 12, 31)) == Q4
    assert Q4.label == "4 квартал 2026 г."
    assert Q4.previous() == ind.quarter(2026, 3)
    assert ind.quarter(2026, 1).previous() == ind.quarter(2025, 4)
    year = ind.school_year_of(D(2026, 11, 23))
    assert year == ind.Period(D(2026, 9, 1), D(2027, 8, 31))
    assert year.label == "2026/2027 учебный год"
    assert year.previous() == ind.school_year(2025)
    odd = ind.Period(D(2026, 11, 1), D(2026, 11, 10))
    assert odd.previous() == ind.Period(D(2026, 10, 22), D(2026, 10, 31))
    assert odd.label == "период с 01.11.2026 по 10.11.2026"
    with pytest.raises(ValueError):
        ind.Period(D(2026, 2, 1), D(2026, 1, 1))


def test_participation(school: Database) -> None:
    got = ind.compute(school, Q4)
    assert got.value("mentors") == 2  # Иванова, Смирнова; Кузнецов's pair is still forming
    assert got.value("mentees") == 3
    assert got.value("mentees_young") == 1
    assert got.value("mentees_digital") == 2
    assert got.value("pairs") == 1 and got.value("groups") == 1
    assert got.value("form_teacher_teacher") == 2
    assert got.value("form_college_teacher") == 0
    # staff on 31.12.2026: own school, not archived — Иванова, Смирнова, Петров, Козлова,
    # Орлова, Сидоров = 6 (Быстрова left, Кузнецов is the college's); involved 5 of 6.
    assert got.value("staff") == 6
    assert got.value("involved_share") == pytest.approx(500 / 6)
    assert got.value("young") == 2  # Петров, Сидоров
    assert got.value("young_with_mentor") == 1
    assert got.value("young_without_mentor") == 1


def test_programs(school: Database) -> None:
    got = ind.compute(school, Q4)
    assert got.value("programs_started") == 1  # prog_b started 15.10
    assert got.value("programs_active") == 2
    assert got.value("programs_finished") == 1
    assert got.value("programs_stopped") == 0
    assert got.value("activities_due") == 4
    assert got.value("activities_on_time") == pytest.approx(50.0)
    q1 = ind.compute(school, ind.quarter(2026, 1))
    assert q1.value("programs_stopped") == 1


def test_retention(school: Database) -> None:
    got = ind.compute(school, Q4)
    # On 31.12.2025 young and on staff: Петров (hired 2025-09), Сидоров, Быстрова = 3;
    # Быстрова left on 15.11.2026 → 2 stayed.
    assert got.value("young_year_ago") == 3
    assert got.value("young_stayed") == 2
    assert got.value("young_stayed_share") == pytest.approx(200 / 3)


def test_young_rule_from_settings(school: Database) -> None:
    ind.save_young_teacher_rule(school, 23, 3)
    got = ind.compute(school, Q4)
    assert got.value("young") == 0  # both are older than 23 now
    with pytest.raises(ValueError, match="от 18 до 70"):
        ind.save_young_teacher_rule(school, 5, 3)


def test_results_and_comparison(school: Database) -> None:
    service = MonitoringService(school)
    with school.session() as s:
        petrov = s.query(Person).filter_by(last_name="Петров").one().id
        kozlova = s.query(Person).filter_by(last_name="Козлова").one().id
    for pid, start, end, exams, olymp in (
        (petrov, D(2026, 7, 1), D(2026, 9, 30), "60", "1"),
        (petrov, D(2026, 10, 1), D(2026, 12, 31), "75,5", "3"),
        (kozlova, D(2026, 10, 1), D(2026, 12, 31), "90 %", ""),
    ):
        _, errors = service.save_result(
            ResultDraft(pid, start, end, exams_passed_share=exams, olympiad_participants=olymp)
        )
        assert errors == {}
    rows = {c.indicator.key: c for c in ind.compare(school, Q4)}
    assert rows["exams_passed"].indicator.value == pytest.approx((75.5 + 90) / 2)
    assert rows["exams_passed"].previous.value == pytest.approx(60)
    assert rows["exams_passed"].change_text == "+22,8 %"
    assert rows["olympiads"].indicator.value == 3  # Козлова's blank is not a zero
    assert rows["progress"].indicator.text == "нет данных"
    assert rows["progress"].change_text == "—"


def test_questionnaire_effect(school: Database) -> None:
    service = MonitoringService(school)
    forms = {(q.audience, q.stage): q for q in service.questionnaires()}
    start, end = forms[(Audience.MENTEE, Stage.START)], forms[(Audience.MENTEE, Stage.END)]
    with school.session() as s:
        petrov = s.query(Person).filter_by(last_name="Петров").one().id

    def answer(q, day: dt.date, score: str) -> None:  # type: ignore[no-untyped-def]
        scale = [x for x in q.questions if x.kind.value == "scale"]
        _, errors = service.add_response(
            ResponseDraft(q.id, petrov, day, {x.id: score for x in scale})
        )
        assert errors == {}

    answer(start, D(2026, 10, 2), "4")
    answer(end, D(2026, 11, 20), "8")
    got = ind.compute(school, Q4)
    assert got.value("answered_mentee_start") == 1
    assert got.value("score_mentee_start") == pytest.approx(4)
    assert got.value("score_mentee_end") == pytest.approx(8)
    assert got.value("mentee_growth") == pytest.approx(4)
    assert got.value("score_mentor_end") is None


def test_empty_period_has_no_division_by_zero(empty_db: Database) -> None:
    got = ind.compute(empty_db, Q4)
    assert got.value("involved_share") is None
    assert got.get("activities_on_time").text == "нет данных"
    assert got.value("mentors") == 0


def test_bad_results_and_answers_are_refused(school: Database) -> None:
    service = MonitoringService(school)
    with school.session() as s:
        petrov = s.query(Person).filter_by(last_name="Петров").one().id
    _, errors = service.save_result(
        ResultDraft(
            petrov, D(2026, 10, 1), D(2026, 9, 1), exams_passed_share="120", publications="-1"
        )
    )
    assert errors["period_end"] == "Конец периода раньше его начала."
    assert "от 0 до 100" in errors["exams_passed_share"]
    assert "целое число" in errors["publications"]
    assert service.results() == []
    _, errors = service.save_result(ResultDraft(petrov, D(2026, 10, 1), D(2026, 12, 31), "50"))
    assert errors == {}
    _, errors = service.save_result(ResultDraft(petrov, D(2026, 10, 1), D(2026, 12, 31), "60"))
    assert "уже внесены" in errors["period_start"]
    q = service.questionnaires()[0]
    first = q.questions[0].id
    _, errors = service.add_response(ResponseDraft(q.id, petrov, D(2026, 10, 1), {first: "11"}))
    assert errors == {f"q{first}": "Вопрос 1: оценка — целое число от 1 до 10."}
    _, errors = service.add_response(ResponseDraft(q.id, None, None, {}))
    assert set(errors) == {"person", "answered_on", "answers"}
    assert service.responses() == []


def test_edited_questions_keep_old_answers(school: Database) -> None:
    from desktop_app.services.monitoring import QuestionDraft

    service = MonitoringService(school)
    q = service.questionnaires()[0]
    with school.session() as s:
        petrov = s.query(Person).filter_by(last_name="Петров").one().id
    first = q.questions[0]
    service.add_response(ResponseDraft(q.id, petrov, D(2026, 10, 1), {first.id: "5"}))
    errors = service.save_questions(q.id, "Новая анкета", [QuestionDraft("Один вопрос")])
    assert errors == {}
    again = service.questionnaire(q.id)
    assert [x.text for x in again.questions] == ["Один вопрос"]
    answer = service.responses(q.id)[0].answers[0]
    assert answer.question_text == first.text and answer.score == 5
    assert service.save_questions(q.id, " ", []) == {
        "title": "Укажите название анкеты.",
        "questions": "В анкете должен быть хотя бы один вопрос.",
    }


def test_overview_reminds_of_missing_results(school: Database) -> None:
    from desktop_app.services.monitoring import overview_items
    from desktop_app.services.overview import Severity

    # Q4 2026 ended; on 10.01.2027 results are due by 15.01.2027 and nothing is entered.
    [item] = overview_items(school, D(2027, 1, 10))
    assert item.text == (
        "Мониторинг за 4 квартал 2026 г.: не внесены результаты наставляемых (срок — 15.01.2027)"
    )
    assert item.severity == Severity.SOON and item.section == "monitoring"
    [late] = overview_items(school, D(2027, 1, 20))
    assert late.severity == Severity.OVERDUE
    with school.session() as s:
        petrov = s.query(Person).filter_by(last_name="Петров").one().id
    MonitoringService(school).save_result(
        ResultDraft(petrov, D(2026, 10, 1), D(2026, 12, 31), "70")
    )
    assert overview_items(school, D(2027, 1, 10)) == []


def test_parse_period() -> None:
    assert ind.parse_period("2026-Q3") == ind.quarter(2026, 3)
    assert ind.parse_period("3 кв 2026") == ind.quarter(2026, 3)
    assert ind.parse_period("2025/2026") == ind.school_year(2025)
    assert ind.parse_period("01.09.2025-31.12.2025") == ind.Period(D(2025, 9, 1), D(2025, 12, 31))
    for bad in ("2025/2027", "весна", "31.12.2025-01.09.2025", "2026-Q5"):
        with pytest.raises(ValueError, match=r"Период|раньше"):
            ind.parse_period(bad)
