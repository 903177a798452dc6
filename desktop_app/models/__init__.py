"""SQLAlchemy models of the mentoring system. No Qt here."""

from desktop_app.models.base import Base
from desktop_app.models.declension import DeclensionCorrection, GrammaticalCase
from desktop_app.models.enums import (
    ConsentState,
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    QualificationCategory,
    Role,
)
from desktop_app.models.organisation import Organisation
from desktop_app.models.pair import (
    MentoringForm,
    MentoringKind,
    MentoringPair,
    PairMembership,
    PairStatus,
    PairStatusChange,
)
from desktop_app.models.person import (
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonalDataConsent,
)
from desktop_app.models.program import (
    ActivityStatus,
    EvaluationCriterion,
    EvaluationMark,
    Program,
    ProgramActivity,
    ProgramAttachment,
    ProgramMeeting,
    ProgramMentee,
    ProgramStatus,
    SavedProgramDraft,
)
from desktop_app.models.setting import Setting

__all__ = [
    "ActivityStatus",
    "Base",
    "ConsentState",
    "DeclensionCorrection",
    "DeficitCategory",
    "DeficitLevel",
    "EvaluationCriterion",
    "EvaluationMark",
    "Gender",
    "GrammaticalCase",
    "MenteeCategory",
    "MenteeDifficulty",
    "MenteeProfile",
    "MentorProfile",
    "MentoringForm",
    "MentoringKind",
    "MentoringPair",
    "Organisation",
    "PairMembership",
    "PairStatus",
    "PairStatusChange",
    "Person",
    "PersonalDataConsent",
    "Program",
    "ProgramActivity",
    "ProgramAttachment",
    "ProgramMeeting",
    "ProgramMentee",
    "ProgramStatus",
    "QualificationCategory",
    "Role",
    "SavedProgramDraft",
    "Setting",
]
