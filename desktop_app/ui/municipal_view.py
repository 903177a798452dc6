"""«Муниципалитет»: a methodist takes in the files schools send and sees the municipality whole —
who sent what, the indicators per school and in total, the combined bank of mentors and the
mentors of other schools who could take a school's mentees (open mentoring); the summary
workbook and the analytical report over all schools are made from here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.db import Database
from desktop_app.services import indicators as ind
from desktop_app.services import municipal_summary as ms

_MISSING = QBrush(QColor("#b00020"))
_NOTE = QBrush(QColor("#8a5a00"))


def _item(text: object, *, bold: bool = False, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(item.text())
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


class MunicipalSection(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_report = ""

        self.period = QComboBox()
        self.period.setObjectName("municipal_period")
        self.period.setMinimumWidth(200)
        self.period.currentIndexChanged.connect(lambda _i: self.show_period())
        period_label = QLabel("&Период:")
        period_label.setBuddy(self.period)
        self.import_button = QPushButton("&Загрузить файлы…")
        self.import_button.setToolTip(
            "Файлы .xlsx, архивы .zip и письма .eml «Пакета для отправки» (Ctrl+Shift+O)"
        )
        self.import_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton("Из &папки…")
        self.folder_button.clicked.connect(self.choose_folder)
        self.summary_button = QPushButton("&Свод .xlsx…")
        self.summary_button.clicked.connect(self.save_summary)
        self.report_button = QPushButton("&Аналитическая справка…")
        self.report_button.clicked.connect(self.save_report)
        top = QHBoxLayout()
        for widget in (period_label, self.period, self.import_button, self.folder_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.summary_button)
        top.addWidget(self.report_button)
        QShortcut(QKeySequence("Ctrl+Shift+O"), self, self.choose_files)

        self.intro = QLabel(
            "Здесь методист собирает данные школ: загрузите файлы, которые они прислали "
            "(«Пакет для отправки» — архив .zip или письмо .eml, либо отдельные файлы «Банк "
            "наставников и наставляемых», «Персонифицированный учёт участников», «Мониторинг "
            "наставничества»). Данные каждой школы хранятся отдельно; новый файл школы за тот же "
            "период заменяет прежний."
        )
        self.intro.setWordWrap(True)
        self.intro.setObjectName("municipal_intro")

        self.tabs = QTabWidget()
        self.schools = _table(
            "municipal_schools",
            ["Организация", "Банк", "Учёт участников", "Мониторинг", "Чего нет", "Замечания"],
        )
        self.remove_button = QPushButton("&Убрать данные школы за период")
        self.remove_button.setObjectName("municipal_remove")
        self.remove_button.setToolTip(
            "Убрать все файлы выбранной школы за этот период (Del); вернуть — Ctrl+Z"
        )
        self.remove_button.clicked.connect(self.remove_selected_school)
        self.removed: list = []  # RemovedSchool, newest last: what Ctrl+Z brings back
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_remove)
        QShortcut(QKeySequence.StandardKey.Delete, self.schools, self.remove_selected_school)
        self.report_text = QPlainTextEdit()
        self.report_text.setObjectName("municipal_import_report")
        self.report_text.setReadOnly(True)
        self.report_text.setPlaceholderText("Здесь появится, что изменила последняя загрузка.")
        schools_page = QSplitter(Qt.Orientation.Vertical)
        schools_top = QWidget()
        schools_layout = QVBoxLayout(schools_top)
        schools_layout.setContentsMargins(0, 0, 0, 0)
        schools_layout.addWidget(self.schools, 1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        schools_layout.addLayout(remove_row)
        schools_page.addWidget(schools_top)
        schools_page.addWidget(self.report_text)
        schools_page.setSizes([300, 140])
        self.tabs.addTab(schools_page, "Школы и файлы")

        self.indicators = _table("municipal_indicators", ["Показатель"])
        self.tabs.addTab(self.indicators, "Показатели")

        self.bank_school = QComboBox()
        self.bank_school.setObjectName("bank_school")
        self.bank_search = QLineEdit()
        self.bank_search.setObjectName("bank_search")
        self.bank_search.setPlaceholderText("ФИО, предмет или направление")
        self.bank_search.setClearButtonEnabled(True)
        self.bank_free = QCheckBox("только со &свободными местами")
        self.bank_free.setObjectName("bank_free")
        for signal in (
            self.bank_school.currentIndexChanged,
            self.bank_search.textChanged,
            self.bank_free.toggled,
        ):
            signal.connect(lambda *_: self.fill_bank())
        filters = QHBoxLayout()
        school_label = QLabel("Ш&кола:")
        school_label.setBuddy(self.bank_school)
        search_label = QLabel("&Найти:")
        search_label.setBuddy(self.bank_search)
        for widget in (school_label, self.bank_school, search_label, self.bank_search):
            filters.addWidget(widget)
        filters.addWidget(self.bank_free)
        filters.addStretch(1)
        self.bank = _table(
            "municipal_bank",
            [
                "Организация",
                "ФИО",
                "Свободно",
                "Мест",
                "Занято",
                "Должность",
                "Предметы",
                "Стаж",
                "Категория",
                "В чём может помочь",
            ],
        )
        self.bank.horizontalHeader().setStretchLastSection(False)
        self.bank_count = QLabel()
        self.bank_count.setWordWrap(True)
        bank_page = QWidget()
        bank_layout = QVBoxLayout(bank_page)
        bank_layout.addLayout(filters)
        bank_layout.addWidget(self.bank, 1)
        bank_layout.addWidget(self.bank_count)
        self.tabs.addTab(bank_page, "Банк наставников")

        self.offer_school = QComboBox()
        self.offer_school.setObjectName("offer_school")
        self.offer_school.currentIndexChanged.connect(lambda _i: self.fill_offers())
        offer_label = QLabel("Наставляемые &школы:")
        offer_label.setBuddy(self.offer_school)
        offer_top = QHBoxLayout()
        offer_top.addWidget(offer_label)
        offer_top.addWidget(self.offer_school)
        offer_top.addStretch(1)
        self.offers = QTreeWidget()
        self.offers.setObjectName("municipal_offers")
        self.offers.setHeaderLabels(
            ["Наставляемый / наставник", "Школа наставника", "Почему подходит"]
        )
        self.offers.setWordWrap(True)
        self.offers.header().setStretchLastSection(True)
        self.offers.setColumnWidth(0, 380)
        self.offers.setColumnWidth(1, 180)
        self.offers_note = QLabel()
        self.offers_note.setWordWrap(True)
        offer_page = QWidget()
        offer_layout = QVBoxLayout(offer_page)
        offer_layout.addLayout(offer_top)
        offer_layout.addWidget(self.offers_note)
        offer_layout.addWidget(self.offers, 1)
        self.tabs.addTab(offer_page, "Предложить наставника другой школе")

        from desktop_app.ui.background import JobBar

        self.job = JobBar()
        self.job.setObjectName("municipal_job")
        QShortcut(QKeySequence("Esc"), self, self.job.cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.job)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # ---------------------------------------------------------------- data

    def current_period(self) -> ind.Period | None:
        data = self.period.currentData()
        return data if isinstance(data, ind.Period) else None

    def refresh(self) -> None:
        """Reload the periods (another section or an import changed the data)."""
        chosen = self.current_period()
        self.period.blockSignals(True)
        self.period.clear()
        for period in ms.periods(self.db):
            self.period.addItem(period.label, period)
        if chosen is not None:
            index = self.period.findText(chosen.label)
            if index >= 0:
                self.period.setCurrentIndex(index)
        self.period.blockSignals(False)
        self.show_period()

    def show_period(self) -> None:
        period = self.current_period()
        has = period is not None
        self.intro.setVisible(not has)
        for button in (self.summary_button, self.report_button):
            button.setEnabled(has)
        self.statuses = ms.schools(self.db, period) if period else []
        self.fill_schools()
        self.fill_indicators()
        for combo, everyone in ((self.bank_school, "Все школы"), (self.offer_school, None)):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if everyone:
                combo.addItem(everyone, None)
            for status in self.statuses:
                combo.addItem(status.name, status.organisation_id)
            index = combo.findData(chosen)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)
        self.bank_entries = ms.combined_bank(self.db, period, "mentor") if period else []
        self.fill_bank()
        self.fill_offers()

    def fill_schools(self) -> None:
        self.schools.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            self.schools.setItem(row, 0, _item(status.name))
            notes = []
            for col, kind in enumerate(("banks", "accounting", "monitoring"), start=1):
                info = status.files.get(kind)
                if info is None:
                    cell = _item("нет")
                    cell.setForeground(_MISSING)
                else:
                    as_of = f"на {info.as_of:%d.%m.%Y}, " if info.as_of else ""
                    cell = _item(f"{as_of}получен {info.received_at:%d.%m.%Y %H:%M}")
                    cell.setToolTip(info.file_name)
                    if info.notes:
                        notes.append(info.notes)
                self.schools.setItem(row, col, cell)
            missing = _item(status.missing_text if status.missing else "—")
            if status.missing:
                missing.setForeground(_MISSING)
            self.schools.setItem(row, 4, missing)
            note = _item("; ".join(notes))
            note.setForeground(_NOTE)
            self.schools.setItem(row, 5, note)
        for col, width in enumerate((200, 170, 170, 170, 130)):
            self.schools.setColumnWidth(col, width)
        self.schools.resizeRowsToContents()

    def fill_indicators(self) -> None:
        period = self.current_period()
        table = ms.indicator_table(self.db, period) if period else None
        names = [name for _id, name in table.schools] if table else []
        headers = ["Показатель", *names, "Итого", "Итого за предыдущий период"]
        self.indicators.clear()
        self.indicators.setColumnCount(len(headers))
        self.indicators.setHorizontalHeaderLabels(headers)
        rows: list[tuple[str, list[str], bool]] = []
        if table is not None:
            group = None
            for line in table.lines:
                if line.group != group:
                    group = line.group
                    rows.append((group, [], True))
                values = [
                    ind.format_value(line.values.get(i), line.unit) for i, _n in table.schools
                ]
                rows.append(
                    (
                        line.title,
                        [
                            *values,
                            ind.format_value(line.total, line.unit),
                            ind.format_value(line.total_previous, line.unit),
                        ],
                        False,
                    )
                )
        self.indicators.setRowCount(len(rows))
        for row, (title, values, heading) in enumerate(rows):
            self.indicators.setItem(row, 0, _item(title, bold=heading))
            for col, value in enumerate(values, start=1):
                self.indicators.setItem(
                    row, col, _item(value, bold=col == len(values) - 1, right=True)
                )
        self.indicators.setColumnWidth(0, 380)
        for col in range(1, len(headers)):
            self.indicators.setColumnWidth(col, 130)
        self.indicators.resizeRowsToContents()

    def fill_bank(self) -> None:
        school = self.bank_school.currentData()
        words = self.bank_search.text().strip().casefold()
        only_free = self.bank_free.isChecked()
        shown = []
        for entry in getattr(self, "bank_entries", []):
            person = entry.person
            if school is not None and entry.school_id != school:
                continue
            if only_free and not (entry.free or 0) > 0:
                continue
            haystack = " ".join(
                (person.full_name, person.subjects, person.expertise, person.job)
            ).casefold()
            if words and words not in haystack:
                continue
            shown.append(entry)
        self.bank.setRowCount(len(shown))
        for row, entry in enumerate(shown):
            person = entry.person
            cells = [
                _item(entry.school),
                _item(person.full_name),
                _item(entry.free if entry.free is not None else "?", right=True),
                _item(person.max_mentees, right=True),
                _item(entry.busy if entry.busy is not None else "?", right=True),
                _item(person.job),
                _item(person.subjects),
                _item(person.experience, right=True),
                _item(person.qualification),
                _item(person.expertise),
            ]
            for col, cell in enumerate(cells):
                self.bank.setItem(row, col, cell)
        for col, width in enumerate((150, 200, 70, 45, 55, 130, 120, 45, 75, 320)):
            self.bank.setColumnWidth(col, width)
        self.bank.resizeRowsToContents()
        total = len(getattr(self, "bank_entries", []))
        free = sum(e.free or 0 for e in shown)
        self.bank_count.setText(
            f"Показано наставников: {len(shown)} из {total}; свободных мест у них: {free}. "
            "«?» — школа не прислала учёт участников, занятость не известна."
            if total
            else "Школы ещё не прислали банки наставников за этот период."
        )

    def fill_offers(self) -> None:
        self.offers.clear()
        period, school = self.current_period(), self.offer_school.currentData()
        if period is None or school is None:
            self.offers_note.setText("Загрузите файлы школ, чтобы подобрать наставников.")
            return
        suggestions = ms.suggest_mentors(self.db, period, school)
        has_accounting = school in {
            s.organisation_id for s in self.statuses if "accounting" in s.files
        }
        self.offers_note.setText(
            (
                "Наставляемые школы без действующей пары и наставники других школ со "
                "свободными местами: сначала те, кто помогает с затруднениями наставляемого и "
                "ведёт тот же предмет."
                if has_accounting
                else "Школа не прислала учёт участников: показаны все её наставляемые из банка "
                "(есть ли у них наставник, не известно)."
            )
            if suggestions
            else "У всех наставляемых этой школы есть наставник."
        )
        for suggestion in suggestions:
            mentee = suggestion.mentee
            difficulties = ", ".join(sorted(mentee.areas)) or "затруднения не указаны"
            about = mentee.person.category or mentee.person.job
            top = QTreeWidgetItem(
                [
                    f"{mentee.person.full_name} ({about})" if about else mentee.person.full_name,
                    "",
                    "затруднения: " + difficulties,
                ]
            )
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for candidate in suggestion.candidates:
                mentor = candidate.mentor
                child = QTreeWidgetItem(
                    top,
                    [
                        f"{mentor.person.full_name} — {mentor.person.job}",
                        mentor.school,
                        "; ".join(candidate.reasons),
                    ],
                )
                for col in range(3):
                    child.setToolTip(col, child.text(col))
            for col in range(3):
                top.setToolTip(col, top.text(col))
            if not suggestion.candidates:
                QTreeWidgetItem(top, ["в других школах нет наставников со свободными местами"])
            self.offers.addTopLevelItem(top)
        self.offers.expandAll()

    # ---------------------------------------------------------------- actions

    def choose_files(self) -> None:
        settings = QSettings()
        folder = str(settings.value("paths/last_municipal_dir", str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Файлы, присланные школами",
            folder,
            "Файлы школ (*.xlsx *.zip *.eml);;Все файлы (*)",
        )
        if names:
            settings.setValue("paths/last_municipal_dir", str(Path(names[0]).parent))
            self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        settings = QSettings()
        folder = str(settings.value("paths/last_municipal_dir", str(Path.home())))
        name = QFileDialog.getExistingDirectory(self, "Папка с файлами школ", folder)
        if name:
            settings.setValue("paths/last_municipal_dir", name)
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        """Read and store the files off the GUI thread, with a progress bar and «Отмена»."""
        from desktop_app.services.municipal_import import import_files

        if self.job.busy:
            return
        self._set_busy(True)
        self.job.start(
            lambda progress: import_files(self.db, paths, progress=progress),
            self._imported,
            self._import_failed,
        )

    def remove_selected_school(self) -> None:
        from desktop_app.services.municipal_import import remove_school_period

        period, row = self.current_period(), self.schools.currentRow()
        if period is None or not 0 <= row < len(self.statuses):
            self.status_message.emit("Выберите школу в таблице.")
            return
        status = self.statuses[row]
        try:
            removed = remove_school_period(self.db, status.organisation_id, period)
        except AppError as exc:
            QMessageBox.warning(self, "Данные не убраны", exc.message)
            return
        self.removed.append(removed)
        self.refresh()
        message = (
            f"Данные {removed.name} за {period.label} убраны "
            f"(файлов: {len(removed.submissions)}). Вернуть — Ctrl+Z."
        )
        self.report_text.setPlainText(message)
        self.status_message.emit(message)
        self.changed.emit()

    def undo_remove(self) -> None:
        from desktop_app.services.municipal_import import restore_removed

        if not self.removed:
            return
        removed = self.removed[-1]
        try:
            restore_removed(self.db, removed)
        except AppError as exc:
            QMessageBox.warning(self, "Данные не возвращены", exc.message)
            return
        self.removed.pop()
        self.refresh()
        message = f"Данные {removed.name} за {removed.period.label} возвращены."
        self.report_text.setPlainText(message)
        self.status_message.emit(message)
        self.changed.emit()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.import_button, self.folder_button):
            button.setEnabled(not busy)

    def _import_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, AppError):
            self.report_text.setPlainText(exc.message)
            self.status_message.emit(exc.message)
            return
        raise exc

    def _imported(self, result: object) -> None:
        from desktop_app.services.municipal_import import ImportReport

        self._set_busy(False)
        assert isinstance(result, ImportReport)
        report = result
        self.last_report = "\n".join([report.summary(), *report.lines()])
        self.refresh()
        # Show the period the files were for: that is what the methodist wants to see next.
        taken = report.taken or [o for o in report.outcomes if o.period]
        if taken:
            index = self.period.findText(taken[-1].period)
            if index >= 0:
                self.period.setCurrentIndex(index)
        self.tabs.setCurrentIndex(0)
        self.report_text.setPlainText(self.last_report)
        self.status_message.emit(report.summary())
        if report.taken:
            self.changed.emit()

    def _target(self, title: str, ext: str, filter_text: str) -> Path | None:
        from desktop_app.export.municipal import default_name

        settings = QSettings()
        folder = Path(str(settings.value("paths/last_municipal_out", str(Path.home()))))
        try:
            name = default_name(self.db, title, dt.date.today(), ext)
        except AppError:
            name = f"{title}.{ext}"
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), filter_text)
        if not chosen:
            return None
        settings.setValue("paths/last_municipal_out", str(Path(chosen).parent))
        path = Path(chosen)
        return path if path.suffix.lower() == f".{ext}" else path.with_name(path.name + f".{ext}")

    def save_summary(self) -> Path | None:
        from desktop_app.export.municipal import SUMMARY_TITLE

        target = self._target(SUMMARY_TITLE, "xlsx", "Книга Excel (*.xlsx)")
        return self.write_summary(target) if target else None

    def write_summary(self, target: Path) -> Path | None:
        from desktop_app.export.municipal import write_municipal_summary

        period = self.current_period()
        if period is None:
            return None
        title = str(QSettings().value("summary/title", ""))
        return self._write(
            lambda: write_municipal_summary(self.db, period, target, dt.date.today(), title)
        )

    def save_report(self) -> Path | None:
        from desktop_app.export.municipal import REPORT_TITLE

        target = self._target(REPORT_TITLE, "docx", "Документ Word (*.docx)")
        return self.write_report(target) if target else None

    def write_report(self, target: Path) -> Path | None:
        from desktop_app.export.municipal import write_municipal_report
        from desktop_app.ui.charts import connect_to_reports

        period = self.current_period()
        if period is None:
            return None
        connect_to_reports()
        return self._write(lambda: write_municipal_report(self.db, period, target, dt.date.today()))

    def _write(self, make) -> Path | None:  # type: ignore[no-untyped-def]
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = make()
        except AppError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Документ не сформирован", exc.message)
            return None
        QGuiApplication.restoreOverrideCursor()
        self.status_message.emit(f"Сохранено: {path}")
        return path


def municipal_section(window) -> QWidget:  # type: ignore[no-untyped-def]
    """The factory ``ui.main_window.SECTIONS`` calls when the section is first opened."""
    section = MunicipalSection(window.db)
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 10000))
    section.changed.connect(window.data_changed)
    return section
