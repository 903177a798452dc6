from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app import paths


def test_data_dir_override(isolated_data_dir: Path) -> None:
    assert paths.data_dir() == isolated_data_dir
    assert paths.default_database_path().parent == isolated_data_dir


def test_portable_mode_keeps_data_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "executable_dir", lambda: tmp_path)
    assert not paths.is_portable()
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    assert paths.is_portable()
    assert paths.data_dir() == tmp_path / "data"


def test_resources_found_in_source_tree() -> None:
    assert paths.resources_dir().name == "resources"
