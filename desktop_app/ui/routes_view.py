"""«Маршруты (ИОМ)»: routes by teacher and year, progress per deficit, what is due this year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.models import MeasureStatus, RouteStatus
from desktop_app.models.db import Database
from desktop_app.models.route import academic_year_label
from desktop_app.services.routes import RouteRow, RouteService, academic_year_of, plan_item_when

COLUMNS: list[tuple[str, Callable[[RouteRow], Any]]] = [
    ("Педагог", lambda r: r.full_name),
    ("Должность", lambda r: r.position),
    ("Срок маршрута", lambda r: r.period),
    ("Год маршрута", lambda r: r.year_of_route),
    ("Состояние", lambda r: r.status.label),
    ("Выполнено", lambda r: r.progress),
    ("На этот год", lambda r: r.due_this_year or ""),
    ("Коррект.", lambda r: r.corrections or ""),
    ("Наставник (тьютор)", lambda r: r.tutor),
]
HEADER_HINTS = {
    "Выполнено": "Мероприятий дорожной карты выполнено из запланированных",
    "На этот год": "Мероприятий текущего учебного года, ещё не выполненных",
    "Коррект.": "Корректировок дорожной карты (шаг 6)",
}
DRAFT_FG = QBrush(QColor("#8a5a00"))
ARCHIVED_FG = QBrush(QColor("#777777"))


class RoutesModel(QAbstractTableModel):
    """A small list (a school has a few dozen routes): rows held in memory, sorted here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RouteRow] = []

    def set_rows(self, rows: list[RouteRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(COLUMNS)
        ):
            return HEADER_HINTS.get(COLUMNS[section][0], COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = COLUMNS[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return ARCHIVED_FG
            if row.status is RouteStatus.DRAFT:
                return DRAFT_FG
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        key = COLUMNS[column][1]
        self.rows.sort(
            key=lambda r: (str(key(r)).casefold(), r.full_name),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()

    def row_of(self, route_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.id == route_id:
                return number
        return None


class RoutesSection(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.service = RouteService(db)
        self.today = today
        self.last_archived: int | None = None

        heading = QLabel("<h2>Индивидуальные образовательные маршруты (ИОМ)</h2>")
        heading.setToolTip(
            "Долгосрочная (4–5 лет) программа профессионального самосовершенствования педагога"
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО и должности (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.archived = QCheckBox("&Архив")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel("Учебный год:"))
        filters.addWidget(self.year, 1)
        filters.addWidget(self.archived)

        self.model = RoutesModel(self)
        self.table = QTableView()
        self.table.setObjectName("routes_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((180, 120, 145, 90, 90, 70, 75, 65)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())

        self.progress = QTableWidget(0, 4)
        self.progress.setHorizontalHeaderLabels(["Дефицит", "Степень", "Выполнено", "Итог (шаг 7)"])
        self._plain(self.progress, (170, 110, 80, 0), stretch=3)
        self.due = QTableWidget(0, 3)
        self.due.setHorizontalHeaderLabels(["Мероприятие", "Срок", "Отметка"])
        self._plain(self.due, (0, 150, 110), stretch=0)
        self.progress_box = QGroupBox("Продвижение по дефицитам")
        QVBoxLayout(self.progress_box).addWidget(self.progress)
        self.due_box = QGroupBox("В этом учебном году")
        QVBoxLayout(self.due_box).addWidget(self.due)
        details = QSplitter()
        details.addWidget(self.progress_box)
        details.addWidget(self.due_box)
        details.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        self.new_button = QPushButton("&Новый маршрут…")
        self.new_button.setToolTip("Составить маршрут педагогу (Ins, Ctrl+N)")
        self.open_button = QPushButton("&Открыть…")
        self.open_button.setToolTip("Открыть маршрут: шаги 1–7 (Enter, F2)")
        self.archive_button = QPushButton("В а&рхив")
        self.archive_button.setToolTip("Убрать маршрут в архив (Del); отмена — Ctrl+Z")
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.archive_button):
            buttons.addWidget(button)
        self.document_button = QPushButton("&Документ ИОМ (.docx)…")
        self.document_button.setToolTip(
            "Индивидуальный образовательный маршрут выбранного педагога: все семь шагов "
            "и дорожная карта (Ctrl+P)"
        )
        self.summary_button = QPushButton("Сводная &таблица (.xlsx)…")
        self.summary_button.setToolTip("Все маршруты и их мероприятия — для отчёта")
        self.document_button.clicked.connect(lambda: self.export_route())
        self.summary_button.clicked.connect(lambda: self.export_summary())
        buttons.addWidget(self.document_button)
        buttons.addWidget(self.summary_button)
        buttons.addStretch()
        buttons.addWidget(self.count_label)
        self.new_button.clicked.connect(self.new_route)
        self.open_button.clicked.connect(self.open_selected)
        self.archive_button.clicked.connect(self.toggle_archive_selected)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._actions()
        self._fill_years()
        self.search.textChanged.connect(self.refresh)
        self.year.currentIndexChanged.connect(self.refresh)
        self.archived.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.restore_state()
        self.refresh()

    @staticmethod
    def _plain(table: QTableWidget, widths: tuple[int, ...], stretch: int) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column, width in enumerate(widths):
            if column == stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                table.setColumnWidth(column, width)

    def _actions(self) -> None:
        def action(keys: list[str], slot) -> QAction:  # type: ignore[no-untyped-def]
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        action(["Ctrl+F"], lambda: (self.search.setFocus(), self.search.selectAll()))
        action(["Ins", "Ctrl+N"], self.new_route)
        action(["F2"], self.open_selected)
        action(["Del"], self.toggle_archive_selected)
        action(["Ctrl+P"], lambda: self.export_route())
        self.undo_action = action(["Ctrl+Z"], self.undo_archive)
        self.undo_action.setEnabled(False)

    def _fill_years(self) -> None:
        current = academic_year_of(self.today())
        chosen = self.year.currentData() if self.year.count() else current
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("все", None)
        for year in sorted(set(self.service.years_in_use()) | {current}):
            suffix = " (текущий)" if year == current else ""
            self.year.addItem(academic_year_label(year) + suffix, year)
        index = self.year.findData(chosen)
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)

    # --- the list --------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        rows = self.service.rows(
            year=self.year.currentData(),
            text=self.search.text(),
            include_archived=self.archived.isChecked(),
            today=self.today(),
        )
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count_label.setText(
            f"Маршрутов: {len(rows)}"
            if rows
            else "Маршрутов нет — измените отбор или составьте новый"
        )
        if selected is not None and self.select(selected):
            return
        if rows:
            self.table.selectRow(0)
        else:
            self._selection_changed()

    def selected_id(self) -> int | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        if not rows:
            return None
        return self.model.rows[rows[0].row()].id

    def select(self, route_id: int) -> bool:
        row = self.model.row_of(route_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(self) -> None:
        route_id = self.selected_id()
        self.open_button.setEnabled(route_id is not None)
        self.archive_button.setEnabled(route_id is not None)
        self.document_button.setEnabled(route_id is not None)
        self.progress.setRowCount(0)
        self.due.setRowCount(0)
        year = academic_year_of(self.today())
        self.due_box.setTitle(f"В этом учебном году ({academic_year_label(year)})")
        if route_id is None:
            return
        row = self.model.rows[self.model.row_of(route_id) or 0]
        self.archive_button.setText("Вернуть из а&рхива" if row.archived else "В а&рхив")
        self.progress.setRowCount(len(row.deficits))
        for n, p in enumerate(row.deficits):
            values = [
                p.category.label,
                p.level,
                f"{p.done} из {p.planned}" if p.planned else "мероприятий нет",
                p.outcome.label if p.outcome else "",
            ]
            for column, value in enumerate(values):
                self.progress.setItem(n, column, QTableWidgetItem(value))
        try:
            due = self.service.due_this_year(route_id, self.today())
        except AppError:
            return
        self.due.setRowCount(len(due))
        for n, m in enumerate(due):
            when = plan_item_when(
                {"academic_year": m.academic_year, "term": m.term.value if m.term else None}
            )
            mark = m.status.label
            if m.status is MeasureStatus.DONE and m.done_on:
                mark += f" {m.done_on:%d.%m.%Y}"
            for column, value in enumerate((m.title, when, mark)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.due.setItem(n, column, item)
        self.due.clearSpans()
        if not due:
            self.due.setRowCount(1)
            self.due.setItem(0, 0, QTableWidgetItem("на этот учебный год мероприятий нет"))
            # Across the row: in the first column alone it read «на этот учебны…».
            self.due.setSpan(0, 0, 1, self.due.columnCount())
        self.progress.resizeRowsToContents()
        self.due.resizeRowsToContents()

    # --- actions --------------------------------------------------------------------------

    def new_route(self) -> None:
        from desktop_app.ui.route_editor import RouteEditor

        route_id, saved = RouteEditor.edit(self.service, None, None, self)
        self._after_edit(route_id, saved, "Маршрут сохранён.")

    def open_selected(self) -> None:
        from desktop_app.ui.route_editor import RouteEditor

        route_id = self.selected_id()
        if route_id is None:
            return
        try:
            _, saved = RouteEditor.edit(self.service, route_id, None, self)
        except AppError as exc:
            QMessageBox.warning(self, "Маршрут", exc.message)
            self.refresh()
            return
        self._after_edit(route_id, saved, "Изменения маршрута сохранены.")

    def _after_edit(self, route_id: int | None, saved: bool, message: str) -> None:
        if not saved or route_id is None:
            return
        self._fill_years()
        self.refresh()
        if not self.select(route_id):
            # The new route is outside the chosen year or the search: show everything.
            self.search.clear()
            self.year.setCurrentIndex(0)
            self.select(route_id)
        self.status_message.emit(message)
        self.changed.emit()

    def toggle_archive_selected(self) -> None:
        route_id = self.selected_id()
        if route_id is None:
            return
        row = self.model.rows[self.model.row_of(route_id) or 0]
        try:
            if row.archived:
                self.service.restore(route_id)
                self.status_message.emit(f"Маршрут: {row.full_name} — возвращён из архива.")
            else:
                self.archived_stamp = self.service.archive(route_id, self.today())
                self.last_archived = route_id
                self.undo_action.setEnabled(True)
                self.status_message.emit(
                    f"Маршрут: {row.full_name} — перенесён в архив. Отменить — Ctrl+Z."
                )
        except AppError as exc:  # deleted or changed by someone else meanwhile
            QMessageBox.warning(self, "Маршрут", exc.message)
        self._fill_years()
        self.refresh()
        self.changed.emit()

    def undo_archive(self) -> None:
        if self.last_archived is None:
            return
        try:
            # Only this curator's own archiving, and only while nobody changed the route since.
            self.service.restore(self.last_archived, getattr(self, "archived_stamp", None))
        except AppError as exc:
            self.last_archived = None
            self.undo_action.setEnabled(False)
            self.status_message.emit(exc.message)
            QMessageBox.warning(self, "Отмена не выполнена", exc.message)
            return
        restored, self.last_archived = self.last_archived, None
        self.undo_action.setEnabled(False)
        self._fill_years()
        self.refresh()
        self.select(restored)
        self.status_message.emit("Архивирование маршрута отменено.")
        self.changed.emit()

    # --- documents ------------------------------------------------------------------------

    def _folder(self) -> Path | None:
        settings = QSettings()
        start = str(settings.value("paths/last_export_dir", str(Path.home())))
        folder = QFileDialog.getExistingDirectory(self, "Папка для документа", start)
        if not folder:
            return None
        settings.setValue("paths/last_export_dir", folder)
        return Path(folder)

    def _export(self, key: str, options: ExportOptions, folder: Path | None) -> list[Path]:
        interactive = folder is None
        folder = folder or self._folder()
        if folder is None:
            return []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = build_documents(self.db, [key], folder, options)
        except AppError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Документ не сформирован", exc.message)
            return []
        QApplication.restoreOverrideCursor()
        names = ", ".join(p.name for p in written)
        self.status_message.emit(f"Сохранено в «{folder}»: {names}")
        if interactive:
            QMessageBox.information(
                self, "Документ сформирован", f"Сохранено в папку «{folder}»:\n{names}"
            )
        return written

    def export_route(self, folder: Path | None = None) -> list[Path]:
        route_id = self.selected_id()
        if route_id is None:
            return []
        options = ExportOptions(today=self.today(), extra={"route_ids": [route_id]})
        return self._export("route", options, folder)

    def export_summary(self, folder: Path | None = None) -> list[Path]:
        ids = [row.id for row in self.model.rows]
        if not ids:
            return []
        options = ExportOptions(today=self.today(), extra={"route_ids": ids})
        return self._export("routes", options, folder)

    def open_overview_item(self, item) -> None:  # type: ignore[no-untyped-def]
        self.search.clear()
        self.year.setCurrentIndex(0)
        if item.record_id is not None:
            self.select(item.record_id)

    # --- remembered state ------------------------------------------------------------------

    def restore_state(self) -> None:
        settings = QSettings()
        header = settings.value("tables/routes/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("tables/routes/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("tables/routes/header", self.table.horizontalHeader().saveState())
        settings.setValue("tables/routes/splitter", self.splitter.saveState())


def routes_section(window) -> QWidget:  # type: ignore[no-untyped-def]
    """The factory ``ui.main_window.SECTIONS`` calls when the section is first opened."""
    section = RoutesSection(window.db)
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    section.changed.connect(window.data_changed)
    return section
