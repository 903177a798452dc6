"""Programs of a large municipality: list rows, overdue items, the status table, one report.

    .venv/bin/python bench/bench_programs.py [--programs 300]

Prints figures; asserts nothing. What matters: the section's list (``rows``) and the overview's
overdue query stay well under a second with a few hundred programs of 10–12 activities each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=300)
    args = parser.parse_args()

    from desktop_app.export.registry import ExportOptions, get_kind, no_progress
    from desktop_app.models import ActivityStatus
    from desktop_app.models.db import open_database
    from desktop_app.services.demo import create_demo
    from desktop_app.services.programs import ProgramService, StatusChange, overview_items
    from desktop_app.services.validation import format_date

    today = dt.date(2026, 11, 23)
    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.sqlite"
    create_demo(path, today=today, people=max(600, args.programs * 2))
    db = open_database(path)
    service = ProgramService(db)
    from sqlalchemy import select

    from desktop_app.models import MenteeProfile, MentorProfile

    with db.session() as session:
        mentors = list(session.scalars(select(MentorProfile.person_id)))
        mentees = [m for m in session.scalars(select(MenteeProfile.person_id)) if m not in mentors]
    started = time.perf_counter()
    made = 0
    for number in range(args.programs):
        mentor, mentee = mentors[number % len(mentors)], mentees[number % len(mentees)]
        draft = service.new_draft(mentor, [mentee], start=dt.date(2026, 9, 1))
        draft.strengths = "Владеет ИКТ"
        program_id = service.create(draft)
        past = [a for a in service.get(program_id).activities if a.due_on < today]
        for activity in past[: number % 4]:
            service.set_status(
                activity.id,
                StatusChange(ActivityStatus.DONE, format_date(activity.due_on)),
                today,
            )
        made += 1
    print(f"made {made} programs in {time.perf_counter() - started:.1f} s")

    def timed(label: str, call) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = call()
        size = len(result) if hasattr(result, "__len__") else ""
        print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms {size}")

    timed("rows (section list)", lambda: service.rows(today))
    timed("overdue (overview)", lambda: service.overdue(today))
    timed("overview_items", lambda: overview_items(db, today))
    first = service.rows(today)[0].id
    timed("get one program", lambda: service.get(first))
    out = folder / "out"
    timed(
        "programs-status.xlsx",
        lambda: get_kind("programs-status").build(db, out, ExportOptions(today=today), no_progress),
    )
    timed(
        "mentor-report.docx (one)",
        lambda: get_kind("mentor-report").build(
            db, out, ExportOptions(today=today, extra={"program_ids": [first]}), no_progress
        ),
    )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
