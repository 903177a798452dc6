"""The floor for start-up: a bare PySide6 main window, started and timed like the program.

Prints ``window shown`` after its first paint and quits, exactly as the program does under
``NASTAVNIK_STARTUP_PROBE=1`` (``desktop_app/ui/startup_probe.py``).
"""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False


def report() -> None:
    sys.stdout.write("window shown\n")
    sys.stdout.flush()
    QApplication.quit()


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1280, 680)
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    sys.exit(app.exec())
