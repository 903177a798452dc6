"""programs: personalized mentoring programs, their plan, meetings, attachments, wizard drafts

Revision ID: 0007_programs
Revises: 0006_roadmap
Create Date: 2026-11-29 07:10:07.615712
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_programs"
down_revision = "0006_roadmap"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("kinds", sa.String(length=300), nullable=False),
        sa.Column("directions", sa.Text(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("difficulties", sa.JSON(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("tasks", sa.JSON(), nullable=False),
        sa.Column("expected_results", sa.JSON(), nullable=False),
        sa.Column("evaluation_methods", sa.Text(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("evaluation", sa.JSON(), nullable=False),
        sa.Column("mentor_conclusion", sa.Text(), nullable=False),
        sa.Column("mentee_conclusion", sa.Text(), nullable=False),
        sa.Column("stop_reason", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["person.id"], name=op.f("fk_program_mentor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["mentoring_pair.id"],
            name=op.f("fk_program_pair_id_mentoring_pair"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
    )
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_program_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_program_status"), ["status"], unique=False)

    op.create_table(
        "program_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=False),
        sa.Column("expected_result", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_activity_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_activity")),
    )
    with op.batch_alter_table("program_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_activity_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_draft_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["mentoring_pair.id"],
            name=op.f("fk_program_draft_pair_id_mentoring_pair"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_draft")),
    )
    with op.batch_alter_table("program_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_draft_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_program_draft_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_mentee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_program_mentee_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_mentee_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_mentee")),
    )
    with op.batch_alter_table("program_mentee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_mentee_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_mentee_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column(
            "added_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["program_activity.id"],
            name=op.f("fk_program_attachment_activity_id_program_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_attachment")),
    )
    with op.batch_alter_table("program_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_attachment_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "program_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("curator_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["program_activity.id"],
            name=op.f("fk_program_meeting_activity_id_program_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_meeting_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_meeting")),
    )
    with op.batch_alter_table("program_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_meeting_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_meeting_program_id"), ["program_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("program_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_meeting_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_meeting_activity_id"))

    op.drop_table("program_meeting")
    with op.batch_alter_table("program_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_attachment_activity_id"))

    op.drop_table("program_attachment")
    with op.batch_alter_table("program_mentee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_mentee_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_mentee_person_id"))

    op.drop_table("program_mentee")
    with op.batch_alter_table("program_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_draft_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_draft_pair_id"))

    op.drop_table("program_draft")
    with op.batch_alter_table("program_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_activity_program_id"))

    op.drop_table("program_activity")
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_status"))
        batch_op.drop_index(batch_op.f("ix_program_pair_id"))
        batch_op.drop_index(batch_op.f("ix_program_mentor_id"))

    op.drop_table("program")
