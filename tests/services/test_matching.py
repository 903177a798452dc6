from __future__ import annotations

import itertools
import random

import pytest

from desktop_app.errors import ValidationError
from desktop_app.models import DeficitCategory, DeficitLevel, QualificationCategory
from desktop_app.models.db import Database
from desktop_app.services.matching import (
    MatchingService,
    MatchingWeights,
    MenteeInfo,
    MentorInfo,
    optimal_assignment,
    plural,
    propose,
    quick_score,
    rank,
    score,
    split_subjects,
)
from desktop_app.services.pairs import PairService
from tests.services.test_pairs import TODAY, add_mentee, add_mentor, pair_draft


def mentor(
    id: int,
    *,
    subjects: str = "математика",
    expertise: tuple[DeficitCategory, ...] = (),
    capacity: int = 2,
    taken: int = 0,
    experience: int | None = 10,
    qualification: QualificationCategory | None = QualificationCategory.FIRST,
    organisation: int = 1,
    consent: bool = True,
    appointment: bool = True,
) -> MentorInfo:
    return MentorInfo(
        id=id,
        full_name=f"Наставник {id}",
        short_name=f"Наставник {id}",
        position="учитель",
        subjects=split_subjects(subjects),
        expertise=frozenset(c.value for c in expertise),
        capacity=capacity,
        taken=taken,
        experience=experience,
        qualification=qualification,
        organisation_id=organisation,
        organisation="МБОУ «Заречная СОШ»" if organisation != 1 else "МКОУ «Тестовая СОШ»",
        personal_data_consent=consent,
        appointment_consent=appointment,
        birth_date=None,
    )


def mentee(
    id: int = 100,
    *,
    subjects: str = "математика",
    difficulties: dict[DeficitCategory, DeficitLevel | None] | None = None,
) -> MenteeInfo:
    return MenteeInfo(
        id=id,
        full_name=f"Наставляемый {id}",
        short_name=f"Наставляемый {id}",
        subjects=split_subjects(subjects),
        difficulties=difficulties or {},
        organisation_id=1,
        personal_data_consent=True,
        birth_date=None,
    )


HARD = {
    DeficitCategory.METHODICAL: DeficitLevel.HIGH,
    DeficitCategory.DIGITAL: DeficitLevel.MEDIUM,
    DeficitCategory.LEGAL: DeficitLevel.LOW,
}


def test_reasons_are_spelled_out() -> None:
    s = score(
        mentee(difficulties=HARD),
        mentor(
            1,
            subjects="математика, информатика",
            expertise=(DeficitCategory.METHODICAL, DeficitCategory.DIGITAL),
            capacity=2,
            taken=1,
            experience=18,
            qualification=QualificationCategory.HIGHEST,
        ),
        MatchingWeights(),
    )
    assert s.reasons[:4] == [
        "ведёт тот же предмет: математика",
        "сильные стороны закрывают 2 из 3 затруднений: методические, ИКТ",
        "свободно 1 место из 2",
        "стаж 18 лет, высшая категория",
    ]
    assert "та же организация" in s.reasons
    assert not s.blocked


def test_blockers_are_named_and_ranked_last() -> None:
    weights = MatchingWeights()
    full = mentor(1, expertise=tuple(HARD), capacity=2, taken=2, experience=30)
    no_consent = mentor(2, expertise=tuple(HARD), appointment=False)
    modest = mentor(3, subjects="история", experience=2)
    ranked = rank(mentee(difficulties=HARD), [full, no_consent, modest], weights)
    assert [s.mentor_id for s in ranked] == [3, 1, 2] or [s.mentor_id for s in ranked] == [3, 2, 1]
    assert ranked[0].mentor_id == 3 and not ranked[0].blocked
    by_id = {s.mentor_id: s for s in ranked}
    assert by_id[1].blockers == ["нет свободных мест (занято 2 из 2)"]
    assert by_id[2].blockers == ["нет согласия на назначение наставником"]


def test_ranking_on_hand_made_cases() -> None:
    weights = MatchingWeights()
    need = mentee(subjects="русский язык", difficulties=HARD)
    # Same subject and covers every difficulty: clearly the best.
    best = mentor(1, subjects="русский язык и литература", expertise=tuple(HARD))
    # Covers the strong difficulty only, other subject.
    partial = mentor(2, subjects="химия", expertise=(DeficitCategory.METHODICAL,))
    # Same subject, covers nothing, from another school.
    other_school = mentor(3, subjects="русский язык", organisation=2)
    ranked = [s.mentor_id for s in rank(need, [other_school, partial, best], weights)]
    assert ranked == [1, 2, 3]
    # The curator weighs the subject above everything: the order follows the weights.
    subject_first = MatchingWeights(
        {"subject": 100, "difficulties": 10, "capacity": 0, "experience": 0, "organisation": 0}
    )
    ranked = [s.mentor_id for s in rank(need, [other_school, partial, best], subject_first)]
    assert ranked == [1, 3, 2]


