"""The program wizard: six steps from the pair to a saved program.

Every step is checked before «Далее» by the service (``validate_step``) and the messages stand
under their fields. What was typed lives in one ``ProgramDraft``: a step writes into it when it
is left in either direction, so «Назад» loses nothing, and the draft is saved to the database
at every step change, every few seconds while typing and when the wizard is closed — a closed
window or a crash leaves a draft that the next start offers to continue.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.errors import AppError
from desktop_app.models import DeficitCategory, Program
from desktop_app.models.db import Database
from desktop_app.services.concurrency import record_stamp
from desktop_app.services.program_catalogue import (
    ACTIVITY_FORMS,
    ActivityTemplate,
    deadline_in,
    templates_for,
)
from desktop_app.services.programs import (
    ActivityDraft,
    ProgramDraft,
    ProgramService,
    length_in_words,
    program_end,
    validate_step,
)
from desktop_app.services.validation import FieldError, format_date, parse_date
from desktop_app.ui.widgets import ERROR_STYLE, FieldBox, FormBuilder, fit_to_screen, show_errors

AUTOSAVE_MS = 4000


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-–•") for line in text.splitlines() if line.strip(" \t-–•")]


def _date(text: str) -> dt.date | None:
    try:
        return parse_date(text, "Дата", allow_future=True)
    except FieldError:
        return None


class _Page(QWizardPage):
    step = ""

    def __init__(self, wizard: ProgramWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.boxes: dict[str, FieldBox] = {}

    def load(self, draft: ProgramDraft) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def store(self, draft: ProgramDraft) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def show_step_errors(self, errors: dict[str, str]) -> None:
        first = show_errors(self.boxes, errors)
        if first is not None:
            first.field.setFocus()

    def validatePage(self) -> bool:
        self.store(self.owner.draft)
        errors = validate_step(self.owner.draft, self.step) if self.step else {}
        self.show_step_errors(errors)
        self.owner.save_draft()
        return not errors

    def changed(self) -> None:
        self.owner.mark_dirty()


# --- 1. participants, form, period ------------------------------------------------------------


class ParticipantsPage(_Page):
    step = "participants"

    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(
            wizard,
            "Участники, форма и срок",
            "Пара или группа, для которой составляется программа, и срок её реализации "
            "(от 3 месяцев до 1 года).",
        )
        form = QFormLayout(self)
        build = FormBuilder(form, self.boxes)
        self.pair = build.combo("pair_id", "Пара или &группа:", [])
        self.pair.setObjectName("pair")
        self.mentees = QListWidget()
        self.mentees.setObjectName("mentees")
        self.mentees.setMaximumHeight(90)
        build.add("mentee_ids", "Наставляемые:", self.mentees)
        self.mentor_label = QLabel()
        build.add("mentor_id", "Наставник:", self.mentor_label)
        self.form_edit = build.line("form", "&Форма наставничества:")
        self.kinds_edit = build.line("kinds", "&Вид наставничества:")
        self.directions_edit = build.line("directions", "Н&аправление:")
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        self.start = QLineEdit()
        self.start.setObjectName("start_on")
        self.start.setPlaceholderText("ДД.ММ.ГГГГ")
        self.start.setMaximumWidth(120)
        self.months = QSpinBox()
        self.months.setObjectName("months")
        self.months.setRange(3, 12)
        self.months.setSuffix(" мес.")
        self.months.setToolTip("Срок программы: от 3 до 12 месяцев; меняет дату окончания")
        self.end = QLineEdit()
        self.end.setObjectName("end_on")
        self.end.setPlaceholderText("ДД.ММ.ГГГГ")
        self.end.setMaximumWidth(120)
        self.length = QLabel()
        for widget in (QLabel("с"), self.start, self.months, QLabel("по"), self.end, self.length):
            row.addWidget(widget)
        row.addStretch()
        build.add("start_on", "&Срок программы:", period)
        self.boxes["end_on"] = self.boxes["start_on"]  # one row shows both dates' messages
        self._pairs: list[tuple[int, str, int, list[tuple[int, str]]]] = []
        self.pair.currentIndexChanged.connect(self._pair_chosen)
        self.months.valueChanged.connect(self._months_changed)
        for edit in (self.start, self.end):
            edit.textEdited.connect(self._dates_typed)
        for edit in (self.form_edit, self.kinds_edit, self.directions_edit):
            edit.textEdited.connect(self.changed)
        self.mentees.itemChanged.connect(self.changed)

    def show_step_errors(self, errors: dict[str, str]) -> None:
        if "end_on" in errors and "start_on" not in errors:
            errors = {**errors, "start_on": errors["end_on"]}
        super().show_step_errors(errors)

    def fill_pairs(self, pairs: list[tuple[int, str, int, list[tuple[int, str]]]]) -> None:
        """(pair id, label, mentor id, [(mentee id, name)]) for every open pair."""
        self._pairs = pairs
        self.pair.blockSignals(True)
        self.pair.clear()
        self.pair.addItem("— выберите пару или группу —", None)
        for pair_id, label, _mentor, _mentees in pairs:
            self.pair.addItem(label, pair_id)
        self.pair.blockSignals(False)

    def load(self, draft: ProgramDraft) -> None:
        self.pair.blockSignals(True)
        index = self.pair.findData(draft.pair_id) if draft.pair_id is not None else 0
        self.pair.setCurrentIndex(max(index, 0))
        self.pair.blockSignals(False)
        self._show_people(draft.mentee_ids)
        self.form_edit.setText(draft.form)
        self.kinds_edit.setText(draft.kinds)
        self.directions_edit.setText(draft.directions)
        self.start.setText(draft.start_on)
        self.end.setText(draft.end_on)
        self._sync_months()

    def _current(self) -> tuple[int, str, int, list[tuple[int, str]]] | None:
        pair_id = self.pair.currentData()
        return next((p for p in self._pairs if p[0] == pair_id), None)

    def _show_people(self, checked: list[int]) -> None:
        current = self._current()
        self.mentees.blockSignals(True)
        self.mentees.clear()
        if current is None:
            self.mentor_label.setText("—")
        else:
            self.mentor_label.setText(self.owner.person_names.get(current[2], ""))
            for mentee_id, name in current[3]:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, mentee_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = not checked or mentee_id in checked
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.mentees.addItem(item)
        self.mentees.blockSignals(False)

    def _pair_chosen(self) -> None:
        current = self._current()
        if current is None:
            self._show_people([])
            return
        # A new pair brings its own people, form, period and difficulties.
        fresh = self.owner.service.draft_for_pair(current[0])
        draft = self.owner.draft
        draft.pair_id = fresh.pair_id
        draft.mentor_id = fresh.mentor_id
        draft.mentee_ids = fresh.mentee_ids
        for name in ("form", "kinds", "directions", "start_on", "end_on", "difficulties"):
            setattr(draft, name, getattr(fresh, name))
        if not draft.activities:
            draft.activities = fresh.activities
        self.load(draft)
        self.owner.reload_later_pages()
        self.changed()

    def _sync_months(self) -> None:
        start, end = _date(self.start.text()), _date(self.end.text())
        if start and end and end >= start:
            self.length.setText(length_in_words(start, end))
            for months in range(3, 13):
                if program_end(start, months) == end:
                    self.months.blockSignals(True)
                    self.months.setValue(months)
                    self.months.blockSignals(False)
        else:
            self.length.setText("")

    def _months_changed(self, months: int) -> None:
        start = _date(self.start.text())
        if start:
            self.end.setText(format_date(program_end(start, months)))
            self._sync_months()
            self.changed()

    def _dates_typed(self) -> None:
        self._sync_months()
        self.changed()

    def store(self, draft: ProgramDraft) -> None:
        current = self._current()
        draft.pair_id = current[0] if current else None
        draft.mentor_id = current[2] if current else draft.mentor_id if draft.pair_id else None
        draft.mentee_ids = [
            self.mentees.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.mentees.count())
            if self.mentees.item(i).checkState() == Qt.CheckState.Checked
        ]
        draft.form = self.form_edit.text()
        draft.kinds = self.kinds_edit.text()
        draft.directions = self.directions_edit.text()
        old_start, old_end = _date(draft.start_on), _date(draft.end_on)
        draft.start_on = self.start.text()
        draft.end_on = self.end.text()
        start, end = _date(draft.start_on), _date(draft.end_on)
        if old_start and old_end and start and end and (old_start, old_end) != (start, end):
            self.owner.fit_plan_to_period(old_start, old_end, start, end)

    def validatePage(self) -> bool:
        if self.pair.currentData() is None:
            message = (
                "Пара или группа: выберите, для кого программа."
                if self._pairs
                else "Нет действующих пар и групп: сначала сформируйте пару или группу "
                "в разделе «Пары и группы»."
            )
            self.show_step_errors({"pair_id": message})
            return False
        return super().validatePage()


# --- 2. difficulties and strengths ------------------------------------------------------------


class DifficultiesPage(_Page):
    step = "difficulties"

    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(
            wizard,
            "Затруднения и сильные стороны",
            "Профессиональные затруднения наставляемого взяты из его карточки — уточните их. "
            "Программа нацелена на их устранение и на поддержку сильных сторон.",
        )
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.checks: dict[DeficitCategory, QCheckBox] = {}
        self.notes: dict[DeficitCategory, QLineEdit] = {}
        for row, category in enumerate(DeficitCategory):
            check = QCheckBox(category.label)
            check.setObjectName(f"difficulty_{category.value}")
            note = QLineEdit()
            note.setObjectName(f"difficulty_note_{category.value}")
            note.setPlaceholderText("в чём именно затруднение")
            check.toggled.connect(self.changed)
            note.textEdited.connect(self.changed)
            grid.addWidget(check, row, 0)
            grid.addWidget(note, row, 1)
            self.checks[category] = check
            self.notes[category] = note
        grid.setColumnStretch(1, 1)
        holder = QWidget()
        holder.setLayout(grid)
        self.boxes["difficulties"] = FieldBox(holder)
        layout.addWidget(self.boxes["difficulties"])
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        self.strengths = build.text("strengths", "&Сильные стороны:", 70)
        self.strengths.textChanged.connect(self.changed)
        layout.addLayout(form)
        layout.addStretch()

    def load(self, draft: ProgramDraft) -> None:
        chosen = dict(draft.difficulties)
        for category, check in self.checks.items():
            check.setChecked(category.value in chosen)
            self.notes[category].setText(chosen.get(category.value, ""))
        self.strengths.setPlainText(draft.strengths)

    def store(self, draft: ProgramDraft) -> None:
        draft.difficulties = [
            (category.value, self.notes[category].text().strip())
            for category, check in self.checks.items()
            if check.isChecked()
        ]
        draft.strengths = self.strengths.toPlainText()


# --- 3. goal and tasks ------------------------------------------------------------------------


class GoalPage(_Page):
    step = "goal"

    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(wizard, "Цель и задачи", "Одна цель; задачи — по одной в строке.")
        form = QFormLayout(self)
        build = FormBuilder(form, self.boxes)
        self.goal = build.text("goal", "&Цель:", 70)
        self.tasks = build.text("tasks", "&Задачи:", 150)
        self.tasks.setTabChangesFocus(False)
        for edit in (self.goal, self.tasks):
            edit.textChanged.connect(self.changed)

    def load(self, draft: ProgramDraft) -> None:
        self.goal.setPlainText(draft.goal)
        self.tasks.setPlainText("\n".join(draft.tasks))

    def store(self, draft: ProgramDraft) -> None:
        draft.goal = self.goal.toPlainText()
        draft.tasks = _lines(self.tasks.toPlainText())


# --- 4. the plan ------------------------------------------------------------------------------

PLAN_COLUMNS = ("Содержание мероприятия", "Форма", "Срок", "Ответственный", "Ожидаемый результат")
_FIELDS = ("content", "form", "due_on", "responsible", "expected_result")


class LibraryDialog(QDialog):
    """Typical activities to pick from: the targeted difficulties first."""

    def __init__(self, templates: list[ActivityTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Библиотека типовых мероприятий")
        self.templates = templates
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Отметьте мероприятия и нажмите «Добавить в план»:"))
        self.list = QListWidget()
        self.list.setObjectName("library")
        for template in templates:
            group = DeficitCategory(template.category).label if template.category else "общие"
            item = QListWidgetItem(f"[{group}] {template.content} — {template.form}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(f"Ожидаемый результат: {template.expected_result}")
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Добавить в план")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 520)

    def chosen(self) -> list[ActivityTemplate]:
        return [
            t
            for i, t in enumerate(self.templates)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


class PlanPage(_Page):
    step = "plan"

    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(
            wizard,
            "План мероприятий",
            "Каждое мероприятие — содержание, форма, срок внутри срока программы, "
            "ответственный и ожидаемый результат. Типовые мероприятия — в библиотеке.",
        )
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Добавить")
        self.library_button = QPushButton("Из &библиотеки…")
        self.up_button = QPushButton("В&верх")
        self.down_button = QPushButton("В&низ")
        self.delete_button = QPushButton("&Удалить")
        self.sort_button = QPushButton("По &срокам")
        self.delete_button.setToolTip("Удалить строку (Del); вернуть — Ctrl+Z")
        for button in (
            self.add_button,
            self.library_button,
            self.up_button,
            self.down_button,
            self.delete_button,
            self.sort_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.table = QTableWidget(0, len(PLAN_COLUMNS))
        self.table.setObjectName("plan")
        self.table.setHorizontalHeaderLabels(PLAN_COLUMNS)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 90)
        self.table.setColumnWidth(3, 130)
        layout.addWidget(self.table)
        self.errors = QLabel()
        self.errors.setObjectName("plan_errors")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        layout.addWidget(self.errors)
        self._deleted: list[tuple[int, ActivityDraft]] = []
        self._ids: list[int | None] = []
        self._categories: list[str] = []
        self.add_button.clicked.connect(lambda: self.add_row(ActivityDraft(), select=True))
        self.library_button.clicked.connect(self.from_library)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button.clicked.connect(self.delete_row)
        self.sort_button.clicked.connect(self.sort_by_deadline)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_row)
        QShortcut(QKeySequence("Ctrl+Z"), self, self.undo_delete)
        self.table.itemChanged.connect(self.changed)

    # rows <-> drafts

    def add_row(self, activity: ActivityDraft, at: int | None = None, select: bool = False) -> int:
        row = self.table.rowCount() if at is None else at
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self._ids.insert(row, activity.id)
        self._categories.insert(row, activity.category)
        for column, name in enumerate(_FIELDS):
            if name == "form":
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(ACTIVITY_FORMS)
                combo.setCurrentText(activity.form)
                combo.currentTextChanged.connect(self.changed)
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(getattr(activity, name)))
        self.table.blockSignals(False)
        self.table.resizeRowToContents(row)
        if select:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))
        self.changed()
        return row

    def row_draft(self, row: int) -> ActivityDraft:
        values: dict[str, str] = {}
        for column, name in enumerate(_FIELDS):
            if name == "form":
                combo = self.table.cellWidget(row, column)
                values[name] = combo.currentText() if isinstance(combo, QComboBox) else ""
            else:
                item = self.table.item(row, column)
                values[name] = item.text() if item else ""
        return ActivityDraft(**values, category=self._categories[row], id=self._ids[row])

    def load(self, draft: ProgramDraft) -> None:
        self.table.setRowCount(0)
        self._ids.clear()
        self._categories.clear()
        for activity in draft.activities:
            self.add_row(activity)

    def store(self, draft: ProgramDraft) -> None:
        draft.activities = [self.row_draft(row) for row in range(self.table.rowCount())]

    # editing

    def _reload(self, activities: list[ActivityDraft], current: int) -> None:
        draft = ProgramDraft(activities=activities)
        self.load(draft)
        if activities:
            self.table.setCurrentCell(max(0, min(current, len(activities) - 1)), 0)
        self.changed()

    def move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        activities = [self.row_draft(r) for r in range(self.table.rowCount())]
        activities.insert(target, activities.pop(row))
        self._reload(activities, target)

    def delete_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self._deleted.append((row, self.row_draft(row)))
        self.table.removeRow(row)
        self._ids.pop(row)
        self._categories.pop(row)
        self.owner.setStatus(
            f"Мероприятие удалено из плана. Вернуть — Ctrl+Z ({len(self._deleted)})."
        )
        self.changed()

    def undo_delete(self) -> None:
        if not self._deleted:
            return
        row, activity = self._deleted.pop()
        self.add_row(activity, at=min(row, self.table.rowCount()))
        self.table.setCurrentCell(row, 0)
        self.owner.setStatus("Мероприятие возвращено в план.")

    def sort_by_deadline(self) -> None:
        activities = [self.row_draft(r) for r in range(self.table.rowCount())]
        activities.sort(key=lambda a: _date(a.due_on) or dt.date.max)
        self._reload(activities, 0)

    def from_library(self) -> None:
        self.owner.pages()["difficulties"].store(self.owner.draft)
        self.owner.pages()["participants"].store(self.owner.draft)
        categories = [DeficitCategory(c) for c, _ in self.owner.draft.difficulties]
        dialog = LibraryDialog(templates_for(categories), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add_templates(dialog.chosen())

    def add_templates(self, templates: list[ActivityTemplate]) -> None:
        start = _date(self.owner.draft.start_on) or dt.date.today()
        end = _date(self.owner.draft.end_on) or program_end(start, 9)
        for template in templates:
            self.add_row(
                ActivityDraft(
                    content=template.content,
                    form=template.form,
                    due_on=format_date(deadline_in(start, end, template.when)),
                    responsible=template.responsible,
                    expected_result=template.expected_result,
                    category=template.category,
                )
            )

    def show_step_errors(self, errors: dict[str, str]) -> None:
        messages = []
        for row in range(self.table.rowCount()):
            for column, name in enumerate(_FIELDS):
                message = errors.get(f"activity.{row}.{name}")
                widget = self.table.cellWidget(row, column)
                item = self.table.item(row, column)
                if message:
                    messages.append(message)
                if item is not None:
                    item.setBackground(QColor("#fbe3e3") if message else QColor(0, 0, 0, 0))
                    item.setToolTip(message or "")
                if widget is not None:
                    widget.setStyleSheet("border: 1px solid #b00020;" if message else "")
        if "activities" in errors:
            messages.insert(0, errors["activities"])
        shown = messages[:6]
        if len(messages) > 6:
            shown.append(f"… и ещё {len(messages) - 6}")
        self.errors.setText("\n".join(shown))
        first = next(
            (
                (row, column)
                for row in range(self.table.rowCount())
                for column, name in enumerate(_FIELDS)
                if f"activity.{row}.{name}" in errors
            ),
            None,
        )
        if first is not None:
            self.table.setCurrentCell(*first)
            self.table.setFocus()


# --- 5. expected results ----------------------------------------------------------------------


class ResultsPage(_Page):
    step = "results"

    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(
            wizard,
            "Ожидаемые результаты",
            "Что изменится у наставляемого к концу программы и как это будет оценено.",
        )
        form = QFormLayout(self)
        build = FormBuilder(form, self.boxes)
        self.results = build.text("expected_results", "&Ожидаемые результаты:", 120)
        self.results.setTabChangesFocus(False)
        self.results.setToolTip("По одному результату в строке")
        self.methods = build.text("evaluation_methods", "&Способы оценки:", 90)
        self.approved = build.date("approved_on", "Дата &утверждения:")
        for edit in (self.results, self.methods):
            edit.textChanged.connect(self.changed)
        self.approved.textEdited.connect(self.changed)

    def load(self, draft: ProgramDraft) -> None:
        self.results.setPlainText("\n".join(draft.expected_results))
        self.methods.setPlainText(draft.evaluation_methods)
        self.approved.setText(draft.approved_on)

    def store(self, draft: ProgramDraft) -> None:
        draft.expected_results = _lines(self.results.toPlainText())
        draft.evaluation_methods = self.methods.toPlainText()
        draft.approved_on = self.approved.text()


# --- 6. review --------------------------------------------------------------------------------


class ReviewPage(_Page):
    def __init__(self, wizard: ProgramWizard) -> None:
        super().__init__(
            wizard,
            "Проверка и сохранение",
            "Проверьте программу. «Назад» вернёт к любому шагу, ничего не теряя.",
        )
        layout = QVBoxLayout(self)
        self.view = QTextBrowser()
        self.view.setObjectName("review")
        layout.addWidget(self.view)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.view.setHtml(self.owner.summary_html())

    def load(self, draft: ProgramDraft) -> None:
        pass

    def store(self, draft: ProgramDraft) -> None:
        pass

    def validatePage(self) -> bool:
        try:
            self.owner.save_program()
        except AppError as exc:
            self.error.setText(exc.message)
            return False
        return True


# --- the wizard -------------------------------------------------------------------------------


class ProgramWizard(QWizard):
    def __init__(
        self,
        db: Database,
        draft: ProgramDraft,
        *,
        draft_id: int | None = None,
        program_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.service = ProgramService(db)
        self.draft = draft
        self.draft_id = draft_id
        self.program_id = program_id
        # The version of the program when the wizard opened: a save over someone else's
        # newer change is refused on the last page (the wizard keeps everything typed).
        self.stamp = (
            record_stamp(db, Program, program_id, "programme") if program_id is not None else None
        )
        self.saved_program_id: int | None = None
        self._dirty = False
        self.setObjectName("program_wizard")
        self.setWindowTitle(
            "Изменение программы наставничества"
            if program_id
            else "Новая персонализированная программа наставничества"
        )
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Далее >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Назад")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Сохранить программу")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Отмена")
        self.person_names = self._person_names()
        self._pages: dict[str, _Page] = {}
        for key, page in (
            ("participants", ParticipantsPage(self)),
            ("difficulties", DifficultiesPage(self)),
            ("goal", GoalPage(self)),
            ("plan", PlanPage(self)),
            ("results", ResultsPage(self)),
            ("review", ReviewPage(self)),
        ):
            self._pages[key] = page
            self.addPage(page)
        participants = self._pages["participants"]
        assert isinstance(participants, ParticipantsPage)
        participants.fill_pairs(self._open_pairs())
        for page in self._pages.values():
            page.load(draft)
        self.status = QLabel()
        self.status.setObjectName("wizard_status")
        self.currentIdChanged.connect(self._page_changed)
        self._last_page = self.currentId()
        self._timer = QTimer(self)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self._autosave)
        self._timer.start()
        fit_to_screen(self, 980, 680)

    # the data the first page offers

    def _person_names(self) -> dict[int, str]:
        from desktop_app.models import Person

        with self.db.session() as session:
            return {p.id: p.full_name for p in session.query(Person)}

    def _open_pairs(self) -> list[tuple[int, str, int, list[tuple[int, str]]]]:
        from desktop_app.services.pairs import PairFilter, PairService

        service = PairService(self.db)
        result = []
        for row in service.list_rows(PairFilter(open_only=True)):
            pair = service.get(row.id)
            mentees = [(m.mentee_id, m.mentee.full_name) for m in pair.memberships]
            label = f"{'Группа' if row.is_group else 'Пара'}: {pair.label} ({row.form.label})"
            result.append((row.id, label, row.mentor_id, mentees))
        if self.draft.pair_id is not None and self.draft.pair_id not in {p[0] for p in result}:
            # A program of a pair that has since ended is still edited against its pair.
            try:
                pair = service.get(self.draft.pair_id)
                mentees = [(m.mentee_id, m.mentee.full_name) for m in pair.memberships]
                result.append(
                    (pair.id, f"{pair.label} ({pair.status.label})", pair.mentor_id, mentees)
                )
            except AppError:
                pass
        return result

    def pages(self) -> dict[str, _Page]:
        return self._pages

    def setStatus(self, text: str) -> None:
        self.status.setText(text)
        self.setWindowTitle(self.windowTitle().split(" — ")[0] + (f" — {text}" if text else ""))

    def fit_plan_to_period(
        self, old_start: dt.date, old_end: dt.date, start: dt.date, end: dt.date
    ) -> None:
        """The period changed: deadlines keep their place in the program (a line at its
        middle stays at the middle), so the plan does not fall outside the new period."""
        if old_end <= old_start or end < start:
            return
        plan = self._pages["plan"]
        plan.store(self.draft)
        moved = 0
        for activity in self.draft.activities:
            due = _date(activity.due_on)
            if due is None or not old_start <= due <= old_end:
                continue
            share = (due - old_start).days / (old_end - old_start).days
            new_due = format_date(deadline_in(start, end, share))
            if new_due != activity.due_on:
                activity.due_on = new_due
                moved += 1
        if moved:
            plan.load(self.draft)
            self.setStatus(f"Сроки {moved} мероприятий приведены к новому сроку программы")

    def reload_later_pages(self) -> None:
        for key in ("difficulties", "plan"):
            self._pages[key].load(self.draft)

    # the draft, kept safe

    def mark_dirty(self) -> None:
        self._dirty = True

    def _store_all(self) -> None:
        for page in self._pages.values():
            page.store(self.draft)

    def _page_changed(self, new_id: int) -> None:
        # Leaving a page by «Назад» keeps what was typed there too.
        old = self.page(self._last_page)
        if isinstance(old, _Page):
            old.store(self.draft)
        self._last_page = new_id
        self.save_draft()

    def _autosave(self) -> None:
        if self._dirty:
            self._store_all()
            self.save_draft()

    def save_draft(self) -> None:
        if self.saved_program_id is not None:
            return
        try:
            self.draft_id = self.service.save_wizard_draft(
                self.draft, draft_id=self.draft_id, program_id=self.program_id
            )
            self._dirty = False
        except AppError:
            pass  # the next step or close tries again; the typed text stays on screen

    def summary_html(self) -> str:
        from html import escape

        self._store_all()
        d = self.draft
        names = [self.person_names.get(i, "") for i in d.mentee_ids]
        rows = "".join(
            f"<tr><td>{n}</td><td>{escape(a.content)}</td><td>{escape(a.form)}</td>"
            f"<td>{escape(a.due_on)}</td><td>{escape(a.responsible)}</td></tr>"
            for n, a in enumerate(d.activities, start=1)
        )
        difficulties = "; ".join(
            DeficitCategory(c).label + (f" ({escape(n)})" if n else "") for c, n in d.difficulties
        )
        tasks = "".join(f"<li>{escape(t)}</li>" for t in d.tasks)
        results = "".join(f"<li>{escape(r)}</li>" for r in d.expected_results)
        return (
            f"<p><b>Наставник:</b> {escape(self.person_names.get(d.mentor_id or 0, ''))}<br>"
            f"<b>Наставляемые:</b> {escape(', '.join(names))}<br>"
            f"<b>Форма:</b> {escape(d.form)}; <b>вид:</b> {escape(d.kinds)}<br>"
            f"<b>Срок:</b> с {escape(d.start_on)} по {escape(d.end_on)}</p>"
            f"<p><b>Затруднения:</b> {difficulties or '—'}</p>"
            f"<p><b>Цель:</b> {escape(d.goal)}</p><p><b>Задачи:</b></p><ol>{tasks}</ol>"
            f"<p><b>План мероприятий ({len(d.activities)}):</b></p>"
            "<table border='1' cellspacing='0' cellpadding='3'><tr><th>№</th>"
            "<th>Мероприятие</th><th>Форма</th><th>Срок</th><th>Ответственный</th></tr>"
            f"{rows}</table><p><b>Ожидаемые результаты:</b></p><ul>{results}</ul>"
        )

    def save_program(self) -> int:
        self._store_all()
        if self.program_id is not None:
            self.service.update(self.program_id, self.draft, self.stamp)
            self.stamp = record_stamp(self.db, Program, self.program_id, "programme")
            program_id = self.program_id
        else:
            program_id = self.service.create(self.draft)
        self.saved_program_id = program_id
        if self.draft_id is not None:
            self.service.discard_wizard_draft(self.draft_id)
            self.draft_id = None
        return program_id

    def reject(self) -> None:
        self._store_all()
        self.save_draft()
        self._timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._store_all()
        self.save_draft()
        super().closeEvent(event)

    @classmethod
    def run(
        cls,
        db: Database,
        parent: QWidget | None = None,
        *,
        pair_id: int | None = None,
        program_id: int | None = None,
    ) -> tuple[int | None, bool]:
        """Open the wizard for a pair, a program to edit, or a new one; offer a saved draft."""
        wizard = cls.prepare(db, parent, pair_id=pair_id, program_id=program_id)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        return wizard.saved_program_id, accepted

    @classmethod
    def prepare(
        cls,
        db: Database,
        parent: QWidget | None = None,
        *,
        pair_id: int | None = None,
        program_id: int | None = None,
        resume: bool | None = None,
    ) -> ProgramWizard:
        """The wizard ready to show. ``resume``: continue a saved draft (None = ask)."""
        from PySide6.QtWidgets import QMessageBox

        service = ProgramService(db)
        found = (
            service.find_wizard_draft(program_id=program_id)
            if program_id is not None
            else service.find_wizard_draft(pair_id=pair_id)
            if pair_id is not None
            else None
        )
        if found is not None and resume is None:
            answer = QMessageBox.question(
                parent,
                "Черновик программы",
                "Есть несохранённый черновик этой программы (мастер был закрыт, не дойдя до "
                "конца). Продолжить с черновика?\n\n«Нет» — начать заново (черновик будет "
                "удалён).",
            )
            resume = answer == QMessageBox.StandardButton.Yes
        if found is not None and resume:
            return cls(db, found[1], draft_id=found[0], program_id=program_id, parent=parent)
        if found is not None:
            service.discard_wizard_draft(found[0])
        if program_id is not None:
            draft = service.draft_of(program_id)
        elif pair_id is not None:
            draft = service.draft_for_pair(pair_id)
        else:
            draft = ProgramDraft(start_on=format_date(dt.date.today()))
        return cls(db, draft, program_id=program_id, parent=parent)
