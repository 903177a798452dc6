"""Documents: time to make every document of the demo school, and the banks of a large
database.

    .venv/bin/python bench/bench_export.py [--people 10000]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def _timed(label: str, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()

    from desktop_app.export.package import PackageRequest, make_package
    from desktop_app.export.registry import ExportOptions, all_kinds, build_documents
    from desktop_app.models.db import open_database
    from desktop_app.services.demo import create_demo

    folder = Path(tempfile.mkdtemp())
    today = dt.date(2026, 11, 23)
    create_demo(folder / "demo.sqlite", today=today)
    db = open_database(folder / "demo.sqlite")
    keys = [k.key for k in all_kinds()]
    options = ExportOptions(today=today, number="45-о")
    for key in keys:
        _timed(f"demo school, {key}", lambda k=key: build_documents(db, [k], folder / k, options))
    _timed("demo school, export all", lambda: build_documents(db, keys, folder / "all", options))
    _timed(
        "demo school, e-mail package (.zip + .eml)",
        lambda: make_package(
            db, PackageRequest(keys=keys, out_dir=folder / "pkg", options=options)
        ),
    )
    db.close()

    big = folder / "big.sqlite"
    _timed(f"make a {args.people}-person database", lambda: create_demo(big, people=args.people))
    db = open_database(big)
    # The banks of the first school only (own organisation); the large one shows the query cost.
    _timed(
        f"{args.people} people, banks",
        lambda: build_documents(db, ["banks"], folder / "b", options),
    )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
