"""Declined names and positions: hard names of both genders in every case an order uses, and the
curator's corrections kept and used."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from desktop_app.errors import ValidationError
from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.models import Gender
from desktop_app.models import GrammaticalCase as C
from desktop_app.models.db import Database
from desktop_app.services.declension import (
    DeclensionService,
    declined_free_name,
    declined_name,
    declined_position,
)
from desktop_app.services.people import PeopleService, PersonDraft
from tests.conftest import DEMO_TODAY

# (last, first, patronymic, gender or None = from the patronymic),
# then genitive, dative, accusative, instrumental, prepositional.
HARD_NAMES = [
    (("Петрова", "Мария", "Ивановна", None),
     "Петровой Марии Ивановны", "Петровой Марии Ивановне", "Петрову Марию Ивановну",
     "Петровой Марией Ивановной", "Петровой Марии Ивановне"),
    (("Сидоров", "Пётр", "Сергеевич", None),
     "Сидорова Петра Сергеевича", "Сидорову Петру Сергеевичу", "Сидорова Петра Сергеевича",
     "Сидоровым Петром Сергеевичем", "Сидорове Петре Сергеевиче"),
    # double surnames: both parts decline
    (("Римская-Корсакова", "Анна", "Павловна", None),
     "Римской-Корсаковой Анны Павловны", "Римской-Корсаковой Анне Павловне",
     "Римскую-Корсакову Анну Павловну", "Римской-Корсаковой Анной Павловной",
     "Римской-Корсаковой Анне Павловне"),
    (("Салтыков-Щедрин", "Михаил", "Евграфович", None),
     "Салтыкова-Щедрина Михаила Евграфовича", "Салтыкову-Щедрину Михаилу Евграфовичу",
     "Салтыкова-Щедрина Михаила Евграфовича", "Салтыковым-Щедриным Михаилом Евграфовичем",
     "Салтыкове-Щедрине Михаиле Евграфовиче"),
    # no patronymic: gender from the record, else from the first name
    (("Ким", "Алина", "", Gender.FEMALE),
     "Ким Алины", "Ким Алине", "Ким Алину", "Ким Алиной", "Ким Алине"),
    (("Ким", "Артём", "", Gender.MALE),
     "Кима Артёма", "Киму Артёму", "Кима Артёма", "Кимом Артёмом", "Киме Артёме"),
    (("Белых", "Никита", "", None),
     "Белых Никиты", "Белых Никите", "Белых Никиту", "Белых Никитой", "Белых Никите"),
    # «оглы» / «кызы»: the father's name and the particle stay as they are
    (("Мамедов", "Эльчин", "Рауф оглы", None),
     "Мамедова Эльчина Рауф оглы", "Мамедову Эльчину Рауф оглы", "Мамедова Эльчина Рауф оглы",
     "Мамедовым Эльчином Рауф оглы", "Мамедове Эльчине Рауф оглы"),
    (("Алиева", "Лейла", "Рашид кызы", None),
     "Алиевой Лейлы Рашид кызы", "Алиевой Лейле Рашид кызы", "Алиеву Лейлу Рашид кызы",
     "Алиевой Лейлой Рашид кызы", "Алиевой Лейле Рашид кызы"),
    # surnames that do not decline
    (("Черных", "Дарья", "Сергеевна", None),
     "Черных Дарьи Сергеевны", "Черных Дарье Сергеевне", "Черных Дарью Сергеевну",
     "Черных Дарьей Сергеевной", "Черных Дарье Сергеевне"),
    (("Шевченко", "Тарас", "Григорьевич", None),
     "Шевченко Тараса Григорьевича", "Шевченко Тарасу Григорьевичу",
     "Шевченко Тараса Григорьевича", "Шевченко Тарасом Григорьевичем",
     "Шевченко Тарасе Григорьевиче"),
    (("Дурново", "Иван", "Петрович", None),
     "Дурново Ивана Петровича", "Дурново Ивану Петровичу", "Дурново Ивана Петровича",
     "Дурново Иваном Петровичем", "Дурново Иване Петровиче"),
    # a male surname in a consonant declines, a female one does not
    (("Жук", "Ирина", "Олеговна", None),
     "Жук Ирины Олеговны", "Жук Ирине Олеговне", "Жук Ирину Олеговну",
     "Жук Ириной Олеговной", "Жук Ирине Олеговне"),
    (("Лебедь", "Александр", "Иванович", None),
     "Лебедя Александра Ивановича", "Лебедю Александру Ивановичу", "Лебедя Александра Ивановича",
     "Лебедем Александром Ивановичем", "Лебеде Александре Ивановиче"),
    (("Лебедь", "Любовь", "Ивановна", None),
     "Лебедь Любови Ивановны", "Лебедь Любови Ивановне", "Лебедь Любовь Ивановну",
     "Лебедь Любовью Ивановной", "Лебедь Любови Ивановне"),
    (("Толстой", "Лев", "Николаевич", None),
     "Толстого Льва Николаевича", "Толстому Льву Николаевичу", "Толстого Льва Николаевича",
     "Толстым Львом Николаевичем", "Толстом Льве Николаевиче"),
    (("Цой", "Виктор", "Робертович", None),
     "Цоя Виктора Робертовича", "Цою Виктору Робертовичу", "Цоя Виктора Робертовича",
     "Цоем Виктором Робертовичем", "Цое Викторе Робертовиче"),
]  # fmt: skip


@pytest.mark.parametrize(("parts", "gen", "dat", "acc", "ins", "pre"), HARD_NAMES)
def test_hard_names_in_every_case(  # type: ignore[no-untyped-def]
    parts, gen: str, dat: str, acc: str, ins: str, pre: str
) -> None:
    name = declined_name(*parts)
    assert name.nom == " ".join(p for p in parts[:3] if p)
    assert (name.gen, name.dat, name.acc, name.ins, name.pre) == (gen, dat, acc, ins, pre)
    assert name.form(C.DATIVE) == dat


def test_short_forms_and_signature() -> None:
    name = declined_name("Мамедов", "Эльчин", "Рауф оглы", None)
    assert name.short_dat == "Мамедову Э.Р."
    assert name.signature == "Э.Р. Мамедов"
    assert not name.female
    woman = declined_name("Ким", "Алина", "", None)
    assert woman.short_ins == "Ким А."
    assert woman.signature == "А. Ким"
    assert woman.female
    head = declined_free_name("Григорьева Татьяна Николаевна")
    assert head.short_dat == "Григорьевой Т.Н."
    assert head.signature == "Т.Н. Григорьева"


@pytest.mark.parametrize(
    ("position", "dat", "acc", "ins"),
    [
        ("учитель математики", "учителю математики", "учителя математики", "учителем математики"),
        ("педагог-психолог", "педагогу-психологу", "педагога-психолога", "педагогом-психологом"),
        ("старший воспитатель", "старшему воспитателю", "старшего воспитателя",
         "старшим воспитателем"),
        ("социальный педагог", "социальному педагогу", "социального педагога",
         "социальным педагогом"),
        ("заместитель директора по УВР", "заместителю директора по УВР",
         "заместителя директора по УВР", "заместителем директора по УВР"),
        ("ведущий специалист", "ведущему специалисту", "ведущего специалиста",
         "ведущим специалистом"),
        ("учитель-логопед", "учителю-логопеду", "учителя-логопеда", "учителем-логопедом"),
    ],
)  # fmt: skip
def test_positions(position: str, dat: str, acc: str, ins: str) -> None:
    phrase = declined_position(position)
    assert (phrase.dat, phrase.acc, phrase.ins) == (dat, acc, ins)
    assert phrase.nom == position


def _add(db: Database, last: str, first: str, patronymic: str = "") -> int:
    return PeopleService(db).create(
        PersonDraft(last_name=last, first_name=first, patronymic=patronymic, position="учитель")
    )


def test_correction_is_kept_and_used_in_an_order(empty_db: Database, tmp_path: Path) -> None:
    person = _add(empty_db, "Гусь", "Мария", "Ивановна")
    service = DeclensionService(empty_db)
    automatic = service.person_name(person)
    assert automatic.acc == "Гусь Марию Ивановну"
    service.save_person_corrections(
        person,
        {C.DATIVE: "Гусь  Марии Ивановне (испр.)", C.ACCUSATIVE: automatic.acc},
    )
    # Only the form that differs from the automatic one is stored; spaces are tidied.
    assert service.person_corrections(person) == {C.DATIVE: "Гусь Марии Ивановне (испр.)"}
    assert service.person_name(person).dat == "Гусь Марии Ивановне (испр.)"
    assert service.automatic_person_name(person).dat == "Гусь Марии Ивановне"

    service.save_person_corrections(person, {C.ACCUSATIVE: "Гусь Марию Ивановну!"})
    written = build_documents(
        empty_db, ["order-curator"], tmp_path, ExportOptions(today=DEMO_TODAY, person_ids=[person])
    )
    text = "\n".join(p.text for p in Document(str(written[0])).paragraphs)
    assert "Назначить Гусь Марию Ивановну!, учителя, куратором" in text

    # Reset to automatic: an empty form drops the correction.
    service.save_person_corrections(person, {C.DATIVE: "", C.ACCUSATIVE: ""})
    assert service.person_corrections(person) == {}
    assert service.person_name(person).acc == "Гусь Марию Ивановну"


def test_correction_is_dropped_when_the_name_changes(empty_db: Database) -> None:
    person = _add(empty_db, "Гусь", "Мария", "Ивановна")
    service = DeclensionService(empty_db)
    service.save_person_corrections(person, {C.GENITIVE: "Гуся Марии Ивановны"})
    people = PeopleService(empty_db)
    draft = people.draft(person)
    draft.last_name = "Петрова"
    people.update(person, draft)
    assert service.person_corrections(person) == {}
    assert service.person_name(person).gen == "Петровой Марии Ивановны"


def test_bad_correction_is_refused_and_nothing_saved(empty_db: Database) -> None:
    person = _add(empty_db, "Гусь", "Мария", "Ивановна")
    service = DeclensionService(empty_db)
    with pytest.raises(ValidationError) as caught:
        service.save_person_corrections(person, {C.DATIVE: "!!! ...", C.GENITIVE: "Гуся"})
    assert "дательный" in caught.value.errors["dat"]
    assert service.person_corrections(person) == {}


def test_position_correction_is_used(empty_db: Database) -> None:
    service = DeclensionService(empty_db)
    assert service.position("медсестра").dat == "медсестра"  # outside the rules: as typed
    service.save_position_corrections("медсестра", {C.DATIVE: "медсестре"})
    assert service.position("медсестра").dat == "медсестре"
    assert service.position("медсестра").acc == "медсестра"
