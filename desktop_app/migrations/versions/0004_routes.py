"""individual educational routes (ИОМ): route, assessments, measures, corrections

Revision ID: 0004_routes
Revises: 0003_pairs
Create Date: 2026-11-29 07:10:21.597978
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_routes"
down_revision = "0003_pairs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "individual_route",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tutor_id", sa.Integer(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("self_determination_on", sa.Date(), nullable=True),
        sa.Column("self_reflection", sa.Text(), nullable=False),
        sa.Column("desired_image", sa.Text(), nullable=False),
        sa.Column("diagnosed_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("reflection_on", sa.Date(), nullable=True),
        sa.Column("closeness", sa.String(length=32), nullable=True),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=True),
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
            ["person_id"],
            ["person.id"],
            name=op.f("fk_individual_route_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tutor_id"],
            ["person.id"],
            name=op.f("fk_individual_route_tutor_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_route")),
    )
    with op.batch_alter_table("individual_route", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_individual_route_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_individual_route_tutor_id"), ["tutor_id"], unique=False
        )

    op.create_table(
        "route_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["individual_route.id"],
            name=op.f("fk_route_assessment_route_id_individual_route"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_assessment")),
        sa.UniqueConstraint(
            "route_id", "kind", "category", name=op.f("uq_route_assessment_route_id")
        ),
    )
    with op.batch_alter_table("route_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_route_assessment_route_id"), ["route_id"], unique=False
        )

    op.create_table(
        "route_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("previous_plan", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["individual_route.id"],
            name=op.f("fk_route_correction_route_id_individual_route"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_correction")),
    )
    with op.batch_alter_table("route_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_route_correction_route_id"), ["route_id"], unique=False
        )

    op.create_table(
        "route_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=500), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=32), nullable=True),
        sa.Column("deficits", sa.JSON(), nullable=False),
        sa.Column("expected_result", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("product_kind", sa.String(length=32), nullable=True),
        sa.Column("product_title", sa.Text(), nullable=False),
        sa.Column("product_link", sa.Text(), nullable=False),
        sa.Column("attitude", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["individual_route.id"],
            name=op.f("fk_route_measure_route_id_individual_route"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_measure")),
    )
    with op.batch_alter_table("route_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_route_measure_route_id"), ["route_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("route_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_measure_route_id"))

    op.drop_table("route_measure")
    with op.batch_alter_table("route_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_correction_route_id"))

    op.drop_table("route_correction")
    with op.batch_alter_table("route_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_assessment_route_id"))

    op.drop_table("route_assessment")
    with op.batch_alter_table("individual_route", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_individual_route_tutor_id"))
        batch_op.drop_index(batch_op.f("ix_individual_route_person_id"))

    op.drop_table("individual_route")
