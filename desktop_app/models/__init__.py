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
from desktop_app.models.person import (
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonalDataConsent,
)
from desktop_app.models.roadmap import Roadmap, RoadmapItem
from desktop_app.models.setting import Setting

__all__ = [
    "Base",
    "ConsentState",
    "DeclensionCorrection",
    "DeficitCategory",
    "DeficitLevel",
    "Gender",
    "GrammaticalCase",
    "MenteeCategory",
    "MenteeDifficulty",
    "MenteeProfile",
    "MentorProfile",
    "Organisation",
    "Person",
    "PersonalDataConsent",
    "QualificationCategory",
    "Roadmap",
    "RoadmapItem",
    "Role",
    "Setting",
]
