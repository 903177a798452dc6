"""Import of a 10,000-row staff list: reading, checking, writing, importing again, undoing.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--format xlsx|csv]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _make_file(folder: Path, rows: int, fmt: str) -> Path:
    from desktop_app.services.demo import FATHER_NAMES, FEMALE_NAMES, MALE_NAMES, SURNAMES

    rng = random.Random(7)
    header = [
        "№",
        "Ф.И.О.",
        "Дата рождения",
        "Должность",
        "Пед. стаж",
        "Квалиф. категория",
        "E-mail",
        "Роль",
        "Категория наставляемого",
    ]
    lines = []
    used: set[tuple[str, dt.date]] = set()
    while len(lines) < rows:
        male = rng.random() < 0.3
        surname = rng.choice(SURNAMES)[0 if male else 1]
        first = rng.choice(MALE_NAMES if male else FEMALE_NAMES)
        father = rng.choice(FATHER_NAMES)[1 if male else 2]
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(16000))
        if (surname + first + father, birth) in used:
            continue
        used.add((surname + first + father, birth))
        lines.append(
            [
                len(lines) + 1,
                f"{surname} {first} {father}",
                birth,
                rng.choice(["учитель математики", "учитель русского языка", "педагог-психолог"]),
                rng.randrange(0, max(1, (dt.date(2026, 1, 1) - birth).days // 365 - 22)),
                rng.choice(["высшая", "первая", "без категории", ""]),
                "",
                role := rng.choice(["", "", "", "наставник", "наставляемый"]),
                rng.choice(["молодой педагог", "адаптация на новом месте работы"])
                if role == "наставляемый"
                else "",
            ]
        )
    if fmt == "csv":
        path = folder / "список.csv"
        text = (
            ";".join(header)
            + "\r\n"
            + "\r\n".join(
                ";".join(v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v) for v in row)
                for row in lines
            )
        )
        path.write_bytes(text.encode("cp1251"))
        return path
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Список педагогических работников"])
    ws.append(header)
    for row in lines:
        ws.append(row)
    path = folder / "список.xlsx"
    wb.save(path)
    return path


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fresh_database(folder: Path, url: str):  # type: ignore[no-untyped-def]
    from desktop_app.models.db import open_database, open_url
    from desktop_app.services.organisation import OrganisationDraft, OrganisationService

    if url:
        import pg8000.native
        from sqlalchemy.engine import make_url

        parts = make_url(url)
        admin = pg8000.native.Connection(
            parts.username, password=parts.password, host=parts.host, database="postgres"
        )
        admin.run(f'DROP DATABASE IF EXISTS "{parts.database}"')
        admin.run(f'CREATE DATABASE "{parts.database}"')
        admin.close()
        db = open_url(url)
    else:
        db = open_database(folder / "school.sqlite")
    OrganisationService(db).save_own(
        OrganisationDraft(full_name="Школа", head_name="Иванова Анна Петровна")
    )
    return db


def _changed_copy(path: Path, fmt: str) -> Path:
    """The same list with every position changed: 100 % updates of existing cards."""
    if fmt == "csv":
        text = path.read_bytes().decode("cp1251").replace("учитель", "педагог")
        target = path.with_name("изменения.csv")
        target.write_bytes(text.encode("cp1251"))
        return target
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for row in wb.active.iter_rows(min_row=3, min_col=4, max_col=4):
        row[0].value = str(row[0].value).replace("учитель", "педагог")
    target = path.with_name("изменения.xlsx")
    wb.save(target)
    return target


def run_size(rows: int, fmt: str, url: str) -> None:
    from desktop_app.services.people_import import (
        apply_import,
        load_source,
        plan_import,
        undo_last_import,
    )

    folder = Path(tempfile.mkdtemp())
    path = _make_file(folder, rows, fmt)
    kind = "PostgreSQL" if url else "SQLite"
    print(f"\n{rows} rows, {fmt}, {path.stat().st_size // 1024} KB, {kind}")
    db = _fresh_database(folder, url)

    def timed(label: str, fn, per_row: bool = False):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        value = fn()
        spent = time.perf_counter() - started
        rate = f"{rows / spent:9.0f} rows/s" if per_row and spent else " " * 16
        print(f"{label:<42} {spent:6.2f} s {rate}  peak {_peak_mb():5.0f} MB")
        return value

    table, guess = timed("read the file and find the header", lambda: load_source(path))
    plan = timed("check every row (plan)", lambda: plan_import(db, table, guess), True)
    print(f"  {plan.summary()}")
    timed("write new cards (one transaction)", lambda: apply_import(db, plan), True)
    again = timed("plan the same file again (all matched)", lambda: plan_import(db, table, guess))
    print(f"  {again.summary()}")
    timed("undo the whole import of new cards", lambda: undo_last_import(db))
    apply_import(db, plan_import(db, table, guess))
    changed = _changed_copy(path, fmt)
    table2, guess2 = load_source(changed)
    updates = timed(
        "plan a changed file (cards to update)", lambda: plan_import(db, table2, guess2)
    )
    print(f"  {updates.summary()}")
    timed("write the updates (one transaction)", lambda: apply_import(db, updates), True)
    timed("undo the updates", lambda: undo_last_import(db))
    db.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument(
        "--db-url",
        default="",
        help="a PostgreSQL database to (re)create, e.g. "
        "postgresql+pg8000://nastavnik:nastavnik@localhost/importfix_bench",
    )
    args = parser.parse_args()
    for rows in args.rows:
        run_size(rows, args.format, args.db_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
