"""Personalized mentoring programs: the wizard's draft and its checks, the plan of activities
tracked item by item, the meetings of the pair, attached evidence, closing with the evaluation.

The wizard and the forms hand over drafts of what was typed (strings for dates); the service
checks them and either saves in one transaction or raises ``ValidationError`` mapping each wrong
field to its Russian message (``activity.3.due_on`` for the fourth line of the plan).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError, NotFound, ValidationError
from desktop_app.models import (
    ActivityStatus,
    DeficitCategory,
    EvaluationCriterion,
    EvaluationMark,
    MenteeProfile,
    MentoringPair,
    Person,
    Program,
    ProgramActivity,
    ProgramAttachment,
    ProgramMeeting,
    ProgramMentee,
    ProgramStatus,
    SavedProgramDraft,
)
from desktop_app.models.db import Database
from desktop_app.services.concurrency import Stamp, check_stamp, touch
from desktop_app.services.program_catalogue import (
    DEFAULT_EVALUATION_METHODS,
    deadline_in,
    suggested_plan,
)
from desktop_app.services.validation import FieldError, format_date, parse_date, parse_int

MIN_MONTHS = 3
MAX_MONTHS = 12
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024

NOT_FOUND = "Программа не найдена — возможно, её удалили."


# --- dates -------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def program_end(start: dt.date, months: int) -> dt.date:
    """The last day of a program of ``months`` months: 01.09.2026 + 9 → 31.05.2027."""
    return add_months(start, months) - dt.timedelta(days=1)


def length_in_words(start: dt.date, end: dt.date) -> str:
    """«9 мес.», «2 мес. 13 дн.» — the length the curator reads in a message."""
    after = end + dt.timedelta(days=1)
    months = 0
    while add_months(start, months + 1) <= after:
        months += 1
    days = (after - add_months(start, months)).days
    parts = []
    if months:
        parts.append(f"{months} мес.")
    if days:
        parts.append(f"{days} дн.")
    return " ".join(parts) or "0 дн."


def period_error(start: dt.date, end: dt.date) -> str | None:
    if end < start:
        return "Окончание программы: раньше её начала."
    if end < program_end(start, MIN_MONTHS):
        return (
            f"Срок программы — от 3 месяцев до 1 года (п. 1.3 Положения), а сейчас "
            f"{length_in_words(start, end)}: окончание не раньше "
            f"{format_date(program_end(start, MIN_MONTHS))}."
        )
    if end > program_end(start, MAX_MONTHS):
        return (
            f"Срок программы — от 3 месяцев до 1 года (п. 1.3 Положения), а сейчас "
            f"{length_in_words(start, end)}: окончание не позже "
            f"{format_date(program_end(start, MAX_MONTHS))}."
        )
    return None


def month_title(day: dt.date) -> str:
    names = (
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    )
    return f"{names[day.month - 1].capitalize()} {day.year}"


# --- drafts ------------------------------------------------------------------------------------


@dataclass
class ActivityDraft:
    """One line of the plan as typed. ``id`` is set for a line already saved."""

    content: str = ""
    form: str = ""
    due_on: str = ""
    responsible: str = ""
    expected_result: str = ""
    category: str = ""
    id: int | None = None


@dataclass
class ProgramDraft:
    """Everything the wizard holds; stored as JSON between sessions (``to_payload``)."""

    pair_id: int | None = None
    mentor_id: int | None = None
    mentee_ids: list[int] = field(default_factory=list)
    form: str = ""
    kinds: str = ""
    directions: str = ""
    start_on: str = ""
    end_on: str = ""
    # [(DeficitCategory code, note)]
    difficulties: list[tuple[str, str]] = field(default_factory=list)
    strengths: str = ""
    goal: str = ""
    tasks: list[str] = field(default_factory=list)
    activities: list[ActivityDraft] = field(default_factory=list)
    expected_results: list[str] = field(default_factory=list)
    evaluation_methods: str = ""
    approved_on: str = ""

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ProgramDraft:
        known = {k: v for k, v in payload.items() if k in cls.__dataclass_fields__}
        draft = cls(**known)
        draft.activities = [
            ActivityDraft(**{k: v for k, v in a.items() if k in ActivityDraft.__dataclass_fields__})
            for a in payload.get("activities", [])
        ]
        draft.difficulties = [(str(c), str(n)) for c, n in payload.get("difficulties", [])]
        return draft


# The wizard's steps, in order; ``validate_step`` checks one of them.
STEPS = ("participants", "difficulties", "goal", "plan", "results")


@dataclass
class ValidActivity:
    content: str
    form: str
    due_on: dt.date
    responsible: str
    expected_result: str
    category: str
    id: int | None


def _lines(items: Iterable[str]) -> list[str]:
    return [" ".join(t.split()) for t in items if t and t.strip()]


def _period(draft: ProgramDraft, errors: dict[str, str]) -> tuple[dt.date | None, dt.date | None]:
    start = end = None
    try:
        start = parse_date(draft.start_on, "Начало программы", allow_future=True)
        if start is None:
            errors["start_on"] = "Начало программы: укажите дату."
    except FieldError as exc:
        errors["start_on"] = exc.message
    try:
        end = parse_date(draft.end_on, "Окончание программы", allow_future=True)
        if end is None:
            errors["end_on"] = "Окончание программы: укажите дату."
    except FieldError as exc:
        errors["end_on"] = exc.message
    if start and end:
        message = period_error(start, end)
        if message:
            errors["end_on"] = message
    return start, end


def validate_activity(
    activity: ActivityDraft,
    start: dt.date | None,
    end: dt.date | None,
    prefix: str = "",
    number: int | None = None,
) -> tuple[ValidActivity | None, dict[str, str]]:
    errors: dict[str, str] = {}
    where = f"Мероприятие {number}: " if number else ""
    content = " ".join(activity.content.split())
    if not content:
        errors[f"{prefix}content"] = f"{where}Содержание: опишите мероприятие."
    form = " ".join(activity.form.split())
    if not form:
        errors[f"{prefix}form"] = f"{where}Форма: выберите или впишите форму работы."
    due = None
    try:
        due = parse_date(activity.due_on, f"{where}Срок", allow_future=True)
        if due is None:
            errors[f"{prefix}due_on"] = f"{where}Срок: укажите дату."
    except FieldError as exc:
        errors[f"{prefix}due_on"] = exc.message
    if due and start and end and not start <= due <= end:
        errors[f"{prefix}due_on"] = (
            f"{where}Срок {format_date(due)} вне срока программы "
            f"({format_date(start)} – {format_date(end)})."
        )
    if errors or due is None:
        return None, errors
    return (
        ValidActivity(
            content=content,
            form=form,
            due_on=due,
            responsible=" ".join(activity.responsible.split()),
            expected_result=activity.expected_result.strip(),
            category=activity.category,
            id=activity.id,
        ),
        errors,
    )


def validate_step(draft: ProgramDraft, step: str) -> dict[str, str]:
    """The errors of one wizard step (empty when Next may go on)."""
    errors: dict[str, str] = {}
    if step == "participants":
        if draft.mentor_id is None:
            errors["mentor_id"] = "Наставник: выберите наставника."
        if not draft.mentee_ids:
            errors["mentee_ids"] = "Наставляемый: выберите хотя бы одного наставляемого."
        elif draft.mentor_id in draft.mentee_ids:
            errors["mentee_ids"] = "Наставляемый: наставник не может быть своим наставляемым."
        _period(draft, errors)
    elif step == "difficulties":
        if not draft.difficulties and not draft.strengths.strip():
            errors["difficulties"] = (
                "Затруднения: отметьте хотя бы одно профессиональное затруднение "
                "или опишите сильные стороны, которые программа поддерживает."
            )
        codes = {c.value for c in DeficitCategory}
        for code, _note in draft.difficulties:
            if code not in codes:
                errors["difficulties"] = f"Затруднения: неизвестная категория «{code}»."
    elif step == "goal":
        if not " ".join(draft.goal.split()):
            errors["goal"] = "Цель: сформулируйте цель программы."
        if not _lines(draft.tasks):
            errors["tasks"] = "Задачи: впишите хотя бы одну задачу."
    elif step == "plan":
        start, end = _period(draft, {})
        if not draft.activities:
            errors["activities"] = "План мероприятий: добавьте хотя бы одно мероприятие."
        for number, activity in enumerate(draft.activities, start=1):
            _valid, activity_errors = validate_activity(
                activity, start, end, f"activity.{number - 1}.", number
            )
            errors.update(activity_errors)
    elif step == "results":
        if not _lines(draft.expected_results):
            errors["expected_results"] = (
                "Ожидаемые результаты: впишите хотя бы один ожидаемый результат."
            )
        try:
            parse_date(draft.approved_on, "Дата утверждения", allow_future=True)
        except FieldError as exc:
            errors["approved_on"] = exc.message
    return errors


def validate_program(draft: ProgramDraft) -> dict[str, Any]:
    """Every step at once; the values to write, or ``ValidationError``."""
    errors: dict[str, str] = {}
    for step in STEPS:
        errors.update(validate_step(draft, step))
    if errors:
        raise ValidationError(errors)
    start, end = _period(draft, {})
    activities = [
        validate_activity(a, start, end)[0] for a in draft.activities
    ]  # all valid: checked above
    return {
        "pair_id": draft.pair_id,
        "mentor_id": draft.mentor_id,
        "mentee_ids": list(dict.fromkeys(draft.mentee_ids)),
        "form": " ".join(draft.form.split()),
        "kinds": " ".join(draft.kinds.split()),
        "directions": draft.directions.strip(),
        "start_on": start,
        "end_on": end,
        "difficulties": [
            {"category": code, "note": note.strip()} for code, note in draft.difficulties
        ],
        "strengths": draft.strengths.strip(),
        "goal": " ".join(draft.goal.split()),
        "tasks": _lines(draft.tasks),
        "activities": activities,
        "expected_results": _lines(draft.expected_results),
        "evaluation_methods": draft.evaluation_methods.strip(),
        "approved_on": parse_date(draft.approved_on, "Дата утверждения", allow_future=True),
    }


@dataclass
class MeetingDraft:
    held_on: str = ""
    duration_minutes: str = ""
    topic: str = ""
    notes: str = ""
    curator_note: str = ""
    activity_id: int | None = None
    # Recording a meeting against a line of the plan can mark that line done at once.
    mark_activity_done: bool = False


@dataclass
class StatusChange:
    """A completion mark: the new status, the date done or the new deadline, the evidence."""

    status: ActivityStatus
    done_on: str = ""
    new_due_on: str = ""
    evidence: str = ""
    note: str = ""


@dataclass
class ClosingDraft:
    closed_on: str = ""
    # criterion code -> (EvaluationMark or None, note)
    evaluation: dict[str, tuple[EvaluationMark | None, str]] = field(default_factory=dict)
    mentor_conclusion: str = ""
    mentee_conclusion: str = ""


# --- what the screens show ---------------------------------------------------------------------


@dataclass
class ProgramProgress:
    total: int
    done: int
    cancelled: int
    open: int
    overdue: int

    @property
    def share(self) -> float:
        """Done over what still counts: a cancelled activity leaves the plan."""
        counted = self.total - self.cancelled
        return self.done / counted if counted else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def is_overdue(activity: ProgramActivity, today: dt.date) -> bool:
    return activity.status.is_open and activity.due_on < today


def progress_of(activities: Iterable[ProgramActivity], today: dt.date) -> ProgramProgress:
    items = list(activities)
    return ProgramProgress(
        total=len(items),
        done=sum(a.status is ActivityStatus.DONE for a in items),
        cancelled=sum(a.status is ActivityStatus.CANCELLED for a in items),
        open=sum(a.status.is_open for a in items),
        overdue=sum(is_overdue(a, today) for a in items),
    )


@dataclass
class ProgramRow:
    id: int
    pair_id: int | None
    mentor: str
    mentees: str
    form: str
    start_on: dt.date
    end_on: dt.date
    status: ProgramStatus
    progress: ProgramProgress
    next_activity: str
    next_due: dt.date | None
    overdue_items: list[str]
    # (content, deadline) of the overdue activities, oldest first.
    overdue_activities: list[tuple[str, dt.date]] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{format_date(self.start_on)} – {format_date(self.end_on)}"


@dataclass
class OverdueActivity:
    program_id: int
    activity_id: int
    mentor: str
    mentees: str
    content: str
    due_on: dt.date


def _names(program: Program) -> str:
    return ", ".join(m.person.short_name for m in program.mentees)


def _full(session: Session, program_id: int) -> Program:
    program = session.scalars(
        select(Program)
        .where(Program.id == program_id)
        .options(
            selectinload(Program.mentor),
            selectinload(Program.mentees).selectinload(ProgramMentee.person),
            selectinload(Program.activities).selectinload(ProgramActivity.attachments),
            selectinload(Program.meetings),
        )
    ).first()
    if program is None:
        raise NotFound(NOT_FOUND)
    return program


class ProgramService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- queries -----------------------------------------------------------------------------

    def rows(self, today: dt.date | None = None) -> list[ProgramRow]:
        today = today or dt.date.today()
        with self.db.session() as session:
            programs = session.scalars(
                select(Program).options(
                    selectinload(Program.mentor),
                    selectinload(Program.mentees).selectinload(ProgramMentee.person),
                    selectinload(Program.activities),
                )
            ).all()
            result = []
            for p in programs:
                open_items = sorted(
                    (a for a in p.activities if a.status.is_open), key=lambda a: a.due_on
                )
                result.append(
                    ProgramRow(
                        id=p.id,
                        pair_id=p.pair_id,
                        mentor=p.mentor.short_name,
                        mentees=_names(p),
                        form=p.form,
                        start_on=p.start_on,
                        end_on=p.end_on,
                        status=p.status,
                        progress=progress_of(p.activities, today),
                        next_activity=open_items[0].content if open_items else "",
                        next_due=open_items[0].due_on if open_items else None,
                        overdue_items=[
                            f"{a.content} (срок {format_date(a.due_on)})"
                            for a in open_items
                            if a.due_on < today
                        ],
                        overdue_activities=[
                            (a.content, a.due_on) for a in open_items if a.due_on < today
                        ],
                    )
                )
        order = {ProgramStatus.ACTIVE: 0, ProgramStatus.COMPLETED: 1, ProgramStatus.STOPPED: 2}
        result.sort(key=lambda r: (order[r.status], r.mentor, r.start_on))
        return result

    def overdue(self, today: dt.date | None = None) -> list[OverdueActivity]:
        """Open activities of running programs whose deadline has passed, oldest first."""
        today = today or dt.date.today()
        with self.db.session() as session:
            stmt = (
                select(ProgramActivity)
                .join(Program)
                .where(
                    Program.status == ProgramStatus.ACTIVE,
                    ProgramActivity.status.in_([ActivityStatus.PLANNED, ActivityStatus.MOVED]),
                    ProgramActivity.due_on < today,
                )
                .order_by(ProgramActivity.due_on, ProgramActivity.id)
                .options(
                    selectinload(ProgramActivity.program).selectinload(Program.mentor),
                    selectinload(ProgramActivity.program)
                    .selectinload(Program.mentees)
                    .selectinload(ProgramMentee.person),
                )
            )
            return [
                OverdueActivity(
                    program_id=a.program_id,
                    activity_id=a.id,
                    mentor=a.program.mentor.short_name,
                    mentees=_names(a.program),
                    content=a.content,
                    due_on=a.due_on,
                )
                for a in session.scalars(stmt)
            ]

    def get(self, program_id: int) -> Program:
        with self.db.session() as session:
            return _full(session, program_id)

    def programs_of_pair(self, pair_id: int) -> list[int]:
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Program.id).where(Program.pair_id == pair_id).order_by(Program.id)
                )
            )

    def new_draft(
        self,
        mentor_id: int,
        mentee_ids: list[int],
        *,
        pair_id: int | None = None,
        form: str = "",
        kinds: str = "",
        directions: str = "",
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> ProgramDraft:
        """A new program prefilled from the people: the mentees' difficulties, a 9-month period
        from the start of the pair (or today), and a first plan from the library."""
        start = start or dt.date.today()
        if end is None or period_error(start, end):
            end = program_end(start, 9)
        difficulties: list[tuple[str, str]] = []
        requests: list[str] = []
        with self.db.session() as session:
            for mentee_id in mentee_ids:
                profile = session.get(MenteeProfile, mentee_id)
                if profile is None:
                    continue
                if profile.request:
                    requests.append(profile.request)
                for d in profile.difficulties:
                    if d.category.value not in {c for c, _ in difficulties}:
                        difficulties.append((d.category.value, d.note))
        categories = [DeficitCategory(c) for c, _ in difficulties]
        plan = [
            ActivityDraft(
                content=t.content,
                form=t.form,
                due_on=format_date(deadline_in(start, end, t.when)),
                responsible=t.responsible,
                expected_result=t.expected_result,
                category=t.category,
            )
            for t in suggested_plan(categories)
        ]
        targets = ", ".join(c.label for c in categories)
        goal = "Профессиональное становление и развитие наставляемого педагога"
        if targets:
            goal += f", преодоление затруднений: {targets}"
        tasks = [
            "Выявить профессиональные затруднения и сильные стороны наставляемого",
            "Оказать методическую помощь в преодолении выявленных затруднений",
            "Поддержать участие наставляемого в профессиональных сообществах и конкурсах",
        ]
        if requests:
            request = requests[0].rstrip(".")
            tasks.insert(1, f"Выполнить запрос наставляемого: {request[:1].lower()}{request[1:]}")
        return ProgramDraft(
            pair_id=pair_id,
            mentor_id=mentor_id,
            mentee_ids=list(mentee_ids),
            form=form,
            kinds=kinds,
            directions=directions,
            start_on=format_date(start),
            end_on=format_date(end),
            difficulties=difficulties,
            goal=goal,
            tasks=tasks,
            activities=plan,
            expected_results=[
                "Наставляемый преодолел выявленные профессиональные затруднения",
                "Повысилась мотивация наставляемого к профессиональному саморазвитию",
                "Наставляемый включён в методическую и инновационную работу школы",
            ],
            evaluation_methods=DEFAULT_EVALUATION_METHODS,
        )

    def draft_for_pair(self, pair_id: int, mentee_ids: list[int] | None = None) -> ProgramDraft:
        """A new program for a pair or group: its people, form, kinds, direction and period
        (the pair's planned period when it is 3–12 months long)."""
        with self.db.session() as session:
            pair = session.scalars(
                select(MentoringPair)
                .where(MentoringPair.id == pair_id)
                .options(selectinload(MentoringPair.memberships))
            ).first()
            if pair is None:
                raise NotFound("Пара не найдена — возможно, её удалили.")
            members = [m.mentee_id for m in pair.memberships]
            chosen = [m for m in (mentee_ids or members) if m in members] or members
            return self.new_draft(
                pair.mentor_id,
                chosen,
                pair_id=pair.id,
                form=f"«{pair.form.label}»",
                kinds=", ".join(k.label for k in pair.kind_list),
                directions=pair.direction,
                start=pair.start_on,
                end=pair.planned_end_on,
            )

    def draft_of(self, program_id: int) -> ProgramDraft:
        """A saved program as the wizard shows it, for editing."""
        p = self.get(program_id)
        return ProgramDraft(
            pair_id=p.pair_id,
            mentor_id=p.mentor_id,
            mentee_ids=[m.person_id for m in p.mentees],
            form=p.form,
            kinds=p.kinds,
            directions=p.directions,
            start_on=format_date(p.start_on),
            end_on=format_date(p.end_on),
            difficulties=[(d["category"], d.get("note", "")) for d in p.difficulties],
            strengths=p.strengths,
            goal=p.goal,
            tasks=list(p.tasks),
            activities=[
                ActivityDraft(
                    content=a.content,
                    form=a.form,
                    due_on=format_date(a.due_on),
                    responsible=a.responsible,
                    expected_result=a.expected_result,
                    category=a.category,
                    id=a.id,
                )
                for a in p.activities
            ],
            expected_results=list(p.expected_results),
            evaluation_methods=p.evaluation_methods,
            approved_on=format_date(p.approved_on),
        )

    # --- saving a program --------------------------------------------------------------------

    def create(self, draft: ProgramDraft) -> int:
        values = validate_program(draft)
        with self.db.transaction() as session:
            self._check_people(session, values)
            program = Program(status=ProgramStatus.ACTIVE)
            session.add(program)
            self._apply(session, program, values)
            session.flush()
            return program.id

    def update(self, program_id: int, draft: ProgramDraft, expected: Stamp | None = None) -> None:
        """``expected``: the program's stamp when the wizard opened (see concurrency.py)."""
        values = validate_program(draft)
        with self.db.transaction() as session:
            check_stamp(
                session,
                session.get(Program, program_id),
                expected,
                entity="programme",
                entity_id=program_id,
                what="Программу",
                card=False,
            )
            program = _full(session, program_id)
            self._check_people(session, values)
            self._apply(session, program, values)
            touch(program)  # the plan's lines are rows of their own

    def _check_people(self, session: Session, values: dict[str, Any]) -> None:
        for person_id in [values["mentor_id"], *values["mentee_ids"]]:
            if session.get(Person, person_id) is None:
                raise ValidationError(
                    {"mentor_id": "Участник программы не найден в базе — возможно, его удалили."}
                )

    def _apply(self, session: Session, program: Program, values: dict[str, Any]) -> None:
        for name in (
            "pair_id",
            "mentor_id",
            "form",
            "kinds",
            "directions",
            "start_on",
            "end_on",
            "difficulties",
            "strengths",
            "goal",
            "tasks",
            "expected_results",
            "evaluation_methods",
            "approved_on",
        ):
            setattr(program, name, values[name])
        wanted = values["mentee_ids"]
        program.mentees = [m for m in program.mentees if m.person_id in wanted]
        have = {m.person_id for m in program.mentees}
        for person_id in wanted:
            if person_id not in have:
                program.mentees.append(ProgramMentee(person_id=person_id))
        by_id = {a.id: a for a in program.activities}
        kept: list[ProgramActivity] = []
        for position, valid in enumerate(values["activities"]):
            activity = by_id.get(valid.id) if valid.id is not None else None
            if activity is None:
                activity = ProgramActivity(status=ActivityStatus.PLANNED)
            if activity.due_on != valid.due_on and activity.status is not ActivityStatus.MOVED:
                activity.planned_on = None
            activity.position = position
            activity.content = valid.content
            activity.form = valid.form
            activity.due_on = valid.due_on
            activity.responsible = valid.responsible
            activity.expected_result = valid.expected_result
            activity.category = valid.category
            kept.append(activity)
        program.activities = kept

    def delete(self, program_id: int) -> None:
        with self.db.transaction() as session:
            program = session.get(Program, program_id)
            if program is None:
                raise NotFound(NOT_FOUND)
            session.delete(program)

    # --- the wizard's saved drafts -----------------------------------------------------------

    def save_wizard_draft(
        self, draft: ProgramDraft, *, draft_id: int | None = None, program_id: int | None = None
    ) -> int:
        with self.db.transaction() as session:
            saved = session.get(SavedProgramDraft, draft_id) if draft_id else None
            if saved is None:
                saved = SavedProgramDraft(program_id=program_id)
                session.add(saved)
            saved.pair_id = draft.pair_id
            saved.payload = draft.to_payload()
            saved.updated_at = dt.datetime.now()
            session.flush()
            return saved.id

    def find_wizard_draft(
        self,
        *,
        pair_id: int | None = None,
        program_id: int | None = None,
        mentor_id: int | None = None,
    ) -> tuple[int, ProgramDraft] | None:
        """The newest unfinished wizard for this pair (or program being edited, or mentor)."""
        with self.db.session() as session:
            stmt = select(SavedProgramDraft).order_by(SavedProgramDraft.updated_at.desc())
            if program_id is not None:
                stmt = stmt.where(SavedProgramDraft.program_id == program_id)
            else:
                stmt = stmt.where(SavedProgramDraft.program_id.is_(None))
                if pair_id is not None:
                    stmt = stmt.where(SavedProgramDraft.pair_id == pair_id)
            for saved in session.scalars(stmt):
                draft = ProgramDraft.from_payload(saved.payload or {})
                if mentor_id is not None and draft.mentor_id != mentor_id:
                    continue
                return saved.id, draft
        return None

    def wizard_drafts(self) -> list[tuple[int, ProgramDraft, int | None]]:
        with self.db.session() as session:
            return [
                (s.id, ProgramDraft.from_payload(s.payload or {}), s.program_id)
                for s in session.scalars(
                    select(SavedProgramDraft).order_by(SavedProgramDraft.updated_at.desc())
                )
            ]

    def discard_wizard_draft(self, draft_id: int) -> None:
        with self.db.transaction() as session:
            session.execute(delete(SavedProgramDraft).where(SavedProgramDraft.id == draft_id))

    # --- the plan, line by line --------------------------------------------------------------

    def add_activity(
        self, program_id: int, draft: ActivityDraft, position: int | None = None
    ) -> int:
        with self.db.transaction() as session:
            program = _full(session, program_id)
            valid, errors = validate_activity(draft, program.start_on, program.end_on)
            if errors or valid is None:
                raise ValidationError(errors)
            activity = ProgramActivity(
                content=valid.content,
                form=valid.form,
                due_on=valid.due_on,
                responsible=valid.responsible,
                expected_result=valid.expected_result,
                category=valid.category,
                status=ActivityStatus.PLANNED,
            )
            items = list(program.activities)
            at = len(items) if position is None else max(0, min(position, len(items)))
            items.insert(at, activity)
            for number, item in enumerate(items):
                item.position = number
            program.activities = items
            session.flush()
            return activity.id

    def update_activity(
        self, activity_id: int, draft: ActivityDraft, expected: Stamp | None = None
    ) -> None:
        """``expected``: the stamp the form loaded (``record_stamp``); a save over someone
        else's newer change of the line is refused."""
        with self.db.transaction() as session:
            found = session.get(ProgramActivity, activity_id)
            check_stamp(
                session,
                found,
                expected,
                entity="programme",
                entity_id=found.program_id if found is not None else 0,
                what=f"Мероприятие плана «{_short(found.content if found else '')}»",
                card=False,
            )
            activity = self._activity(session, activity_id)
            program = activity.program
            valid, errors = validate_activity(draft, program.start_on, program.end_on)
            if errors or valid is None:
                raise ValidationError(errors)
            touch(program)  # a wizard open on the whole program must see this line changed
            activity.content = valid.content
            activity.form = valid.form
            activity.due_on = valid.due_on
            activity.responsible = valid.responsible
            activity.expected_result = valid.expected_result
            activity.category = valid.category

    def delete_activity(self, activity_id: int) -> dict[str, Any]:
        """Delete a line; returns what ``restore_activity`` needs to put it back (Ctrl+Z)."""
        with self.db.transaction() as session:
            activity = self._activity(session, activity_id)
            program = _full(session, activity.program_id)
            snapshot = {
                "program_id": activity.program_id,
                "position": activity.position,
                "values": {
                    c: getattr(activity, c)
                    for c in (
                        "content",
                        "form",
                        "due_on",
                        "planned_on",
                        "responsible",
                        "expected_result",
                        "category",
                        "status",
                        "done_on",
                        "evidence",
                        "note",
                    )
                },
                "attachments": [(a.file_name, a.size, a.content) for a in activity.attachments],
                "meetings": [m.id for m in program.meetings if m.activity_id == activity_id],
            }
            program.activities = [a for a in program.activities if a.id != activity_id]
            for number, item in enumerate(program.activities):
                item.position = number
            return snapshot

    def restore_activity(self, snapshot: dict[str, Any]) -> int:
        with self.db.transaction() as session:
            program = _full(session, snapshot["program_id"])
            activity = ProgramActivity(**snapshot["values"])
            for name, size, content in snapshot["attachments"]:
                activity.attachments.append(
                    ProgramAttachment(file_name=name, size=size, content=content)
                )
            items = list(program.activities)
            items.insert(min(snapshot["position"], len(items)), activity)
            for number, item in enumerate(items):
                item.position = number
            program.activities = items
            session.flush()
            for meeting in program.meetings:
                if meeting.id in snapshot["meetings"]:
                    meeting.activity_id = activity.id
            return activity.id

    def move_activity(self, activity_id: int, delta: int) -> bool:
        """Move a line up (-1) or down (+1) in the plan; False at the edge."""
        with self.db.transaction() as session:
            activity = self._activity(session, activity_id)
            items = list(_full(session, activity.program_id).activities)
            index = items.index(activity)
            target = index + delta
            if not 0 <= target < len(items):
                return False
            items.insert(target, items.pop(index))
            for number, item in enumerate(items):
                item.position = number
            return True

    def sort_by_deadline(self, program_id: int) -> list[int]:
        """Order the plan by deadline; returns the old order of ids (for undo)."""
        with self.db.transaction() as session:
            program = _full(session, program_id)
            before = [a.id for a in program.activities]
            ordered = sorted(program.activities, key=lambda a: (a.due_on, a.position))
            for number, item in enumerate(ordered):
                item.position = number
            return before

    def reorder(self, program_id: int, ids: list[int]) -> None:
        with self.db.transaction() as session:
            program = _full(session, program_id)
            rank = {activity_id: n for n, activity_id in enumerate(ids)}
            for activity in program.activities:
                activity.position = rank.get(activity.id, len(rank) + activity.position)

    def set_status(
        self, activity_id: int, change: StatusChange, today: dt.date | None = None
    ) -> dict[str, Any]:
        """Mark a line done, moved or cancelled (or planned again); returns the previous mark
        for undo (``restore_status``)."""
        today = today or dt.date.today()
        with self.db.transaction() as session:
            activity = self._activity(session, activity_id)
            program = activity.program
            # A combo box hands the enum back as its plain code: take either.
            change.status = ActivityStatus(change.status)
            before = {
                "status": activity.status,
                "done_on": activity.done_on,
                "due_on": activity.due_on,
                "planned_on": activity.planned_on,
                "evidence": activity.evidence,
                "note": activity.note,
            }
            errors: dict[str, str] = {}
            if change.status is ActivityStatus.DONE:
                try:
                    done = parse_date(change.done_on, "Дата выполнения", today=today)
                    if done is None:
                        errors["done_on"] = "Дата выполнения: укажите, когда выполнено."
                    elif done < program.start_on:
                        errors["done_on"] = (
                            f"Дата выполнения: раньше начала программы "
                            f"({format_date(program.start_on)})."
                        )
                except FieldError as exc:
                    errors["done_on"] = exc.message
                    done = None
                if errors:
                    raise ValidationError(errors)
                activity.done_on = done
            elif change.status is ActivityStatus.MOVED:
                try:
                    new_due = parse_date(change.new_due_on, "Новый срок", allow_future=True)
                except FieldError as exc:
                    raise ValidationError({"new_due_on": exc.message}) from None
                if new_due is None:
                    raise ValidationError({"new_due_on": "Новый срок: укажите дату."})
                if not program.start_on <= new_due <= program.end_on:
                    raise ValidationError(
                        {
                            "new_due_on": f"Новый срок {format_date(new_due)} вне срока "
                            f"программы ({format_date(program.start_on)} – "
                            f"{format_date(program.end_on)}). Сначала продлите программу "
                            "(не более года)."
                        }
                    )
                if activity.planned_on is None:
                    activity.planned_on = activity.due_on
                activity.due_on = new_due
                activity.done_on = None
            else:
                activity.done_on = None
            activity.status = change.status
            activity.evidence = change.evidence.strip()
            activity.note = change.note.strip()
            return before

    def restore_status(self, activity_id: int, before: dict[str, Any]) -> None:
        with self.db.transaction() as session:
            activity = self._activity(session, activity_id)
            for name, value in before.items():
                setattr(activity, name, value)

    def _activity(self, session: Session, activity_id: int) -> ProgramActivity:
        activity = session.get(ProgramActivity, activity_id)
        if activity is None:
            raise NotFound("Мероприятие не найдено — возможно, его удалили.")
        return activity

    # --- evidence files ----------------------------------------------------------------------

    def attach_file(self, activity_id: int, path: Path) -> int:
        """Copy a file into the database as evidence of an activity."""
        path = Path(path)
        if not path.exists():
            raise AppError(
                f"Файл «{path.name}» не найден в папке «{path.parent}»: его переместили или "
                "удалили. Выберите файл заново."
            )
        if path.is_dir():
            raise AppError(f"«{path.name}» — это папка, а не файл. Выберите файл.")
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise AppError(
                f"Файл «{path.name}» больше {MAX_ATTACHMENT_BYTES // (1024 * 1024)} МБ. "
                "Приложите уменьшенную копию или выписку."
            )
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise AppError(
                f"Файл «{path.name}» не удалось прочитать ({exc.strerror or exc}). "
                "Возможно, он открыт в другой программе или на съёмном диске, который вынут."
            ) from None
        with self.db.transaction() as session:
            activity = self._activity(session, activity_id)
            attachment = ProgramAttachment(file_name=path.name, size=len(content), content=content)
            activity.attachments.append(attachment)
            session.flush()
            return attachment.id

    def attachments(self, activity_id: int) -> list[tuple[int, str, int]]:
        with self.db.session() as session:
            return [
                (a.id, a.file_name, a.size)
                for a in session.scalars(
                    select(ProgramAttachment)
                    .where(ProgramAttachment.activity_id == activity_id)
                    .order_by(ProgramAttachment.id)
                )
            ]

    def save_attachment(self, attachment_id: int, folder: Path) -> Path:
        """Write an attached file out (to open or send it); never overwrites another file."""
        from desktop_app.export.files import free_name, write_atomic

        with self.db.session() as session:
            attachment = session.get(ProgramAttachment, attachment_id)
            if attachment is None:
                raise NotFound("Приложенный файл не найден — возможно, его удалили.")
            name, content = attachment.file_name, attachment.content
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder / name)
        return write_atomic(target, lambda temp: temp.write_bytes(content))

    def remove_attachment(self, attachment_id: int) -> tuple[int, str, int, bytes]:
        with self.db.transaction() as session:
            attachment = session.get(ProgramAttachment, attachment_id)
            if attachment is None:
                raise NotFound("Приложенный файл не найден.")
            snapshot = (
                attachment.activity_id,
                attachment.file_name,
                attachment.size,
                attachment.content,
            )
            session.delete(attachment)
            return snapshot

    def restore_attachment(self, snapshot: tuple[int, str, int, bytes]) -> None:
        activity_id, name, size, content = snapshot
        with self.db.transaction() as session:
            session.add(
                ProgramAttachment(
                    activity_id=activity_id, file_name=name, size=size, content=content
                )
            )

    # --- meetings ----------------------------------------------------------------------------

    def _valid_meeting(
        self, session: Session, program: Program, draft: MeetingDraft, today: dt.date
    ) -> dict[str, Any]:
        errors: dict[str, str] = {}
        held = None
        try:
            held = parse_date(draft.held_on, "Дата встречи", allow_future=True, today=today)
            if held is None:
                errors["held_on"] = "Дата встречи: укажите дату."
            elif held < program.start_on:
                errors["held_on"] = (
                    f"Дата встречи: раньше начала программы ({format_date(program.start_on)})."
                )
            elif held > today + dt.timedelta(days=366):
                errors["held_on"] = "Дата встречи: больше чем через год — проверьте год."
        except FieldError as exc:
            errors["held_on"] = exc.message
        duration = None
        try:
            duration = parse_int(
                draft.duration_minutes, "Продолжительность, мин", minimum=5, maximum=600
            )
        except FieldError as exc:
            errors["duration_minutes"] = exc.message
        topic = " ".join(draft.topic.split())
        if not topic:
            errors["topic"] = "Тема встречи: впишите, о чём была встреча."
        if draft.activity_id is not None:
            activity = session.get(ProgramActivity, draft.activity_id)
            if activity is None or activity.program_id != program.id:
                errors["activity_id"] = "Мероприятие плана: не найдено в этой программе."
        if draft.mark_activity_done and held and held > today:
            errors["held_on"] = (
                "Дата встречи: встреча ещё не состоялась — отметить мероприятие выполненным нельзя."
            )
        if errors:
            raise ValidationError(errors)
        return {
            "held_on": held,
            "duration_minutes": duration,
            "topic": topic,
            "notes": draft.notes.strip(),
            "curator_note": draft.curator_note.strip(),
            "activity_id": draft.activity_id,
        }

    def add_meeting(
        self, program_id: int, draft: MeetingDraft, today: dt.date | None = None
    ) -> int:
        today = today or dt.date.today()
        with self.db.transaction() as session:
            program = _full(session, program_id)
            values = self._valid_meeting(session, program, draft, today)
            meeting = ProgramMeeting(program_id=program_id, **values)
            session.add(meeting)
            if draft.mark_activity_done and draft.activity_id is not None:
                activity = session.get(ProgramActivity, draft.activity_id)
                if activity is not None and activity.status is not ActivityStatus.DONE:
                    activity.status = ActivityStatus.DONE
                    activity.done_on = values["held_on"]
                    if not activity.evidence:
                        activity.evidence = f"Встреча {format_date(values['held_on'])}"
            session.flush()
            return meeting.id

    def update_meeting(
        self, meeting_id: int, draft: MeetingDraft, today: dt.date | None = None
    ) -> None:
        today = today or dt.date.today()
        with self.db.transaction() as session:
            meeting = session.get(ProgramMeeting, meeting_id)
            if meeting is None:
                raise NotFound("Встреча не найдена — возможно, её удалили.")
            values = self._valid_meeting(session, meeting.program, draft, today)
            for name, value in values.items():
                setattr(meeting, name, value)

    def delete_meeting(self, meeting_id: int) -> dict[str, Any]:
        with self.db.transaction() as session:
            meeting = session.get(ProgramMeeting, meeting_id)
            if meeting is None:
                raise NotFound("Встреча не найдена.")
            snapshot = {
                c: getattr(meeting, c)
                for c in (
                    "program_id",
                    "activity_id",
                    "held_on",
                    "duration_minutes",
                    "topic",
                    "notes",
                    "curator_note",
                )
            }
            session.delete(meeting)
            return snapshot

    def restore_meeting(self, snapshot: dict[str, Any]) -> int:
        with self.db.transaction() as session:
            meeting = ProgramMeeting(**snapshot)
            session.add(meeting)
            session.flush()
            return meeting.id

    def meeting_draft(self, meeting_id: int) -> MeetingDraft:
        with self.db.session() as session:
            m = session.get(ProgramMeeting, meeting_id)
            if m is None:
                raise NotFound("Встреча не найдена.")
            return MeetingDraft(
                held_on=format_date(m.held_on),
                duration_minutes=str(m.duration_minutes or ""),
                topic=m.topic,
                notes=m.notes,
                curator_note=m.curator_note,
                activity_id=m.activity_id,
            )

    # --- closing -----------------------------------------------------------------------------

    def close(
        self,
        program_id: int,
        draft: ClosingDraft,
        today: dt.date | None = None,
        expected: Stamp | None = None,
    ) -> None:
        """Finish a program with the evaluation of seed 002, section 6. Refused while lines of
        the plan are still open: each must be done, moved into the period or cancelled.
        ``expected``: the program's stamp when the closing page was filled."""
        today = today or dt.date.today()
        with self.db.transaction() as session:
            check_stamp(
                session,
                session.get(Program, program_id),
                expected,
                entity="programme",
                entity_id=program_id,
                what="Программу",
                card=False,
            )
            program = _full(session, program_id)
            errors: dict[str, str] = {}
            open_items = [
                (n, a) for n, a in enumerate(program.activities, start=1) if a.status.is_open
            ]
            if open_items:
                listed = "; ".join(
                    f"№ {n} «{_short(a.content)}» (срок {format_date(a.due_on)})"
                    for n, a in open_items[:5]
                )
                more = f" и ещё {len(open_items) - 5}" if len(open_items) > 5 else ""
                errors["activities"] = (
                    f"Не отмечены мероприятия плана: {listed}{more}. Отметьте каждое как "
                    "выполненное или отменённое, затем завершите программу."
                )
            closed = None
            try:
                closed = parse_date(draft.closed_on, "Дата завершения", today=today)
                if closed is None:
                    errors["closed_on"] = "Дата завершения: укажите дату."
                elif closed < program.start_on:
                    errors["closed_on"] = "Дата завершения: раньше начала программы."
            except FieldError as exc:
                errors["closed_on"] = exc.message
            evaluation: dict[str, Any] = {}
            for criterion in EvaluationCriterion:
                mark, note = draft.evaluation.get(criterion.value, (None, ""))
                if mark is None:
                    errors[f"evaluation.{criterion.value}"] = (
                        f"Оценка: «{_short(criterion.label, 60)}» — выберите, достигнуто ли."
                    )
                    continue
                evaluation[criterion.value] = {
                    "mark": EvaluationMark(mark).value,
                    "note": note.strip(),
                }
            if not draft.mentor_conclusion.strip():
                errors["mentor_conclusion"] = "Выводы наставника: впишите выводы наставника."
            if errors:
                raise ValidationError(errors)
            program.status = ProgramStatus.COMPLETED
            program.closed_on = closed
            program.evaluation = evaluation
            program.mentor_conclusion = draft.mentor_conclusion.strip()
            program.mentee_conclusion = draft.mentee_conclusion.strip()

    def stop(self, program_id: int, reason: str, day: str, today: dt.date | None = None) -> None:
        """End a program early (the pair was dissolved, the mentee left): the plan and its
        marks stay on record as they are."""
        today = today or dt.date.today()
        errors: dict[str, str] = {}
        reason = " ".join(reason.split())
        if not reason:
            errors["stop_reason"] = "Причина: укажите, почему программа прекращена досрочно."
        try:
            stopped = parse_date(day, "Дата прекращения", today=today)
            if stopped is None:
                errors["closed_on"] = "Дата прекращения: укажите дату."
        except FieldError as exc:
            errors["closed_on"] = exc.message
            stopped = None
        with self.db.transaction() as session:
            program = _full(session, program_id)
            if stopped and stopped < program.start_on:
                errors["closed_on"] = "Дата прекращения: раньше начала программы."
            if errors:
                raise ValidationError(errors)
            program.status = ProgramStatus.STOPPED
            program.closed_on = stopped
            program.stop_reason = reason

    def reopen(self, program_id: int) -> None:
        with self.db.transaction() as session:
            program = _full(session, program_id)
            program.status = ProgramStatus.ACTIVE
            program.closed_on = None
            program.stop_reason = ""

    def closing_draft(self, program_id: int) -> ClosingDraft:
        p = self.get(program_id)
        return ClosingDraft(
            closed_on=format_date(p.closed_on),
            evaluation={
                code: (EvaluationMark(v["mark"]), v.get("note", ""))
                for code, v in (p.evaluation or {}).items()
            },
            mentor_conclusion=p.mentor_conclusion,
            mentee_conclusion=p.mentee_conclusion,
        )

    def count_by_status(self) -> dict[ProgramStatus, int]:
        with self.db.session() as session:
            return {
                status: count
                for status, count in session.execute(
                    select(Program.status, func.count()).group_by(Program.status)
                )
            }


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def overview_items(db: Database, today: dt.date) -> list[Any]:
    """«Обзор»: overdue activities, deadlines of the next 30 days, programs past their end
    without a final evaluation, pairs at work without a program, and the count of programs."""
    from desktop_app.models import MentoringPair, PairStatus
    from desktop_app.services.overview import SOON_DAYS, OverviewItem, Severity

    service = ProgramService(db)
    items: list[OverviewItem] = []
    rows = service.rows(today)
    for row in rows:
        if row.status is not ProgramStatus.ACTIVE:
            continue
        people = f"{row.mentor} → {row.mentees}"
        if row.overdue_activities:
            content, due = row.overdue_activities[0]
            count = len(row.overdue_activities)
            more = f" и ещё {count - 1}" if count > 1 else ""
            items.append(
                OverviewItem(
                    # The overview adds «— срок …» itself from ``due``.
                    f"Программа {people}: «{_short(content, 70)}»{more}",
                    Severity.OVERDUE,
                    section="programs",
                    record_id=row.id,
                    hint="overdue",
                    due=due,
                    figure=count,
                )
            )
        if row.end_on < today:
            items.append(
                OverviewItem(
                    f"Программа {people} закончилась {format_date(row.end_on)}: "
                    "подведите итоги и завершите её",
                    Severity.WARNING,
                    section="programs",
                    record_id=row.id,
                    hint="close",
                )
            )
        elif row.next_due and today <= row.next_due <= today + dt.timedelta(days=SOON_DAYS):
            items.append(
                OverviewItem(
                    f"Программа {people}: «{_short(row.next_activity, 70)}»",
                    Severity.SOON,
                    section="programs",
                    record_id=row.id,
                    due=row.next_due,
                )
            )
    with db.session() as session:
        with_program = select(Program.pair_id).where(Program.pair_id.is_not(None))
        without = (
            session.scalar(
                select(func.count(MentoringPair.id)).where(
                    MentoringPair.status == PairStatus.ACTIVE,
                    MentoringPair.id.not_in(with_program),
                )
            )
            or 0
        )
        ended = session.execute(
            select(Program.id, MentoringPair.status)
            .join(MentoringPair, MentoringPair.id == Program.pair_id)
            .where(
                Program.status == ProgramStatus.ACTIVE,
                MentoringPair.status.in_([PairStatus.TERMINATED, PairStatus.COMPLETED]),
            )
        ).all()
    labels = {r.id: f"{r.mentor} → {r.mentees}" for r in rows}
    for program_id, pair_status in ended:
        items.append(
            OverviewItem(
                f"Пара {labels.get(program_id, '')} {pair_status.label}, а программа ещё "
                "реализуется: завершите её или прекратите досрочно",
                Severity.WARNING,
                section="programs",
                record_id=program_id,
                hint="close",
            )
        )
    if without:
        items.append(
            OverviewItem(
                f"Действующих пар и групп без программы наставничества: {without}",
                Severity.WARNING,
                section="programs",
                hint="no_program",
                figure=without,
            )
        )
    running = sum(r.status is ProgramStatus.ACTIVE for r in rows)
    items.append(
        OverviewItem(
            f"Программ реализуется: {running}",
            Severity.INFO,
            section="programs",
            figure=running,
        )
    )
    return items
