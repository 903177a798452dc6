"""«Пары и группы»: the list with filters and the card of a pair; mentees who still need a mentor
with the suggested mentors; the whole-school assignment; the order fixing the pairs.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import MentoringForm, MentoringKind, PairStatus
from desktop_app.models.db import Database
from desktop_app.services.matching import MatchingService, SchoolProposal
from desktop_app.services.pairs import PairDraft, PairFilter, PairRow, PairService
from desktop_app.services.validation import FieldError, format_date, parse_date
from desktop_app.ui.pair_form import (
    PairDialog,
    StatusDialog,
    SuggestionTable,
    WeightsDialog,
    default_dates,
)
from desktop_app.ui.widgets import FieldBox, FormBuilder, fit_to_screen, show_errors

_Index = QModelIndex | QPersistentModelIndex
STATUS_COLOURS = {
    PairStatus.FORMING: "#7a5a00",
    PairStatus.ACTIVE: "#1b5e20",
    PairStatus.COMPLETED: "#555555",
    PairStatus.TERMINATED: "#8a1c1c",
}


class PairsTableModel(QAbstractTableModel):
    """The pairs and groups as rows; small (a school has tens), so it holds them all."""

    COLUMNS: ClassVar[list[tuple[str, Callable[[PairRow], str]]]] = [
        ("Наставник", lambda r: r.mentor),
        ("Наставляемые", lambda r: r.mentees),
        ("Статус", lambda r: r.status.label),
        ("Срок", lambda r: r.period),
        ("Состав", lambda r: r.kind_text),
        ("Форма", lambda r: r.form.label),
        ("Вид", lambda r: ", ".join(k.label for k in r.kinds)),
        ("Направление", lambda r: r.direction),
        ("Приказ", lambda r: r.order),
    ]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PairRow] = []

    def set_rows(self, rows: list[PairRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QColor(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][0]
        return None

    def row_of(self, pair_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == pair_id), None)


class PairsSection(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.pairs = PairService(db)
        self.matching = MatchingService(db)
        self._today = today
        # (what is undone, how): Ctrl+Z takes back the last status change, deletion or creation.
        self.undo_stack: list[tuple[str, Callable[[], None]]] = []

        heading = QLabel("<h2>Пары и группы</h2>")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._list_page(), "&Пары и группы")
        self.tabs.addTab(self._unpaired_page(), "Нуждаются в наставнике")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._actions()
        self.refresh()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- the list ------------------------------------------------------------------------

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("Все статусы", None)
        self.status_filter.addItem("Формируются и действуют", "open")
        for status in PairStatus:
            self.status_filter.addItem(status.label.capitalize(), status)
        self.form_filter = QComboBox()
        self.form_filter.addItem("Все формы", None)
        for form in MentoringForm:
            self.form_filter.addItem(form.label, form)
        self.form_filter.setMaximumWidth(230)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Все виды", None)
        for kind in MentoringKind:
            self.kind_filter.addItem(kind.label, kind)
        self.mentor_filter = QComboBox()
        self.mentor_filter.setObjectName("mentor_filter")
        self.mentor_filter.setMaximumWidth(260)
        filters = QHBoxLayout()
        for label, combo in (
            ("&Статус:", self.status_filter),
            ("Форма:", self.form_filter),
            ("Вид:", self.kind_filter),
            ("&Наставник:", self.mentor_filter),
        ):
            text = QLabel(label)
            text.setBuddy(combo)
            filters.addWidget(text)
            filters.addWidget(combo, 1)
        for combo in (self.status_filter, self.form_filter, self.kind_filter, self.mentor_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
            # The four filters share the width instead of the longest item pushing others out.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.view().setMinimumWidth(300)

        self.model = PairsTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("pairs_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate([190, 180, 95, 160, 85, 130, 150, 170, 120]):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.activated.connect(lambda _i: self.edit_selected())

        self.card = QTextBrowser()
        self.card.setObjectName("pair_card")
        self.card.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        self.new_pair_button = QPushButton("Новая &пара…")
        self.new_pair_button.setToolTip("Новая пара (Ins, Ctrl+N)")
        self.new_group_button = QPushButton("Новая &группа…")
        self.edit_button = QPushButton("&Изменить…")
        self.edit_button.setToolTip("Изменить пару (Enter, F2)")
        self.activate_button = QPushButton("Начать &работу…")
        self.activate_button.setToolTip("Формируется → действует (после приказа о закреплении)")
        self.complete_button = QPushButton("&Завершить…")
        self.terminate_button = QPushButton("Расто&ргнуть…")
        self.delete_button = QPushButton("&Удалить")
        self.delete_button.setToolTip("Удалить формируемую пару (Del); отмена — Ctrl+Z")
        self.undo_button = QPushButton("&Отменить")
        self.undo_button.setToolTip("Отменить последнее действие (Ctrl+Z)")
        self.order_button = QPushButton("При&каз…")
        self.order_button.setToolTip("Приказ о закреплении выбранных или новых пар (.docx)")
        self.weights_button = QPushButton("Критерии подбора…")
        # Two rows: ten buttons in one row are cut off on a 1366×768 screen at 125 %.
        buttons = QHBoxLayout()
        for button in (
            self.new_pair_button,
            self.new_group_button,
            self.edit_button,
            self.activate_button,
            self.complete_button,
            self.terminate_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        self.count_label = QLabel()
        more = QHBoxLayout()
        more.addWidget(self.delete_button)
        more.addWidget(self.undo_button)
        more.addWidget(self.count_label)
        more.addStretch()
        more.addWidget(self.order_button)
        more.addWidget(self.weights_button)
        self.new_pair_button.clicked.connect(lambda: self.new_pair(False))
        self.new_group_button.clicked.connect(lambda: self.new_pair(True))
        self.edit_button.clicked.connect(self.edit_selected)
        self.activate_button.clicked.connect(lambda: self.change_status("activate"))
        self.complete_button.clicked.connect(lambda: self.change_status("complete"))
        self.terminate_button.clicked.connect(lambda: self.change_status("terminate"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo)
        self.order_button.clicked.connect(self.make_order)
        self.weights_button.clicked.connect(self.edit_weights)

        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addLayout(more)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        return page

    def _actions(self) -> None:
        def action(keys: list[str], slot: Callable[[], None]) -> QAction:
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        action(["Ins", "Ctrl+N"], lambda: self.new_pair(False))
        action(["F2"], self.edit_selected)
        action(["Del"], self.delete_selected)
        action(["Ctrl+Z"], self.undo)

    def current_filter(self) -> PairFilter:
        # Qt hands str-enums back as plain str: turn them into members again.
        status = self.status_filter.currentData()
        form = self.form_filter.currentData()
        kind = self.kind_filter.currentData()
        return PairFilter(
            status=PairStatus(status) if status and status != "open" else None,
            open_only=status == "open",
            form=MentoringForm(form) if form else None,
            kind=MentoringKind(kind) if kind else None,
            mentor_id=self.mentor_filter.currentData(),
        )

    def refresh(self) -> None:
        """Reload mentors for the filter, the table, and the mentees who need a mentor."""
        chosen = self.mentor_filter.currentData()
        self.mentor_filter.blockSignals(True)
        self.mentor_filter.clear()
        self.mentor_filter.addItem("Все наставники", None)
        mentors, _ = self.matching.load(self.today)
        for m in sorted(mentors.values(), key=lambda m: m.full_name):
            self.mentor_filter.addItem(m.short_name, m.id)
        index = self.mentor_filter.findData(chosen)
        self.mentor_filter.setCurrentIndex(max(index, 0))
        self.mentor_filter.blockSignals(False)
        self.apply_filter()
        self.refresh_unpaired()

    def apply_filter(self) -> None:
        selected = self.selected_ids()
        self.model.set_rows(self.pairs.list_rows(self.current_filter()))
        count = self.model.rowCount()
        self.count_label.setText(
            f"Показано: {count}" if count else "Пар нет — измените отбор или создайте пару"
        )
        for pair_id in selected:
            self.select(pair_id)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        model = self.table.selectionModel()
        if model is None:
            return []
        return [self.model.rows[i.row()].id for i in model.selectedRows()]

    def selected_id(self) -> int | None:
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def select(self, pair_id: int) -> None:
        row = self.model.row_of(pair_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        row = self.model.rows[self.model.row_of(ids[0]) or 0] if len(ids) == 1 else None
        status = row.status if row else None
        self.edit_button.setEnabled(bool(status and status.is_open))
        self.activate_button.setEnabled(status is PairStatus.FORMING)
        self.complete_button.setEnabled(status is PairStatus.ACTIVE)
        self.terminate_button.setEnabled(bool(status and status.is_open))
        self.delete_button.setEnabled(status is PairStatus.FORMING)
        self.undo_button.setEnabled(bool(self.undo_stack))
        if self.undo_stack:
            self.undo_button.setToolTip(f"Отменить: {self.undo_stack[-1][0]} (Ctrl+Z)")
        self.card.setHtml(self._card_html(row.id) if row else self._hint_html(len(ids)))

    def _hint_html(self, selected: int) -> str:
        if selected > 1:
            return f"<p>Выбрано пар: {selected}. «Приказ…» — приказ о закреплении выбранных.</p>"
        return "<p>Выберите пару или группу, чтобы увидеть её участников и историю.</p>"

    def _card_html(self, pair_id: int) -> str:
        try:
            p = self.pairs.get(pair_id)
        except AppError as exc:
            return f"<p>{html.escape(exc.message)}</p>"
        e = html.escape
        kind = "Группа" + (f" «{e(p.title)}»" if p.title else "") if p.is_group else "Пара"
        mentor = p.mentor
        load = ""
        if mentor.mentor_profile is not None:
            taken, capacity = self.pairs.mentor_load(mentor.id)
            load = f" — ведёт {taken} из {capacity}"
        mentees = "".join(
            f"<li>{e(m.mentee.full_name)}, {e(m.mentee.position)}"
            + (f"; согласие от {format_date(m.consent_on)}" if m.consent_on else "; согласие —")
            + "</li>"
            for m in p.memberships
        )
        lines = [
            f"<b>{kind}</b> · <span style='color:{STATUS_COLOURS[p.status]}'>"
            f"{e(p.status.label)}</span>",
            f"<b>Наставник:</b> {e(mentor.full_name)}, {e(mentor.position)} "
            f"({e(mentor.organisation.display_name)}){load}",
            f"<b>Наставляемые:</b><ul style='margin:0'>{mentees}</ul>",
            f"<b>Форма:</b> {e(p.form.label)}; <b>вид:</b> "
            f"{e(', '.join(k.label for k in p.kind_list) or '—')}",
            f"<b>Направление:</b> {e(p.direction or '—')}",
            f"<b>Срок:</b> {format_date(p.start_on)} – {format_date(p.planned_end_on)}"
            + (f"; окончена {format_date(p.ended_on)}" if p.ended_on else ""),
            "<b>Приказ о закреплении:</b> "
            + (
                f"№ {e(p.order_number)} от {format_date(p.order_date)}"
                if p.order_number
                else "не издан"
            ),
        ]
        if p.mentor_consent_on:
            lines.append(f"<b>Согласие наставника:</b> {format_date(p.mentor_consent_on)}")
        if p.capacity_override_reason:
            lines.append(f"<b>Сверх мест:</b> {e(p.capacity_override_reason)}")
        if p.end_reason:
            lines.append(f"<b>Причина расторжения:</b> {e(p.end_reason)}")
        if p.notes:
            lines.append(f"<b>Примечание:</b> {e(p.notes)}")
        history = "".join(
            f"<li>{format_date(h.changed_on)} — {e(h.status.label)}"
            + (f": {e(h.note)}" if h.note else "")
            + "</li>"
            for h in p.history
        )
        lines.append(f"<b>История:</b><ul style='margin:0'>{history}</ul>")
        return "<br>".join(lines)

    # --- changes -------------------------------------------------------------------------

    def _done(self, message: str, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            self.select(select)
        self.status_message.emit(message)
        self.changed.emit()

    def new_pair(self, is_group: bool, preset: PairDraft | None = None) -> None:
        draft = preset or PairDraft(is_group=is_group)
        if preset is None and self.mentor_filter.currentData() is not None:
            draft.mentor_id = self.mentor_filter.currentData()  # «from the mentor»
        pair_id, accepted = PairDialog.edit(self.pairs, self.matching, None, draft, self)
        if accepted and pair_id is not None:
            created = self.pairs.draft(pair_id).stamp
            self._push_undo("создание пары", lambda: self.pairs.delete(pair_id, created))
            self._done("Группа создана." if draft.is_group else "Пара создана.", pair_id)

    def edit_selected(self) -> None:
        pair_id = self.selected_id()
        if pair_id is None:
            return
        row = self.model.rows[self.model.row_of(pair_id) or 0]
        if not row.status.is_open:
            self.status_message.emit(f"Пара {row.status.label}: её уже нельзя изменить.")
            return
        try:
            _, accepted = PairDialog.edit(self.pairs, self.matching, pair_id, None, self)
        except AppError as exc:
            QMessageBox.warning(self, "Пара", exc.message)
            self.refresh()
            return
        if accepted:
            self._done("Изменения сохранены.", pair_id)

    def status_dialog(self, action: str) -> StatusDialog | None:
        """The dialog for a status change of the selected pair (tests drive it directly)."""
        pair_id = self.selected_id()
        if pair_id is None:
            return None
        row = self.model.rows[self.model.row_of(pair_id) or 0]
        label = f"{row.mentor} → {row.mentees}"

        def apply(values: dict[str, object]) -> None:
            day = values["day"]
            if action == "activate":
                stamp = self.pairs.activate(
                    pair_id,
                    day,  # type: ignore[arg-type]
                    str(values.get("order_number") or ""),
                    values.get("order_date"),  # type: ignore[arg-type]
                )
            elif action == "complete":
                stamp = self.pairs.complete(pair_id, day, str(values.get("reason") or ""))  # type: ignore[arg-type]
            else:
                stamp = self.pairs.terminate(pair_id, str(values.get("reason") or ""), day)  # type: ignore[arg-type]
            what = {
                "activate": "начало работы",
                "complete": "завершение",
                "terminate": "расторжение",
            }
            self._push_undo(
                what[action], lambda: self.pairs.undo_status(pair_id, self.today, stamp)
            )
            done = {
                "activate": "Пара начала работу.",
                "complete": "Пара завершена.",
                "terminate": "Пара расторгнута.",
            }[action]
            self._done(done + " Отменить — Ctrl+Z.", pair_id)

        return StatusDialog(action, label, apply, self, today=self.today)

    def change_status(self, action: str) -> None:
        dialog = self.status_dialog(action)
        if dialog is not None:
            dialog.exec()

    def delete_selected(self) -> None:
        pair_id = self.selected_id()
        if pair_id is None:
            return
        try:
            draft = self.pairs.delete(pair_id)
        except AppError as exc:
            self.status_message.emit(exc.message)
            QMessageBox.information(self, "Удаление пары", exc.message)
            return
        holder: dict[str, int] = {}

        def restore() -> None:
            holder["id"] = self.pairs.create(draft, today=self.today)

        self._push_undo("удаление пары", restore)
        self._done("Пара удалена. Отменить — Ctrl+Z.")

    def _push_undo(self, what: str, how: Callable[[], None]) -> None:
        self.undo_stack.append((what, how))
        del self.undo_stack[:-20]

    def undo(self) -> None:
        if not self.undo_stack:
            return
        what, how = self.undo_stack.pop()
        try:
            how()
        except AppError as exc:
            QMessageBox.warning(self, "Отмена не удалась", exc.message)
            self.refresh()
            return
        self._done(f"Отменено: {what}.")

    def edit_weights(self) -> None:
        if WeightsDialog(self.matching, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh_unpaired()
            self.status_message.emit("Критерии подбора сохранены.")

    def order_dialog(self) -> OrderDialog:
        return OrderDialog(self.db, self.pairs, self.selected_ids(), self, today=self.today)

    def make_order(self) -> None:
        dialog = self.order_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.written:
            self._done(f"Приказ сохранён: {dialog.written[0]}")

    # --- mentees who need a mentor ----------------------------------------------------------

    def _unpaired_page(self) -> QWidget:
        page = QWidget()
        self.unpaired_table = QTableWidget(0, 3)
        self.unpaired_table.setObjectName("unpaired_table")
        self.unpaired_table.setHorizontalHeaderLabels(["Наставляемый", "Должность", "Категория"])
        self.unpaired_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unpaired_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unpaired_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unpaired_table.verticalHeader().hide()
        self.unpaired_table.horizontalHeader().setStretchLastSection(True)
        self.unpaired_table.setColumnWidth(0, 220)
        self.unpaired_table.setColumnWidth(1, 170)
        self.unpaired_suggestions = SuggestionTable()
        self.unpaired_suggestions.setObjectName("unpaired_suggestions")
        self.suggestions_label = QLabel()
        self.suggestions_label.setWordWrap(True)
        self.form_pair_button = QPushButton("Создать &пару с выбранным наставником…")
        self.propose_button = QPushButton("Подобрать &всем…")
        self.propose_button.setToolTip(
            "Предложить наставника каждому наставляемому без пары так, чтобы сумма оценок "
            "была наибольшей при свободных местах наставников"
        )
        self.form_pair_button.clicked.connect(self.pair_from_suggestion)
        self.unpaired_suggestions.doubleClicked.connect(lambda _i: self.pair_from_suggestion())
        self.propose_button.clicked.connect(self.propose_all)
        self.unpaired_table.itemSelectionChanged.connect(self._show_unpaired_suggestions)

        left = QVBoxLayout()
        left.addWidget(QLabel("Наставляемые без действующей пары:"))
        left.addWidget(self.unpaired_table, 1)
        left.addWidget(self.propose_button)
        right = QVBoxLayout()
        right.addWidget(self.suggestions_label)
        right.addWidget(self.unpaired_suggestions, 1)
        right.addWidget(self.form_pair_button)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        return page

    def refresh_unpaired(self) -> None:
        self.unpaired = self.pairs.unpaired_mentees()
        self.tabs.setTabText(1, f"Нуждаются в &наставнике ({len(self.unpaired)})")
        self.unpaired_table.setRowCount(len(self.unpaired))
        for row, m in enumerate(self.unpaired):
            for column, text in enumerate((m.full_name, m.position, m.category)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.unpaired_table.setItem(row, column, item)
        if self.unpaired:
            self.unpaired_table.selectRow(0)
        self._show_unpaired_suggestions()

    def _show_unpaired_suggestions(self) -> None:
        rows = self.unpaired_table.selectionModel().selectedRows()
        if not rows:
            self.suggestions_label.setText("Все наставляемые в парах." if not self.unpaired else "")
            self.unpaired_suggestions.show_suggestions([])
            self.form_pair_button.setEnabled(False)
            return
        mentee = self.unpaired[rows[0].row()]
        suggestions = self.matching.suggest(mentee.id, today=self.today)
        weights = self.matching.weights().values
        self.suggestions_label.setText(
            f"Наставники для: <b>{html.escape(mentee.full_name)}</b> — лучшие сверху, "
            "с препятствиями — внизу. Критерии: предмет "
            f"{weights['subject']}, затруднения {weights['difficulties']}, места "
            f"{weights['capacity']}, стаж {weights['experience']}, организация "
            f"{weights['organisation']}."
        )
        self.unpaired_suggestions.show_suggestions(suggestions)
        self.form_pair_button.setEnabled(bool(suggestions))

    def pair_from_suggestion(self) -> None:
        rows = self.unpaired_table.selectionModel().selectedRows()
        chosen = self.unpaired_suggestions.selected()
        if not rows or chosen is None:
            return
        mentee = self.unpaired[rows[0].row()]
        preset = PairDraft(mentor_id=chosen.mentor_id, mentee_ids=[mentee.id])
        self.tabs.setCurrentIndex(0)
        self.new_pair(False, preset)

    def assignment_dialog(self) -> AssignmentDialog:
        return AssignmentDialog(self.pairs, self.matching, self, today=self.today)

    def propose_all(self) -> None:
        dialog = self.assignment_dialog()
        dialog.exec()
        if dialog.created:
            self._done(f"Создано пар: {len(dialog.created)} (статус «формируется»).")

    # --- overview and remembered state ----------------------------------------------------

    def open_overview_item(self, item: object) -> None:
        hint = getattr(item, "hint", "")
        if hint == "unpaired":
            self.tabs.setCurrentIndex(1)
            return
        self.tabs.setCurrentIndex(0)
        if hint == "no_order":
            self.status_filter.setCurrentIndex(1)
        record = getattr(item, "record_id", None)
        if record is not None:
            self.select(record)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("tables/pairs/header", self.table.horizontalHeader().saveState())
        settings.setValue("tables/pairs/splitter", self.splitter.saveState())

    def restore_state(self) -> None:
        settings = QSettings()
        header = settings.value("tables/pairs/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("tables/pairs/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)


class AssignmentDialog(QDialog):
    """The whole-school run: a proposed mentor for each mentee without a pair. The curator
    unticks what they reject, picks another mentor where they disagree, and only then the
    ticked pairs are created (status «формируется»)."""

    def __init__(
        self,
        pairs: PairService,
        matching: MatchingService,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.pairs = pairs
        self.matching = matching
        self.today = today or dt.date.today()
        self.created: list[int] = []
        self.setWindowTitle("Подбор наставников для всей школы")
        fit_to_screen(self, 1000, 560)
        self.proposal: SchoolProposal = matching.propose_all(today=self.today)
        self.table = QTableWidget(len(self.proposal.proposals), 4)
        self.table.setObjectName("proposals")
        self.table.setHorizontalHeaderLabels(["Наставляемый", "Наставник", "Оценка", "Почему"])
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(0, 230)
        self.table.setColumnWidth(1, 300)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.combos: list[QComboBox] = []
        mentors, mentees = matching.load(self.today)
        from desktop_app.services.matching import rank

        weights = matching.weights()
        for row, p in enumerate(self.proposal.proposals):
            mentee_item = QTableWidgetItem(p.mentee_name)
            mentee_item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            mentee_item.setCheckState(Qt.CheckState.Checked)
            mentee_item.setData(Qt.ItemDataRole.UserRole, p.mentee_id)
            self.table.setItem(row, 0, mentee_item)
            combo = QComboBox()
            alternatives = [
                s
                for s in rank(mentees[p.mentee_id], list(mentors.values()), weights)
                if not s.blocked
            ][:6]
            if all(s.mentor_id != p.suggestion.mentor_id for s in alternatives):
                alternatives.insert(0, p.suggestion)
            for s in alternatives:
                combo.addItem(f"{s.mentor_name} ({s.score:.0f})", s.mentor_id)
            combo.setCurrentIndex(combo.findData(p.suggestion.mentor_id))
            combo.currentIndexChanged.connect(
                lambda _i, r=row, alts=alternatives: self._mentor_changed(r, alts)
            )
            self.combos.append(combo)
            self.table.setCellWidget(row, 1, combo)
            self._show_reason(row, p.suggestion)
        # Two lines of reasons per row; the full text is in the tooltip.
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.setWordWrap(True)
        total = QLabel(
            f"Предложено пар: {len(self.proposal.proposals)}; суммарная оценка "
            f"{self.proposal.total_score:.0f} — наибольшая при свободных местах наставников. "
            "Снимите отметку, чтобы отклонить пару, или выберите другого наставника."
        )
        total.setWordWrap(True)
        left_out = QLabel(
            "Без наставника остаются: "
            + "; ".join(f"{name} — {why}" for _, name, why in self.proposal.left_out)
            if self.proposal.left_out
            else "Наставник предложен каждому наставляемому без пары."
        )
        left_out.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Создать отмеченные пары")
        self.save_button.setEnabled(bool(self.proposal.proposals))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(total)
        layout.addWidget(self.table, 1)
        layout.addWidget(left_out)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _show_reason(self, row: int, suggestion: object) -> None:
        score = QTableWidgetItem(f"{suggestion.score:.0f}")  # type: ignore[attr-defined]
        score.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        why = QTableWidgetItem(suggestion.explanation)  # type: ignore[attr-defined]
        why.setToolTip(suggestion.explanation)  # type: ignore[attr-defined]
        self.table.setItem(row, 2, score)
        self.table.setItem(row, 3, why)

    def _mentor_changed(self, row: int, alternatives: list) -> None:  # type: ignore[type-arg]
        mentor_id = self.combos[row].currentData()
        chosen = next((s for s in alternatives if s.mentor_id == mentor_id), None)
        if chosen is not None:
            self._show_reason(row, chosen)

    def accepted_pairs(self) -> list[tuple[int, int]]:
        """(mentee, mentor) of every ticked row, with the mentor the curator left chosen."""
        result = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                result.append((item.data(Qt.ItemDataRole.UserRole), self.combos[row].currentData()))
        return result

    def save(self) -> None:
        start, end = default_dates(self.today)
        problems: list[str] = []
        for mentee_id, mentor_id in self.accepted_pairs():
            draft = PairDraft(
                mentor_id=mentor_id,
                mentee_ids=[mentee_id],
                kinds=[MentoringKind.TRADITIONAL],
                start_on=format_date(start),
                planned_end_on=format_date(end),
            )
            try:
                self.created.append(self.pairs.create(draft, today=self.today))
            except ValidationError as exc:
                name = self.table.item(self._row_of(mentee_id), 0).text()
                problems.append(f"{name}: " + " ".join(exc.errors.values()))
        if problems:
            # The ones that could be made are made; the rest stay listed with the reason.
            self.error.setText("Не созданы:\n" + "\n".join(problems))
            self.error.show()
            for mentee_id in [m for m, _ in self.accepted_pairs()]:
                row = self._row_of(mentee_id)
                if not any(self.table.item(row, 0).text() in p for p in problems):
                    self.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
            return
        self.accept()

    def _row_of(self, mentee_id: int) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == mentee_id:
                return row
        return 0


class OrderDialog(QDialog):
    """Приказ о закреплении: which pairs, the number and date, the folder; the number and date
    are then written into the pairs it fixes."""

    def __init__(
        self,
        db: Database,
        pairs: PairService,
        selected: list[int],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.pairs = pairs
        self.selected = selected
        self.today = today or dt.date.today()
        self.written: list[Path] = []
        self.setWindowTitle("Приказ о закреплении наставнических пар (групп)")
        self.boxes: dict[str, FieldBox] = {}
        self.only_selected = QRadioButton(f"Выбранные в таблице пары ({len(selected)})")
        self.only_new = QRadioButton("Новые пары и группы — ещё без приказа")
        (self.only_selected if selected else self.only_new).setChecked(True)
        self.only_selected.setEnabled(bool(selected))
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        self.number = build.line("number", "Приказ &№")
        self.number.setMaximumWidth(140)
        self.date = build.date("date", "&Дата приказа")
        self.date.setText(format_date(self.today))
        self.folder = build.line("folder", "&Папка")
        self.folder.setText(
            str(QSettings().value("paths/last_export_dir", str(Path.home() / "Documents")))
        )
        browse = QPushButton("Выбрать…")
        browse.clicked.connect(self._browse)
        form.addRow("", browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сформировать")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("Номер и дата приказа будут записаны в пары, которые он закрепляет.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_selected)
        layout.addWidget(self.only_new)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 300)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Папка для приказа", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        from desktop_app.export.kinds.order_pairs import chosen_pairs
        from desktop_app.export.registry import ExportOptions, build_documents

        errors: dict[str, str] = {}
        try:
            day = parse_date(self.date.text(), "Дата приказа", allow_future=True, today=self.today)
        except FieldError as exc:
            errors["date"] = exc.message
            day = None
        if day is None and "date" not in errors:
            errors["date"] = "Дата приказа: укажите дату."
        if not self.folder.text().strip():
            errors["folder"] = "Папка: выберите, куда сохранить приказ."
        if errors:
            show_errors(self.boxes, errors)
            return
        assert day is not None
        extra: dict[str, object] = {}
        if self.only_selected.isChecked() and self.selected:
            extra["pair_ids"] = list(self.selected)
        options = ExportOptions(today=day, number=self.number.text().strip(), extra=extra)
        folder = Path(self.folder.text().strip())
        try:
            with self.db.session() as session:
                fixed = [p.id for p in chosen_pairs(session, options)]
            self.written = build_documents(self.db, ["order-pairs"], folder, options)
            if options.number:
                self.pairs.record_order(fixed, options.number, day)
        except AppError as exc:
            show_errors(self.boxes, {"folder": exc.message})
            return
        QSettings().setValue("paths/last_export_dir", str(folder))
        self.accept()


def pairs_section(window: QWidget) -> PairsSection:
    """The section as the main window makes it: messages to its status bar, changes to others."""
    section = PairsSection(window.db)  # type: ignore[attr-defined]
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))  # type: ignore[attr-defined]
    section.changed.connect(window.data_changed)  # type: ignore[attr-defined]
    section.restore_state()
    return section
