"""Tests for the etiquette rules: their examples, metadata, configuration and model checks."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import pickle
import re
import threading
import zoneinfo
from collections.abc import Iterable

import attrs
import pytest

import infointerview as ii
from infointerview import etiquette

RULES = etiquette.rules(plugins=False)
FIXED = ("no-job-ask", "not-over-email", "no-personal-residence")


def _cases(attribute: str) -> list[tuple[str, etiquette.Example]]:
    return [(rule.id, example) for rule in RULES for example in getattr(rule, attribute)]


def _ids(cases: list[tuple[str, etiquette.Example]]) -> list[str]:
    return [f"{rule}:{example.text[:40]}" for rule, example in cases]


def _rules_found(text: str, kind: str = "outreach", **kwargs: object) -> list[str]:
    return [f.rule for f in ii.check(text, kind, **kwargs)]  # type: ignore[arg-type]


class TestRuleExamples:
    @pytest.mark.parametrize(("rule", "example"), _cases("fails"), ids=_ids(_cases("fails")))
    def test_rule_flags_its_fail_examples(self, rule, example):
        """Every rule flags each of its own fail examples."""
        found = ii.check(example.text, example.kind, channel=example.channel)
        assert rule in {f.rule for f in found}

    @pytest.mark.parametrize(("rule", "example"), _cases("passes"), ids=_ids(_cases("passes")))
    def test_rule_passes_its_pass_examples(self, rule, example):
        """No rule flags its own pass examples."""
        found = ii.check(example.text, example.kind, channel=example.channel)
        assert [] == [f for f in found if f.rule == rule]


class TestRuleRegistry:
    def test_ids_are_unique(self):
        """No two rules share an id."""
        ids = [rule.id for rule in RULES]
        assert len(set(ids)) == len(ids)

    def test_ids_are_kebab_case(self):
        """Every id is lower-case words joined by hyphens."""
        assert [] == [r.id for r in RULES if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", r.id)]

    def test_every_text_rule_has_pass_and_fail_examples(self):
        """Every rule that reads text shows at least one pass and one fail example."""
        lacking = [r.id for r in RULES if r.engine != "model" and not (r.passes and r.fails)]
        assert [] == lacking

    def test_model_rules_describe_their_cases(self):
        """A rule that reads models instead of text describes a passing and a failing case."""
        model_rules = [r for r in RULES if r.engine == "model"]
        assert model_rules
        assert all(r.model_pass and r.model_fail for r in model_rules)

    def test_every_rule_documents_itself(self):
        """Every rule has a summary, rationale and source."""
        assert all(r.summary and r.rationale and r.source for r in RULES)

    def test_every_rule_satisfies_the_protocol(self):
        """Built-in rules satisfy the public Rule protocol."""
        assert all(isinstance(rule, ii.typing.Rule) for rule in RULES)

    def test_fixed_rules_are_errors(self):
        """The three fixed rules exist and are errors by default."""
        by_id = {rule.id: rule for rule in RULES}
        assert [ii.Severity.ERROR] * 3 == [by_id[i].severity for i in FIXED]

    def test_rule_patterns_stay_in_the_linear_subset(self):
        """No phrase pattern uses backreferences or lookaround."""
        from infointerview.etiquette._regex import validate_linear

        for rule in RULES:
            for group in rule.groups:
                validate_linear(group.pattern.pattern)

    def test_validate_linear_refuses_lookaround(self):
        """A lookahead, lookbehind or backreference is refused."""
        from infointerview.etiquette._regex import validate_linear

        for pattern in (r"a(?=b)", r"(?<!x)y", r"(a)\1", r"(?:a|(?!b))c"):
            with pytest.raises(ValueError, match="RE2 refuses"):
                validate_linear(pattern)


class TestFixedRules:
    @pytest.mark.parametrize(
        "text",
        [
            "Who makes the decision to hire someone for this kind of job?",
            "How did you land your first job?",
            "Does your organization offer internships or research opportunities?",
            "I'm not asking for a job, only for your perspective.",
            'My advisor said never to write "could you refer me?" in a first message.',
            "I'm curious how people usually get referred for roles at firms like yours.",
            "Do you work from home?",
            "Could we meet at a café near your home?",
            "I'm home for break until the ninth.",
            "I'll confirm the time by email and send a calendar invite.",
            "Thank you for your email; Tuesday at 3 works well for a call.",
        ],
    )
    def test_about_negated_and_quoted_phrases_pass(self, text):
        """Questions about hiring, negations, quotations and harmless mentions pass."""
        assert [] == [r for r in _rules_found(text) if r in FIXED]

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("Could you please consider me for the internship?", "no-job-ask"),
            ("I'm not sure of the etiquette, but could you refer me internally?", "no-job-ask"),
            ("Would you be open to answering my questions over email?", "not-over-email"),
            ("Could I come to your apartment on Sunday?", "no-personal-residence"),
            ("How about a chat at your flat after work?", "no-personal-residence"),
            ("Why don't you just answer my questions by email?", "not-over-email"),
        ],
    )
    def test_asks_are_found(self, text, rule):
        """Requests for a job, an email interview or a home visit are found."""
        assert rule in _rules_found(text)

    def test_span_is_the_offending_phrase(self):
        """text[start:end] is the phrase that asks."""
        text = "Dear Ms. Park,\nThanks! Would you keep me in mind for openings?"
        [finding] = [f for f in ii.check(text) if f.rule == "no-job-ask"]
        assert "keep me in mind" == text[finding.start : finding.end]

    def test_full_width_and_zero_width_text_is_read(self):
        """Full-width letters and zero-width characters do not hide a phrase; spans stay exact."""
        text = "Could you ｈｉｒｅ me? Please r\u200bef\u200ber me for the role."
        found = [f for f in ii.check(text) if f.rule == "no-job-ask"]
        assert ["ｈｉｒｅ me", "r\u200bef\u200ber me for the role"] == [
            text[f.start : f.end] for f in found
        ]

    def test_accents_and_curly_quotes_are_folded(self):
        """Accented and typographic spellings read as their plain forms."""
        text = "Could you pass my Résumé along to HR? I’d love to be considered."
        assert 2 == _rules_found(text).count("no-job-ask")


# Dev examples written apart from the corpus, to watch how the patterns generalise.
DEV = [
    ("Would your firm be open to hiring an intern this summer?", {"no-job-ask"}),
    (
        "I'm applying for the associate role at your company and would value a referral.",
        {"no-job-ask"},
    ),
    ("If you know of any openings, I'd be grateful if you passed my name along.", {"no-job-ask"}),
    ("Please let me know if there's an opportunity to join your team.", {"no-job-ask"}),
    ("Would you consider taking me on as an apprentice?", {"no-job-ask"}),
    ("I've attached my CV in case any positions come up.", {"no-job-ask"}),
    ("What qualities do you look for when you hire junior developers?", set()),
    ("When you were job hunting, did referrals help you?", set()),
    ("My goal is to find a job in public health after graduation.", set()),
    ("Could you tell me how your company's hiring process works?", set()),
    ("Would it be easier for you to type your answers and send them back?", {"not-over-email"}),
    (
        "If a call is hard to schedule, I'm happy to do the whole interview by email.",
        {"not-over-email"},
    ),
    ("I can email you the questions and you can write back whenever.", {"not-over-email"}),
    ("Please email me a couple of times that suit you for a call.", set()),
    ("I'll send a Zoom link by email.", set()),
    ("I could drive over to your place on Saturday morning.", {"no-personal-residence"}),
    ("We could have coffee at my house if that's easier.", {"no-personal-residence"}),
    ("I live near your office, so meeting there is easy.", set()),
    ("Is your house far from the office?", set()),
    ("I'll be home after 5 if you'd like to call.", set()),
]


class TestDevExamples:
    @pytest.mark.parametrize(("text", "expected"), DEV, ids=[t[:40] for t, _ in DEV])
    def test_fixed_rules_on_dev_examples(self, text, expected):
        """The fixed rules fire exactly as labelled on examples written apart from the corpus."""
        assert expected == {r for r in _rules_found(text) if r in FIXED}


class TestCueClasses:
    def test_advocacy_without_a_hiring_word_passes(self):
        """The patterns let an ask to be mentioned pass when no place to be filled is near.

        (The trained model may still judge such a sentence a job ask: it is one
        in most of the labelled corpus.)
        """
        text = "Could you mention me to the principal?"
        found = ii.check(text, config=ii.Config(models=False))
        assert "no-job-ask" not in {f.rule for f in found}

    def test_advocacy_near_a_hiring_word_is_flagged(self):
        """The same ask beside a vacancy is an ask to be put forward."""
        text = "If there's a vacancy, could you mention me to the principal?"
        [finding] = [f for f in ii.check(text) if f.rule == "no-job-ask"]
        assert "mention me" == text[finding.start : finding.end]

    def test_hiring_word_must_share_the_sentence_for_the_widest_net(self):
        """Putting one's name in the hat counts only in a sentence that names the place."""
        assert "no-job-ask" not in _rules_found(
            "We hired a new intern last year. Would you put my name in the hat?"
        )
        assert "no-job-ask" in _rules_found(
            "Would you put my name in the hat for the trainee post?"
        )

    def test_visit_to_the_reader_needs_a_home_nearby(self):
        """ "I can come to you" is a home visit only when the reader's address is named."""
        assert "no-personal-residence" not in _rules_found("I can come to you on Saturday.")
        assert "no-personal-residence" in _rules_found(
            "Send me your address and I can come to you on Saturday."
        )


