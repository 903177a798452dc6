"""Start-up time: from starting the process to the main window painted, against the floor.

    python bench/bench_startup.py [--runs 5] [--people 10000] [--build-floor]

Starts each program offscreen under the start-up probe (desktop_app/ui/startup.py) and times
two lines on its standard output from the moment the process was started:

    window shown   the main window has painted itself («Открываю базу данных…»)
    data shown     the first section has painted the database's data

The floor is a bare PySide6 main window started the same way (bench/bare_window.py): from
source with the same Python, and frozen as a one-folder build with the same PyInstaller
(``--build-floor`` builds it into build/floor/, about a minute). The program is timed from
source, and as built by ``python3 dev.py build`` (dist/), when the builds are there; on the
demo school and on a database of ``--people`` people. The first run of each is «cold» (the
page cache is dropped first when the system allows it, else it is only the first run), the
others are «warm» (median). Prints figures; asserts nothing.

Goal (issue 11): the window within 1.5× the floor, from source and from the one-folder build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXE = ".exe" if os.name == "nt" else ""


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed_start(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from the start of the process to each marker line; also its peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    seen: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        marker = line.strip()
        if marker in ("window shown", "data shown"):
            seen[marker] = time.perf_counter() - started
            if Path(f"/proc/{process.pid}").exists():
                seen[f"rss {marker}"] = children_rss(process.pid)
    code = process.wait(timeout=120)
    if code != 0 or "window shown" not in seen:
        raise RuntimeError(f"{command} exited {code}, saw {sorted(seen)}")
    return seen


def build_floor() -> Path:
    work = ROOT / "build" / "floor"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--onedir",
            "--name",
            "bare_window",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "work"),
            "--specpath",
            str(work),
            str(ROOT / "bench" / "bare_window.py"),
        ],
        check=True,
        capture_output=True,
    )
    return floor_exe()


def floor_exe() -> Path:
    return ROOT / "build" / "floor" / "dist" / "bare_window" / f"bare_window{EXE}"


def children_rss(pid: int) -> float:
    """Resident MB of a process and its children: the one-file executable's bootloader starts
    the program as a child process after unpacking it."""
    total = 0.0
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        fields = dict(row.split(":", 1) for row in status.read_text().splitlines() if ":" in row)
        total += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            total += children_rss(int(child))
    return total


def measure_all(
    targets: list[tuple[str, list[str]]], env: dict[str, str], runs: int
) -> dict[str, dict[str, float]]:
    """Runs the targets in turn, round after round, so that a busy moment of the machine
    falls on all of them alike; the first round is «cold»."""
    dropped = drop_page_cache()
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in targets}
    for _ in range(runs):
        for name, command in targets:
            results[name].append(timed_start(command, env))
    figures: dict[str, dict[str, float]] = {}
    for name, _ in targets:
        cold, warm = results[name][0], results[name][1:] or results[name]
        fig = {
            "cold window": cold["window shown"],
            "warm window": statistics.median(r["window shown"] for r in warm),
        }
        line = (
            f"{name:<44} window: cold {fig['cold window'] * 1000:6.0f} ms"
            f"{'' if dropped else '*'}, warm {fig['warm window'] * 1000:6.0f} ms"
        )
        if "data shown" in cold:
            fig["cold data"] = cold["data shown"]
            fig["warm data"] = statistics.median(r["data shown"] for r in warm)
            fig["rss"] = max(r.get("rss data shown", 0.0) for r in results[name])
            line += (
                f" | data: cold {fig['cold data'] * 1000:6.0f} ms, "
                f"warm {fig['warm data'] * 1000:6.0f} ms"
            )
            if fig["rss"]:
                line += f" | {fig['rss']:.0f} MB"
        figures[name] = fig
        print(line, flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--build-floor", action="store_true")
    parser.add_argument("--kinds", default="source,folder,file", help="which of them to time")
    args = parser.parse_args()

    from desktop_app.services.demo import create_demo

    folder = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        NASTAVNIK_STARTUP_PROBE="1",
        NASTAVNIK_DATA_DIR=str(folder / "data"),
    )
    demo = create_demo(folder / "demo.sqlite")
    started = time.perf_counter()
    big = create_demo(folder / "big.sqlite", people=args.people)
    print(f"database of {args.people} people made in {time.perf_counter() - started:.1f} s")
    print(f"{args.runs} runs each; * = page cache not dropped, «cold» is only the first run")

    frozen_floor = build_floor() if args.build_floor else floor_exe()
    programs = {
        "source": [sys.executable, "-m", "desktop_app"],
        "folder": [str(ROOT / "dist" / "nastavnik-folder" / f"nastavnik{EXE}")],
        "file": [str(ROOT / "dist" / f"nastavnik{EXE}")],
    }
    floors = {"source": [sys.executable, "bench/bare_window.py"], "folder": [str(frozen_floor)]}
    targets: list[tuple[str, list[str]]] = []
    for kind, command in programs.items():
        if kind not in args.kinds.split(","):
            continue
        if kind != "source" and not Path(command[0]).exists():
            print(f"{kind}: not built (python3 dev.py build)")
            continue
        if kind in floors and (kind == "source" or frozen_floor.exists()):
            targets.append((f"floor: bare PySide6 window, {kind}", floors[kind]))
        for label, database in (("demo school", demo), (f"{args.people} people", big)):
            targets.append((f"program, {kind}, {label}", [*command, "--db", str(database)]))
    figures = measure_all(targets, env, args.runs)
    print("ratios of the warm medians to the floor started the same way (goal: window <= 1.5×):")
    for name, fig in figures.items():
        if not name.startswith("program"):
            continue
        kind = name.split(", ")[1]
        floor = figures.get(f"floor: bare PySide6 window, {kind}") or figures.get(
            "floor: bare PySide6 window, folder"
        )
        if floor:
            print(
                f"  {name:<42} window {fig['warm window'] / floor['warm window']:.2f}×, "
                f"data {fig['warm data'] / floor['warm window']:.2f}×"
            )

    for path in (ROOT / "dist" / f"nastavnik{EXE}", ROOT / "dist" / "nastavnik-folder"):
        if path.is_file():
            print(f"size of the one-file executable: {path.stat().st_size / 2**20:.1f} MB")
        elif path.is_dir():
            files = [f for f in path.rglob("*") if f.is_file() and not f.is_symlink()]
            size = sum(f.stat().st_size for f in files)
            print(f"size of the one-folder build: {size / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
