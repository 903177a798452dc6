"""Table models of the import preview: a list of 10,000 rows is a view over the plan, not
10,000 × 6 table items made up front (which froze the window for seconds)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.services.people_import import ImportPlan, ImportRow, RowAction, RowProblem

_Index = QModelIndex | QPersistentModelIndex

ACTION_COLOURS = {
    RowAction.NEW: QColor("#1b5e20"),
    RowAction.UPDATE: QColor("#0d47a1"),
    RowAction.SKIP_DUPLICATE: QColor("#6d4c41"),
    RowAction.ERROR: QColor("#b00020"),
}
_NAME_ONLY = QColor("#8a5a00")
_ERROR = QColor("#b00020")
_WARNING = QColor("#8a5a00")

# Which rows the preview lists: (label, test).
ROW_FILTERS: list[tuple[str, Any]] = [
    ("все строки", lambda r: True),
    ("найденные в банке", lambda r: r.match_id is not None and r.action is not RowAction.ERROR),
    ("найденные только по ФИО", lambda r: r.by_name_only and r.action is not RowAction.ERROR),
    ("будут изменены", lambda r: r.action is RowAction.UPDATE),
    ("новые", lambda r: r.action is RowAction.NEW),
    ("с ошибками", lambda r: r.action is RowAction.ERROR),
]


def action_text(row: ImportRow) -> str:
    """«Что будет» in one line."""
    if row.action is RowAction.NEW and row.match_id is not None:
        return "будет добавлен как новый"
    text = row.action.label
    if row.by_name_only and row.action in (RowAction.UPDATE, RowAction.SAME):
        text += " — найден только по ФИО"
    return text


def change_text(row: ImportRow) -> str:
    """«Что изменится» in one line for the table; the full text is in the panel beside it."""
    if row.action is RowAction.UPDATE:
        parts = [c.describe() for c in row.changes]
        if row.kept:
            parts.append(f"сохраняется из карточки: {', '.join(k.field for k in row.kept)}")
        return "; ".join(parts)
    if row.action is RowAction.SKIP_DUPLICATE and row.changes:
        return f"не меняется (при обновлении: {', '.join(c.field for c in row.changes)})"
    if row.action is RowAction.NEW and row.match_id is not None:
        return f"новая карточка; «{row.match_name}» в банке не меняется"
    if row.action is RowAction.ERROR:
        return "; ".join(p.message for p in row.problems if p.is_error)
    if row.action is RowAction.REPEAT:
        return f"повторяет строку {row.repeat_of}"
    return ""


class ImportRowsModel(QAbstractTableModel):
    # «Что будет» and «Что изменится» before «Должность»: on a small screen they must be seen.
    HEADERS = ("Строка", "ФИО", "Дата рождения", "Что будет", "Что изменится", "Должность")
    ACTION, CHANGES = 3, 4

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None
        self.visible: list[ImportRow] = []
        self._filter = ROW_FILTERS[0][1]

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self.visible = [r for r in plan.rows if self._filter(r)] if plan else []
        self.endResetModel()

    def set_filter(self, index: int) -> None:
        self._filter = ROW_FILTERS[index][1]
        self.set_plan(self.plan)

    def row_at(self, index: int) -> ImportRow | None:
        return self.visible[index] if 0 <= index < len(self.visible) else None

    def index_of(self, row: ImportRow) -> int:
        for number, candidate in enumerate(self.visible):
            if candidate is row:
                return number
        return -1

    def row_changed(self, number: int) -> None:
        if 0 <= number < len(self.visible):
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.HEADERS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.visible):
            return None
        row = self.visible[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.ACTION, self.CHANGES):
            return "\n".join(row.what_changes())
        if role == Qt.ItemDataRole.ForegroundRole and col == self.ACTION:
            if row.by_name_only and row.action is RowAction.UPDATE:
                return QBrush(_NAME_ONLY)
            colour = ACTION_COLOURS.get(row.action)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: ImportRow, col: int) -> str:
        if col == 0:
            return str(row.row)
        if col == 1:
            return row.full_name
        valid = row.valid
        if col == 2:
            value = valid.values.get("birth_date") if valid is not None else None
            return value.strftime("%d.%m.%Y") if value else row.draft.birth_date  # type: ignore[attr-defined]
        if col == 3:
            return action_text(row)
        if col == 4:
            return change_text(row)
        return str(valid.values.get("position") or "") if valid else row.draft.position


class ProblemsModel(QAbstractTableModel):
    HEADERS = ("Строка", "Поле", "Замечание")

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[RowProblem] = []

    def set_problems(self, problems: list[RowProblem]) -> None:
        self.beginResetModel()
        self.problems = problems
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        problem = self.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem.message
            return (str(problem.row), problem.field_label, problem.message)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_ERROR if problem.is_error else _WARNING)
        return None
