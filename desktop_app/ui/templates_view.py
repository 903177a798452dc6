"""«Документы → Шаблоны»: the wording of each document, editable in Word, with a way back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError


class TemplatesPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            "Текст документов берётся из шаблонов Word. Чтобы изменить формулировки под свой "
            "регион, откройте шаблон, поправьте текст и сохраните: программа будет брать ваш "
            "вариант. Поля в фигурных скобках, например {{ curator.acc }}, программа заполняет "
            "сама — их не удаляйте. «Восстановить исходный» возвращает текст программы."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("templates_table")
        self.table.setHorizontalHeaderLabels(["Документ", "Файл шаблона", "Состояние"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit_selected())

        self.edit_button = QPushButton("&Открыть для правки")
        self.edit_button.setObjectName("edit_template")
        self.edit_button.clicked.connect(self.edit_selected)
        self.folder_button = QPushButton("Открыть &папку шаблонов")
        self.folder_button.setObjectName("templates_folder")
        self.folder_button.clicked.connect(self.open_folder)
        self.restore_button = QPushButton("&Восстановить исходный…")
        self.restore_button.setObjectName("restore_template")
        self.restore_button.clicked.connect(self.restore_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.folder_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        from desktop_app.export.docx_engine import is_overridden, shipped_template_names
        from desktop_app.export.registry import all_kinds

        users: dict[str, list[str]] = {}
        for kind in all_kinds():
            for name in kind.templates:
                users.setdefault(name, []).append(kind.title)
        selected = self.selected_name()
        self.table.setRowCount(0)
        for name in shipped_template_names():
            row = self.table.rowCount()
            self.table.insertRow(row)
            title = QTableWidgetItem("; ".join(users.get(name, [])) or name)
            title.setData(Qt.ItemDataRole.UserRole, name)
            self.table.setItem(row, 0, title)
            self.table.setItem(row, 1, QTableWidgetItem(name))
            state = "изменён вами" if is_overridden(name) else "исходный"
            self.table.setItem(row, 2, QTableWidgetItem(state))
            if name == selected:
                self.table.selectRow(row)
        if self.table.rowCount() and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return str(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        from desktop_app.export.docx_engine import is_overridden

        name = self.selected_name()
        self.edit_button.setEnabled(name is not None)
        self.restore_button.setEnabled(name is not None and is_overridden(name))

    def edit_selected(self) -> None:
        from desktop_app.export.docx_engine import copy_for_editing
        from desktop_app.ui.documents_view import open_path

        name = self.selected_name()
        if name is None:
            return
        try:
            path = copy_for_editing(name)
        except AppError as exc:
            QMessageBox.warning(self, "Шаблоны", exc.message)
            return
        open_path(path)
        self.message.setText(
            f"Открыта ваша копия шаблона: {path}. Сохраните её в Word (формат .docx) — "
            "следующие документы возьмут новый текст."
        )
        self.refresh()

    def open_folder(self) -> None:
        from desktop_app.export.docx_engine import user_templates_dir
        from desktop_app.ui.documents_view import open_path

        open_path(user_templates_dir())

    def restore_selected(self) -> None:
        from desktop_app.export.docx_engine import restore_original

        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            "Восстановить исходный шаблон",
            f"Ваши изменения в шаблоне «{name}» будут удалены, документы снова получат текст "
            "программы. Продолжить?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            restore_original(name)
        except AppError as exc:
            QMessageBox.warning(self, "Шаблоны", exc.message)
            return
        self.message.setText(f"Шаблон «{name}» восстановлен.")
        self.refresh()
