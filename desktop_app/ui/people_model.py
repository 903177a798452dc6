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

BLOCK = 100
NO_CONSENT_BG = QColor("#fde8e8")
NO_CONSENT_FG = QColor("#b00020")
ARCHIVED_FG = QColor("#777777")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_HANDLED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, _FOREGROUND, _FONT, _ALIGNMENT, _USER})
_NO_CONSENT_BRUSH = QBrush(NO_CONSENT_BG)
_NO_CONSENT_TEXT = QBrush(NO_CONSENT_FG)
_ARCHIVED_BRUSH = QBrush(ARCHIVED_FG)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(slots=True)
class _Cells:
    values: list[Any]
    no_consent: bool
    archived: bool


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[PersonRow], Any]
    sort_key: str | None = None  # a key of people.SORT_COLUMNS, or None if not sortable
    hint: str = ""  # the full wording, shown as the header's tooltip when the title is short


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
    Column(
        "expertise",
        "Направления",
        lambda r: r.expertise,
        hint="Направления наставнической деятельности (сильные стороны)",
    ),
    Column("max_mentees", "Не более", lambda r: r.max_mentees, hint="Наставляемых не более"),
    Column(
        "appointment_consent",
        "Согласие",
        lambda r: _yes_no(r.appointment_consent),
        hint="Письменное согласие на назначение наставником",
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
        self._cache: dict[int, _Cells] = {}
        self._revision: object = None
        self._loaded = False
        self._italic = QFont()  # made here: a QFont needs the application to exist
        self._italic.setItalic(True)

    # --- loading ---------------------------------------------------------------------

    def set_filter(self, flt: PeopleFilter) -> None:
        self.filter = flt
        self._loaded = True
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        revision = self.service.revision()
        if revision != self._revision:
            # Loaded rows stay valid while nobody changes the bank: typing in the search box
            # then costs the filter and the paint, not a database round trip per block.
            self._rows = {}
            self._cache = {}
            self._revision = revision
        self._ids = self.service.query_ids(self.filter, self.sort_key, self.descending)
        self.endResetModel()

    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def person_row(self, person_id: int) -> PersonRow | None:
        """The loaded row of a person shown in the table (None if not loaded yet)."""
        return self._rows.get(person_id)

    def row_of(self, person_id: int) -> int | None:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def _cells(self, row: int) -> _Cells:
        person_id = self._ids[row]
        cached = self._cache.get(person_id)
        if cached is None:
            start = (row // BLOCK) * BLOCK
            block = self._ids[start : start + BLOCK]
            for pid, person in self.service.rows(block).items():
                self._rows[pid] = person
                self._cache[pid] = self._make_cells(person)
            cached = self._cache.get(person_id) or _Cells([None] * len(self.columns), False, False)
        return cached

    def _make_cells(self, person: PersonRow) -> _Cells:
        values = [column.value(person) for column in self.columns]
        if person.archived and self.columns[0].key == "full_name":
            values[0] = f"{values[0]} (в архиве)"
        return _Cells(values, person.consent is not ConsentState.GIVEN, person.archived)

    # --- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            return column.hint or column.header
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section].header
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # Called for every visible cell and role on each paint: answer from prepared cells.
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        cells = self._cells(row)
        column = index.column()
        if role == _DISPLAY:
            return cells.values[column]
        key = self.columns[column].key
        if role == _BACKGROUND:
            return _NO_CONSENT_BRUSH if cells.no_consent else None
        if role == _FOREGROUND:
            if cells.archived:
                return _ARCHIVED_BRUSH
            return _NO_CONSENT_TEXT if cells.no_consent and key == "consent" else None
        if role == _FONT:
            return self._italic if cells.archived else None
        if role == _ALIGNMENT:
            return _CENTER if key in ("experience", "max_mentees") else None
        if role == _TOOLTIP:
            person = self._rows.get(self._ids[row])
            if person is not None and cells.no_consent and key in ("full_name", "consent"):
                return (
                    f"{person.full_name}: {person.consent.label} на обработку персональных данных"
                )
            value = cells.values[column]
            return str(value) if value not in (None, "") else None
        if role == _USER:
            return self._ids[row]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort_key
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:  # before the first filter, the view's set-up only records the order
            self.reload()
