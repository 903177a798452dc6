"""Наставнические пары и группы: forming, editing, ending them, and the rules that keep them sane.

The form hands over a ``PairDraft`` (strings for dates, as typed); ``validate_pair`` checks it
against the bank and the other pairs and either returns a ``ValidPair`` — with warnings the
curator may accept, such as a program shorter than 3 months — or raises ``ValidationError``
mapping each wrong field to a Russian message. Every change is one transaction and adds a line
to the pair's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import EditConflict, NotFound, ValidationError
from desktop_app.models import (
    ConsentState,
    MenteeProfile,
    MentoringForm,
    MentoringKind,
    MentoringPair,
    MentorProfile,
    PairMembership,
    PairStatus,
    PairStatusChange,
    Person,
)
from desktop_app.models.db import Database
from desktop_app.services.concurrency import (
    Stamp,
    check_stamp,
    check_undo,
    log_mark,
    lost_race,
    stamp_after,
    touch,
)
from desktop_app.services.validation import FieldError, format_date, parse_date

OPEN_STATUSES = (PairStatus.FORMING, PairStatus.ACTIVE)
# Seed 000: «персонализированная программа наставничества … от трёх месяцев до одного года».
MIN_MONTHS, MAX_MONTHS = 3, 12


@dataclass
class PairDraft:
    """What the pair form holds: typed-in text and chosen ids, not yet checked."""

    is_group: bool = False
    title: str = ""
    mentor_id: int | None = None
    mentee_ids: list[int] = field(default_factory=list)
    form: MentoringForm | None = MentoringForm.TEACHER_TEACHER
    kinds: list[MentoringKind] = field(default_factory=list)
    direction: str = ""
    start_on: str = ""
    planned_end_on: str = ""
    mentor_consent_on: str = ""
    # Written consent of each mentee to take part, by mentee id: «01.09.2026».
    mentee_consent_on: dict[int, str] = field(default_factory=dict)
    order_number: str = ""
    order_date: str = ""
    # The status a new pair starts in: формируется or (already fixed by an order) действует.
    status: PairStatus = PairStatus.FORMING
    capacity_override_reason: str = ""
    notes: str = ""
    # The version the form showed (services/concurrency.py); None: saved without the check.
    stamp: Stamp | None = field(default=None, compare=False)


@dataclass
class ValidPair:
    values: dict[str, object]
    mentee_ids: list[int]
    mentee_consent: dict[int, dt.date | None]
    warnings: list[str] = field(default_factory=list)
    # The profile versions the checks read: (table, person id) → version (see ``_claim``).
    read_versions: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass
class PairFilter:
    status: PairStatus | None = None
    form: MentoringForm | None = None
    kind: MentoringKind | None = None
    mentor_id: int | None = None
    # Only pairs and groups that hold places now (формируется, действует).
    open_only: bool = False


@dataclass
class PairRow:
    """One line of the pairs table, ready to show."""

    id: int
    is_group: bool
    title: str
    mentor_id: int
    mentor: str
    mentees: str
    mentee_count: int
    form: MentoringForm
    kinds: list[MentoringKind]
    direction: str
    start_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    status: PairStatus
    order: str

    @property
    def kind_text(self) -> str:
        return "пара" if not self.is_group else f"группа ({self.mentee_count})"

    @property
    def period(self) -> str:
        return f"{format_date(self.start_on)} – {format_date(self.ended_on or self.planned_end_on)}"


@dataclass
class UnpairedMentee:
    """A mentee with no open pair: «нуждается в наставнике» (seed 001, 2.4)."""

    id: int
    full_name: str
    position: str
    category: str


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 30.44


def same_direction(a: str, b: str) -> bool:
    """An empty direction means «всё сопровождение», so it overlaps with any other."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return not a or not b or a == b


