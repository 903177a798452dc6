#!/usr/bin/env python3
"""Developer set-up in one command, on Linux, macOS and Windows alike.

    python3 dev.py run     create .venv, install, make the demo database if none, open the window
    python3 dev.py test    create .venv, install with test tools, run ruff and the whole test suite
    python3 dev.py build   create .venv, install PyInstaller, build dist/nastavnik (one file) and
                           dist/nastavnik-folder/ (one folder) from build.spec, then run the
                           smoke test of both (packaging/smoke_test.py); --no-smoke skips it

Anything after the command is passed on (to the program or to pytest).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and (re)install when pyproject.toml changed."""
    if not PYTHON.exists():
        print("Создаю виртуальное окружение .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Устанавливаю зависимости …", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest)


def run(args: list[str]) -> int:
    ensure_venv("")
    if "--db" in args or any(a in args for a in ("-h", "--help", "--version")):
        return subprocess.call([str(PYTHON), "-m", "desktop_app", *args], cwd=ROOT)
    data = subprocess.run(
        [str(PYTHON), "-c", "from desktop_app.paths import demo_database_path as p; print(p())"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    demo = Path(data)
    if not demo.exists():
        subprocess.run([str(PYTHON), "-m", "desktop_app", "demo", "--db", str(demo)], check=True)
    return subprocess.call([str(PYTHON), "-m", "desktop_app", "--db", str(demo), *args], cwd=ROOT)


def test(args: list[str]) -> int:
    ensure_venv("dev")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
    result = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    return result or lint


def build_with(python: Path, args: list[str]) -> int:
    """Build both executables with ``python`` (which has PyInstaller), then smoke-test them."""
    smoke = "--no-smoke" not in args
    rest = [a for a in args if a != "--no-smoke"]
    result = subprocess.call(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build"),
            *rest,
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
    )
    if result or not smoke:
        return result
    return subprocess.call([str(python), str(ROOT / "packaging" / "smoke_test.py")], cwd=ROOT)


def build(args: list[str]) -> int:
    ensure_venv("build")
    return build_with(PYTHON, args)


COMMANDS = {"run": run, "test": test, "build": build}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return COMMANDS[command](rest)


if __name__ == "__main__":
    sys.exit(main())
