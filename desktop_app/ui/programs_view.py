"""«Программы наставничества»: the list of programs, and for the chosen one its plan with the
completion marks, the meetings of the pair and the closing evaluation.

Deleting or moving a line of the plan, deleting a meeting and changing a mark are undone with
Ctrl+Z (one stack per section: each step stores the call that puts it back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import (
    ActivityStatus,
    EvaluationCriterion,
    EvaluationMark,
    Program,
    ProgramStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.concurrency import record_stamp
from desktop_app.services.programs import (
    ClosingDraft,
    ProgramRow,
    ProgramService,
    is_overdue,
    progress_of,
)
from desktop_app.services.validation import format_date
from desktop_app.ui.program_dialogs import ActivityDialog, MeetingDialog, StatusDialog
from desktop_app.ui.widgets import FieldBox, FormBuilder, show_errors

OVERDUE_BRUSH = QBrush(QColor("#fbe3e3"))
DONE_BRUSH = QBrush(QColor("#e6f4e6"))
MUTED_BRUSH = QBrush(QColor("#888888"))
EXPORT_FOLDER_KEY = "programs/last_export_folder"

LIST_COLUMNS = ("Наставник", "Наставляемые", "Срок", "Состояние", "Выполнено", "Просрочено")
PLAN_COLUMNS = ("№", "Мероприятие", "Форма", "Срок", "Ответственный", "Отметка", "Продукт, файлы")
# The plan's columns as shares of the width past «№»; «Мероприятие» stretches into the rest
# (about a third), so the activity's words stay readable on a small screen.
PLAN_NUMBER_WIDTH = 34
PLAN_SHARES = {2: 0.13, 3: 0.12, 4: 0.13, 5: 0.14, 6: 0.15}
MEETING_COLUMNS = ("Дата", "Мин", "Тема", "Мероприятие плана", "Итоги", "Заметка куратора")


def _item(text: object, align_center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class ProgramsSection(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(self, db: Database, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.db = db
        self.service = ProgramService(db)
        self.today = today or dt.date.today
        self.rows: list[ProgramRow] = []
        self.program: Program | None = None
        self.undo_stack: list[tuple[str, Callable[[], None]]] = []

        heading = QLabel("<h2>Программы наставничества</h2>")
        self.filter = QComboBox()
        self.filter.setObjectName("program_filter")
        for text, key in (
            ("Все программы", "all"),
            ("Реализуются", "active"),
            ("С просроченными мероприятиями", "overdue"),
            ("Завершённые", "completed"),
        ):
            self.filter.addItem(text, key)
        self.new_button = QPushButton("&Новая программа…")
        self.new_button.setToolTip("Мастер программы для пары или группы (Ctrl+N)")
        self.edit_button = QPushButton("&Изменить…")
        self.edit_button.setToolTip("Открыть программу в мастере (F2)")
        self.docs_button = QToolButton()
        self.docs_button.setText("&Документы")
        self.docs_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.docs_button)
        for text, key in (
            ("Программа (.docx)", "program"),
            ("Отчёт наставника (.docx)", "mentor-report"),
            ("Состояние всех программ (.xlsx)", "programs-status"),
        ):
            menu.addAction(text, lambda k=key: self.export(k))
        self.docs_button.setMenu(menu)
        self.delete_button = QPushButton("Удалить программу")
        top = QHBoxLayout()
        top.addWidget(QLabel("&Показать:"))
        top.itemAt(0).widget().setBuddy(self.filter)
        top.addWidget(self.filter)
        top.addStretch()
        for widget in (self.new_button, self.edit_button, self.docs_button, self.delete_button):
            top.addWidget(widget)

        self.table = QTableWidget(0, len(LIST_COLUMNS))
        self.table.setObjectName("programs_table")
        self.table.setHorizontalHeaderLabels(LIST_COLUMNS)
        self._table_style(self.table)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 160), (2, 170), (3, 110), (4, 100), (5, 100)):
            self.table.setColumnWidth(column, width)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._plan_tab(), "План мероприятий")
        self.tabs.addTab(self._meetings_tab(), "Встречи")
        # «Итоги» scrolls: its 370 px minimum left the list of programs 3 rows at 1090×580.
        closing = QScrollArea()
        closing.setWidgetResizable(True)
        closing.setFrameShape(QFrame.Shape.NoFrame)
        closing.setWidget(self._closing_tab())
        self.tabs.addTab(closing, "Итоги")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([190, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.filter.currentIndexChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._program_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_program())
        self.new_button.clicked.connect(self.new_program)
        self.edit_button.clicked.connect(self.edit_program)
        self.delete_button.clicked.connect(self.delete_program)
        self._actions()
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    @staticmethod
    def _table_style(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(True)

    def _plan_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        progress = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("program_progress")
        self.progress_bar.setMinimumWidth(170)
        self.progress_bar.setMaximumWidth(220)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progress_label")
        progress.addWidget(self.progress_bar)
        progress.addWidget(self.progress_label, 1)
        layout.addLayout(progress)
        self.plan = QTableWidget(0, len(PLAN_COLUMNS))
        self.plan.setObjectName("plan_table")
        self.plan.setHorizontalHeaderLabels(PLAN_COLUMNS)
        self._table_style(self.plan)
        header = self.plan.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 34), (2, 130), (3, 90), (4, 130), (5, 150), (6, 180)):
            self.plan.setColumnWidth(column, width)
        self.plan.doubleClicked.connect(lambda _i: self.mark_activity())
        layout.addWidget(self.plan, 1)
        buttons = QHBoxLayout()
        self.mark_button = QPushButton("&Отметить…")
        self.mark_button.setToolTip("Выполнено, перенесено, отменено; продукт и файлы (Enter)")
        self.add_activity_button = QPushButton("Д&обавить…")
        self.edit_activity_button = QPushButton("Изм&енить…")
        self.up_button = QPushButton("В&верх")
        self.down_button = QPushButton("Вн&из")
        self.delete_activity_button = QPushButton("&Удалить")
        self.delete_activity_button.setToolTip("Удалить мероприятие (Del); вернуть — Ctrl+Z")
        self.sort_button = QPushButton("По &срокам")
        self.undo_button = QPushButton("Отменить (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        for button in (
            self.mark_button,
            self.add_activity_button,
            self.edit_activity_button,
            self.up_button,
            self.down_button,
            self.delete_activity_button,
            self.sort_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.undo_button)
        layout.addLayout(buttons)
        # Through a lambda: clicked(bool) would pass False as dialog_hook and crash.
        self.mark_button.clicked.connect(lambda: self.mark_activity())
        self.add_activity_button.clicked.connect(self.add_activity)
        self.edit_activity_button.clicked.connect(self.edit_activity)
        self.up_button.clicked.connect(lambda: self.move_activity(-1))
        self.down_button.clicked.connect(lambda: self.move_activity(1))
        self.delete_activity_button.clicked.connect(self.delete_activity)
        self.sort_button.clicked.connect(self.sort_plan)
        self.undo_button.clicked.connect(self.undo)
        return tab

    def _meetings_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.meetings = QTableWidget(0, len(MEETING_COLUMNS))
        self.meetings.setObjectName("meetings_table")
        self.meetings.setHorizontalHeaderLabels(MEETING_COLUMNS)
        self._table_style(self.meetings)
        header = self.meetings.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 50), (2, 220), (3, 200), (5, 170)):
            self.meetings.setColumnWidth(column, width)
        self.meetings.doubleClicked.connect(lambda _i: self.edit_meeting())
        self.meetings_summary = QLabel()
        layout.addWidget(self.meetings_summary)
        layout.addWidget(self.meetings, 1)
        buttons = QHBoxLayout()
        self.add_meeting_button = QPushButton("&Записать встречу…")
        self.edit_meeting_button = QPushButton("Изменить…")
        self.delete_meeting_button = QPushButton("Удалить")
        for button in (
            self.add_meeting_button,
            self.edit_meeting_button,
            self.delete_meeting_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.add_meeting_button.clicked.connect(self.add_meeting)
        self.edit_meeting_button.clicked.connect(self.edit_meeting)
        self.delete_meeting_button.clicked.connect(self.delete_meeting)
        return tab

    def _closing_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            QLabel(
                "Результат программы — по критериям оценки эффективности наставнической "
                "деятельности (раздел 6):"
            )
        )
        self.closing_boxes: dict[str, FieldBox] = {}
        grid = QGridLayout()
        self.marks: dict[EvaluationCriterion, QComboBox] = {}
        self.mark_notes: dict[EvaluationCriterion, QLineEdit] = {}
        for row, criterion in enumerate(EvaluationCriterion):
            label = QLabel(criterion.label[:1].upper() + criterion.label[1:])
            label.setWordWrap(True)
            combo = QComboBox()
            combo.setObjectName(f"mark_{criterion.value}")
            combo.addItem("— оценка —", None)
            for mark in EvaluationMark:
                combo.addItem(mark.label, mark)
            note = QLineEdit()
            note.setObjectName(f"mark_note_{criterion.value}")
            note.setPlaceholderText("комментарий, показатели")
            box = FieldBox(combo)
            self.closing_boxes[f"evaluation.{criterion.value}"] = box
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(note, row, 2)
            self.marks[criterion] = combo
            self.mark_notes[criterion] = note
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        layout.addLayout(grid)
        form = QFormLayout()
        build = FormBuilder(form, self.closing_boxes)
        self.mentor_conclusion: QPlainTextEdit = build.text(
            "mentor_conclusion", "Выводы &наставника:", 55
        )
        self.mentee_conclusion: QPlainTextEdit = build.text(
            "mentee_conclusion", "Выводы на&ставляемого:", 55
        )
        self.closed_on = build.date("closed_on", "Дата &завершения:")
        layout.addLayout(form)
        self.closing_error = QLabel()
        self.closing_error.setObjectName("closing_error")
        self.closing_error.setStyleSheet("color: #b00020;")
        self.closing_error.setWordWrap(True)
        layout.addWidget(self.closing_error)
        buttons = QHBoxLayout()
        self.close_button = QPushButton("&Завершить программу")
        self.reopen_button = QPushButton("Вернуть в работу")
        self.stop_button = QPushButton("Прекратить &досрочно…")
        self.stop_button.setToolTip("Пара расторгнута или наставляемый уволился: план остаётся")
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()
        self.close_button.clicked.connect(self.close_program)
        self.reopen_button.clicked.connect(self.reopen_program)
        # Through a lambda: clicked(bool) would pass False as the reason, asking nothing.
        self.stop_button.clicked.connect(lambda: self.stop_program())
        return tab

    def _actions(self) -> None:
        def action(keys: list[str], slot: Callable[[], None]) -> QAction:
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        action(["Ctrl+N"], self.new_program)
        action(["F2"], self.edit_program)
        action(["Ctrl+Z"], self.undo)
        delete = QAction(self.plan)
        delete.setShortcut(QKeySequence("Del"))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_activity)
        self.plan.addAction(delete)
        enter = QAction(self.plan)
        enter.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(lambda: self.mark_activity())
        self.plan.addAction(enter)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Wrapped text needs row heights computed at the real column widths.
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_plan_columns)

    def _fit_plan_columns(self) -> None:
        # Fixed widths of the other columns left «Мероприятие» 50 px at 1366×768 and 125 %:
        # the activity's words, the main text of the plan, were cut to «Знако…».
        free = self.plan.viewport().width() - PLAN_NUMBER_WIDTH
        if free > 300:
            for column, share in PLAN_SHARES.items():
                self.plan.setColumnWidth(column, int(free * share))
        for table in (self.table, self.plan, self.meetings):
            table.resizeRowsToContents()

    # --- the list ----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_program_id()
        today = self.today()
        wanted = self.filter.currentData()
        rows = self.service.rows(today)
        if wanted == "active":
            rows = [r for r in rows if r.status is ProgramStatus.ACTIVE]
        elif wanted == "overdue":
            rows = [r for r in rows if r.status is ProgramStatus.ACTIVE and r.progress.overdue]
        elif wanted == "completed":
            rows = [r for r in rows if r.status is not ProgramStatus.ACTIVE]
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            overdue = row.progress.overdue if row.status is ProgramStatus.ACTIVE else 0
            values = (
                row.mentor,
                row.mentees,
                row.period,
                row.status.label,
                f"{row.progress.done} из {row.progress.total - row.progress.cancelled} "
                f"({row.progress.percent} %)",
                str(overdue) if overdue else "—",
            )
            for column, value in enumerate(values):
                item = _item(value, column >= 3)
                if overdue:
                    item.setBackground(OVERDUE_BRUSH)
                if column == 5 and overdue:
                    item.setToolTip("\n".join(row.overdue_items))
                self.table.setItem(number, column, item)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        if rows:
            ids = [r.id for r in rows]
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self._program_selected()

    def current_program_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def select_program(self, program_id: int) -> None:
        ids = [r.id for r in self.rows]
        if program_id not in ids:
            self.filter.setCurrentIndex(0)
            ids = [r.id for r in self.rows]
        if program_id in ids:
            self.table.selectRow(ids.index(program_id))

    def open_overview_item(self, item) -> None:  # type: ignore[no-untyped-def]
        """From «Обзор»: a program's line selects it; «close» opens its results tab."""
        if item.hint == "overdue":
            self.filter.setCurrentIndex(self.filter.findData("overdue"))
        if item.record_id is not None:
            self.select_program(item.record_id)
        if item.hint == "close":
            self.tabs.setCurrentIndex(2)
        elif item.hint == "no_program":
            self.new_program()

    def _program_selected(self) -> None:
        program_id = self.current_program_id()
        self.program = self.service.get(program_id) if program_id is not None else None
        has = self.program is not None
        for widget in (self.edit_button, self.docs_button, self.delete_button, self.tabs):
            widget.setEnabled(has)
        self._fill_plan()
        self._fill_meetings()
        self._fill_closing()

    def reload_program(self) -> None:
        """After a change in the tabs: the program and its line in the list."""
        self.refresh()
        self.changed.emit()

    # --- the plan ----------------------------------------------------------------------------

    def _fill_plan(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_activity_id()
        program = self.program
        activities = program.activities if program else []
        today = self.today()
        self.plan.setRowCount(len(activities))
        for row, a in enumerate(activities):
            mark = a.status.label
            if a.status is ActivityStatus.DONE and a.done_on:
                mark = f"выполнено {format_date(a.done_on)}"
            elif a.status is ActivityStatus.MOVED and a.planned_on:
                mark = f"перенесено с {format_date(a.planned_on)}"
            if is_overdue(a, today) and program and program.status is ProgramStatus.ACTIVE:
                mark += " — просрочено"
            product = a.evidence
            if a.attachments:
                product = "; ".join(
                    p
                    for p in (product, "файлы: " + ", ".join(f.file_name for f in a.attachments))
                    if p
                )
            values = (
                row + 1,
                a.content,
                a.form,
                format_date(a.due_on),
                a.responsible,
                mark,
                product,
            )
            for column, value in enumerate(values):
                item = _item(value, column in (0, 3))
                if is_overdue(a, today) and program and program.status is ProgramStatus.ACTIVE:
                    item.setBackground(OVERDUE_BRUSH)
                elif a.status is ActivityStatus.DONE:
                    item.setBackground(DONE_BRUSH)
                elif a.status is ActivityStatus.CANCELLED:
                    item.setForeground(MUTED_BRUSH)
                self.plan.setItem(row, column, item)
        self.plan.resizeRowsToContents()
        ids = [a.id for a in activities]
        if keep in ids:
            self.plan.selectRow(ids.index(keep))
        state = progress_of(activities, today)
        self.progress_bar.setValue(state.percent)
        self.progress_bar.setFormat("%p %")
        text = f"Выполнено {state.done} из {state.total - state.cancelled}"
        if state.cancelled:
            text += f" (отменено {state.cancelled})"
        if state.overdue and program and program.status is ProgramStatus.ACTIVE:
            text += f"; просрочено: {state.overdue}"
        self.progress_label.setText(text if program else "")
        editable = program is not None and program.status is ProgramStatus.ACTIVE
        for button in (
            self.add_activity_button,
            self.edit_activity_button,
            self.up_button,
            self.down_button,
            self.delete_activity_button,
            self.sort_button,
            self.mark_button,
            self.add_meeting_button,
        ):
            button.setEnabled(editable)

    def current_activity_id(self) -> int | None:
        if self.program is None:
            return None
        row = self.plan.currentRow()
        activities = self.program.activities
        return activities[row].id if 0 <= row < len(activities) else None

    def _current_activity(self):  # type: ignore[no-untyped-def]
        activity_id = self.current_activity_id()
        if self.program is None or activity_id is None:
            return None
        return next(a for a in self.program.activities if a.id == activity_id)

    def _push_undo(self, text: str, action: Callable[[], None]) -> None:
        self.undo_stack.append((text, action))
        self.undo_button.setEnabled(True)
        self.undo_button.setToolTip(f"Отменить: {text}")
        # «Отметка о выполнении. Отменить — Ctrl+Z.»: a sentence starts with a capital.
        self.status_message.emit(f"{text[:1].upper()}{text[1:]}. Отменить — Ctrl+Z.")

    def undo(self) -> None:
        if not self.undo_stack:
            return
        text, action = self.undo_stack.pop()
        try:
            action()
        except AppError as exc:
            QMessageBox.warning(self, "Отмена не удалась", exc.message)
        self.undo_button.setEnabled(bool(self.undo_stack))
        self.status_message.emit(f"Отменено: {text}.")
        self.reload_program()

    def mark_activity(self, dialog_hook: Callable[[StatusDialog], None] | None = None) -> None:
        activity = self._current_activity()
        if activity is None or not self.mark_button.isEnabled():
            return
        dialog = StatusDialog(self.service, activity, self.today(), self)
        if dialog_hook is not None:
            dialog_hook(dialog)
        elif dialog.exec() != StatusDialog.DialogCode.Accepted:
            self._fill_plan()  # files attached before «Отмена» are kept and shown
            return
        if dialog.before is not None:
            before, activity_id = dialog.before, activity.id
            self._push_undo(
                "отметка о выполнении",
                lambda: self.service.restore_status(activity_id, before),
            )
        self.reload_program()

    def add_activity(self) -> None:
        if self.program is None:
            return
        row = self.plan.currentRow()
        dialog = ActivityDialog(
            self.service, self.program.id, position=row + 1 if row >= 0 else None, parent=self
        )
        if dialog.exec() == ActivityDialog.DialogCode.Accepted and dialog.saved_id:
            new_id = dialog.saved_id
            self._push_undo(
                "добавление мероприятия",
                lambda: self.service.delete_activity(new_id) and None,
            )
            self.reload_program()
            self._fill_plan(new_id)

    def edit_activity(self) -> None:
        activity = self._current_activity()
        if activity is None or self.program is None:
            return
        dialog = ActivityDialog(self.service, self.program.id, activity, parent=self)
        if dialog.exec() == ActivityDialog.DialogCode.Accepted:
            self.reload_program()

    def move_activity(self, delta: int) -> None:
        activity_id = self.current_activity_id()
        if activity_id is None or not self.up_button.isEnabled():
            return
        if self.service.move_activity(activity_id, delta):
            self._push_undo(
                "перемещение мероприятия",
                lambda: self.service.move_activity(activity_id, -delta) and None,
            )
            self.reload_program()
            self._fill_plan(activity_id)

    def delete_activity(self) -> None:
        activity = self._current_activity()
        if activity is None or not self.delete_activity_button.isEnabled():
            return
        try:
            snapshot = self.service.delete_activity(activity.id)
        except AppError as exc:  # deleted or changed by someone else meanwhile
            QMessageBox.warning(self, "Удаление мероприятия", exc.message)
            self.reload_program()
            return
        self._push_undo(
            f"удаление мероприятия «{activity.content[:40]}»",
            lambda: self.service.restore_activity(snapshot) and None,
        )
        self.reload_program()

    def sort_plan(self) -> None:
        if self.program is None:
            return
        program_id = self.program.id
        before = self.service.sort_by_deadline(program_id)
        self._push_undo(
            "упорядочение плана по срокам", lambda: self.service.reorder(program_id, before)
        )
        self.reload_program()

    # --- meetings ----------------------------------------------------------------------------

    def _fill_meetings(self) -> None:
        program = self.program
        meetings = program.meetings if program else []
        titles = {a.id: a.content for a in program.activities} if program else {}
        self.meetings.setRowCount(len(meetings))
        for row, m in enumerate(meetings):
            values = (
                format_date(m.held_on),
                m.duration_minutes or "",
                m.topic,
                titles.get(m.activity_id or 0, ""),
                m.notes,
                m.curator_note,
            )
            for column, value in enumerate(values):
                self.meetings.setItem(row, column, _item(value, column < 2))
        self.meetings.resizeRowsToContents()
        minutes = sum(m.duration_minutes or 0 for m in meetings)
        self.meetings_summary.setText(
            f"Встреч: {len(meetings)}, всего {minutes // 60} ч {minutes % 60} мин. "
            "Заметки куратора в документы не попадают."
            if program
            else ""
        )

    def _current_meeting_id(self) -> int | None:
        row = self.meetings.currentRow()
        if self.program is None or not 0 <= row < len(self.program.meetings):
            return None
        return self.program.meetings[row].id

    def add_meeting(self) -> None:
        if self.program is None:
            return
        dialog = MeetingDialog(
            self.service,
            self.program.id,
            list(self.program.activities),
            today=self.today(),
            parent=self,
        )
        if dialog.exec() == MeetingDialog.DialogCode.Accepted:
            self.reload_program()

    def edit_meeting(self) -> None:
        meeting_id = self._current_meeting_id()
        if meeting_id is None or self.program is None:
            return
        dialog = MeetingDialog(
            self.service,
            self.program.id,
            list(self.program.activities),
            meeting_id,
            self.today(),
            self,
        )
        if dialog.exec() == MeetingDialog.DialogCode.Accepted:
            self.reload_program()

    def delete_meeting(self) -> None:
        meeting_id = self._current_meeting_id()
        if meeting_id is None:
            return
        snapshot = self.service.delete_meeting(meeting_id)
        self._push_undo("удаление встречи", lambda: self.service.restore_meeting(snapshot) and None)
        self.reload_program()

    # --- closing -----------------------------------------------------------------------------

    def _fill_closing(self) -> None:
        program = self.program
        show_errors(self.closing_boxes, {})
        self.closing_error.clear()
        if program is None:
            return
        # The version the closing page shows, checked when «Завершить» is pressed.
        self.closing_stamp = record_stamp(self.service.db, Program, program.id, "programme")
        draft = self.service.closing_draft(program.id)
        for criterion, combo in self.marks.items():
            mark, note = draft.evaluation.get(criterion.value, (None, ""))
            combo.setCurrentIndex(max(combo.findData(mark), 0) if mark else 0)
            self.mark_notes[criterion].setText(note)
        self.mentor_conclusion.setPlainText(draft.mentor_conclusion)
        self.mentee_conclusion.setPlainText(draft.mentee_conclusion)
        self.closed_on.setText(draft.closed_on or format_date(min(self.today(), program.end_on)))
        active = program.status is ProgramStatus.ACTIVE
        if program.status is ProgramStatus.STOPPED:
            self.closing_error.setText(
                f"Программа прекращена досрочно {format_date(program.closed_on)}: "
                f"{program.stop_reason}"
            )
        self.close_button.setEnabled(active)
        self.stop_button.setEnabled(active)
        self.reopen_button.setEnabled(not active)

    def closing(self) -> ClosingDraft:
        return ClosingDraft(
            closed_on=self.closed_on.text(),
            evaluation={
                c.value: (combo.currentData(), self.mark_notes[c].text())
                for c, combo in self.marks.items()
            },
            mentor_conclusion=self.mentor_conclusion.toPlainText(),
            mentee_conclusion=self.mentee_conclusion.toPlainText(),
        )

    def close_program(self) -> None:
        if self.program is None:
            return
        program_id = self.program.id
        try:
            self.service.close(
                program_id, self.closing(), self.today(), getattr(self, "closing_stamp", None)
            )
        except ValidationError as exc:
            first = show_errors(self.closing_boxes, exc.errors)
            self.closing_error.setText(exc.errors.get("activities", ""))
            if first is not None:
                first.field.setFocus()
            return
        except AppError as exc:
            # Someone else changed the program meanwhile: the typed conclusions stay on the page.
            self.closing_error.setText(exc.message)
            return
        self._push_undo("завершение программы", lambda: self.service.reopen(program_id))
        self.status_message.emit("Программа завершена: итоги сохранены.")
        self.reload_program()

    def stop_program(self, reason: str | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        if self.program is None:
            return
        program_id = self.program.id
        if reason is None:
            reason, accepted = QInputDialog.getText(
                self,
                "Прекратить программу досрочно",
                "Причина (пара расторгнута, наставляемый уволился…):",
            )
            if not accepted:
                return
        try:
            self.service.stop(program_id, reason, self.closed_on.text(), self.today())
        except ValidationError as exc:
            show_errors(self.closing_boxes, exc.errors)
            self.closing_error.setText(exc.errors.get("stop_reason", ""))
            return
        self._push_undo("досрочное прекращение программы", lambda: self.service.reopen(program_id))
        self.reload_program()

    def reopen_program(self) -> None:
        if self.program is None:
            return
        self.service.reopen(self.program.id)
        self.reload_program()

    # --- the program as a whole --------------------------------------------------------------

    def new_program(self) -> None:
        from desktop_app.ui.program_wizard import ProgramWizard

        program_id, accepted = ProgramWizard.run(self.db, self)
        if accepted and program_id:
            self.filter.setCurrentIndex(0)
            self.reload_program()
            self.select_program(program_id)
            self.status_message.emit("Программа сохранена.")

    def new_program_for_pair(self, pair_id: int) -> None:
        """For the pairs section: «Программа…» on a pair opens its program or the wizard."""
        from desktop_app.ui.program_wizard import ProgramWizard

        existing = self.service.programs_of_pair(pair_id)
        if existing:
            self.filter.setCurrentIndex(0)
            self.select_program(existing[-1])
            return
        program_id, accepted = ProgramWizard.run(self.db, self, pair_id=pair_id)
        if accepted and program_id:
            self.reload_program()
            self.select_program(program_id)

    def edit_program(self) -> None:
        from desktop_app.ui.program_wizard import ProgramWizard

        program_id = self.current_program_id()
        if program_id is None:
            return
        _saved, accepted = ProgramWizard.run(self.db, self, program_id=program_id)
        if accepted:
            self.reload_program()

    def delete_program(self) -> None:
        program_id = self.current_program_id()
        if program_id is None:
            return
        if (
            QMessageBox.question(
                self,
                "Удалить программу",
                "Удалить программу вместе с планом, отметками, файлами и журналом встреч? "
                "Это нельзя отменить. Завершённую программу лучше оставить: она нужна для "
                "отчётов.",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.service.delete(program_id)
        self.reload_program()

    def export(self, key: str, folder: Path | None = None) -> list[Path]:
        """Make a document of the selected program (or of all programs) in a chosen folder."""
        from desktop_app.export.registry import ExportOptions, get_kind

        settings = QSettings()
        if folder is None:
            start = str(settings.value(EXPORT_FOLDER_KEY, str(Path.home())))
            chosen = QFileDialog.getExistingDirectory(self, "Папка для документа", start)
            if not chosen:
                return []
            folder = Path(chosen)
        settings.setValue(EXPORT_FOLDER_KEY, str(folder))
        extra: dict[str, object] = {}
        if key != "programs-status" and self.program is not None:
            extra["program_ids"] = [self.program.id]
        options = ExportOptions(today=self.today(), extra=extra)
        try:
            paths = get_kind(key).build(self.db, folder, options, lambda *_: True)
        except AppError as exc:
            QMessageBox.warning(self, "Документ не сформирован", exc.message)
            return []
        self.status_message.emit("Сохранено: " + ", ".join(p.name for p in paths))
        return paths


def programs_section(window) -> ProgramsSection:  # type: ignore[no-untyped-def]
    """The section for the main window: its messages go to the status bar, its changes to the
    other sections (the overview counts overdue activities)."""
    section = ProgramsSection(window.db)
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    section.changed.connect(window.data_changed)
    return section
