"""Start-up: the main window appears first, the database opens right after its first paint.

Importing SQLAlchemy and the models costs several times what Qt itself costs, so the window
is shown empty («Открываю базу данных…») and filled once it is on screen.

The probe for the benchmarks and the smoke test of the built executable: with
``NASTAVNIK_STARTUP_PROBE=1`` in the environment the program prints ``window shown`` once the
main window has painted itself, ``data shown`` once the first section has painted its data,
and quits with exit code 0. ``bench/bench_startup.py`` times these lines from the moment it
started the process, the same way as a bare PySide6 window (``bench/bare_window.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

PROBE_ENV = "NASTAVNIK_STARTUP_PROBE"
WINDOW_SHOWN = "window shown"
DATA_SHOWN = "data shown"


def probing() -> bool:
    return os.environ.get(PROBE_ENV, "") not in ("", "0")


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Once this paint is finished and on screen, not in the middle of it.
            QTimer.singleShot(0, self._callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, after ``widget`` has first painted itself."""
    widget.installEventFilter(_FirstPaint(widget, callback))


def arm_watchdog(seconds: int = 60) -> None:
    """Under the probe, a start that never finishes must fail the benchmark, not hang it."""
    if probing():
        QTimer.singleShot(seconds * 1000, lambda: QApplication.exit(3))


def report(marker: str, *, quit_after: bool = False) -> None:
    if not probing():
        return
    if sys.stdout is not None:  # None in a Windows window program started without a console
        sys.stdout.write(marker + "\n")
        sys.stdout.flush()
    if quit_after:
        QApplication.quit()