def _mentor_taken(session: Session, mentor_id: int, except_pair: int | None) -> int:
    """Places the mentor holds now: mentees of their forming and active pairs and groups."""
    stmt = (
        select(PairMembership.id)
        .join(MentoringPair, PairMembership.pair_id == MentoringPair.id)
        .where(MentoringPair.mentor_id == mentor_id, MentoringPair.status.in_(OPEN_STATUSES))
    )
    if except_pair is not None:
        stmt = stmt.where(MentoringPair.id != except_pair)
    return len(session.scalars(stmt).all())


def open_pairs_of(session: Session, person_id: int) -> list[MentoringPair]:
    """Forming and active pairs the person is in, as mentor or mentee."""
    as_mentee = select(PairMembership.pair_id).where(PairMembership.mentee_id == person_id)
    return list(
        session.scalars(
            select(MentoringPair)
            .where(
                MentoringPair.status.in_(OPEN_STATUSES),
                (MentoringPair.mentor_id == person_id) | MentoringPair.id.in_(as_mentee),
            )
            .options(
                selectinload(MentoringPair.mentor),
                selectinload(MentoringPair.memberships).selectinload(PairMembership.mentee),
            )
            .order_by(MentoringPair.id)
        )
    )


def validate_pair(
    session: Session,
    draft: PairDraft,
    *,
    pair_id: int | None = None,
    today: dt.date | None = None,
) -> ValidPair:
    """Check the draft against the bank and the other pairs; raise ``ValidationError``."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    warnings: list[str] = []

    def date_field(name: str, text: str, label: str, *, allow_future: bool) -> dt.date | None:
        try:
            return parse_date(text, label, allow_future=allow_future, today=today)
        except FieldError as exc:
            errors[name] = exc.message
            return None

    start = date_field("start_on", draft.start_on, "Начало", allow_future=True)
    end = date_field(
        "planned_end_on", draft.planned_end_on, "Плановое окончание", allow_future=True
    )
    if start is None and "start_on" not in errors:
        errors["start_on"] = "Начало: укажите дату начала работы пары."
    if end is None and "planned_end_on" not in errors:
        errors["planned_end_on"] = "Плановое окончание: укажите дату окончания."
    if start and end:
        if end <= start:
            errors["planned_end_on"] = (
                f"Плановое окончание: {format_date(end)} не позже начала {format_date(start)}."
            )
        elif end < add_months(start, MIN_MONTHS) or end > add_months(start, MAX_MONTHS):
            warnings.append(
                f"Срок работы — около {months_between(start, end):.0f} мес.: по Положению "
                "персонализированная программа наставничества длится от 3 месяцев до 1 года."
            )
    mentor_consent_on = date_field(
        "mentor_consent_on", draft.mentor_consent_on, "Согласие наставника", allow_future=False
    )
    order_date = date_field("order_date", draft.order_date, "Дата приказа", allow_future=True)
    order_number = draft.order_number.strip()
    if len(order_number) > 50:
        errors["order_number"] = "Номер приказа: не длиннее 50 символов."
    if order_date and order_date > today + dt.timedelta(days=366):
        errors["order_date"] = "Дата приказа: больше чем через год — проверьте год."
    if draft.form is None:
        errors["form"] = "Форма наставничества: выберите форму."
    if draft.status not in OPEN_STATUSES:
        errors["status"] = "Статус: новая пара может быть только «формируется» или «действует»."

    mentee_ids = list(dict.fromkeys(draft.mentee_ids))
    if not mentee_ids:
        errors["mentees"] = "Наставляемые: выберите наставляемого."
    elif not draft.is_group and len(mentee_ids) > 1:
        errors["mentees"] = (
            "Наставляемые: в паре один наставляемый; для нескольких выберите «группа»."
        )
    elif draft.is_group and len(mentee_ids) < 2:
        errors["mentees"] = (
            "Наставляемые: в группе не меньше двух наставляемых; для одного выберите «пара»."
        )
    title = " ".join(draft.title.split())
    if len(title) > 300:
        errors["title"] = "Название группы: не длиннее 300 символов."

    mentor: Person | None = None
    if draft.mentor_id is None:
        errors["mentor"] = "Наставник: выберите наставника."
    else:
        mentor = session.get(Person, draft.mentor_id)
        if mentor is None:
            errors["mentor"] = "Наставник: запись о педагоге не найдена."
        elif mentor.is_archived:
            errors["mentor"] = f"Наставник: {mentor.short_name} в архиве."
        elif not mentor.is_mentor:
            errors["mentor"] = (
                f"Наставник: у {mentor.short_name} нет роли наставника — отметьте её "
                "в карточке педагога (раздел «Педагоги»)."
            )
        elif mentor.consent_state(today) is not ConsentState.GIVEN:
            errors["mentor"] = (
                f"Наставник: у {mentor.short_name} нет согласия на обработку персональных "
                "данных — внесите его в карточку педагога."
            )
        elif draft.mentor_id in mentee_ids:
            errors["mentees"] = "Наставляемые: педагог не может быть наставником самому себе."

    mentee_errors: list[str] = []
    mentees: list[Person] = []
    read_versions: dict[tuple[str, int], int] = {}
    for mentee_id in mentee_ids:
        mentee = session.get(Person, mentee_id)
        if mentee is None:
            mentee_errors.append("запись о наставляемом не найдена")
            continue
        mentees.append(mentee)
        if mentee.mentee_profile is not None:
            read_versions[("mentee", mentee_id)] = mentee.mentee_profile.version
        if mentee_id == draft.mentor_id:
            continue
        if mentee.is_archived:
            mentee_errors.append(f"{mentee.short_name} в архиве")
        elif not mentee.is_mentee:
            mentee_errors.append(
                f"у {mentee.short_name} нет роли наставляемого — отметьте её в карточке педагога"
            )
        elif mentee.consent_state(today) is not ConsentState.GIVEN:
            mentee_errors.append(
                f"у {mentee.short_name} нет согласия на обработку персональных данных"
            )
        else:
            for other in open_pairs_of(session, mentee_id):
                if other.id == pair_id or mentee_id not in {m.mentee_id for m in other.memberships}:
                    continue
                if same_direction(other.direction, draft.direction):
                    where = f" (направление «{other.direction}»)" if other.direction else ""
                    mentee_errors.append(
                        f"{mentee.short_name} уже в паре с наставником "
                        f"{other.mentor.short_name} — {other.status.label}{where}; "
                        "для второй пары укажите другое направление"
                    )
                    break
    if mentee_errors and "mentees" not in errors:
        errors["mentees"] = "Наставляемые: " + "; ".join(mentee_errors) + "."

    mentee_consent: dict[int, dt.date | None] = {}
    for mentee in mentees:
        text = draft.mentee_consent_on.get(mentee.id, "")
        mentee_consent[mentee.id] = date_field(
            "mentee_consent_on",
            text,
            f"Согласие наставляемого {mentee.short_name}",
            allow_future=False,
        )

    override = draft.capacity_override_reason.strip()
    if mentor is not None and "mentor" not in errors and mentor.mentor_profile is not None:
        read_versions[("mentor", mentor.id)] = mentor.mentor_profile.version
        capacity = mentor.mentor_profile.max_mentees
        taken = _mentor_taken(session, mentor.id, pair_id)
        if taken + len(mentee_ids) > capacity and not override:
            errors["capacity_override_reason"] = (
                f"Наставник {mentor.short_name} уже ведёт {taken} из {capacity} наставляемых; "
                f"с этой {'группой' if draft.is_group else 'парой'} "
                f"будет {taken + len(mentee_ids)}."
                " Выберите другого наставника или укажите причину превышения."
            )
        if not mentor.mentor_profile.appointment_consent:
            if draft.status is PairStatus.ACTIVE:
                errors["status"] = (
                    f"Статус: у {mentor.short_name} нет письменного согласия на назначение "
                    "наставником (п. 4.3.2) — пара может только формироваться."
                )
            else:
                warnings.append(
                    f"У {mentor.short_name} нет письменного согласия на назначение наставником: "
                    "получите его до приказа о закреплении."
                )
        if mentee_ids and mentor.birth_date and MentoringKind.REVERSE not in draft.kinds:
            older = [m for m in mentees if m.birth_date and m.birth_date < mentor.birth_date]
            if older and len(older) == len(mentees):
                warnings.append(
                    "Наставник моложе наставляемого: если это реверсивное наставничество, "
                    "отметьте вид «реверсивное»."
                )
    if draft.status is PairStatus.ACTIVE and not (order_number and order_date):
        warnings.append("Пара действует, но приказ о закреплении не указан (номер и дата).")

    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None and draft.form is not None
    return ValidPair(
        values={
            "is_group": draft.is_group,
            "title": title if draft.is_group else "",
            "mentor_id": draft.mentor_id,
            "form": draft.form,
            "kinds": [MentoringKind(k).value for k in draft.kinds],
            "direction": " ".join(draft.direction.split()),
            "start_on": start,
            "planned_end_on": end,
            "mentor_consent_on": mentor_consent_on,
            "order_number": order_number,
            "order_date": order_date,
            "capacity_override_reason": override,
            "notes": draft.notes.strip(),
        },
        mentee_ids=mentee_ids,
        mentee_consent=mentee_consent,
        warnings=warnings,
        read_versions=read_versions,
    )


class PairService:
    """Pairs and groups over one database: a session per call, one transaction per change."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- queries -----------------------------------------------------------------------

    def check(
        self, draft: PairDraft, pair_id: int | None = None, today: dt.date | None = None
    ) -> list[str]:
        """The warnings the draft would be saved with; raises ``ValidationError`` if wrong."""
        with self.db.session() as session:
            return validate_pair(session, draft, pair_id=pair_id, today=today).warnings

    def get(self, pair_id: int) -> MentoringPair:
        with self.db.session() as session:
            pair = session.scalars(
                select(MentoringPair)
                .where(MentoringPair.id == pair_id)
                .options(
                    selectinload(MentoringPair.mentor).selectinload(Person.mentor_profile),
                    selectinload(MentoringPair.mentor).selectinload(Person.organisation),
                    selectinload(MentoringPair.memberships)
                    .selectinload(PairMembership.mentee)
                    .selectinload(Person.organisation),
                    selectinload(MentoringPair.history),
                )
            ).first()
            if pair is None:
                raise NotFound("Пара не найдена — возможно, её удалили.")
            return pair

    def draft(self, pair_id: int) -> PairDraft:
        """The stored pair as the form shows it, for editing."""
        with self.db.session() as session:
            mark = log_mark(session, "pair", pair_id)
        p = self.get(pair_id)
        return PairDraft(
            stamp=Stamp(p.version, mark),
            is_group=p.is_group,
            title=p.title,
            mentor_id=p.mentor_id,
            mentee_ids=[m.mentee_id for m in p.memberships],
            form=p.form,
            kinds=p.kind_list,
            direction=p.direction,
            start_on=format_date(p.start_on),
            planned_end_on=format_date(p.planned_end_on),
            mentor_consent_on=format_date(p.mentor_consent_on),
            mentee_consent_on={m.mentee_id: format_date(m.consent_on) for m in p.memberships},
            order_number=p.order_number,
            order_date=format_date(p.order_date),
            status=p.status if p.status in OPEN_STATUSES else PairStatus.FORMING,
            capacity_override_reason=p.capacity_override_reason,
            notes=p.notes,
        )

    def list_rows(self, flt: PairFilter | None = None) -> list[PairRow]:
        flt = flt or PairFilter()
        stmt = select(MentoringPair).options(
            selectinload(MentoringPair.mentor),
            selectinload(MentoringPair.memberships).selectinload(PairMembership.mentee),
        )
        if flt.status is not None:
            stmt = stmt.where(MentoringPair.status == flt.status)
        elif flt.open_only:
            stmt = stmt.where(MentoringPair.status.in_(OPEN_STATUSES))
        if flt.form is not None:
            stmt = stmt.where(MentoringPair.form == flt.form)
        if flt.mentor_id is not None:
            stmt = stmt.where(MentoringPair.mentor_id == flt.mentor_id)
        rows: list[PairRow] = []
        with self.db.session() as session:
            for p in session.scalars(stmt.order_by(MentoringPair.start_on, MentoringPair.id)):
                if flt.kind is not None and flt.kind.value not in (p.kinds or []):
                    continue
                order = ""
                if p.order_number or p.order_date:
                    order = f"№ {p.order_number} от {format_date(p.order_date)}".strip()
                rows.append(
                    PairRow(
                        id=p.id,
                        is_group=p.is_group,
                        title=p.title,
                        mentor_id=p.mentor_id,
                        mentor=p.mentor.full_name,
                        mentees=", ".join(m.mentee.short_name for m in p.memberships),
                        mentee_count=len(p.memberships),
                        form=p.form,
                        kinds=p.kind_list,
                        direction=p.direction,
                        start_on=p.start_on,
                        planned_end_on=p.planned_end_on,
                        ended_on=p.ended_on,
                        status=p.status,
                        order=order,
                    )
                )
        return rows

    def unpaired_mentees(self) -> list[UnpairedMentee]:
        """Active mentees in no forming or active pair: they still need a mentor."""
        paired = (
            select(PairMembership.mentee_id)
            .join(MentoringPair, PairMembership.pair_id == MentoringPair.id)
            .where(MentoringPair.status.in_(OPEN_STATUSES))
        )
        stmt = (
            select(Person, MenteeProfile)
            .join(MenteeProfile, MenteeProfile.person_id == Person.id)
            .where(
                MenteeProfile.active,
                Person.archived_on.is_(None),
                Person.id.not_in(paired),
            )
            .order_by(Person.last_name, Person.first_name, Person.patronymic)
        )
        with self.db.session() as session:
            return [
                UnpairedMentee(
                    id=person.id,
                    full_name=person.full_name,
                    position=person.position,
                    category=profile.category.label if profile.category else "",
                )
                for person, profile in session.execute(stmt)
            ]

    def mentor_load(self, mentor_id: int, except_pair: int | None = None) -> tuple[int, int]:
        """(places taken, places in the mentor's profile)."""
        with self.db.session() as session:
            person = session.get(Person, mentor_id)
            capacity = person.mentor_profile.max_mentees if person and person.mentor_profile else 0
            return _mentor_taken(session, mentor_id, except_pair), capacity

    def open_pairs_of(self, person_id: int) -> list[MentoringPair]:
        with self.db.session() as session:
            return open_pairs_of(session, person_id)

    # --- changes -----------------------------------------------------------------------

    def create(self, draft: PairDraft, today: dt.date | None = None) -> int:
        today = today or dt.date.today()
        with lost_race(_race_message(draft)), self.db.transaction() as session:
            valid = validate_pair(session, draft, today=today)
            pair = MentoringPair(status=draft.status)
            session.add(pair)
            self._apply(pair, valid)
            _claim(session, valid, draft)
            note = "создана группа" if draft.is_group else "создана пара"
            if draft.status is PairStatus.ACTIVE and valid.values["order_number"]:
                note += f"; приказ № {valid.values['order_number']}"
            pair.history.append(PairStatusChange(status=draft.status, changed_on=today, note=note))
            session.flush()
            return pair.id

    def update(self, pair_id: int, draft: PairDraft, today: dt.date | None = None) -> None:
        """Edit an open pair's people and attributes; its status changes through the actions."""
        today = today or dt.date.today()
        with lost_race(_race_message(draft)), self.db.transaction() as session:
            pair = session.get(MentoringPair, pair_id)
            what = f"Пару «{pair.label}»" if pair is not None else "Пару"
            check_stamp(session, pair, draft.stamp, entity="pair", entity_id=pair_id, what=what)
            pair = self._pair(session, pair_id)
            if not pair.status.is_open:
                raise ValidationError(
                    {"status": f"Пара {pair.status.label}: её уже нельзя изменить."}
                )
            draft.status = pair.status
            valid = validate_pair(session, draft, pair_id=pair_id, today=today)
            self._apply(pair, valid)
            touch(pair)
            _claim(session, valid, draft)

    def activate(
        self,
        pair_id: int,
        day: dt.date | None = None,
        order_number: str = "",
        order_date: dt.date | None = None,
    ) -> Stamp:
        """формируется → действует, usually when the order fixing the pair is signed."""
        day = day or dt.date.today()
        with self.db.transaction() as session:
            pair = self._pair(session, pair_id)
            if pair.status is not PairStatus.FORMING:
                raise ValidationError(
                    {
                        "status": f"Статус: пара {pair.status.label}, "
                        "начать можно только формируемую."
                    }
                )
            profile = pair.mentor.mentor_profile
            if profile is None or not profile.appointment_consent:
                raise ValidationError(
                    {
                        "status": f"Статус: у {pair.mentor.short_name} нет письменного согласия "
                        "на назначение наставником (п. 4.3.2)."
                    }
                )
            if order_number:
                pair.order_number = order_number.strip()
            if order_date:
                pair.order_date = order_date
            pair.status = PairStatus.ACTIVE
            note = f"приказ № {pair.order_number}" if pair.order_number else ""
            pair.history.append(
                PairStatusChange(status=PairStatus.ACTIVE, changed_on=day, note=note)
            )
            return stamp_after(session, pair, "pair")

    def complete(self, pair_id: int, day: dt.date | None = None, note: str = "") -> Stamp:
        """действует → завершена: the program ran its course."""
        day = day or dt.date.today()
        with self.db.transaction() as session:
            pair = self._pair(session, pair_id)
            if pair.status is not PairStatus.ACTIVE:
                raise ValidationError(
                    {"status": f"Статус: пара {pair.status.label}, завершить можно действующую."}
                )
            self._check_end_day(pair, day)
            pair.status = PairStatus.COMPLETED
            pair.ended_on = day
            pair.history.append(
                PairStatusChange(status=PairStatus.COMPLETED, changed_on=day, note=note.strip())
            )
            return stamp_after(session, pair, "pair")

    def terminate(self, pair_id: int, reason: str, day: dt.date | None = None) -> Stamp:
        """→ расторгнута, with the reason (a mentor left, the pair did not work out…)."""
        day = day or dt.date.today()
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError({"end_reason": "Причина: укажите, почему пара расторгнута."})
        with self.db.transaction() as session:
            pair = self._pair(session, pair_id)
            if not pair.status.is_open:
                raise ValidationError({"status": f"Статус: пара уже {pair.status.label}."})
            self._check_end_day(pair, day)
            pair.status = PairStatus.TERMINATED
            pair.ended_on = day
            pair.end_reason = reason
            pair.history.append(
                PairStatusChange(status=PairStatus.TERMINATED, changed_on=day, note=reason)
            )
            return stamp_after(session, pair, "pair")

    def undo_status(
        self, pair_id: int, today: dt.date | None = None, expected: Stamp | None = None
    ) -> None:
        """Take back the last status change (Ctrl+Z after ending a pair by mistake).

        ``expected``: the stamp the change left; if someone else changed the pair after it,
        the undo is refused rather than taking their change back."""
        with self.db.transaction() as session:
            found = session.get(MentoringPair, pair_id)
            what = f"пару «{found.label}»" if found is not None else "пару"
            check_undo(session, found, expected, entity="pair", entity_id=pair_id, what=what)
            pair = self._pair(session, pair_id)
            if len(pair.history) < 2:
                raise ValidationError({"status": "Статус: отменять нечего."})
            last = pair.history[-1]
            previous = pair.history[-2].status
            if not pair.status.is_open and previous.is_open:
                # Reopening must not break the rules another pair relies on meanwhile.
                draft = PairService._draft_of(pair)
                draft.status = previous
                validate_pair(session, draft, pair_id=pair.id, today=today)
            pair.history.remove(last)
            pair.status = previous
            if previous.is_open:
                pair.ended_on = None
                pair.end_reason = ""

    def record_order(self, pair_ids: Iterable[int], number: str, day: dt.date) -> None:
        """Write the number and date of the order that fixed these pairs into them."""
        number = " ".join(number.split())
        if not number:
            raise ValidationError({"order_number": "Номер приказа: укажите номер."})
        if len(number) > 50:
            raise ValidationError({"order_number": "Номер приказа: не длиннее 50 символов."})
        with self.db.transaction() as session:
            for pair_id in pair_ids:
                pair = self._pair(session, pair_id)
                pair.order_number = number
                pair.order_date = day

    def delete(self, pair_id: int, expected: Stamp | None = None) -> PairDraft:
        """Delete a pair still being formed (entered by mistake); returns it for undo.

        Pairs that were in force stay: they are history, and orders name them. ``expected``
        (the undo of a creation): refused if someone else changed the pair since.
        """
        with self.db.transaction() as session:
            found = session.get(MentoringPair, pair_id)
            what = f"пару «{found.label}»" if found is not None else "пару"
            check_undo(session, found, expected, entity="pair", entity_id=pair_id, what=what)
            pair = self._pair(session, pair_id)
            if pair.status is not PairStatus.FORMING:
                raise ValidationError(
                    {
                        "status": f"Пара {pair.status.label}: удалить можно только формируемую; "
                        "действующую завершите или расторгните."
                    }
                )
            draft = PairService._draft_of(pair)
            session.delete(pair)
            return draft

    # --- internals ---------------------------------------------------------------------

    @staticmethod
    def _pair(session: Session, pair_id: int) -> MentoringPair:
        pair = session.get(MentoringPair, pair_id)
        if pair is None:
            raise NotFound("Пара не найдена — возможно, её удалили.")
        return pair

    @staticmethod
    def _check_end_day(pair: MentoringPair, day: dt.date) -> None:
        if day < pair.start_on:
            raise ValidationError(
                {
                    "ended_on": f"Дата окончания: {format_date(day)} раньше начала работы "
                    f"пары {format_date(pair.start_on)}."
                }
            )

    @staticmethod
    def _draft_of(pair: MentoringPair) -> PairDraft:
        return PairDraft(
            is_group=pair.is_group,
            title=pair.title,
            mentor_id=pair.mentor_id,
            mentee_ids=[m.mentee_id for m in pair.memberships],
            form=pair.form,
            kinds=pair.kind_list,
            direction=pair.direction,
            start_on=format_date(pair.start_on),
            planned_end_on=format_date(pair.planned_end_on),
            mentor_consent_on=format_date(pair.mentor_consent_on),
            mentee_consent_on={m.mentee_id: format_date(m.consent_on) for m in pair.memberships},
            order_number=pair.order_number,
            order_date=format_date(pair.order_date),
            status=pair.status,
            capacity_override_reason=pair.capacity_override_reason,
            notes=pair.notes,
        )

    @staticmethod
    def _apply(pair: MentoringPair, valid: ValidPair) -> None:
        for key, value in valid.values.items():
            setattr(pair, key, value)
        by_mentee = {m.mentee_id: m for m in pair.memberships}
        for mentee_id, membership in by_mentee.items():
            if mentee_id not in valid.mentee_ids:
                pair.memberships.remove(membership)
        for mentee_id in valid.mentee_ids:
            membership = by_mentee.get(mentee_id)
            if membership is None:
                membership = PairMembership(mentee_id=mentee_id)
                pair.memberships.append(membership)
            membership.consent_on = valid.mentee_consent.get(mentee_id)


