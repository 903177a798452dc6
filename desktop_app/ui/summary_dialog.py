"""«Свод по организациям»: the methodist adds the bank files schools sent, sees which are
taken and why a file is not, and saves one summary workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.services.municipal import SummaryInput, collect, write_summary
from desktop_app.ui.widgets import fit_to_screen

_REFUSED = QBrush(QColor("#b00020"))
_NOTE = QBrush(QColor("#8a5a00"))


class SummaryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Свод банков наставников по организациям")
        self.paths: list[Path] = []
        self.data: SummaryInput | None = None
        self.saved: Path | None = None

        intro = QLabel(
            "Добавьте файлы «Банк наставников и наставляемых» (.xlsx), которые прислали школы. "
            "Программа проверит, что это её файлы, и соберёт свод: итоги по организациям и "
            "общие банки муниципалитета. Если от школы пришло несколько файлов, берётся самый "
            "новый."
        )
        intro.setWordWrap(True)
        self.title_edit = QLineEdit(str(QSettings().value("summary/title", "")))
        self.title_edit.setPlaceholderText(
            "например: Управление образования Котельниковского района"
        )
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("&Заголовок свода:"))
        title_row.addWidget(self.title_edit, 1)
        title_row.itemAt(0).widget().setBuddy(self.title_edit)  # type: ignore[union-attr]

        self.files = QTableWidget(0, 5)
        self.files.setObjectName("summary_files")
        self.files.setHorizontalHeaderLabels(
            ["Файл", "Организация", "Наставников", "Наставляемых", "Состояние"]
        )
        self.files.verticalHeader().hide()
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.horizontalHeader().setStretchLastSection(True)
        self.files.setWordWrap(True)
        for col, width in enumerate((230, 230, 90, 100)):
            self.files.setColumnWidth(col, width)

        self.add_button = QPushButton("&Добавить файлы…")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("&Убрать")
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button = QPushButton("&Сохранить свод…")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.choose_target)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(title_row)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 520)

    @classmethod
    def run(cls, parent: QWidget | None = None) -> tuple[Path | None, bool]:
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved, accepted

    def choose_files(self) -> None:
        settings = QSettings()
        folder = str(settings.value("paths/last_summary_dir", str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(
            self, "Файлы банков от школ", folder, "Таблицы Excel (*.xlsx);;Все файлы (*)"
        )
        if names:
            settings.setValue("paths/last_summary_dir", str(Path(names[0]).parent))
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self.refresh()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.files.selectedIndexes()}, reverse=True)
        for row in rows:
            if row < len(self.paths):
                del self.paths[row]
        self.refresh()

    def refresh(self) -> None:
        self.data = collect(self.paths)
        taken = {s.path: s for s in self.data.schools}
        refused = dict(self.data.refused)
        self.files.setRowCount(len(self.paths))
        for row, path in enumerate(self.paths):
            school = taken.get(path)
            if school is not None:
                state = "в своде" + (": " + "; ".join(school.notes) if school.notes else "")
                cells = [
                    path.name,
                    school.short_name,
                    str(len(school.mentors)),
                    str(len(school.mentees)),
                    state,
                ]
                brush = _NOTE if school.notes else None
            elif path in refused:
                cells = [path.name, "", "", "", refused[path]]
                brush = _REFUSED
            else:
                cells = [path.name, "", "", "", "не учтён: есть более новый файл этой школы"]
                brush = _NOTE
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if brush is not None and col == 4:
                    item.setForeground(brush)
                self.files.setItem(row, col, item)
        self.files.resizeRowsToContents()
        schools = self.data.schools
        self.summary.setText(
            f"В своде организаций: {len(schools)}, наставников: "
            f"{sum(len(s.mentors) for s in schools)}, наставляемых: "
            f"{sum(len(s.mentees) for s in schools)}."
            if schools
            else "Добавьте хотя бы один файл банка."
        )
        self.save_button.setEnabled(bool(schools))

    def choose_target(self) -> None:
        settings = QSettings()
        folder = Path(str(settings.value("paths/last_summary_out", str(Path.home()))))
        today = dt.date.today()
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Сохранить свод",
            str(folder / f"Свод банков наставников — {today.strftime('%d.%m.%Y')}.xlsx"),
            "Книга Excel (*.xlsx)",
        )
        if not name:
            return
        settings.setValue("paths/last_summary_out", str(Path(name).parent))
        self.save(Path(name) if name.endswith(".xlsx") else Path(name + ".xlsx"), today)

    def save(self, target: Path, today: dt.date) -> bool:
        if self.data is None:
            return False
        QSettings().setValue("summary/title", self.title_edit.text().strip())
        try:
            self.saved = write_summary(self.data, target, today, self.title_edit.text().strip())
        except AppError as exc:
            QMessageBox.warning(self, "Свод не сохранён", exc.message)
            return False
        self.accept()
        return True
