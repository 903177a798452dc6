"""pairs: mentoring pairs and groups, memberships, status history

Revision ID: 0003_pairs
Revises: 0002_declensions
Create Date: 2026-11-29 07:09:56.487490
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_pairs"
down_revision = "0002_declensions"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "mentoring_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("direction", sa.String(length=300), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("mentor_consent_on", sa.Date(), nullable=True),
        sa.Column("order_number", sa.String(length=50), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("capacity_override_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["person.id"], name=op.f("fk_mentoring_pair_mentor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_pair")),
    )
    with op.batch_alter_table("mentoring_pair", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentoring_pair_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mentoring_pair_status"), ["status"], unique=False)

    op.create_table(
        "pair_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["person.id"], name=op.f("fk_pair_membership_mentee_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["mentoring_pair.id"],
            name=op.f("fk_pair_membership_pair_id_mentoring_pair"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_membership")),
        sa.UniqueConstraint("pair_id", "mentee_id", name=op.f("uq_pair_membership_pair_id")),
    )
    with op.batch_alter_table("pair_membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pair_membership_mentee_id"), ["mentee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pair_membership_pair_id"), ["pair_id"], unique=False)

    op.create_table(
        "pair_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["mentoring_pair.id"],
            name=op.f("fk_pair_status_change_pair_id_mentoring_pair"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_status_change")),
    )
    with op.batch_alter_table("pair_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pair_status_change_pair_id"), ["pair_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("pair_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_status_change_pair_id"))

    op.drop_table("pair_status_change")
    with op.batch_alter_table("pair_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_membership_pair_id"))
        batch_op.drop_index(batch_op.f("ix_pair_membership_mentee_id"))

    op.drop_table("pair_membership")
    with op.batch_alter_table("mentoring_pair", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_pair_status"))
        batch_op.drop_index(batch_op.f("ix_mentoring_pair_mentor_id"))

    op.drop_table("mentoring_pair")
