"""«Педагоги», «Наставники», «Наставляемые»: one table view over the people bank, three ways."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models import ConsentState, MenteeCategory, Role
from desktop_app.models.db import Database
from desktop_app.services.concurrency import Stamp
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.ui.people_model import (
    ALL_PEOPLE_COLUMNS,
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    PeopleTableModel,
)
from desktop_app.ui.person_form import PersonDialog
from desktop_app.ui.widgets import combo_select

# Starting widths by column, not by position: the column that defines a bank («Категория
# наставляемого», the mentor's places) must be on screen at 1366×768 with 125 % scaling.
COLUMN_WIDTHS = {
    "full_name": 210,
    "position": 160,
    "subjects": 130,
    "qualification": 90,
    "experience": 70,
    "roles": 110,
    "consent": 120,
    "organisation": 150,
    "mentee_category": 170,
    "request": 180,
    "difficulties": 160,
    "expertise": 150,
    "max_mentees": 70,
    "appointment_consent": 80,
}

BANKS = {
    "people": ("Педагоги", ALL_PEOPLE_COLUMNS, None),
    "mentors": ("Банк наставников", MENTOR_COLUMNS, Role.MENTOR),
    "mentees": ("Банк наставляемых", MENTEE_COLUMNS, Role.MENTEE),
}


class PeopleSection(QWidget):
    """A filtered bank of people with search as you type."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(self, db: Database, kind: str = "people", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.people = PeopleService(db)
        self.organisations = OrganisationService(db)
        title, columns, self.fixed_role = BANKS[kind]
        self.last_archived: int | None = None
        self.archived_stamp: Stamp | None = None

        heading = QLabel(f"<h2>{title}</h2>")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО, должности, предмету (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")

        self.role = QComboBox()
        self.role.addItem("Все роли", None)
        for role in Role:
            self.role.addItem(role.label.capitalize(), role)
        self.role.setVisible(self.fixed_role is None)
        self.category = QComboBox()
        self.category.addItem("Любая категория наставляемого", None)
        for category in MenteeCategory:
            self.category.addItem(category.label, category)
        self.category.setVisible(kind != "mentors")
        self.category.setMaximumWidth(260)
        self.consent = QComboBox()
        self.consent.addItem("Согласие ПДн: все", None)
        for state in ConsentState:
            self.consent.addItem(state.label, state)
        self.archived = QCheckBox("&Архив")
        self.archived.setToolTip("Показать и тех, кто в архиве")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.role)
        filters.addWidget(self.category, 2)
        filters.addWidget(self.consent)
        filters.addWidget(self.archived)

        self.model = PeopleTableModel(self.people, columns, self)
        self.table = QTableView()
        self.table.setObjectName(f"{kind}_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)  # one line per person; wrapping makes every paint slower
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # A header is never cut: a column is at least as wide as its title.
        metrics = header.fontMetrics()
        for index, column in enumerate(columns):
            width = COLUMN_WIDTHS.get(column.key, 130)
            self.table.setColumnWidth(
                index, max(width, metrics.horizontalAdvance(column.header) + 30)
            )
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton("&Добавить…")
        self.add_button.setToolTip("Добавить педагога (Ins, Ctrl+N)")
        self.edit_button = QPushButton("&Изменить…")
        self.edit_button.setToolTip("Открыть карточку (Enter, F2)")
        self.archive_button = QPushButton("В а&рхив")
        self.archive_button.setToolTip("Перенести в архив (Del); отмена — Ctrl+Z")
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch()
        buttons.addWidget(self.count_label)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.toggle_archive_selected)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._actions()
        self.search.textChanged.connect(self.apply_filter)
        for combo in (self.role, self.category, self.consent):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.archived.toggled.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.restore_state()
        self.apply_filter()

    def _actions(self) -> None:
        def action(text: str, keys: list[QKeySequence | str], slot) -> QAction:  # type: ignore[no-untyped-def]
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        action("Найти", ["Ctrl+F"], self._focus_search)
        action("Добавить", ["Ins", "Ctrl+N"], self.add_person)
        action("Изменить", ["F2"], self.edit_selected)
        action("В архив", ["Del"], self.toggle_archive_selected)
        self.undo_action = action("Отменить архивирование", ["Ctrl+Z"], self.undo_archive)
        self.undo_action.setEnabled(False)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- filter ----------------------------------------------------------------------

    def current_filter(self) -> PeopleFilter:
        return PeopleFilter(
            text=self.search.text(),
            role=self.fixed_role or self.role.currentData(),
            mentee_category=self.category.currentData() if self.category.isVisible() else None,
            consent=self.consent.currentData(),
            include_archived=self.archived.isChecked(),
        )

    def apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(self.current_filter())
        shown = self.model.rowCount()
        self.count_label.setText(
            f"Показано: {shown}" if shown else "Никого не найдено — измените поиск или отбор"
        )
        if selected is not None:
            self.select(selected)
        self._sync_buttons()

    def refresh(self) -> None:
        self.apply_filter()

    # --- selection and actions -------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.person_id(rows[0].row()) if rows else None

    def select(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _sync_buttons(self) -> None:
        selected = self.selected_id()
        self.edit_button.setEnabled(selected is not None)
        self.archive_button.setEnabled(selected is not None)
        if selected is not None:
            row = self.model.person_row(selected)
            self.archive_button.setText(
                "Вернуть из а&рхива" if row and row.archived else "В а&рхив"
            )

    def add_person(self) -> None:
        person_id, accepted = PersonDialog.edit(self.people, self.organisations, None, self)
        if accepted and person_id is not None:
            self.search.clear()
            self.apply_filter()
            self.select(person_id)
            self.status_message.emit("Педагог добавлен.")
            self.changed.emit()

    def edit_selected(self) -> None:
        person_id = self.selected_id()
        if person_id is None:
            return
        try:
            _, accepted = PersonDialog.edit(self.people, self.organisations, person_id, self)
        except AppError as exc:
            QMessageBox.warning(self, "Педагог", exc.message)
            self.apply_filter()
            return
        if accepted:
            self.apply_filter()
            self.select(person_id)
            self.status_message.emit("Изменения сохранены.")
            self.changed.emit()

    def toggle_archive_selected(self) -> None:
        person_id = self.selected_id()
        if person_id is None:
            return
        row = self.model.person_row(person_id)
        try:
            if row is not None and row.archived:
                self.people.restore(person_id)
                self.status_message.emit(f"{row.full_name}: карточка возвращена из архива.")
            else:
                self.archived_stamp = self.people.archive(person_id)
                self.last_archived = person_id
                self.undo_action.setEnabled(True)
                name = row.full_name if row else "Педагог"
                self.status_message.emit(f"{name}: карточка перенесена в архив. Отменить — Ctrl+Z.")
        except AppError as exc:
            QMessageBox.warning(self, "Архив", exc.message)
        self.apply_filter()
        # The clicked «В архив» button turns disabled (nothing is selected now) and the focus
        # left the section, so the Ctrl+Z the status line offers did nothing.
        self.table.setFocus()
        self.changed.emit()

    def undo_archive(self) -> None:
        if self.last_archived is None:
            return
        try:
            # Only this curator's own archiving, and only while nobody changed the card since.
            self.people.restore(self.last_archived, self.archived_stamp)
        except AppError as exc:
            self.last_archived = None
            self.undo_action.setEnabled(False)
            self.status_message.emit(exc.message)
            QMessageBox.warning(self, "Отмена не выполнена", exc.message)
            return
        restored = self.last_archived
        self.last_archived = None
        self.undo_action.setEnabled(False)
        self.apply_filter()
        self.select(restored)
        self.status_message.emit("Архивирование отменено.")
        self.changed.emit()

    # --- remembered state ------------------------------------------------------------

    def restore_state(self) -> None:
        state = QSettings().value(f"tables/{self.kind}/header")
        if state is not None:
            header = self.table.horizontalHeader()
            header.restoreState(state)
            self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def save_state(self) -> None:
        QSettings().setValue(
            f"tables/{self.kind}/header", self.table.horizontalHeader().saveState()
        )

    def open_overview_item(self, item) -> None:  # type: ignore[no-untyped-def]
        """From «Обзор»: «Нет согласия…» shows exactly those people; a record is selected."""
        if item.hint.startswith("consent="):
            self.search.clear()
            combo_select(self.consent, ConsentState(item.hint.split("=", 1)[1]))
        if item.record_id is not None:
            self.select(item.record_id)
        self.table.setFocus()
