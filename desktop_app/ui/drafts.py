"""Keeping a long form's draft while the curator types (see services/drafts.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop_app.models.db import Database
from desktop_app.services.drafts import DraftStore

SAVE_EVERY_MS = 3000


class DraftKeeper(QObject):
    """Saves ``collect()`` every few seconds when it changed; offers ``apply`` on reopening."""

    def __init__(
        self,
        dialog: QDialog,
        db: Database,
        key: str,
        collect: Callable[[], dict[str, Any]],
        apply: Callable[[dict[str, Any]], None],
    ) -> None:
        super().__init__(dialog)
        self.store = DraftStore(db)
        self.key = key
        self.collect = self._safe(collect)
        self.restored = False
        found = self.store.load(key)
        if found is not None:
            saved_at, data = found
            if self.ask_restore(dialog, saved_at):
                apply(data)
                self.restored = True
            else:
                self.store.discard(key)
        self._last = collect() if not self.restored else None
        self._timer = QTimer(self)
        self._timer.setInterval(SAVE_EVERY_MS)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()
        dialog.finished.connect(self._finished)

    @staticmethod
    def _safe(collect: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any] | None]:
        """A draft is a courtesy: a form that cannot be read right now is skipped, never
        allowed to break the form itself."""

        def read() -> dict[str, Any] | None:
            try:
                return collect()
            except Exception:
                return None

        return read

    @staticmethod
    def ask_restore(dialog: QDialog, saved_at: Any) -> bool:
        answer = QMessageBox.question(
            dialog,
            "Несохранённый черновик",
            f"Найден черновик этой формы от {saved_at:%d.%m.%Y %H:%M}: программа была закрыта, "
            "не сохранив его. Восстановить введённое тогда?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_now(self) -> bool:
        data = self.collect()
        if data is None or data == self._last:
            return False
        self.store.save(self.key, data)
        self._last = data
        return True

    def _finished(self, _result: int) -> None:
        # Saved or cancelled on purpose: either way the draft has done its job.
        self._timer.stop()
        self.store.discard(self.key)
