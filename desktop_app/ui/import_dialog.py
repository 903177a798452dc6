"""«Импорт педагогов из таблицы»: choose a file, check the column match, see every row's fate
and every problem, then write all of it at once — or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QSettings, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.db import Database
from desktop_app.services.people_import import (
    FIELDS,
    HeaderGuess,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    ImportRow,
    RowAction,
    apply_import,
    last_import,
    load_source,
    mapping_problems,
    plan_import,
    undo_last_import,
    without_gc,
)
from desktop_app.services.spreadsheet import SourceTable
from desktop_app.ui.import_models import ROW_FILTERS, ImportRowsModel, ProblemsModel
from desktop_app.ui.widgets import ERROR_STYLE, fit_to_screen

FILE_FILTER = "Таблицы (*.xlsx *.xlsm *.xls *.csv *.txt);;Все файлы (*)"


class _Job(QThread):
    """Runs one service call off the GUI thread; «Отмена» is heard through ``progress``."""

    progressed = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int, str], bool]], Any]) -> None:
        super().__init__()
        self.work = work
        self.cancelled = False

    def _progress(self, done: int, total: int, what: str) -> bool:
        self.progressed.emit(done, total, what)
        return not self.cancelled

    def run(self) -> None:
        try:
            # One pause of the garbage collector for the whole job: reading, checking and
            # writing 10,000 rows would otherwise stall the window at every full collection.
            with without_gc():
                value = self.work(self._progress)
            self.done.emit(value)
        except AppError as exc:
            self.failed.emit(exc.message)
        except Exception as exc:  # the curator sees a message, never a traceback
            self.failed.emit(f"Импорт не выполнен, база не изменена. Причина: {exc}")


class ImportDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Импорт педагогов из таблицы")
        self.table: SourceTable | None = None
        self.guess: HeaderGuess | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.error_text = ""
        self._job: _Job | None = None

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("Файл Excel (.xlsx, .xls) или CSV со списком педагогов")
        self.choose_button = QPushButton("&Выбрать файл…")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel("Файл:"))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)

        self.info = QLabel(
            "Выберите таблицу. Программа найдёт строку заголовков и сопоставит столбцы; "
            "ничего не запишется, пока вы не нажмёте «Импортировать»."
        )
        self.info.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.columns = QTableWidget(0, 3)
        self.columns.setObjectName("import_columns")
        self.columns.setHorizontalHeaderLabels(["Столбец в файле", "Поле карточки", "Примеры"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setColumnWidth(0, 220)
        self.columns.setColumnWidth(1, 260)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_model = ImportRowsModel()
        self.rows = self._view("import_rows", self.rows_model, [52, 230, 118, 180, 360, 200])
        self.rows.setToolTip(
            "Пробел или двойной щелчок по педагогу, который уже есть в банке: "
            "«обновить» ↔ «пропустить». Подробно — справа."
        )
        self.rows.doubleClicked.connect(lambda index: self.toggle_row(index.row()))
        toggle = QAction("Обновить / пропустить", self.rows)
        toggle.setShortcut(QKeySequence("Space"))
        toggle.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.triggered.connect(lambda: self.toggle_row(self.rows.currentIndex().row()))
        self.rows.addAction(toggle)
        self.rows.selectionModel().selectionChanged.connect(self._selection_changed)
        self.problems_model = ProblemsModel()
        self.problems = self._view("import_problems", self.problems_model, [60, 190])
        self.problems.doubleClicked.connect(lambda index: self.show_file_row(index.row()))
        self.problems.setToolTip("Двойной щелчок — показать эту строку на вкладке «Строки».")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.columns, "&1 Столбцы")
        self.tabs.addTab(self._rows_page(), "&2 Строки")
        self.tabs.addTab(self.problems, "&3 Замечания")

        self.update_radio = QRadioButton("&обновить их данные из файла")
        self.update_radio.setChecked(True)
        self.skip_radio = QRadioButton("&пропустить")
        self.duplicates = QButtonGroup(self)
        self.duplicates.addButton(self.update_radio)
        self.duplicates.addButton(self.skip_radio)
        self.update_radio.toggled.connect(lambda _on: self.replan())
        # One line, not a framed box: on a 1090×580 screen every line of height counts.
        dup_box = QWidget()
        dup_box.setToolTip(
            "Педагог уже в банке, если совпадают ФИО и дата рождения, ФИО (когда даты нет в "
            "файле или в карточке) или e-mail. Для одной строки выбор — на вкладке «Строки»."
        )
        dup_layout = QHBoxLayout(dup_box)
        dup_layout.setContentsMargins(0, 0, 0, 0)
        dup_layout.addWidget(QLabel("Кто уже есть в банке, для всех строк сразу:"))
        dup_layout.addWidget(self.update_radio)
        dup_layout.addWidget(self.skip_radio)
        dup_layout.addStretch()

        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("%p% — %v из %m")
        self.progress_label = QLabel()
        self.cancel_work = QPushButton("Отмена")
        self.cancel_work.setToolTip("Остановить; в базе ничего не изменится")
        self.cancel_work.clicked.connect(self.cancel_job)
        work = QHBoxLayout()
        work.addWidget(self.progress_label)
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_work)
        self.work_row = QWidget()
        self.work_row.setLayout(work)
        self.work_row.hide()

        self.import_button = QPushButton("&Импортировать")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton("Закрыть")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.error_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(dup_box)
        layout.addWidget(self.work_row)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 640)

    @staticmethod
    def _view(name: str, model: object, widths: list[int]) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)  # type: ignore[arg-type]
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.horizontalHeader().setStretchLastSection(True)
        # Fixed row heights: the view never measures 10,000 rows to lay them out.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(22)
        for index, width in enumerate(widths):
            view.setColumnWidth(index, width)
        return view

    def _rows_page(self) -> QWidget:
        """The rows with a filter above and, beside them, the chosen row in full: what
        changes in the card, and the curator's choice for it."""
        self.row_filter = QComboBox()
        self.row_filter.setObjectName("import_row_filter")
        for label, _test in ROW_FILTERS:
            self.row_filter.addItem(label)
        self.row_filter.currentIndexChanged.connect(self._filter_rows)
        self.shown_label = QLabel()
        show_label = QLabel("&Показать:")
        show_label.setBuddy(self.row_filter)
        bar = QHBoxLayout()
        bar.addWidget(show_label)
        bar.addWidget(self.row_filter)
        bar.addWidget(self.shown_label, 1)
        self.name_only_button = QPushButton("Найденным только по &ФИО…")
        self.name_only_button.setToolTip(
            "Один выбор для всех строк, которые нашлись в банке только по ФИО, без даты рождения"
        )
        menu = QMenu(self.name_only_button)
        for text, action in (
            ("обновить их карточки", RowAction.UPDATE),
            ("добавить всех как новых", RowAction.NEW),
            ("пропустить всех", RowAction.SKIP_DUPLICATE),
        ):
            menu.addAction(text, lambda a=action: self.choose_for_name_only(a))
        self.name_only_button.setMenu(menu)
        self.name_only_button.setEnabled(False)
        bar.addWidget(self.name_only_button)

        self.row_title = QLabel("Выберите строку слева.")
        self.row_title.setWordWrap(True)
        self.row_title.setStyleSheet("font-weight: bold;")
        self.changes_text = QLabel()
        self.changes_text.setObjectName("import_changes")
        self.changes_text.setWordWrap(True)
        self.changes_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.changes_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.changes_text)
        scroll.setFrameShape(QScrollArea.Shape.StyledPanel)
        # The text on the page's own colour, not the grey that reads as «disabled».
        scroll.viewport().setAutoFillBackground(True)
        scroll.viewport().setBackgroundRole(self.palette().ColorRole.Base)
        self.changes_text.setBackgroundRole(self.palette().ColorRole.Base)
        self.changes_text.setMargin(4)

        self.choice_update = QRadioButton("о&бновить карточку")
        self.choice_new = QRadioButton("добавить как &нового")
        self.choice_skip = QRadioButton("про&пустить")
        self.choice_group = QButtonGroup(self)
        self.choice_box = QGroupBox("Для этой строки")
        choice_layout = QVBoxLayout(self.choice_box)
        for button, action in (
            (self.choice_update, RowAction.UPDATE),
            (self.choice_new, RowAction.NEW),
            (self.choice_skip, RowAction.SKIP_DUPLICATE),
        ):
            self.choice_group.addButton(button)
            button.clicked.connect(lambda _on=False, a=action: self.choose_for_row(a))
            choice_layout.addWidget(button)
        self.choice_box.setEnabled(False)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(6, 0, 0, 0)
        detail_layout.addWidget(self.row_title)
        heading = QLabel("Что изменится в карточке:")
        detail_layout.addWidget(heading)
        detail_layout.addWidget(scroll, 1)
        detail_layout.addWidget(self.choice_box)

        self.rows_split = QSplitter(Qt.Orientation.Horizontal)
        self.rows_split.addWidget(self.rows)
        self.rows_split.addWidget(detail)
        self.rows_split.setStretchFactor(0, 2)
        self.rows_split.setStretchFactor(1, 1)
        self.rows_split.setSizes([640, 320])
        self.rows_split.setChildrenCollapsible(False)
        detail.setMinimumWidth(250)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.rows_split, 1)
        return page

    # --- the dialog as a call ------------------------------------------------------------

    @classmethod
    def run(cls, db: Database, parent: QWidget | None = None) -> tuple[ImportResult | None, bool]:
        dialog = cls(db, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.result, accepted

    # --- file ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        settings = QSettings()
        folder = str(settings.value("paths/last_import_dir", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(
            self, "Таблица со списком педагогов", folder, FILE_FILTER
        )
        if not name:
            return
        settings.setValue("paths/last_import_dir", str(Path(name).parent))
        self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read the file and check every row (in the background)."""
        self.path_edit.setText(str(path))
        self.table = self.guess = self.plan = None
        self._show_error("")
        self._clear()

        def work(progress: Callable[[int, int, str], bool]) -> Any:
            progress(0, 0, "Чтение файла")
            table, guess = load_source(path)
            return table, guess, self._plan_with(table, guess, progress)

        self._start(work, self._loaded)

    def _plan_with(
        self, table: SourceTable, guess: HeaderGuess, progress: Callable[[int, int, str], bool]
    ) -> ImportPlan | str:
        problems = mapping_problems(guess.mapping)
        if problems:
            return " ".join(problems)
        on_duplicate = "skip" if self.skip_radio.isChecked() else "update"
        return plan_import(self.db, table, guess, on_duplicate=on_duplicate, progress=progress)

    def _loaded(self, value: Any) -> None:
        self.table, self.guess, plan = value
        assert self.table is not None and self.guess is not None
        others = (
            f" Другие листы: {', '.join(self.table.other_sheets)}."
            if self.table.other_sheets
            else ""
        )
        self.info.setText(
            f"{self.table.describe()}. Строка заголовков: {self.guess.header_row + 1}. "
            f"Проверьте, какие поля карточки заполняются из каких столбцов.{others}"
        )
        self._fill_columns()
        self._planned(plan)

    def replan(self) -> None:
        if self.table is None or self.guess is None or self._job is not None:
            return
        table, guess = self.table, self.guess
        self._start(lambda progress: self._plan_with(table, guess, progress), self._planned)

    def _planned(self, plan: ImportPlan | str) -> None:
        if isinstance(plan, str):
            self.plan = None
            self._show_error(plan)
            self.rows_model.set_plan(None)
            self.name_only_button.setEnabled(False)
            self.problems_model.set_problems([])
            self._show_row(None)
            self.summary.clear()
            self.import_button.setEnabled(False)
            self.tabs.setCurrentIndex(0)
            return
        self._show_error("")
        self.plan = plan
        self._fill_rows(plan)
        self._fill_problems(plan)
        self.summary.setText(plan.summary())
        self.import_button.setEnabled(bool(plan.to_write))
        if not plan.to_write:
            self.summary.setText(plan.summary() + " Записывать нечего.")

    # --- tables --------------------------------------------------------------------------

    def _clear(self) -> None:
        self.columns.setRowCount(0)
        self.rows_model.set_plan(None)
        self.name_only_button.setEnabled(False)
        self.problems_model.set_problems([])
        self._show_row(None)
        self.summary.clear()
        self.import_button.setEnabled(False)
        self.tabs.setTabText(2, "&3 Замечания")

    def _fill_columns(self) -> None:
        assert self.table is not None and self.guess is not None
        guess = self.guess
        width = max(len(guess.headers), self.table.width)
        data = self.table.rows[guess.data_start :]
        self.columns.setRowCount(width)
        for col in range(width):
            header = guess.headers[col] if col < len(guess.headers) else ""
            item = QTableWidgetItem(header or f"(столбец {col + 1} без заголовка)")
            self.columns.setItem(col, 0, item)
            combo = QComboBox()
            combo.setObjectName(f"column_{col}")
            combo.addItem("— не загружать —", "")
            for key, label in FIELDS.items():
                combo.addItem(label, key)
            current = guess.mapping.get(col, "")
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.currentIndexChanged.connect(
                lambda _i, c=col, box=combo: self.set_column(c, box.currentData())
            )
            self.columns.setCellWidget(col, 1, combo)
            samples = []
            for row in data:
                if col < len(row) and row[col] not in (None, ""):
                    value = row[col]
                    samples.append(
                        value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else str(value)
                    )
                if len(samples) == 3:
                    break
            self.columns.setItem(col, 2, QTableWidgetItem("; ".join(samples)))

    def set_column(self, col: int, key: str) -> None:
        """The curator changed what a column fills."""
        if self.guess is None:
            return
        mapping = dict(self.guess.mapping)
        if key:
            mapping[col] = key
        else:
            mapping.pop(col, None)
        self.guess = HeaderGuess(self.guess.header_row, self.guess.headers, mapping)
        self.replan()

    def _fill_rows(self, plan: ImportPlan) -> None:
        self.rows_model.set_plan(plan)
        self._count_shown()
        self.name_only_button.setEnabled(bool(plan.by_name_only))
        if self.rows_model.rowCount():
            self.rows.selectRow(0)
        else:
            self._show_row(None)

    def _filter_rows(self, index: int) -> None:
        current = self.current_row()
        self.rows_model.set_filter(index)
        self._reselect(current)

    def _reselect(self, current: ImportRow | None) -> None:
        """After the list was made anew: the same row chosen, or the first one."""
        self._count_shown()
        number = self.rows_model.index_of(current) if current is not None else -1
        if number < 0 and self.rows_model.rowCount():
            number = 0
        if number >= 0:
            self.rows.selectRow(number)
        else:
            self._show_row(None)

    def _count_shown(self) -> None:
        plan = self.plan
        total = len(plan.rows) if plan else 0
        shown = self.rows_model.rowCount()
        self.shown_label.setText(f"строк: {shown} из {total}" if plan else "")

    def current_row(self) -> ImportRow | None:
        return self.rows_model.row_at(self.rows.currentIndex().row())

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_row(self.current_row())

    def _show_row(self, row: ImportRow | None) -> None:
        """The chosen row in full beside the table: «что изменится» and the choice."""
        if row is None:
            self.row_title.setText("Выберите строку слева.")
            self.changes_text.clear()
            self.choice_box.setEnabled(False)
            return
        self.row_title.setText(f"Строка {row.row}: {row.full_name or '(без ФИО)'}")
        self.changes_text.setText("\n".join(row.what_changes()))
        choices = row.choices
        self.choice_box.setEnabled(bool(choices) and not self.busy)
        self.choice_update.setText(
            "о&бновить карточку"
            if RowAction.SAME not in choices
            else "о&ставить карточку (изменений нет)"
        )
        current = {
            RowAction.UPDATE: self.choice_update,
            RowAction.SAME: self.choice_update,
            RowAction.NEW: self.choice_new,
            RowAction.SKIP_DUPLICATE: self.choice_skip,
        }.get(row.action)
        self.choice_group.setExclusive(False)
        for button in (self.choice_update, self.choice_new, self.choice_skip):
            button.setChecked(button is current and bool(choices))
        self.choice_group.setExclusive(True)

    def choose_for_row(self, action: RowAction) -> None:
        """The curator's choice for the current row: update, add as new, or skip."""
        row, plan = self.current_row(), self.plan
        if row is None or plan is None or self.busy:
            return
        if action is RowAction.UPDATE and RowAction.SAME in row.choices:
            action = RowAction.SAME
        if plan.choose(row, action):
            self._row_changed(row)

    def choose_for_name_only(self, action: RowAction) -> None:
        plan = self.plan
        if plan is None or self.busy:
            return
        current = self.current_row()
        if plan.choose_for_name_only(action):
            self.rows_model.set_plan(plan)  # a filtered list may change: show it anew
            self._reselect(current)
            self.summary.setText(plan.summary())
            self.import_button.setEnabled(bool(plan.to_write))

    def toggle_row(self, index: int) -> None:
        """Space / double click on a person already in the bank: «обновить» ↔ «пропустить»."""
        plan = self.plan
        row = self.rows_model.row_at(index)
        if plan is None or row is None or self.busy:
            return
        if plan.toggle_update(row):
            self._row_changed(row)

    def _row_changed(self, row: ImportRow) -> None:
        assert self.plan is not None
        self.rows_model.row_changed(self.rows_model.index_of(row))
        if row is self.current_row():
            self._show_row(row)
        self.summary.setText(self.plan.summary())
        self.import_button.setEnabled(bool(self.plan.to_write))

    def show_file_row(self, problem_index: int) -> None:
        """From a problem to its row in «Строки» (all rows shown)."""
        if not 0 <= problem_index < len(self.problems_model.problems):
            return
        number = self.problems_model.problems[problem_index].row
        if self.row_filter.currentIndex() != 0:
            self.row_filter.setCurrentIndex(0)
        for index, row in enumerate(self.rows_model.visible):
            if row.row == number:
                self.tabs.setCurrentIndex(1)
                self.rows.selectRow(index)
                self.rows.scrollTo(self.rows_model.index(index, 0))
                return

    def _fill_problems(self, plan: ImportPlan) -> None:
        problems = plan.problems
        self.problems_model.set_problems(problems)
        errors = sum(1 for p in problems if p.is_error)
        self.tabs.setTabText(
            2, f"&3 Замечания ({len(problems)}, ошибок {errors})" if problems else "&3 Замечания"
        )

    def _show_error(self, text: str) -> None:
        self.error_text = text
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # --- import --------------------------------------------------------------------------

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.to_write or self._job is not None:
            return
        self._start(lambda progress: apply_import(self.db, plan, progress), self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self.accept()

    # --- background work ------------------------------------------------------------------

    def _start(self, work: Callable[[Callable[[int, int, str], bool]], Any], then) -> None:  # type: ignore[no-untyped-def]
        job = _Job(work)
        self._job = job
        job.progressed.connect(self._progressed)
        job.done.connect(lambda value: self._finished(then, value))
        job.failed.connect(self._failed)
        self._busy(True)
        job.start()

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress_label.setText(what)
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(done)

    def _finished(self, then, value: Any) -> None:  # type: ignore[no-untyped-def]
        self._end_job()
        then(value)

    def _failed(self, message: str) -> None:
        cancelled = self._job is not None and self._job.cancelled
        self._end_job()
        self._show_error(ImportCancelled().message if cancelled else message)

    def _end_job(self) -> None:
        if self._job is not None:
            self._job.wait()
            self._job.deleteLater()
        self._job = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.work_row.setVisible(busy)
        self.cancel_work.setEnabled(busy)
        for widget in (self.choose_button, self.tabs, self.update_radio, self.skip_radio):
            widget.setEnabled(not busy)
        if not busy:
            self._show_row(self.current_row())
        self.import_button.setEnabled(not busy and bool(self.plan and self.plan.to_write))

    def cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancelled = True
            self.cancel_work.setEnabled(False)
            self.progress_label.setText("Отмена…")

    @property
    def busy(self) -> bool:
        return self._job is not None

    def reject(self) -> None:
        if self._job is not None:
            # Esc during work means «Отмена»: stop the job, keep the dialog.
            self.cancel_job()
            return
        super().reject()


# --- the main window's menu entries ---------------------------------------------------------


def _refresh_sections(window: QMainWindow) -> None:
    for widget in getattr(window, "_sections", {}).values():
        if hasattr(widget, "refresh"):
            widget.refresh()


def import_people(window: QMainWindow) -> None:
    db: Database = window.db  # type: ignore[attr-defined]
    result, accepted = ImportDialog.run(db, window)
    if accepted and result is not None:
        _refresh_sections(window)
        window.statusBar().showMessage(
            result.message() + " Отменить: «Файл → Отменить последний импорт».", 15000
        )


def undo_import(window: QMainWindow) -> None:
    db: Database = window.db  # type: ignore[attr-defined]
    info = last_import(db)
    if info is None:
        QMessageBox.information(window, "Отмена импорта", "Нет импорта, который можно отменить.")
        return
    answer = QMessageBox.question(
        window,
        "Отмена импорта",
        f"{info.describe()}\n\nДобавленные этим импортом педагоги будут удалены, обновлённые "
        "карточки вернутся к прежним данным. Отменить импорт?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        message = undo_last_import(db)
    except AppError as exc:
        QMessageBox.warning(window, "Отмена импорта", exc.message)
        return
    _refresh_sections(window)
    window.statusBar().showMessage(message, 15000)
