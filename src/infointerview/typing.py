"""Protocols and type aliases for code that plugs into infointerview.

A custom etiquette rule satisfies :class:`Rule`; the model-level checks accept
anything shaped like :class:`LetterLike` or :class:`QuestionLike`, so the
etiquette checks never need the renderer or the question bank.
"""

import collections.abc as _abc
import typing as _t

if _t.TYPE_CHECKING:
    from infointerview._models.models import Channel, MessageKind
    from infointerview.etiquette._core import Context, Example, Hit, Severity
    from infointerview.etiquette._document import Document

__all__ = ["ChannelLetterLike", "KindLike", "LetterLike", "QuestionLike", "Rule", "RuleId"]

#: A rule's stable id: lower-case words joined by hyphens, such as ``"no-job-ask"``.
RuleId: _t.TypeAlias = str
#: A message kind, as the enum member or its string value (``"outreach"``).
KindLike: _t.TypeAlias = "MessageKind | str"


@_t.runtime_checkable
class Rule(_t.Protocol):
    """An etiquette rule: what it checks, why, its examples, and the check itself.

    The engine prepares the text once (see :class:`infointerview.etiquette.Document`)
    and hands it to every rule whose :attr:`kinds` include the message's kind.
    The rule yields :class:`infointerview.etiquette.Hit` objects over the
    prepared text; the engine maps their spans back to the original text and
    adds the rule's id and severity. A rule must be thread-safe: keep no state
    between calls.
    """

    @property
    def id(self) -> RuleId:
        """Stable kebab-case id."""

    @property
    def summary(self) -> str:
        """One line saying what the rule asks for."""

    @property
    def severity(self) -> "Severity":
        """Severity of its findings unless a config overrides it."""

    @property
    def kinds(self) -> "frozenset[MessageKind]":
        """The kinds of message the rule applies to."""

    @property
    def rationale(self) -> str:
        """Why the rule exists, in a short paragraph."""

    @property
    def source(self) -> str:
        """The guidance behind the rule."""

    @property
    def passes(self) -> "_abc.Sequence[Example]":
        """Texts the rule must not flag."""

    @property
    def fails(self) -> "_abc.Sequence[Example]":
        """Texts the rule must flag."""

    def check(self, doc: "Document", context: "Context") -> "_abc.Iterable[Hit]":
        """Return what the rule finds in *doc*.

        Args:
            doc: The prepared text.
            context: The message kind, channel and configuration.
        """


class LetterLike(_t.Protocol):
    """Anything with a message body, a kind and optionally a subject and a channel.

    The renderer's letters have this shape; so can a platform's own records.
    """

    @property
    def body(self) -> str:
        """The text of the message."""

    @property
    def kind(self) -> "MessageKind | str":
        """What kind of message it is."""


class ChannelLetterLike(LetterLike, _t.Protocol):
    """A letter that also says its channel and subject."""

    @property
    def channel(self) -> "Channel | str | None":
        """The channel it travels through."""

    @property
    def subject(self) -> str | None:
        """The subject line, where the channel has one."""


class QuestionLike(_t.Protocol):
    """One question of a questionnaire: its text and, optionally, its category."""

    @property
    def text(self) -> str:
        """The question."""
