"""Questionnaires and the mentees' results: what the curator enters for monitoring.

The program ships a default set of questionnaires (satisfaction and self-assessment, for mentors
and mentees, at the start and the end of a program); the curator edits the questions. Answers are
typed from the paper forms. Results of a mentee (seed 003, section 5) are entered per period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop_app.errors import AppError
from desktop_app.models import Person
from desktop_app.models.monitoring import (
    Answer,
    Audience,
    MenteeResult,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireResponse,
    Stage,
)

if TYPE_CHECKING:
    from desktop_app.models.db import Database
    from desktop_app.services.overview import OverviewItem

FieldErrors = dict[str, str]

_MENTEE_START = [
    "Насколько вам понятны ваши профессиональные затруднения и цели на ближайший год?",
    "Насколько уверенно вы планируете урок и подбираете методы обучения?",
    "Насколько уверенно вы выстраиваете дисциплину и общение с классом?",
    "Насколько уверенно вы взаимодействуете с родителями обучающихся?",
    "Насколько уверенно вы работаете с нормативными документами и школьной документацией?",
    "Насколько вы ожидаете, что наставничество поможет вам в работе?",
]
_MENTEE_END = [
    "Насколько вы удовлетворены работой с наставником в целом?",
    "Насколько программа наставничества помогла преодолеть ваши затруднения?",
    "Насколько уверенно вы теперь планируете урок и подбираете методы обучения?",
    "Насколько уверенно вы теперь выстраиваете дисциплину и общение с классом?",
    "Насколько уверенно вы теперь взаимодействуете с родителями обучающихся?",
    "Насколько вероятно, что вы сами станете наставником в будущем?",
]
_MENTOR_START = [
    "Насколько вы готовы к наставнической деятельности?",
    "Насколько понятны вам цели и задачи персонализированной программы наставничества?",
    "Насколько вы уверены, что у вас будет время на встречи с наставляемым?",
]
_MENTOR_END = [
    "Насколько вы удовлетворены участием в программе наставничества?",
    "Насколько, на ваш взгляд, наставляемый достиг целей программы?",
    "Насколько наставничество было полезно для вашего собственного профессионального роста?",
    "Насколько вы готовы продолжить наставническую деятельность?",
]
_OPEN = {
    Audience.MENTEE: "Что было самым полезным? Что вы предложили бы изменить?",
    Audience.MENTOR: "Какие трудности возникли и что помогло бы их преодолеть?",
}

DEFAULT_SET: list[tuple[str, Audience, Stage, list[str]]] = [
    (
        "Анкета самооценки наставляемого (начало программы)",
        Audience.MENTEE,
        Stage.START,
        _MENTEE_START,
    ),
    (
        "Анкета удовлетворённости наставляемого (завершение программы)",
        Audience.MENTEE,
        Stage.END,
        _MENTEE_END,
    ),
    ("Анкета наставника (начало программы)", Audience.MENTOR, Stage.START, _MENTOR_START),
    (
        "Анкета удовлетворённости наставника (завершение программы)",
        Audience.MENTOR,
        Stage.END,
        _MENTOR_END,
    ),
]


@dataclass
class QuestionDraft:
    text: str
    kind: QuestionKind = QuestionKind.SCALE


@dataclass
class ResponseDraft:
    questionnaire_id: int
    person_id: int | None
    answered_on: dt.date | None
    # question id → what was typed: a score «1»…«10» for a scale question, text otherwise
    answers: dict[int, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class ResultDraft:
    person_id: int | None
    period_start: dt.date | None
    period_end: dt.date | None
    exams_passed_share: str = ""
    progress_share: str = ""
    olympiad_participants: str = ""
    competitions: str = ""
    publications: str = ""
    open_lessons: str = ""
    note: str = ""


class MonitoringService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------ questionnaires

    def ensure_defaults(self) -> None:
        """Create the default questionnaires once; the curator's edits are never overwritten."""
        with self.db.transaction() as session:
            if session.scalar(select(func.count()).select_from(Questionnaire)):
                return
            for title, audience, stage, texts in DEFAULT_SET:
                q = Questionnaire(title=title, audience=audience, stage=stage)
                for position, text in enumerate(texts):
                    q.questions.append(Question(position=position, text=text))
                q.questions.append(
                    Question(position=len(texts), text=_OPEN[audience], kind=QuestionKind.TEXT)
                )
                session.add(q)

    def questionnaires(self) -> list[Questionnaire]:
        self.ensure_defaults()
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Questionnaire)
                    .options(selectinload(Questionnaire.questions))
                    .order_by(Questionnaire.id)
                ).all()
            )

    def questionnaire(self, questionnaire_id: int) -> Questionnaire:
        with self.db.session() as session:
            q = session.get(
                Questionnaire,
                questionnaire_id,
                options=[selectinload(Questionnaire.questions)],
            )
            if q is None:
                raise AppError("Анкета не найдена — возможно, её уже удалили.")
            return q

    def save_questions(
        self, questionnaire_id: int, title: str, questions: list[QuestionDraft]
    ) -> FieldErrors:
        """Replace the questions; answers already entered keep the wording they were given to."""
        errors: FieldErrors = {}
        if not title.strip():
            errors["title"] = "Укажите название анкеты."
        texts = [q for q in questions if q.text.strip()]
        if not texts:
            errors["questions"] = "В анкете должен быть хотя бы один вопрос."
        if errors:
            return errors
        with self.db.transaction() as session:
            q = session.get(
                Questionnaire, questionnaire_id, options=[selectinload(Questionnaire.questions)]
            )
            if q is None:
                raise AppError("Анкета не найдена — возможно, её уже удалили.")
            q.title = title.strip()
            old = {x.text: x for x in q.questions}
            kept: list[Question] = []
            for position, draft in enumerate(texts):
                question = old.pop(draft.text.strip(), None) or Question(text=draft.text.strip())
                question.position = position
                question.kind = draft.kind
                kept.append(question)
            q.questions = kept
        return {}

    def validate_response(self, draft: ResponseDraft) -> tuple[dict[int, int | str], FieldErrors]:
        errors: FieldErrors = {}
        values: dict[int, int | str] = {}
        if draft.person_id is None:
            errors["person"] = "Выберите, кто заполнил анкету."
        if draft.answered_on is None:
            errors["answered_on"] = "Укажите дату заполнения анкеты."
        elif draft.answered_on > dt.date.today():
            errors["answered_on"] = "Дата заполнения не может быть в будущем."
        questionnaire = self.questionnaire(draft.questionnaire_id)
        for number, question in enumerate(questionnaire.questions, start=1):
            raw = draft.answers.get(question.id, "").strip()
            if question.kind == QuestionKind.TEXT:
                values[question.id] = raw
                continue
            if not raw:
                continue  # a question left unanswered on paper stays unanswered
            try:
                score = int(raw)
            except ValueError:
                score = 0
            if not 1 <= score <= 10:
                errors[f"q{question.id}"] = f"Вопрос {number}: оценка — целое число от 1 до 10."
            else:
                values[question.id] = score
        scored = [v for v in values.values() if isinstance(v, int)]
        written = [v for v in values.values() if isinstance(v, str) and v]
        if not scored and not written and not any(k.startswith("q") for k in errors):
            errors["answers"] = "Анкета пустая: введите хотя бы один ответ."
        return values, errors

    def add_response(self, draft: ResponseDraft) -> tuple[int | None, FieldErrors]:
        values, errors = self.validate_response(draft)
        if errors:
            return None, errors
        with self.db.transaction() as session:
            questionnaire = session.get(
                Questionnaire,
                draft.questionnaire_id,
                options=[selectinload(Questionnaire.questions)],
            )
            assert questionnaire is not None and draft.answered_on and draft.person_id
            response = QuestionnaireResponse(
                questionnaire_id=questionnaire.id,
                person_id=draft.person_id,
                answered_on=draft.answered_on,
                note=draft.note.strip(),
            )
            for question in questionnaire.questions:
                value = values.get(question.id)
                if value is None or value == "":
                    continue
                response.answers.append(
                    Answer(
                        question_id=question.id,
                        question_text=question.text,
                        score=value if isinstance(value, int) else None,
                        text=value if isinstance(value, str) else "",
                    )
                )
            session.add(response)
            session.flush()
            return response.id, {}

    def responses(self, questionnaire_id: int | None = None) -> list[QuestionnaireResponse]:
        with self.db.session() as session:
            query = (
                select(QuestionnaireResponse)
                .options(
                    selectinload(QuestionnaireResponse.answers),
                    selectinload(QuestionnaireResponse.person),
                    selectinload(QuestionnaireResponse.questionnaire),
                )
                .order_by(QuestionnaireResponse.answered_on.desc(), QuestionnaireResponse.id)
            )
            if questionnaire_id is not None:
                query = query.where(QuestionnaireResponse.questionnaire_id == questionnaire_id)
            return list(session.scalars(query).all())

    def delete_response(self, response_id: int) -> None:
        with self.db.transaction() as session:
            response = session.get(QuestionnaireResponse, response_id)
            if response is not None:
                session.delete(response)

    # ------------------------------------------------------------ mentees' results

    def validate_result(self, draft: ResultDraft) -> tuple[dict[str, object], FieldErrors]:
        errors: FieldErrors = {}
        values: dict[str, object] = {}
        if draft.person_id is None:
            errors["person"] = "Выберите наставляемого."
        if draft.period_start is None:
            errors["period_start"] = "Укажите начало периода."
        if draft.period_end is None:
            errors["period_end"] = "Укажите конец периода."
        if draft.period_start and draft.period_end and draft.period_end < draft.period_start:
            errors["period_end"] = "Конец периода раньше его начала."
        for name, title in (
            ("exams_passed_share", "Доля прошедших ВПР/ОГЭ/ЕГЭ"),
            ("progress_share", "Успеваемость"),
        ):
            raw = getattr(draft, name).strip().replace(",", ".").rstrip("%").strip()
            if not raw:
                values[name] = None
                continue
            try:
                number = float(raw)
            except ValueError:
                number = -1.0
            if not 0 <= number <= 100:
                errors[name] = f"{title}: укажите процент от 0 до 100."
            else:
                values[name] = round(number, 1)
        for name, title in (
            ("olympiad_participants", "Участники олимпиад"),
            ("competitions", "Конкурсы"),
            ("publications", "Публикации"),
            ("open_lessons", "Открытые уроки"),
        ):
            raw = getattr(draft, name).strip()
            if not raw:
                values[name] = None
                continue
            if not raw.isdigit() or int(raw) > 10_000:
                errors[name] = f"{title}: укажите целое число не меньше нуля."
            else:
                values[name] = int(raw)
        values["note"] = draft.note.strip()
        return values, errors

    def save_result(
        self, draft: ResultDraft, result_id: int | None = None
    ) -> tuple[int | None, FieldErrors]:
        values, errors = self.validate_result(draft)
        if errors:
            return None, errors
        with self.db.transaction() as session:
            clash = session.scalar(
                select(MenteeResult).where(
                    MenteeResult.person_id == draft.person_id,
                    MenteeResult.period_start == draft.period_start,
                )
            )
            if clash is not None and clash.id != result_id:
                return None, {
                    "period_start": "Результаты этого наставляемого за период с этой даты уже "
                    "внесены — откройте их и исправьте."
                }
            row = session.get(MenteeResult, result_id) if result_id else None
            if row is None:
                row = MenteeResult(person_id=draft.person_id)
                session.add(row)
            row.person_id = draft.person_id  # type: ignore[assignment]
            row.period_start = draft.period_start  # type: ignore[assignment]
            row.period_end = draft.period_end  # type: ignore[assignment]
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            return row.id, {}

    def results(self) -> list[MenteeResult]:
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(MenteeResult)
                    .options(selectinload(MenteeResult.person))
                    .order_by(MenteeResult.period_start.desc(), MenteeResult.person_id)
                ).all()
            )

    def delete_result(self, result_id: int) -> dict[str, object] | None:
        """Delete and return the row's values, so that «Отменить» can put it back.

        Plain values, not a detached ORM object: a transient object kept past its session was
        what crashed the interpreter at exit (a refcount error in a compiled extension).
        """
        with self.db.transaction() as session:
            row = session.get(MenteeResult, result_id)
            if row is None:
                return None
            values: dict[str, object] = {
                name: getattr(row, name)
                for name in (
                    "person_id",
                    "period_start",
                    "period_end",
                    "exams_passed_share",
                    "progress_share",
                    "olympiad_participants",
                    "competitions",
                    "publications",
                    "open_lessons",
                    "note",
                )
            }
            session.delete(row)
            return values

    def restore_result(self, values: dict[str, object]) -> None:
        with self.db.transaction() as session:
            session.add(MenteeResult(**values))

    def mentees(self) -> list[Person]:
        """People who are or were mentees, for the pickers."""
        from desktop_app.models import MenteeProfile

        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Person)
                    .join(MenteeProfile, MenteeProfile.person_id == Person.id)
                    .where(Person.archived_on.is_(None))
                    .order_by(Person.last_name, Person.first_name)
                ).all()
            )

    def people_for(self, audience: Audience) -> list[Person]:
        from desktop_app.models import MenteeProfile, MentorProfile

        profile = MenteeProfile if audience == Audience.MENTEE else MentorProfile
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Person)
                    .join(profile, profile.person_id == Person.id)  # type: ignore[attr-defined]
                    .where(Person.archived_on.is_(None))
                    .order_by(Person.last_name, Person.first_name)
                ).all()
            )