class TestOtherRules:
    def test_time_ask_over_thirty_minutes_is_a_warning(self):
        """Asking for an hour draws a warning on the duration."""
        text = "Would you have an hour to talk next week?"
        [finding] = [f for f in ii.check(text) if f.rule == "time-ask"]
        assert (ii.Severity.WARNING, "an hour") == (
            finding.severity,
            text[finding.start : finding.end],
        )

    def test_unbounded_time_ask_is_a_warning(self):
        """A request without a length is a warning: a stated short time gets more yeses."""
        [finding] = [f for f in ii.check("Could we chat sometime soon?") if f.rule == "time-ask"]
        assert ii.Severity.WARNING == finding.severity

    def test_outreach_over_its_word_budget_is_a_warning(self):
        """An outreach email over the preset's word budget is a warning, not a note."""
        text = "Dear Ms. Lee,\n\n" + "As a fellow alum I admire your work. " * 25 + "Talk?"
        [finding] = [f for f in ii.check(text) if f.rule == "outreach-word-count"]
        assert ii.Severity.WARNING == finding.severity

    def test_six_point_preset_lowers_the_word_limit(self):
        """The six-point preset flags an 80-word message that five-point accepts."""
        text = "As a fellow alum, " + "your work interests me a great deal. " * 11 + "Talk?"
        five = _rules_found(text)
        six = _rules_found(text, config=ii.Config(preset="six-point"))
        assert ("outreach-word-count" in five, "outreach-word-count" in six) == (False, True)

    def test_linkedin_premium_raises_the_note_limit(self):
        """A 250-character connection note is over the free limit, within Premium's."""
        text = "As a fellow alum, could we talk for 20 minutes? " + "x" * 202
        free = _rules_found(text, channel="linkedin-note")
        premium = _rules_found(
            text, channel="linkedin-note", config=ii.Config(linkedin_premium=True)
        )
        assert ("channel-limit" in free, "channel-limit" in premium) == (True, False)

    def test_channel_limit_marks_the_excess(self):
        """The channel-limit span starts at the first character past the limit."""
        text = "é" * 250
        found = ii.check(text, channel="linkedin-note")
        [finding] = [f for f in found if f.rule == "channel-limit"]
        assert (200, 250) == (finding.start, finding.end)

    def test_thank_you_rules_apply_only_to_thank_yous(self):
        """A note without thanks is flagged as a thank-you and not as outreach."""
        text = "Following up on our call on Tuesday about audit."
        assert ("thank-you-thanks" in _rules_found(text, "thank_you")) is True
        assert ("thank-you-thanks" in _rules_found(text, "outreach")) is False


