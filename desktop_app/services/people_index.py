"""An in-memory index of the people bank for search as you type.

Loaded in one narrow query (about 50 ms for 10,000 people) and reloaded only when the bank's
revision token changes, which every change to people renews in the same transaction. A
keystroke then costs a pass over a list of tuples instead of a table scan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from desktop_app.models import (
    ConsentState,
    MenteeCategory,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Person,
    PersonalDataConsent,
    QualificationCategory,
    Role,
    Setting,
)
from desktop_app.services.text import normalise_search

if TYPE_CHECKING:
    from desktop_app.models.db import Database
    from desktop_app.services.people import PeopleFilter

REVISION_KEY = "people_revision"
SORT_KEYS = ("full_name", "position", "subjects", "qualification", "experience", "organisation")
_QUALIFICATION_ORDER = {q: i for i, q in enumerate(QualificationCategory)}


def bump_people_revision(session: Session) -> str:
    """Call in every transaction that changes people, their roles or consent.

    The revision is a new random token, not «the number read plus one»: on a shared server two
    users who save at the same moment would both read the same number and write the same next
    one, and a third user's search index, loaded between the two, would miss the second change.
    One upsert writes it, so the very first bumps of two users do not collide on the key either;
    it holds the row until the transaction ends, which orders concurrent writers. Returns the
    token written.
    """
    token = uuid.uuid4().hex
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(Setting).values(key=REVISION_KEY, value=token)
    upsert = stmt.on_conflict_do_update(
        index_elements=[Setting.key], set_={"value": stmt.excluded.value}
    )
    session.execute(upsert)
    # A Setting object this session loaded earlier would still show the old value.
    loaded = session.identity_map.get(identity_key(Setting, REVISION_KEY))
    if loaded is not None:
        session.expire(loaded)
    return token


def experience_on(years: int | None, as_of: dt.date | None, day: dt.date) -> int | None:
    if years is None:
        return None
    if as_of is None:
        return years
    passed = day.year - as_of.year - ((day.month, day.day) < (as_of.month, as_of.day))
    return years + max(passed, 0)


@dataclass(slots=True)
class _Entry:
    id: int
    text: str
    archived: bool
    mentor: bool
    mentee: bool
    mentee_category: str | None
    consent: ConsentState
    sort: dict[str, Any]


@dataclass
class PeopleIndex:
    revision: Any
    today: dt.date
    entries: list[_Entry]
    consent: dict[int, ConsentState]
    _orders: dict[str, list[_Entry]] = field(default_factory=dict)
    _bases: dict[tuple[Any, ...], tuple[list[int], list[str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, db: Database, revision: Any, today: dt.date) -> PeopleIndex:
        stmt = (
            select(
                Person.id,
                Person.search_text,
                Person.archived_on,
                Person.last_name,
                Person.first_name,
                Person.patronymic,
                Person.position,
                Person.subjects,
                Person.qualification_category,
                Person.experience_years,
                Person.experience_as_of,
                Organisation.short_name,
                Organisation.full_name,
                MentorProfile.active,
                MenteeProfile.active,
                MenteeProfile.category,
            )
            .join(Organisation, Person.organisation_id == Organisation.id)
            .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
            .outerjoin(MenteeProfile, MenteeProfile.person_id == Person.id)
        )
        with db.session() as session:
            latest: dict[int, tuple[dt.date | None, dt.date | None]] = {}
            for person_id, given, withdrawn in session.execute(
                select(
                    PersonalDataConsent.person_id,
                    PersonalDataConsent.given_on,
                    PersonalDataConsent.withdrawn_on,
                ).order_by(PersonalDataConsent.person_id, PersonalDataConsent.id)
            ):
                latest[person_id] = (given, withdrawn)  # the last record wins
            rows = session.execute(stmt).all()
        consent: dict[int, ConsentState] = {}
        entries = []
        for r in rows:
            given, withdrawn = latest.get(r[0], (None, None))
            if given is None:
                state = ConsentState.MISSING
            elif withdrawn is not None and withdrawn <= today:
                state = ConsentState.WITHDRAWN
            else:
                state = ConsentState.GIVEN
            consent[r[0]] = state
            key = normalise_search
            entries.append(
                _Entry(
                    id=r[0],
                    text=r[1] or "",
                    archived=r[2] is not None,
                    mentor=bool(r[13]),
                    mentee=bool(r[14]),
                    mentee_category=r[15].value if r[15] and r[14] else None,
                    consent=state,
                    sort={
                        "full_name": (key(r[3]), key(r[4]), key(r[5] or "")),
                        "position": (key(r[6] or ""), key(r[3])),
                        "subjects": (key(r[7] or ""), key(r[3])),
                        "qualification": (
                            _QUALIFICATION_ORDER.get(r[8], 99) if r[8] else 99,
                            key(r[3]),
                        ),
                        "experience": (
                            experience_on(r[9], r[10], today) if r[9] is not None else -1,
                            key(r[3]),
                        ),
                        "organisation": (key(r[11] or r[12] or ""), key(r[3])),
                    },
                )
            )
        return cls(revision=revision, today=today, entries=entries, consent=consent)

    def _ordered(self, sort_key: str) -> list[_Entry]:
        if sort_key not in self._orders:
            self._orders[sort_key] = sorted(self.entries, key=lambda e: (e.sort[sort_key], e.id))
        return self._orders[sort_key]

    def _base(
        self,
        sort_key: str,
        archived: bool,
        role: Role | None,
        category: str | None,
        consent: ConsentState | None,
    ) -> tuple[list[int], list[str]]:
        """Ids and search texts passing the combo-box filters, cached per combination: while
        the curator types, only the text test runs, over two flat lists."""
        key = (sort_key, archived, role, category, consent)
        cached = self._bases.get(key)
        if cached is None:
            chosen = [
                e
                for e in self._ordered(sort_key)
                if (archived or not e.archived)
                and (
                    role is None
                    or (role is Role.MENTOR and e.mentor)
                    or (role is Role.MENTEE and e.mentee)
                    or (role is Role.NONE and not e.mentor and not e.mentee)
                )
                and (category is None or e.mentee_category == category)
                and (consent is None or e.consent is consent)
            ]
            cached = ([e.id for e in chosen], [e.text for e in chosen])
            self._bases[key] = cached
        return cached

    def query(self, flt: PeopleFilter, sort_key: str, descending: bool) -> list[int]:
        if sort_key not in SORT_KEYS:
            sort_key = "full_name"
        # Qt item data may hand the enums back as plain strings: coerce by value.
        role = Role(flt.role) if flt.role else None
        category = MenteeCategory(flt.mentee_category).value if flt.mentee_category else None
        consent = ConsentState(flt.consent) if flt.consent else None
        ids, texts = self._base(sort_key, flt.include_archived, role, category, consent)
        tokens = normalise_search(flt.text).split()
        if not tokens:
            result = list(ids)
        elif len(tokens) == 1:
            token = tokens[0]
            result = [i for i, t in zip(ids, texts, strict=True) if token in t]
        else:
            result = [i for i, t in zip(ids, texts, strict=True) if all(tok in t for tok in tokens)]
        if descending:
            result.reverse()
        return result
