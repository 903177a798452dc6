"""Подбор наставника: ranked mentors for a mentee with the reasons spelled out, and a whole-school
assignment of every mentee without a pair that maximises the total score under the mentors' free
places (seed 000, 4.3.5; seed 002, stage V: «подходящих друг другу по критериям»).

The score is a weighted sum of criteria, each a fraction 0…1 of its weight; the weights are the
curator's (kept in the database, shown and changed in «Пары и группы → Критерии подбора»). A
blocker — no consent, no free place — keeps a mentor out of the whole-school run; in a single
mentee's list the mentor is still shown, last, with the blocker said out loud, because the curator
may override a full mentor with a stated reason.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.models import (
    ConsentState,
    DeficitCategory,
    DeficitLevel,
    MenteeDifficulty,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    Organisation,
    PairMembership,
    Person,
    QualificationCategory,
    Setting,
)
from desktop_app.models.db import Database
from desktop_app.services.pairs import OPEN_STATUSES
from desktop_app.services.people import consent_condition
from desktop_app.services.people_index import experience_on

WEIGHTS_KEY = "matching_weights"

# (key, what the settings call it, default weight)
CRITERIA: list[tuple[str, str, int]] = [
    ("subject", "Тот же предмет", 25),
    ("difficulties", "Сильные стороны наставника закрывают затруднения", 35),
    ("capacity", "Свободные места у наставника", 15),
    ("experience", "Стаж и квалификационная категория", 15),
    ("organisation", "Та же организация", 10),
]
_LEVEL_WEIGHT = {DeficitLevel.HIGH: 3, DeficitLevel.MEDIUM: 2, DeficitLevel.LOW: 1, None: 2}
_CATEGORY_SCORE = {
    QualificationCategory.HIGHEST: 1.0,
    QualificationCategory.FIRST: 0.6,
    QualificationCategory.CONFORMITY: 0.2,
    QualificationCategory.NONE: 0.0,
    None: 0.0,
}
_SHORT_DEFICIT = {
    DeficitCategory.SCIENTIFIC: "научно-теоретические",
    DeficitCategory.LEGAL: "нормативные правовые",
    DeficitCategory.SUBJECT: "предметные",
    DeficitCategory.PSYCHOLOGICAL: "психолого-педагогические",
    DeficitCategory.METHODICAL: "методические",
    DeficitCategory.DIGITAL: "ИКТ",
    DeficitCategory.EXTRACURRICULAR: "воспитательные",
    DeficitCategory.HEALTH: "здоровьесбережение",
}


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 место», «2 места», «5 мест»."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def split_subjects(text: str) -> frozenset[str]:
    parts = re.split(r"[,;/]|\bи\b", text.casefold().replace("ё", "е"))
    return frozenset(" ".join(p.split()) for p in parts if p.strip())


@dataclass
class MatchingWeights:
    """Weight of each criterion, 0–100; the score is their weighted share, 0–100."""

    values: dict[str, int] = field(default_factory=lambda: {k: w for k, _, w in CRITERIA})

    @property
    def total(self) -> int:
        return sum(self.values.get(k, 0) for k, _, _ in CRITERIA)


@dataclass(slots=True)
class MentorInfo:
    id: int
    full_name: str
    short_name: str
    position: str
    subjects: frozenset[str]
    expertise: frozenset[str]
    capacity: int
    taken: int
    experience: int | None
    qualification: QualificationCategory | None
    organisation_id: int
    organisation: str
    personal_data_consent: bool
    appointment_consent: bool
    birth_date: dt.date | None

    @property
    def free(self) -> int:
        return self.capacity - self.taken


@dataclass(slots=True)
class MenteeInfo:
    id: int
    full_name: str
    short_name: str
    subjects: frozenset[str]
    difficulties: dict[DeficitCategory, DeficitLevel | None]
    organisation_id: int
    personal_data_consent: bool
    birth_date: dt.date | None
    mentors: set[int] = field(default_factory=set)


@dataclass
class Suggestion:
    """One mentor for one mentee: the score 0–100, the reasons, and what blocks the choice."""

    mentor_id: int
    mentor_name: str
    position: str
    organisation: str
    score: float
    reasons: list[str]
    blockers: list[str]
    free: int
    capacity: int

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def explanation(self) -> str:
        return "; ".join(self.blockers + self.reasons)


@dataclass
class Proposal:
    """A pair the whole-school run proposes; the curator accepts, changes or rejects it."""

    mentee_id: int
    mentee_name: str
    suggestion: Suggestion


@dataclass
class SchoolProposal:
    proposals: list[Proposal]
    # Mentees the run could not place, with why («нет согласия…», «нет свободного наставника»).
    left_out: list[tuple[int, str, str]]

    @property
    def total_score(self) -> float:
        return sum(p.suggestion.score for p in self.proposals)


def score(mentee: MenteeInfo, mentor: MentorInfo, weights: MatchingWeights) -> Suggestion:
    """Score one mentor for one mentee and say why, in the curator's words."""
    reasons: list[str] = []
    blockers: list[str] = []

    common = sorted(a for a in mentee.subjects if _subjects_match(frozenset([a]), mentor.subjects))
    if common:
        reasons.append(
            "ведёт тот же предмет" + (f": {', '.join(common)}" if len(common) <= 2 else "")
        )

    if mentee.difficulties:
        covered = [c for c in mentee.difficulties if c.value in mentor.expertise]
        n = len(mentee.difficulties)
        if covered:
            reasons.append(
                f"сильные стороны закрывают {len(covered)} из {n} "
                f"{plural(n, 'затруднения', 'затруднений', 'затруднений')}: "
                + ", ".join(_SHORT_DEFICIT[c] for c in covered)
            )
        else:
            reasons.append("сильные стороны не совпадают с затруднениями")

    free = mentor.free
    if mentor.capacity > 0 and free > 0:
        reasons.append(
            f"свободно {free} {plural(free, 'место', 'места', 'мест')} из {mentor.capacity}"
        )
    else:
        blockers.append(f"нет свободных мест (занято {mentor.taken} из {mentor.capacity})")

    experience = mentor.experience
    bits = []
    if experience is not None:
        bits.append(f"стаж {experience} {plural(experience, 'год', 'года', 'лет')}")
    if mentor.qualification not in (None, QualificationCategory.NONE):
        bits.append(
            f"{mentor.qualification.label} категория"
            if mentor.qualification is not QualificationCategory.CONFORMITY
            else "соответствие занимаемой должности"
        )
    if bits:
        reasons.append(", ".join(bits))

    if mentor.organisation_id == mentee.organisation_id:
        reasons.append("та же организация")
    else:
        reasons.append(f"другая организация: {mentor.organisation}")

    if mentor.birth_date and mentee.birth_date and mentor.birth_date > mentee.birth_date:
        years = (mentor.birth_date - mentee.birth_date).days // 365
        if years >= 5:
            reasons.append("наставник моложе — реверсивное наставничество")

    if mentor.id == mentee.id:
        blockers.insert(0, "это тот же педагог")
    if mentor.id in mentee.mentors:
        blockers.insert(0, "уже наставник этого педагога")
    if not mentor.appointment_consent:
        blockers.insert(0, "нет согласия на назначение наставником")
    if not mentor.personal_data_consent:
        blockers.insert(0, "нет согласия на обработку персональных данных")

    return Suggestion(
        mentor_id=mentor.id,
        mentor_name=mentor.full_name,
        position=mentor.position,
        organisation=mentor.organisation,
        score=Scorer(weights).value(mentee, mentor),
        reasons=reasons,
        blockers=blockers,
        free=max(free, 0),
        capacity=mentor.capacity,
    )


