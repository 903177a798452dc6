"""The bank of teachers: people, their consent, their mentor and mentee sides.

The form hands over a ``PersonDraft`` of what was typed (strings for dates and numbers), the
service checks every field and either saves the whole person in one transaction or raises a
``ValidationError`` that maps each wrong field to its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import NotFound, ValidationError
from desktop_app.models import (
    ConsentState,
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Person,
    PersonalDataConsent,
    QualificationCategory,
    Role,
    Setting,
)
from desktop_app.models.db import Database
from desktop_app.services.concurrency import (
    Stamp,
    check_stamp,
    check_undo,
    explained,
    log_mark,
    lost_race,
    stamp_after,
    touch,
)
from desktop_app.services.pairs import open_pairs_of
from desktop_app.services.people_index import (
    REVISION_KEY,
    PeopleIndex,
    bump_people_revision,
)
from desktop_app.services.people_index import (
    experience_on as _experience,
)
from desktop_app.services.text import like_pattern, normalise_search
from desktop_app.services.validation import (
    FieldError,
    check_email,
    check_name_part,
    check_phone,
    format_date,
    parse_date,
    parse_int,
)


@dataclass
class MentorDraft:
    expertise_categories: list[DeficitCategory] = field(default_factory=list)
    expertise_note: str = ""
    max_mentees: str = "2"
    appointment_consent: bool = False
    appointment_consent_on: str = ""
    qualifying_grounds: str = ""
    training_course: str = ""
    training_hours: str = ""
    training_certificate: str = ""
    training_completed_on: str = ""


@dataclass
class MenteeDraft:
    category: MenteeCategory | None = None
    request: str = ""
    # Only the categories where the mentee has a difficulty: level and note.
    difficulties: dict[DeficitCategory, tuple[DeficitLevel | None, str]] = field(
        default_factory=dict
    )


@dataclass
class PersonDraft:
    """What the person form holds: typed-in text, not yet checked."""

    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    gender: Gender | None = None
    birth_date: str = ""
    position: str = ""
    subjects: str = ""
    qualification_category: QualificationCategory | None = None
    experience_years: str = ""
    hired_on: str = ""
    education: str = ""
    phone: str = ""
    email: str = ""
    achievements: str = ""
    notes: str = ""
    organisation_id: int | None = None
    consent_given_on: str = ""
    consent_withdrawn_on: str = ""
    consent_document: str = ""
    is_mentor: bool = False
    mentor: MentorDraft = field(default_factory=MentorDraft)
    is_mentee: bool = False
    mentee: MenteeDraft = field(default_factory=MenteeDraft)
    # The version the form showed (services/concurrency.py); None: saved without the check.
    # Not part of equality: two drafts with the same values are the same typing.
    stamp: Stamp | None = field(default=None, compare=False)


def guess_gender(patronymic: str, first_name: str = "") -> Gender | None:
    """From the patronymic (reliable), else from the first name's ending (a guess)."""
    p = patronymic.strip().casefold()
    if p.endswith(("вна", "чна", "кызы", "гызы", "қизи", "кизи")):
        return Gender.FEMALE
    if p.endswith(("вич", "ич", "оглы", "огли", "улы", "уулу")):
        return Gender.MALE
    name = first_name.strip().casefold()
    if name and not p:
        if name in {"никита", "илья", "фома", "кузьма", "лука", "савва", "данила", "миша"}:
            return Gender.MALE
        if name.endswith(("а", "я")):
            return Gender.FEMALE
        if name.endswith(("ь",)):
            return None
        return Gender.MALE
    return None


@dataclass
class ValidPerson:
    """A draft after every check: typed values ready to be written."""

    values: dict[str, object]
    consent: tuple[dt.date | None, dt.date | None, str]
    mentor: dict[str, object] | None
    mentee: dict[str, object] | None
    difficulties: list[tuple[DeficitCategory, DeficitLevel | None, str]]


