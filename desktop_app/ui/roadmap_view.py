"""«Дорожная карта»: the plan of mentoring activities, tracked against its deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.db import Database
from desktop_app.services.roadmap import ItemStatus, RoadmapService
from desktop_app.services.validation import format_date
from desktop_app.ui.roadmap_forms import ItemDialog, NewRoadmapDialog, RoadmapDialog
from desktop_app.ui.roadmap_model import COLUMNS, FILTERS, RoadmapTableModel

# Shares of the table's width after the «№» column: the columns follow the window, so that
# everything fits 1366×768 and 125 % scaling alike.
COLUMN_SHARES = [0.27, 0.11, 0.12, 0.17, 0.13, 0.11, 0.08]
NUMBER_WIDTH = 46


class RoadmapSection(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.service = RoadmapService(db)
        self.today = today
        self.last_deleted: dict[str, object] | None = None

        heading = QLabel("<h2>Дорожная карта</h2>")
        self.roadmaps = QComboBox()
        self.roadmaps.setObjectName("roadmaps")
        self.roadmaps.setMinimumWidth(320)
        self.roadmaps.setToolTip("Дорожная карта (план мероприятий) за период")
        self.new_button = QPushButton("&Новая…")
        self.new_button.setToolTip("Создать дорожную карту из шаблона на учебный год")
        self.more_button = QToolButton()
        self.more_button.setText("Ещё ▾")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.documents_button = QToolButton()
        self.documents_button.setText("Документы ▾")
        self.documents_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.roadmaps, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.more_button)
        top.addWidget(self.documents_button)

        self.period = QLabel()
        self.period.setObjectName("roadmap_period")
        self.period.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.setObjectName("roadmap_filter")
        for key, title in FILTERS:
            self.filter.addItem(title, key)
        self.counts = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.period, 1)
        filters.addWidget(QLabel("&Показать:", buddy=self.filter))
        filters.addWidget(self.filter)

        self.model = RoadmapTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("roadmap_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.activated.connect(lambda _i: self.edit_selected())

        self.details = QLabel()
        self.details.setObjectName("roadmap_details")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #444;")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.add_button = QPushButton("&Добавить мероприятие…")
        self.add_button.setToolTip("Новое мероприятие после выделенной строки (Ins)")
        self.section_button = QPushButton("Добавить &раздел…")
        self.edit_button = QPushButton("&Изменить…")
        self.edit_button.setToolTip("Открыть мероприятие (Enter, F2)")
        self.done_button = QPushButton("В&ыполнено")
        self.done_button.setToolTip(
            "Отметить выполненным сегодня (Ctrl+D); повторно — снять отметку"
        )
        self.delete_button = QPushButton("&Удалить")
        self.delete_button.setToolTip("Удалить строку (Del); вернуть — Ctrl+Z")
        self.up_button = QPushButton("▲")
        self.up_button.setToolTip("Выше (Ctrl+↑)")
        self.down_button = QPushButton("▼")
        self.down_button.setToolTip("Ниже (Ctrl+↓)")
        for button in (self.up_button, self.down_button):
            button.setMaximumWidth(40)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.section_button,
            self.edit_button,
            self.done_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()

        self.empty = QLabel(
            "Дорожных карт пока нет. Нажмите «Новая…» — программа заполнит план мероприятиями "
            "из шаблона (по образцам дорожных карт школ и муниципалитетов) со сроками на "
            "выбранный учебный год."
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("font-size: 11pt; padding: 20px;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

        self._menus()
        self._actions()
        self.new_button.clicked.connect(self.new_roadmap)
        self.add_button.clicked.connect(lambda: self.add_item(False))
        self.section_button.clicked.connect(lambda: self.add_item(True))
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button.clicked.connect(self.toggle_done)
        self.delete_button.clicked.connect(self.delete_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.roadmaps.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._sync)
        self.restore_state()
        self.refresh()

    # --- building ------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        # After the layout has resized the table: its viewport still had the old width here,
        # so the columns were fitted to 400 px and «Примечание» took the rest of the screen.
        QTimer.singleShot(0, self, self._fit_columns)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_columns)

    def _fit_columns(self) -> None:
        free = max(self.table.viewport().width() - NUMBER_WIDTH, 400)
        self.table.setColumnWidth(0, NUMBER_WIDTH)
        for index, share in enumerate(COLUMN_SHARES, start=1):
            self.table.setColumnWidth(index, int(free * share))
        self.table.resizeRowsToContents()

    def _menus(self) -> None:
        more = QMenu(self)
        more.addAction("Сведения о дорожной карте (утверждение, приказ)…", self.edit_roadmap)
        more.addAction("Копировать на следующий учебный год", self.copy_next_year)
        more.addAction("Сохранить как шаблон…", self.save_template)
        more.addSeparator()
        more.addAction("Удалить дорожную карту в архив", self.archive_roadmap)
        self.more_button.setMenu(more)
        documents = QMenu(self)
        documents.addAction("Дорожная карта (.docx, «УТВЕРЖДАЮ»)…", lambda: self.export("roadmap"))
        documents.addAction(
            "Выполнение дорожной карты (.xlsx)…", lambda: self.export("roadmap-tracking")
        )
        documents.addAction(
            "Приказ об утверждении дорожной карты (.docx)…", lambda: self.export("order-roadmap")
        )
        documents.addSeparator()
        documents.addAction(
            "Приказ о создании системы наставничества (.docx)…",
            lambda: self.export("order-system"),
        )
        documents.addAction(
            "Положение о системе наставничества, проект (.docx)…",
            lambda: self.export("regulation"),
        )
        self.documents_button.setMenu(documents)

    def _actions(self) -> None:
        def action(keys: list[str], slot) -> None:  # type: ignore[no-untyped-def]
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

        action(["Ins"], lambda: self.add_item(False))
        action(["F2"], self.edit_selected)
        action(["Ctrl+D"], self.toggle_done)
        action(["Del"], self.delete_selected)
        action(["Ctrl+Z"], self.undo_delete)
        action(["Ctrl+Up"], lambda: self.move_selected(-1))
        action(["Ctrl+Down"], lambda: self.move_selected(1))

    # --- loading -------------------------------------------------------------------------

    def current_roadmap_id(self) -> int | None:
        data = self.roadmaps.currentData()
        return int(data) if data is not None else None

    def refresh(self, select_roadmap: int | None = None) -> None:
        """Reload the list of roadmaps (keeping the chosen one) and the table."""
        wanted = select_roadmap or self.current_roadmap_id()
        today = self.today()
        summaries = self.service.list(today)
        self.roadmaps.blockSignals(True)
        self.roadmaps.clear()
        for s in summaries:
            self.roadmaps.addItem(f"{s.period_label} — {s.title}", s.id)
        if wanted is None:
            wanted = self.service.current_id(today)
        index = self.roadmaps.findData(wanted) if wanted is not None else -1
        self.roadmaps.setCurrentIndex(max(index, 0) if summaries else -1)
        self.roadmaps.blockSignals(False)
        self.reload()

    def reload(self, select_item: int | None = None) -> None:
        roadmap_id = self.current_roadmap_id()
        has = roadmap_id is not None
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        for widget in (
            self.add_button,
            self.section_button,
            self.more_button,
            self.documents_button,
            self.filter,
        ):
            widget.setEnabled(has)
        if not has:
            self.model.set_rows([], self.today())
            self.period.clear()
            self.counts.clear()
            self._sync()
            return
        selected = select_item or self.selected_id()
        today = self.today()
        try:
            roadmap = self.service.get(roadmap_id)  # type: ignore[arg-type]
            rows = self.service.rows(roadmap_id, today)  # type: ignore[arg-type]
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self.model.set_rows(rows, today)
        self._span_sections()
        approved = (
            f"утверждена {format_date(roadmap.approved_on)}"
            if roadmap.approved_on
            else "не утверждена"
        )
        if roadmap.order_number:
            approved += f", приказ № {roadmap.order_number}"
            if roadmap.order_date:
                approved += f" от {format_date(roadmap.order_date)}"
        self.period.setText(
            f"С {format_date(roadmap.period_start)} по {format_date(roadmap.period_end)}; "
            f"{approved}."
        )
        counts = {status: 0 for status in ItemStatus}
        soon = 0
        for row in rows:
            if row.status is not None:
                counts[row.status] += 1
                soon += row.is_soon(today)
        self.counts.setText(
            f"На {format_date(today)}: выполнено {counts[ItemStatus.DONE]}, "
            f"в работе {counts[ItemStatus.IN_PROGRESS]}, "
            f"не начато {counts[ItemStatus.NOT_STARTED]}, "
            f"<span style='color:#b00020'>просрочено {counts[ItemStatus.OVERDUE]}</span>, "
            f"<span style='color:#8a5a00'>срок в ближайшие 30 дней: {soon}</span>"
        )
        if selected is not None:
            self.select(selected)
        self._sync()

    def _apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_mode(self.filter.currentData())
        self._span_sections()
        if selected is not None:
            self.select(selected)
        self._sync()

    def _span_sections(self) -> None:
        self.table.clearSpans()
        for number, row in enumerate(self.model.rows):
            if row.is_section:
                self.table.setSpan(number, 1, 1, len(COLUMNS) - 1)
        self.table.resizeRowsToContents()

    # --- selection -----------------------------------------------------------------------

    def selected_id(self) -> int | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        return self.model.item_id(rows[0].row()) if rows else None

    def select(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _sync(self) -> None:
        item_id = self.selected_id()
        row = self.model.item_row(item_id) if item_id is not None else None
        for button in (self.edit_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(row is not None)
        self.done_button.setEnabled(row is not None and not row.is_section)
        done = row is not None and not row.is_section and row.done_on is not None
        self.done_button.setText("Снять о&тметку" if done else "В&ыполнено")
        if row is None or row.is_section:
            self.details.setText("")
            return
        parts = [f"<b>{row.number}</b> Срок: {row.deadline_label} — {row.schedule_text}."]
        if row.event_kind:
            event = f"{row.event_kind.capitalize()}"
            if row.event_date:
                event += f", {format_date(row.event_date)}"
            if row.place:
                event += f", {row.place}"
            event += f"; участников {row.participants}, присутствовало {row.attended}"
            parts.append(event + ".")
        if row.document:
            parts.append(f"Документ: {row.document}.")
        self.details.setText(" ".join(parts))

    def open_overview_item(self, item) -> None:  # type: ignore[no-untyped-def]
        """From «Обзор»: show the item's roadmap and select the line."""
        if item.record_id is None:
            return
        for index in range(self.roadmaps.count()):
            roadmap_id = self.roadmaps.itemData(index)
            rows = self.service.rows(roadmap_id, self.today())
            if any(r.id == item.record_id for r in rows):
                self.filter.setCurrentIndex(0)
                self.roadmaps.setCurrentIndex(index)
                self.reload(item.record_id)
                self.table.setFocus()
                return

    # --- actions -------------------------------------------------------------------------

    def _changed(self, message: str, select: int | None = None) -> None:
        self.reload(select)
        self.status_message.emit(message)
        self.changed.emit()

    def new_roadmap(self) -> None:
        roadmap_id, accepted = NewRoadmapDialog.ask(self.service, self)
        if accepted and roadmap_id is not None:
            self.refresh(roadmap_id)
            self.status_message.emit("Дорожная карта создана. Проверьте сроки и ответственных.")
            self.changed.emit()

    def edit_roadmap(self) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is not None and RoadmapDialog.edit(self.service, roadmap_id, self):
            self.refresh(roadmap_id)
            self.status_message.emit("Сведения о дорожной карте сохранены.")
            self.changed.emit()

    def copy_next_year(self) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is None:
            return
        try:
            new_id = self.service.copy_to_next_year(roadmap_id)
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self.refresh(new_id)
        self.status_message.emit(
            "Создана дорожная карта на следующий год: сроки сдвинуты на год, отметки сняты."
        )
        self.changed.emit()

    def save_template(self) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is None:
            return
        name, ok = QInputDialog.getText(
            self, "Сохранить как шаблон", "Название шаблона (годы из сроков будут убраны):"
        )
        if not ok:
            return
        try:
            path = self.service.save_as_template(roadmap_id, name)
        except AppError as exc:
            QMessageBox.warning(self, "Шаблон", exc.message)
            return
        self.status_message.emit(f"Шаблон сохранён: {path}")

    def archive_roadmap(self) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Дорожная карта",
            f"Убрать в архив дорожную карту «{self.roadmaps.currentText()}»? "
            "Записи сохранятся в базе.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.archive(roadmap_id)
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
        self.refresh()
        self.status_message.emit("Дорожная карта убрана в архив.")
        self.changed.emit()

    def add_item(self, is_section: bool) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is None:
            return
        item_id, accepted = ItemDialog.edit(
            self.service,
            roadmap_id,
            None,
            is_section=is_section,
            after_id=self.selected_id(),
            parent=self,
        )
        if accepted:
            self._changed("Раздел добавлен." if is_section else "Мероприятие добавлено.", item_id)

    def edit_selected(self) -> None:
        roadmap_id = self.current_roadmap_id()
        item_id = self.selected_id()
        if roadmap_id is None or item_id is None:
            return
        try:
            _, accepted = ItemDialog.edit(self.service, roadmap_id, item_id, parent=self)
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            self.reload()
            return
        if accepted:
            self._changed("Изменения сохранены.", item_id)

    def toggle_done(self) -> None:
        item_id = self.selected_id()
        row = self.model.item_row(item_id) if item_id is not None else None
        if row is None or row.is_section:
            return
        if not row.done_on and row.status is ItemStatus.NOT_STARTED:
            # Ctrl+D on the wrong line is easy; a mark on an activity whose time has not come
            # would also drop it from «скоро срок» — so ask first (No is the default).
            answer = QMessageBox.question(
                self,
                "Дорожная карта",
                f"Срок пункта {row.number} «{row.title}» — {row.deadline_label}: его время ещё "
                f"не наступило. Отметить пункт выполненным сегодня, {format_date(self.today())}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.service.mark_done(item_id, None if row.done_on else self.today())  # type: ignore[arg-type]
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self._changed(
            "Отметка о выполнении снята." if row.done_on else f"Пункт {row.number} выполнен.",
            item_id,
        )

    def delete_selected(self) -> None:
        item_id = self.selected_id()
        row = self.model.item_row(item_id) if item_id is not None else None
        if row is None:
            return
        try:
            self.last_deleted = self.service.delete_item(item_id)  # type: ignore[arg-type]
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
            return
        self._changed(f"Строка {row.number} удалена. Вернуть — Ctrl+Z.")

    def undo_delete(self) -> None:
        if self.last_deleted is None:
            return
        try:
            item_id = self.service.restore_item(self.last_deleted)
        except AppError as exc:  # the roadmap itself was removed meanwhile
            self.last_deleted = None
            QMessageBox.warning(self, "Отмена не выполнена", exc.message)
            return
        self.last_deleted = None
        self._changed("Удаление отменено.", item_id)

    def move_selected(self, delta: int) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        try:
            self.service.move_item(item_id, delta)
        except AppError as exc:
            QMessageBox.warning(self, "Дорожная карта", exc.message)
        self.reload(item_id)
        self.changed.emit()

    def export(self, kind_key: str) -> None:
        roadmap_id = self.current_roadmap_id()
        if roadmap_id is None:
            return
        from desktop_app.export.registry import ExportOptions, get_kind

        settings = QSettings()
        folder = str(settings.value("paths/export_dir", str(Path.home())))
        folder = QFileDialog.getExistingDirectory(self, "Папка для документа", folder)
        if not folder:
            return
        settings.setValue("paths/export_dir", folder)
        options = ExportOptions(today=dt.date.today(), extra={"roadmap_id": roadmap_id})
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paths = get_kind(kind_key).build(self.db, Path(folder), options, lambda *_: True)
        except AppError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Документ", exc.message)
            return
        QApplication.restoreOverrideCursor()
        self.status_message.emit(f"Документ сохранён: {paths[0]}")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0])))

    # --- remembered state ----------------------------------------------------------------

    def restore_state(self) -> None:
        mode = QSettings().value("roadmap/filter")
        index = self.filter.findData(mode) if mode else -1
        if index >= 0:
            self.filter.setCurrentIndex(index)

    def save_state(self) -> None:
        QSettings().setValue("roadmap/filter", self.filter.currentData())


def roadmap_section(window) -> RoadmapSection:  # type: ignore[no-untyped-def]
    """The section factory for ``SECTIONS``."""
    section = RoadmapSection(window.db)
    section.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    section.changed.connect(window.data_changed)
    return section
