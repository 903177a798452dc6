"""The roadmap table: sections as bold full-width lines, activities coloured by status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.services.roadmap import ItemRow, ItemStatus
from desktop_app.services.validation import format_date

Index = QModelIndex | QPersistentModelIndex

# (key, title, tooltip): the columns of the seeds' tables, then the tracking ones.
COLUMNS = [
    ("number", "№", "№ п/п"),
    ("title", "Наименование мероприятия", "Наименование мероприятия"),
    ("deadline", "Срок", "Срок реализации — как записано; в подсказке — как понято программой"),
    ("responsible", "Ответственный", "Ответственный исполнитель"),
    ("result", "Результат, вид документа", "Результат, вид документа"),
    ("status", "Состояние", "Не начато, в работе, выполнено, просрочено — считается по сроку"),
    ("done_on", "Выполнено", "Дата выполнения"),
    ("note", "Примечание", "Примечание"),
]

FILTERS = [
    ("all", "Все мероприятия"),
    ("attention", "Просрочено и ближайшие 30 дней"),
    ("overdue", "Только просроченные"),
    ("open", "Невыполненные"),
    ("done", "Выполненные"),
    ("events", "Мероприятия с участниками (семинары, заседания)"),
]

STATUS_COLOURS = {
    ItemStatus.OVERDUE: ("#b00020", "#fde8ea"),
    ItemStatus.DONE: ("#2e7d32", None),
    ItemStatus.IN_PROGRESS: ("#1f5fa8", None),
    ItemStatus.NOT_STARTED: ("#555555", None),
}
SOON_COLOURS = ("#8a5a00", "#fff4dc")


class RoadmapTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[ItemRow] = []
        self.rows: list[ItemRow] = []
        self.today = dt.date.today()
        self.mode = "all"

    # --- data in -------------------------------------------------------------------------

    def set_rows(self, rows: list[ItemRow], today: dt.date) -> None:
        self.beginResetModel()
        self._all = rows
        self.today = today
        self.rows = self._filtered()
        self.endResetModel()

    def set_mode(self, mode: str) -> None:
        self.beginResetModel()
        self.mode = mode
        self.rows = self._filtered()
        self.endResetModel()

    def _keep(self, row: ItemRow) -> bool:
        if self.mode == "all":
            return True
        if self.mode == "attention":
            return row.status is ItemStatus.OVERDUE or row.is_soon(self.today)
        if self.mode == "overdue":
            return row.status is ItemStatus.OVERDUE
        if self.mode == "open":
            return row.status is not ItemStatus.DONE
        if self.mode == "done":
            return row.status is ItemStatus.DONE
        if self.mode == "events":
            return bool(row.event_kind)
        return True

    def _filtered(self) -> list[ItemRow]:
        if self.mode == "all":
            return list(self._all)
        result: list[ItemRow] = []
        pending_section: ItemRow | None = None
        for row in self._all:
            if row.is_section:
                pending_section = row
                continue
            if self._keep(row):
                if pending_section is not None:
                    result.append(pending_section)
                    pending_section = None
                result.append(row)
        return result

    # --- lookups -------------------------------------------------------------------------

    def item_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, item_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.id == item_id:
                return number
        return None

    def item_row(self, item_id: int) -> ItemRow | None:
        number = self.row_of(item_id)
        return self.rows[number] if number is not None else None

    def activity_count(self) -> int:
        return sum(1 for r in self.rows if not r.is_section)

    # --- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][2]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.is_section:
                return row.title
            if key == "deadline":
                written = row.deadline_text or "срок не указан"
                return f"{written}\nПрограмма поняла: {row.schedule_text}"
            if key in ("title", "result", "note", "responsible"):
                return self._text(row, key) or None
            if key == "status" and row.due:
                return f"Контрольный срок: {format_date(row.due)}"
            return None
        if role == Qt.ItemDataRole.FontRole and row.is_section:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.is_section:
                return QBrush(QColor("#eef2f7"))
            background = self._colours(row)[1]
            return QBrush(QColor(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and row.status:
            return QBrush(QColor(self._colours(row)[0]))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _colours(self, row: ItemRow) -> tuple[str, str | None]:
        if row.status is None:
            return ("#000000", None)
        if row.is_soon(self.today):
            return SOON_COLOURS
        return STATUS_COLOURS[row.status]

    def _text(self, row: ItemRow, key: str) -> str:
        if row.is_section:
            return {"number": row.number, "title": row.title}.get(key, "")
        if key == "number":
            return row.number
        if key == "title":
            if row.event_kind and row.event_date:
                return f"{row.title} [{row.event_kind}, {format_date(row.event_date)}]"
            return row.title
        if key == "deadline":
            return row.deadline_label
        if key == "responsible":
            return row.responsible
        if key == "result":
            return row.result
        if key == "status":
            label = row.status_label
            if row.is_soon(self.today) and row.due:
                return f"{label}, срок {format_date(row.due)}"
            if row.status is ItemStatus.OVERDUE and row.due:
                return f"просрочено (срок {format_date(row.due)})"
            return label
        if key == "done_on":
            return format_date(row.done_on)
        if key == "note":
            return row.note
        return ""
