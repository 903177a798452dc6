"""The main window's «Файл» entries for bringing data in. Only Qt here: the dialogs and the
services behind them load when an entry is chosen, so the window still opens fast."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def add_import_actions(window: QMainWindow, menu: QMenu) -> None:
    """«Импорт педагогов из таблицы… (Ctrl+I)», «Отменить последний импорт…» and the
    municipal «Свод банков наставников от школ…»."""

    def with_db(name: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            if getattr(window, "db", None) is None:
                return  # the database is still opening
            from desktop_app.ui import import_dialog

            getattr(import_dialog, name)(window)

        return run

    action = QAction("&Импорт педагогов из таблицы…", window)
    action.setShortcut(QKeySequence("Ctrl+I"))
    action.triggered.connect(with_db("import_people"))
    menu.addAction(action)
    undo = QAction("Отменить последний и&мпорт…", window)
    undo.triggered.connect(with_db("undo_import"))
    menu.addAction(undo)
    summary = QAction("Сво&д банков наставников от школ…", window)
    summary.triggered.connect(summarise_schools(window))
    menu.addAction(summary)
    window._import_action = action  # type: ignore[attr-defined]
    window._summary_action = summary  # type: ignore[attr-defined]


def summarise_schools(window: QMainWindow):  # type: ignore[no-untyped-def]
    def run() -> None:
        from desktop_app.ui.summary_dialog import SummaryDialog

        saved, accepted = SummaryDialog.run(window)
        if accepted and saved is not None:
            window.statusBar().showMessage(f"Свод сохранён: {saved}", 15000)

    return run
