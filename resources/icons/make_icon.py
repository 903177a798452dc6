"""Draw the program's icon: ``python resources/icons/make_icon.py`` (offscreen is fine).

Writes ``nastavnik.png`` (256 px, the window icon) and ``nastavnik.ico`` (16–256 px, the
Windows executable's icon). Both are committed; the script is here so that a change of the
icon is a reviewed change. The picture: a larger and a smaller figure side by side — a mentor
and the teacher they guide — on the blue of a school board.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)
    board = QPainterPath()
    board.addRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    painter.fillPath(board, QColor("#1f5fa8"))
    painter.setPen(Qt.PenStyle.NoPen)
    # The mentor: head and shoulders, on the left and taller.
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(QRectF(52, 46, 64, 64))
    body = QPainterPath()
    body.addRoundedRect(QRectF(34, 120, 100, 100), 40, 40)
    painter.drawPath(body)
    # The mentee: smaller, to the right, in the warm colour of a first step.
    painter.setBrush(QColor("#ffc857"))
    painter.drawEllipse(QRectF(150, 92, 50, 50))
    small = QPainterPath()
    small.addRoundedRect(QRectF(136, 150, 78, 70), 32, 32)
    painter.drawPath(small)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_ico(path: Path, images: list[QImage]) -> None:
    """An .ico whose entries are PNG images (Windows Vista and later read these)."""
    blobs = [png_bytes(image) for image in images]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = len(header) + 16 * len(blobs)
    entries = b""
    for image, blob in zip(images, blobs, strict=True):
        side = image.width() if image.width() < 256 else 0  # 0 means 256 in the format
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    images = [draw(size) for size in SIZES]
    images[-1].save(str(HERE / "nastavnik.png"))
    write_ico(HERE / "nastavnik.ico", images)
    del app
    print(f"{HERE / 'nastavnik.png'}\n{HERE / 'nastavnik.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
