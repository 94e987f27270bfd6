"""Type stub: the public names of :mod:`infointerview`, for type checkers.

At run time ``__init__.py`` loads each of them on first access; a test keeps the two
files naming the same things from the same modules.
"""

from infointerview import batch as batch
from infointerview import etiquette as etiquette
from infointerview import exceptions as exceptions
from infointerview import samples as samples
from infointerview import typing as typing
from infointerview._lint import (
    PackProblem as PackProblem,
)
from infointerview._lint import (
    lint_pack as lint_pack,
)
from infointerview._models.models import (
    Channel as Channel,
)
from infointerview._models.models import (
    Contact as Contact,
)
from infointerview._models.models import (
    ContactSource as ContactSource,
)
from infointerview._models.models import (
    Meeting as Meeting,
)
from infointerview._models.models import (
    MeetingMode as MeetingMode,
)
from infointerview._models.models import (
    MessageKind as MessageKind,
)
from infointerview._models.models import (
    Outcome as Outcome,
)
from infointerview._models.models import (
    Requester as Requester,
)
from infointerview._models.models import (
    SuggestedPerson as SuggestedPerson,
)
from infointerview._models.models import (
    Venue as Venue,
)
from infointerview._models.models import (
    salutation as salutation,
)
from infointerview._packs.packs import (
    Pack as Pack,
)
from infointerview._packs.packs import (
    PackStack as PackStack,
)
from infointerview._packs.packs import (
    builtin_pack as builtin_pack,
)
from infointerview._packs.packs import (
    load_pack as load_pack,
)
from infointerview._questions.bank import (
    CategoryInfo as CategoryInfo,
)
from infointerview._questions.bank import (
    Question as Question,
)
from infointerview._questions.bank import (
    QuestionBank as QuestionBank,
)
from infointerview._questions.bank import (
    QuestionCategory as QuestionCategory,
)
from infointerview._questions.bank import (
    TiaraPart as TiaraPart,
)
from infointerview._questions.builder import (
    Questionnaire as Questionnaire,
)
from infointerview._questions.builder import (
    QuestionnaireBuilder as QuestionnaireBuilder,
)
from infointerview._questions.builder import (
    QuestionnaireItem as QuestionnaireItem,
)
from infointerview._questions.builder import (
    QuestionnaireSection as QuestionnaireSection,
)
from infointerview._render.letter import (
    Letter as Letter,
)
from infointerview._render.prep import (
    PrepSheet as PrepSheet,
)
from infointerview._render.prep import (
    prep_sheet as prep_sheet,
)
from infointerview._render.renderer import (
    Renderer as Renderer,
)
from infointerview._schedule.calendar import (
    plan_to_ical as plan_to_ical,
)
from infointerview._schedule.dates import (
    BusinessCalendar as BusinessCalendar,
)
from infointerview._schedule.dates import (
    DateOrder as DateOrder,
)
from infointerview._schedule.dates import (
    lookup_zone as lookup_zone,
)
from infointerview._schedule.dates import (
    parse_datetime as parse_datetime,
)
from infointerview._schedule.plan import (
    Plan as Plan,
)
from infointerview._schedule.plan import (
    Proposal as Proposal,
)
from infointerview._schedule.plan import (
    Step as Step,
)
from infointerview._schedule.plan import (
    StepKind as StepKind,
)
from infointerview._schedule.plan import (
    describe_moment as describe_moment,
)
from infointerview._schedule.plan import (
    follow_through as follow_through,
)
from infointerview._schedule.plan import (
    outreach_cadence as outreach_cadence,
)
from infointerview._schedule.plan import (
    propose_times as propose_times,
)
from infointerview.etiquette import (
    Checker as Checker,
)
from infointerview.etiquette import (
    Config as Config,
)
from infointerview.etiquette import (
    Finding as Finding,
)
from infointerview.etiquette import (
    Findings as Findings,
)
from infointerview.etiquette import (
    Severity as Severity,
)
from infointerview.etiquette import (
    check as check,
)
from infointerview.etiquette import (
    check_letter as check_letter,
)
from infointerview.etiquette import (
    check_meeting as check_meeting,
)
from infointerview.etiquette import (
    check_questionnaire as check_questionnaire,
)
from infointerview.etiquette import (
    check_thank_you as check_thank_you,
)
from infointerview.etiquette import (
    explain as explain,
)
from infointerview.exceptions import (
    BudgetError as BudgetError,
)
from infointerview.exceptions import (
    ChannelLimitError as ChannelLimitError,
)
from infointerview.exceptions import (
    InfoInterviewError as InfoInterviewError,
)
from infointerview.exceptions import (
    InputError as InputError,
)
from infointerview.exceptions import (
    MissingExtraError as MissingExtraError,
)
from infointerview.exceptions import (
    MissingTemplateError as MissingTemplateError,
)
from infointerview.exceptions import (
    PackError as PackError,
)
from infointerview.exceptions import (
    QuestionBankError as QuestionBankError,
)
from infointerview.exceptions import (
    RenderError as RenderError,
)
from infointerview.exceptions import (
    RuleError as RuleError,
)
from infointerview.exceptions import (
    TemplateSecurityError as TemplateSecurityError,
)
from infointerview.exceptions import (
    ValidationError as ValidationError,
)

__version__: str
__all__: list[str]
