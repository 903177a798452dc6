"""Documents and memory: every document of the demo school, the banks of 10,000 people to
.xlsx, and the memory of the window with 10,000 people loaded.

    python bench/bench_export.py [--people 10000] [--runs 3]

«first» includes importing python-docx, openpyxl and the declension library (what the curator
waits for the first time in a session); «again» is the median of the later runs. Memory is the
resident set of a fresh process that opened the window on the big database and showed the
«Педагоги», «Наставники» and «Наставляемые» sections (Linux: /proc). Prints figures; asserts
nothing.

Goals (issue 11): every demo document under 2 s; the 10,000-row .xlsx under 3 s; under 200 MB
of memory with 10,000 people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_TODAY = dt.date(2026, 11, 23)

MEMORY_PROBE = """
import os, sys
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from desktop_app.ui.app import make_application
from desktop_app.models.db import open_database
from desktop_app.ui.main_window import MainWindow

def rss(name):
    fields = dict(r.split(":", 1) for r in Path("/proc/self/status").read_text().splitlines())
    return int(fields[name].split()[0]) / 1024

app = make_application([])
before = rss("VmRSS")
window = MainWindow(open_database(sys.argv[1]))
window.show()
rows = {}
for key in ("people", "mentors", "mentees"):
    section = window.show_section(key)
    app.processEvents()
    rows[key] = section.model.rowCount()
print(f"{before:.0f} {rss('VmRSS'):.0f} {rss('VmHWM'):.0f} {rows}")
window.close()
"""


def timed(function, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:] or times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NASTAVNIK_DATA_DIR", tempfile.mkdtemp(prefix="nastavnik-data-"))

    from desktop_app.services.demo import create_demo

    folder = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    started = time.perf_counter()
    demo_path = create_demo(folder / "demo.sqlite", today=DEMO_TODAY)
    print(f"demo school made in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    big_path = create_demo(folder / "big.sqlite", people=args.people, today=DEMO_TODAY)
    print(f"database of {args.people} people made in {time.perf_counter() - started:.2f} s")

    from desktop_app.export.registry import ExportOptions, all_kinds, build_documents
    from desktop_app.models.db import open_database

    options = ExportOptions(today=DEMO_TODAY)
    keys = [kind.key for kind in all_kinds()]
    demo = open_database(demo_path)
    counter = iter(range(1000))
    written: list[Path] = []

    def every_document() -> None:
        written[:] = build_documents(demo, keys, folder / f"demo-{next(counter)}", options)

    first, again = timed(every_document, args.runs)
    demo.close()
    print(
        f"every document of the demo school ({len(keys)} kinds, {len(written)} files): "
        f"first {first:.2f} s, again {again:.2f} s   [goal < 2 s]"
    )

    big = open_database(big_path)

    def banks() -> None:
        written[:] = build_documents(big, ["banks"], folder / f"big-{next(counter)}", options)

    first, again = timed(banks, args.runs)
    big.close()
    from openpyxl import load_workbook

    rows = sum(load_workbook(p, read_only=True).active.max_row for p in written)
    print(
        f"banks of {args.people} people to .xlsx ({len(written)} files, {rows} rows): "
        f"first {first:.2f} s, again {again:.2f} s   [goal < 3 s]"
    )

    if Path("/proc/self/status").exists():
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, str(big_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            check=True,
        ).stdout.split(maxsplit=3)
        print(
            f"memory with {args.people} people in the three people sections: "
            f"{out[1]} MB resident (peak {out[2]} MB; Qt alone {out[0]} MB) {out[3].strip()}"
            "   [goal < 200 MB]"
        )
    else:
        print("memory: not measured on this system (needs /proc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
