"""Entry point of the built executable (build.spec): the same as ``python -m desktop_app``.

On Windows the executable is a window program (no black console behind the window), so a
command typed in a console (``nastavnik.exe export all …``) would print nowhere: attach to
the console it was started from, when there is one.
"""

import sys


def _attach_parent_console() -> None:
    if sys.platform != "win32" or sys.stdout is not None or len(sys.argv) < 2:
        return
    import ctypes

    if not ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        return
    sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    sys.stderr = sys.stdout


if __name__ == "__main__":
    _attach_parent_console()
    from desktop_app.cli import main

    sys.exit(main())
