"""Tests for the renderer and the built-in templates."""

# Long payloads and expected letters read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples
from tests import strategies

RENDERER = ii.Renderer()
JOB_WORDS = re.compile(
    r"\b(job|jobs|position|positions|hiring|hire|opening|openings|vacanc\w*|résumé|resume|internship)\b",
    re.I,
)
OUTREACH_CHANNELS = list(ii.Channel)


def _letters_for(requester, contact):
    outcome = samples.outcome()
    for channel in ii.Channel:
        yield RENDERER.outreach(requester, contact, channel=channel)
        if channel is not ii.Channel.LINKEDIN_NOTE:
            yield RENDERER.outreach(requester, contact, channel=channel, style="five-point")
        yield RENDERER.follow_up(requester, contact, channel=channel)
    yield RENDERER.thank_you(requester, contact, outcome, meeting=samples.meeting())
    yield RENDERER.thank_you(requester, contact, outcome, style="card", offer_linkedin=True)
    yield RENDERER.thank_you(
        requester, contact, outcome, channel=ii.Channel.LINKEDIN_MESSAGE, offer_linkedin=True
    )
    yield RENDERER.thank_you(
        requester, contact, outcome, meeting=samples.meeting(), channel=ii.Channel.LINKEDIN_NOTE
    )
    for channel in (ii.Channel.EMAIL, ii.Channel.LINKEDIN_MESSAGE, ii.Channel.LINKEDIN_NOTE):
        yield RENDERER.referral(requester, outcome.suggested[0], contact, outcome, channel=channel)