def _subjects_match(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(x == y or x in y or y in x for x in a for y in b)


class Scorer:
    """The score's arithmetic, with what depends on one side only worked out once.

    The whole-school run scores every mentee against every mentor (60,000 pairs for 300 × 200);
    building the sentences for each costs ten times the arithmetic, so ``propose`` uses ``value``
    and builds the reasons only for the pairs it proposes. ``score`` uses the same ``value``, so
    the two never disagree.
    """

    def __init__(self, weights: MatchingWeights) -> None:
        w = weights.values
        self.scale = 100.0 / (weights.total or 1)
        self.w_subject = w.get("subject", 0)
        self.w_difficulties = w.get("difficulties", 0)
        self.w_capacity = w.get("capacity", 0)
        self.w_experience = w.get("experience", 0)
        self.w_organisation = w.get("organisation", 0)
        self._base: dict[int, float] = {}
        self._subjects: dict[tuple[frozenset[str], frozenset[str]], bool] = {}

    def _mentor_base(self, mentor: MentorInfo) -> float:
        base = self._base.get(mentor.id)
        if base is None:
            capacity = (
                mentor.free / mentor.capacity if mentor.capacity > 0 and mentor.free > 0 else 0
            )
            experience = 0.7 * min(mentor.experience or 0, 20) / 20 + 0.3 * _CATEGORY_SCORE.get(
                mentor.qualification, 0.0
            )
            base = self._base[mentor.id] = (
                self.w_capacity * capacity + self.w_experience * experience
            )
        return base

    def value(self, mentee: MenteeInfo, mentor: MentorInfo) -> float:
        value = self._mentor_base(mentor)
        key = (mentee.subjects, mentor.subjects)
        match = self._subjects.get(key)
        if match is None:
            match = self._subjects[key] = _subjects_match(mentee.subjects, mentor.subjects)
        if match:
            value += self.w_subject
        if mentee.difficulties:
            total = covered = 0
            for category, level in mentee.difficulties.items():
                weight = _LEVEL_WEIGHT[level]
                total += weight
                if category.value in mentor.expertise:
                    covered += weight
            value += self.w_difficulties * covered / total
        if mentor.organisation_id == mentee.organisation_id:
            value += self.w_organisation
        return round(value * self.scale, 1)

    @staticmethod
    def blocked(mentee: MenteeInfo, mentor: MentorInfo) -> bool:
        return (
            mentor.id == mentee.id
            or mentor.free <= 0
            or not mentor.personal_data_consent
            or not mentor.appointment_consent
            or mentor.id in mentee.mentors
        )


def quick_score(mentee: MenteeInfo, mentor: MentorInfo, weights: MatchingWeights) -> float | None:
    """``score(...).score`` without the reasons, or None where a blocker applies."""
    if Scorer.blocked(mentee, mentor):
        return None
    return Scorer(weights).value(mentee, mentor)


def rank(
    mentee: MenteeInfo, mentors: Sequence[MentorInfo], weights: MatchingWeights
) -> list[Suggestion]:
    suggestions = [score(mentee, m, weights) for m in mentors if m.id != mentee.id]
    suggestions.sort(key=lambda s: (s.blocked, -s.score, s.mentor_name))
    return suggestions


def optimal_assignment(
    scores: Sequence[Mapping[int, float]], capacity: Mapping[int, int]
) -> list[int | None]:
    """The mentor for each mentee (or None) that maximises the total score under capacities.

    ``scores[i]`` maps the mentors mentee ``i`` may have to the pair's score; a missing mentor is
    not allowed. Hungarian method on mentors-with-capacity (successive shortest augmenting paths
    with potentials, one Dijkstra per mentee), with a «no mentor» column of score 0 that every
    mentee may take, so a mentee is left out only when placing them would lower the total. Each
    search stops at the first mentor with a free place, so on a school-sized bank it touches a
    few mentors per mentee: 300 mentees × 200 mentors in well under a second in pure Python.
    """
    columns = [j for j, c in capacity.items() if c > 0]
    index = {j: k for k, j in enumerate(columns)}
    none = len(columns)
    n = len(scores)
    cap = [capacity[j] for j in columns] + [n]
    # Integer costs (hundredths of a point) keep the potentials exact.
    int_scores = [
        {index[j]: round(s * 100) for j, s in row.items() if j in index and s > 0} for row in scores
    ]
    top = max((s for row in int_scores for s in row.values()), default=0) + 1
    edges: list[list[tuple[int, int]]] = [
        [(k, top - s) for k, s in row.items()] + [(none, top)] for row in int_scores
    ]
    u = [0] * n
    v = [0] * (none + 1)
    column_of = [-1] * n
    members: list[list[int]] = [[] for _ in range(none + 1)]
    for r in range(n):
        dist: dict[int, int] = {}
        prev: dict[int, int] = {}
        heap: list[tuple[int, int]] = []
        for k, c in edges[r]:
            d = c - u[r] - v[k]
            if d < dist.get(k, 1 << 62):
                dist[k], prev[k] = d, r
                heap.append((d, k))
        heapq.heapify(heap)
        done: list[int] = []
        finished: set[int] = set()
        target, delta = none, 0
        while heap:
            d, k = heapq.heappop(heap)
            if k in finished or d > dist[k]:
                continue
            if len(members[k]) < cap[k]:
                target, delta = k, d
                break
            finished.add(k)
            done.append(k)
            for i in members[k]:
                base = d - u[i]
                for k2, c in edges[i]:
                    if k2 in finished:
                        continue
                    nd = base + c - v[k2]
                    if nd < dist.get(k2, 1 << 62):
                        dist[k2], prev[k2] = nd, i
                        heapq.heappush(heap, (nd, k2))
        u[r] += delta
        for k in done:
            shift = delta - dist[k]
            v[k] -= shift
            for i in members[k]:
                u[i] += shift
        k = target
        while True:
            i = prev[k]
            old = column_of[i]
            members[k].append(i)
            column_of[i] = k
            if i == r:
                break
            members[old].remove(i)
            k = old
    return [columns[k] if 0 <= k < none else None for k in column_of]


class MatchingService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- weights -----------------------------------------------------------------------

    def weights(self) -> MatchingWeights:
        with self.db.session() as session:
            row = session.get(Setting, WEIGHTS_KEY)
            stored = row.value if row is not None and isinstance(row.value, dict) else {}
        weights = MatchingWeights()
        for key, _, _ in CRITERIA:
            if isinstance(stored.get(key), int):
                weights.values[key] = stored[key]
        return weights

    def save_weights(self, typed: Mapping[str, str]) -> MatchingWeights:
        """Weights as typed in the settings: whole numbers 0–100, not all zero."""
        errors: dict[str, str] = {}
        values: dict[str, int] = {}
        for key, label, _ in CRITERIA:
            text = str(typed.get(key, "")).strip()
            if not re.fullmatch(r"\d{1,3}", text) or int(text) > 100:
                errors[key] = f"{label}: вес — целое число от 0 до 100."
            else:
                values[key] = int(text)
        if not errors and not any(values.values()):
            errors[CRITERIA[0][0]] = "Хотя бы у одного критерия вес должен быть больше нуля."
        if errors:
            raise ValidationError(errors)
        with self.db.transaction() as session:
            row = session.get(Setting, WEIGHTS_KEY)
            if row is None:
                session.add(Setting(key=WEIGHTS_KEY, value=values))
            else:
                row.value = values
        return MatchingWeights(values)

    # --- the bank as the matcher sees it -------------------------------------------------

    def load(
        self, today: dt.date | None = None
    ) -> tuple[dict[int, MentorInfo], dict[int, MenteeInfo]]:
        """Every active mentor and mentee, in a few narrow queries (no ORM objects)."""
        today = today or dt.date.today()
        with self.db.session() as session:
            consenting = set(
                session.scalars(
                    select(Person.id).where(consent_condition(ConsentState.GIVEN, today))
                )
            )
            taken: dict[int, int] = {}
            for (mentor_id,) in session.execute(
                select(MentoringPair.mentor_id)
                .join(PairMembership, PairMembership.pair_id == MentoringPair.id)
                .where(MentoringPair.status.in_(OPEN_STATUSES))
            ):
                taken[mentor_id] = taken.get(mentor_id, 0) + 1
            in_pairs: dict[int, set[int]] = {}
            for mentee_id, mentor_id in session.execute(
                select(PairMembership.mentee_id, MentoringPair.mentor_id)
                .join(MentoringPair, PairMembership.pair_id == MentoringPair.id)
                .where(MentoringPair.status.in_(OPEN_STATUSES))
            ):
                in_pairs.setdefault(mentee_id, set()).add(mentor_id)
            mentors: dict[int, MentorInfo] = {}
            for r in session.execute(
                select(
                    Person.id,
                    Person.last_name,
                    Person.first_name,
                    Person.patronymic,
                    Person.position,
                    Person.subjects,
                    Person.experience_years,
                    Person.experience_as_of,
                    Person.qualification_category,
                    Person.organisation_id,
                    Organisation.short_name,
                    Organisation.full_name,
                    Person.birth_date,
                    MentorProfile.expertise_categories,
                    MentorProfile.max_mentees,
                    MentorProfile.appointment_consent,
                )
                .join(MentorProfile, MentorProfile.person_id == Person.id)
                .join(Organisation, Organisation.id == Person.organisation_id)
                .where(MentorProfile.active, Person.archived_on.is_(None))
            ):
                full = " ".join(x for x in (r[1], r[2], r[3]) if x)
                initials = "".join(f"{p[0]}." for p in (r[2], r[3]) if p)
                mentors[r[0]] = MentorInfo(
                    id=r[0],
                    full_name=full,
                    short_name=f"{r[1]} {initials}",
                    position=r[4],
                    subjects=split_subjects(r[5]),
                    expertise=frozenset(r[13] or []),
                    capacity=r[14] or 0,
                    taken=taken.get(r[0], 0),
                    experience=experience_on(r[6], r[7], today),
                    qualification=r[8],
                    organisation_id=r[9],
                    organisation=r[10] or r[11],
                    personal_data_consent=r[0] in consenting,
                    appointment_consent=bool(r[15]),
                    birth_date=r[12],
                )
            difficulties: dict[int, dict[DeficitCategory, DeficitLevel | None]] = {}
            for mentee_id, category, level in session.execute(
                select(
                    MenteeDifficulty.mentee_id, MenteeDifficulty.category, MenteeDifficulty.level
                )
            ):
                difficulties.setdefault(mentee_id, {})[category] = level
            mentees: dict[int, MenteeInfo] = {}
            for r in session.execute(
                select(
                    Person.id,
                    Person.last_name,
                    Person.first_name,
                    Person.patronymic,
                    Person.subjects,
                    Person.organisation_id,
                    Person.birth_date,
                )
                .join(MenteeProfile, MenteeProfile.person_id == Person.id)
                .where(MenteeProfile.active, Person.archived_on.is_(None))
                .order_by(Person.last_name, Person.first_name, Person.patronymic, Person.id)
            ):
                full = " ".join(x for x in (r[1], r[2], r[3]) if x)
                initials = "".join(f"{p[0]}." for p in (r[2], r[3]) if p)
                mentees[r[0]] = MenteeInfo(
                    id=r[0],
                    full_name=full,
                    short_name=f"{r[1]} {initials}",
                    subjects=split_subjects(r[4]),
                    difficulties=difficulties.get(r[0], {}),
                    organisation_id=r[5],
                    personal_data_consent=r[0] in consenting,
                    birth_date=r[6],
                    mentors=in_pairs.get(r[0], set()),
                )
        return mentors, mentees

    # --- suggestions ---------------------------------------------------------------------

    def suggest(self, mentee_id: int, today: dt.date | None = None) -> list[Suggestion]:
        """Mentors for one mentee, best first; blocked ones last, with the blocker named."""
        mentors, mentees = self.load(today)
        mentee = mentees.get(mentee_id)
        if mentee is None:
            raise ValidationError(
                {"mentee": "Наставляемый: у педагога нет роли наставляемого или он в архиве."}
            )
        return rank(mentee, list(mentors.values()), self.weights())

    def propose_all(self, today: dt.date | None = None) -> SchoolProposal:
        """A mentor for every mentee without an open pair, best total score under capacities."""
        mentors, mentees = self.load(today)
        weights = self.weights()
        return propose(mentors, mentees, weights)


def propose(
    mentors: Mapping[int, MentorInfo],
    mentees: Mapping[int, MenteeInfo],
    weights: MatchingWeights,
) -> SchoolProposal:
    left_out: list[tuple[int, str, str]] = []
    waiting: list[MenteeInfo] = []
    for mentee in mentees.values():
        if mentee.mentors:
            continue
        if not mentee.personal_data_consent:
            left_out.append(
                (mentee.id, mentee.full_name, "нет согласия на обработку персональных данных")
            )
            continue
        waiting.append(mentee)
    available = [m for m in mentors.values() if m.free > 0]
    scorer = Scorer(weights)
    tables: list[dict[int, float]] = []
    for mentee in waiting:
        row: dict[int, float] = {}
        for mentor in available:
            if not scorer.blocked(mentee, mentor):
                value = scorer.value(mentee, mentor)
                if value > 0:
                    row[mentor.id] = value
        tables.append(row)
    chosen = optimal_assignment(tables, {m.id: m.free for m in available})
    proposals: list[Proposal] = []
    for mentee, mentor_id in zip(waiting, chosen, strict=True):
        if mentor_id is None:
            left_out.append((mentee.id, mentee.full_name, "нет наставника со свободным местом"))
        else:
            suggestion = score(mentee, mentors[mentor_id], weights)
            proposals.append(Proposal(mentee.id, mentee.full_name, suggestion))
    return SchoolProposal(proposals, left_out)
