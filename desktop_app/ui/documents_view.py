"""«Документы»: make the documents of the registry, send them, edit templates and name forms.

The page lists whatever ``export.registry.all_kinds()`` holds, grouped by ``kind.group``, and
shows the period, people and order-number fields only when a ticked kind takes them: a feature
that registers a new kind appears here without a change to this module.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.export.registry import DocumentKind, ExportOptions, all_kinds
from desktop_app.models.db import Database
from desktop_app.ui.background import JobBar

# A data-protection step before files leave the database (the «safety» feature plugs a
# confirmation in here): ``hook(kinds, parent) -> bool``; False stops the export.
BEFORE_EXPORT: list[Callable[[list[DocumentKind], QWidget], bool]] = []


def open_path(path: Path) -> None:
    """Open a file or folder in the system's program (Word, Excel, the file manager)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def default_out_dir() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Наставничество"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMaximumWidth(130)
    return edit


def what_it_takes(kind: DocumentKind) -> str:
    parts = []
    if kind.takes_period:
        parts.append("период")
    if kind.takes_selection:
        parts.append("выбор педагогов")
    if kind.takes_number:
        parts.append("номер приказа")
    return ", ".join(parts)


class PeoplePicker(QWidget):
    """A searchable list of the staff with tick boxes: nobody ticked = everybody."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.search = QLineEdit()
        self.search.setObjectName("people_search")
        self.search.setPlaceholderText("Поиск по ФИО или должности")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("people_list")
        self.count = QLabel()
        self.list.itemChanged.connect(lambda _item: self._update_count())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        self._loaded = False

    def load(self) -> None:
        from desktop_app.services.people import PeopleFilter, PeopleService

        service = PeopleService(self.db)
        ids = service.query_ids(PeopleFilter())
        rows = service.rows(ids)
        checked = set(self.chosen_ids())
        self.list.blockSignals(True)
        self.list.clear()
        for row in (rows[i] for i in ids if i in rows):
            text = f"{row.full_name} — {row.position}" if row.position else row.full_name
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if row.id in checked else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._loaded = True
        self._filter(self.search.text())
        self._update_count()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def chosen_ids(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, ids: list[int]) -> None:
        wanted = set(ids)
        for i in range(self.list.count()):
            item = self.list.item(i)
            state = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        needle = text.casefold().replace("ё", "е")
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold().replace("ё", "е"))

    def _update_count(self) -> None:
        chosen = len(self.chosen_ids())
        self.count.setText(
            f"Выбрано: {chosen}" if chosen else "Никто не выбран — документ для всех, кого касается"
        )


class GeneratePage(QWidget):
    """The kinds as a tree of tick boxes, the options they need, «Сформировать»."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_written: list[Path] = []

        self.tree = QTreeWidget()
        self.tree.setObjectName("kinds_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.kind_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_description())
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #444;")

        # Options: shown only when a ticked kind takes them.
        options = QWidget()
        form = QFormLayout(options)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        today = dt.date.today()
        self.date_edit = _date_edit(today)
        self.date_edit.setObjectName("document_date")
        self.date_edit.setToolTip("Дата, которая будет стоять в документах")
        form.addRow("&Дата документов:", self.date_edit)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("order_number")
        self.number_edit.setPlaceholderText("например, 45-о; пусто — строка для записи от руки")
        self.number_label = QLabel("&Номер приказа:")
        self.number_label.setBuddy(self.number_edit)
        form.addRow(self.number_label, self.number_edit)
        start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        self.period_from = _date_edit(start)
        self.period_to = _date_edit(today)
        self.period_from.setObjectName("period_from")
        self.period_to.setObjectName("period_to")
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("с"))
        row.addWidget(self.period_from)
        row.addWidget(QLabel("по"))
        row.addWidget(self.period_to)
        row.addStretch(1)
        self.period_label = QLabel("&Период:")
        self.period_label.setBuddy(self.period_from)
        self.period_widget = period
        form.addRow(self.period_label, period)
        self.people = PeoplePicker(db)
        self.people_label = QLabel("&Педагоги:")
        self.people_label.setBuddy(self.people.search)
        form.addRow(self.people_label, self.people)
        self.out_edit = QLineEdit(str(QSettings().value("documents/out_dir", "")) or "")
        if not self.out_edit.text():
            self.out_edit.setText(str(default_out_dir()))
        self.out_edit.setObjectName("out_dir")
        browse = QPushButton("О&бзор…")
        browse.clicked.connect(self.choose_folder)
        folder = QWidget()
        row = QHBoxLayout(folder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.out_edit, 1)
        row.addWidget(browse)
        out_label = QLabel("Па&пка:")
        out_label.setBuddy(self.out_edit)
        form.addRow(out_label, folder)
        self.form = form

        self.generate_button = QPushButton("&Сформировать")
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip("Сформировать отмеченные документы (Ctrl+Enter)")
        self.generate_button.clicked.connect(self.generate)
        self.package_button = QPushButton("Пакет для &отправки…")
        self.package_button.setObjectName("package")
        self.package_button.setToolTip(
            "Отмеченные документы — в архив .zip или папку и черновик письма .eml"
        )
        self.package_button.clicked.connect(self.package)
        self.job = JobBar()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setToolTip("Двойной щелчок открывает документ")
        self.results.itemActivated.connect(
            lambda item: open_path(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.results.setMaximumHeight(110)
        self.open_folder_button = QPushButton("Открыть &папку")
        self.open_folder_button.setObjectName("open_folder")
        self.open_folder_button.clicked.connect(self.open_result_folder)
        self.open_folder_button.setEnabled(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Отметьте документы:"))
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.description)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(options, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.package_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The document names need the room more than the few options: at 1366×768 and 125 %
        # half and half cut «Согласие на обработку персональных данных …».
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([620, 460])
        self.splitter = splitter

        result_row = QHBoxLayout()
        result_row.addWidget(self.results, 1)
        result_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.job)
        layout.addWidget(self.message)
        layout.addLayout(result_row)

        # Scoped to this page: other sections have their own Ctrl+Enter and Esc.
        for keys, action in (("Ctrl+Return", self.generate), ("Esc", self.job.cancel)):
            shortcut = QShortcut(QKeySequence(keys), self, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._result_folder: Path | None = None
        self.results.hide()
        self.open_folder_button.hide()
        self._update_options()

    # --- the kinds ---------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for kind in all_kinds():
            parent = groups.get(kind.group)
            if parent is None:
                parent = QTreeWidgetItem([kind.group])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
                parent.setFlags(parent.flags() | flags)
                parent.setCheckState(0, Qt.CheckState.Unchecked)
                self.tree.addTopLevelItem(parent)
                groups[kind.group] = parent
            item = QTreeWidgetItem([f"{kind.title} (.{kind.fmt})"])
            item.setData(0, Qt.ItemDataRole.UserRole, kind.key)
            needs = what_it_takes(kind)
            tip = kind.description or kind.title
            item.setToolTip(0, f"{tip}\nНужно указать: {needs}" if needs else tip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            parent.addChild(item)
            self.kind_items[kind.key] = item
        self.tree.expandAll()
        self._kinds = {k.key: k for k in all_kinds()}

    def set_checked(self, keys: list[str]) -> None:
        for key, item in self.kind_items.items():
            item.setCheckState(0, Qt.CheckState.Checked if key in keys else Qt.CheckState.Unchecked)

    def checked_kinds(self) -> list[DocumentKind]:
        return [
            self._kinds[key]
            for key, item in self.kind_items.items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._update_options()

    def _show_description(self) -> None:
        item = self.tree.currentItem()
        key = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        kind = self._kinds.get(key) if key else None
        if kind is None:
            self.description.setText("")
            return
        needs = what_it_takes(kind)
        extra = f" Нужно указать: {needs}." if needs else ""
        # The full title too: a long one is cut short in the list.
        self.description.setText(f"<b>{escape(kind.title)}</b>. {escape(kind.description)}{extra}")

    def _update_options(self) -> None:
        kinds = self.checked_kinds()
        period = any(k.takes_period for k in kinds)
        number = any(k.takes_number for k in kinds)
        selection = any(k.takes_selection for k in kinds)
        for widget in (self.period_label, self.period_widget):
            widget.setVisible(period)
        for widget in (self.number_label, self.number_edit):
            widget.setVisible(number)
        for widget in (self.people_label, self.people):
            widget.setVisible(selection)
        if selection:
            self.people.ensure_loaded()
        self.generate_button.setEnabled(bool(kinds) and not self.job.busy)
        self.package_button.setEnabled(bool(kinds) and not self.job.busy)

    # --- options ---------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Папка для документов", self.out_edit.text()
        )
        if folder:
            self.out_edit.setText(folder)

    def out_dir(self) -> Path:
        return Path(self.out_edit.text().strip()).expanduser()

    def options(self) -> ExportOptions | None:
        kinds = self.checked_kinds()
        period = None
        if any(k.takes_period for k in kinds):
            start, end = _pydate(self.period_from.date()), _pydate(self.period_to.date())
            if start > end:
                self.show_message("Начало периода позже его конца — исправьте даты.", error=True)
                self.period_from.setFocus()
                return None
            period = (start, end)
        selection = any(k.takes_selection for k in kinds)
        return ExportOptions(
            today=_pydate(self.date_edit.date()),
            period=period,
            person_ids=(self.people.chosen_ids() or None) if selection else None,
            number=self.number_edit.text().strip() if any(k.takes_number for k in kinds) else "",
        )

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def _ready(self) -> tuple[list[DocumentKind], ExportOptions, Path] | None:
        kinds = self.checked_kinds()
        if not kinds:
            self.show_message("Отметьте хотя бы один документ в списке слева.", error=True)
            return None
        if not self.out_edit.text().strip():
            self.show_message("Укажите папку, куда сохранить документы.", error=True)
            self.out_edit.setFocus()
            return None
        options = self.options()
        if options is None:
            return None
        for hook in BEFORE_EXPORT:
            if not hook(kinds, self):
                self.show_message("Формирование документов отменено.")
                return None
        QSettings().setValue("documents/out_dir", str(self.out_dir()))
        return kinds, options, self.out_dir()

    # --- making documents ------------------------------------------------------------------

    def generate(self) -> None:
        if self.job.busy:
            return
        ready = self._ready()
        if ready is None:
            return
        kinds, options, out_dir = ready
        keys = [k.key for k in kinds]
        db = self.db

        def job(progress):  # type: ignore[no-untyped-def]
            from desktop_app.export.files import make_staging_dir
            from desktop_app.export.registry import build_documents

            staging = make_staging_dir(out_dir)
            try:
                return staging, build_documents(db, keys, staging, options, progress)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise

        self._start(job, lambda result: self._place(out_dir, *result))  # type: ignore[misc]

    def _start(self, job, on_success) -> None:  # type: ignore[no-untyped-def]
        self.show_message("")
        self.results.clear()
        self.open_folder_button.setEnabled(False)
        self.generate_button.setEnabled(False)
        self.package_button.setEnabled(False)
        self.job.start(job, on_success, self._failed)

    def _finish(self) -> None:
        self._update_options()

    def _place(self, out_dir: Path, staging: Path, made: list[Path]) -> None:
        """Move the finished files into the folder; a file open in Word → another name."""
        from desktop_app.export.files import OutputError, OutputLocked, free_name, place_file

        written: list[Path] = []
        skipped: list[str] = []
        try:
            for staged in made:
                target = out_dir / staged.name
                while True:
                    try:
                        written.append(place_file(staged, target))
                        break
                    except OutputLocked as exc:
                        answer = self.ask_locked(exc.message, free_name(target))
                        if answer == "retry":
                            continue
                        if answer == "rename":
                            target = free_name(target)
                            continue
                        skipped.append(target.name)
                        break
                    except OutputError as exc:
                        skipped.append(target.name)
                        self.show_message(exc.message, error=True)
                        break
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._show_written(written, out_dir)
        if skipped:
            self.show_message("Не сохранены: " + "; ".join(skipped), error=True)
        self._finish()

    def ask_locked(self, message: str, alternative: Path) -> str:
        """«retry» after closing the file, «rename» to ``alternative``, or «skip»."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Файл занят")
        box.setText(message)
        rename = box.addButton(
            f"Сохранить как «{alternative.name}»", QMessageBox.ButtonRole.AcceptRole
        )
        retry = box.addButton("Повторить", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Не сохранять", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(rename)
        box.exec()
        clicked = box.clickedButton()
        return "rename" if clicked is rename else "retry" if clicked is retry else "skip"

    def _show_written(self, written: list[Path], folder: Path) -> None:
        self.last_written = written
        self.results.clear()
        for path in written:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.results.addItem(item)
        self._result_folder = folder
        self.open_folder_button.setEnabled(bool(written))
        self.results.setVisible(bool(written))
        self.open_folder_button.setVisible(bool(written))
        if written:
            count = len(written)
            self.show_message(f"Готово: {count} {_files_word(count)} в папке «{folder}».")

    def _failed(self, exc: Exception) -> None:
        from desktop_app.export.files import OutputNotWritable
        from desktop_app.export.registry import ExportCancelled

        if isinstance(exc, ExportCancelled):
            self.show_message("Отменено: новые файлы не записаны.")
        elif isinstance(exc, OutputNotWritable):
            self.show_message(exc.message, error=True)
            answer = QMessageBox.warning(
                self,
                "Нельзя записать в папку",
                f"{exc.message}\n\nВыбрать другую папку?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.choose_folder()
        elif isinstance(exc, AppError):
            self.show_message(exc.message, error=True)
        else:
            self.show_message(f"Не удалось сформировать документы: {exc}", error=True)
        self._finish()

    def open_result_folder(self) -> None:
        if self._result_folder is not None:
            open_path(self._result_folder)

    # --- the e-mail package ------------------------------------------------------------------

    def package(self) -> None:
        if self.job.busy:
            return
        ready = self._ready()
        if ready is None:
            return
        kinds, options, out_dir = ready
        from desktop_app.ui.package_dialog import PackageDialog

        request, accepted = PackageDialog.get_request(self, self.db, kinds, options, out_dir)
        if not accepted or request is None:
            return
        db = self.db

        def job(progress):  # type: ignore[no-untyped-def]
            from desktop_app.export.package import make_package

            return make_package(db, request, progress)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            made = [result.archive] if result.archive else []
            if result.folder:
                made.append(result.folder)
            self._show_written([*made, result.eml], Path(request.out_dir))
            self.show_message(
                f"Пакет готов в папке «{request.out_dir}». Откройте письмо «{result.eml.name}» "
                "двойным щелчком — Outlook или Thunderbird покажет его готовым к отправке."
            )
            self._finish()

        self._start(job, done)


def _files_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "файл"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "файла"
    return "файлов"


class DocumentsSection(QWidget):
    """The section: «Сформировать», «Шаблоны», «Падежи ФИО»."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.ui.declension_view import DeclensionPage
        from desktop_app.ui.templates_view import TemplatesPage

        self.db = db
        self.tabs = QTabWidget()
        self.generate_page = GeneratePage(db)
        self.templates_page = TemplatesPage()
        self.declension_page = DeclensionPage(db)
        self.tabs.addTab(self.generate_page, "&Сформировать")
        self.tabs.addTab(self.templates_page, "&Шаблоны")
        self.tabs.addTab(self.declension_page, "Па&дежи ФИО")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Документы</h2>"))
        layout.addWidget(self.tabs, 1)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if hasattr(page, "refresh"):
            page.refresh()

    def refresh(self) -> None:
        """Another section changed the people: reload the lists when next shown."""
        self.generate_page.people._loaded = False
        if self.generate_page.people.isVisible():
            self.generate_page.people.load()
        self.declension_page.mark_stale()
