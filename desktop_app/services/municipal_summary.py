"""The municipality as a whole, from the files its schools sent (services/municipal_import.py).

For a period: which school sent what and what is missing; every indicator per school and in
total; the combined bank of mentors (open mentoring: a mentor with free places in one school can
be offered to a mentee of another). Totals of counts are sums; a share is recomputed from the
schools' own bases (the share of involved teachers weighs each school by its staff), so the
total is what one school of all the staff would show, not an average of averages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop_app.models import MunicipalSubmission, Organisation
from desktop_app.models.municipal import SUBMISSION_KINDS, MunicipalPerson
from desktop_app.services import indicators as ind
from desktop_app.services.municipal import _text

if TYPE_CHECKING:
    from desktop_app.models.db import Database

TOTAL = "Итого по муниципалитету"

# A share or mean indicator: its total weighs each school by this count of the same file.
WEIGHTS = {
    "involved_share": "staff",
    "activities_on_time": "activities_due",
    "young_stayed_share": "young_year_ago",
    "exams_passed": "results_mentees",
    "progress": "results_mentees",
    "score_mentee_start": "answered_mentee_start",
    "score_mentee_end": "answered_mentee_end",
    "score_mentor_start": "answered_mentor_start",
    "score_mentor_end": "answered_mentor_end",
}


def periods(db: Database) -> list[ind.Period]:
    """Every period some school sent data for, the latest first."""
    with db.session() as session:
        spans = session.execute(
            select(MunicipalSubmission.period_start, MunicipalSubmission.period_end).distinct()
        ).all()
    return sorted(
        {ind.Period(s, e) for s, e in spans}, key=lambda p: (p.end, p.start), reverse=True
    )


@dataclass
class ReceivedInfo:
    file_name: str
    received_at: dt.datetime
    as_of: dt.date | None
    notes: str


@dataclass
class SchoolStatus:
    organisation_id: int
    name: str
    full_name: str
    files: dict[str, ReceivedInfo] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [label for kind, label in SUBMISSION_KINDS.items() if kind not in self.files]

    @property
    def missing_text(self) -> str:
        return ", ".join(self.missing) if self.missing else "всё прислано"


def _submissions(db: Database, period: ind.Period, kind: str | None = None):  # type: ignore[no-untyped-def]
    query = (
        select(MunicipalSubmission)
        .where(
            MunicipalSubmission.period_start == period.start,
            MunicipalSubmission.period_end == period.end,
        )
        .options(
            selectinload(MunicipalSubmission.organisation),
            selectinload(MunicipalSubmission.people),
            selectinload(MunicipalSubmission.rows),
            selectinload(MunicipalSubmission.indicators),
        )
    )
    if kind is not None:
        query = query.where(MunicipalSubmission.kind == kind)
    with db.session() as session:
        return list(session.scalars(query))


def schools(db: Database, period: ind.Period) -> list[SchoolStatus]:
    """Every school that sent anything at all, with what it sent for ``period``."""
    with db.session() as session:
        orgs = session.scalars(
            select(Organisation).where(
                Organisation.id.in_(select(MunicipalSubmission.organisation_id))
            )
        ).all()
        out = {o.id: SchoolStatus(o.id, o.display_name, o.full_name) for o in orgs}
    for sub in _submissions(db, period):
        out[sub.organisation_id].files[sub.kind] = ReceivedInfo(
            sub.file_name, sub.received_at, sub.as_of, sub.notes
        )
    return sorted(out.values(), key=lambda s: s.name.casefold())


# ------------------------------------------------------------------- indicators


@dataclass
class IndicatorLine:
    key: str
    group: str
    title: str
    unit: str
    values: dict[int, float | None] = field(default_factory=dict)  # organisation id → value
    previous: dict[int, float | None] = field(default_factory=dict)
    total: float | None = None
    total_previous: float | None = None

    def as_comparison(self) -> ind.Comparison:
        return ind.Comparison(
            ind.Indicator(self.key, self.group, self.title, self.total, self.unit),
            ind.Indicator(self.key, self.group, self.title, self.total_previous, self.unit),
        )


@dataclass
class IndicatorTable:
    period: ind.Period
    schools: list[tuple[int, str]]  # (organisation id, name) of schools that sent monitoring
    lines: list[IndicatorLine]

    def line(self, key: str) -> IndicatorLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def comparisons(self) -> list[ind.Comparison]:
        return [line.as_comparison() for line in self.lines if line.key]


def _weighted(values: dict[int, float | None], weights: dict[int, float | None]) -> float | None:
    pairs = [
        (v, weights.get(org) or 0.0)
        for org, v in values.items()
        if v is not None and (weights.get(org) or 0) > 0
    ]
    total_weight = sum(w for _v, w in pairs)
    return None if not total_weight else sum(v * w for v, w in pairs) / total_weight


def _total(line: IndicatorLine, by_key: dict[str, IndicatorLine], previous: bool) -> float | None:
    values = line.previous if previous else line.values
    known = [v for v in values.values() if v is not None]
    if line.unit not in ("%", "балл"):
        return float(sum(known)) if known else None
    weight_key = WEIGHTS.get(line.key)
    if weight_key and weight_key in by_key:
        weight_line = by_key[weight_key]
        return _weighted(values, weight_line.previous if previous else weight_line.values)
    return sum(known) / len(known) if known else None


def indicator_table(db: Database, period: ind.Period) -> IndicatorTable:
    """Every indicator of every school that sent its monitoring for ``period``, with totals.

    The lines follow the program's own order; a line a school's file had and the program does
    not know (an edited title) is kept at the end under its own words.
    """
    from desktop_app.services.municipal_import import _catalogue

    subs = sorted(
        _submissions(db, period, "monitoring"),
        key=lambda s: s.organisation.display_name.casefold(),
    )
    lines: dict[str, IndicatorLine] = {}
    for key, group, title, unit in _catalogue():
        lines[key] = IndicatorLine(key, group, title, unit)
    for sub in subs:
        for item in sub.indicators:
            name = item.key or f"?{item.group}|{item.title}"
            line = lines.get(name)
            if line is None:
                line = lines[name] = IndicatorLine(item.key, item.group, item.title, item.unit)
            elif item.key == "young_year_ago":
                line.title = item.title  # «Молодых педагогов на 30.09.2025»: the file's date
            line.values[sub.organisation_id] = item.value
            line.previous[sub.organisation_id] = item.previous
    for line in lines.values():
        line.total = _total(line, lines, previous=False)
        line.total_previous = _total(line, lines, previous=True)
    growth = lines.get("mentee_growth")
    if growth is not None and "score_mentee_end" in lines:
        end, start = lines["score_mentee_end"], lines["score_mentee_start"]
        growth.total = None if end.total is None or start.total is None else end.total - start.total
        growth.total_previous = (
            None
            if end.total_previous is None or start.total_previous is None
            else end.total_previous - start.total_previous
        )
    return IndicatorTable(
        period,
        [(s.organisation_id, s.organisation.display_name) for s in subs],
        list(lines.values()),
    )


# ------------------------------------------------------------------- the combined bank


@dataclass
class BankEntry:
    """A mentor or mentee of the combined bank, with the school that sent them."""

    school_id: int
    school: str
    person: MunicipalPerson
    busy: int | None = None  # mentees the mentor has now, when the school's files tell
    with_mentor: bool | None = None  # mentee: in an active pair (None: no accounting file)

    @property
    def free(self) -> int | None:
        if self.person.max_mentees is None or self.busy is None:
            return None
        return max(self.person.max_mentees - self.busy, 0)

    @property
    def areas(self) -> set[str]:
        """Mentor: the directions they help in; mentee: the directions of their difficulties."""
        if self.person.role == "mentor":
            return {_text(a).casefold() for a in self.person.expertise.split(";") if _text(a)}
        return {
            header.removeprefix("Затруднения: ").casefold()
            for header, value in self.person.data.items()
            if header.startswith("Затруднения: ") and value
        }

    @property
    def subjects(self) -> set[str]:
        return {_text(s).casefold() for s in self.person.subjects.split(",") if _text(s)}


def _accounting_load(sub: MunicipalSubmission | None) -> tuple[dict[str, int], set[str]]:
    """From a school's accounting: mentees each mentor has now, and mentees who have one."""
    busy: dict[str, int] = defaultdict(int)
    guided: set[str] = set()
    if sub is None:
        return busy, guided
    for row in sub.rows:
        data = row.data
        if _text(data.get("Состояние")) != "действует":
            continue
        name = _text(data.get("ФИО"))
        if _text(data.get("Роль")) == "наставник":
            counterpart = _text(data.get("Наставник / наставляемые"))
            busy[name] += len([n for n in counterpart.split(",") if n.strip()])
        elif _text(data.get("Роль")) == "наставляемый":
            guided.add(name)
    return busy, guided


