"""The crash-safety drill at full length: the program killed (SIGKILL) 100 times at random
moments during a scripted stream of edits.

    .venv/bin/python bench/bench_crash_safety.py [--kills 100]

Prints edits reported saved, kills, edits lost (must be 0), integrity failures (must be 0).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from desktop_app.models.db import open_database
    from desktop_app.services.crash_drill import drill
    from desktop_app.services.organisation import OrganisationDraft, OrganisationService

    folder = Path(tempfile.mkdtemp(prefix="crash-drill-"))
    path = folder / "drill.sqlite"
    db = open_database(path)
    OrganisationService(db).save_own(
        OrganisationDraft(full_name="МКОУ «Тестовая СОШ»", head_name="Иванова Анна Ивановна")
    )
    db.close()
    started = time.perf_counter()
    result = drill(path, kills=args.kills, seed=args.seed)
    elapsed = time.perf_counter() - started
    print(f"kills:                {result.kills}")
    print(f"edits reported saved: {result.edits_reported}")
    print(f"edits lost:           {result.edits_lost}")
    print(f"integrity failures:   {result.integrity_failures}")
    print(f"open failures:        {result.open_failures}")
    print(f"time:                 {elapsed:.1f} s")
    for problem in result.problems[:20]:
        print(f"  {problem}")
    return 0 if result.edits_lost == result.integrity_failures == result.open_failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
