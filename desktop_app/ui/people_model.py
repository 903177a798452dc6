"""A thin table model over the people service: ids come filtered and sorted from SQL, rows
are loaded in blocks only when the view asks for them (as Anki's browser does), so 10,000
people cost a list of integers, not 10,000 objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.models import ConsentState
from desktop_app.services.people import PeopleFilter, PeopleService, PersonRow

BLOCK = 200
NO_CONSENT_BG = QColor("#fde8e8")
NO_CONSENT_FG = QColor("#b00020")
ARCHIVED_FG = QColor("#777777")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[PersonRow], Any]
    sort_key: str | None = None  # a key of people.SORT_COLUMNS, or None if not sortable


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("есть" if value else "нет")


COMMON = [
    Column("full_name", "ФИО", lambda r: r.full_name, "full_name"),
    Column("position", "Должность", lambda r: r.position, "position"),
    Column("subjects", "Предметы", lambda r: r.subjects, "subjects"),
]
CONSENT = Column("consent", "Согласие ПДн", lambda r: r.consent.label)

ALL_PEOPLE_COLUMNS = [
    *COMMON,
    Column("qualification", "Категория", lambda r: r.qualification, "qualification"),
    Column("experience", "Стаж, лет", lambda r: r.experience, "experience"),
    Column("roles", "Роль", lambda r: r.roles),
    CONSENT,
    Column("organisation", "Организация", lambda r: r.organisation, "organisation"),
]
MENTOR_COLUMNS = [
    *COMMON,
    Column("experience", "Стаж, лет", lambda r: r.experience, "experience"),
    Column("qualification", "Категория", lambda r: r.qualification, "qualification"),
    Column("expertise", "Направления (сильные стороны)", lambda r: r.expertise),
    Column("max_mentees", "Наставляемых не более", lambda r: r.max_mentees),
    Column(
        "appointment_consent", "Согласие на назначение", lambda r: _yes_no(r.appointment_consent)
    ),
    CONSENT,
    Column("organisation", "Организация", lambda r: r.organisation, "organisation"),
]
MENTEE_COLUMNS = [
    *COMMON,
    Column("experience", "Стаж, лет", lambda r: r.experience, "experience"),
    Column("mentee_category", "Категория наставляемого", lambda r: r.mentee_category),
    Column("request", "Запрос", lambda r: r.request),
    Column("difficulties", "Затруднения", lambda r: r.difficulties),
    CONSENT,
]


class PeopleTableModel(QAbstractTableModel):
    def __init__(self, service: PeopleService, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.columns = columns
        self.filter = PeopleFilter()
        self.sort_key = "full_name"
        self.descending = False
        self._ids: list[int] = []
        self._rows: dict[int, PersonRow] = {}

    # --- loading ---------------------------------------------------------------------

    def set_filter(self, flt: PeopleFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self.service.query_ids(self.filter, self.sort_key, self.descending)
        self._rows = {}
        self.endResetModel()

    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: int) -> int | None:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def _row(self, row: int) -> PersonRow | None:
        person_id = self._ids[row]
        cached = self._rows.get(person_id)
        if cached is None:
            start = (row // BLOCK) * BLOCK
            block = self._ids[start : start + BLOCK]
            self._rows.update(self.service.rows(block))
            cached = self._rows.get(person_id)
        return cached

    # --- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section].header
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        no_consent = row.consent is not ConsentState.GIVEN
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = column.value(row)
            if role == Qt.ItemDataRole.ToolTipRole:
                if no_consent and column.key in ("full_name", "consent"):
                    return f"{row.full_name}: {row.consent.label} на обработку персональных данных"
                return str(value) if value not in (None, "") else None
            if column.key == "full_name" and row.archived:
                return f"{value} (в архиве)"
            return value
        if role == Qt.ItemDataRole.BackgroundRole and no_consent:
            return QBrush(NO_CONSENT_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return QBrush(ARCHIVED_FG)
            if no_consent and column.key == "consent":
                return QBrush(NO_CONSENT_FG)
        if role == Qt.ItemDataRole.FontRole and row.archived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.key in (
            "experience",
            "max_mentees",
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort_key
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
