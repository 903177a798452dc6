from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli import main


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_demo_then_check(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    assert path.exists()
    assert main(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "педагогов: 46" in out
    assert "наставляемых: 12" in out
    assert "Целостность: в порядке." in out


def test_demo_refuses_existing_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.sqlite"
    path.write_bytes(b"precious")
    assert main(["demo", "--db", str(path)]) == 1
    assert path.read_bytes() == b"precious"
    assert "уже существует" in capsys.readouterr().out


def test_check_bad_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.sqlite"
    path.write_bytes(b"not a database at all" * 10)
    assert main(["check", "--db", str(path)]) == 1
    assert "не является базой данных" in capsys.readouterr().out
    assert main(["check", "--db", str(tmp_path / "missing.sqlite")]) == 1