class TestBuiltinTemplates:
    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_every_template_renders_for_the_matrix(self, requester, contact):
        """Every built-in letter renders for every sample pair, with no blank or None."""
        for letter in _letters_for(requester, contact):
            assert "None" not in letter.text
            assert " ," not in letter.text
            assert letter.body.endswith("\n")
            assert requester.first_name in letter.body

    def test_every_builtin_template_is_used(self):
        """The matrix exercises every letter template of the built-in pack (not macros or guides)."""
        used = set()
        for requester, contact in samples.matrix():
            used |= {letter.template for letter in _letters_for(requester, contact)}
        templates = {
            t for t in ii.builtin_pack().templates if not t.startswith(("macros/", "guide/"))
        }
        assert templates == used

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_outreach_follows_the_etiquette(self, requester, contact):
        """Each outreach asks a question for 20–30 minutes by phone or video, thanks, and never mentions a job."""
        for channel in ii.Channel:
            letter = RENDERER.outreach(requester, contact, channel=channel)
            assert JOB_WORDS.search(letter.text) is None
            assert "?" in letter.body
            assert "thank you" in letter.body.lower()
            if letter.template != "outreach/linkedin-note-minimal.txt.j2":
                assert "phone or video" in letter.body

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_connection_note_fits_the_free_limit(self, requester, contact):
        """A connection note never passes LinkedIn's 200 characters on a free account."""
        letter = RENDERER.outreach(requester, contact, channel=ii.Channel.LINKEDIN_NOTE)
        assert len(letter.body) <= 200

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_letters_pass_the_etiquette_checks(self, requester, contact):
        """No built-in letter draws an error-level etiquette finding."""
        errors = [
            (letter.template, finding.rule)
            for letter in _letters_for(requester, contact)
            for finding in ii.check_letter(letter)
            if finding.severity is ii.Severity.ERROR
        ]
        assert [] == errors

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_five_point_passes_the_five_point_checks(self, requester, contact):
        """The five-point style draws no finding from the checks' five-point preset."""
        config = ii.Config(preset="five-point")
        for channel in ("email", "alumni-platform", "linkedin-message"):
            letter = RENDERER.outreach(requester, contact, channel=channel, style="five-point")
            assert [] == ii.check_letter(letter, config=config)

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_five_point_style(self, requester, contact):
        """The five-point style is under 100 words, opens with the connection, and is mostly about the reader."""
        letter = RENDERER.outreach(
            requester, contact, channel=ii.Channel.EMAIL, style="five-point"
        )
        words = letter.body.split()
        assert len(words) < 100
        first_sentence = letter.body.split("\n\n")[1].split(". ")[0]
        markers = [contact.referrer, contact.platform, "LinkedIn", "website", "Your name came up"]
        assert any(marker in first_sentence for marker in markers if marker)
        sentences = re.split(r"(?<=[.?!])\s+|\n+", letter.body.strip())
        about_them = sum(
            len(s.split()) for s in sentences if re.search(r"\b(you|your)\b", s, re.I)
        )
        assert about_them * 2 > len(words)

    def test_referral_email_names_the_referrer(self):
        """A contact found by referral gets the referral email naming who suggested them."""
        requester, contact = samples.requester(), samples.matrix()[1][1]
        letter = RENDERER.outreach(requester, contact, channel=ii.Channel.EMAIL)
        assert "outreach/email-referral.txt.j2" == letter.template
        assert "Priya Natarajan suggested I reach out" == letter.subject

    def test_referral_contact_names_the_interviewee_only_with_leave(self):
        """The message to a suggested person names the interviewee only when may_use_name is true."""
        outcome = samples.outcome()
        person = outcome.suggested[0]
        named = RENDERER.referral(samples.requester(), person, samples.contact(), outcome)
        assert "Teresa Lindqvist suggested I contact you" == named.subject
        unnamed_outcome = ii.Outcome(suggested=outcome.suggested, may_use_name=None)
        unnamed = RENDERER.referral(
            samples.requester(), person, samples.contact(), unnamed_outcome
        )
        assert "Lindqvist" not in unnamed.text

    def test_thank_you_names_what_was_learned(self):
        """The thank-you names the thing learned and, on request, offers LinkedIn."""
        letter = RENDERER.thank_you(
            samples.requester(), samples.contact(), samples.outcome(), offer_linkedin=True
        )
        assert samples.outcome().learned in letter.body
        assert "LinkedIn" in letter.body
        assert "Thank you for our conversation" == letter.subject

    def test_card_has_no_channel_or_subject(self):
        """A handwritten card is a letter without a channel or subject."""
        letter = RENDERER.thank_you(
            samples.requester(), samples.contact(), samples.outcome(), style="card"
        )
        assert (None, None) == (letter.channel, letter.subject)

    def test_default_channel_follows_the_source(self):
        """Without a channel, outreach goes where the contact was found."""
        assert (
            ii.Channel.ALUMNI_PLATFORM
            == RENDERER.outreach(samples.requester(), samples.contact()).channel
        )

    def test_output_is_deterministic(self):
        """The same inputs give byte-identical letters, from a fresh renderer too."""
        first = RENDERER.outreach(samples.requester(), samples.contact()).text
        assert first == ii.Renderer().outreach(samples.requester(), samples.contact()).text

    def test_sample_outreach_reads_as_written(self):
        """The sample alumni-platform message is the text a careful student would send."""
        expected = (
            "Dear Ms. Lindqvist,\n\n"
            "I'm Maya Okafor, an economics major at Northbay University. I found your profile"
            " on Northbay Connect, and I saw that you studied at Northbay University too.\n\n"
            "I would love to hear about your work as a Senior Audit Manager at Harbor & Vale LLP."
            " I'm hoping to learn what the first years in audit are really like and how people"
            " move into forensic work.\n\n"
            "Would you be willing to speak with me for 20–30 minutes by phone or video sometime"
            " in the next few weeks? Thank you for considering my request.\n\n"
            "Best regards,\nMaya Okafor\nEconomics, Northbay University, class of 2028\n"
            "maya.okafor@example.edu\n"
        )
        assert expected == RENDERER.outreach(samples.requester(), samples.contact()).body

    def test_pack_names_the_platform(self, tmp_path):
        """A pack's platform value names the alumni platform for a contact found elsewhere."""
        (tmp_path / "pack.toml").write_text(
            '[pack]\nname = "nb"\n[values]\nplatform = "Lute Connect"\nsign_off = "Warmly"\n',
            encoding="utf-8",
        )
        contact = ii.Contact(name="Madonna", source="linkedin")
        letter = ii.Renderer(tmp_path).outreach(
            samples.requester(), contact, channel=ii.Channel.ALUMNI_PLATFORM
        )
        assert "I'm writing to you here on Lute Connect." in letter.body
        assert "\nWarmly,\n" in letter.body

    def test_unknown_style_names_the_styles(self):
        """An unknown style is an error listing the styles there are."""
        with pytest.raises(ii.MissingTemplateError, match="five-point, standard"):
            RENDERER.outreach(samples.requester(), samples.contact(), style="haiku")

    def test_styles(self):
        """The built-in pack offers the standard and five-point outreach and the card."""
        assert (("five-point", "standard"), ("card", "standard")) == (
            RENDERER.styles("outreach"),
            RENDERER.styles("thank_you"),
        )


THANK = re.compile(r"\bthank", re.I)
CURT = re.compile(r"\b(no need to reply|if not,|don't bother)", re.I)
MESSAGE_CHANNELS = [ii.Channel.EMAIL, ii.Channel.ALUMNI_PLATFORM, ii.Channel.LINKEDIN_MESSAGE]


def _outcome_with(count):
    people = tuple(
        ii.SuggestedPerson(name=name)
        for name in ("Arjun Mehta", "Colette Baptiste", "Rosa Diaz", "Kwame Boateng")[:count]
    )
    return ii.Outcome(learned=samples.outcome().learned, suggested=people, may_use_name=True)