class TestConfig:
    def test_select_runs_only_named_rules(self):
        """select limits the rules that run."""
        text = "Are you hiring? Could we meet at your house?"
        config = ii.Config(select={"no-personal-residence"})
        assert ["no-personal-residence"] == _rules_found(text, config=config)

    def test_ignore_skips_rules(self):
        """ignore removes a rule."""
        config = ii.Config(ignore="no-job-ask", select=FIXED)
        assert [] == _rules_found("Are you hiring?", config=config)

    def test_severity_override(self):
        """A severity override changes the findings' severity."""
        config = ii.Config(severities={"no-job-ask": "warning"}, select=FIXED)
        [finding] = ii.check("Are you hiring?", config=config)
        assert ii.Severity.WARNING == finding.severity

    def test_unknown_rule_is_refused(self):
        """Naming an unknown rule is a ValidationError naming the valid ones."""
        with pytest.raises(ii.ValidationError, match="no-job-ask"):
            ii.check("hi", config=ii.Config(select={"no-such-rule"}))

    def test_bad_values_are_refused(self):
        """Bad presets, severities and sizes are refused with the field's name."""
        with pytest.raises(ii.ValidationError, match=r"Config\.preset"):
            ii.Config(preset="ten-point")  # type: ignore[arg-type]
        with pytest.raises(ii.ValidationError, match="severities"):
            ii.Config(severities={"no-job-ask": "fatal"})
        with pytest.raises(ii.ValidationError, match="max_chars"):
            ii.Config(max_chars=0)

    def test_config_pickles_and_hashes(self):
        """A config survives pickling and can key a cache."""
        config = ii.Config(ignore={"time-ask"}, severities={"no-job-ask": "info"})
        assert config == pickle.loads(pickle.dumps(config))
        assert hash(config) == hash(pickle.loads(pickle.dumps(config)))

    def test_bad_kind_and_text(self):
        """An unknown kind or a non-string text is a ValidationError."""
        with pytest.raises(ii.ValidationError, match="kind"):
            ii.check("hi", "memo")
        with pytest.raises(ii.ValidationError, match="text"):
            ii.check(b"hi")  # type: ignore[arg-type]


