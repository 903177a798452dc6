"""Small building blocks shared by the forms: a field with its error message under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"


class FieldBox(QWidget):
    """A form field with a red message under it that explains what is wrong."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(field)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self._base_style = field.styleSheet()
        # Rows keep their natural height; spare space goes below the form, not into fields.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_error(self, message: str | None) -> None:
        if message:
            self.error.setText(message)
            self.error.show()
            self.field.setStyleSheet(self._base_style + INVALID_STYLE)
            self.field.setAccessibleDescription(message)
        else:
            self.error.clear()
            self.error.hide()
            self.field.setStyleSheet(self._base_style)
            self.field.setAccessibleDescription("")


class FormBuilder:
    """Adds labelled fields to a QFormLayout and remembers them by name for errors."""

    def __init__(self, layout: QFormLayout, boxes: dict[str, FieldBox]) -> None:
        self.layout = layout
        self.boxes = boxes
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

    def add(self, name: str, label: str, field: QWidget) -> QWidget:
        box = FieldBox(field)
        self.boxes[name] = box
        label_widget = QLabel(label)
        label_widget.setBuddy(field)
        self.layout.addRow(label_widget, box)
        return field

    def line(self, name: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setObjectName(name)
        self.add(name, label, edit)
        return edit

    def date(self, name: str, label: str) -> QLineEdit:
        edit = self.line(name, label, "ДД.ММ.ГГГГ")
        edit.setMaximumWidth(140)
        edit.setToolTip("Дата в виде ДД.ММ.ГГГГ, например 01.09.2024")
        return edit

    def text(self, name: str, label: str, height: int = 60) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        self.add(name, label, edit)
        return edit

    def combo(self, name: str, label: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        self.add(name, label, combo)
        return combo


def combo_select(combo: QComboBox, data: object) -> None:
    for index in range(combo.count()):
        if combo.itemData(index) == data:
            combo.setCurrentIndex(index)
            return
    combo.setCurrentIndex(0)


def show_errors(boxes: dict[str, FieldBox], errors: dict[str, str]) -> FieldBox | None:
    """Show each message next to its field; return the first wrong field's box."""
    first: FieldBox | None = None
    for name, box in boxes.items():
        message = errors.get(name)
        box.set_error(message)
        if message and first is None:
            first = box
    return first


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the wanted size, but never beyond 92 % of the screen's free area: at 125 %
    scaling a 1366×768 screen offers only about 1090×580 logical pixels."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * 0.92))
        height = min(height, int(free.height() * 0.92))
    widget.resize(width, height)