def _body_text(letter):
    """The letter's body without its greeting line and sign-off."""
    paragraphs = letter.body.split("\n\n")
    return "\n\n".join(paragraphs[1:-1])


def _follow_up_context(contact, channel, first_channel):
    """A follow-up template's variables, as the renderer gives them, plus first_channel."""
    requester = samples.requester()
    return {
        "requester": {
            **requester.to_dict(),
            "first_name": requester.first_name,
            "signature": requester.signature or requester.name,
        },
        "contact": contact.to_dict(),
        "greeting": ii.salutation(contact),
        "casual_greeting": ii.salutation(contact, greeting="Hello"),
        "platform": contact.platform,
        "values": {"greeting": "Dear", "casual_greeting": "Hello", "sign_off": "Best regards"},
        "channel": channel,
        "style": "standard",
        "kind": "follow_up",
        "limit": None,
        "first_channel": first_channel,
    }


class TestLetterWording:
    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_five_point_introduces_the_writer(self, requester, contact):
        """The five-point body names the writer and their school, programme or background."""
        for channel in MESSAGE_CHANNELS:
            letter = RENDERER.outreach(requester, contact, channel=channel, style="five-point")
            body = _body_text(letter)
            assert f"I'm {requester.name}" in body
            about = [requester.programme, requester.school, requester.background]
            if any(about):
                assert any(part in body for part in about if part)
            assert ", as " not in body  # no programme left dangling after the interest

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_five_point_thanks_in_a_sentence_of_its_own(self, requester, contact):
        """The five-point email never runs a statement into a thank-you with ", and thank"."""
        letter = RENDERER.outreach(requester, contact, channel="email", style="five-point")
        assert re.search(r",\s+and thank", letter.body, re.I) is None
        assert "Thank you for considering it." in letter.body

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    @pytest.mark.parametrize("count", [0, 1, 2, 4])
    def test_thank_you_says_thank_at_most_twice(self, requester, contact, count):
        """Every thank-you, subject included, says "thank" once or twice, never more."""
        outcome = _outcome_with(count)
        letters = [
            RENDERER.thank_you(requester, contact, outcome, channel=channel, offer_linkedin=True)
            for channel in ii.Channel
        ]
        letters.append(RENDERER.thank_you(requester, contact, outcome, style="card"))
        for letter in letters:
            assert 1 <= len(THANK.findall(letter.text)) <= 2, letter.template

    @pytest.mark.parametrize(
        ("count", "expected"),
        [
            (1, "It was kind of you to suggest that I speak with Arjun Mehta;"),
            (
                2,
                "It was kind of you to suggest that I speak with Arjun Mehta and Colette Baptiste;",
            ),
            (
                3,
                "It was kind of you to suggest that I speak with Arjun Mehta, Colette Baptiste and Rosa Diaz;",
            ),
            (4, "It was kind of you to suggest 4 people I could speak with next;"),
        ],
    )
    def test_thank_you_agrees_with_the_people_suggested(self, count, expected):
        """The thank-you names one, two or three suggested people, and counts more in the plural."""
        for channel in (ii.Channel.EMAIL, ii.Channel.ALUMNI_PLATFORM):
            letter = RENDERER.thank_you(
                samples.requester(), samples.contact(), _outcome_with(count), channel=channel
            )
            assert expected in letter.body
            assert "suggesting people" not in letter.body

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_follow_up_keeps_the_first_messages_greeting(self, requester, contact):
        """On every channel the follow-up opens with the greeting the outreach used, and ends warmly."""
        for channel in ii.Channel:
            outreach = RENDERER.outreach(requester, contact, channel=channel)
            follow_up = RENDERER.follow_up(requester, contact, channel=channel)
            greeting = outreach.body.split(",", 1)[0]
            assert follow_up.body.startswith(f"{greeting},")
            assert CURT.search(follow_up.body) is None
            assert "inbox" not in follow_up.body

    def test_email_follow_up_names_the_platform_of_the_first_message(self):
        """A contact found on the alumni platform was first written to there, as the email follow-up says."""
        letter = RENDERER.follow_up(samples.requester(), samples.contact(), channel="email")
        assert letter.body.split("\n\n")[1].startswith(
            "I wrote to you on Northbay Connect recently and am following up by email,"
        )

    def test_follow_up_on_the_first_channel(self):
        """A follow-up where the first message went says "here", and an email one speaks of the email."""
        platform = RENDERER.follow_up(samples.requester(), samples.contact())
        assert "I wrote to you here on Northbay Connect recently and wanted to follow up," in (
            platform.body
        )
        referred = samples.matrix()[1][1]
        email = RENDERER.follow_up(samples.requester(), referred, channel="email")
        assert "in case my email arrived at a busy time" in email.body

    @pytest.mark.parametrize(
        ("channel", "first_channel", "expected"),
        [
            (
                "email",
                "email",
                "I wrote to you recently and wanted to follow up, in case my email",
            ),
            (
                "email",
                "alumni-platform",
                "I wrote to you on Northbay Connect recently and am following up by email,",
            ),
            (
                "email",
                None,
                "I wrote to you on Northbay Connect recently and am following up by email,",
            ),
            (
                "alumni-platform",
                "email",
                "I emailed you recently and am following up here on Northbay Connect,",
            ),
            (
                "linkedin-message",
                "linkedin-note",
                "I wrote to you here on LinkedIn recently and wanted to follow up,",
            ),
        ],
    )
    def test_follow_up_reads_first_channel_when_given(self, channel, first_channel, expected):
        """A first_channel variable, when the renderer passes one, decides what the follow-up says."""
        name = "follow_up/email.txt.j2" if channel == "email" else "follow_up/message.txt.j2"
        context = _follow_up_context(samples.contact(), channel, first_channel)
        assert expected in RENDERER.render_template(name, context)

    @pytest.mark.parametrize(("requester", "contact"), samples.matrix())
    def test_reworded_letters_draw_no_finding(self, requester, contact):
        """The five-point, follow-up and thank-you letters draw no finding at all, not even a suggestion."""
        outcome = samples.outcome()
        letters = []
        for channel in ii.Channel:
            letters.append(RENDERER.follow_up(requester, contact, channel=channel))
            letters.append(RENDERER.thank_you(requester, contact, outcome, channel=channel))
            letters.append(
                RENDERER.thank_you(requester, contact, _outcome_with(1), channel=channel)
            )
            if channel is not ii.Channel.LINKEDIN_NOTE:
                letters.append(
                    RENDERER.outreach(requester, contact, channel=channel, style="five-point")
                )
        letters.append(RENDERER.thank_you(requester, contact, outcome, style="card"))
        assert [] == [
            (letter.template, finding.rule)
            for letter in letters
            for finding in ii.check_letter(letter)
        ]


