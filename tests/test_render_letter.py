"""Tests for Letter: its text forms, dict round trip and email export."""

# Long payloads and expected letters read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import email
import email.policy
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples


def _letter(**changes):
    data = {"kind": "outreach", "channel": "email", "subject": "Hello", "body": "Hi there.\n"}
    data.update(changes)
    return ii.Letter(**data)


class TestLetter:
    def test_text_puts_subject_first(self):
        """The text form is the Subject line, a blank line and the body."""
        assert "Subject: Hello\n\nHi there.\n" == _letter().text

    def test_markdown_escapes_links_and_images(self):
        """A name written as Markdown stays literal text, never a link or an image."""
        letter = _letter(
            subject="[x](https://evil.example)", body="![i](https://evil.example/p.png)\n"
        )
        assert (
            "**Subject:** \\[x\\]\\(https\\://evil.example\\)\n\n\\!\\[i\\]\\(https\\://evil.example/p.png\\)\n"
            == letter.markdown
        )

    def test_html_escapes_text(self):
        """The HTML form escapes every character a user could use to add markup."""
        letter = _letter(subject="<b>", body="Dear <script>x</script>,\nline two\n")
        assert (
            "<p><strong>Subject:</strong> &lt;b&gt;</p>\n<p>Dear &lt;script&gt;x&lt;/script&gt;,<br>\nline two</p>\n"
            == letter.html
        )

    def test_dict_round_trip(self):
        """to_dict and from_dict give back an equal letter."""
        letter = ii.Renderer().outreach(samples.requester(), samples.contact())
        assert letter == ii.Letter.from_dict(letter.to_dict())

    def test_from_dict_sanitises_stored_html(self):
        """An html_body edited in storage loses its script when the letter is read back."""
        stored = {
            **_letter().to_dict(),
            "html_body": "<p onclick='x()'>Hi</p><script>x()</script>",
        }
        assert "<p>Hi</p>" == ii.Letter.from_dict(stored).html

    def test_from_dict_refuses_html_that_is_not_text(self):
        """An html_body that is not a string is refused with the field named."""
        with pytest.raises(ii.ValidationError, match="html_body"):
            ii.Letter.from_dict({**_letter().to_dict(), "html_body": 5})

    def test_from_dict_refuses_unknown_keys(self):
        """An unknown key is a ValidationError naming it."""
        with pytest.raises(ii.ValidationError, match=re.escape("Letter.colour")):
            ii.Letter.from_dict({**_letter().to_dict(), "colour": "red"})

    def test_jupyter_display(self):
        """Jupyter shows the letter as HTML and Markdown."""
        letter = _letter()
        assert (letter.html, letter.markdown) == (letter._repr_html_(), letter._repr_markdown_())


class TestEmailMessage:
    def test_builds_a_message(self):
        """The email has From, To and Subject headers and the body, with no Date."""
        letter = ii.Renderer().outreach(samples.requester(), samples.contact(), channel="email")
        message = letter.to_email_message(samples.requester(), samples.contact())
        assert (
            "Maya Okafor <maya.okafor@example.edu>",
            "Teresa Lindqvist <t.lindqvist@example.com>",
            letter.subject,
            None,
        ) == (message["From"], message["To"], message["Subject"], message["Date"])
        assert letter.body == message.get_content()

    def test_idn_domain_is_punycoded(self):
        """An internationalised domain becomes its ASCII form."""
        message = _letter().to_email_message("maya@bücher.example", "x@example.org")
        assert "maya@xn--bcher-kva.example" == message["From"]

    @pytest.mark.parametrize(
        "subject",
        [
            "Hi\nBcc: victim@example.org",
            "Hi\rX: y",
            "=?UTF-8?Q?=0A?=Bcc: x@example.org",
            "Hi\x00",
            "Hi\u2028x",
            "Hi\x85",
        ],
    )
    def test_header_injection_in_subject_refused(self, subject):
        """A subject with a line break, control character or encoded word is refused."""
        with pytest.raises(ii.ValidationError, match=re.escape("Letter.subject")):
            _letter(subject=subject).to_email_message("a@example.org", "b@example.org")

    def test_header_injection_in_name_refused(self):
        """A display name carrying an encoded newline is refused before the message is built."""

        person = ii.Requester(name="=?UTF-8?Q?Eve=0ABcc:_x@example.org?=", email="eve@example.org")
        with pytest.raises(ii.ValidationError, match=re.escape("sender.name")):
            _letter().to_email_message(person, "b@example.org")

    def test_encoded_word_with_spaces_in_school_refused(self):
        """An encoded word with spaces that reaches the subject is refused, never decoded into Bcc."""
        requester = ii.Requester(
            name="Maya Okafor",
            email="maya@example.edu",
            school="=?utf-8?q?Northbay =0D=0ABcc:_victim@evil.example?=",
        )
        contact = attrs.evolve(samples.contact(), shared_school=True)
        letter = ii.Renderer().outreach(requester, contact, channel="email")
        with pytest.raises(ii.ValidationError, match=re.escape("Letter.subject")):
            letter.to_email_message(requester, contact)

    def test_encoded_word_with_spaces_in_contact_name_refused(self):
        """A contact name holding an encoded word with spaces is refused for the To header."""
        contact = ii.Contact(
            name="=?utf-8?q?Teresa =0D=0ABcc:_victim@evil.example?=", email="t@example.com"
        )
        with pytest.raises(ii.ValidationError, match=re.escape("recipient.name")):
            _letter().to_email_message("a@example.org", contact)

    @settings(max_examples=200, deadline=None)
    @given(
        name=st.text(alphabet=st.sampled_from("=?qQbB_:@ \r\nBcc0DA;,<>\"'"), max_size=60),
        subject=st.text(alphabet=st.sampled_from("=?qQbB_:@ \r\nBcc0DA;,"), max_size=60),
    )
    def test_no_input_creates_a_header(self, name, subject):
        """Whatever the name and subject, the message parses back to exactly its own headers."""
        try:
            person = ii.Requester(name=name, email="eve@example.org")
            message = _letter(subject=subject or "x").to_email_message(person, "b@example.org")
        except ii.ValidationError:
            return
        parsed = email.message_from_string(message.as_string(), policy=email.policy.default)
        assert {
            "from",
            "to",
            "subject",
            "content-type",
            "content-transfer-encoding",
            "mime-version",
        } >= {key.lower() for key in parsed}
        assert [] == parsed.get_all("bcc", [])

    @pytest.mark.parametrize(
        "address", ["no-at-sign", "a@b", "a\n@example.org", "ä@example.org", "a..b@example.org"]
    )
    def test_bad_address_refused(self, address):
        """An invalid address is a ValidationError."""
        with pytest.raises(ii.ValidationError):
            _letter().to_email_message(address, "b@example.org")

    def test_letter_without_subject_refused(self):
        """A letter without a subject cannot become an email."""
        with pytest.raises(ii.ValidationError, match=re.escape("Letter.subject")):
            _letter(subject=None).to_email_message("a@example.org", "b@example.org")

    @pytest.mark.parametrize("who", [("Maya", "maya@example.edu"), None, 5])
    def test_wrong_kind_of_sender_refused(self, who):
        """A sender that is neither a model nor an address string is a ValidationError naming it."""
        with pytest.raises(ii.ValidationError, match="sender: must be a Requester"):
            _letter().to_email_message(who, "b@example.org")  # type: ignore[arg-type]
