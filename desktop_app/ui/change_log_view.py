"""«Журнал изменений»: who changed what and when, searchable and saved to Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.change_log import login_name
from desktop_app.models.db import Database
from desktop_app.services.change_log import (
    ENTITY_LABELS,
    ChangeFilter,
    ChangeLogService,
    ChangeRow,
)

COLUMNS = ("Когда", "Кто", "Запись", "Что", "Изменения")


class ChangeLogSection(QWidget):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.service = ChangeLogService(db)
        self.rows: list[ChangeRow] = []
        heading = QLabel("<h2>Журнал изменений</h2>")
        hint = QLabel(
            "Кто, когда и что изменил в карточках педагогов, парах и других записях. "
            "Журнал ведётся сам; записи в нём не редактируются."
        )
        hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Поиск по ФИО, полю, значению, пользователю (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.entity = QComboBox()
        self.entity.addItem("Все записи", None)
        for key, label in ENTITY_LABELS.items():
            self.entity.addItem(label, key)
        self.export_button = QPushButton("Сохранить в &Excel…")
        self.export_button.clicked.connect(lambda: self.export())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.entity)
        bar.addWidget(self.export_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("change_log")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(60)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        # Who signs this computer's changes (a shared server: several methodists, one journal).
        from desktop_app.ui.user_name import saved_name

        self.user_name = QLineEdit(saved_name())
        self.user_name.setObjectName("user_name")
        self.user_name.setMaxLength(100)
        self.user_name.setPlaceholderText(f"{login_name()} — имя входа в компьютер")
        self.user_name.setToolTip(
            "Так ваши изменения подписываются в журнале; нужно, когда с одной базой на сервере "
            "работают несколько человек. Хранится на этом компьютере."
        )
        self.user_name.returnPressed.connect(self.save_user_name)
        self.save_name_button = QPushButton("Запомнить имя")
        self.save_name_button.clicked.connect(self.save_user_name)
        who = QHBoxLayout()
        label = QLabel("Ваше &имя в журнале:")
        label.setBuddy(self.user_name)
        who.addWidget(label)
        who.addWidget(self.user_name, 1)
        who.addWidget(self.save_name_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(who)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.entity.currentIndexChanged.connect(lambda _i: self.refresh())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self.refresh()

    def save_user_name(self) -> None:
        from desktop_app.ui.user_name import save_name

        name = save_name(self.user_name.text())
        self.user_name.setText(name)
        self.status.setStyleSheet("")
        self.status.setText(f"Ваши изменения подписываются в журнале: «{name or login_name()}».")

    def current_filter(self) -> ChangeFilter:
        return ChangeFilter(text=self.search.text(), entity=self.entity.currentData())

    def refresh(self) -> None:
        self.rows = self.service.entries(self.current_filter())
        self.table.setRowCount(len(self.rows))
        for row, entry in enumerate(self.rows):
            values = (
                entry.at.strftime("%d.%m.%Y %H:%M"),
                entry.user,
                entry.entity_label,
                entry.title,
                entry.details or entry.summary,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value if column == 4 else entry.summary)
                self.table.setItem(row, column, item)
        self.details.clear()
        if self.rows:
            self.table.selectRow(0)
        self.status.setStyleSheet("")
        self.status.setText(f"Записей: {len(self.rows)}" if self.rows else "Изменений не найдено.")

    def _show_details(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        entry = self.rows[rows[0].row()]
        lines = "<br>".join(
            part.replace("&", "&amp;").replace("<", "&lt;") for part in entry.details.split("; ")
        )
        self.details.setText(
            f"<b>{entry.at:%d.%m.%Y %H:%M:%S}, {entry.user}: {entry.entity_label.lower()} "
            f"«{entry.title}» — {entry.summary}</b><br>{lines}"
        )

    def export(self, target: Path | None = None) -> Path | None:
        settings = QSettings()
        if target is None:
            folder = str(settings.value("paths/last_export_dir", str(Path.home())))
            name = f"Журнал изменений {dt.date.today():%d.%m.%Y}.xlsx"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Сохранить журнал", str(Path(folder) / name), "Книга Excel (*.xlsx)"
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            written = self.service.export_xlsx(target, self.rows)
        except AppError as exc:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(exc.message)
            return None
        settings.setValue("paths/last_export_dir", str(written.parent))
        self.status.setStyleSheet("")
        self.status.setText(f"Журнал сохранён: {written}")
        return written
