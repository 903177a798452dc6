"""People table on a 10,000-person database: time to first paint and per keystroke.

    .venv/bin/python bench/bench_people_table.py [--people 10000]

Prints figures; asserts nothing. Goal (issue 2): a keystroke filters 10,000 people in < 16 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", help="use this database instead of making one")
    args = parser.parse_args()

    from desktop_app.services.demo import create_demo

    if args.db:
        path = Path(args.db)
    else:
        path = Path(tempfile.mkdtemp()) / "big.sqlite"
        started = time.perf_counter()
        create_demo(path, people=args.people)
        print(
            f"demo database of {args.people} people made in {time.perf_counter() - started:.2f} s"
        )

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from desktop_app.models.db import open_database
    from desktop_app.ui.app import make_application
    from desktop_app.ui.people_view import PeopleSection

    app = make_application([])
    started = time.perf_counter()
    db = open_database(path)
    opened = time.perf_counter()
    section = PeopleSection(db, "people")
    section.resize(1280, 680)
    section.show()
    section.table.viewport().repaint()
    app.processEvents()
    painted = time.perf_counter()
    print(f"open database: {(opened - started) * 1000:.1f} ms")
    print(
        f"people table first paint ({section.model.rowCount()} rows): "
        f"{(painted - opened) * 1000:.1f} ms"
    )

    filter_times: list[float] = []
    original_reload = section.model.reload

    def timed_reload() -> None:
        t = time.perf_counter()
        original_reload()
        filter_times.append((time.perf_counter() - t) * 1000)

    section.model.reload = timed_reload  # type: ignore[method-assign]

    def keystroke(char: str | None) -> float:
        t0 = time.perf_counter()
        if char is None:
            event = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier
            )
        else:
            event = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
            )
        QApplication.sendEvent(section.search, event)
        section.table.viewport().repaint()
        app.processEvents()
        return (time.perf_counter() - t0) * 1000

    section.search.setFocus()
    timings = []
    for word in ("иванова", "учитель мат", "ё", "зззз"):
        for char in word:
            timings.append((word, keystroke(char), section.model.rowCount()))
        for _ in word:
            timings.append((word + "⌫", keystroke(None), section.model.rowCount()))
    values = [t for _, t, _ in timings]
    print(
        f"keystrokes: {len(values)}; median {statistics.median(values):.1f} ms, "
        f"p90 {sorted(values)[int(len(values) * 0.9)]:.1f} ms, max {max(values):.1f} ms"
    )
    print(
        f"of which filtering 10,000 people (query + model reset): median "
        f"{statistics.median(filter_times):.1f} ms, p90 "
        f"{sorted(filter_times)[int(len(filter_times) * 0.9)]:.1f} ms, "
        f"max {max(filter_times):.1f} ms"
    )
    worst = max(timings, key=lambda t: t[1])
    print(f"slowest keystroke: in «{worst[0]}» ({worst[2]} rows shown) {worst[1]:.1f} ms")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
