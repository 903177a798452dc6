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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    args = parser.parse_args()

    from desktop_app.models.db import open_database
    from desktop_app.services.organisation import OrganisationDraft, OrganisationService
    from desktop_app.services.people_import import (
        apply_import,
        load_source,
        plan_import,
        undo_last_import,
    )

    folder = Path(tempfile.mkdtemp())
    path = _make_file(folder, args.rows, args.format)
    print(f"{args.rows} rows, {args.format}, {path.stat().st_size // 1024} KB")
    db = open_database(folder / "school.sqlite")
    OrganisationService(db).save_own(
        OrganisationDraft(full_name="Школа", head_name="Иванова Анна Петровна")
    )

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        value = fn()
        print(f"{label:<38} {time.perf_counter() - started:6.2f} s")
        return value

    table, guess = timed("read the file and find the header", lambda: load_source(path))
    plan = timed("check every row (plan)", lambda: plan_import(db, table, guess))
    print(f"  {plan.summary()}")
    timed("write (one transaction)", lambda: apply_import(db, plan))
    again = timed("plan the same file again (all matched)", lambda: plan_import(db, table, guess))
    print(f"  {again.summary()}")
    timed("undo the whole import", lambda: undo_last_import(db))
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