def combined_bank(db: Database, period: ind.Period, role: str = "mentor") -> list[BankEntry]:
    """Everybody of ``role`` in the banks the schools sent for ``period``, school by school."""
    banks = _submissions(db, period, "banks")
    accounting = {s.organisation_id: s for s in _submissions(db, period, "accounting")}
    out: list[BankEntry] = []
    for sub in sorted(banks, key=lambda s: s.organisation.display_name.casefold()):
        busy, guided = _accounting_load(accounting.get(sub.organisation_id))
        has_accounting = sub.organisation_id in accounting
        for person in sub.people:
            if person.role != role:
                continue
            entry = BankEntry(sub.organisation_id, sub.organisation.display_name, person)
            if role == "mentor":
                entry.busy = (
                    person.current_mentees
                    if person.current_mentees is not None
                    else (busy.get(person.full_name, 0) if has_accounting else None)
                )
            else:
                entry.with_mentor = (person.full_name in guided) if has_accounting else None
            out.append(entry)
    return out


@dataclass
class Candidate:
    mentor: BankEntry
    score: int
    reasons: list[str]


@dataclass
class Suggestion:
    mentee: BankEntry
    candidates: list[Candidate]


def suggest_mentors(
    db: Database, period: ind.Period, school_id: int, limit: int = 5
) -> list[Suggestion]:
    """«Предложить наставника другой школе»: for each mentee of the school without a mentor,
    mentors of other schools with free places, those who help with the mentee's difficulties
    and teach the same subject first."""
    mentors = [
        m
        for m in combined_bank(db, period, "mentor")
        if m.school_id != school_id and (m.free or 0) > 0
    ]
    out = []
    for mentee in combined_bank(db, period, "mentee"):
        if mentee.school_id != school_id or mentee.with_mentor:
            continue
        candidates = []
        for mentor in mentors:
            helps = sorted(mentee.areas & mentor.areas)
            same_subject = sorted(mentee.subjects & mentor.subjects)
            reasons = []
            if helps:
                reasons.append("помогает с затруднениями: " + ", ".join(helps))
            if same_subject:
                reasons.append("тот же предмет: " + ", ".join(same_subject))
            reasons.append(f"свободных мест: {mentor.free}")
            candidates.append(Candidate(mentor, 2 * len(helps) + len(same_subject), reasons))
        candidates.sort(key=lambda c: (-c.score, -(c.mentor.free or 0), c.mentor.person.full_name))
        out.append(Suggestion(mentee, candidates[:limit]))
    return out
