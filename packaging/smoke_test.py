"""Smoke test of the built executables, as the curator would use them, offscreen.

    python packaging/smoke_test.py [EXECUTABLE ...]

Without arguments it tests both builds of ``python3 dev.py build``: ``dist/nastavnik`` (one
file) and ``dist/nastavnik-folder/nastavnik`` (one folder). For each, in a new empty data
folder: ``--version``; ``demo`` makes the demo school (the migrations run inside the bundle);
``check``; ``export all`` makes every document kind, and each file is opened and read back;
the window starts on the demo database and on a new one, paints, and exits 0. Prints what it
did and exits non-zero at the first failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_DATE = "23.11.2026"


class SmokeFailure(Exception):
    pass


def _run(exe: Path, args: list[str], env: dict[str, str], timeout: int = 180) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    took = time.perf_counter() - started
    shown = " ".join(args)
    if result.returncode != 0:
        raise SmokeFailure(
            f"«{exe.name} {shown}» exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    print(f"  ok  {shown}  ({took:.1f} s)")
    return result.stdout


def _check_document(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        raise SmokeFailure(f"document not written: {path}")
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            main = "word/document.xml" if path.suffix == ".docx" else "xl/workbook.xml"
            if main not in names:
                raise SmokeFailure(f"{path.name} has no {main}")
            text = archive.read(main).decode("utf-8")
            if path.suffix == ".docx" and "{{" in text:
                raise SmokeFailure(f"{path.name}: a template field was left unfilled")


def smoke(exe: Path) -> None:
    from desktop_app import __version__
    from desktop_app.export.registry import all_kinds

    print(f"{exe}  ({exe.stat().st_size / 2**20:.1f} MB)")
    with tempfile.TemporaryDirectory(prefix="nastavnik-smoke-") as tmp:
        folder = Path(tmp)
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            NASTAVNIK_DATA_DIR=str(folder / "data"),
            PYTHONIOENCODING="utf-8",
        )
        env.pop("NASTAVNIK_STARTUP_PROBE", None)
        out = _run(exe, ["--version"], env)
        if __version__ not in out:
            raise SmokeFailure(f"--version printed {out!r}, expected {__version__}")

        demo = folder / "demo.sqlite"
        _run(exe, ["demo", "--db", str(demo)], env)
        out = _run(exe, ["check", "--db", str(demo)], env)
        if "Целостность: в порядке." not in out:
            raise SmokeFailure(f"check did not report an intact database:\n{out}")

        # The shared-server driver is in the bundle: a server that does not answer is a
        # Russian message (a missing pg8000/ssl would be a traceback instead).
        result = subprocess.run(
            [str(exe), "check", "--db-url", "postgresql://methodist@127.0.0.1:1/nastavnik"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=dict(env, PGPASSWORD="x"),
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 1 or "не отвечает" not in result.stdout:
            raise SmokeFailure(
                f"check --db-url of an unreachable server: exit {result.returncode}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        print("  ok  check --db-url (server driver in the bundle)")

        documents = folder / "documents"
        out = _run(
            exe,
            ["export", "all", "--db", str(demo), "--out", str(documents), "--date", DEMO_DATE],
            env,
        )
        written = [Path(line) for line in out.splitlines() if line.strip()]
        for path in written:
            _check_document(path)
        kinds = all_kinds()
        formats = {path.suffix.lstrip(".") for path in written}
        if len(written) < len(kinds) or not {k.fmt for k in kinds} <= formats:
            raise SmokeFailure(f"{len(kinds)} document kinds, but wrote: {written}")
        print(f"      {len(written)} documents of {len(kinds)} kinds read back")

        probe = dict(env, NASTAVNIK_STARTUP_PROBE="1")
        for database in (demo, folder / "new.sqlite"):
            out = _run(exe, ["--db", str(database)], probe, timeout=120)
            if out.split()[:4] != ["window", "shown", "data", "shown"]:
                raise SmokeFailure(f"the window did not report itself shown: {out!r}")
        print("      the window opened on the demo database and on a new one")


def main(argv: list[str]) -> int:
    exes = [Path(a) for a in argv] or [
        ROOT / "dist" / exe_name("nastavnik"),
        ROOT / "dist" / "nastavnik-folder" / exe_name("nastavnik"),
    ]
    for exe in exes:
        if not exe.is_file():
            print(f"not built: {exe} (run: python3 dev.py build)")
            return 2
    try:
        for exe in exes:
            smoke(exe)
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"SMOKE TEST FAILED: {exc}")
        return 1
    print(f"smoke: {len(exes)} passed, 0 failed")
    return 0


def exe_name(stem: str) -> str:
    return stem + (".exe" if os.name == "nt" else "")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
