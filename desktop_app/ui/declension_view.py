"""«Документы → Падежи ФИО»: a person's name and position in every case, as orders will print
them; the curator corrects a form once and it is used from then on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import GrammaticalCase
from desktop_app.models.db import Database
from desktop_app.ui.widgets import FieldBox

CASES = list(GrammaticalCase)
NOMINATIVE = GrammaticalCase.NOMINATIVE


class _CaseForms(QGroupBox):
    """Six rows: the case, its form (editable but the nominative), «исправлено» or not."""

    def __init__(self, title: str, prefix: str) -> None:
        super().__init__(title)
        self.edits: dict[GrammaticalCase, QLineEdit] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.marks: dict[GrammaticalCase, QLabel] = {}
        self.automatic: dict[GrammaticalCase, str] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        for row, case in enumerate(CASES):
            edit = QLineEdit()
            edit.setObjectName(f"{prefix}_{case.value}")
            edit.setReadOnly(case is NOMINATIVE)
            edit.textChanged.connect(lambda _t, c=case: self._mark(c))
            box = FieldBox(edit)
            label = QLabel(case.label[:1].upper() + case.label[1:])
            label.setBuddy(edit)
            mark = QLabel()
            mark.setMinimumWidth(110)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, row, 1)
            grid.addWidget(mark, row, 2, Qt.AlignmentFlag.AlignTop)
            self.edits[case], self.boxes[case.value], self.marks[case] = edit, box, mark

    def set_forms(self, forms: dict[GrammaticalCase, str], automatic: dict) -> None:  # type: ignore[type-arg]
        self.automatic = automatic
        for case, edit in self.edits.items():
            edit.setText(forms.get(case, ""))
            edit.setToolTip(f"Автоматически: {automatic.get(case, '')}")
            self.boxes[case.value].set_error(None)
        for case in CASES:
            self._mark(case)

    def forms(self) -> dict[GrammaticalCase, str]:
        return {c: e.text() for c, e in self.edits.items() if c is not NOMINATIVE}

    def _mark(self, case: GrammaticalCase) -> None:
        text = " ".join(self.edits[case].text().split())
        corrected = case is not NOMINATIVE and text and text != self.automatic.get(case, text)
        self.marks[case].setText("✎ исправлено" if corrected else "")
        self.marks[case].setStyleSheet("color: #8a5a00;" if corrected else "")


class DeclensionPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.services.declension import DeclensionService

        self.db = db
        self.service = DeclensionService(db)
        self.person_id: int | None = None
        self.position = ""
        self._stale = True

        self.search = QLineEdit()
        self.search.setObjectName("declension_search")
        self.search.setPlaceholderText("Поиск по ФИО")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("declension_people")
        self.list.currentItemChanged.connect(lambda item, _prev: self._choose(item))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list, 1)

        intro = QLabel(
            "Так ФИО и должность будут напечатаны в приказах. Если программа склонила неверно, "
            "исправьте форму и сохраните — исправление будет использоваться во всех документах, "
            "пока ФИО не изменится."
        )
        intro.setWordWrap(True)
        self.name_forms = _CaseForms("ФИО", "name")
        self.position_forms = _CaseForms("Должность", "position")
        self.example = QLabel()
        self.example.setObjectName("declension_example")
        self.example.setWordWrap(True)
        self.example.setStyleSheet("color: #444;")
        for edit in (self.name_forms.edits[GrammaticalCase.ACCUSATIVE],
                     self.position_forms.edits[GrammaticalCase.ACCUSATIVE],
                     self.name_forms.edits[GrammaticalCase.DATIVE]):  # fmt: skip
            edit.textChanged.connect(lambda _t: self._update_example())
        self.save_button = QPushButton("&Сохранить исправления")
        self.save_button.setObjectName("save_declension")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("&Вернуть автоматические…")
        self.reset_button.setObjectName("reset_declension")
        self.reset_button.clicked.connect(self.reset)
        self.message = QLabel()
        self.message.setObjectName("declension_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(intro)
        right_layout.addWidget(self.name_forms)
        right_layout.addWidget(self.position_forms)
        right_layout.addWidget(self.example)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.message)
        right_layout.addStretch(1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([280, 700])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # routes use Ctrl+S too
        self._enable(False)

    # --- people -------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if not self._stale:
            return
        from desktop_app.services.people import PeopleFilter, PeopleService

        service = PeopleService(self.db)
        ids = service.query_ids(PeopleFilter())
        rows = service.rows(ids)
        current = self.person_id
        self.list.blockSignals(True)
        self.list.clear()
        for row in (rows[i] for i in ids if i in rows):
            item = QListWidgetItem(row.full_name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(row.position)
            self.list.addItem(item)
            if row.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._stale = False
        self._filter(self.search.text())
        if current is not None:
            self.show_person(current)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.refresh()

    def _filter(self, text: str) -> None:
        needle = text.casefold().replace("ё", "е")
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold().replace("ё", "е"))

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_person(int(item.data(Qt.ItemDataRole.UserRole)))

    def select_person(self, person_id: int) -> None:
        self.refresh()
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == person_id:
                self.list.setCurrentRow(i)
                return

    def _enable(self, on: bool) -> None:
        for widget in (self.name_forms, self.position_forms, self.save_button, self.reset_button):
            widget.setEnabled(on)

    def show_person(self, person_id: int) -> None:
        from desktop_app.services.declension import declined_position
        from desktop_app.services.people import PeopleService

        try:
            corrected = self.service.person_name(person_id)
            automatic = self.service.automatic_person_name(person_id)
            person = PeopleService(self.db).get(person_id)
        except AppError as exc:
            self.message.setText(exc.message)
            self._enable(False)
            return
        self.person_id = person_id
        self.position = " ".join(person.position.split())
        self.name_forms.set_forms(
            {c: corrected.form(c) for c in CASES}, {c: automatic.form(c) for c in CASES}
        )
        if self.position:
            pos_now = self.service.position(self.position)
            pos_auto = declined_position(self.position)
            self.position_forms.set_forms(
                {c: getattr(pos_now, c.value) for c in CASES},
                {c: getattr(pos_auto, c.value) for c in CASES},
            )
        else:
            self.position_forms.set_forms({}, {})
        self._enable(True)
        self.position_forms.setEnabled(bool(self.position))
        self.position_forms.setTitle(
            "Должность (исправление действует для всех с этой должностью)"
            if self.position
            else "Должность не указана в карточке"
        )
        self.message.setText("")
        self._update_example()

    def _update_example(self) -> None:
        acc = self.name_forms.edits[GrammaticalCase.ACCUSATIVE].text()
        dat = self.name_forms.edits[GrammaticalCase.DATIVE].text()
        position = self.position_forms.edits[GrammaticalCase.ACCUSATIVE].text()
        if not acc:
            self.example.setText("")
            return
        tail = f", {position}," if position else ","
        self.example.setText(f"В приказе: «Назначить {acc}{tail} куратором…»; «{dat} обеспечить…»")

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.person_id is None:
            return False
        try:
            self.service.save_person_corrections(self.person_id, self.name_forms.forms())
        except ValidationError as exc:
            self._errors(self.name_forms, exc)
            return False
        if self.position:
            try:
                self.service.save_position_corrections(self.position, self.position_forms.forms())
            except ValidationError as exc:
                self._errors(self.position_forms, exc)
                return False
        self.show_person(self.person_id)
        self.message.setText("Исправления сохранены и будут использоваться в документах.")
        return True

    def _errors(self, forms: _CaseForms, exc: ValidationError) -> None:
        from desktop_app.ui.widgets import show_errors

        first = show_errors(forms.boxes, exc.errors)
        if first is not None:
            first.field.setFocus()
        self.message.setText("Исправьте отмеченные поля — ничего не сохранено.")

    def reset(self) -> None:
        if self.person_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Вернуть автоматические формы",
            "Ваши исправления падежей ФИО этого педагога будут удалены. Продолжить?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.service.save_person_corrections(
            self.person_id, {c: "" for c in CASES if c is not NOMINATIVE}
        )
        self.show_person(self.person_id)
        self.message.setText("Формы ФИО снова составляются автоматически.")
