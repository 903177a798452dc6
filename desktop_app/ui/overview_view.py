"""«Обзор»: the start screen — what needs attention today, each line opening its section."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.models.db import Database
from desktop_app.services.overview import OverviewItem, Severity, collect
from desktop_app.services.validation import format_date

SEVERITY_COLOURS = {
    Severity.OVERDUE: "#b00020",
    Severity.WARNING: "#8a5a00",
    Severity.SOON: "#1f5fa8",
    Severity.INFO: "#333333",
}
SEVERITY_MARKS = {
    Severity.OVERDUE: "● Просрочено",
    Severity.WARNING: "▲ Внимание",
    Severity.SOON: "◆ Скоро срок",
    Severity.INFO: "",
}
# Three tiles a row with their words on two lines: four did not fit 1366×768 at 125 %
# (1090 px wide) and «Мероприятий дорожной карты выполнено» was cut at both ends.
FIGURES_PER_ROW = 3
TILE_LINE = 26


class OverviewSection(QWidget):
    """Figures on top, the list of what is overdue, due soon or missing below."""

    open_item = Signal(object)  # OverviewItem

    def __init__(
        self,
        db: Database,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.items: list[OverviewItem] = []

        self.heading = QLabel()
        self.refresh_button = QPushButton("&Обновить")
        self.refresh_button.setToolTip("Собрать сведения заново (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)

        self.figures_box = QWidget()
        self.figures_box.setObjectName("overview_figures")
        self.figures = QGridLayout(self.figures_box)
        self.figures.setContentsMargins(0, 0, 0, 0)
        self.figure_buttons: list[QPushButton] = []

        attention = QLabel("<b>Требует внимания</b> — Enter или двойной щелчок открывает запись")
        self.list = QListWidget()
        self.list.setObjectName("overview_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 4px; }"
        )
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.empty_label = QLabel(
            "Всё в порядке: просроченных мероприятий, ближайших сроков и незаполненных "
            "сведений нет."
        )
        self.empty_label.setStyleSheet("color: #2e7d32; font-size: 11pt;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.figures_box)
        layout.addWidget(attention)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)

        refresh = QAction("Обновить", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)
        self.refresh()

    def refresh(self) -> None:
        today = self.today()
        self.heading.setText(f"<h2>Обзор на {format_date(today)}</h2>")
        self.items = collect(self.db, today)
        self._show_figures([i for i in self.items if i.is_figure])
        self.list.clear()
        for item in self.items:
            if item.is_figure:
                continue
            mark = SEVERITY_MARKS[item.severity]
            due = f" — срок {format_date(item.due)}" if item.due else ""
            row = QListWidgetItem(f"{mark}:  {item.text}{due}")
            row.setData(Qt.ItemDataRole.UserRole, item)
            row.setForeground(QBrush(QColor(SEVERITY_COLOURS[item.severity])))
            row.setToolTip("Открыть (Enter)")
            self.list.addItem(row)
        has_lines = self.list.count() > 0
        self.list.setVisible(has_lines)
        self.empty_label.setVisible(not has_lines)
        if has_lines:
            self.list.setCurrentRow(0)

    def _show_figures(self, figures: list[OverviewItem]) -> None:
        for button in self.figure_buttons:
            self.figures.removeWidget(button)
            button.deleteLater()
        self.figure_buttons = []
        for number, item in enumerate(figures):
            # «Наставников: 10» → a tile with the number large and the words under it.
            words, _, value = item.text.rpartition(":")
            text = item.text
            if words:
                lines = textwrap.wrap(words.strip(), TILE_LINE) or [words.strip()]
                text = "\n".join([value.strip(), *lines])
            button = QPushButton(text)
            button.setObjectName("overview_figure")
            button.setMinimumHeight(56)
            button.setStyleSheet("QPushButton { font-size: 11pt; text-align: center; }")
            button.setToolTip("Открыть раздел")
            button.clicked.connect(lambda _=False, it=item: self.open_item.emit(it))
            self.figures.addWidget(button, number // FIGURES_PER_ROW, number % FIGURES_PER_ROW)
            self.figure_buttons.append(button)
        self.figures_box.setVisible(bool(figures))

    def _activated(self, row: QListWidgetItem) -> None:
        item = row.data(Qt.ItemDataRole.UserRole)
        if isinstance(item, OverviewItem):
            self.open_item.emit(item)

    def lines(self) -> list[str]:
        """The attention list as shown (for tests and the status line)."""
        return [self.list.item(i).text() for i in range(self.list.count())]


def overview_section(window) -> OverviewSection:  # type: ignore[no-untyped-def]
    """The section factory for ``SECTIONS``: a line opens its section in ``window``."""
    from desktop_app.ui.main_window import SECTIONS

    section = OverviewSection(window.db)
    keys = {key for key, _, _ in SECTIONS}

    def open_item(item: OverviewItem) -> None:
        if item.section not in keys:
            window.statusBar().showMessage("Этот раздел в программе пока отсутствует.", 8000)
            return
        widget = window.show_section(item.section)
        if hasattr(widget, "open_overview_item"):
            widget.open_overview_item(item)

    section.open_item.connect(open_item)
    return section
