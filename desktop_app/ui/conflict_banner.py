"""The strip a form shows when someone else saved the same record first (a shared server).

It says who changed what (the service's ``EditConflict`` message) and offers «Обновить
карточку»: the form loads the stored data, keeps what the curator typed, and shows beside each
field both of them changed what the other person wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.services.concurrency import shown
from desktop_app.ui.widgets import FieldBox, show_errors

BANNER_STYLE = (
    "QFrame#conflict_banner { background: #fff4e5; border: 1px solid #e0a040; border-radius: 4px; }"
)


class ConflictBanner(QFrame):
    def __init__(self, refresh: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_banner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setObjectName("conflict_text")
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.refresh_button = QPushButton("Обновить карточку")
        self.refresh_button.setObjectName("refresh_card")
        self.refresh_button.setToolTip(
            "Загрузить данные, сохранённые другим пользователем; набранное вами останется"
        )
        self.refresh_button.clicked.connect(refresh)
        layout.addWidget(self.refresh_button)
        self.hide()

    def conflict(self, message: str, *, can_refresh: bool = True) -> None:
        self.text.setText(message)
        self.refresh_button.setVisible(can_refresh)
        self.show()
        if can_refresh:
            self.refresh_button.setFocus()

    def refreshed(
        self, clashes: dict[str, Any], boxes: dict[str, FieldBox], aliases: dict[str, str]
    ) -> None:
        """After the merge: say what happened and mark the fields both people changed."""
        errors: dict[str, str] = {}
        unplaced: list[str] = []
        for path, value in clashes.items():
            name = aliases.get(path, path.rsplit(".", 1)[-1])
            note = f"Другой пользователь записал: «{shown(value)}». Оставлено ваше — проверьте."
            if name in boxes:
                errors[name] = note
            else:
                unplaced.append(note)
        show_errors(boxes, errors)
        if clashes:
            text = (
                "Карточка обновлена: изменения другого пользователя загружены. Поля, которые вы "
                f"оба изменили ({len(clashes)}), оставлены с вашим текстом — рядом показано, что "
                "записал он. Проверьте и нажмите «Сохранить»."
            )
            if unplaced:
                text += "\n" + "\n".join(unplaced)
        else:
            text = (
                "Карточка обновлена: изменения другого пользователя загружены, ваши правки "
                "остались в форме. Нажмите «Сохранить»."
            )
        self.text.setText(text)
        self.refresh_button.hide()
        self.show()
