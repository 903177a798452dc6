"""«Пакет для отправки»: whom to send the ticked documents to, the letter, .zip or folder.

The addressee and the cover text are remembered in the database (the municipality's address is
the school's data, not one computer's).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.export.package import PackageRequest
from desktop_app.export.registry import DocumentKind, ExportOptions
from desktop_app.models.db import Database
from desktop_app.ui.widgets import FieldBox, FormBuilder, fit_to_screen, show_errors


class PackageDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        kinds: list[DocumentKind],
        options: ExportOptions,
        out_dir: Path,
    ) -> None:
        super().__init__(parent)
        from desktop_app.export.package import default_letter
        from desktop_app.services.mail_settings import MailSettingsService

        self.setWindowTitle("Пакет для отправки")
        self.db = db
        self.kinds = kinds
        self.options = options
        self.out_dir = out_dir
        self.mail = MailSettingsService(db)
        self.result_request: PackageRequest | None = None
        saved = self.mail.load()
        keys = [k.key for k in kinds]
        try:
            subject, cover = default_letter(db, keys, options.today)
        except AppError:
            subject, cover = "", ""

        listed = QLabel(
            "Документы: " + "; ".join(f"«{k.title}»" for k in kinds)
            + f".\nПапка: {out_dir}"
        )  # fmt: skip
        listed.setWordWrap(True)
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        build = FormBuilder(form, self.boxes)
        self.recipient = build.line(
            "recipient", "&Кому:", "адрес методиста, например metod@kotel-edu.ru"
        )
        self.recipient.setText(saved.recipient)
        self.subject = build.line("subject", "&Тема:")
        self.subject.setText(subject)
        self.subject.setCursorPosition(0)
        self.cover = build.text("cover_text", "Т&екст письма:", 170)
        self.cover.setPlainText(saved.cover_text or cover)
        self.as_zip = QRadioButton("архив .&zip (один файл во вложении)")
        self.as_folder = QRadioButton("&папка с файлами (каждый документ — отдельным вложением)")
        self.as_zip.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_zip)
        group.addButton(self.as_folder)
        how = QWidget()
        how_layout = QVBoxLayout(how)
        how_layout.setContentsMargins(0, 0, 0, 0)
        how_layout.addWidget(self.as_zip)
        how_layout.addWidget(self.as_folder)
        form.addRow("Как сложить:", how)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Подготовить пакет")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Программа сделает архив (или папку) и черновик письма .eml с вложениями. "
            "Откройте .eml двойным щелчком — письмо откроется в Outlook или Thunderbird "
            "готовым к отправке."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #444;")
        layout = QVBoxLayout(self)
        layout.addWidget(listed)
        layout.addLayout(form)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        fit_to_screen(self, 640, 560)

    def try_accept(self) -> bool:
        from desktop_app.services.mail_settings import MailSettings

        try:
            clean = self.mail.save(MailSettings(self.recipient.text(), self.cover.toPlainText()))
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            if first is not None:
                first.field.setFocus()
            return False
        show_errors(self.boxes, {})
        self.result_request = PackageRequest(
            keys=[k.key for k in self.kinds],
            out_dir=self.out_dir,
            options=self.options,
            as_zip=self.as_zip.isChecked(),
            recipient=clean.recipient,
            subject=" ".join(self.subject.text().split()),
            cover_text=clean.cover_text,
        )
        self.accept()
        return True

    @classmethod
    def get_request(
        cls,
        parent: QWidget | None,
        db: Database,
        kinds: list[DocumentKind],
        options: ExportOptions,
        out_dir: Path,
    ) -> tuple[PackageRequest | None, bool]:
        dialog = cls(parent, db, kinds, options, out_dir)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.result_request, accepted and dialog.result_request is not None
