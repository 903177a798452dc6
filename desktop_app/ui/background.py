"""Long work off the GUI thread: a progress bar with «Отмена» that a page embeds.

The job is a plain function ``job(progress) -> result`` (the export layer's ``Progress``
callback); it runs in a QThread, and its result or exception comes back on the GUI thread.
Widgets are touched only from the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

Job = Callable[[Callable[[int, int, str], bool]], object]


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, cancelled: threading.Event) -> None:
        super().__init__()
        self.job = job
        self.cancelled = cancelled

    def report(self, done: int, total: int, what: str) -> bool:
        self.progressed.emit(done, total, what)
        return not self.cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self.report)
        except Exception as exc:  # shown to the curator on the GUI thread
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class JobBar(QWidget):
    """«Формируется: Банк наставников… [=====     ] [Отмена]», hidden when idle."""

    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(200)
        self.cancel_button = QPushButton("Отмена")
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.setToolTip("Остановить (Esc); уже готовые файлы не появятся")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 2)
        layout.addWidget(self.cancel_button)
        self.hide()
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cancelled = threading.Event()
        self._on_success: Callable[[object], None] = lambda _result: None
        self._on_failure: Callable[[Exception], None] = lambda _exc: None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    @property
    def cancelled(self) -> bool:
        """«Отмена» was pressed during the last job (a job that cannot stop still finishes)."""
        return self._cancelled.is_set()

    def start(
        self,
        job: Job,
        on_success: Callable[[object], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        if self.busy:
            return
        self._cancelled = threading.Event()
        thread = QThread(self)
        worker = _Worker(job, self._cancelled)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound methods of this widget: Qt queues the calls to the GUI thread (a bare lambda
        # would run in the worker's thread).
        worker.progressed.connect(self._progress)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self._on_success, self._on_failure = on_success, on_failure
        self._thread, self._worker = thread, worker
        self.bar.setRange(0, 0)  # busy until the job reports how much there is
        self.label.setText("Подготовка…")
        self.cancel_button.setEnabled(True)
        self.show()
        thread.start()

    def cancel(self) -> None:
        if self.busy:
            self._cancelled.set()
            self.cancel_button.setEnabled(False)
            self.label.setText("Отмена…")

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, what: str) -> None:
        if self._cancelled.is_set():
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.label.setText(what)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done(lambda: self._on_success(result))

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._done(lambda: self._on_failure(exc))  # type: ignore[arg-type]

    def _done(self, then: Callable[[], None]) -> None:
        thread = self._thread
        self._thread, self._worker = None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self.hide()
        then()
        self.finished.emit()
