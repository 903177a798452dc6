"""Mentor suggestions and the whole-school assignment on a large bank.

    .venv/bin/python bench/bench_assignment.py [--mentors 200] [--mentees 300] [--seed 1]

Prints figures; asserts nothing. Goal (issue 4): the whole-school assignment of 300 mentees to
200 mentors in under 1 s; one mentee's ranked list instantly (well under 100 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.models import DeficitCategory, DeficitLevel, QualificationCategory
from desktop_app.services.matching import (
    MatchingWeights,
    MenteeInfo,
    MentorInfo,
    optimal_assignment,
    propose,
    rank,
    split_subjects,
)

SUBJECTS = [
    "математика",
    "русский язык",
    "литература",
    "история",
    "физика",
    "химия",
    "биология",
    "информатика",
    "английский язык",
    "начальные классы",
    "физическая культура",
    "музыка",
]


def make_bank(
    mentors: int, mentees: int, seed: int
) -> tuple[dict[int, MentorInfo], dict[int, MenteeInfo]]:
    rng = random.Random(seed)
    categories = list(DeficitCategory)
    bank_mentors = {
        i: MentorInfo(
            id=i,
            full_name=f"Наставник {i}",
            short_name=f"Наставник {i}",
            position="учитель",
            subjects=split_subjects(", ".join(rng.sample(SUBJECTS, rng.randint(1, 2)))),
            expertise=frozenset(c.value for c in rng.sample(categories, rng.randint(1, 4))),
            capacity=rng.choice([1, 2, 2, 3]),
            taken=0,
            experience=rng.randint(3, 35),
            qualification=rng.choice(list(QualificationCategory)),
            organisation_id=rng.randint(1, 20),
            organisation="школа",
            personal_data_consent=rng.random() > 0.05,
            appointment_consent=rng.random() > 0.1,
            birth_date=None,
        )
        for i in range(1, mentors + 1)
    }
    bank_mentees = {
        10_000 + i: MenteeInfo(
            id=10_000 + i,
            full_name=f"Наставляемый {i}",
            short_name=f"Наставляемый {i}",
            subjects=split_subjects(rng.choice(SUBJECTS)),
            difficulties={
                c: rng.choice(list(DeficitLevel)) for c in rng.sample(categories, rng.randint(1, 4))
            },
            organisation_id=rng.randint(1, 20),
            personal_data_consent=rng.random() > 0.05,
            birth_date=None,
        )
        for i in range(1, mentees + 1)
    }
    return bank_mentors, bank_mentees


def run(mentors: int, mentees: int, seed: int) -> None:
    bank_mentors, bank_mentees = make_bank(mentors, mentees, seed)
    weights = MatchingWeights()
    places = sum(m.capacity for m in bank_mentors.values())
    print(f"bank: {mentors} mentors ({places} places), {mentees} mentees")

    times = []
    for mentee in list(bank_mentees.values())[:50]:
        started = time.perf_counter()
        rank(mentee, list(bank_mentors.values()), weights)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"  one mentee's ranked list: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms (50 mentees)"
    )

    started = time.perf_counter()
    result = propose(bank_mentors, bank_mentees, weights)
    total = time.perf_counter() - started
    print(
        f"  whole-school run (scoring + assignment): {total * 1000:.0f} ms; "
        f"{len(result.proposals)} pairs proposed, {len(result.left_out)} left out, "
        f"total score {result.total_score:.0f}"
    )

    # The assignment alone, on the score table the run built.
    rng = random.Random(seed)
    scores = [
        {j: rng.uniform(1, 100) for j in bank_mentors if rng.random() < 0.8} for _ in bank_mentees
    ]
    capacity = {j: m.capacity for j, m in bank_mentors.items()}
    started = time.perf_counter()
    optimal_assignment(scores, capacity)
    print(
        "  assignment alone on a random dense table: "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=0)
    parser.add_argument("--mentees", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.mentors and args.mentees:
        run(args.mentors, args.mentees, args.seed)
    else:
        run(200, 300, args.seed)  # the figure: 300 mentees, 200 mentors
        run(300, 200, args.seed)  # more mentors than mentees
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
