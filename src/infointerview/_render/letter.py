"""The rendered letter: text, Markdown, HTML and a standard-library email message.

This module does not import Jinja2: a stored letter can be rebuilt with
:meth:`Letter.from_dict` and shown without a renderer.
"""

from __future__ import annotations

import email.policy
import html
import re
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any, Final

import attrs

from infointerview._models.markdown import escape_markdown
from infointerview._models.models import Channel, Contact, MessageKind, Requester, SuggestedPerson
from infointerview._models.text import describe_char
from infointerview._public import public
from infointerview._render.sanitize import sanitize_fragment
from infointerview.exceptions import ValidationError

__all__ = ["Letter"]

# Anything that could end or fold a header line, or hide a control: C0, DEL,
# C1, the Unicode line and paragraph separators and NEL.
_HEADER_BAD: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The opening of an RFC 2047 encoded word. A mail reader decodes such a word
# (possibly into a newline), and Python's own parser (3.11, 3.12) accepts
# words with spaces inside, so any ``=?`` at all is refused rather than
# trying to recognise the words a parser might decode.
_ENCODED_WORD: Final = re.compile(r"=\?")
_LOCAL_PART: Final = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]{1,64}")


@public
@attrs.frozen(kw_only=True)
class Letter:
    """A rendered letter, ready to show, copy or send.

    Attributes:
        kind: What it is: outreach, thank-you or follow-up.
        channel: The channel it is for, or ``None`` for a handwritten card.
        subject: The subject line, for channels that have one.
        body: The letter's plain text, ending with a newline.
        template: The name of the template that rendered it.
        html_body: Sanitised HTML from an HTML template, when the pack has
            one; otherwise ``None`` and :attr:`html` is built from the text.
    """

    kind: MessageKind = attrs.field(converter=MessageKind)
    channel: Channel | None = attrs.field(converter=attrs.converters.optional(Channel))
    subject: str | None = None
    body: str
    template: str = ""
    html_body: str | None = attrs.field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The letter as plain text, led by its ``Subject`` line and a blank line if any."""
        if self.subject is None:
            return self.body
        return f"Subject: {self.subject}\n\n{self.body}"

    @property
    def markdown(self) -> str:
        """The letter as Markdown, every character of it literal.

        The text is escaped, so a name such as ``[x](https://evil)`` or
        ``![x](y)`` shows as typed and never becomes a link or an image.
        Line breaks inside a paragraph are kept as hard breaks.
        """
        parts = []
        if self.subject is not None:
            parts.append(f"**Subject:** {escape_markdown(self.subject)}")
        for paragraph in _paragraphs(self.body):
            parts.append("\\\n".join(escape_markdown(line) for line in paragraph))
        return "\n\n".join(parts) + "\n"

    @property
    def html(self) -> str:
        """The letter as an HTML fragment.

        The sanitised output of the pack's HTML template when there was one;
        otherwise the text, escaped, in ``<p>`` paragraphs with ``<br>`` line
        breaks. Either way, no ``<`` typed by a user reaches the page unescaped.
        """
        if self.html_body is not None:
            return self.html_body
        parts = []
        if self.subject is not None:
            parts.append(f"<p><strong>Subject:</strong> {html.escape(self.subject)}</p>")
        for paragraph in _paragraphs(self.body):
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in paragraph) + "</p>")
        return "\n".join(parts) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """Return the letter as a JSON-safe dict.

        Returns:
            A dict that :meth:`from_dict` turns back into an equal letter.
        """
        return {
            "kind": self.kind.value,
            "channel": None if self.channel is None else self.channel.value,
            "subject": self.subject,
            "body": self.body,
            "template": self.template,
            "html_body": self.html_body,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Letter:
        """Build a letter from the dict :meth:`to_dict` writes.

        An ``html_body`` passes the HTML sanitiser again, since a stored dict
        may have been edited after the letter was rendered.

        Args:
            data: The dict.

        Returns:
            The letter.

        Raises:
            ValidationError: A key is unknown or missing, or a value invalid.
            MissingExtraError: The dict has an ``html_body`` and the ``html``
                extra is not installed.
        """
        fields = {"kind", "channel", "subject", "body", "template", "html_body"}
        if not isinstance(data, Mapping):
            raise ValidationError("Letter", data, "must be an object (a dict) describing a Letter")
        for key in data:
            if not isinstance(key, str):
                raise ValidationError("Letter", key, "must have only string keys, its field names")
        unknown = sorted(set(data) - fields)
        if unknown:
            raise ValidationError(f"Letter.{unknown[0]}", data[unknown[0]], "is not a field")
        values = dict(data)
        if values.get("html_body") is not None:  # stored HTML may have been edited since
            if not isinstance(values["html_body"], str):
                raise ValidationError("Letter.html_body", values["html_body"], "must be a string")
            values["html_body"] = sanitize_fragment(
                values["html_body"], feature="Letter.from_dict with an html_body"
            )
        try:
            return cls(**values)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                "Letter", dict(data), f"must be a letter's dict ({error})"
            ) from None

    def to_email_message(
        self,
        sender: Requester | Contact | SuggestedPerson | str,
        recipient: Requester | Contact | SuggestedPerson | str,
    ) -> EmailMessage:
        """Return the letter as a standard-library email message.

        The subject and every display name are checked before the message is
        built: a line break, a control character or ``=?``, which opens an
        RFC 2047 encoded word (which a mail reader could decode into a line
        break), is refused, so a name cannot inject a header. Addresses are
        validated and internationalised domains punycoded.

        Args:
            sender: A :class:`~infointerview.Requester` or a bare address.
            recipient: A :class:`~infointerview.Contact`,
                :class:`~infointerview.SuggestedPerson`, or a bare address.

        Returns:
            A message with ``From``, ``To``, ``Subject`` and a plain-text body;
            no ``Date`` or ``Message-ID``, so the same letter gives the same
            bytes.

        Raises:
            ValidationError: The letter has no subject, or an address, name or
                the subject is unsafe or invalid; the error names the field.
        """
        if self.subject is None:
            raise ValidationError(
                "Letter.subject",
                None,
                "must be set to send as email; render for the email channel",
            )
        subject = _header_text("Letter.subject", self.subject)
        message = EmailMessage(policy=email.policy.default)
        message["From"] = _address("sender", sender)
        message["To"] = _address("recipient", recipient)
        message["Subject"] = subject
        message.set_content(self.body)
        return message

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        return self.html


def _paragraphs(body: str) -> list[list[str]]:
    blocks = re.split(r"\n[ \t]*\n", body.strip("\n"))
    return [block.split("\n") for block in blocks if block.strip()]


def _header_text(field: str, value: str) -> str:
    bad = _HEADER_BAD.search(value)
    if bad:
        raise ValidationError(
            field,
            value,
            f"must be one line without control characters; has {describe_char(bad.group())}",
        )
    if _ENCODED_WORD.search(value):
        raise ValidationError(
            field, value, "must not hold '=?', which starts an RFC 2047 encoded word"
        )
    return value


def _address(field: str, who: Requester | Contact | SuggestedPerson | str) -> Address:
    if isinstance(who, str):
        name, addr = "", who
    elif isinstance(who, Requester | Contact | SuggestedPerson):
        name, addr = who.name, who.email or ""
        if not addr:
            raise ValidationError(f"{field}.email", None, "must be set to build an email")
    else:
        raise ValidationError(
            field, who, "must be a Requester, Contact, SuggestedPerson or an address string"
        )
    name = _header_text(f"{field}.name", name)
    addr = _header_text(f"{field}.email", addr)
    local, at, domain = addr.rpartition("@")
    if not at or not _LOCAL_PART.fullmatch(local) or ".." in local:
        raise ValidationError(
            f"{field}.email",
            addr,
            "must be an address like name@example.org with an ASCII name part",
        )
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(f"{field}.email", addr, "must have a valid domain") from None
    if "." not in ascii_domain or ascii_domain.startswith(".") or ascii_domain.endswith("."):
        raise ValidationError(f"{field}.email", addr, "must have a domain like example.org")
    try:
        return Address(display_name=name, addr_spec=f"{local}@{ascii_domain}")
    except (ValueError, IndexError) as error:
        raise ValidationError(
            f"{field}.email", addr, f"must be a valid address ({error})"
        ) from None