def validate_person(draft: PersonDraft, today: dt.date | None = None) -> ValidPerson:
    """Check every field; raise ``ValidationError`` naming each wrong one."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}

    def check(name: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return fn(*args, **kwargs)
        except FieldError as exc:
            errors[name] = exc.message
            return None

    last = check("last_name", check_name_part, draft.last_name, "Фамилия", required=True)
    first = check("first_name", check_name_part, draft.first_name, "Имя", required=True)
    patronymic = check("patronymic", check_name_part, draft.patronymic, "Отчество", required=False)
    gender = draft.gender or guess_gender(patronymic or "", first or "")
    if gender is None and "first_name" not in errors:
        errors["gender"] = "Пол: укажите пол — он нужен, чтобы правильно склонять ФИО в приказах."
    birth = check("birth_date", parse_date, draft.birth_date, "Дата рождения", today=today)
    if birth and (today.year - birth.year) < 16:
        errors["birth_date"] = "Дата рождения: возраст работника меньше 16 лет — проверьте год."
    hired = check(
        "hired_on", parse_date, draft.hired_on, "Дата приёма", allow_future=True, today=today
    )
    if hired and hired > today + dt.timedelta(days=366):
        errors["hired_on"] = "Дата приёма: дата больше чем через год — проверьте год."
    if hired and birth and hired < birth:
        errors["hired_on"] = "Дата приёма: раньше даты рождения."
    experience = check(
        "experience_years",
        parse_int,
        draft.experience_years,
        "Педагогический стаж",
        minimum=0,
        maximum=70,
    )
    if experience is not None and birth and experience > today.year - birth.year - 14:
        errors["experience_years"] = "Педагогический стаж: больше, чем позволяет возраст."
    phone = check("phone", check_phone, draft.phone)
    email = check("email", check_email, draft.email)

    given = check(
        "consent_given_on", parse_date, draft.consent_given_on, "Согласие дано", today=today
    )
    withdrawn = check(
        "consent_withdrawn_on",
        parse_date,
        draft.consent_withdrawn_on,
        "Согласие отозвано",
        today=today,
    )
    if withdrawn and not given and "consent_given_on" not in errors:
        errors["consent_withdrawn_on"] = "Согласие отозвано: сначала укажите, когда оно было дано."
    if withdrawn and given and withdrawn < given:
        errors["consent_withdrawn_on"] = "Согласие отозвано: дата раньше даты согласия."

    mentor_values: dict[str, object] | None = None
    if draft.is_mentor:
        m = draft.mentor
        max_mentees = check(
            "max_mentees", parse_int, m.max_mentees, "Наставляемых не более", minimum=1, maximum=20
        )
        if max_mentees is None and "max_mentees" not in errors:
            errors["max_mentees"] = "Наставляемых не более: укажите число от 1 до 20."
        mentor_values = {
            "expertise_categories": [DeficitCategory(c).value for c in m.expertise_categories],
            "expertise_note": m.expertise_note.strip(),
            "max_mentees": max_mentees or 1,
            "appointment_consent": m.appointment_consent,
            "appointment_consent_on": check(
                "appointment_consent_on",
                parse_date,
                m.appointment_consent_on,
                "Дата согласия на назначение",
                today=today,
            ),
            "qualifying_grounds": m.qualifying_grounds.strip(),
            "training_course": m.training_course.strip(),
            "training_hours": check(
                "training_hours",
                parse_int,
                m.training_hours,
                "Объём курса, часов",
                minimum=1,
                maximum=2000,
            ),
            "training_certificate": m.training_certificate.strip(),
            "training_completed_on": check(
                "training_completed_on",
                parse_date,
                m.training_completed_on,
                "Дата окончания курса",
                today=today,
            ),
        }
    mentee_values: dict[str, object] | None = None
    difficulties: list[tuple[DeficitCategory, DeficitLevel | None, str]] = []
    if draft.is_mentee:
        if draft.mentee.category is None:
            errors["mentee_category"] = "Категория наставляемого: выберите категорию (п. 5.2.3)."
        mentee_values = {"category": draft.mentee.category, "request": draft.mentee.request.strip()}
        for category in DeficitCategory:
            if category in draft.mentee.difficulties:
                level, note = draft.mentee.difficulties[category]
                difficulties.append((category, level, note.strip()))

    if errors:
        raise ValidationError(errors)
    return ValidPerson(
        values={
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic or "",
            "gender": gender,
            "birth_date": birth,
            "position": " ".join(draft.position.split()),
            "subjects": " ".join(draft.subjects.split()),
            "qualification_category": draft.qualification_category,
            "experience_years": experience,
            "experience_as_of": today if experience is not None else None,
            "hired_on": hired,
            "education": draft.education.strip(),
            "phone": phone or "",
            "email": email or "",
            "achievements": draft.achievements.strip(),
            "notes": draft.notes.strip(),
        },
        consent=(given, withdrawn, draft.consent_document.strip()),
        mentor=mentor_values,
        mentee=mentee_values,
        difficulties=difficulties,
    )


@dataclass
class PeopleFilter:
    text: str = ""
    role: Role | None = None
    mentee_category: MenteeCategory | None = None
    consent: ConsentState | None = None
    include_archived: bool = False


@dataclass
class PersonRow:
    """One line of a people table, ready to show."""

    id: int
    full_name: str
    position: str
    subjects: str
    qualification: str
    experience: int | None
    roles: str
    consent: ConsentState
    organisation: str
    archived: bool
    mentee_category: str = ""
    request: str = ""
    difficulties: str = ""
    expertise: str = ""
    max_mentees: int | None = None
    appointment_consent: bool | None = None


# Sort keys a table may ask for: column key -> SQL expressions (whitelisted, never user text).
SORT_COLUMNS = {
    "full_name": (Person.last_name, Person.first_name, Person.patronymic),
    "position": (Person.position, Person.last_name),
    "subjects": (Person.subjects, Person.last_name),
    "qualification": (Person.qualification_category, Person.last_name),
    "experience": (Person.experience_years, Person.last_name),
    "organisation": (Organisation.short_name, Person.last_name),
}


def _latest_consent_id():  # type: ignore[no-untyped-def]
    return (
        select(func.max(PersonalDataConsent.id))
        .where(PersonalDataConsent.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )


def consent_condition(state: ConsentState, today: dt.date):  # type: ignore[no-untyped-def]
    latest = PersonalDataConsent.id == _latest_consent_id()
    given = and_(
        latest,
        PersonalDataConsent.given_on.is_not(None),
        or_(PersonalDataConsent.withdrawn_on.is_(None), PersonalDataConsent.withdrawn_on > today),
    )
    withdrawn = and_(latest, PersonalDataConsent.withdrawn_on <= today)
    has_given = exists(select(1).where(PersonalDataConsent.person_id == Person.id, given))
    has_withdrawn = exists(select(1).where(PersonalDataConsent.person_id == Person.id, withdrawn))
    if state is ConsentState.GIVEN:
        return has_given
    if state is ConsentState.WITHDRAWN:
        return has_withdrawn
    return and_(not_(has_given), not_(has_withdrawn))


class PeopleService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- queries -----------------------------------------------------------------------

    def _filtered(self, flt: PeopleFilter, today: dt.date) -> Select:  # type: ignore[type-arg]
        stmt = select(Person.id).join(Organisation, Person.organisation_id == Organisation.id)
        if not flt.include_archived:
            stmt = stmt.where(Person.archived_on.is_(None))
        for token in normalise_search(flt.text).split():
            stmt = stmt.where(Person.search_text.like(like_pattern(token), escape="\\"))
        is_mentor = exists(
            select(1).where(MentorProfile.person_id == Person.id, MentorProfile.active)
        )
        is_mentee = exists(
            select(1).where(MenteeProfile.person_id == Person.id, MenteeProfile.active)
        )
        if flt.role is Role.MENTOR:
            stmt = stmt.where(is_mentor)
        elif flt.role is Role.MENTEE:
            stmt = stmt.where(is_mentee)
        elif flt.role is Role.NONE:
            stmt = stmt.where(not_(is_mentor), not_(is_mentee))
        if flt.mentee_category is not None:
            stmt = stmt.where(
                exists(
                    select(1).where(
                        MenteeProfile.person_id == Person.id,
                        MenteeProfile.active,
                        MenteeProfile.category == flt.mentee_category,
                    )
                )
            )
        if flt.consent is not None:
            stmt = stmt.where(consent_condition(flt.consent, today))
        return stmt

    def query_ids(
        self,
        flt: PeopleFilter,
        sort_key: str = "full_name",
        descending: bool = False,
        today: dt.date | None = None,
    ) -> list[int]:
        """The ids of matching people in display order.

        Filtering runs over an in-memory index of the bank, not in SQL: on the old school PC a
        LIKE scan of 10,000 rows plus ORDER BY takes 40–80 ms, the index answers in a few, so
        search keeps up with typing. ``query_ids_sql`` is the reference it is tested against.
        """
        index = self._index(today or dt.date.today())
        return index.query(flt, sort_key, descending)

    def query_ids_sql(
        self,
        flt: PeopleFilter,
        sort_key: str = "full_name",
        descending: bool = False,
        today: dt.date | None = None,
    ) -> list[int]:
        """The same answer as ``query_ids`` computed by the database (for exports and tests)."""
        today = today or dt.date.today()
        columns = SORT_COLUMNS.get(sort_key, SORT_COLUMNS["full_name"])
        order = [c.desc() if descending else c.asc() for c in columns]
        stmt = self._filtered(flt, today).order_by(*order, Person.id)
        with self.db.session() as session:
            return list(session.scalars(stmt))

    def count(self, flt: PeopleFilter, today: dt.date | None = None) -> int:
        return len(self.query_ids(flt, today=today))

    def revision(self) -> object:
        """A value that changes whenever anyone changes the bank (also on another computer
        sharing a server database), and with the date, since consent states depend on it."""
        with self.db.session() as session:
            number = session.scalar(select(Setting.value).where(Setting.key == REVISION_KEY))
        return (number, dt.date.today())

    def _index(self, today: dt.date) -> PeopleIndex:
        revision = self.revision()[0]
        cached = self.db.cache.get("people_index")
        if cached is None or cached.revision != revision or cached.today != today:
            cached = PeopleIndex.load(self.db, revision, today)
            self.db.cache["people_index"] = cached
        return cached

    def rows(self, ids: Sequence[int], today: dt.date | None = None) -> dict[int, PersonRow]:
        """Display rows for a block of ids, in two narrow queries (no ORM objects)."""
        today = today or dt.date.today()
        if not ids:
            return {}
        id_list = list(ids)
        stmt = (
            select(
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.patronymic,
                Person.position,
                Person.subjects,
                Person.qualification_category,
                Person.experience_years,
                Person.experience_as_of,
                Person.archived_on,
                Organisation.short_name,
                Organisation.full_name,
                MentorProfile.active,
                MentorProfile.expertise_categories,
                MentorProfile.max_mentees,
                MentorProfile.appointment_consent,
                MenteeProfile.active,
                MenteeProfile.category,
                MenteeProfile.request,
            )
            .join(Organisation, Person.organisation_id == Organisation.id)
            .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
            .outerjoin(MenteeProfile, MenteeProfile.person_id == Person.id)
            .where(Person.id.in_(id_list))
        )
        consent = self._index(today).consent
        result: dict[int, PersonRow] = {}
        with self.db.session() as session:
            difficulties: dict[int, list[str]] = {}
            for mentee_id, category in session.execute(
                select(MenteeDifficulty.mentee_id, MenteeDifficulty.category)
                .where(MenteeDifficulty.mentee_id.in_(id_list))
                .order_by(MenteeDifficulty.mentee_id, MenteeDifficulty.id)
            ):
                difficulties.setdefault(mentee_id, []).append(category.label)
            for r in session.execute(stmt):
                is_mentor, is_mentee = bool(r[12]), bool(r[16])
                roles = [
                    label
                    for flag, label in ((is_mentor, "наставник"), (is_mentee, "наставляемый"))
                    if flag
                ]
                row = PersonRow(
                    id=r[0],
                    full_name=" ".join(x for x in (r[1], r[2], r[3]) if x),
                    position=r[4],
                    subjects=r[5],
                    qualification=r[6].label if r[6] else "",
                    experience=_experience(r[7], r[8], today),
                    roles=", ".join(roles),
                    consent=consent.get(r[0], ConsentState.MISSING),
                    organisation=r[10] or r[11],
                    archived=r[9] is not None,
                )
                if is_mentor:
                    row.expertise = "; ".join(DeficitCategory(c).label for c in r[13] or [])
                    row.max_mentees = r[14]
                    row.appointment_consent = r[15]
                if is_mentee:
                    row.mentee_category = r[17].label if r[17] else ""
                    row.request = r[18]
                    row.difficulties = "; ".join(difficulties.get(r[0], []))
                result[r[0]] = row
        return result

    def get(self, person_id: int) -> Person:
        with self.db.session() as session:
            person = session.scalars(
                select(Person)
                .where(Person.id == person_id)
                .options(
                    selectinload(Person.consents),
                    selectinload(Person.mentor_profile),
                    selectinload(Person.mentee_profile).selectinload(MenteeProfile.difficulties),
                    selectinload(Person.organisation),
                )
            ).first()
            if person is None:
                raise NotFound("Запись о педагоге не найдена — возможно, её удалили.")
            return person

    def draft(self, person_id: int) -> PersonDraft:
        """The stored person as the form shows it, for editing."""
        # The log mark before the record: a change landing in between shows up as a newer
        # version with its log entry after the mark, never the other way round.
        with self.db.session() as session:
            mark = log_mark(session, "person", person_id)
        p = self.get(person_id)
        draft = PersonDraft(
            last_name=p.last_name,
            first_name=p.first_name,
            patronymic=p.patronymic,
            gender=p.gender,
            birth_date=format_date(p.birth_date),
            position=p.position,
            subjects=p.subjects,
            qualification_category=p.qualification_category,
            hired_on=format_date(p.hired_on),
            education=p.education,
            phone=p.phone,
            email=p.email,
            achievements=p.achievements,
            notes=p.notes,
            organisation_id=p.organisation_id,
            stamp=Stamp(p.version, mark),
        )
        if p.experience_years is not None:
            draft.experience_years = str(p.experience_on(dt.date.today()))
        consent = p.current_consent
        if consent is not None:
            draft.consent_given_on = format_date(consent.given_on)
            draft.consent_withdrawn_on = format_date(consent.withdrawn_on)
            draft.consent_document = consent.document_note
        if p.mentor_profile is not None:
            m = p.mentor_profile
            draft.is_mentor = m.active
            draft.mentor = MentorDraft(
                expertise_categories=m.expertise,
                expertise_note=m.expertise_note,
                max_mentees=str(m.max_mentees),
                appointment_consent=m.appointment_consent,
                appointment_consent_on=format_date(m.appointment_consent_on),
                qualifying_grounds=m.qualifying_grounds,
                training_course=m.training_course,
                training_hours=str(m.training_hours or ""),
                training_certificate=m.training_certificate,
                training_completed_on=format_date(m.training_completed_on),
            )
        if p.mentee_profile is not None:
            mp = p.mentee_profile
            draft.is_mentee = mp.active
            draft.mentee = MenteeDraft(
                category=mp.category,
                request=mp.request,
                difficulties={d.category: (d.level, d.note) for d in mp.difficulties},
            )
        return draft

    # --- changes -----------------------------------------------------------------------

    def create(self, draft: PersonDraft) -> int:
        valid = validate_person(draft)
        with self.db.transaction() as session:
            organisation_id = draft.organisation_id or self._own_organisation_id(session)
            person = Person(organisation_id=organisation_id)
            session.add(person)
            self._apply(session, person, valid)
            bump_people_revision(session)
            session.flush()
            return person.id

    def update(self, person_id: int, draft: PersonDraft) -> None:
        valid = validate_person(draft)
        initials = "".join(f"{p.strip()[:1]}." for p in (draft.first_name, draft.patronymic) if p)
        what = f"Карточку «{draft.last_name.strip()} {initials}»"
        with explained(what), self.db.transaction() as session:
            person = session.get(Person, person_id)
            if person is not None:
                what = f"Карточку «{person.short_name}»"
            check_stamp(
                session, person, draft.stamp, entity="person", entity_id=person_id, what=what
            )
            if person is None:
                raise NotFound("Запись о педагоге не найдена — возможно, её удалили.")
            if draft.organisation_id:
                person.organisation_id = draft.organisation_id
            self._apply(session, person, valid)
            touch(person)
            bump_people_revision(session)

    def archive(self, person_id: int, day: dt.date | None = None) -> Stamp:
        """Archive, never delete: orders and reports of past years still name the person."""
        race = (
            "Карточку не удалось перенести в архив: в эту же минуту другой пользователь изменил "
            "её или включил педагога в пару. Ничего не записано; обновите список и повторите."
        )
        with lost_race(race), self.db.transaction() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound("Запись о педагоге не найдена — возможно, её удалили.")
            # Read before the check: a pair saved by someone else meanwhile moves these
            # versions on, and the archiving below then fails instead of passing unseen.
            profiles = [p for p in (person.mentor_profile, person.mentee_profile) if p]
            # An archived person in a working pair would leave the pair's mentee or mentor
            # invisible in every list while the order still names them.
            pairs = open_pairs_of(session, person_id)
            if pairs:
                names = "; ".join(p.label for p in pairs)
                raise ValidationError(
                    {
                        "archived_on": f"{person.short_name} — участник действующей пары ({names})."
                        " Сначала завершите или расторгните её в разделе «Пары и группы»."
                    }
                )
            person.archived_on = day or dt.date.today()
            for profile in profiles:
                touch(profile)  # pairs saved by others at this moment (see pairs._claim)
            bump_people_revision(session)
            # What Ctrl+Z expects to find: the card as this archiving left it.
            return stamp_after(session, person, "person")

    def restore(self, person_id: int, expected: Stamp | None = None) -> None:
        """Back from the archive; ``expected`` (the undo of an archiving) refuses when someone
        else changed the card after it."""
        with self.db.transaction() as session:
            person = session.get(Person, person_id)
            what = f"карточку «{person.short_name}»" if person is not None else "карточку"
            check_undo(session, person, expected, entity="person", entity_id=person_id, what=what)
            if person is None:
                raise NotFound("Запись о педагоге не найдена.")
            person.archived_on = None
            bump_people_revision(session)

    @staticmethod
    def _own_organisation_id(session: Session) -> int:
        org_id = session.scalar(
            select(Organisation.id).where(Organisation.is_own).order_by(Organisation.id)
        )
        if org_id is None:
            raise ValidationError(
                {"organisation": "Сначала заполните сведения об организации (раздел «Настройки»)."}
            )
        return org_id

    @staticmethod
    def _apply(session: Session, person: Person, valid: ValidPerson) -> None:
        for key, value in valid.values.items():
            setattr(person, key, value)
        person.search_text = normalise_search(
            f"{person.full_name} {person.position} {person.subjects}"
        )
        given, withdrawn, document = valid.consent
        current = person.current_consent
        if given or withdrawn or document:
            if current is None or (
                current.withdrawn_on is not None and given and given > current.withdrawn_on
            ):
                # A consent given again after a withdrawal starts a new record: history kept.
                current = PersonalDataConsent()
                person.consents.append(current)
            current.given_on = given
            current.withdrawn_on = withdrawn
            current.document_note = document
        elif current is not None:
            current.given_on = None
            current.withdrawn_on = None
            current.document_note = ""

        if valid.mentor is not None:
            if person.mentor_profile is None:
                person.mentor_profile = MentorProfile()
            person.mentor_profile.active = True
            for key, value in valid.mentor.items():
                setattr(person.mentor_profile, key, value)
        elif person.mentor_profile is not None:
            # Keep the profile for history (past pairs); only the role is switched off.
            person.mentor_profile.active = False

        if valid.mentee is not None:
            if person.mentee_profile is None:
                person.mentee_profile = MenteeProfile()
            profile = person.mentee_profile
            profile.active = True
            profile.category = valid.mentee["category"]  # type: ignore[assignment]
            profile.request = valid.mentee["request"]  # type: ignore[assignment]
            by_category = {d.category: d for d in profile.difficulties}
            wanted = {category for category, _, _ in valid.difficulties}
            for category, difficulty in by_category.items():
                if category not in wanted:
                    profile.difficulties.remove(difficulty)
            session.flush()
            for category, level, note in valid.difficulties:
                existing = by_category.get(category)
                if existing is None:
                    profile.difficulties.append(
                        MenteeDifficulty(category=category, level=level, note=note)
                    )
                else:
                    existing.level = level
                    existing.note = note
        elif person.mentee_profile is not None:
            person.mentee_profile.active = False
