"""All tables, imported here so Alembic and the app see every model."""
from outreach.models.accounts import EmailToken, RateLimitCounter, User, UserSession  # noqa: F401
from outreach.models.applications import (  # noqa: F401
    ApplicantProfile,
    Application,
    ApplicationInvitation,
    ApplicationNote,
    ApplicationStageChange,
    EmploymentCheck,
)
from outreach.models.audit import AuditEvent  # noqa: F401
from outreach.models.concerns import Concern  # noqa: F401
from outreach.models.impact import EqualOpportunities, PageViewCount, PageViewTotal  # noqa: F401
from outreach.models.opportunities import Opportunity, RiskAssessment, TasterSession  # noqa: F401
from outreach.models.organisations import Invitation, Membership, Organisation  # noqa: F401
from outreach.models.outbox import EmailUnsubscribe, JobRun, OutboxMessage  # noqa: F401
from outreach.models.questionnaires import QuestionnaireResponse, ValuesShare  # noqa: F401
from outreach.models.referrals import (  # noqa: F401
    Lead,
    LeaderboardOptIn,
    LeadStageChange,
    PointsEntry,
    ReferralLink,
    ReferralSettings,
)
from outreach.models.reminders import ReminderSent  # noqa: F401
from outreach.models.schools import AmbassadorProfile, TalkRequest, TalkRequestNotice  # noqa: F401
from outreach.models.signups import GuardianConsent, ObservedValues, SignUp, TasterFeedback  # noqa: F401
from outreach.models.submissions import FormSubmission  # noqa: F401
from outreach.models.titles import TitleChoice  # noqa: F401
from outreach.models.vacancies import VacancyDetails  # noqa: F401
