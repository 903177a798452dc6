"""The pair/group form with the mentor suggestions beside it, and the small dialogs of the
«Пары и группы» section: a status change, the matching weights, the order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, EditConflict, NotFound, ValidationError
from desktop_app.models import MentoringForm, MentoringKind, PairStatus
from desktop_app.services.concurrency import merge_drafts
from desktop_app.services.matching import CRITERIA, MatchingService, Suggestion
from desktop_app.services.pairs import PairDraft, PairService, add_months
from desktop_app.services.validation import FieldError, format_date, parse_date
from desktop_app.ui.conflict_banner import ConflictBanner
from desktop_app.ui.widgets import (
    ERROR_STYLE,
    FieldBox,
    FormBuilder,
    combo_select,
    fit_to_screen,
    show_errors,
)

WARNING_STYLE = "background: #fff4ce; color: #5c4400; padding: 4px;"


def default_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """A new pair starts today and runs to the end of the school year (at least 3 months)."""
    end = dt.date(today.year + (1 if today.month >= 6 else 0), 5, 31)
    if end < add_months(today, 3):
        end = add_months(today, 9)
    return today, end


def _buttons(dialog: QDialog, save_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    buttons.rejected.connect(dialog.reject)
    return buttons


class SuggestionTable(QTableWidget):
    """Mentors for one mentee, best first, with the reasons spelled out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("suggestions")
        self.setHorizontalHeaderLabels(["Оценка", "Наставник", "Почему"])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.setColumnWidth(1, 150)
        self.suggestions: list[Suggestion] = []
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        # Reasons wrap: the rows grow with the text whenever the width changes.
        self.resizeRowsToContents()

    def show_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        self.setRowCount(len(suggestions))
        for row, s in enumerate(suggestions):
            score = QTableWidgetItem(f"{s.score:.0f}")
            score.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            name = QTableWidgetItem(s.mentor_name)
            name.setToolTip(f"{s.mentor_name}\n{s.position}\n{s.organisation}")
            why = QTableWidgetItem(s.explanation)
            why.setToolTip(s.explanation)
            if s.blocked:
                for item in (score, name, why):
                    item.setForeground(QColor("#8a1c1c"))
            self.setItem(row, 0, score)
            self.setItem(row, 1, name)
            self.setItem(row, 2, why)
        self.resizeRowsToContents()
        if suggestions:
            self.selectRow(0)

    def selected(self) -> Suggestion | None:
        rows = self.selectionModel().selectedRows()
        return self.suggestions[rows[0].row()] if rows else None