def _race_message(draft: PairDraft) -> str:
    return (
        f"{'Группу' if draft.is_group else 'Пару'} не удалось сохранить: в эту же "
        "минуту другой пользователь изменил пары этого наставника или наставляемых "
        "(например, включил наставляемого в другую пару). Ничего не записано. "
        "Нажмите «Сохранить» ещё раз — программа проверит всё заново."
    )


def _claim(session: Session, valid: ValidPair, draft: PairDraft) -> None:
    """Take the mentees and the mentor for this pair in the database itself.

    The checks (a mentee in one open pair per direction, the mentor's places) read the other
    pairs; two users saving at the same moment would both pass them. Each save therefore moves
    every profile it relied on to a new version, ``WHERE version = <what the checks read>``:
    the second save finds a version it did not read (on PostgreSQL it waits for the first to
    commit, then finds none), writes nothing and is told so; never both succeed.
    """
    tables = {"mentee": MenteeProfile, "mentor": MentorProfile}
    # In one order for everybody: two saves never wait on each other crosswise (deadlock).
    for (kind, person_id), version in sorted(valid.read_versions.items()):
        model = tables[kind]
        done = session.execute(
            update(model)
            .where(model.person_id == person_id, model.version == version)
            .values(version=version + 1)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            raise EditConflict(_race_message(draft))


def mentor_ids_in_open_pairs(session: Session, mentee_ids: Iterable[int]) -> dict[int, set[int]]:
    """mentee id → mentors they already have in open pairs (suggestions skip those)."""
    result: dict[int, set[int]] = {}
    stmt = (
        select(PairMembership.mentee_id, MentoringPair.mentor_id)
        .join(MentoringPair, PairMembership.pair_id == MentoringPair.id)
        .where(MentoringPair.status.in_(OPEN_STATUSES))
        .where(PairMembership.mentee_id.in_(list(mentee_ids)))
    )
    for mentee_id, mentor_id in session.execute(stmt):
        result.setdefault(mentee_id, set()).add(mentor_id)
    return result


def overview_items(db: Database, today: dt.date) -> list:  # type: ignore[type-arg]
    """For «Обзор»: mentees who need a mentor, pairs without an order, ends that are near or past,
    and the figures of pairs and groups at work."""
    from desktop_app.services.overview import SOON_DAYS, OverviewItem, Severity, counted

    service = PairService(db)
    rows = service.list_rows(PairFilter(open_only=True))
    items: list[OverviewItem] = []
    unpaired = service.unpaired_mentees()
    if unpaired:
        names = ", ".join(m.full_name for m in unpaired[:3]) + ("…" if len(unpaired) > 3 else "")
        mentees = counted(("наставляемый", "наставляемых", "наставляемых"), len(unpaired))
        items.append(
            OverviewItem(
                f"Нуждаются в наставнике: {mentees} ({names})",
                Severity.WARNING,
                section="pairs",
                hint="unpaired",
                figure=len(unpaired),
            )
        )
    without_order = [r for r in rows if not r.order]
    if without_order:
        items.append(
            OverviewItem(
                "Без приказа о закреплении: "
                + ", ".join(
                    counted(forms, n)
                    for forms, n in (
                        (("пара", "пары", "пар"), sum(not r.is_group for r in without_order)),
                        (("группа", "группы", "групп"), sum(r.is_group for r in without_order)),
                    )
                    if n
                ),
                Severity.WARNING,
                section="pairs",
                hint="no_order",
                figure=len(without_order),
            )
        )
    for r in rows:
        if r.status is not PairStatus.ACTIVE:
            continue
        label = f"{r.mentor} → {r.mentees}"
        if r.planned_end_on < today:
            items.append(
                OverviewItem(
                    f"Срок пары истёк {format_date(r.planned_end_on)}: {label} — завершите её "
                    "или продлите срок",
                    Severity.OVERDUE,
                    section="pairs",
                    record_id=r.id,
                    due=r.planned_end_on,
                )
            )
        elif (r.planned_end_on - today).days <= SOON_DAYS:
            items.append(
                OverviewItem(
                    f"Пара заканчивает работу {format_date(r.planned_end_on)}: {label}",
                    Severity.SOON,
                    section="pairs",
                    record_id=r.id,
                    due=r.planned_end_on,
                )
            )
    active = sum(1 for r in rows if r.status is PairStatus.ACTIVE)
    items.append(
        OverviewItem(
            f"Действует пар и групп: {active}",
            Severity.INFO,
            section="pairs",
            figure=active,
        )
    )
    return items
