"""Routes (ИОМ) at the size of a large school: 60 routes of 20 measures each.

Prints how long the «Маршруты (ИОМ)» list takes to load (what the section does on every
filter change), opening one route in the editor's draft form, saving it back, and writing one
route document (.docx) and the summary table (.xlsx). Run: ``python bench/bench_routes.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NASTAVNIK_DATA_DIR", tempfile.mkdtemp())

from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.models import DeficitCategory, MeasureSection, RouteStatus
from desktop_app.models.db import open_database
from desktop_app.services.demo import create_demo
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.services.routes import (
    AssessmentDraft,
    MeasureDraft,
    RouteService,
)

TODAY = dt.date(2026, 11, 23)


def timed(label: str, fn, repeat: int = 5):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label}: {best * 1000:.1f} ms (best of {repeat})")
    return result


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path = create_demo(folder / "bench.sqlite", people=200, today=TODAY)
    db = open_database(path)
    service = RouteService(db)
    people = PeopleService(db).query_ids(PeopleFilter(), today=TODAY)[:60]
    categories = list(DeficitCategory)
    for n, person in enumerate(people):
        draft = service.new_draft(person, TODAY)
        draft.start_year = str(2024 + n % 3)
        chosen = categories[n % 8 : n % 8 + 3] or categories[:3]
        draft.deficits = {c: AssessmentDraft() for c in chosen}
        start = 2024 + n % 3
        draft.measures = [
            MeasureDraft(
                section=list(MeasureSection)[k % 4],
                title=f"Мероприятие {k + 1} дорожной карты",
                academic_year=start + k % 5,
                deficits=[chosen[k % len(chosen)]],
                hours="36" if k % 4 == 0 else "",
            )
            for k in range(20)
        ]
        draft.approved_on = f"30.09.{start}"
        draft.status = RouteStatus.ACTIVE
        service.save(None, draft, TODAY)
    rows = timed("list of 60 routes (section refresh)", lambda: service.rows(today=TODAY))
    print(f"  rows: {len(rows)}, measures: {sum(r.measures_total for r in rows)}")
    route_id = rows[0].id
    draft = timed("open one route (draft for the editor)", lambda: service.draft(route_id))
    timed("save one route (20 measures)", lambda: service.save(route_id, draft, TODAY))
    out = folder / "out"
    options = ExportOptions(today=TODAY, extra={"route_ids": [route_id]})
    timed("route document .docx", lambda: build_documents(db, ["route"], out, options), 3)
    all_options = ExportOptions(today=TODAY)
    timed(
        "summary .xlsx of 60 routes", lambda: build_documents(db, ["routes"], out, all_options), 3
    )
    db.close()


if __name__ == "__main__":
    main()
