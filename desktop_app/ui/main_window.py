"""The main window: sections on the left, the chosen one on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME, __version__
from desktop_app.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    # SQLAlchemy and the models load after the window is on screen (ui/startup.py).
    from desktop_app.models.db import Database

SectionFactory = Callable[["MainWindow"], QWidget]


def _people(kind: str) -> SectionFactory:
    def make(window: MainWindow) -> QWidget:
        from desktop_app.ui.people_view import PeopleSection

        section = PeopleSection(window.db, kind)
        section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        section.changed.connect(window.data_changed)
        return section

    return make


def _overview(window: MainWindow) -> QWidget:
    from desktop_app.ui.overview_view import overview_section

    return overview_section(window)


def _pairs(window: MainWindow) -> QWidget:
    from desktop_app.ui.pairs_view import pairs_section

    return pairs_section(window)


def _settings(window: MainWindow) -> QWidget:
    from desktop_app.services.organisation import OrganisationService
    from desktop_app.ui.organisation_form import SettingsSection

    return SettingsSection(
        OrganisationService(window.db),
        window.db.location,
        on_server=window.connect_to_server,
        on_file=window.open_other_database,
        server=window.db.is_server,
    )


# (key, title in the navigation, factory). A feature adds its section here when it lands;
# a section that is not built yet is absent rather than an empty page.
# Each feature owns one slot below (the comment names it) and replaces the comment with its
# line; the blank lines between slots keep parallel work from touching the same lines.
# fmt: off
SECTIONS: list[tuple[str, str, SectionFactory]] = [
    ("overview", "Обзор", _overview),

    ("people", "Педагоги", _people("people")),
    ("mentors", "Наставники", _people("mentors")),
    ("mentees", "Наставляемые", _people("mentees")),

    ("pairs", "Пары и группы", _pairs),

    ("programs", "Программы наставничества", lambda w: __import__("desktop_app.ui.programs_view", fromlist=["_"]).programs_section(w)),  # noqa: E501

    # Imported when first opened: start-up does not pay for the routes screen.
    ("routes", "Маршруты (ИОМ)", lambda w: __import__("desktop_app.ui.routes_view", fromlist=["_"]).routes_section(w)),  # noqa: E501

    ("roadmap", "Дорожная карта", lambda w: __import__("desktop_app.ui.roadmap_view", fromlist=["_"]).roadmap_section(w)),  # noqa: E501

    ("monitoring", "Мониторинг",
     lambda w: __import__("desktop_app.ui.monitoring_view", fromlist=["_"]).monitoring_section(w)),

    ("documents", "Документы",
     lambda w: __import__("desktop_app.ui.documents_view", fromlist=["_"]).DocumentsSection(w.db)),

    # Shown in every database: a school curator never needs to switch a mode on, and a
    # methodist's database (or a base school collecting its partners' files) just uses it.
    # Beside «Документы»: what comes in from schools next to what goes out; «Настройки» last.
    ("municipal", "Муниципалитет",
     lambda w: __import__("desktop_app.ui.municipal_view", fromlist=["_"]).municipal_section(w)),

    ("backups", "Резервные копии",
     lambda w: __import__("desktop_app.ui.backups_view", fromlist=["_"]).BackupsSection(w)),
    ("personal_data", "Защита данных",
     lambda w: __import__("desktop_app.ui.personal_data_view", fromlist=["_"])
     .PersonalDataSection(w)),
    ("changelog", "Журнал изменений",
     lambda w: __import__("desktop_app.ui.change_log_view", fromlist=["_"]).ChangeLogSection(
         w.db)),

    ("settings", "Настройки", _settings),
]
# fmt: on


class MainWindow(QMainWindow):
    def __init__(self, db: Database | None, opening: Path | str | None = None) -> None:
        """``db=None``: the window shows «Открываю базу данных…» until :meth:`attach`."""
        super().__init__()
        self.db = db  # type: ignore[assignment]  # None only until attach(), at start-up
        self.setMinimumSize(900, 560)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.nav.setMinimumWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 6px; }"
        )
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._sections: dict[str, QWidget] = {}
        self._menus()
        self.nav.currentRowChanged.connect(self.show_section_at)
        self.nav.itemClicked.connect(lambda item: self.open_section_at(self.nav.row(item)))
        self._restore_geometry()
        if db is not None:
            self._build_sections()
            self._update_title()
            self._guard()
        else:
            self._show_opening(opening)

    def _show_opening(self, path: Path | str | None) -> None:
        for _key, title, _factory in SECTIONS:
            self.nav.addItem(QListWidgetItem(title))
        self.nav.setEnabled(False)
        where = f"\n«{path}»" if path else ""
        if isinstance(path, str):
            from desktop_app.server import ServerAddress, is_server_address

            if is_server_address(path):
                # Never show a password typed into a --db-url on the screen.
                where = f"\n{ServerAddress.parse(path)[0].describe()}"
        label = QLabel(f"Открываю базу данных…{where}")
        label.setObjectName("opening")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.stack.addWidget(label)
        self.setWindowTitle(APP_NAME)
        self.statusBar().showMessage("Открываю базу данных…")

    def attach(self, db: Database) -> None:
        """Show the database opened after the window appeared (see ui/startup.py)."""
        self.db = db
        self.nav.setEnabled(True)
        self._build_sections()
        self._update_title()
        self._guard()

    def _guard(self) -> None:
        """Backups and the error catcher for the database now open (ui/safety.py)."""
        if getattr(self, "safety", None) is not None:
            self.safety.attach(self.db)
            return
        from desktop_app.ui.safety import SafetyGuard

        self.safety = SafetyGuard(self)

    # --- sections --------------------------------------------------------------------

    def _build_sections(self) -> None:
        self.nav.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._sections.clear()
        # Reports made from any section draw their charts with the same painter as the screen.
        from desktop_app.ui.charts import connect_to_reports

        connect_to_reports()
        for number, (key, title, _factory) in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{title} (Ctrl+{number})" if number < 10 else title)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real section when first opened
        # The navigation is as wide as its longest title: «Программы наставничества» was cut.
        font = QFont(self.nav.font())
        font.setPointSize(11)
        widest = max(QFontMetrics(font).horizontalAdvance(t) for _k, t, _f in SECTIONS)
        self.nav.setMinimumWidth(min(300, widest + 36))
        self.nav.setMaximumWidth(max(220, min(300, widest + 44)))
        self.nav.setCurrentRow(0)
        self.show_section_at(0)

    def section(self, key: str) -> QWidget:
        """The section widget, created on first use so that start-up stays fast."""
        if key not in self._sections:
            index = [k for k, _, _ in SECTIONS].index(key)
            widget = SECTIONS[index][2](self)
            widget.setObjectName(f"section_{key}")
            # A column title wider than its column ends in «…» instead of being cut at both
            # ends (Qt centres header text and clips it), so a cut title reads as cut.
            for header in widget.findChildren(QHeaderView):
                header.setTextElideMode(Qt.TextElideMode.ElideRight)
            old = self.stack.widget(index)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.insertWidget(index, widget)
            self._sections[key] = widget
        return self._sections[key]

    def show_section_at(self, index: int) -> None:
        if not 0 <= index < len(SECTIONS) or self.db is None:
            return
        key = SECTIONS[index][0]
        widget = self.section(key)
        self.stack.setCurrentWidget(widget)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    def open_section_at(self, index: int) -> None:
        """The curator chose a section (a click, Ctrl+N): the keys go to it at once.

        The focus stayed in the navigation, so Ins, Del, F2, Ctrl+F and the typing that
        followed went nowhere until one clicked into the section. Arrow keys in the
        navigation only show sections and leave the focus there.
        """
        self.show_section_at(index)
        widget = self.stack.currentWidget()
        from PySide6.QtWidgets import QAbstractItemView

        views = [v for v in widget.findChildren(QAbstractItemView) if v.isVisibleTo(widget)]
        target = views[0] if views else widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_section(self, key: str) -> QWidget:
        index = [k for k, _, _ in SECTIONS].index(key)
        self.show_section_at(index)
        return self._sections[key]

    def data_changed(self) -> None:
        """Another section changed the data: the others reload when shown next."""
        current = self.stack.currentWidget()
        for widget in self._sections.values():
            if widget is not current and hasattr(widget, "refresh"):
                widget.refresh()

    # --- menus -----------------------------------------------------------------------

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        open_action = QAction("&Открыть базу данных…", self)
        open_action.setShortcut(QKeySequence("Ctrl+O"))
        open_action.triggered.connect(self.open_other_database)
        file_menu.addAction(open_action)
        new_action = QAction("&Создать новую базу данных…", self)
        new_action.triggered.connect(self.create_database)
        file_menu.addAction(new_action)
        server_action = QAction("Подключиться к &серверу…", self)
        server_action.triggered.connect(self.connect_to_server)
        file_menu.addAction(server_action)
        file_menu.addSeparator()
        from desktop_app.ui.import_menu import add_import_actions

        add_import_actions(self, file_menu)
        file_menu.addSeparator()
        quit_action = QAction("В&ыход", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&Разделы")
        for number, (_key, title, _f) in enumerate(SECTIONS, start=1):
            act = QAction(title, self)
            if number < 10:
                act.setShortcut(QKeySequence(f"Ctrl+{number}"))
            act.triggered.connect(lambda _=False, i=number - 1: self.open_section_at(i))
            view_menu.addAction(act)

        help_menu = self.menuBar().addMenu("&Справка")
        about = QAction("&О программе", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "О программе",
            f"<b>{APP_NAME}</b><br>Версия {__version__}<br><br>"
            "Учёт наставников и наставляемых, пары и программы наставничества, "
            "документы для муниципалитета.<br>"
            + (
                f"Общая база на сервере:<br>{self.db.location}"
                if self.db.is_server
                else "Работает без интернета; данные хранятся на этом компьютере:<br>"
                f"{self.db.path}"
            ),
        )

    # --- database --------------------------------------------------------------------

    def _update_title(self) -> None:
        name = self.db.location if self.db.is_server else Path(self.db.path or "").name
        self.setWindowTitle(f"{APP_NAME} — {name}")
        self.statusBar().showMessage(f"База данных: {self.db.location}")

    def _choose_file(self, save: bool) -> Path | None:
        settings = QSettings()
        folder = str(settings.value("paths/last_db_dir", str(Path.home())))
        if save:
            name, _ = QFileDialog.getSaveFileName(
                self,
                "Новая база данных",
                str(Path(folder) / "наставничество.sqlite"),
                "База данных (*.sqlite *.db)",
            )
        else:
            name, _ = QFileDialog.getOpenFileName(
                self, "Открыть базу данных", folder, "База данных (*.sqlite *.db);;Все файлы (*)"
            )
        if not name:
            return None
        settings.setValue("paths/last_db_dir", str(Path(name).parent))
        return Path(name)

    def open_other_database(self) -> None:
        path = self._choose_file(save=False)
        if path is not None:
            self.switch_database(path)

    def create_database(self) -> None:
        path = self._choose_file(save=True)
        if path is None:
            return
        if path.exists():
            QMessageBox.warning(
                self, "Новая база", f"Файл «{path}» уже существует. Выберите другое имя."
            )
            return
        self.switch_database(path)

    def switch_database(self, path: Path) -> bool:
        if (
            self.db is not None
            and self.db.path
            and Path(path).resolve() == Path(self.db.path).resolve()
        ):
            return True
        from desktop_app.errors import DatabaseOpenError
        from desktop_app.models.db import open_database
        from desktop_app.paths import backups_dir

        try:
            new_db = open_database(path, backup_dir=backups_dir())
        except DatabaseOpenError as exc:
            QMessageBox.warning(self, "Не удалось открыть базу", exc.message)
            return False
        self.switch_to(new_db)
        return True

    def connect_to_server(self) -> bool:
        """Файл → «Подключиться к серверу…» and the button in «Настройки»."""
        from desktop_app.ui.server_dialog import connect_to_server

        address = self.db.address if self.db is not None else None
        new_db, _ = connect_to_server(self, address)
        if new_db is None:
            return False
        self.switch_to(new_db)
        return True

    def switch_to(self, new_db: Database) -> None:
        """Show another open database in place of the current one (which is closed)."""
        self._save_state()
        old = self.db
        self.db = new_db
        self.safety.attach(new_db)
        self._build_sections()
        if old is not None:
            old.close()
        self._update_title()
        from desktop_app.ui.server_dialog import remember_location

        remember_location(new_db)
        from desktop_app.ui.app import ask_organisation_if_missing

        ask_organisation_if_missing(self)

    # --- remembered state ------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            # Fits the usual school computer's 1366×768 screen with the taskbar, at 125 % too.
            fit_to_screen(self, 1280, 680)
        splitter = settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([180, 1100])

    def _save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        for widget in self._sections.values():
            if hasattr(widget, "save_state"):
                widget.save_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        if self.db is not None:
            self.db.close()
        event.accept()
