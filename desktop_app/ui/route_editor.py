"""The route editor: the seven steps of seed 003 (4.2.2), one page each.

The route is a living record: «Сохранить» keeps whatever is filled in as a draft at any step,
and the curator comes back to steps 5–7 over the years. Everything typed stays in the editor
until it is saved; a wrong value is explained next to its field and the editor switches to
that step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import (
    AchievementLevel,
    CorrectionReason,
    DeficitCategory,
    DeficitLevel,
    DeficitOutcome,
    ImageCloseness,
    IndividualRoute,
    MeasureSection,
    MeasureStatus,
    MeasureTerm,
    ProductKind,
    RouteStatus,
)
from desktop_app.models.enums import LabelledEnum
from desktop_app.models.route import academic_year_label
from desktop_app.services.concurrency import record_stamp
from desktop_app.services.routes import (
    SELF_DETERMINATION_PROMPTS,
    AssessmentDraft,
    CorrectionDraft,
    MeasureDraft,
    RouteDraft,
    RouteService,
    academic_year_of,
    describe_plan_item,
    parse_start_year,
    plan_item_when,
    route_draft_to_dict,
)
from desktop_app.services.validation import FieldError, format_date
from desktop_app.ui.widgets import ERROR_STYLE, FieldBox, FormBuilder, combo_select, fit_to_screen

E = TypeVar("E", bound=LabelledEnum)

# The seven positions of the algorithm (seed 003, 4.2.2), as the step list shows them.
STEPS = (
    "1. Самоопределение",
    "2. Диагностика достижений",
    "3. Диагностика затруднений",
    "4. Дорожная карта",
    "5. Реализация",
    "6. Корректировка",
    "7. Рефлексивный анализ",
)
# The seed's own wording of each step, shown on top of its page.
STEP_TEXT = (
    "Самоопределение (саморефлексия) педагога — описание идеального, желаемого образа самого "
    "себя как состоявшегося профессионала в целях предотвращения «слепого» копирования "
    "чужого опыта.",
    "Диагностика (самодиагностика) достижений, достоинств и личностных ресурсов педагога в "
    "педагогическом контексте конкретной образовательной организации.",
    "Диагностика (самодиагностика) профессиональных затруднений и дефицитов в педагогическом "
    "контексте конкретной образовательной организации.",
    "Составление дорожной карты индивидуального образовательного маршрута: а) график обучения "
    "по программам ДПО; б) пробно-поисковые действия; в) инновационные программы и "
    "педагогические проекты, исследовательская деятельность; г) комплекс и "
    "последовательность конкретных мер и мероприятий.",
    "Реализация дорожной карты: фиксируются достижения педагога по каждому из мероприятий в "
    "виде конкретного педагогического продукта, а также отражается субъективное отношение к "
    "достигнутым результатам.",
    "Корректировка дорожной карты (параллельно с её реализацией) — дополнения и изменения под "
    "влиянием изменений в образовании, запросов, интересов и потребностей самого педагога и "
    "участников образовательного процесса. Прежние редакции сохраняются.",
    "Рефлексивный анализ эффективности маршрута: рефлексия процесса достижения и достигнутых "
    "результатов по каждому из дефицитов, рефлексия степени приближения к желаемому образу "
    "педагога-профессионала.",
)
# Which step shows a field's error.
FIELD_STEP = {
    "self_determination_on": 0,
    "diagnosed_on": 1,
    "deficits": 2,
    "approved_on": 3,
    "measures": 3,
    "correction": 5,
    "correction_made_on": 5,
    "correction_reason": 5,
    "reflection_on": 6,
}


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444; font-style: italic;")
    return label


def _text(height: int = 70, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


def _readonly_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _enum(combo: QComboBox, enum_class: type[E]) -> E | None:
    """The chosen member: Qt hands a str enum back as a plain string."""
    value = combo.currentData()
    return None if value is None else enum_class(value)


def _widths(table: QTableWidget, widths: tuple[int, ...], stretch: int) -> None:
    """Fixed widths, one column taking the rest: the page never scrolls sideways."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)


def _fill_row(table: QTableWidget, row: int, values: list[str]) -> None:
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setToolTip(value)
        table.setItem(row, column, item)


# --- one measure -------------------------------------------------------------------------------