def brute_force(scores: list[dict[int, float]], capacity: dict[int, int]) -> float:
    options = [[None, *row] for row in scores]
    best = 0.0
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        for j in choice:
            if j is not None:
                used[j] = used.get(j, 0) + 1
        if all(used[j] <= capacity[j] for j in used):
            best = max(best, sum(scores[i][j] for i, j in enumerate(choice) if j is not None))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_assignment_is_optimal_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    mentors = list(range(1, rng.randint(1, 4) + 1))
    capacity = {j: rng.randint(0, 2) for j in mentors}
    scores = [
        {j: round(rng.uniform(1, 100), 1) for j in mentors if rng.random() < 0.75}
        for _ in range(rng.randint(1, 6))
    ]
    chosen = optimal_assignment(scores, capacity)
    used: dict[int, int] = {}
    for i, j in enumerate(chosen):
        if j is not None:
            assert j in scores[i]
            used[j] = used.get(j, 0) + 1
    assert all(used[j] <= capacity[j] for j in used)
    total = sum(scores[i][j] for i, j in enumerate(chosen) if j is not None)
    assert total == pytest.approx(brute_force(scores, capacity))


@pytest.mark.parametrize("seed", range(20))
def test_quick_score_agrees_with_the_explained_score(seed: int) -> None:
    rng = random.Random(seed)
    categories = list(DeficitCategory)
    need = mentee(
        subjects=rng.choice(["математика", "история", "русский язык"]),
        difficulties={c: rng.choice([*DeficitLevel, None]) for c in rng.sample(categories, 3)},
    )
    weights = MatchingWeights({k: rng.randint(0, 50) for k in MatchingWeights().values})
    for j in range(1, 30):
        m = mentor(
            j,
            subjects=rng.choice(["математика, физика", "история", "русский язык и литература"]),
            expertise=tuple(rng.sample(categories, rng.randint(0, 4))),
            capacity=rng.randint(1, 3),
            taken=rng.randint(0, 3),
            experience=rng.choice([None, 3, 25]),
            qualification=rng.choice([*QualificationCategory, None]),
            organisation=rng.randint(1, 2),
            appointment=rng.random() > 0.2,
        )
        explained = score(need, m, weights)
        assert quick_score(need, m, weights) == (None if explained.blocked else explained.score)


def test_greedy_would_be_wrong_here() -> None:
    # Mentee 0 prefers mentor 1 slightly, but mentee 1 can only have mentor 1.
    scores = [{1: 60.0, 2: 55.0}, {1: 50.0}]
    assert optimal_assignment(scores, {1: 1, 2: 1}) == [2, 1]


def test_propose_respects_capacity_and_consent() -> None:
    weights = MatchingWeights()
    mentors = {1: mentor(1, capacity=1, expertise=tuple(HARD)), 2: mentor(2, capacity=1)}
    a, b, c = mentee(100, difficulties=HARD), mentee(101), mentee(102)
    c.personal_data_consent = False
    result = propose(mentors, {m.id: m for m in (a, b, c)}, weights)
    assert {(p.mentee_id, p.suggestion.mentor_id) for p in result.proposals} == {(100, 1), (101, 2)}
    assert result.left_out == [
        (102, "Наставляемый 102", "нет согласия на обработку персональных данных")
    ]


def test_plural() -> None:
    assert [plural(n, "место", "места", "мест") for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "место",
        "места",
        "мест",
        "мест",
        "место",
        "места",
        "мест",
    ]


def test_service_suggests_from_the_bank(empty_db: Database) -> None:
    service = MatchingService(empty_db)
    strong = add_mentor(empty_db, "Петрова", max_mentees="1")
    history = add_mentor(empty_db, "Кузнецова", subjects="история")
    no_consent = add_mentor(empty_db, "Лебедева", appointment=False)
    first, second = add_mentee(empty_db, "Сидоров"), add_mentee(empty_db, "Орлов")
    ranked = service.suggest(first, today=TODAY)
    assert [s.mentor_id for s in ranked] == [strong, history, no_consent]
    assert "ведёт тот же предмет: математика" in ranked[0].reasons
    PairService(empty_db).create(pair_draft(strong, first), today=TODAY)
    ranked = service.suggest(second, today=TODAY)
    assert ranked[-1].mentor_id in (strong, no_consent)
    assert {s.mentor_id: s.blockers for s in ranked}[strong] == [
        "нет свободных мест (занято 1 из 1)"
    ]
    proposal = service.propose_all(today=TODAY)
    assert [(p.mentee_id, p.suggestion.mentor_id) for p in proposal.proposals] == [
        (second, history)
    ]


def test_weights_are_kept_and_checked(empty_db: Database) -> None:
    service = MatchingService(empty_db)
    assert service.weights().values["difficulties"] == 35
    typed = {"subject": "50", "difficulties": "20", "capacity": "10", "experience": "10"}
    with pytest.raises(ValidationError) as err:
        service.save_weights({**typed, "organisation": "сто"})
    assert "целое число от 0 до 100" in err.value.errors["organisation"]
    assert service.weights().values["subject"] == 25
    with pytest.raises(ValidationError):
        service.save_weights({k: "0" for k in (*typed, "organisation")})
    service.save_weights({**typed, "organisation": "5"})
    assert service.weights().values == {
        "subject": 50,
        "difficulties": 20,
        "capacity": 10,
        "experience": 10,
        "organisation": 5,
    }


def test_mentor_without_personal_data_consent_is_blocked(empty_db: Database) -> None:
    add_mentor(empty_db, "Петрова", consent=False)
    mentee_id = add_mentee(empty_db, "Сидоров")
    [only] = MatchingService(empty_db).suggest(mentee_id, today=TODAY)
    assert only.blockers == ["нет согласия на обработку персональных данных"]
    assert MatchingService(empty_db).propose_all(today=TODAY).proposals == []