class PairDialog(QDialog):
    """Create or edit a pair or group; suggestions for the chosen mentee beside the form."""

    def __init__(
        self,
        pairs: PairService,
        matching: MatchingService,
        pair_id: int | None = None,
        preset: PairDraft | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.pairs = pairs
        self.matching = matching
        self.pair_id = pair_id
        self.today = today or dt.date.today()
        self.saved_id: int | None = None
        self.boxes: dict[str, FieldBox] = {}
        self._confirmed: list[str] | None = None
        self.setWindowTitle("Новая пара или группа" if pair_id is None else "Пара (группа)")
        fit_to_screen(self, 1060, 620)
        self.mentors, self.mentees = matching.load(self.today)
        unpaired = {u.id for u in pairs.unpaired_mentees()}

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        build = FormBuilder(form, self.boxes)
        self.group = build.combo("is_group", "&Состав", [("пара", False), ("группа", True)])
        self.title = build.line("title", "Название группы")
        self.mentor = build.combo("mentor", "&Наставник", [("— выберите —", None)])
        for m in sorted(self.mentors.values(), key=lambda m: m.full_name):
            self.mentor.addItem(f"{m.full_name} — свободно {max(m.free, 0)} из {m.capacity}", m.id)
        self.form = build.combo("form", "&Форма", [(f.label, f) for f in MentoringForm])
        kinds_widget = QWidget()
        grid = QGridLayout(kinds_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kinds: dict[MentoringKind, QCheckBox] = {}
        for index, kind in enumerate(MentoringKind):
            # Short words keep the form narrow; the full name of the kind is in the tooltip.
            box = QCheckBox(kind.label.split(" (")[0])
            box.setToolTip(kind.label)
            self.kinds[kind] = box
            grid.addWidget(box, index // 2, index % 2)
        build.add("kinds", "Вид", kinds_widget)
        self.direction = build.line(
            "direction", "На&правление", "например: методическое сопровождение"
        )
        self.start_on = build.date("start_on", "Н&ачало")
        self.planned_end_on = build.date("planned_end_on", "&Окончание (план)")
        self.mentor_consent_on = build.date("mentor_consent_on", "Согласие наставника")
        self.mentee_consent_on = build.date("mentee_consent_on", "Согласие наставляемых")
        self.order_number = build.line("order_number", "Приказ №")
        self.order_number.setMaximumWidth(140)
        self.order_date = build.date("order_date", "Приказ от")
        self.status = build.combo(
            "status", "С&татус", [(s.label, s) for s in (PairStatus.FORMING, PairStatus.ACTIVE)]
        )
        self.override = build.line(
            "capacity_override_reason",
            "Причина сверх мест",
            "если наставник берёт больше, чем указано в его карточке",
        )
        self.notes = build.text("notes", "Примечание", 48)
        for combo in (self.mentor, self.form):
            # Long names must not widen the form: the combo shrinks and elides, the list opens
            # wide enough to read.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(18)
            combo.view().setMinimumWidth(420)
        scroll = QScrollArea()
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form_widget)
        self.scroll = scroll

        # Right side: mentees to choose from, and mentors suggested for the chosen one.
        self.mentee_filter = QLineEdit()
        self.mentee_filter.setPlaceholderText("Найти наставляемого")
        self.mentee_filter.setClearButtonEnabled(True)
        self.mentee_list = QListWidget()
        self.mentee_list.setObjectName("mentee_list")
        for info in self.mentees.values():
            mark = " — нуждается в наставнике" if info.id in unpaired else ""
            item = QListWidgetItem(f"{info.full_name}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.mentee_list.addItem(item)
        mentee_box = FieldBox(self.mentee_list)
        self.boxes["mentees"] = mentee_box
        mentees_group = QGroupBox("Наставляемые (отметьте)")
        mentees_layout = QVBoxLayout(mentees_group)
        mentees_layout.addWidget(self.mentee_filter)
        mentees_layout.addWidget(mentee_box, 1)

        self.suggestion_title = QLabel("Подходящие наставники")
        self.suggestion_table = SuggestionTable()
        self.choose_button = QDialogButtonBox()
        choose = self.choose_button.addButton(
            "Назначить &выбранного наставником", QDialogButtonBox.ButtonRole.ActionRole
        )
        choose.setAutoDefault(False)
        choose.clicked.connect(self.take_suggestion)
        self.suggestion_table.doubleClicked.connect(lambda _i: self.take_suggestion())
        suggestions_group = QGroupBox("Подбор наставника")
        suggestions_layout = QVBoxLayout(suggestions_group)
        suggestions_layout.addWidget(self.suggestion_title)
        suggestions_layout.addWidget(self.suggestion_table, 1)
        suggestions_layout.addWidget(self.choose_button)

        right = QVBoxLayout()
        right.addWidget(mentees_group, 2)
        right.addWidget(suggestions_group, 3)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 9)
        columns.addLayout(right, 11)

        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = _buttons(self, "Сохранить")
        buttons.accepted.connect(self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        # Someone else saved this pair while the form was open (a shared server).
        self.conflict = ConflictBanner(self.refresh_card)
        self.conflict.refresh_button.setText("Обновить данные пары")
        self.stamp = None

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.conflict)
        layout.addWidget(self.warnings)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        self.group.currentIndexChanged.connect(self._sync_group)
        self.mentee_list.itemChanged.connect(self._mentees_changed)
        self.mentee_filter.textChanged.connect(self._filter_mentees)

        if pair_id is not None:
            loaded = pairs.draft(pair_id)
            self.stamp = loaded.stamp
            self.load(loaded)
            self.status.setEnabled(False)
            self.status.setToolTip("Статус меняется кнопками раздела: начать, завершить…")
        else:
            start, end = default_dates(self.today)
            draft = preset or PairDraft()
            draft.start_on = draft.start_on or format_date(start)
            draft.planned_end_on = draft.planned_end_on or format_date(end)
            if not draft.kinds:
                draft.kinds = [MentoringKind.GROUP if draft.is_group else MentoringKind.TRADITIONAL]
            self.load(draft)
        self._sync_group()
        self._mentees_changed()
        # The pair as loaded, read back from the form: the base of «Обновить данные пары».
        self.base = self.draft() if pair_id is not None else None

    # --- draft <-> widgets ---------------------------------------------------------------

    def load(self, d: PairDraft) -> None:
        combo_select(self.group, d.is_group)
        self.title.setText(d.title)
        combo_select(self.mentor, d.mentor_id)
        combo_select(self.form, d.form)
        for kind, box in self.kinds.items():
            box.setChecked(kind in d.kinds)
        self.direction.setText(d.direction)
        self.start_on.setText(d.start_on)
        self.planned_end_on.setText(d.planned_end_on)
        self.mentor_consent_on.setText(d.mentor_consent_on)
        consent = next((v for v in d.mentee_consent_on.values() if v), "")
        self.mentee_consent_on.setText(consent)
        self.order_number.setText(d.order_number)
        self.order_date.setText(d.order_date)
        combo_select(self.status, d.status)
        self.override.setText(d.capacity_override_reason)
        self.notes.setPlainText(d.notes)
        self.mentee_list.blockSignals(True)
        for row in range(self.mentee_list.count()):
            item = self.mentee_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in d.mentee_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and not self.mentee_list.currentItem():
                self.mentee_list.setCurrentItem(item)
        self.mentee_list.blockSignals(False)
        if self.mentee_list.currentItem() is not None:
            self.mentee_list.scrollToItem(self.mentee_list.currentItem())

    def checked_mentees(self) -> list[int]:
        return [
            self.mentee_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.mentee_list.count())
            if self.mentee_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def draft(self) -> PairDraft:
        mentee_ids = self.checked_mentees()
        consent = self.mentee_consent_on.text()
        return PairDraft(
            is_group=bool(self.group.currentData()),
            title=self.title.text(),
            mentor_id=self.mentor.currentData(),
            mentee_ids=mentee_ids,
            form=MentoringForm(self.form.currentData()) if self.form.currentData() else None,
            kinds=[k for k, box in self.kinds.items() if box.isChecked()],
            direction=self.direction.text(),
            start_on=self.start_on.text(),
            planned_end_on=self.planned_end_on.text(),
            mentor_consent_on=self.mentor_consent_on.text(),
            mentee_consent_on={m: consent for m in mentee_ids},
            order_number=self.order_number.text(),
            order_date=self.order_date.text(),
            status=PairStatus(self.status.currentData()),
            capacity_override_reason=self.override.text(),
            notes=self.notes.toPlainText(),
            stamp=self.stamp,
        )

    # --- reactions -----------------------------------------------------------------------

    def _sync_group(self) -> None:
        is_group = bool(self.group.currentData())
        self.title.setEnabled(is_group)
        self.boxes["title"].setVisible(True)
        if is_group and not self.kinds[MentoringKind.GROUP].isChecked():
            self.kinds[MentoringKind.GROUP].setChecked(True)
            self.kinds[MentoringKind.TRADITIONAL].setChecked(False)

    def _filter_mentees(self, text: str) -> None:
        needle = text.casefold().replace("ё", "е")
        for row in range(self.mentee_list.count()):
            item = self.mentee_list.item(row)
            hay = item.text().casefold().replace("ё", "е")
            item.setHidden(bool(needle) and needle not in hay)

    def _mentees_changed(self, *_args: object) -> None:
        checked = self.checked_mentees()
        if len(checked) > 1 and not self.group.currentData():
            combo_select(self.group, True)
        first = self.mentees.get(checked[0]) if checked else None
        if first is None:
            self.suggestion_title.setText("Отметьте наставляемого — здесь появятся наставники.")
            self.suggestion_table.show_suggestions([])
            return
        self.suggestion_title.setText(f"Наставники для: {first.full_name}")
        try:
            self.suggestion_table.show_suggestions(
                self.matching.suggest(first.id, today=self.today)
            )
        except AppError as exc:
            self.suggestion_title.setText(exc.message)

    def take_suggestion(self) -> None:
        chosen = self.suggestion_table.selected()
        if chosen is None:
            return
        combo_select(self.mentor, chosen.mentor_id)
        mentor = self.mentors.get(chosen.mentor_id)
        own = next(
            (self.mentees[m].organisation_id for m in self.checked_mentees() if m in self.mentees),
            None,
        )
        # A mentor from another organisation: open mentoring, usually a college or a partner.
        if (
            mentor is not None
            and own is not None
            and mentor.organisation_id != own
            and self.form.currentData() == MentoringForm.TEACHER_TEACHER
        ):
            combo_select(self.form, MentoringForm.COLLEGE_TEACHER)
        if "нет свободных мест" in chosen.explanation and not self.override.text():
            self.override.setFocus()
        self.mentor.setFocus()

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        draft = self.draft()
        try:
            warnings = self.pairs.check(draft, self.pair_id, today=self.today)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        show_errors(self.boxes, {})
        self.summary.hide()
        if warnings and warnings != self._confirmed:
            # Warnings do not stop saving, but the curator reads them first.
            self._confirmed = warnings
            self.warnings.setText("Обратите внимание:\n" + "\n".join(f"• {w}" for w in warnings))
            self.warnings.show()
            self.save_button.setText("Сохранить всё равно")
            return
        try:
            if self.pair_id is None:
                self.saved_id = self.pairs.create(draft, today=self.today)
            else:
                self.pairs.update(self.pair_id, draft, today=self.today)
                self.saved_id = self.pair_id
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except EditConflict as exc:
            # The form stays open with everything chosen and typed.
            self.conflict.conflict(
                exc.message.replace("«Обновить карточку»", "«Обновить данные пары»"),
                can_refresh=self.pair_id is not None and not exc.deleted,
            )
            self.save_button.setText("Сохранить")
            self._confirmed = None
            return
        except AppError as exc:
            QMessageBox.warning(self, "Не удалось сохранить", exc.message)
            return
        self.accept()

    FIELD_BOXES: ClassVar[dict[str, str]] = {"mentor_id": "mentor", "mentee_ids": "mentees"}

    def refresh_card(self) -> None:
        """Load the pair as stored now, keep what was typed, mark fields both changed."""
        if self.pair_id is None or self.base is None:
            return
        try:
            fresh = self.pairs.draft(self.pair_id)
        except NotFound as exc:
            self.conflict.conflict(exc.message, can_refresh=False)
            return
        mine = self.draft()
        self.load(fresh)
        self._sync_group()
        theirs = self.draft()
        merged, clashes = merge_drafts(self.base, mine, theirs)
        self.base, self.stamp = theirs, fresh.stamp
        self.load(merged)
        self._sync_group()
        self._mentees_changed()
        self.summary.hide()
        self.conflict.refreshed(clashes, self.boxes, self.FIELD_BOXES)

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = show_errors(self.boxes, errors)
        shown = {name for name in errors if name in self.boxes}
        rest = [message for name, message in errors.items() if name not in shown]
        self.summary.setText(
            "Не сохранено: исправьте отмеченные поля." + ("\n" + "\n".join(rest) if rest else "")
        )
        self.summary.show()
        self.save_button.setText("Сохранить")
        self._confirmed = None
        if first is not None:
            if self.scroll.widget().isAncestorOf(first):
                self.scroll.ensureWidgetVisible(first)
            first.field.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def edit(
        cls,
        pairs: PairService,
        matching: MatchingService,
        pair_id: int | None = None,
        preset: PairDraft | None = None,
        parent: QWidget | None = None,
    ) -> tuple[int | None, bool]:
        dialog = cls(pairs, matching, pair_id, preset, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved_id, accepted


class StatusDialog(QDialog):
    """Начать работу / завершить / расторгнуть: the day, and the order number or the reason.

    ``apply(values)`` does the change and may raise ``ValidationError``; the dialog then shows
    the message next to the field and stays open with what was typed.
    """

    TITLES: ClassVar[dict[str, tuple[str, str]]] = {
        "activate": ("Начать работу пары", "Начать"),
        "complete": ("Завершить пару", "Завершить"),
        "terminate": ("Расторгнуть пару", "Расторгнуть"),
    }

    def __init__(
        self,
        action: str,
        label: str,
        apply: Callable[[dict[str, object]], None],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.apply = apply
        self.today = today or dt.date.today()
        title, button = self.TITLES[action]
        self.setWindowTitle(title)
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        heading = QLabel(label)
        heading.setWordWrap(True)
        self.day = build.date("ended_on" if action != "activate" else "status", "&Дата")
        self.day.setText(format_date(self.today))
        self.order_number = self.order_date = self.reason = None
        if action == "activate":
            self.order_number = build.line("order_number", "Приказ &№")
            self.order_date = build.date("order_date", "Приказ &от")
        elif action == "terminate":
            self.reason = build.line("end_reason", "&Причина", "например: наставник уволился")
        else:
            self.reason = build.line("note", "&Итог", "необязательно")
        buttons = _buttons(self, button)
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_screen(self, 520, 240)

    def save(self) -> None:
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        day_field = "ended_on" if self.action != "activate" else "status"
        try:
            values["day"] = parse_date(self.day.text(), "Дата", allow_future=True, today=self.today)
        except FieldError as exc:
            errors[day_field] = exc.message
        if values.get("day") is None and day_field not in errors:
            errors[day_field] = "Дата: укажите дату."
        if self.order_date is not None and self.order_number is not None:
            values["order_number"] = self.order_number.text()
            try:
                values["order_date"] = parse_date(
                    self.order_date.text(), "Приказ от", allow_future=True, today=self.today
                )
            except FieldError as exc:
                errors["order_date"] = exc.message
        if self.reason is not None:
            values["reason"] = self.reason.text()
        if not errors:
            try:
                self.apply(values)
            except ValidationError as exc:
                errors = exc.errors
        if errors:
            first = show_errors(self.boxes, errors)
            rest = [m for n, m in errors.items() if n not in self.boxes]
            if rest:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(rest))
            if first is not None:
                first.field.setFocus()
            return
        self.accept()


class WeightsDialog(QDialog):
    """«Критерии подбора»: the weight of each criterion, 0–100, kept in the database."""

    def __init__(self, matching: MatchingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matching = matching
        self.setWindowTitle("Критерии подбора наставника")
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        weights = matching.weights()
        self.edits: dict[str, QLineEdit] = {}
        for key, label, _ in CRITERIA:
            edit = build.line(key, label)
            edit.setMaximumWidth(80)
            edit.setText(str(weights.values.get(key, 0)))
            self.edits[key] = edit
        note = QLabel(
            "Оценка наставника — сумма критериев с этими весами, от 0 до 100. "
            "Наставник без согласия на назначение, без согласия на обработку персональных "
            "данных или без свободных мест в подбор для всей школы не попадает."
        )
        note.setWordWrap(True)
        buttons = _buttons(self, "Сохранить")
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 320)

    def save(self) -> None:
        try:
            self.matching.save_weights({k: e.text() for k, e in self.edits.items()})
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            if first is not None:
                first.field.setFocus()
            return
        self.accept()