def overview_items(db: Database, today: dt.date) -> list[OverviewItem]:
    """«Обзор»: the quarterly monitoring is due by the 15th (seed 004, item 14); say so while
    the mentees' results for the quarter just ended are still missing."""
    from desktop_app.services import indicators as ind
    from desktop_app.services.overview import OverviewItem, Severity

    last = ind.quarter_of(today).previous()
    due = last.end + dt.timedelta(days=15)
    with db.session() as session:
        entered = session.scalar(
            select(func.count())
            .select_from(MenteeResult)
            .where(MenteeResult.period_start >= last.start, MenteeResult.period_start <= last.end)
        )
        in_pairs = _mentees_in_pairs(session, last)
    if entered or not in_pairs or today > last.end + dt.timedelta(days=60):
        return []
    severity = Severity.OVERDUE if today > due else Severity.SOON
    when = f"срок — {due:%d.%m.%Y}" if today <= due else f"срок прошёл {due:%d.%m.%Y}"
    return [
        OverviewItem(
            f"Мониторинг за {last.label}: не внесены результаты наставляемых ({when})",
            severity,
            section="monitoring",
            hint="results",
            due=due,
        )
    ]


def _mentees_in_pairs(session, period) -> int:  # type: ignore[no-untyped-def]
    from desktop_app.models import MentoringPair, PairMembership, PairStatus

    pairs = session.scalars(select(MentoringPair)).all()
    ids = [
        p.id
        for p in pairs
        if p.status != PairStatus.FORMING and period.overlaps(p.start_on, p.ended_on)
    ]
    if not ids:
        return 0
    return int(
        session.scalar(
            select(func.count()).select_from(PairMembership).where(PairMembership.pair_id.in_(ids))
        )
        or 0
    )
