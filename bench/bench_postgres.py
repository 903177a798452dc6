"""The same work on a PostgreSQL server and on the SQLite file, side by side.

    NASTAVNIK_TEST_PG=postgresql+pg8000://nastavnik:nastavnik@localhost/postgres \\
        .venv/bin/python bench/bench_postgres.py [--people 10000] [--url URL]

For each engine: open and migrate an empty database, fill the demo school, fill a bank of
``--people`` people, load the people search index of that bank (the query the people table
runs when anyone changed the bank) and one search in it. Prints figures; asserts nothing.
Without a server URL (``--url`` or NASTAVNIK_TEST_PG) it says so and stops. On the server it
works in databases named ``pgbench_<pid>_…`` and drops them afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 23)


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


class _Sqlite:
    name = "SQLite"

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.count = 0

    @contextmanager
    def database(self) -> Iterator[Any]:
        from desktop_app.models.db import open_database

        self.count += 1
        db = open_database(self.folder / f"db{self.count}.sqlite")
        try:
            yield db
        finally:
            db.close()


class _Server:
    name = "PostgreSQL"

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.count = 0

    @contextmanager
    def database(self) -> Iterator[Any]:
        from sqlalchemy import text

        from desktop_app.models.db import open_url

        self.count += 1
        name = f"pgbench_{os.getpid()}_{self.count}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = None
        try:
            db = open_url(self.url.set(database=name).render_as_string(hide_password=False))
            yield db
        finally:
            if db is not None:
                db.close()
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _measure(engine: Any, people: int) -> dict[str, float]:
    from desktop_app.services.demo import fill_demo
    from desktop_app.services.people import PeopleFilter, PeopleService
    from desktop_app.services.people_index import PeopleIndex

    figures: dict[str, float] = {}
    # Open + migrate: the database context opens it; time it alone in a first database.
    started = time.perf_counter()
    with engine.database() as db:
        figures["open + migrate an empty database"] = (time.perf_counter() - started) * 1000
        figures["demo school (45 people and their work)"], _ = _timed(
            lambda: fill_demo(db, today=TODAY)
        )
    with engine.database() as db:
        figures[f"bank of {people} people"], _ = _timed(
            lambda: fill_demo(db, people=people, today=TODAY)
        )
        service = PeopleService(db)
        revision = service.revision()[0]
        figures[f"people search index load ({people})"], _ = _timed(
            lambda: PeopleIndex.load(db, revision, TODAY)
        )
        service.query_ids(PeopleFilter(), today=TODAY)  # the index, loaded once
        figures["search «ова» in the index"], _ = _timed(
            lambda: service.query_ids(PeopleFilter(text="ова"), today=TODAY)
        )
        figures["revision check (one query, every refresh)"], _ = _timed(service.revision)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--url", default=os.environ.get("NASTAVNIK_TEST_PG", ""))
    args = parser.parse_args()
    if not args.url:
        print(
            "Нет сервера PostgreSQL (--url или NASTAVNIK_TEST_PG): сравнение пропущено. / "
            "No PostgreSQL server URL: skipped."
        )
        return 0
    try:
        server = _Server(args.url)
        with server.admin.connect():
            pass
    except Exception as exc:
        print(f"Сервер PostgreSQL не отвечает: {exc}. Сравнение пропущено. / skipped.")
        return 0

    results = {engine.name: _measure(engine, args.people) for engine in (_Sqlite(), server)}
    names = list(results["SQLite"])
    width = max(len(n) for n in names)
    print(f"{'':{width}}  {'SQLite':>10}  {'PostgreSQL':>10}")
    for name in names:
        print(
            f"{name:{width}}  {results['SQLite'][name]:>8.1f}ms  "
            f"{results['PostgreSQL'][name]:>8.1f}ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
