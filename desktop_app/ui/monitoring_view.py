"""«Мониторинг»: indicators for a period against the one before, charts, the mentees' results
and the questionnaires (seed 003 section 5, seed 000 4.3.4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.db import Database
from desktop_app.models.monitoring import MenteeResult, QuestionKind
from desktop_app.services import charts
from desktop_app.services import indicators as ind
from desktop_app.services.monitoring import (
    MonitoringService,
    QuestionDraft,
    ResponseDraft,
    ResultDraft,
)
from desktop_app.services.validation import FieldError, format_date, parse_date
from desktop_app.ui.charts import ChartWidget, connect_to_reports, render_png
from desktop_app.ui.widgets import ERROR_STYLE, FieldBox, FormBuilder, fit_to_screen, show_errors

QUARTER, SCHOOL_YEAR, RANGE = "quarter", "year", "range"


def _item(text: str, *, bold: bool = False, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class PeriodPicker(QWidget):
    """Квартал / учебный год / произвольный период; says what is wrong with a typed date."""

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        self.kind.addItem("Квартал", QUARTER)
        self.kind.addItem("Учебный год", SCHOOL_YEAR)
        self.kind.addItem("Период с … по …", RANGE)
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(today.year)
        self.year.setObjectName("period_year")
        self.quarter = QComboBox()
        for number in range(1, 5):
            self.quarter.addItem(f"{number} квартал", number)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.school_year = QComboBox()
        for start in range(today.year + 1, 2015, -1):
            self.school_year.addItem(f"{start}/{start + 1} учебный год", start)
        current = ind.school_year_of(today).start.year
        self.school_year.setCurrentIndex(self.school_year.findData(current))
        self.start = QLineEdit(format_date(ind.quarter_of(today).start))
        self.end = QLineEdit(format_date(ind.quarter_of(today).end))
        for edit, name in ((self.start, "period_start"), (self.end, "period_end")):
            edit.setPlaceholderText("ДД.ММ.ГГГГ")
            edit.setMaximumWidth(110)
            edit.setObjectName(name)
        self.dash = QLabel("—")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Период:")
        label.setBuddy(self.kind)
        for widget in (label, self.kind, self.quarter, self.year, self.school_year):
            layout.addWidget(widget)
        for widget in (self.start, self.dash, self.end, self.error):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.year.valueChanged,
            self.quarter.currentIndexChanged,
            self.school_year.currentIndexChanged,
        ):
            signal.connect(lambda *_: self.changed.emit())
        self.start.returnPressed.connect(self.changed.emit)
        self.end.returnPressed.connect(self.changed.emit)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.quarter.setVisible(kind == QUARTER)
        self.year.setVisible(kind == QUARTER)
        self.school_year.setVisible(kind == SCHOOL_YEAR)
        for widget in (self.start, self.dash, self.end):
            widget.setVisible(kind == RANGE)
        self.changed.emit()

    def period(self) -> ind.Period | None:
        """The chosen period, or None with the reason shown next to the fields."""
        kind = self.kind.currentData()
        self.error.hide()
        if kind == QUARTER:
            return ind.quarter(self.year.value(), self.quarter.currentData())
        if kind == SCHOOL_YEAR:
            return ind.school_year(self.school_year.currentData())
        try:
            start = parse_date(self.start.text(), "Начало периода", allow_future=True)
            end = parse_date(self.end.text(), "Конец периода", allow_future=True)
            if start is None or end is None:
                raise FieldError("Укажите обе даты периода в виде ДД.ММ.ГГГГ.")
            if end < start:
                raise FieldError("Конец периода раньше его начала.")
        except FieldError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return None
        return ind.Period(start, end)


class IndicatorsTab(QWidget):
    def __init__(self, db: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.picker = PeriodPicker(today)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("indicators")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.chart_choice = QComboBox()
        self.chart_choice.setObjectName("chart_choice")
        for key, title, _builder in charts.CHARTS:
            self.chart_choice.addItem(title, key)
        self.chart = ChartWidget()
        save_chart = QPushButton("Сохранить диаграмму…")
        save_chart.setToolTip("Рисунок PNG, например для презентации или сайта")
        save_chart.clicked.connect(self.save_chart)
        self.save_chart_button = save_chart

        self.young_age = QSpinBox()
        self.young_age.setRange(18, 70)
        self.young_age.setSuffix(" лет")
        self.young_experience = QSpinBox()
        self.young_experience.setRange(0, 10)
        self.young_experience.setSuffix(" лет")
        age, experience = ind.young_teacher_rule(db)
        self.young_age.setValue(age)
        self.young_experience.setValue(experience)
        save_rule = QPushButton("Применить")
        save_rule.clicked.connect(self.save_young_rule)
        rule = QHBoxLayout()
        rule.addWidget(QLabel("Молодой педагог — возраст до"))
        rule.addWidget(self.young_age)
        rule.addWidget(QLabel("и педагогический стаж до"))
        rule.addWidget(self.young_experience)
        rule.addWidget(save_rule)
        rule.addStretch(1)

        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_row = QHBoxLayout()
        chart_label = QLabel("&Диаграмма:")
        chart_label.setBuddy(self.chart_choice)
        chart_row.addWidget(chart_label)
        chart_row.addWidget(self.chart_choice)
        chart_row.addStretch(1)
        chart_row.addWidget(save_chart)
        chart_layout.addLayout(chart_row)
        chart_layout.addWidget(self.chart, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(splitter, 1)
        layout.addLayout(rule)
        self.picker.changed.connect(self.refresh)
        self.chart_choice.currentIndexChanged.connect(lambda _i: self.refresh_chart())
        self.period: ind.Period | None = None

    def refresh(self) -> None:
        period = self.picker.period()
        if period is None:
            return
        self.period = period
        rows = ind.compare(self.db, period)
        previous = period.previous()
        self.table.setHorizontalHeaderLabels(
            ["Показатель", period.label, previous.label, "Изменение"]
        )
        self.table.setRowCount(0)
        group = ""
        for row in rows:
            if row.indicator.group != group:
                group = row.indicator.group
                at = self.table.rowCount()
                self.table.insertRow(at)
                self.table.setItem(at, 0, _item(group, bold=True))
                self.table.setSpan(at, 0, 1, 4)
            at = self.table.rowCount()
            self.table.insertRow(at)
            title = row.indicator.title
            if row.indicator.unit in ("чел.", "ед."):
                title = f"{title}, {row.indicator.unit}"
            self.table.setItem(at, 0, _item("   " + title))
            self.table.setItem(at, 1, _item(row.indicator.text, align_right=True))
            self.table.setItem(at, 2, _item(row.previous.text, align_right=True))
            self.table.setItem(at, 3, _item(row.change_text, align_right=True))
        self.refresh_chart()

    def current_spec(self) -> charts.ChartSpec | None:
        if self.period is None:
            return None
        key = self.chart_choice.currentData()
        builder = next(b for k, _t, b in charts.CHARTS if k == key)
        return builder(self.db, self.period)

    def refresh_chart(self) -> None:
        spec = self.current_spec()
        if spec is not None:
            self.chart.show_chart(spec)

    def save_chart(self) -> None:
        spec = self.current_spec()
        if spec is None:
            return
        settings = QSettings()
        folder = str(settings.value("monitoring/chart_dir", str(Path.home())))
        name = f"{spec.title.split(',')[0]}.png".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(
            self, "Сохранить диаграмму", str(Path(folder) / name), "Рисунок PNG (*.png)"
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".png") else path + ".png")
        try:
            render_png(spec, target)
        except OSError as exc:
            QMessageBox.warning(self, "Диаграмма не сохранена", f"{exc}\nВыберите другую папку.")
            return
        settings.setValue("monitoring/chart_dir", str(target.parent))
        self.window().statusBar().showMessage(f"Диаграмма сохранена: {target}", 8000)  # type: ignore[attr-defined]

    def save_young_rule(self) -> None:
        ind.save_young_teacher_rule(self.db, self.young_age.value(), self.young_experience.value())
        self.refresh()


RESULT_FIELDS = (
    ("exams_passed_share", "Прошли ВПР/ОГЭ/ЕГЭ, %"),
    ("progress_share", "Успеваемость, %"),
    ("olympiad_participants", "Участники олимпиад, чел."),
    ("competitions", "Профессиональные конкурсы"),
    ("publications", "Публикации"),
    ("open_lessons", "Открытые уроки"),
)


class ResultDialog(QDialog):
    """Results of one mentee for one period; nothing is saved while a field is wrong."""

    def __init__(
        self,
        service: MonitoringService,
        today: dt.date,
        row: MenteeResult | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.row_id = row.id if row else None
        self.setWindowTitle("Результаты наставляемого" if row else "Новые результаты наставляемого")
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        self.person = build.combo(
            "person", "&Наставляемый:", [(p.full_name, p.id) for p in service.mentees()]
        )
        quarter = ind.quarter_of(today)
        self.period_start = build.date("period_start", "Период &с:")
        self.period_end = build.date("period_end", "&по:")
        self.edits: dict[str, QLineEdit] = {}
        for name, label in RESULT_FIELDS:
            self.edits[name] = build.line(name, label + ":")
            self.edits[name].setMaximumWidth(120)
        self.note = build.text("note", "Примечание:")
        hint = QLabel(
            "Проценты — доля обучающихся наставляемого; пустое поле значит «не указано» и не "
            "считается нулём."
        )
        hint.setWordWrap(True)
        if row is not None:
            index = self.person.findData(row.person_id)
            if index < 0:
                self.person.addItem(row.person.full_name, row.person_id)
                index = self.person.count() - 1
            self.person.setCurrentIndex(index)
            self.period_start.setText(format_date(row.period_start))
            self.period_end.setText(format_date(row.period_end))
            for name, _label in RESULT_FIELDS:
                value = getattr(row, name)
                text = "" if value is None else str(value)
                self.edits[name].setText(text.replace(".", ",").removesuffix(",0"))
            self.note.setPlainText(row.note)
        else:
            self.period_start.setText(format_date(quarter.start))
            self.period_end.setText(format_date(quarter.end))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 560)

    def draft(self) -> tuple[ResultDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for name, edit, label in (
            ("period_start", self.period_start, "Начало периода"),
            ("period_end", self.period_end, "Конец периода"),
        ):
            try:
                dates[name] = parse_date(edit.text(), label, allow_future=True)
            except FieldError as exc:
                errors[name] = exc.message
                dates[name] = None
        draft = ResultDraft(
            person_id=self.person.currentData(),
            period_start=dates["period_start"],
            period_end=dates["period_end"],
            note=self.note.toPlainText(),
            **{name: self.edits[name].text() for name, _ in RESULT_FIELDS},
        )
        return draft, errors

    def save(self) -> None:
        draft, errors = self.draft()
        _values, more = self.service.validate_result(draft)
        for key, message in more.items():
            errors.setdefault(key, message)
        if not errors:
            _id, errors = self.service.save_result(draft, self.row_id)
        first = show_errors(self.boxes, errors)
        if first is not None:
            first.field.setFocus()
            return
        self.accept()


class ResultsTab(QWidget):
    changed = Signal()
    status_message = Signal(str)

    def __init__(self, db: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = MonitoringService(db)
        self.today = today
        self._undo: dict[str, object] | None = None
        self.table = QTableWidget(0, 2 + len(RESULT_FIELDS))
        self.table.setObjectName("results")
        self.table.setHorizontalHeaderLabels(
            ["Наставляемый", "Период", *[label for _n, label in RESULT_FIELDS]]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        add = QPushButton("&Добавить…")
        add.clicked.connect(self.add)
        self.edit_button = QPushButton("&Изменить…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("&Удалить")
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        for button in (add, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(
            "Результаты наставляемого за период (раздел 5 Положения): доля обучающихся, успешно "
            "прошедших ВПР/ОГЭ/ЕГЭ, успеваемость, участие в олимпиадах и профессиональная "
            "активность наставляемого. В показателях сравниваются с предыдущим периодом."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for text, keys, slot in (
            ("Добавить", ["Ins", "Ctrl+N"], self.add),
            ("Удалить", ["Del"], self.delete),
            ("Отменить удаление", [QKeySequence.StandardKey.Undo], self.undo),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.rows: list[MenteeResult] = []

    def refresh(self) -> None:
        self.rows = self.service.results()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            period = f"{format_date(row.period_start)} – {format_date(row.period_end)}"
            values = [row.person.full_name, period]
            for name, _label in RESULT_FIELDS:
                value = getattr(row, name)
                values.append(
                    ""
                    if value is None
                    else ind.format_value(value, "балл" if isinstance(value, float) else "чел.")
                )
            for c, value in enumerate(values):
                self.table.setItem(r, c, _item(value, align_right=c >= 2))
        has = bool(self.rows)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _selected(self) -> MenteeResult | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add(self) -> None:
        if not self.service.mentees():
            QMessageBox.information(
                self,
                "Нет наставляемых",
                "Сначала отметьте педагога как наставляемого в разделе «Наставляемые».",
            )
            return
        if ResultDialog(self.service, self.today, None, self).exec():
            self.refresh()
            self.changed.emit()

    def edit(self) -> None:
        row = self._selected()
        if row is not None and ResultDialog(self.service, self.today, row, self).exec():
            self.refresh()
            self.changed.emit()

    def delete(self) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            self._undo = self.service.delete_result(row.id)
        except AppError as exc:  # deleted by someone else meanwhile
            QMessageBox.warning(self, "Мониторинг", exc.message)
            self.refresh()
            return
        self.refresh()
        self.changed.emit()
        self.status_message.emit(f"Результаты «{row.person.full_name}» удалены. Ctrl+Z — вернуть.")

    def undo(self) -> None:
        if self._undo is None:
            return
        try:
            self.service.restore_result(self._undo)
        except AppError as exc:
            self._undo = None
            QMessageBox.warning(self, "Отмена не выполнена", exc.message)
            return
        self._undo = None
        self.refresh()
        self.changed.emit()
        self.status_message.emit("Удалённые результаты возвращены.")


class ResponseDialog(QDialog):
    """Answers from one paper questionnaire: a score 1–10 per question («—» = no answer)."""

    def __init__(
        self,
        service: MonitoringService,
        questionnaire_id: int,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.questionnaire = service.questionnaire(questionnaire_id)
        self.setWindowTitle(f"Ответы: {self.questionnaire.title}")
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        people = service.people_for(self.questionnaire.audience)
        self.person = build.combo(
            "person",
            "&Кто заполнил:",
            [("— выберите —", None)] + [(p.full_name, p.id) for p in people],
        )
        self.answered_on = build.date("answered_on", "&Дата заполнения:")
        self.answered_on.setText(format_date(today))
        self.inputs: dict[int, QSpinBox | QPlainTextEdit] = {}
        # A question reads as a line of text with its answer to the right: a form layout would
        # squeeze long questions into a narrow right-aligned column.
        questions = QWidget()
        grid = QGridLayout(questions)
        grid.setColumnStretch(0, 1)
        for number, question in enumerate(self.questionnaire.questions, start=1):
            label = QLabel(f"{number}. {question.text}")
            label.setWordWrap(True)
            if question.kind == QuestionKind.SCALE:
                spin = QSpinBox()
                spin.setRange(0, 10)
                spin.setSpecialValueText("—")
                spin.setToolTip("Оценка от 1 до 10; «—» — вопрос без ответа")
                spin.setMinimumWidth(70)
                widget: QSpinBox | QPlainTextEdit = spin
            else:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(60)
            label.setBuddy(widget)
            self.inputs[question.id] = widget
            box = FieldBox(widget)
            self.boxes[f"q{question.id}"] = box
            row = grid.rowCount()
            if question.kind == QuestionKind.SCALE:
                grid.addWidget(label, row, 0)
                grid.addWidget(box, row, 1, Qt.AlignmentFlag.AlignTop)
            else:
                grid.addWidget(label, row, 0, 1, 2)
                grid.addWidget(box, row + 1, 0, 1, 2)
        grid.setRowStretch(grid.rowCount(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 640)

    def save(self) -> None:
        errors: dict[str, str] = {}
        try:
            answered = parse_date(self.answered_on.text(), "Дата заполнения")
        except FieldError as exc:
            errors["answered_on"] = exc.message
            answered = None
        answers: dict[int, str] = {}
        for qid, widget in self.inputs.items():
            if isinstance(widget, QSpinBox):
                answers[qid] = str(widget.value()) if widget.value() else ""
            else:
                answers[qid] = widget.toPlainText()
        draft = ResponseDraft(self.questionnaire.id, self.person.currentData(), answered, answers)
        _values, more = self.service.validate_response(draft)
        errors = {**more, **errors}  # a date that does not parse says why, not just «укажите»
        if not errors:
            _id, errors = self.service.add_response(draft)
        first = show_errors(self.boxes, errors)
        self.error.setText(errors.get("answers", ""))
        self.error.setVisible("answers" in errors)
        if first is not None:
            first.field.setFocus()
        if errors:
            return
        self.accept()


class QuestionnairesTab(QWidget):
    changed = Signal()
    status_message = Signal(str)

    def __init__(self, db: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.service = MonitoringService(db)
        self.forms = QListWidget()
        self.forms.setObjectName("questionnaires")
        self.forms.setMaximumWidth(330)
        self.forms.setWordWrap(True)
        self.forms.setSpacing(4)
        self.title = QLineEdit()
        self.title.setObjectName("questionnaire_title")
        self.questions = QTableWidget(0, 2)
        self.questions.setObjectName("questions")
        self.questions.setHorizontalHeaderLabels(["Вопрос", "Свободный ответ"])
        self.questions.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.questions.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.questions.verticalHeader().setDefaultSectionSize(26)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        add_q = QPushButton("Добавить вопрос")
        add_q.clicked.connect(lambda: self._add_question("", False, edit=True))
        remove_q = QPushButton("Удалить вопрос")
        remove_q.clicked.connect(self._remove_question)
        save_q = QPushButton("&Сохранить анкету")
        save_q.setObjectName("save_questions")
        save_q.clicked.connect(self.save_questions)
        blank = QPushButton("&Бланк анкеты (.docx)…")
        blank.clicked.connect(self.make_blank)
        editor_buttons = QHBoxLayout()
        for button in (add_q, remove_q, save_q):
            editor_buttons.addWidget(button)
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(blank)

        self.responses = QTableWidget(0, 4)
        self.responses.setObjectName("responses")
        self.responses.setHorizontalHeaderLabels(
            ["Дата", "Кто заполнил", "Средний балл", "Ответов"]
        )
        self.responses.verticalHeader().hide()
        self.responses.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.responses.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.responses.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        enter = QPushButton("&Внести ответы…")
        enter.setObjectName("enter_answers")
        enter.clicked.connect(self.enter_answers)
        remove = QPushButton("Удалить ответы")
        remove.clicked.connect(self.delete_response)
        answers_buttons = QHBoxLayout()
        answers_buttons.addWidget(enter)
        answers_buttons.addWidget(remove)
        answers_buttons.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_label = QLabel("&Название:")
        title_label.setBuddy(self.title)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.questions, 2)
        right_layout.addWidget(self.error)
        right_layout.addLayout(editor_buttons)
        right_layout.addWidget(QLabel("Заполненные анкеты:"))
        right_layout.addWidget(self.responses, 1)
        right_layout.addLayout(answers_buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.forms)
        layout.addWidget(right, 1)
        self.forms.currentRowChanged.connect(lambda _r: self.show_current())
        self._ids: list[int] = []
        self._response_ids: list[int] = []

    def refresh(self) -> None:
        current = self.forms.currentRow()
        self.forms.blockSignals(True)
        self.forms.clear()
        self._ids = []
        for q in self.service.questionnaires():
            item = QListWidgetItem(q.title)
            item.setToolTip(f"{q.audience.label}, {q.stage.label}")
            self.forms.addItem(item)
            self._ids.append(q.id)
        self.forms.blockSignals(False)
        self.forms.setCurrentRow(max(0, current))
        self.show_current()

    def current_id(self) -> int | None:
        row = self.forms.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _add_question(self, text: str, free: bool, *, edit: bool = False) -> None:
        row = self.questions.rowCount()
        self.questions.insertRow(row)
        self.questions.setItem(row, 0, QTableWidgetItem(text))
        check = QCheckBox()
        check.setChecked(free)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(8, 0, 0, 0)
        holder_layout.addWidget(check)
        self.questions.setCellWidget(row, 1, holder)
        if edit:
            self.questions.setCurrentCell(row, 0)
            self.questions.editItem(self.questions.item(row, 0))

    def _remove_question(self) -> None:
        row = self.questions.currentRow()
        if row >= 0:
            self.questions.removeRow(row)

    def show_current(self) -> None:
        qid = self.current_id()
        self.error.hide()
        self.questions.setRowCount(0)
        if qid is None:
            return
        q = self.service.questionnaire(qid)
        self.title.setText(q.title)
        for question in q.questions:
            self._add_question(question.text, question.kind == QuestionKind.TEXT)
        responses = self.service.responses(qid)
        self._response_ids = [r.id for r in responses]
        self.responses.setRowCount(len(responses))
        for row, response in enumerate(responses):
            scores = [a.score for a in response.answers if a.score is not None]
            mean = ind.format_value(sum(scores) / len(scores), "балл") if scores else "—"
            for column, text in enumerate(
                [
                    format_date(response.answered_on),
                    response.person.full_name,
                    mean,
                    str(len(response.answers)),
                ]
            ):
                self.responses.setItem(row, column, _item(text, align_right=column >= 2))

    def drafts(self) -> list[QuestionDraft]:
        result = []
        for row in range(self.questions.rowCount()):
            item = self.questions.item(row, 0)
            holder = self.questions.cellWidget(row, 1)
            check = holder.findChild(QCheckBox) if holder else None
            free = bool(check and check.isChecked())
            result.append(
                QuestionDraft(
                    item.text() if item else "", QuestionKind.TEXT if free else QuestionKind.SCALE
                )
            )
        return result

    def save_questions(self) -> None:
        qid = self.current_id()
        if qid is None:
            return
        errors = self.service.save_questions(qid, self.title.text(), self.drafts())
        if errors:
            self.error.setText(" ".join(errors.values()))
            self.error.show()
            return
        self.error.hide()
        self.refresh()
        self.status_message.emit("Анкета сохранена. Уже внесённые ответы сохранили свои вопросы.")

    def enter_answers(self) -> None:
        qid = self.current_id()
        if qid is None:
            return
        if ResponseDialog(self.service, qid, self.today, self).exec():
            self.show_current()
            self.changed.emit()

    def delete_response(self) -> None:
        row = self.responses.currentRow()
        if not 0 <= row < len(self._response_ids):
            return
        answer = QMessageBox.question(
            self,
            "Удалить ответы",
            "Удалить ответы этой анкеты? Их придётся вводить заново с бумажного бланка.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.service.delete_response(self._response_ids[row])
        self.show_current()
        self.changed.emit()

    def make_blank(self) -> None:
        qid = self.current_id()
        if qid is None:
            return
        from desktop_app.export.kinds.monitoring import write_blank_forms

        settings = QSettings()
        folder = str(settings.value("monitoring/blank_dir", str(Path.home())))
        chosen = QFileDialog.getExistingDirectory(self, "Куда сохранить бланк анкеты", folder)
        if not chosen:
            return
        try:
            paths = write_blank_forms(self.db, Path(chosen), self.today, [qid])
        except AppError as exc:
            QMessageBox.warning(self, "Бланк не сохранён", exc.message)
            return
        settings.setValue("monitoring/blank_dir", chosen)
        self.status_message.emit(f"Бланк анкеты сохранён: {paths[0]}")


class MonitoringSection(QWidget):
    changed = Signal()
    status_message = Signal(str)

    def __init__(
        self, db: Database, today: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        connect_to_reports()
        today = today or dt.date.today()
        title = QLabel("Мониторинг")
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.indicators = IndicatorsTab(db, today)
        self.results = ResultsTab(db, today)
        self.questionnaires = QuestionnairesTab(db, today)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.indicators, "&Показатели")
        self.tabs.addTab(self.results, "&Результаты наставляемых")
        self.tabs.addTab(self.questionnaires, "&Анкеты")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        for tab in (self.results, self.questionnaires):
            tab.changed.connect(self._data_changed)
            tab.status_message.connect(self.status_message)
        self.refresh()

    def open_overview_item(self, item) -> None:  # type: ignore[no-untyped-def]
        """«Обзор» → the results of the mentees, where the missing quarter is entered."""
        if item.hint == "results":
            self.tabs.setCurrentWidget(self.results)

    def _data_changed(self) -> None:
        self.indicators.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        self.indicators.refresh()
        self.results.refresh()
        self.questionnaires.refresh()

    def showEvent(self, event: object) -> None:
        # Other sections change pairs and programs: figures are recounted when the tab shows.
        self.indicators.refresh()
        super().showEvent(event)  # type: ignore[arg-type]


def monitoring_section(window) -> QWidget:  # type: ignore[no-untyped-def]
    """The factory ``ui.main_window.SECTIONS`` calls when the section is first opened."""
    section = MonitoringSection(window.db)
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    section.changed.connect(window.data_changed)
    return section
