"""Grouped bar charts drawn with QPainter: on the «Мониторинг» screen, as PNG, and in reports.

QPainter rather than QtCharts or matplotlib: a few dozen lines instead of tens of megabytes in
the executable, and the same drawing serves the widget and the picture in the .docx.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from desktop_app.services import charts
from desktop_app.services.charts import ChartSpec

# Colours that stay apart when printed in grey and for the common colour-vision deficiencies.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd")
_cli_app: QApplication | None = None


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f} %"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def paint_chart(painter: QPainter, rect: QRectF, spec: ChartSpec, font: QFont) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, QColor("white"))
    title_font = QFont(font)
    title_font.setBold(True)
    # The PNG for reports sets the font in pixels, the screen in points: scale whichever is set.
    if font.pointSizeF() > 0:
        title_font.setPointSizeF(font.pointSizeF() * 1.15)
    else:
        title_font.setPixelSize(round(font.pixelSize() * 1.15))
    metrics = QFontMetrics(font)
    line = metrics.height()
    painter.setFont(title_font)
    painter.setPen(QColor("#222222"))
    title_rect = QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, line * 1.6)
    painter.drawText(
        title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, spec.title
    )
    painter.setFont(font)

    # Legend under the title.
    x = rect.left() + 8
    legend_y = title_rect.bottom() + 2
    for index, series in enumerate(spec.series):
        painter.fillRect(
            QRectF(x, legend_y + line * 0.2, line * 0.8, line * 0.8), QColor(PALETTE[index % 4])
        )
        x += line
        width = metrics.horizontalAdvance(series.name) + line
        painter.setPen(QColor("#222222"))
        painter.drawText(
            QRectF(x, legend_y, width, line * 1.2), Qt.AlignmentFlag.AlignVCenter, series.name
        )
        x += width
    plot = QRectF(
        rect.left() + 8 + metrics.horizontalAdvance("100 %0"),
        legend_y + line * 2,
        rect.width() - 24 - metrics.horizontalAdvance("100 %0"),
        rect.height() - (legend_y - rect.top()) - line * 4.8,
    )
    if spec.empty:
        painter.setPen(QColor("#666666"))
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Нет данных за выбранный период")
        painter.restore()
        return
    values = [v for s in spec.series for v in s.values if v is not None]
    top = max(values) if values else 1.0
    # Whole steps for counts: an axis of «0,8 — 1,7 — 2,5» people reads as nonsense.
    top = 100.0 if spec.unit == "%" else float(4 * math.ceil(max(1.0, top * 1.1) / 4))
    # Axis and three grid lines with their values.
    painter.setPen(QPen(QColor("#dddddd"), 1))
    for step in range(0, 5):
        y = plot.bottom() - plot.height() * step / 4
        painter.drawLine(plot.left(), y, plot.right(), y)
        painter.setPen(QColor("#666666"))
        painter.drawText(
            QRectF(rect.left(), y - line / 2, plot.left() - rect.left() - 4, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _number(top * step / 4, spec.unit if spec.unit == "%" else ""),
        )
        painter.setPen(QPen(QColor("#dddddd"), 1))
    groups = len(spec.categories)
    bars = len(spec.series)
    group_width = plot.width() / max(1, groups)
    bar_width = group_width * 0.7 / max(1, bars)
    for g, category in enumerate(spec.categories):
        left = plot.left() + g * group_width + group_width * 0.15
        for b, series in enumerate(spec.series):
            value = series.values[g] if g < len(series.values) else None
            bar_left = left + b * bar_width
            if value is None:
                painter.setPen(QColor("#999999"))
                painter.drawText(
                    QRectF(bar_left, plot.bottom() - line * 1.2, bar_width, line),
                    Qt.AlignmentFlag.AlignCenter,
                    "н/д",
                )
                continue
            height = plot.height() * min(value, top) / top
            bar = QRectF(bar_left + 1, plot.bottom() - height, bar_width - 2, height)
            painter.fillRect(bar, QColor(PALETTE[b % 4]))
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(bar_left - 10, bar.top() - line * 1.1, bar_width + 20, line),
                Qt.AlignmentFlag.AlignCenter,
                _number(value, spec.unit),
            )
        painter.setPen(QColor("#222222"))
        painter.drawText(
            QRectF(plot.left() + g * group_width, plot.bottom() + 4, group_width, line * 2.4),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            category,
        )
    painter.setPen(QPen(QColor("#444444"), 1))
    painter.drawLine(plot.left(), plot.bottom(), plot.right(), plot.bottom())
    painter.restore()


class ChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_chart(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.setAccessibleName(spec.title)
        self.update()

    def paintEvent(self, _event: object) -> None:
        if self.spec is None:
            return
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self.spec, self.font())
        painter.end()


def render_png(spec: ChartSpec, path: Path, size: QSize | None = None) -> None:
    """Draw the chart into a PNG (for «Сохранить диаграмму» and for the reports)."""
    global _cli_app
    if QGuiApplication.instance() is None:
        # The CLI has no window: an offscreen application is enough for fonts and painting.
        # A QApplication (not a QGuiApplication), so that a window made later still works.
        _cli_app = QApplication(["nastavnik", "-platform", "offscreen"])
    size = size or QSize(1200, 640)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont("Times New Roman")
    font.setPixelSize(26)  # the picture is shrunk to the text width: about 11 pt on paper
    paint_chart(painter, QRectF(0, 0, size.width(), size.height()), spec, font)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"Не удалось сохранить рисунок «{path}».")


def connect_to_reports() -> None:
    """Reports draw their charts with this painter from now on (called by the entry points)."""
    charts.set_renderer(render_png)