class TestFinding:
    def test_to_dict_is_json_safe(self):
        """to_dict gives plain values, the severity as its string."""
        finding = ii.check("Are you hiring?", config=ii.Config(select=FIXED))[0]
        assert {
            "rule": "no-job-ask",
            "severity": "error",
            "message": finding.message,
            "start": 0,
            "end": 14,
            "suggestion": finding.suggestion,
            "field": None,
            "utf16_start": 0,
            "utf16_end": 14,
            "confidence": 1.0,
            "decided_by": "pattern",
        } == finding.to_dict()

    def test_utf16_offsets_count_emoji_as_two_units(self):
        """After an emoji, the UTF-16 span is shifted by one unit per astral character."""
        text = "🙂🎓 Are you hiring?"
        finding = ii.check(text, config=ii.Config(select=FIXED))[0]
        assert "Are you hiring" == text[finding.start : finding.end]
        units = text.encode("utf-16-le")
        assert "Are you hiring" == units[2 * finding.utf16_start : 2 * finding.utf16_end].decode(
            "utf-16-le"
        )

    def test_findings_are_frozen(self):
        """Findings cannot be changed."""
        finding = ii.Finding(rule="x", severity=ii.Severity.INFO, message="m")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            finding.rule = "y"  # type: ignore[misc]


