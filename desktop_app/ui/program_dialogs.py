"""Small dialogs of the programs section: a line of the plan, its completion mark (with the
evidence files), a meeting. Each saves through the service and keeps itself open with the
messages next to the fields when something is wrong, so nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import ActivityStatus, ProgramActivity
from desktop_app.services.concurrency import Stamp, record_stamp
from desktop_app.services.program_catalogue import ACTIVITY_FORMS
from desktop_app.services.programs import (
    ActivityDraft,
    MeetingDraft,
    ProgramService,
    StatusChange,
)
from desktop_app.services.validation import format_date
from desktop_app.ui.widgets import FieldBox, FormBuilder, fit_to_screen, show_errors

LAST_FOLDER_KEY = "programs/last_evidence_folder"


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.boxes: dict[str, FieldBox] = {}
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.build = FormBuilder(self.form, self.boxes)
        self.layout_.addLayout(self.form)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #b00020;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - every dialog overrides
        raise NotImplementedError

    def try_accept(self) -> None:
        try:
            self.save()
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            unplaced = [m for k, m in exc.errors.items() if k not in self.boxes]
            self.general_error.setText("\n".join(unplaced))
            self.general_error.setVisible(bool(unplaced))
            if first is not None:
                first.field.setFocus()
            return
        except AppError as exc:
            self.general_error.setText(exc.message)
            self.general_error.show()
            return
        self.accept()


class ActivityDialog(_FormDialog):
    """Add or edit one line of the plan of a saved program."""

    def __init__(
        self,
        service: ProgramService,
        program_id: int,
        activity: ProgramActivity | None = None,
        position: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Мероприятие плана" if activity else "Новое мероприятие плана", parent)
        self.service = service
        self.program_id = program_id
        self.activity = activity
        self.position = position
        self.saved_id: int | None = None
        self.content = self.build.text("content", "&Содержание:", 70)
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("form")
        self.form_combo.setEditable(True)
        self.form_combo.addItems(ACTIVITY_FORMS)
        self.build.add("form", "&Форма:", self.form_combo)
        self.due = self.build.date("due_on", "Сро&к:")
        self.responsible = self.build.line("responsible", "&Ответственный:")
        self.result = self.build.text("expected_result", "Ожидаемый &результат:", 50)
        # The version shown, checked on «Сохранить» (two people editing the same plan).
        self.stamp: Stamp | None = None
        if activity is not None:
            self.stamp = record_stamp(
                service.db, ProgramActivity, activity.id, "programme", program_id
            )
            if self.stamp is not None:
                self.stamp = Stamp(activity.version, self.stamp.log_mark)
            self.content.setPlainText(activity.content)
            self.form_combo.setCurrentText(activity.form)
            self.due.setText(format_date(activity.due_on))
            self.responsible.setText(activity.responsible)
            self.result.setPlainText(activity.expected_result)
        else:
            self.form_combo.setCurrentText("")
            self.responsible.setText("наставник, наставляемый")
        self.finish_layout()
        fit_to_screen(self, 620, 380)

    def draft(self) -> ActivityDraft:
        return ActivityDraft(
            content=self.content.toPlainText(),
            form=self.form_combo.currentText(),
            due_on=self.due.text(),
            responsible=self.responsible.text(),
            expected_result=self.result.toPlainText(),
            category=self.activity.category if self.activity else "",
        )

    def save(self) -> None:
        if self.activity is None:
            self.saved_id = self.service.add_activity(self.program_id, self.draft(), self.position)
        else:
            self.service.update_activity(self.activity.id, self.draft(), self.stamp)
            self.saved_id = self.activity.id


STATUS_CHOICES = [
    (ActivityStatus.DONE, "выполнено"),
    (ActivityStatus.MOVED, "перенесено на новый срок"),
    (ActivityStatus.CANCELLED, "отменено"),
    (ActivityStatus.PLANNED, "запланировано (снять отметку)"),
]


class StatusDialog(_FormDialog):
    """The completion mark of a line: done (date, product, files), moved, cancelled."""

    def __init__(
        self,
        service: ProgramService,
        activity: ProgramActivity,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Отметка о выполнении", parent)
        self.service = service
        self.activity = activity
        self.today = today or dt.date.today()
        self.before: dict[str, object] | None = None
        title = QLabel(f"<b>{activity.content}</b><br>срок {format_date(activity.due_on)}")
        title.setWordWrap(True)
        self.form.addRow(title)
        self.status = self.build.combo(
            "status", "&Отметка:", [(label, status) for status, label in STATUS_CHOICES]
        )
        self.done_on = self.build.date("done_on", "&Дата выполнения:")
        self.new_due = self.build.date("new_due_on", "&Новый срок:")
        self.evidence = self.build.text("evidence", "&Продукт, результат:", 60)
        self.note = self.build.line("note", "&Примечание:", "причина переноса или отмены")
        files = QWidget()
        row = QHBoxLayout(files)
        row.setContentsMargins(0, 0, 0, 0)
        self.files = QListWidget()
        self.files.setObjectName("files")
        self.files.setMaximumHeight(70)
        column = QVBoxLayout()
        self.attach_button = QPushButton("Приложить &файл…")
        self.open_button = QPushButton("О&ткрыть")
        self.remove_button = QPushButton("У&брать")
        for button in (self.attach_button, self.open_button, self.remove_button):
            column.addWidget(button)
        row.addWidget(self.files)
        row.addLayout(column)
        self.build.add("files", "Файлы:", files)
        index = next((i for i, (s, _l) in enumerate(STATUS_CHOICES) if s is activity.status), 0)
        if activity.status is ActivityStatus.PLANNED:
            index = 0
        self.status.setCurrentIndex(index)
        self.done_on.setText(format_date(activity.done_on or self.today))
        self.new_due.setText(format_date(activity.due_on))
        self.evidence.setPlainText(activity.evidence)
        self.note.setText(activity.note)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.attach_button.clicked.connect(self.attach)
        self.open_button.clicked.connect(self.open_file)
        self.remove_button.clicked.connect(self.remove_file)
        self._status_changed()
        self._load_files()
        self.finish_layout()
        fit_to_screen(self, 640, 460)

    def _status_changed(self) -> None:
        status = ActivityStatus(self.status.currentData())
        self.done_on.setEnabled(status is ActivityStatus.DONE)
        self.new_due.setEnabled(status is ActivityStatus.MOVED)

    def _load_files(self) -> None:
        self.files.clear()
        for attachment_id, name, size in self.service.attachments(self.activity.id):
            item = QListWidgetItem(f"{name} ({max(1, size // 1024)} КБ)")
            item.setData(256, attachment_id)
            self.files.addItem(item)

    def attach(self, path: str | None = None) -> None:
        if not path:
            settings = QSettings()
            folder = str(settings.value(LAST_FOLDER_KEY, str(Path.home())))
            path, _ = QFileDialog.getOpenFileName(self, "Файл — продукт деятельности", folder)
            if not path:
                return
            settings.setValue(LAST_FOLDER_KEY, str(Path(path).parent))
        try:
            self.service.attach_file(self.activity.id, Path(path))
        except AppError as exc:
            self.boxes["files"].set_error(exc.message)
            return
        self.boxes["files"].set_error(None)
        self._load_files()

    def _selected_file(self) -> int | None:
        item = self.files.currentItem()
        return item.data(256) if item else None

    def open_file(self) -> None:
        attachment_id = self._selected_file()
        if attachment_id is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="nastavnik-"))
        try:
            path = self.service.save_attachment(attachment_id, folder)
        except AppError as exc:
            self.boxes["files"].set_error(exc.message)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_file(self) -> None:
        attachment_id = self._selected_file()
        if attachment_id is None:
            return
        if (
            QMessageBox.question(self, "Убрать файл", "Убрать выбранный файл из базы?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.service.remove_attachment(attachment_id)
        self._load_files()

    def change(self) -> StatusChange:
        return StatusChange(
            status=ActivityStatus(self.status.currentData()),
            done_on=self.done_on.text(),
            new_due_on=self.new_due.text(),
            evidence=self.evidence.toPlainText(),
            note=self.note.text(),
        )

    def save(self) -> None:
        self.before = self.service.set_status(self.activity.id, self.change(), self.today)


class MeetingDialog(_FormDialog):
    """A meeting of the pair, recorded against a line of the plan if it was one."""

    def __init__(
        self,
        service: ProgramService,
        program_id: int,
        activities: list[ProgramActivity],
        meeting_id: int | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Встреча наставника и наставляемого", parent)
        self.service = service
        self.program_id = program_id
        self.meeting_id = meeting_id
        self.today = today or dt.date.today()
        self.saved_id: int | None = None
        self.held_on = self.build.date("held_on", "&Дата:")
        self.duration = self.build.line("duration_minutes", "Продолжительность, &мин:")
        self.duration.setMaximumWidth(100)
        self.topic = self.build.line("topic", "&Тема:")
        self.activity = self.build.combo(
            "activity_id",
            "Мероприятие &плана:",
            [("— не по плану —", None)]
            + [
                (f"{n}. {a.content[:80]} (срок {format_date(a.due_on)})", a.id)
                for n, a in enumerate(activities, start=1)
            ],
        )
        self.mark_done = QCheckBox("отметить это мероприятие &выполненным в день встречи")
        self.mark_done.setObjectName("mark_done")
        self.form.addRow("", self.mark_done)
        self.notes = self.build.text("notes", "&Содержание, итоги:", 70)
        self.curator_note = self.build.text("curator_note", "Заметка &куратора:", 50)
        self.curator_note.setToolTip("Видна только здесь: в документы не попадает")
        self.curator_note.setPlaceholderText("личная заметка — в документы не попадает")
        if meeting_id is not None:
            draft = service.meeting_draft(meeting_id)
            self.held_on.setText(draft.held_on)
            self.duration.setText(draft.duration_minutes)
            self.topic.setText(draft.topic)
            index = self.activity.findData(draft.activity_id)
            self.activity.setCurrentIndex(max(index, 0))
            self.notes.setPlainText(draft.notes)
            self.curator_note.setPlainText(draft.curator_note)
            self.mark_done.hide()
        else:
            self.held_on.setText(format_date(self.today))
            self.duration.setText("45")
        self.finish_layout()
        fit_to_screen(self, 640, 430)

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            held_on=self.held_on.text(),
            duration_minutes=self.duration.text(),
            topic=self.topic.text(),
            notes=self.notes.toPlainText(),
            curator_note=self.curator_note.toPlainText(),
            activity_id=self.activity.currentData(),
            mark_activity_done=self.mark_done.isChecked() and not self.mark_done.isHidden(),
        )

    def save(self) -> None:
        if self.meeting_id is None:
            self.saved_id = self.service.add_meeting(self.program_id, self.draft(), self.today)
        else:
            self.service.update_meeting(self.meeting_id, self.draft(), self.today)
            self.saved_id = self.meeting_id


def run_dialog(dialog: QDialog, on_accept: Callable[[], None] | None = None) -> bool:
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if accepted and on_accept is not None:
        on_accept()
    return accepted
