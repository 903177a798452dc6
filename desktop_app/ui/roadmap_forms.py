"""Dialogs of the roadmap: a new roadmap from a template, its details, one item (activity)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, EditConflict, ValidationError
from desktop_app.models import RoadmapItem
from desktop_app.services.concurrency import merge_drafts, record_stamp
from desktop_app.services.deadlines import describe, parse_deadline, school_year_of
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.services.roadmap import (
    EVENT_KINDS,
    ItemDraft,
    RoadmapDraft,
    RoadmapService,
    list_templates,
)
from desktop_app.ui.conflict_banner import ConflictBanner
from desktop_app.ui.widgets import ERROR_STYLE, FieldBox, FormBuilder, fit_to_screen, show_errors


def _buttons(dialog: QDialog, ok_text: str = "Сохранить") -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    buttons.rejected.connect(dialog.reject)
    return buttons


def _summary() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class NewRoadmapDialog(QDialog):
    """«Новая дорожная карта»: a filled plan from a template for a school year."""

    def __init__(self, service: RoadmapService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.saved_id: int | None = None
        self.setWindowTitle("Новая дорожная карта")
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        builder = FormBuilder(form, self.boxes)
        self.template = QComboBox()
        self.template.setObjectName("template")
        for template in list_templates():
            mark = " (свой)" if template.user else ""
            self.template.addItem(template.name + mark, template.key)
        self.template.addItem("Пустая дорожная карта", "")
        builder.add("template", "&Шаблон:", self.template)
        self.first_year = QSpinBox()
        self.first_year.setRange(2000, 2100)
        this_year = school_year_of(dt.date.today())
        self.first_year.setValue(this_year)
        self.first_year.setObjectName("first_year")
        self.first_year.valueChanged.connect(self._sync_label)
        builder.add("first_year", "&Учебный год с сентября:", self.first_year)
        self.years = QSpinBox()
        self.years.setRange(1, 6)
        self.years.setSuffix(" уч. г.")
        self.years.valueChanged.connect(self._sync_label)
        builder.add("years", "&Период:", self.years)
        self.period_label = QLabel()
        form.addRow("", self.period_label)
        self.title = builder.line("title", "&Наименование:", "по умолчанию — из шаблона")
        self.summary = _summary()
        buttons = _buttons(self, "Создать")
        buttons.accepted.connect(self.save)
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Программа заполнит план мероприятиями шаблона со сроками на выбранный учебный "
            "год; дальше его можно свободно править."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 300)
        self._sync_label()

    def _sync_label(self) -> None:
        first = self.first_year.value()
        last = first + self.years.value()
        self.period_label.setText(f"с 01.09.{first} по 31.08.{last}")

    def save(self) -> None:
        key = self.template.currentData()
        first = self.first_year.value()
        try:
            if key:
                self.saved_id = self.service.create_from_template(
                    key, first, self.title.text(), years=self.years.value()
                )
            else:
                title = self.title.text().strip() or (
                    "План мероприятий «Дорожная карта» по внедрению системы наставничества "
                    f"педагогических работников на {first}/{first + 1} учебный год"
                )
                self.saved_id = self.service.create(
                    RoadmapDraft(
                        title=title,
                        period_start=f"01.09.{first}",
                        period_end=f"31.08.{first + self.years.value()}",
                    )
                )
        except ValidationError as exc:
            show_errors(self.boxes, exc.errors)
            self.summary.setText("\n".join(exc.errors.values()))
            self.summary.show()
            return
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self.accept()

    @classmethod
    def ask(cls, service: RoadmapService, parent: QWidget | None = None) -> tuple[int | None, bool]:
        dialog = cls(service, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved_id, accepted


class RoadmapDialog(QDialog):
    """The roadmap's own details: title, period, approval and the order that approved it."""

    def __init__(
        self, service: RoadmapService, roadmap_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.roadmap_id = roadmap_id
        self.setWindowTitle("Сведения о дорожной карте")
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        b = FormBuilder(form, self.boxes)
        self.title = b.text("title", "&Наименование:", 70)
        self.period_start = b.date("period_start", "Начало &периода:")
        self.period_end = b.date("period_end", "&Конец периода:")
        self.approved_on = b.date("approved_on", "«&УТВЕРЖДАЮ», дата:")
        self.order_number = b.line("order_number", "Приказ об утверждении, &№:")
        self.order_number.setMaximumWidth(140)
        self.order_date = b.date("order_date", "Приказ об утверждении, &дата:")
        self.notes = b.text("notes", "При&мечание:", 50)
        self.summary = _summary()
        buttons = _buttons(self)
        buttons.accepted.connect(self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 420)
        d = service.roadmap_draft(roadmap_id)
        self.title.setPlainText(d.title)
        self.period_start.setText(d.period_start)
        self.period_end.setText(d.period_end)
        self.approved_on.setText(d.approved_on)
        self.order_number.setText(d.order_number)
        self.order_date.setText(d.order_date)
        self.notes.setPlainText(d.notes)

    def draft(self) -> RoadmapDraft:
        return RoadmapDraft(
            title=self.title.toPlainText(),
            period_start=self.period_start.text(),
            period_end=self.period_end.text(),
            approved_on=self.approved_on.text(),
            order_number=self.order_number.text(),
            order_date=self.order_date.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        try:
            self.service.update(self.roadmap_id, self.draft())
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            self.summary.setText("Не сохранено — см. сообщения у полей.")
            self.summary.show()
            if first is not None:
                first.field.setFocus()
            return
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self.accept()

    @classmethod
    def edit(cls, service: RoadmapService, roadmap_id: int, parent: QWidget | None = None) -> bool:
        return cls(service, roadmap_id, parent).exec() == QDialog.DialogCode.Accepted


class ItemDialog(QDialog):
    """One line of the plan: an activity (with tracking and, for an event, its participants)
    or a section heading."""

    def __init__(
        self,
        service: RoadmapService,
        roadmap_id: int,
        item_id: int | None = None,
        *,
        is_section: bool = False,
        after_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.roadmap_id = roadmap_id
        self.item_id = item_id
        self.after_id = after_id
        self.saved_id: int | None = None
        # The version shown, checked on «Сохранить» (two people editing the same roadmap).
        self.stamp = (
            record_stamp(service.db, RoadmapItem, item_id, "roadmap", service.item_roadmap(item_id))
            if item_id is not None
            else None
        )
        draft = service.item_draft(item_id) if item_id is not None else ItemDraft()
        self.is_section = draft.is_section if item_id is not None else is_section
        self.boxes: dict[str, FieldBox] = {}
        if self.is_section:
            self.setWindowTitle("Раздел дорожной карты")
        else:
            self.setWindowTitle("Мероприятие" if item_id else "Новое мероприятие")

        body = QWidget()
        form = QFormLayout(body)
        b = FormBuilder(form, self.boxes)
        label = "&Наименование раздела:" if self.is_section else "&Наименование мероприятия:"
        self.title = b.text("title", label, 60)
        if not self.is_section:
            self.deadline = b.line(
                "deadline_text", "&Срок:", "например: ежегодно, апрель; до 01.10.2025; постоянно"
            )
            self.deadline_reading = QLabel()
            self.deadline_reading.setObjectName("deadline_reading")
            self.deadline_reading.setStyleSheet("color: #555;")
            self.deadline_reading.setWordWrap(True)
            form.addRow("", self.deadline_reading)
            self.deadline.textChanged.connect(self._read_deadline)
            self.responsible = b.line("responsible", "&Ответственный:", "директор, куратор…")
            self.result_text = b.text("result", "&Результат, вид документа:", 50)
            self.done_on = b.date("done_on", "&Выполнено (дата):")
            self.note = b.text("note", "При&мечание:", 40)
            self.document = QLineEdit()
            self.document.setObjectName("document")
            self.document.setPlaceholderText("файл или запись программы, например «Приказ № 118»")
            attach = QPushButton("&Прикрепить файл…")
            attach.clicked.connect(self._attach)
            self.open_document = QPushButton("О&ткрыть")
            self.open_document.clicked.connect(self._open_document)
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(self.document, 1)
            row_layout.addWidget(attach)
            row_layout.addWidget(self.open_document)
            b.add("document", "&Документ:", row)
            form.addRow(self._event_group(draft))

        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(body)
        self.summary = _summary()
        buttons = _buttons(self)
        buttons.accepted.connect(self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Someone else saved this activity while the form was open (a shared server).
        self.conflict = ConflictBanner(self.refresh_item)
        self.conflict.refresh_button.setText("Обновить мероприятие")
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        layout.addWidget(self.conflict)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 300 if self.is_section else 640)
        self.load(draft)
        # As loaded, read back from the form: the base «Обновить мероприятие» merges against.
        self.base = self.draft() if item_id is not None else None

    def _event_group(self, draft: ItemDraft) -> QGroupBox:
        group = QGroupBox("Мероприятие с участниками (семинар, круглый стол, заседание ШМО…)")
        form = QFormLayout(group)
        b = FormBuilder(form, self.boxes)
        self.event_kind = QComboBox()
        self.event_kind.setEditable(True)
        self.event_kind.setObjectName("event_kind")
        self.event_kind.addItem("")
        self.event_kind.addItems(list(EVENT_KINDS))
        b.add("event_kind", "&Вид:", self.event_kind)
        self.event_date = b.date("event_date", "Дата про&ведения:")
        self.place = b.line("place", "&Место:")
        self.people = QTableWidget(0, 3)
        self.people.setObjectName("participants")
        self.people.setHorizontalHeaderLabels(["Педагог", "Участник", "Присутствовал"])
        self.people.verticalHeader().hide()
        self.people.setMinimumHeight(150)
        self.people.horizontalHeader().setStretchLastSection(False)
        self.people.setColumnWidth(0, 280)
        self.people.setColumnWidth(1, 90)
        self.people.setColumnWidth(2, 120)
        service = PeopleService(self.service.db)
        ids = service.query_ids(PeopleFilter())
        rows = service.rows(ids)
        known = set(ids)
        extra = [pid for pid in draft.participant_ids if pid not in known]
        names = self.service.people_names(extra)
        entries = [(pid, rows[pid].full_name) for pid in ids if pid in rows]
        entries += [(pid, names.get(pid, f"№ {pid} (в архиве)")) for pid in extra]
        # Those invited come first, so the list reads as the attendance sheet.
        invited = set(draft.participant_ids)
        entries.sort(key=lambda entry: entry[0] not in invited)
        self.people.setRowCount(len(entries))
        for number, (pid, name) in enumerate(entries):
            cell = QTableWidgetItem(name)
            cell.setData(Qt.ItemDataRole.UserRole, pid)
            cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.people.setItem(number, 0, cell)
            for column in (1, 2):
                box = QTableWidgetItem()
                box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                box.setCheckState(Qt.CheckState.Unchecked)
                self.people.setItem(number, column, box)
        self.people.itemChanged.connect(self._sync_attendance)
        b.add("attended", "&Участники:", self.people)
        return group

    def _sync_attendance(self, cell: QTableWidgetItem) -> None:
        # Ticking «присутствовал» makes the person a participant; unticking a participant
        # unticks attendance, so the two lists never disagree.
        row, column = cell.row(), cell.column()
        invited = self.people.item(row, 1)
        came = self.people.item(row, 2)
        if invited is None or came is None:
            return
        self.people.blockSignals(True)
        if column == 2 and came.checkState() == Qt.CheckState.Checked:
            invited.setCheckState(Qt.CheckState.Checked)
        if column == 1 and invited.checkState() == Qt.CheckState.Unchecked:
            came.setCheckState(Qt.CheckState.Unchecked)
        self.people.blockSignals(False)

    def _checked(self, column: int) -> list[int]:
        ids: list[int] = []
        for row in range(self.people.rowCount()):
            box = self.people.item(row, column)
            if box is not None and box.checkState() == Qt.CheckState.Checked:
                ids.append(self.people.item(row, 0).data(Qt.ItemDataRole.UserRole))
        return ids

    def _read_deadline(self) -> None:
        text = self.deadline.text()
        if not text.strip():
            self.deadline_reading.setText("Срок не указан — мероприятие будет «без срока».")
            return
        self.deadline_reading.setText(f"Программа поняла: {describe(parse_deadline(text))}")

    def _attach(self) -> None:
        if self.item_id is None:
            QMessageBox.information(
                self, "Документ", "Сначала сохраните мероприятие, затем прикрепите файл."
            )
            return
        settings = QSettings()
        folder = str(settings.value("paths/roadmap_documents", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(self, "Документ мероприятия", folder)
        if not name:
            return
        settings.setValue("paths/roadmap_documents", str(Path(name).parent))
        try:
            self.document.setText(self.service.attach_document(self.item_id, Path(name)))
        except AppError as exc:
            QMessageBox.warning(self, "Документ", exc.message)

    def _open_document(self) -> None:
        path = self.service.document_path(self.item_id) if self.item_id else None
        if path is None:
            QMessageBox.information(
                self, "Документ", "Файл не прикреплён — в поле записано только название."
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def load(self, d: ItemDraft) -> None:
        self.title.setPlainText(d.title)
        if self.is_section:
            return
        self.deadline.setText(d.deadline_text)
        self._read_deadline()
        self.responsible.setText(d.responsible)
        self.result_text.setPlainText(d.result)
        self.done_on.setText(d.done_on)
        self.note.setPlainText(d.note)
        self.document.setText(d.document)
        self.event_kind.setCurrentText(d.event_kind)
        self.event_date.setText(d.event_date)
        self.place.setText(d.place)
        self.people.blockSignals(True)
        for row in range(self.people.rowCount()):
            pid = self.people.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for column, ids in ((1, d.participant_ids), (2, d.attended_ids)):
                state = Qt.CheckState.Checked if pid in ids else Qt.CheckState.Unchecked
                self.people.item(row, column).setCheckState(state)
        self.people.blockSignals(False)

    def draft(self) -> ItemDraft:
        if self.is_section:
            return ItemDraft(title=self.title.toPlainText(), is_section=True)
        return ItemDraft(
            title=self.title.toPlainText(),
            deadline_text=self.deadline.text(),
            responsible=self.responsible.text(),
            result=self.result_text.toPlainText(),
            done_on=self.done_on.text(),
            note=self.note.toPlainText(),
            document=self.document.text(),
            event_kind=self.event_kind.currentText(),
            event_date=self.event_date.text(),
            place=self.place.text(),
            participant_ids=self._checked(1),
            attended_ids=self._checked(2),
        )

    def save(self) -> None:
        draft = self.draft()
        try:
            if self.item_id is None:
                self.saved_id = self.service.add_item(self.roadmap_id, draft, self.after_id)
            else:
                self.service.update_item(self.item_id, draft, self.stamp)
                self.saved_id = self.item_id
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            count = len(exc.errors)
            self.summary.setText(
                f"Не сохранено: неверно заполнено полей — {count}; см. сообщения у полей."
            )
            self.summary.show()
            if first is not None:
                first.field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except EditConflict as exc:
            # The form stays open with everything typed; the strip offers the fresh data.
            self.conflict.conflict(
                exc.message.replace("«Обновить карточку»", "«Обновить мероприятие»"),
                can_refresh=not exc.deleted,
            )
            return
        except AppError as exc:
            QMessageBox.warning(self, "Не удалось сохранить", exc.message)
            return
        self.accept()

    def refresh_item(self) -> None:
        """Load the activity as stored now, keep what was typed, mark fields both changed."""
        if self.item_id is None or self.base is None:
            return
        stamp = record_stamp(
            self.service.db,
            RoadmapItem,
            self.item_id,
            "roadmap",
            self.service.item_roadmap(self.item_id),
        )
        try:
            fresh = self.service.item_draft(self.item_id)
        except AppError as exc:
            self.conflict.conflict(exc.message, can_refresh=False)
            return
        mine = self.draft()
        self.load(fresh)
        theirs = self.draft()
        merged, clashes = merge_drafts(self.base, mine, theirs)
        self.base, self.stamp = theirs, stamp
        self.load(merged)
        self.summary.hide()
        names = {
            self.people.item(row, 0).data(Qt.ItemDataRole.UserRole): self.people.item(row, 0).text()
            for row in range(self.people.rowCount())
        }
        for key in ("participant_ids", "attended_ids"):
            if key in clashes:  # people by name, not by their numbers in the database
                clashes[key] = [names.get(pid, "?") for pid in clashes[key]]
        self.conflict.refreshed(clashes, self.boxes, {})

    @classmethod
    def edit(
        cls,
        service: RoadmapService,
        roadmap_id: int,
        item_id: int | None = None,
        *,
        is_section: bool = False,
        after_id: int | None = None,
        parent: QWidget | None = None,
    ) -> tuple[int | None, bool]:
        dialog = cls(
            service, roadmap_id, item_id, is_section=is_section, after_id=after_id, parent=parent
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved_id, accepted
