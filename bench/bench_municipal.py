"""The municipal summary at a district's size: 30 schools × (bank, accounting, monitoring).

Three demo schools' files are made with the program's own exports, then copied under 30 school
names (the title row and the «Организация» column rewritten, as a school's own export would
read). Prints the time to take in all 90 files, to take them in again (nothing changes), to
build the indicators table, the summary workbook and the analytical report.

    PYTHONPATH=. python bench/bench_municipal.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.export.municipal import write_municipal_report, write_municipal_summary
from desktop_app.models.db import open_database
from desktop_app.services import municipal_summary as ms
from desktop_app.services.municipal_demo import make_demo_school_files
from desktop_app.services.municipal_import import import_files
from desktop_app.services.organisation import OrganisationDraft, OrganisationService

SCHOOLS = 30
TODAY = dt.date(2026, 11, 23)


def renamed(source: Path, target: Path, old: str, new: str, full: str) -> None:
    wb = load_workbook(source)
    for ws in wb.worksheets:
        ws["A1"] = full
        for row in ws.iter_rows(min_row=5):
            for cell in row:
                if cell.value == old:
                    cell.value = new
    wb.save(target)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        made = make_demo_school_files(folder / "demo", TODAY)
        sources = list(made.items())
        inbox = folder / "inbox"
        inbox.mkdir()
        started = time.perf_counter()
        for number in range(SCHOOLS):
            short, files = sources[number % len(sources)]
            new_short = f"МКОУ «Школа № {number + 1}»"
            full = f"Муниципальное казённое общеобразовательное учреждение «Школа № {number + 1}»"
            for path in files:
                renamed(path, inbox / f"{number:02d} {path.name}", short, new_short, full)
        print(f"files prepared: {3 * SCHOOLS} in {time.perf_counter() - started:.1f} s")
        db = open_database(folder / "methodist.sqlite")
        OrganisationService(db).save_own(
            OrganisationDraft(full_name="Отдел образования", head_name="Смирнова Елена Петровна")
        )
        started = time.perf_counter()
        report = import_files(db, [inbox])
        print(
            f"import of {len(report.outcomes)} files: {time.perf_counter() - started:.2f} s "
            f"({report.summary()})"
        )
        started = time.perf_counter()
        report = import_files(db, [inbox])
        print(f"the same files again: {time.perf_counter() - started:.2f} s ({report.summary()})")
        [period] = ms.periods(db)
        started = time.perf_counter()
        table = ms.indicator_table(db, period)
        print(
            f"indicators table, {len(table.schools)} schools: {time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        school = table.schools[0][0]
        suggestions = ms.suggest_mentors(db, period, school)
        print(
            f"suggestions for one school ({len(suggestions)} mentees): "
            f"{time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        write_municipal_summary(db, period, folder / "свод.xlsx", TODAY)
        print(f"summary .xlsx: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        write_municipal_report(db, period, folder / "справка.docx", TODAY)
        print(f"analytical report .docx: {time.perf_counter() - started:.2f} s")
        db.close()


if __name__ == "__main__":
    main()
