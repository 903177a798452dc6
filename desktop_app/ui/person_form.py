"""The person form: everything the curator knows about a teacher, in five tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, EditConflict, NotFound, ValidationError
from desktop_app.models import (
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    QualificationCategory,
)
from desktop_app.services.concurrency import merge_drafts
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import MenteeDraft, MentorDraft, PeopleService, PersonDraft
from desktop_app.ui.conflict_banner import ConflictBanner
from desktop_app.ui.widgets import (
    ERROR_STYLE,
    FieldBox,
    FormBuilder,
    combo_select,
    fit_to_screen,
    show_errors,
)


def _scroll(widget: QWidget) -> QScrollArea:
    # Tabs scroll rather than grow: the dialog must fit a 1366×768 screen at 125 %.
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class PersonDialog(QDialog):
    def __init__(
        self,
        people: PeopleService,
        organisations: OrganisationService,
        person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.people = people
        self.person_id = person_id
        self.saved_id: int | None = None
        self.boxes: dict[str, FieldBox] = {}
        self.setWindowTitle("Новый педагог" if person_id is None else "Сведения о педагоге")
        fit_to_screen(self, 780, 580)

        self.tabs = QTabWidget()
        self.tabs.addTab(_scroll(self._main_tab(organisations)), "&1 Основное")
        self.tabs.addTab(_scroll(self._contacts_tab()), "&2 Контакты, достижения")
        self.tabs.addTab(_scroll(self._consent_tab()), "&3 Согласие ПДн")
        self.tabs.addTab(_scroll(self._mentor_tab()), "&4 Наставник")
        self.tabs.addTab(_scroll(self._mentee_tab()), "&5 Наставляемый")

        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        # Someone else saved this card while it was open (a shared server): say so, offer
        # «Обновить карточку».
        self.conflict = ConflictBanner(self.refresh_card)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.conflict)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        # The version the form loaded goes with every save (services/concurrency.py).
        self.stamp = None
        if person_id is not None:
            loaded = people.draft(person_id)
            self.stamp = loaded.stamp
            self.load(loaded)
        else:
            own = organisations.own_id()
            if own is not None:
                combo_select(self.organisation, own)
        self._sync_roles()
        # The card as loaded, read back from the form: «Обновить карточку» tells the curator's
        # typing from the other person's changes against it.
        self.base = self.draft() if person_id is not None else None
        # A power cut before «Сохранить» must not lose what was typed (ui/drafts.py).
        from desktop_app.services.drafts import person_draft_from_dict, person_draft_to_dict
        from desktop_app.ui.drafts import DraftKeeper

        self.drafts = DraftKeeper(
            self,
            people.db,
            f"person.{person_id or 'new'}",
            lambda: person_draft_to_dict(self.draft()),
            lambda data: (self.load(person_draft_from_dict(data)), self._sync_roles()),
        )

    # --- tabs ------------------------------------------------------------------------

    def _main_tab(self, organisations: OrganisationService) -> QWidget:
        page = QWidget()
        form = FormBuilder(QFormLayout(page), self.boxes)
        self.last_name = form.line("last_name", "&Фамилия *")
        self.first_name = form.line("first_name", "&Имя *")
        self.patronymic = form.line("patronymic", "&Отчество", "если есть")
        self.gender = form.combo(
            "gender",
            "По&л",
            [("— определить по отчеству —", None)] + [(g.label, g) for g in Gender],
        )
        self.birth_date = form.date("birth_date", "Дата &рождения")
        self.organisation = form.combo(
            "organisation",
            "Организа&ция",
            [(o.display_name, o.id) for o in organisations.all()],
        )
        self.position = form.line("position", "&Должность", "например, учитель математики")
        self.subjects = form.line("subjects", "Преподаваемые &предметы", "через запятую")
        self.qualification = form.combo(
            "qualification_category",
            "&Квалификационная категория",
            [("— не указана —", None)] + [(q.label, q) for q in QualificationCategory],
        )
        self.experience = form.line("experience_years", "Педагогический &стаж, лет")
        self.experience.setMaximumWidth(80)
        self.hired_on = form.date("hired_on", "Дата при&ёма в организацию")
        self.education = form.text("education", "О&бразование", 50)
        return page

    def _contacts_tab(self) -> QWidget:
        page = QWidget()
        form = FormBuilder(QFormLayout(page), self.boxes)
        self.phone = form.line("phone", "&Телефон", "+7 900 000-00-00")
        self.email = form.line("email", "&E-mail", "name@example.ru")
        self.achievements = form.text("achievements", "&Достижения", 110)
        self.achievements.setPlaceholderText(
            "конкурсы, публикации, вебинары, руководство профессиональным сообществом"
        )
        self.notes = form.text("notes", "&Примечание", 80)
        return page

    def _consent_tab(self) -> QWidget:
        page = QWidget()
        form = FormBuilder(QFormLayout(page), self.boxes)
        hint = QLabel(
            "Согласие на обработку персональных данных (Федеральный закон № 152-ФЗ). "
            "Пока согласия нет, человек отмечается в списках, а перед выгрузкой его данных "
            "программа предупреждает."
        )
        hint.setWordWrap(True)
        form.layout.addRow(hint)
        self.consent_given = form.date("consent_given_on", "Согласие &дано")
        self.consent_withdrawn = form.date("consent_withdrawn_on", "Согласие &отозвано")
        self.consent_document = form.line(
            "consent_document", "Доку&мент, примечание", "например, хранится в личном деле"
        )
        return page

    def _mentor_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.is_mentor = QCheckBox("Является &наставником (входит в банк наставников)")
        self.is_mentor.toggled.connect(self._sync_roles)
        layout.addWidget(self.is_mentor)
        self.mentor_fields = QWidget()
        form = FormBuilder(QFormLayout(self.mentor_fields), self.boxes)
        strengths = QGroupBox()
        grid = QGridLayout(strengths)
        self.expertise: dict[DeficitCategory, QCheckBox] = {}
        for index, category in enumerate(DeficitCategory):
            box = QCheckBox(category.label)
            self.expertise[category] = box
            grid.addWidget(box, index, 0)
        form.add("expertise", "Сильные стороны\n(направления)", strengths)
        self.expertise_note = form.line("expertise_note", "Опыт, специализация")
        self.max_mentees = form.line("max_mentees", "Наставляемых &не более")
        self.max_mentees.setMaximumWidth(80)
        self.appointment_consent = QCheckBox("получено")
        form.add(
            "appointment_consent", "Письменное согласие\nна назначение", self.appointment_consent
        )
        self.appointment_consent_on = form.date("appointment_consent_on", "Дата согласия")
        self.qualifying_grounds = form.text(
            "qualifying_grounds", "Основания\n(п. 5.2.1 Положения)", 60
        )
        self.training_course = form.line(
            "training_course", "Курс повышения квалификации\nпо наставничеству"
        )
        self.training_hours = form.line("training_hours", "Объём курса, часов")
        self.training_hours.setMaximumWidth(80)
        self.training_certificate = form.line("training_certificate", "Удостоверение №")
        self.training_completed_on = form.date("training_completed_on", "Дата окончания курса")
        layout.addWidget(self.mentor_fields)
        layout.addStretch()
        return page

    def _mentee_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.is_mentee = QCheckBox("Является на&ставляемым (входит в банк наставляемых)")
        self.is_mentee.toggled.connect(self._sync_roles)
        layout.addWidget(self.is_mentee)
        self.mentee_fields = QWidget()
        form = FormBuilder(QFormLayout(self.mentee_fields), self.boxes)
        self.mentee_category = form.combo(
            "mentee_category",
            "&Категория наставляемого",
            [("— выберите —", None)] + [(c.label, c) for c in MenteeCategory],
        )
        self.request = form.text("request", "&Запрос", 60)
        self.request.setPlaceholderText("с чем наставляемый просит помочь")
        deficits = QGroupBox("Профессиональные затруднения (дефициты)")
        grid = QGridLayout(deficits)
        grid.addWidget(QLabel("Направление"), 0, 0)
        grid.addWidget(QLabel("Степень"), 0, 1)
        grid.addWidget(QLabel("Примечание"), 0, 2)
        self.deficits: dict[DeficitCategory, tuple[QCheckBox, QComboBox, QLineEdit]] = {}
        for row, category in enumerate(DeficitCategory, start=1):
            check = QCheckBox(category.label)
            level = QComboBox()
            level.addItem("—", None)
            for item in DeficitLevel:
                level.addItem(item.label, item)
            note = QLineEdit()
            level.setEnabled(False)
            note.setEnabled(False)
            check.toggled.connect(level.setEnabled)
            check.toggled.connect(note.setEnabled)
            grid.addWidget(check, row, 0)
            grid.addWidget(level, row, 1)
            grid.addWidget(note, row, 2)
            self.deficits[category] = (check, level, note)
        grid.setColumnStretch(2, 1)
        layout.addWidget(self.mentee_fields)
        layout.addWidget(deficits)
        self.deficits_box = deficits
        layout.addStretch()
        return page

    def _sync_roles(self) -> None:
        self.mentor_fields.setEnabled(self.is_mentor.isChecked())
        self.mentee_fields.setEnabled(self.is_mentee.isChecked())
        self.deficits_box.setEnabled(self.is_mentee.isChecked())

    # --- data ------------------------------------------------------------------------

    def load(self, d: PersonDraft) -> None:
        self.last_name.setText(d.last_name)
        self.first_name.setText(d.first_name)
        self.patronymic.setText(d.patronymic)
        combo_select(self.gender, d.gender)
        self.birth_date.setText(d.birth_date)
        if d.organisation_id is not None:
            combo_select(self.organisation, d.organisation_id)
        self.position.setText(d.position)
        self.subjects.setText(d.subjects)
        combo_select(self.qualification, d.qualification_category)
        self.experience.setText(d.experience_years)
        self.hired_on.setText(d.hired_on)
        self.education.setPlainText(d.education)
        self.phone.setText(d.phone)
        self.email.setText(d.email)
        self.achievements.setPlainText(d.achievements)
        self.notes.setPlainText(d.notes)
        self.consent_given.setText(d.consent_given_on)
        self.consent_withdrawn.setText(d.consent_withdrawn_on)
        self.consent_document.setText(d.consent_document)
        self.is_mentor.setChecked(d.is_mentor)
        m = d.mentor
        for category, box in self.expertise.items():
            box.setChecked(category in m.expertise_categories)
        self.expertise_note.setText(m.expertise_note)
        self.max_mentees.setText(m.max_mentees)
        self.appointment_consent.setChecked(m.appointment_consent)
        self.appointment_consent_on.setText(m.appointment_consent_on)
        self.qualifying_grounds.setPlainText(m.qualifying_grounds)
        self.training_course.setText(m.training_course)
        self.training_hours.setText(m.training_hours)
        self.training_certificate.setText(m.training_certificate)
        self.training_completed_on.setText(m.training_completed_on)
        self.is_mentee.setChecked(d.is_mentee)
        combo_select(self.mentee_category, d.mentee.category)
        self.request.setPlainText(d.mentee.request)
        for category, (check, level, note) in self.deficits.items():
            if category in d.mentee.difficulties:
                value, text = d.mentee.difficulties[category]
                check.setChecked(True)
                combo_select(level, value)
                note.setText(text)
            else:
                # «Обновить карточку» loads over a filled form: a removed difficulty goes too.
                check.setChecked(False)
                combo_select(level, None)
                note.clear()

    def draft(self) -> PersonDraft:
        return PersonDraft(
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            patronymic=self.patronymic.text(),
            gender=self.gender.currentData(),
            birth_date=self.birth_date.text(),
            position=self.position.text(),
            subjects=self.subjects.text(),
            qualification_category=self.qualification.currentData(),
            experience_years=self.experience.text(),
            hired_on=self.hired_on.text(),
            education=self.education.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            achievements=self.achievements.toPlainText(),
            notes=self.notes.toPlainText(),
            organisation_id=self.organisation.currentData(),
            consent_given_on=self.consent_given.text(),
            consent_withdrawn_on=self.consent_withdrawn.text(),
            consent_document=self.consent_document.text(),
            is_mentor=self.is_mentor.isChecked(),
            mentor=MentorDraft(
                expertise_categories=[c for c, box in self.expertise.items() if box.isChecked()],
                expertise_note=self.expertise_note.text(),
                max_mentees=self.max_mentees.text() or "",
                appointment_consent=self.appointment_consent.isChecked(),
                appointment_consent_on=self.appointment_consent_on.text(),
                qualifying_grounds=self.qualifying_grounds.toPlainText(),
                training_course=self.training_course.text(),
                training_hours=self.training_hours.text(),
                training_certificate=self.training_certificate.text(),
                training_completed_on=self.training_completed_on.text(),
            ),
            is_mentee=self.is_mentee.isChecked(),
            mentee=MenteeDraft(
                category=self.mentee_category.currentData(),
                request=self.request.toPlainText(),
                difficulties={
                    c: (level.currentData(), note.text())
                    for c, (check, level, note) in self.deficits.items()
                    if check.isChecked()
                },
            ),
            stamp=self.stamp,
        )

    def save(self) -> None:
        draft = self.draft()
        if draft.is_mentor and not draft.mentor.max_mentees:
            draft.mentor.max_mentees = "2"
            self.max_mentees.setText("2")
        try:
            if self.person_id is None:
                self.saved_id = self.people.create(draft)
            else:
                self.people.update(self.person_id, draft)
                self.saved_id = self.person_id
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return
        except EditConflict as exc:
            # The form stays open with everything typed; the banner offers the fresh data.
            self.conflict.conflict(exc.message, can_refresh=not exc.deleted)
            return
        except AppError as exc:
            QMessageBox.warning(self, "Не удалось сохранить", exc.message)
            return
        self.accept()

    # Draft fields whose box in the form has another name.
    FIELD_BOXES = {  # noqa: RUF012 - a constant table
        "organisation_id": "organisation",
        "mentor.expertise_categories": "expertise",
        "mentee.category": "mentee_category",
    }

    def refresh_card(self) -> None:
        """Load what is stored now, keep the typing, mark fields both people changed."""
        if self.person_id is None or self.base is None:
            return
        try:
            fresh = self.people.draft(self.person_id)
        except NotFound as exc:
            self.conflict.conflict(exc.message, can_refresh=False)
            return
        mine = self.draft()
        # The stored card read back through the form, so both sides are in the form's terms.
        self.load(fresh)
        self._sync_roles()
        theirs = self.draft()
        merged, clashes = merge_drafts(self.base, mine, theirs)
        self.base, self.stamp = theirs, fresh.stamp
        self.load(merged)
        self._sync_roles()
        self.summary.hide()
        self.conflict.refreshed(clashes, self.boxes, self.FIELD_BOXES)

    def _show_validation(self, errors: dict[str, str]) -> None:
        first = show_errors(self.boxes, errors)
        count = len(errors)
        self.summary.setText(
            f"Не сохранено: {count} "
            + (
                "поле заполнено"
                if count == 1
                else "поля заполнены"
                if count < 5
                else "полей заполнено"
            )
            + " неверно — см. сообщения у полей."
            + ("" if first else "\n" + "\n".join(errors.values()))
        )
        self.summary.show()
        if first is not None:
            # Switch to the tab holding the first wrong field and put the cursor there.
            for index in range(self.tabs.count()):
                area = self.tabs.widget(index)
                if isinstance(area, QScrollArea) and area.widget().isAncestorOf(first):
                    self.tabs.setCurrentIndex(index)
                    area.ensureWidgetVisible(first)
                    break
            first.field.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def edit(
        cls,
        people: PeopleService,
        organisations: OrganisationService,
        person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> tuple[int | None, bool]:
        dialog = cls(people, organisations, person_id, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved_id, accepted
