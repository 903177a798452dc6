"""How quickly the roadmap screen and «Обзор» get their data on the demo school.

Run: ``python bench/bench_roadmap.py`` — prints milliseconds; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.models.db import open_database
from desktop_app.services.deadlines import parse_deadline
from desktop_app.services.demo import create_demo
from desktop_app.services.overview import collect
from desktop_app.services.roadmap import RoadmapService, overview_items

TODAY = dt.date(2026, 11, 23)


def timed(label: str, fn, repeat: int = 20) -> None:  # type: ignore[no-untyped-def]
    fn()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    print(f"{label}: {(time.perf_counter() - start) / repeat * 1000:.1f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        create_demo(path, today=TODAY)
        db = open_database(path)
        try:
            service = RoadmapService(db)
            roadmap_id = service.current_id(TODAY)
            assert roadmap_id is not None
            timed("roadmap rows (table of the section)", lambda: service.rows(roadmap_id, TODAY))
            timed("roadmap lines of «Обзор»", lambda: overview_items(db, TODAY))
            timed("whole «Обзор» (every provider)", lambda: collect(db, TODAY))
            texts = ["Ежеквартально до 15 числа каждого месяца", "май-сентябрь 2022г., далее "
                     "ежегодно", "Постоянно с мая 2022", "до 01.10.2021"]  # fmt: skip
            start = time.perf_counter()
            for _ in range(500):
                for text in texts:
                    parse_deadline(text)
            per = (time.perf_counter() - start) / (500 * len(texts)) * 1e6
            print(f"deadline parse: {per:.0f} µs per text")
        finally:
            db.close()


if __name__ == "__main__":
    main()