class TestProperties:
    @settings(
        max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
    )
    @given(
        requester=strategies.requesters,
        contact=strategies.contacts(),
        channel=st.sampled_from(
            [ii.Channel.EMAIL, ii.Channel.ALUMNI_PLATFORM, ii.Channel.LINKEDIN_MESSAGE]
        ),
    )
    def test_any_unicode_renders_and_html_escapes(self, requester, contact, channel):
        """Arbitrary text in every field renders, and the HTML never carries a raw '<' from input."""
        try:
            letter = RENDERER.outreach(requester, contact, channel=channel)
        except ii.ChannelLimitError:
            return
        assert "<" not in re.sub(r"</?(p|br|strong)>", "", letter.html)
        assert letter.text == RENDERER.outreach(requester, contact, channel=channel).text

    @settings(
        max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
    )
    @given(
        requester=strategies.requesters, contact=strategies.contacts(), outcome=strategies.outcomes
    )
    def test_any_unicode_thank_you(self, requester, contact, outcome):
        """Arbitrary text in the outcome renders a thank-you and a card."""
        for style in ("standard", "card"):
            letter = RENDERER.thank_you(requester, contact, outcome, style=style)
            assert "<" not in re.sub(r"</?(p|br|strong)>", "", letter.html)

    @settings(
        max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
    )
    @given(
        requester=strategies.requesters,
        contact=strategies.contacts(),
        person=strategies.suggested_people,
        outcome=strategies.outcomes,
    )
    def test_any_unicode_follow_up_and_referral(self, requester, contact, person, outcome):
        """Arbitrary text renders the follow-up and referral, and Markdown keeps brackets literal."""
        letters = [
            RENDERER.follow_up(requester, contact, channel=ii.Channel.EMAIL),
            RENDERER.referral(requester, person, contact, outcome),
        ]
        for letter in letters:
            assert re.search(r"(?<!\\)[\[\]<]", letter.markdown) is None


class TestFollowUpFirstChannel:
    def test_follow_up_says_where_the_first_message_went(self):
        """An email follow-up to a first email says email; to a platform message, the platform."""
        renderer = ii.Renderer()
        by_email = renderer.follow_up(
            samples.requester(), samples.contact(), channel="email", first_channel="email"
        ).body
        by_default = renderer.follow_up(
            samples.requester(), samples.contact(), channel="email"
        ).body
        assert "my email arrived" in by_email
        assert "Northbay Connect" not in by_email.split("\n\n")[1]
        assert "on Northbay Connect" in by_default

    def test_unknown_first_channel_is_refused(self):
        """A first channel that is not a channel is our error, naming the argument."""
        with pytest.raises(ii.ValidationError, match="first_channel"):
            ii.Renderer().follow_up(samples.requester(), samples.contact(), first_channel="fax")
