"""Programs, roadmap and routes with two curators on one demo school (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop_app.errors import EditConflict
from desktop_app.models import (
    IndividualRoute,
    Program,
    ProgramActivity,
    ProgramStatus,
    RoadmapItem,
    change_log,
)
from desktop_app.models.db import Database, open_url
from desktop_app.services.concurrency import record_stamp
from desktop_app.services.programs import ActivityDraft, ClosingDraft, ProgramService
from desktop_app.services.roadmap import RoadmapService
from desktop_app.services.routes import RouteService


@pytest.fixture
def second_user(demo_db: Database) -> Iterator[Database]:
    # The same database as the first user: the demo file, or the server's one on the
    # PostgreSQL pass of the suite.
    other = open_url(demo_db.engine.url.render_as_string(hide_password=False))
    change_log.set_current_user("petrova")
    yield other
    change_log.set_current_user(None)
    other.close()


def _first(db: Database, stmt):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalars(stmt).first()


def test_roadmap_activity(demo_db: Database, second_user: Database) -> None:
    item = _first(demo_db, select(RoadmapItem).where(RoadmapItem.is_section.is_(False)))
    stamp = record_stamp(demo_db, RoadmapItem, item.id, "roadmap", item.roadmap_id)
    mine = RoadmapService(demo_db).item_draft(item.id)

    change_log.set_current_user("ivanov")
    theirs = RoadmapService(second_user).item_draft(item.id)
    RoadmapService(second_user).update_item(item.id, replace(theirs, responsible="Смирнова О.В."))

    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict) as caught:
        RoadmapService(demo_db).update_item(item.id, replace(mine, note="перенести"), stamp)
    message = caught.value.message
    assert message.startswith("Мероприятие «")
    assert "уже изменил другой пользователь (ivanov, " in message
    assert "«Смирнова О.В.»" in message
    assert "«Обновить карточку»" in message  # the form names its button «Обновить мероприятие»
    assert RoadmapService(demo_db).item_draft(item.id).responsible == "Смирнова О.В."


def test_line_of_a_program_plan(demo_db: Database, second_user: Database) -> None:
    activity = _first(demo_db, select(ProgramActivity).order_by(ProgramActivity.id))
    stamp = record_stamp(demo_db, ProgramActivity, activity.id, "programme", activity.program_id)

    def draft(content: str) -> ActivityDraft:
        return ActivityDraft(
            content=content,
            form=activity.form,
            due_on=activity.due_on.strftime("%d.%m.%Y"),
            responsible=activity.responsible,
            expected_result=activity.expected_result,
            category=activity.category,
        )

    change_log.set_current_user("ivanov")
    ProgramService(second_user).update_activity(activity.id, draft("Посещение уроков: 2 в месяц"))
    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict, match=r"Мероприятие плана «.*» уже изменил другой"):
        ProgramService(demo_db).update_activity(activity.id, draft("Мой текст"), stamp)
    with demo_db.session() as session:
        assert session.get(ProgramActivity, activity.id).content == "Посещение уроков: 2 в месяц"


def test_closing_a_program_someone_stopped(demo_db: Database, second_user: Database) -> None:
    program = _first(
        demo_db, select(Program).where(Program.status == ProgramStatus.ACTIVE).order_by(Program.id)
    )
    stamp = record_stamp(demo_db, Program, program.id, "programme")
    change_log.set_current_user("ivanov")
    ProgramService(second_user).stop(program.id, "наставляемая уволилась", "20.11.2026")
    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict, match="Программу уже изменил другой пользователь"):
        ProgramService(demo_db).close(
            program.id, ClosingDraft(closed_on="21.11.2026", mentor_conclusion="…"), None, stamp
        )
    assert ProgramService(demo_db).get(program.id).status is ProgramStatus.STOPPED


def test_route(demo_db: Database, second_user: Database) -> None:
    route = _first(demo_db, select(IndividualRoute).order_by(IndividualRoute.id))
    stamp = record_stamp(demo_db, IndividualRoute, route.id, "route")
    mine = RouteService(demo_db).draft(route.id)
    change_log.set_current_user("ivanov")
    theirs = RouteService(second_user).draft(route.id)
    RouteService(second_user).save(route.id, replace(theirs, notes="Согласовано с методистом"))
    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict, match=r"Маршрут \(ИОМ\) уже изменил другой пользователь"):
        RouteService(demo_db).save(route.id, replace(mine, notes="моё"), None, stamp)
    assert RouteService(demo_db).draft(route.id).notes == "Согласовано с методистом"


def test_program_wizard_save_after_someone_edited_a_plan_line(
    demo_db: Database, second_user: Database
) -> None:
    activity = _first(demo_db, select(ProgramActivity).order_by(ProgramActivity.id))
    program_id = activity.program_id
    stamp = record_stamp(demo_db, Program, program_id, "programme")
    mine = ProgramService(demo_db).draft_of(program_id)

    change_log.set_current_user("ivanov")
    line = ActivityDraft(
        content="Открытый урок наставляемой",
        form=activity.form,
        due_on=activity.due_on.strftime("%d.%m.%Y"),
        responsible=activity.responsible,
        expected_result=activity.expected_result,
        category=activity.category,
    )
    ProgramService(second_user).update_activity(activity.id, line)

    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict, match="Программу уже изменил другой пользователь"):
        ProgramService(demo_db).update(program_id, replace(mine, goal="Моя цель"), stamp)
    with demo_db.session() as session:
        assert session.get(ProgramActivity, activity.id).content == "Открытый урок наставляемой"
        assert session.get(Program, program_id).goal != "Моя цель"


def test_undo_of_route_archiving_after_someone_edited_it(
    demo_db: Database, second_user: Database
) -> None:
    route = _first(demo_db, select(IndividualRoute).order_by(IndividualRoute.id))
    stamp = RouteService(demo_db).archive(route.id)
    change_log.set_current_user("ivanov")
    theirs = RouteService(second_user).draft(route.id)
    RouteService(second_user).save(route.id, replace(theirs, notes="Педагог переведён"))
    change_log.set_current_user("petrova")
    with pytest.raises(EditConflict, match="Отменить нельзя: после вашего изменения маршрут"):
        RouteService(demo_db).restore(route.id, stamp)
    # Nobody in between: the undo goes through.
    stamp = RouteService(demo_db).archive(route.id)
    RouteService(demo_db).restore(route.id, stamp)
    assert RouteService(demo_db).get(route.id).archived_on is None


def test_roadmap_activity_form_refresh_keeps_typing(
    qtbot, type_text, demo_db: Database, second_user: Database
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from desktop_app.ui.roadmap_forms import ItemDialog

    item = _first(demo_db, select(RoadmapItem).where(RoadmapItem.is_section.is_(False)))
    dialog = ItemDialog(RoadmapService(demo_db), item.roadmap_id, item.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.clear()
    type_text(dialog.note, "Перенесено на апрель")

    change_log.set_current_user("ivanov")
    theirs = RoadmapService(second_user).item_draft(item.id)
    RoadmapService(second_user).update_item(item.id, replace(theirs, responsible="Смирнова О.В."))
    change_log.set_current_user("petrova")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "уже изменил другой пользователь (ivanov, " in dialog.conflict.text.text()
    assert "«Обновить мероприятие»" in dialog.conflict.text.text()
    assert dialog.note.toPlainText() == "Перенесено на апрель"

    qtbot.mouseClick(dialog.conflict.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.responsible.text() == "Смирнова О.В."
    assert dialog.note.toPlainText() == "Перенесено на апрель"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = RoadmapService(demo_db).item_draft(item.id)
    assert (stored.responsible, stored.note) == ("Смирнова О.В.", "Перенесено на апрель")