def _meeting(**kwargs: object) -> ii.Meeting:
    start = dt.datetime(2027, 3, 10, 14, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    return ii.Meeting(**{"mode": "video", "start": start, **kwargs})  # type: ignore[arg-type]


class TestModelChecks:
    def test_email_meeting(self):
        """A meeting held by email is a not-over-email error on the mode."""
        assert [("not-over-email", "mode")] == [
            (f.rule, f.field) for f in ii.check_meeting(_meeting(mode="email"))
        ]

    def test_residence_meeting(self):
        """A meeting at a residence is a no-personal-residence error on the venue."""
        meeting = _meeting(mode="in-person", venue="residence")
        assert [("no-personal-residence", "venue")] == [
            (f.rule, f.field) for f in ii.check_meeting(meeting)
        ]

    def test_long_meeting(self):
        """A 45-minute meeting is a time-ask warning; 30 minutes is clean."""
        long = ii.check_meeting(_meeting(duration=dt.timedelta(minutes=45)))
        assert [("time-ask", ii.Severity.WARNING)] == [(f.rule, f.severity) for f in long]
        assert [] == ii.check_meeting(_meeting())

    def test_thank_you_timing_is_time_zone_aware(self):
        """A note 16 hours after the end, written in another zone, is on time; 30 hours is late."""
        meeting = _meeting()
        la = zoneinfo.ZoneInfo("America/Los_Angeles")
        on_time = ii.Outcome(thank_you_sent=dt.datetime(2027, 3, 11, 5, tzinfo=la))
        late = ii.Outcome(thank_you_sent=dt.datetime(2027, 3, 11, 19, tzinfo=la))
        assert [] == ii.check_thank_you(meeting, on_time)
        assert ["thank-you-timely"] == [f.rule for f in ii.check_thank_you(meeting, late)]

    def test_unsent_thank_you_judged_against_now(self):
        """An unsent note is late once now is more than 24 hours past the end."""
        now = dt.datetime(2027, 3, 13, tzinfo=dt.UTC)
        found = ii.check_thank_you(_meeting(), ii.Outcome(), now=now)
        assert ["thank-you-timely"] == [f.rule for f in found]
        assert [] == ii.check_thank_you(_meeting(), ii.Outcome())

    def test_thank_you_text_is_checked(self):
        """The note's text is checked as a thank-you."""
        found = ii.check_thank_you(_meeting(), ii.Outcome(), text="Great chat!")
        assert {"thank-you-thanks", "thank-you-reminder"} <= {f.rule for f in found}

    def test_letter_fields(self):
        """A letter's findings name the field and count within it."""

        @attrs.frozen
        class Letter:
            body: str
            subject: str
            kind: str = "outreach"
            channel: str = "email"

        letter = Letter(body="As a fellow alum, could we talk for 20 minutes?", subject="Hiring?")
        letter = Letter(body=letter.body, subject="Are you hiring?")
        found = ii.check_letter(letter)
        assert [("no-job-ask", "subject", 0, 14)] == [
            (f.rule, f.field, f.start, f.end) for f in found if f.rule in FIXED
        ]

    def test_questionnaire(self):
        """Questions are checked one by one, then as a list for the closing asks."""

        @attrs.frozen
        class Question:
            text: str
            category: str = "general"

        questions = [
            Question("What does your company do?"),
            Question("What does a typical week look like?"),
            Question("How do you see the field changing?"),
        ]
        found = ii.check_questionnaire(questions)
        assert [
            ("googleable-question", "questions[0]"),
            ("closing-asks", "questions"),
            ("closing-asks", "questions"),
        ] == [(f.rule, f.field) for f in found]


class _ShoutRule:
    """A custom rule for the tests: flags text written in capitals."""

    id = "no-shouting"
    summary = "Do not write in capitals."
    severity = ii.Severity.WARNING
    kinds = frozenset(ii.MessageKind)
    rationale = "Capitals read as shouting."
    source = "common courtesy"
    passes = (etiquette.Example(text="Hello there."),)
    fails = (etiquette.Example(text="HELLO THERE."),)

    def check(
        self, doc: etiquette.Document, context: etiquette.Context
    ) -> Iterable[etiquette.Hit]:
        letters = [c for c in doc.original if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            yield etiquette.Hit(message="The message is in capitals.")


class _EntryPoint:
    def __init__(self, name: str, loaded: object) -> None:
        self.name, self.value, self._loaded = name, "tests:rule", loaded

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


class TestPlugins:
    def _install(self, monkeypatch, *entries: _EntryPoint) -> None:
        def entry_points(*, group: str) -> list[_EntryPoint]:
            return list(entries) if group == "infointerview.rules" else []

        monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)

    def test_entry_point_rule_runs(self, monkeypatch):
        """A rule registered under infointerview.rules runs alongside the built-in ones."""
        self._install(monkeypatch, _EntryPoint("shout", _ShoutRule))
        checker = ii.Checker()
        assert ["no-shouting"] == [f.rule for f in checker.check("HELLO THERE.", "thank_you")][:1]

    def test_plugins_can_be_turned_off(self, monkeypatch):
        """plugins=False loads no entry points."""
        self._install(monkeypatch, _EntryPoint("shout", _ShoutRule))
        checker = ii.Checker(ii.Config(plugins=False))
        assert "no-shouting" not in {r.id for r in checker.rules}

    def test_broken_plugin_names_itself(self, monkeypatch):
        """A plug-in that fails to load is a RuleError naming the entry point."""
        self._install(monkeypatch, _EntryPoint("broken", ImportError("no module")))
        with pytest.raises(ii.RuleError, match="'broken'"):
            ii.Checker()

    def test_duplicate_id_is_refused(self, monkeypatch):
        """A plug-in reusing a built-in id is refused."""
        clash = _ShoutRule()
        clash.id = "no-job-ask"  # type: ignore[misc]
        self._install(monkeypatch, _EntryPoint("clash", clash))
        with pytest.raises(ii.RuleError, match="used twice"):
            ii.Checker()

    def test_non_rule_is_refused(self, monkeypatch):
        """An entry point that is not a rule is refused, listing what it lacks."""
        self._install(monkeypatch, _EntryPoint("odd", [object()]))
        with pytest.raises(ii.RuleError, match="lacks id"):
            ii.Checker()


class TestThreadSafety:
    def test_one_checker_many_threads(self):
        """One checker gives the same findings from many threads at once."""
        checker = ii.Checker()
        texts = [f"Could you refer me for role {i}? Or meet at your house?" for i in range(50)]
        expected = [checker.check(t) for t in texts]
        results: dict[int, list[list[ii.Finding]]] = {}

        def work(n: int) -> None:
            results[n] = [checker.check(t) for t in texts]

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(expected == found for found in results.values())


class TestNegationInsideAPhrase:
    @pytest.mark.parametrize(
        "text",
        [
            "I'm not asking to be hired or placed anywhere; I want to understand the path.",
            "To be clear, I am not hoping to be taken on by your team.",
            "I'm not looking to be hired, only to learn how you chose the field.",
        ],
    )
    def test_negation_inside_the_phrase_negates_it(self, text):
        """A "not" inside a matched ask negates it as one before it does."""
        assert "no-job-ask" not in {f.rule for f in ii.check(text)}

    def test_ask_after_a_negated_clause_still_fires(self):
        """Only the negated clause is let off: a later ask in another clause still counts."""
        text = "I'm not asking for much, but could you hire me for the summer?"
        assert "no-job-ask" in {f.rule for f in ii.check(text)}


class TestStructureMessages:
    def test_subject_line_is_not_the_opening(self):
        """A pasted "Subject:" line is skipped: the body's first sentence is its opening."""
        body = (
            "Dear Ms. Lindqvist,\n\nI found your profile on Northbay Connect and saw that we "
            "both studied at Northbay. Would you have 20 minutes for a call about audit?\n\n"
            "Best regards,\nMaya"
        )
        with_subject = "Subject: Quick question about audit careers\n\n" + body
        rules = {f.rule for f in ii.check(with_subject)}
        assert "outreach-connection-first" not in rules
        assert {f.rule for f in ii.check(body)} == rules

    def test_a_tie_is_not_called_more(self):
        """Equal counts say "as much as", and one word is a word."""
        text = "I hope you are well. Would you have time for me?"
        [finding] = [f for f in ii.check(text) if f.rule == "outreach-about-reader"]
        assert "as much about you" in finding.message
        one = [
            f
            for f in ii.check("I would like a call. Are you free?")
            if f.rule == "outreach-about-reader"
        ]
        assert all("1 second-person words" not in f.message for f in one)
