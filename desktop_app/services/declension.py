"""Names and positions in the case a document's sentence needs, with the curator's corrections.

«назначить Петрову Марию Ивановну», «Петровой Марии Ивановне», «за Сидоровым Петром»: names go
through pytrovich (rules of the Petrovich project: double surnames, indeclinable surnames such
as Черных, Шевченко, Дурново, female surnames ending in a consonant). Gender comes from the
person record, else from the patronymic («оглы»/«кызы» included). Positions («учитель
математики» → «учителю математики») decline by a small rule set for the words school positions
use: adjectives and the head noun decline, the rest («математики», «по УВР») stays.

No rule set is perfect; the curator corrects a form once in the person card and the correction
(``DeclensionCorrection``) is used from then on, as long as the name it was made for is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pytrovich.enums import Case as PCase
from pytrovich.enums import Gender as PGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import NotFound, ValidationError
from desktop_app.models import DeclensionCorrection, Gender, GrammaticalCase, Person
from desktop_app.models.db import Database
from desktop_app.services.people import guess_gender

CASES: tuple[GrammaticalCase, ...] = tuple(GrammaticalCase)
_P_CASE = {
    GrammaticalCase.NOMINATIVE: PCase.NOMINATIVE,
    GrammaticalCase.GENITIVE: PCase.GENITIVE,
    GrammaticalCase.DATIVE: PCase.DATIVE,
    GrammaticalCase.ACCUSATIVE: PCase.ACCUSATIVE,
    GrammaticalCase.INSTRUMENTAL: PCase.INSTRUMENTAL,
    GrammaticalCase.PREPOSITIONAL: PCase.PREPOSITIONAL,
}
_TURKIC_PATRONYMIC = ("оглы", "огли", "кызы", "гызы", "улы", "уулу", "кизи")
_maker: PetrovichDeclinationMaker | None = None


def _petrovich() -> PetrovichDeclinationMaker:
    global _maker
    if _maker is None:  # loading the rules takes a moment: only when a document needs them
        _maker = PetrovichDeclinationMaker()
    return _maker


# --- names -----------------------------------------------------------------------------------


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """«Мамедов Эльчин Рауф оглы» → ("Мамедов", "Эльчин", "Рауф оглы")."""
    parts = full_name.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], parts[1], " ".join(parts[2:])


def name_gender(gender: Gender | None, first_name: str, patronymic: str) -> Gender | None:
    return gender or guess_gender(patronymic, first_name)


def decline_name(
    last_name: str,
    first_name: str,
    patronymic: str,
    gender: Gender | None,
    case: GrammaticalCase,
) -> str:
    """The full name in ``case``; parts that are empty stay out."""
    if case is GrammaticalCase.NOMINATIVE:
        return " ".join(p for p in (last_name, first_name, patronymic) if p)
    gender = name_gender(gender, first_name, patronymic)
    p_gender = {Gender.MALE: PGender.MALE, Gender.FEMALE: PGender.FEMALE}.get(
        gender,  # type: ignore[arg-type]
        PGender.ANDROGYNOUS,
    )
    p_case = _P_CASE[case]
    maker = _petrovich()
    words = []
    if last_name:
        words.append(maker.make(NamePart.LASTNAME, p_gender, p_case, last_name))
    if first_name:
        words.append(maker.make(NamePart.FIRSTNAME, p_gender, p_case, first_name))
    if patronymic:
        words.append(_decline_patronymic(patronymic, p_gender, p_case))
    return " ".join(words)


def _decline_patronymic(patronymic: str, gender: PGender, case: PCase) -> str:
    # «Рауф оглы», «Рашид кызы»: the father's name and the particle do not decline in Russian.
    if patronymic.split()[-1].casefold() in _TURKIC_PATRONYMIC:
        return patronymic
    return _petrovich().make(NamePart.MIDDLENAME, gender, case, patronymic)


def with_initials(declined_full: str, first_name: str, patronymic: str) -> str:
    """«Петровой М.И.»: the declined surname with initials (the first word of the full form)."""
    surname = declined_full.split()[0] if declined_full else ""
    father = patronymic.split()[0] if patronymic else ""
    initials = "".join(f"{p[0]}." for p in (first_name, father) if p)
    return f"{surname} {initials}".strip()


def initials_first(last_name: str, first_name: str, patronymic: str) -> str:
    """«М.И. Петрова»: a name in a signature line (ГОСТ Р 7.0.97)."""
    father = patronymic.split()[0] if patronymic else ""
    initials = "".join(f"{p[0]}." for p in (first_name, father) if p)
    return f"{initials} {last_name}".strip()


@dataclass(frozen=True)
class DeclinedName:
    """A person's name in every case, as templates use it: ``{{ curator.acc }}``.

    nom…pre: the full name; short_nom…short_pre: «Петровой М.И.»; signature: «М.И. Петрова».
    """

    nom: str
    gen: str
    dat: str
    acc: str
    ins: str
    pre: str
    short_nom: str
    short_gen: str
    short_dat: str
    short_acc: str
    short_ins: str
    short_pre: str
    signature: str
    female: bool

    def __str__(self) -> str:
        return self.nom

    def form(self, case: GrammaticalCase) -> str:
        return str(getattr(self, case.value))


def declined_name(
    last_name: str,
    first_name: str,
    patronymic: str,
    gender: Gender | None,
    corrections: dict[GrammaticalCase, str] | None = None,
) -> DeclinedName:
    corrections = corrections or {}
    full = {
        case: corrections.get(case) or decline_name(last_name, first_name, patronymic, gender, case)
        for case in CASES
    }
    short = {case: with_initials(full[case], first_name, patronymic) for case in CASES}
    return DeclinedName(
        **{case.value: full[case] for case in CASES},
        **{f"short_{case.value}": short[case] for case in CASES},
        signature=initials_first(last_name, first_name, patronymic),
        female=name_gender(gender, first_name, patronymic) is Gender.FEMALE,
    )


def declined_free_name(full_name: str, gender: Gender | None = None) -> DeclinedName:
    """A name typed as one line (the head in the organisation's details)."""
    return declined_name(*split_full_name(full_name), gender)


# --- positions ---------------------------------------------------------------------------------

_ADJ_ENDINGS = ("ый", "ий", "ой")
_HUSHING = "жшчщ"
_VELAR = "гкх"


def _decline_adjective(word: str, case: GrammaticalCase) -> str:
    stem, ending = word[:-2], word[-2:]
    soft = ending == "ий" and stem[-1:] not in _VELAR + _HUSHING
    i_after = stem[-1:] in _VELAR + _HUSHING  # «-ким», «-щим»
    e_after = stem[-1:] in _HUSHING  # «старшего», «ведущему»
    if soft or e_after:
        forms = {"gen": "его", "dat": "ему", "acc": "его", "ins": "им", "pre": "ем"}
    else:
        forms = {
            "gen": "ого",
            "dat": "ому",
            "acc": "ого",
            "ins": "им" if i_after else "ым",
            "pre": "ом",
        }
    return stem + forms[case.value]


def _decline_noun(word: str, case: GrammaticalCase) -> str:
    """A masculine animate noun of the 2nd declension: учитель, педагог, директор, методист."""
    if "-" in word:
        return "-".join(_decline_noun(part, case) for part in word.split("-"))
    last = word[-1:]
    if last == "ь" or last == "й":
        stem = word[:-1]
        forms = {"gen": "я", "dat": "ю", "acc": "я", "ins": "ем", "pre": "е"}
    elif last.isalpha() and last not in "аеёиоуыэюя":
        stem = word
        ins = "ем" if last in _HUSHING + "ц" and not word.endswith(("врач", "ключ")) else "ом"
        forms = {"gen": "а", "dat": "у", "acc": "а", "ins": ins, "pre": "е"}
    else:
        return word  # «медсестра», abbreviations: left as typed; the curator corrects once
    return stem + forms[case.value]


def _is_adjective(word: str) -> bool:
    lower = word.casefold()
    return len(lower) > 3 and lower.endswith(_ADJ_ENDINGS) and lower.isalpha()


def decline_position(position: str, case: GrammaticalCase) -> str:
    """«учитель математики» → «учителю математики»; «старший воспитатель» → «старшему …»."""
    if case is GrammaticalCase.NOMINATIVE or not position.strip():
        return position
    words = position.split()
    out: list[str] = []
    index = 0
    while index < len(words) and _is_adjective(words[index]):
        out.append(_decline_adjective(words[index], case))
        index += 1
    if index < len(words) and words[index][:1].islower():
        out.append(_decline_noun(words[index], case))
        index += 1
    out.extend(words[index:])
    return " ".join(out)


@dataclass(frozen=True)
class DeclinedPhrase:
    nom: str
    gen: str
    dat: str
    acc: str
    ins: str
    pre: str

    def __str__(self) -> str:
        return self.nom


def declined_position(
    position: str, corrections: dict[GrammaticalCase, str] | None = None
) -> DeclinedPhrase:
    corrections = corrections or {}
    return DeclinedPhrase(
        **{c.value: corrections.get(c) or decline_position(position, c) for c in CASES}
    )


# --- stored corrections ------------------------------------------------------------------------


class DeclensionService:
    """Declined forms with the curator's corrections applied; saving corrections."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def person_name(self, person_id: int) -> DeclinedName:
        with self.db.session() as session:
            return person_declined(session, person_id)

    def position(self, position: str) -> DeclinedPhrase:
        with self.db.session() as session:
            return position_declined(session, position)

    def automatic_person_name(self, person_id: int) -> DeclinedName:
        with self.db.session() as session:
            person = _person(session, person_id)
            return declined_name(
                person.last_name, person.first_name, person.patronymic, person.gender
            )

    def person_corrections(self, person_id: int) -> dict[GrammaticalCase, str]:
        with self.db.session() as session:
            person = _person(session, person_id)
            return _corrections(session, person.id, person.full_name)

    def save_person_corrections(self, person_id: int, forms: dict[GrammaticalCase, str]) -> None:
        """Keep the forms that differ from the automatic ones; an empty form drops a correction."""
        _check_forms(forms)
        with self.db.transaction() as session:
            person = _person(session, person_id)
            automatic = declined_name(
                person.last_name, person.first_name, person.patronymic, person.gender
            )
            _store(session, person.id, person.full_name, forms, automatic.form)

    def save_position_corrections(self, position: str, forms: dict[GrammaticalCase, str]) -> None:
        _check_forms(forms)
        position = " ".join(position.split())
        with self.db.transaction() as session:
            _store(session, None, position, forms, lambda c: decline_position(position, c))


def _check_forms(forms: dict[GrammaticalCase, str]) -> None:
    errors = {}
    for case, form in forms.items():
        text = " ".join(form.split())
        if len(text) > 300:
            errors[case.value] = f"{case.label}: слишком длинно (не больше 300 знаков)."
        elif text and not any(ch.isalpha() for ch in text):
            errors[case.value] = f"{case.label}: введите слова, а не только знаки."
    if errors:
        raise ValidationError(errors)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Запись о педагоге не найдена — возможно, её удалили.")
    return person


def _corrections(
    session: Session, person_id: int | None, source: str
) -> dict[GrammaticalCase, str]:
    stmt = select(DeclensionCorrection).where(DeclensionCorrection.source == source)
    if person_id is None:
        stmt = stmt.where(DeclensionCorrection.person_id.is_(None))
    else:
        stmt = stmt.where(DeclensionCorrection.person_id == person_id)
    return {row.grammatical_case: row.form for row in session.scalars(stmt)}


def _store(session: Session, person_id: int | None, source: str, forms, automatic) -> None:  # type: ignore[no-untyped-def]
    existing = {
        row.grammatical_case: row
        for row in session.scalars(
            select(DeclensionCorrection).where(
                DeclensionCorrection.source == source,
                DeclensionCorrection.person_id.is_(None)
                if person_id is None
                else DeclensionCorrection.person_id == person_id,
            )
        )
    }
    for case, form in forms.items():
        text = " ".join(form.split())
        row = existing.get(case)
        if not text or text == automatic(case):
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            session.add(
                DeclensionCorrection(
                    person_id=person_id, source=source, grammatical_case=case, form=text
                )
            )
        else:
            row.form = text


def person_declined(session: Session, person_id: int) -> DeclinedName:
    """For document kinds that already hold a session."""
    person = _person(session, person_id)
    return declined_name(
        person.last_name,
        person.first_name,
        person.patronymic,
        person.gender,
        _corrections(session, person.id, person.full_name),
    )


def position_declined(session: Session, position: str) -> DeclinedPhrase:
    position = " ".join(position.split())
    return declined_position(position, _corrections(session, None, position))


def people_declined(session: Session, people: Iterable[Person]) -> dict[int, DeclinedName]:
    return {p.id: person_declined(session, p.id) for p in people}
