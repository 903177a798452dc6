"""Backups of a large database: how long a backup, a check and a restore take.

    .venv/bin/python bench/bench_backup.py [--people 10000]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()

    from desktop_app.services.backup import check_backup, make_backup, restore_backup
    from desktop_app.services.demo import create_demo

    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    path = folder / "big.sqlite"
    started = time.perf_counter()
    create_demo(path, people=args.people)
    print(
        f"demo of {args.people} people: {time.perf_counter() - started:.1f} s, "
        f"{path.stat().st_size / 1024 / 1024:.1f} MB"
    )
    backups = folder / "backups"
    started = time.perf_counter()
    made = make_backup(path, backups)
    print(f"backup (SQLite backup API):  {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    result = check_backup(made.path)
    print(
        f"check (integrity_check):     {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"ok={result.ok}"
    )
    started = time.perf_counter()
    restore_backup(made.path, path, backups)
    print(f"restore (with a backup first): {(time.perf_counter() - started) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
