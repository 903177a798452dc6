"""The program killed (SIGKILL) in the middle of a stream of edits: the file stays whole and
every edit reported as saved is in it. A short run here; ``bench/bench_crash_safety.py`` runs
100 kills."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop_app.models.db import Database
from desktop_app.services.crash_drill import drill


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL drill needs a POSIX system")
@pytest.mark.sqlite_only
def test_killed_mid_edit_loses_nothing_reported(empty_db: Database) -> None:
    path = empty_db.path
    assert path is not None
    empty_db.close()
    result = drill(Path(path), kills=4, seed=7, max_edits_per_run=15)
    assert result.kills == 4
    assert result.edits_reported > 0, result.problems
    assert result.integrity_failures == 0, result.problems
    assert result.edits_lost == 0, result.problems
    assert result.open_failures == 0, result.problems
