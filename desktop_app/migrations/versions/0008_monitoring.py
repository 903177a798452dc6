"""monitoring: questionnaires, answers, mentees' results by period

Revision ID: 0008_monitoring
Revises: 0007_programs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_monitoring"
down_revision = "0007_programs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire")),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaire.id"],
            name=op.f("fk_question_questionnaire_id_questionnaire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
    )
    op.create_index(op.f("ix_question_questionnaire_id"), "question", ["questionnaire_id"])
    op.create_table(
        "questionnaire_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaire.id"],
            name=op.f("fk_questionnaire_response_questionnaire_id_questionnaire"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_questionnaire_response_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_response")),
    )
    op.create_index(
        op.f("ix_questionnaire_response_questionnaire_id"),
        "questionnaire_response",
        ["questionnaire_id"],
    )
    op.create_index(
        op.f("ix_questionnaire_response_person_id"), "questionnaire_response", ["person_id"]
    )
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("question_text", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["questionnaire_response.id"],
            name=op.f("fk_answer_response_id_questionnaire_response"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_answer_question_id_question"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
    )
    op.create_index(op.f("ix_answer_response_id"), "answer", ["response_id"])
    op.create_index(op.f("ix_answer_question_id"), "answer", ["question_id"])
    op.create_table(
        "mentee_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("exams_passed_share", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("progress_share", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("olympiad_participants", sa.Integer(), nullable=True),
        sa.Column("competitions", sa.Integer(), nullable=True),
        sa.Column("publications", sa.Integer(), nullable=True),
        sa.Column("open_lessons", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mentee_result_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentee_result")),
        sa.UniqueConstraint("person_id", "period_start", name="uq_mentee_result"),
    )
    op.create_index(op.f("ix_mentee_result_person_id"), "mentee_result", ["person_id"])


def downgrade() -> None:
    op.drop_table("mentee_result")
    op.drop_table("answer")
    op.drop_table("questionnaire_response")
    op.drop_table("question")
    op.drop_table("questionnaire")