class MeasureDialog(QDialog):
    """An item of the roadmap (step 4) and its implementation (step 5)."""

    def __init__(
        self,
        measure: MeasureDraft,
        years: list[int],
        deficits: list[DeficitCategory],
        parent: QWidget | None = None,
        focus_implementation: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Мероприятие дорожной карты")
        fit_to_screen(self, 720, 640)
        self.original = measure
        self.boxes: dict[str, FieldBox] = {}
        self.value: MeasureDraft | None = None

        plan = QGroupBox("Шаг 4 — дорожная карта")
        form = FormBuilder(QFormLayout(plan), self.boxes)
        self.section = form.combo("section", "&Раздел", [(s.label, s) for s in MeasureSection])
        self.section.setMinimumContentsLength(30)
        self.title = form.text("title", "&Наименование *", 50)
        self.provider = form.line(
            "provider", "&Организация", "для курсов: кто проводит (ЦНППМ, ИРО, вуз…)"
        )
        self.hours = form.line("hours", "&Часов")
        self.hours.setMaximumWidth(80)
        year_items: list[tuple[str, object]] = [("— выберите —", None)]
        for n, year in enumerate(years, start=1):
            year_items.append((f"{academic_year_label(year)} ({n}-й год маршрута)", year))
        if measure.academic_year is not None and measure.academic_year not in years:
            year_items.append(
                (
                    f"{academic_year_label(measure.academic_year)} (вне срока маршрута)",
                    measure.academic_year,
                )
            )
        self.year = form.combo("academic_year", "Учебный &год *", year_items)
        self.term = form.combo("term", "С&рок", [("—", None)] + [(t.label, t) for t in MeasureTerm])
        deficits_box = QWidget()
        grid = QGridLayout(deficits_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.deficit_checks: dict[DeficitCategory, QCheckBox] = {}
        shown = list(deficits) + [d for d in measure.deficits if d not in deficits]
        for index, category in enumerate(shown):
            check = QCheckBox(category.label)
            if category not in deficits:
                check.setText(f"{category.label} (нет в шаге 3)")
                check.setStyleSheet(ERROR_STYLE)
            check.setChecked(category in measure.deficits)
            self.deficit_checks[category] = check
            grid.addWidget(check, index // 2, index % 2)
        if not shown:
            grid.addWidget(QLabel("Сначала отметьте затруднения на шаге 3."), 0, 0)
        form.add("deficits", "На какие &дефициты\nнаправлено", deficits_box)
        self.expected = form.text("expected_result", "Ожидаемый &результат", 40)

        done = QGroupBox("Шаг 5 — реализация")
        form5 = FormBuilder(QFormLayout(done), self.boxes)
        self.status = form5.combo("status", "&Отметка", [(s.label, s) for s in MeasureStatus])
        self.done_on = form5.date("done_on", "Дата в&ыполнения")
        self.done_on.textEdited.connect(self._date_typed)
        self.product_kind = form5.combo(
            "product_kind",
            "Педагогический &продукт",
            [("—", None)] + [(k.label, k) for k in ProductKind],
        )
        self.product_title = form5.line(
            "product_title", "Н&азвание продукта", "например, сценарий классного часа «…»"
        )
        link_row = QWidget()
        row = QHBoxLayout(link_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.product_link = QLineEdit()
        self.product_link.setPlaceholderText("путь к файлу или ссылка")
        browse = QPushButton("&Файл…")
        browse.clicked.connect(self._choose_file)
        self.open_link = QPushButton("Откры&ть")
        self.open_link.setToolTip("Открыть файл или ссылку продукта")
        self.open_link.clicked.connect(self._open_link)
        row.addWidget(self.product_link, 1)
        row.addWidget(browse)
        row.addWidget(self.open_link)
        form5.add("product_link", "Файл или ссылка", link_row)
        self.attitude = form5.text("attitude", "Отношение педагога\nк результату", 50)

        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Готово")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept_measure)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(plan)
        inner.addWidget(done)
        inner.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(_scroll(content), 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._load(measure)
        if focus_implementation:
            self.status.setFocus()
        else:
            self.title.setFocus()

    def _load(self, m: MeasureDraft) -> None:
        combo_select(self.section, m.section)
        self.title.setPlainText(m.title)
        self.provider.setText(m.provider)
        self.hours.setText(m.hours)
        combo_select(self.year, m.academic_year)
        combo_select(self.term, m.term)
        self.expected.setPlainText(m.expected_result)
        combo_select(self.status, m.status)
        self.done_on.setText(m.done_on)
        combo_select(self.product_kind, m.product_kind)
        self.product_title.setText(m.product_title)
        self.product_link.setText(m.product_link)
        self.attitude.setPlainText(m.attitude)
        for edit in (self.provider, self.product_title, self.product_link):
            edit.setCursorPosition(0)  # show the start of a long name, not its end

    def _date_typed(self, text: str) -> None:
        if text.strip() and _enum(self.status, MeasureStatus) is MeasureStatus.PLANNED:
            combo_select(self.status, MeasureStatus.DONE)

    def _choose_file(self) -> None:
        settings = QSettings()
        folder = str(settings.value("paths/route_products", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(self, "Педагогический продукт", folder)
        if name:
            settings.setValue("paths/route_products", str(Path(name).parent))
            self.product_link.setText(name)

    def _open_link(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        text = self.product_link.text().strip()
        if not text:
            return
        if "://" in text or text.startswith("www."):
            url = QUrl(text if "://" in text else f"https://{text}")
        elif Path(text).exists():
            url = QUrl.fromLocalFile(text)
        else:
            self.boxes["product_link"].set_error(
                "Файл или ссылка: такого файла нет — возможно, его переместили."
            )
            return
        self.boxes["product_link"].set_error(None)
        QDesktopServices.openUrl(url)

    def current(self) -> MeasureDraft:
        return dataclasses.replace(
            self.original,
            section=_enum(self.section, MeasureSection),
            title=" ".join(self.title.toPlainText().split()),
            provider=self.provider.text(),
            hours=self.hours.text().strip(),
            academic_year=self.year.currentData(),
            term=_enum(self.term, MeasureTerm),
            deficits=[c for c, box in self.deficit_checks.items() if box.isChecked()],
            expected_result=self.expected.toPlainText(),
            status=_enum(self.status, MeasureStatus),
            done_on=self.done_on.text().strip(),
            product_kind=_enum(self.product_kind, ProductKind),
            product_title=self.product_title.text(),
            product_link=self.product_link.text().strip(),
            attitude=self.attitude.toPlainText(),
        )

    def accept_measure(self) -> None:
        """Check what the dialog alone can check; the route's rules are checked on save."""
        from desktop_app.services.validation import parse_date, parse_int

        value = self.current()
        errors: dict[str, str] = {}
        if not value.title:
            errors["title"] = "Наименование: обязательное поле."
        if value.academic_year is None:
            errors["academic_year"] = "Учебный год: выберите год маршрута."
        try:
            parse_int(value.hours, "Часов", minimum=1, maximum=2000)
        except FieldError as exc:
            errors["hours"] = exc.message
        try:
            parse_date(value.done_on, "Дата выполнения")
        except FieldError as exc:
            errors["done_on"] = exc.message
        first = _show(self.boxes, errors)
        if errors:
            self.summary.setText("Проверьте поля, отмеченные красным.")
            self.summary.show()
            if first is not None:
                first.field.setFocus()
            return
        self.value = value
        self.accept()

    @classmethod
    def edit(
        cls,
        measure: MeasureDraft,
        years: list[int],
        deficits: list[DeficitCategory],
        parent: QWidget | None = None,
        focus_implementation: bool = False,
    ) -> tuple[MeasureDraft | None, bool]:
        dialog = cls(measure, years, deficits, parent, focus_implementation)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value, accepted


def _show(boxes: dict[str, FieldBox], errors: dict[str, str]) -> FieldBox | None:
    first = None
    for name, box in boxes.items():
        box.set_error(errors.get(name))
        if errors.get(name) and first is None:
            first = box
    return first


# --- the route -------------------------------------------------------------------------------


class RouteEditor(QDialog):
    """One page per step; the teacher and the route's years stay on top of every page."""

    def __init__(
        self,
        service: RouteService,
        route_id: int | None = None,
        person_id: int | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.route_id = route_id
        self.today = today or dt.date.today()
        self.boxes: dict[str, FieldBox] = {}
        self.saved = False
        self.measures: list[MeasureDraft] = []
        self.history = []  # type: ignore[var-annotated]
        # Step 7 per deficit: kept while deficits come and go on step 3.
        self.reflection_rows: dict[DeficitCategory, tuple[QComboBox, QLineEdit, QLabel]] = {}
        self.reflection_values: dict[DeficitCategory, tuple[DeficitOutcome | None, str]] = {}
        self.setWindowTitle(
            "Новый индивидуальный образовательный маршрут"
            if route_id is None
            else "Индивидуальный образовательный маршрут"
        )
        fit_to_screen(self, 1060, 680)

        header = QWidget()
        top = QGridLayout(header)
        top.setContentsMargins(0, 0, 0, 0)
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.person.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.addItem("— выберите педагога —", None)
        for pid, label, is_mentee in service.people_choices():
            self.person.addItem(label + (" (наставляемый)" if is_mentee else ""), pid)
        self.person.setMinimumContentsLength(40)
        self.tutor = QComboBox()
        self.tutor.addItem("— не назначен —", None)
        for pid, label in service.tutor_choices():
            self.tutor.addItem(label, pid)
        self.start_year = QComboBox()
        self.start_year.setEditable(True)
        current = academic_year_of(self.today)
        for year in range(current - 4, current + 2):
            self.start_year.addItem(academic_year_label(year))
        self.years = QComboBox()
        self.years.setEditable(True)
        self.years.addItems(["4", "5"])
        self.years.setMaximumWidth(70)
        self.status = QComboBox()
        for status in RouteStatus:
            self.status.addItem(status.label, status)
        self.period = QLabel()
        cells = [
            ("person", "&Педагог *", self.person, 0, 0, 3),
            ("tutor", "Наставник (&тьютор)", self.tutor, 1, 0, 1),
            ("status", "Со&стояние", self.status, 1, 2, 1),
            ("start_year", "&Начало (учебный год) *", self.start_year, 2, 0, 1),
            ("years", "Срок, &лет *", self.years, 2, 2, 1),
        ]
        for name, label, widget, row, col, span in cells:
            box = FieldBox(widget)
            self.boxes[name] = box
            caption = QLabel(label)
            caption.setBuddy(widget)
            top.addWidget(
                caption, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            )
            top.addWidget(box, row, col + 1, 1, span, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.period, 3, 1, 1, 3)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 1)

        self.steps = QListWidget()
        self.steps.addItems(list(STEPS))
        self.steps.setMaximumWidth(260)
        self.steps.setMinimumWidth(215)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        builders = (
            self._page_self,
            self._page_achievements,
            self._page_deficits,
            self._page_roadmap,
            self._page_implementation,
            self._page_corrections,
            self._page_reflection,
        )
        for number, build in enumerate(builders):
            page = QWidget()
            layout = QVBoxLayout(page)
            title = QLabel(f"<h3>Шаг {STEPS[number]}</h3>")
            layout.addWidget(title)
            layout.addWidget(_hint(STEP_TEXT[number]))
            build(layout)
            self.pages.addWidget(_scroll(page))
        self.steps.currentRowChanged.connect(self._show_step)
        splitter = QSplitter()
        splitter.addWidget(self.steps)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([225, 835])

        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.back_button = QPushButton("< &Назад")
        self.next_button = QPushButton("&Далее >")
        self.save_button = QPushButton("&Сохранить")
        self.save_button.setToolTip("Сохранить черновик и продолжить (Ctrl+S)")
        self.done_button = QPushButton("&Готово")
        self.done_button.setToolTip("Сохранить и закрыть (Enter)")
        self.done_button.setDefault(True)
        self.cancel_button = QPushButton("Закрыть")
        self.cancel_button.setToolTip("Закрыть без сохранения (Esc)")
        self.back_button.clicked.connect(lambda: self.go(self.steps.currentRow() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.steps.currentRow() + 1))
        self.save_button.clicked.connect(self.save)
        self.done_button.clicked.connect(self.save_and_close)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.cancel_button)
        save_action = QAction(self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        # The version the editor loaded, checked on «Сохранить» (two people, one route).
        self.stamp = None
        if route_id is not None:
            self.stamp = record_stamp(service.db, IndividualRoute, route_id, "route")
            draft = service.draft(route_id)
            self.person.setEnabled(False)
        else:
            draft = service.new_draft(person_id, self.today)
        self.load(draft)
        self.loaded = self.draft()
        # A power cut before «Сохранить» must not lose years of notes (ui/drafts.py).
        from desktop_app.services.routes import route_draft_from_dict, route_draft_to_dict
        from desktop_app.ui.drafts import DraftKeeper

        def restore(data: dict) -> None:  # type: ignore[type-arg]
            restored = route_draft_from_dict(data)
            restored.history = list(self.history)
            self.load(restored)

        self.drafts = DraftKeeper(
            self,
            service.db,
            f"route.{route_id or 'new'}",
            lambda: route_draft_to_dict(self.draft()),
            restore,
        )
        self.person.currentIndexChanged.connect(self._person_changed)
        for widget in (self.start_year, self.years):
            widget.currentTextChanged.connect(self._period_changed)
        self._period_changed()
        self.steps.setCurrentRow(0)

    # --- pages ---------------------------------------------------------------------------

    def _page_self(self, layout: QVBoxLayout) -> None:
        prompts = QLabel(
            "Вопросы для самоопределения:\n"
            + "\n".join(f"• {p}" for p in SELF_DETERMINATION_PROMPTS)
        )
        prompts.setWordWrap(True)
        layout.addWidget(prompts)
        form = FormBuilder(QFormLayout(), self.boxes)
        layout.addLayout(form.layout)
        self.self_determination_on = form.date("self_determination_on", "Дата")
        self.self_reflection = form.text(
            "self_reflection", "Саморефлексия:\nкаким я вижу себя сейчас", 90
        )
        self.desired_image = form.text(
            "desired_image", "&Желаемый образ себя\nкак профессионала", 130
        )
        self.desired_image.setPlaceholderText(
            "Каким я хочу стать через 4–5 лет: что умею, как работаю с обучающимися и "
            "родителями, чем делюсь с коллегами…"
        )
        layout.addStretch()

    def _assessment_grid(
        self, layout: QVBoxLayout, levels: list[tuple[str, object]], title: str
    ) -> dict[DeficitCategory, tuple[QCheckBox, QComboBox, QLineEdit]]:
        group = QGroupBox(title)
        grid = QGridLayout(group)
        grid.addWidget(QLabel("<b>Направление</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Уровень</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Примечание</b>"), 0, 2)
        rows: dict[DeficitCategory, tuple[QCheckBox, QComboBox, QLineEdit]] = {}
        for row, category in enumerate(DeficitCategory, start=1):
            check = QCheckBox(category.label)
            level = QComboBox()
            level.addItem("—", None)
            for text, data in levels:
                level.addItem(text, data)
            note = QLineEdit()
            level.setEnabled(False)
            note.setEnabled(False)
            check.toggled.connect(level.setEnabled)
            check.toggled.connect(note.setEnabled)
            grid.addWidget(check, row, 0)
            grid.addWidget(level, row, 1)
            grid.addWidget(note, row, 2)
            rows[category] = (check, level, note)
        grid.setColumnStretch(2, 1)
        layout.addWidget(group)
        return rows

    def _page_achievements(self, layout: QVBoxLayout) -> None:
        form = FormBuilder(QFormLayout(), self.boxes)
        layout.addLayout(form.layout)
        self.diagnosed_on = form.date("diagnosed_on", "Дата диагностики")
        self.achievements = self._assessment_grid(
            layout,
            [(a.label, a) for a in AchievementLevel],
            "Достижения, достоинства и личностные ресурсы по направлениям",
        )
        layout.addStretch()

    def _page_deficits(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.prefill_button = QPushButton("Заполнить из &карточки наставляемого")
        self.prefill_button.setToolTip(
            "Перенести затруднения, отмеченные в карточке педагога (вкладка «Наставляемый»)"
        )
        self.prefill_button.clicked.connect(self.prefill_deficits)
        row.addWidget(self.prefill_button)
        row.addStretch()
        layout.addLayout(row)
        self.deficits = self._assessment_grid(
            layout,
            [(d.label, d) for d in DeficitLevel],
            "Профессиональные затруднения и дефициты по направлениям",
        )
        holder = QLabel()
        box = FieldBox(holder)
        self.boxes["deficits"] = box
        layout.addWidget(box)
        layout.addStretch()

    def _page_roadmap(self, layout: QVBoxLayout) -> None:
        self.roadmap = _readonly_table(
            ["№", "Раздел", "Мероприятие", "Учебный год, срок", "Дефициты", "Часов"]
        )
        self.roadmap.doubleClicked.connect(lambda _i: self.edit_measure())
        _widths(self.roadmap, (30, 130, 0, 140, 150, 50), stretch=2)
        layout.addWidget(self.roadmap, 1)
        self.roadmap.setMinimumHeight(240)
        buttons = QHBoxLayout()
        self.add_measure_button = QPushButton("&Добавить…")
        self.edit_measure_button = QPushButton("&Изменить…")
        self.remove_measure_button = QPushButton("&Убрать")
        self.up_button = QPushButton("Выше")
        self.down_button = QPushButton("Ниже")
        self.add_measure_button.clicked.connect(self.add_measure)
        self.edit_measure_button.clicked.connect(lambda: self.edit_measure())
        self.remove_measure_button.clicked.connect(self.remove_measure)
        self.up_button.clicked.connect(lambda: self.move_measure(-1))
        self.down_button.clicked.connect(lambda: self.move_measure(1))
        for button in (
            self.add_measure_button,
            self.edit_measure_button,
            self.remove_measure_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.measure_errors = QLabel()
        self.measure_errors.setStyleSheet(ERROR_STYLE)
        self.measure_errors.setWordWrap(True)
        self.measure_errors.hide()
        layout.addWidget(self.measure_errors)
        form = FormBuilder(QFormLayout(), self.boxes)
        layout.addLayout(form.layout)
        self.approved_on = form.date("approved_on", "Дорожная карта утверждена")
        self.approved_on.setToolTip(
            "Дата утверждения; когда маршрут «реализуется», изменения дорожной карты "
            "вносятся как корректировка (шаг 6)"
        )
        holder = QLabel()
        self.boxes["measures"] = FieldBox(holder)
        layout.addWidget(self.boxes["measures"])

    def _page_implementation(self, layout: QVBoxLayout) -> None:
        self.implementation = _readonly_table(
            [
                "№",
                "Мероприятие",
                "Учебный год",
                "Отметка",
                "Педагогический продукт",
                "Отношение к результату",
            ]
        )
        _widths(self.implementation, (30, 0, 80, 110, 190, 170), stretch=1)
        self.implementation.doubleClicked.connect(lambda _i: self.mark_measure())
        layout.addWidget(self.implementation, 1)
        self.implementation.setMinimumHeight(280)
        row = QHBoxLayout()
        self.mark_button = QPushButton("&Отметить выполнение…")
        self.mark_button.clicked.connect(self.mark_measure)
        row.addWidget(self.mark_button)
        row.addStretch()
        self.progress_label = QLabel()
        row.addWidget(self.progress_label)
        layout.addLayout(row)

    def _page_corrections(self, layout: QVBoxLayout) -> None:
        self.corrections = _readonly_table(["Дата", "Причина", "Что изменено", "Пояснение"])
        for column, width in enumerate((80, 200, 300, 160)):
            self.corrections.setColumnWidth(column, width)
        self.corrections.setMinimumHeight(110)
        self.corrections.itemSelectionChanged.connect(self._show_previous_plan)
        layout.addWidget(QLabel("История корректировок:"))
        layout.addWidget(self.corrections, 1)
        self.previous_plan = QPlainTextEdit()
        self.previous_plan.setReadOnly(True)
        self.previous_plan.setFixedHeight(70)
        self.previous_plan.setPlaceholderText(
            "Выберите корректировку — здесь будет дорожная карта до неё."
        )
        layout.addWidget(self.previous_plan)
        group = QGroupBox("Новая корректировка (сохраняется вместе с изменениями шага 4)")
        form = FormBuilder(QFormLayout(group), self.boxes)
        self.correction_made_on = form.date("correction_made_on", "Дата корректировки")
        self.correction_reason = form.combo(
            "correction_reason",
            "Причина",
            [("— выберите —", None)] + [(r.label, r) for r in CorrectionReason],
        )
        self.correction_description = form.text("correction_description", "Пояснение", 50)
        holder = QLabel()
        form.add("correction", "", holder)
        layout.addWidget(group)

    def _page_reflection(self, layout: QVBoxLayout) -> None:
        self.reflection_group = QGroupBox("По каждому из дефицитов (шаг 3)")
        self.reflection_grid = QGridLayout(self.reflection_group)
        layout.addWidget(self.reflection_group)
        form = FormBuilder(QFormLayout(), self.boxes)
        layout.addLayout(form.layout)
        self.reflection_on = form.date("reflection_on", "Дата анализа")
        self.closeness = form.combo(
            "closeness",
            "Приближение к желаемому\nобразу",
            [("—", None)] + [(c.label, c) for c in ImageCloseness],
        )
        self.reflection = form.text("reflection", "Рефлексия степени\nприближения к образу", 100)
        layout.addStretch()

    # --- keeping the pages in step -----------------------------------------------------------

    def _show_step(self, index: int) -> None:
        if index < 0:
            return
        self._update_marks()
        if index == 6:
            self._rebuild_reflection()
        if index in (3, 4):
            self._refresh_measures()
        self.pages.setCurrentIndex(index)
        # Row heights follow the column widths, known only once the page is shown.
        self.roadmap.resizeRowsToContents()
        self.implementation.resizeRowsToContents()
        self.corrections.resizeRowsToContents()
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)

    def _update_marks(self) -> None:
        """A tick on the steps that hold something: where the route stands at a glance."""
        self._keep_reflection()
        filled = (
            bool(self.desired_image.toPlainText().strip()),
            any(check.isChecked() for check, _, _ in self.achievements.values()),
            any(check.isChecked() for check, _, _ in self.deficits.values()),
            bool(self.measures),
            any(m.status is MeasureStatus.DONE for m in self.measures),
            bool(self.history),
            bool(self.reflection_on.text().strip() or self.reflection.toPlainText().strip())
            or any(outcome for outcome, _ in self.reflection_values.values()),
        )
        for index, done in enumerate(filled):
            item = self.steps.item(index)
            item.setText(f"{STEPS[index]} ✓" if done else STEPS[index])
            item.setToolTip("заполнено" if done else "ещё не заполнено")

    def go(self, index: int) -> None:
        if 0 <= index < len(STEPS):
            self.steps.setCurrentRow(index)

    def route_years(self) -> list[int]:
        try:
            start = parse_start_year(self.start_year.currentText(), self.today)
        except FieldError:
            return []
        text = self.years.currentText().strip()
        years = int(text) if text.isdigit() and 1 <= int(text) <= 5 else 5
        return [start + n for n in range(years)]

    def _period_changed(self) -> None:
        years = self.route_years()
        if years:
            self.period.setText(
                f"Маршрут: {academic_year_label(years[0])} – {academic_year_label(years[-1])} "
                f"учебные годы; идёт {self._year_note(years)}"
            )
        else:
            self.period.setText("")

    def _year_note(self, years: list[int]) -> str:
        current = academic_year_of(self.today)
        if current < years[0]:
            return "подготовка (маршрут ещё не начат)"
        if current > years[-1]:
            return "срок маршрута истёк"
        return f"{current - years[0] + 1}-й год"

    def _person_changed(self) -> None:
        """A new route for another teacher: take steps 2–3 from that teacher's card if empty."""
        if self.route_id is not None:
            return
        person_id = self.person.currentData()
        if person_id is None:
            return
        if not any(check.isChecked() for check, _, _ in self.deficits.values()):
            self.prefill_deficits()
        if not any(check.isChecked() for check, _, _ in self.achievements.values()):
            strengths, _, _ = self.service.profile_prefill(person_id)
            self._set_grid(self.achievements, strengths)
        if self.tutor.currentData() is None:
            combo_select(self.tutor, self.service.mentor_of(person_id))

    def prefill_deficits(self) -> None:
        person_id = self.person.currentData()
        if person_id is None:
            return
        _, deficits, request = self.service.profile_prefill(person_id)
        if not deficits:
            self.summary.setText(
                "В карточке педагога не отмечены профессиональные затруднения — отметьте их здесь."
            )
            self.summary.show()
            return
        current = self._grid_values(self.deficits)
        for category, line in deficits.items():
            current[category] = line
        self._set_grid(self.deficits, current)
        if request and not self.self_reflection.toPlainText().strip():
            self.self_reflection.setPlainText(f"Запрос наставляемого: {request}")

    def _grid_values(
        self, grid: dict[DeficitCategory, tuple[QCheckBox, QComboBox, QLineEdit]]
    ) -> dict[DeficitCategory, AssessmentDraft]:
        return {
            category: AssessmentDraft(
                level=_enum(level, DeficitLevel if grid is self.deficits else AchievementLevel),
                note=note.text(),
            )
            for category, (check, level, note) in grid.items()
            if check.isChecked()
        }

    def _set_grid(
        self,
        grid: dict[DeficitCategory, tuple[QCheckBox, QComboBox, QLineEdit]],
        values: dict[DeficitCategory, AssessmentDraft],
    ) -> None:
        for category, (check, level, note) in grid.items():
            line = values.get(category)
            check.setChecked(line is not None)
            combo_select(level, line.level if line else None)
            note.setText(line.note if line else "")

    def current_deficits(self) -> list[DeficitCategory]:
        return [c for c, (check, _, _) in self.deficits.items() if check.isChecked()]

    def _rebuild_reflection(self) -> None:
        self._keep_reflection()
        while self.reflection_grid.count():
            item = self.reflection_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.reflection_rows.clear()
        deficits = self.current_deficits()
        if not deficits:
            self.reflection_grid.addWidget(
                QLabel("На шаге 3 не отмечено ни одного дефицита."), 0, 0
            )
            return
        for column, text in enumerate(("<b>Дефицит</b>", "<b>Итог</b>", "<b>Что достигнуто</b>")):
            self.reflection_grid.addWidget(QLabel(text), 0, column)
        for row, category in enumerate(deficits, start=1):
            planned = [m for m in self.measures if category in m.deficits]
            done = sum(1 for m in planned if m.status is MeasureStatus.DONE)
            label = QLabel(f"{category.label}\n(выполнено {done} из {len(planned)})")
            outcome = QComboBox()
            outcome.addItem("—", None)
            for o in DeficitOutcome:
                outcome.addItem(o.label, o)
            text = QLineEdit()
            value, typed = self.reflection_values.get(category, (None, ""))
            combo_select(outcome, value)
            text.setText(typed)
            text.setCursorPosition(0)
            text.setToolTip(typed)
            self.reflection_grid.addWidget(label, row, 0)
            self.reflection_grid.addWidget(outcome, row, 1)
            self.reflection_grid.addWidget(text, row, 2)
            self.reflection_rows[category] = (outcome, text, label)
        self.reflection_grid.setColumnStretch(2, 1)

    def _keep_reflection(self) -> None:
        for category, (outcome, text, _label) in self.reflection_rows.items():
            self.reflection_values[category] = (_enum(outcome, DeficitOutcome), text.text())

    # --- the roadmap -----------------------------------------------------------------------

    def _refresh_measures(self, select: int | None = None) -> None:
        self.roadmap.setRowCount(len(self.measures))
        self.implementation.setRowCount(len(self.measures))
        for row, m in enumerate(self.measures):
            plan = {"academic_year": m.academic_year, "term": m.term.value if m.term else None}
            _fill_row(
                self.roadmap,
                row,
                [
                    str(row + 1),
                    m.section.short,
                    m.title,
                    plan_item_when(plan),
                    ", ".join(d.label for d in m.deficits),
                    m.hours,
                ],
            )
            product = m.product_title or (m.product_kind.label if m.product_kind else "")
            status = m.status.label + (f" {m.done_on}" if m.done_on else "")
            _fill_row(
                self.implementation,
                row,
                [
                    str(row + 1),
                    m.title,
                    academic_year_label(m.academic_year) if m.academic_year else "",
                    status,
                    product,
                    m.attitude,
                ],
            )
        self.roadmap.resizeRowsToContents()
        self.implementation.resizeRowsToContents()
        done = sum(1 for m in self.measures if m.status is MeasureStatus.DONE)
        self.progress_label.setText(f"Выполнено мероприятий: {done} из {len(self.measures)}")
        if select is not None and 0 <= select < len(self.measures):
            self.roadmap.selectRow(select)
            self.implementation.selectRow(select)

    def _selected(self, table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_measure(self) -> None:
        years = self.route_years()
        current = academic_year_of(self.today)
        start = MeasureDraft(
            academic_year=current if current in years else (years[0] if years else None)
        )
        value, accepted = MeasureDialog.edit(start, years, self.current_deficits(), self)
        if accepted and value is not None:
            self.measures.append(value)
            self._refresh_measures(len(self.measures) - 1)

    def edit_measure(self, row: int | None = None) -> None:
        row = self._selected(self.roadmap) if row is None else row
        if row is None:
            return
        value, accepted = MeasureDialog.edit(
            self.measures[row], self.route_years(), self.current_deficits(), self
        )
        if accepted and value is not None:
            self.measures[row] = value
            self._refresh_measures(row)

    def mark_measure(self) -> None:
        row = self._selected(self.implementation)
        if row is None:
            return
        value, accepted = MeasureDialog.edit(
            self.measures[row], self.route_years(), self.current_deficits(), self, True
        )
        if accepted and value is not None:
            self.measures[row] = value
            self._refresh_measures(row)

    def remove_measure(self) -> None:
        row = self._selected(self.roadmap)
        if row is None:
            return
        title = self.measures[row].title
        answer = QMessageBox.question(
            self,
            "Убрать мероприятие",
            f"Убрать из дорожной карты «{title}»?\nДо сохранения маршрута это можно отменить "
            "кнопкой «Закрыть» без сохранения.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            del self.measures[row]
            self._refresh_measures(min(row, len(self.measures) - 1))

    def move_measure(self, step: int) -> None:
        row = self._selected(self.roadmap)
        if row is None or not 0 <= row + step < len(self.measures):
            return
        self.measures[row], self.measures[row + step] = (
            self.measures[row + step],
            self.measures[row],
        )
        self._refresh_measures(row + step)

    def _show_previous_plan(self) -> None:
        row = self._selected(self.corrections)
        if row is None or row >= len(self.history):
            self.previous_plan.clear()
            return
        record = self.history[row]
        lines = [
            f"{n}. {describe_plan_item(item)}" for n, item in enumerate(record.previous_plan, 1)
        ]
        self.previous_plan.setPlainText(
            f"Дорожная карта до корректировки {format_date(record.made_on)}:\n" + "\n".join(lines)
        )

    # --- data ----------------------------------------------------------------------------

    def load(self, d: RouteDraft) -> None:
        combo_select(self.person, d.person_id)
        combo_select(self.tutor, d.tutor_id)
        self.start_year.setCurrentText(d.start_year)
        self.years.setCurrentText(d.years)
        combo_select(self.status, d.status)
        self.self_determination_on.setText(d.self_determination_on)
        self.self_reflection.setPlainText(d.self_reflection)
        self.desired_image.setPlainText(d.desired_image)
        self.diagnosed_on.setText(d.diagnosed_on)
        self._set_grid(self.achievements, d.achievements)
        self._set_grid(self.deficits, d.deficits)
        self.reflection_values = {
            c: (line.outcome, line.reflection) for c, line in d.deficits.items()
        }
        self.approved_on.setText(d.approved_on)
        self.measures = [dataclasses.replace(m) for m in d.measures]
        self.history = list(d.history)
        self.corrections.setRowCount(len(self.history))
        for row, c in enumerate(self.history):
            _fill_row(
                self.corrections,
                row,
                [format_date(c.made_on), c.reason.label, c.changes, c.description],
            )
        self.corrections.resizeRowsToContents()
        self.correction_made_on.setText(d.correction.made_on)
        combo_select(self.correction_reason, d.correction.reason)
        self.correction_description.setPlainText(d.correction.description)
        self.reflection_on.setText(d.reflection_on)
        combo_select(self.closeness, d.closeness)
        self.reflection.setPlainText(d.reflection)
        self.notes = d.notes
        self._refresh_measures()
        self._rebuild_reflection()
        self._update_marks()

    def draft(self) -> RouteDraft:
        self._keep_reflection()
        deficits = self._grid_values(self.deficits)
        for category, line in deficits.items():
            outcome, text = self.reflection_values.get(category, (None, ""))
            line.outcome = outcome
            line.reflection = text
        return RouteDraft(
            person_id=self.person.currentData(),
            tutor_id=self.tutor.currentData(),
            start_year=self.start_year.currentText(),
            years=self.years.currentText(),
            status=_enum(self.status, RouteStatus),
            self_determination_on=self.self_determination_on.text(),
            self_reflection=self.self_reflection.toPlainText(),
            desired_image=self.desired_image.toPlainText(),
            diagnosed_on=self.diagnosed_on.text(),
            achievements=self._grid_values(self.achievements),
            deficits=deficits,
            approved_on=self.approved_on.text(),
            measures=[dataclasses.replace(m) for m in self.measures],
            correction=CorrectionDraft(
                made_on=self.correction_made_on.text(),
                reason=_enum(self.correction_reason, CorrectionReason),
                description=self.correction_description.toPlainText(),
            ),
            history=list(self.history),
            reflection_on=self.reflection_on.text(),
            closeness=_enum(self.closeness, ImageCloseness),
            reflection=self.reflection.toPlainText(),
            notes=self.notes,
        )

    def is_dirty(self) -> bool:
        return self.draft() != self.loaded

    def save(self) -> bool:
        """Save as it stands (a draft at any step); stay in the editor."""
        draft = self.draft()
        try:
            self.route_id = self.service.save(self.route_id, draft, self.today, self.stamp)
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return False
        except AppError as exc:
            QMessageBox.warning(self, "Не удалось сохранить", exc.message)
            return False
        self.saved = True
        # Saved: the kept draft has done its job; keep watching under the route's own key.
        self.drafts.store.discard(self.drafts.key)
        self.drafts.key = f"route.{self.route_id}"
        _show(self.boxes, {})
        self.measure_errors.hide()
        self.person.setEnabled(False)
        current = self.steps.currentRow()
        self.stamp = record_stamp(self.service.db, IndividualRoute, self.route_id, "route")
        self.load(self.service.draft(self.route_id))
        self.loaded = self.draft()
        self.drafts._last = route_draft_to_dict(self.loaded)  # nothing unsaved to keep now
        self.steps.setCurrentRow(current)
        self._show_step(current)
        self.summary.setStyleSheet("color: #1b5e20;")
        self.summary.setText("Маршрут сохранён.")
        self.summary.show()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Маршрут",
                "Изменения не сохранены. Закрыть без сохранения?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _show_validation(self, errors: dict[str, str]) -> None:
        first = _show(self.boxes, errors)
        measure_messages = [m for k, m in sorted(errors.items()) if k.startswith("measure.")]
        self.measure_errors.setText("\n".join(measure_messages))
        self.measure_errors.setVisible(bool(measure_messages))
        self.summary.setStyleSheet(ERROR_STYLE)
        count = len(errors)
        self.summary.setText(
            f"Не сохранено: ошибок — {count}. Сообщения — у полей на указанных шагах."
            + "\n"
            + "\n".join(errors.values())
        )
        self.summary.show()
        steps = sorted(
            FIELD_STEP.get(key, 3 if key.startswith("measure.") else -1) for key in errors
        )
        step = next((s for s in steps if s >= 0), None)
        if step is not None:
            self.steps.setCurrentRow(step)
            if measure_messages and step == 3:
                index = int(
                    next(k for k in sorted(errors) if k.startswith("measure.")).split(".")[1]
                )
                self.roadmap.selectRow(index)
        if first is not None:
            # Scroll the step's page so that the first wrong field is in sight.
            area = self.pages.currentWidget()
            if isinstance(area, QScrollArea) and area.widget().isAncestorOf(first):
                area.ensureWidgetVisible(first)
            first.field.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def edit(
        cls,
        service: RouteService,
        route_id: int | None = None,
        person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> tuple[int | None, bool]:
        """Open the editor; (route id, whether anything was saved)."""
        dialog = cls(service, route_id, person_id, parent)
        dialog.exec()
        return dialog.route_id, dialog.saved
