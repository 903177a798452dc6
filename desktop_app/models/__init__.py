"""SQLAlchemy models of the mentoring system. No Qt here."""

from desktop_app.models.base import Base
from desktop_app.models.change_log import ChangeLogEntry
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
from desktop_app.models.monitoring import (
    Answer,
    Audience,
    MenteeResult,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireResponse,
    Stage,
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
from desktop_app.models.roadmap import Roadmap, RoadmapItem
from desktop_app.models.route import (
    AchievementLevel,
    AssessmentKind,
    CorrectionReason,
    DeficitOutcome,
    ImageCloseness,
    IndividualRoute,
    MeasureSection,
    MeasureStatus,
    MeasureTerm,
    ProductKind,
    RouteAssessment,
    RouteCorrection,
    RouteMeasure,
    RouteStatus,
)
from desktop_app.models.setting import Setting

__all__ = [
    "AchievementLevel",
    "Answer",
    "AssessmentKind",
    "Audience",
    "Base",
    "ChangeLogEntry",
    "ConsentState",
    "CorrectionReason",
    "DeclensionCorrection",
    "DeficitCategory",
    "DeficitLevel",
    "DeficitOutcome",
    "Gender",
    "GrammaticalCase",
    "ImageCloseness",
    "IndividualRoute",
    "MeasureSection",
    "MeasureStatus",
    "MeasureTerm",
    "MenteeCategory",
    "MenteeDifficulty",
    "MenteeProfile",
    "MenteeResult",
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
    "ProductKind",
    "QualificationCategory",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireResponse",
    "Roadmap",
    "RoadmapItem",
    "Role",
    "RouteAssessment",
    "RouteCorrection",
    "RouteMeasure",
    "RouteStatus",
    "Setting",
    "Stage",
]
