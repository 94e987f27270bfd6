"""Tests that user text in Markdown renders as itself, checked with GitHub's own renderer."""

from __future__ import annotations

import html
import re

import attrs
import cmarkgfm  # the test extra installs it: GitHub's fork of cmark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples
from infointerview._models.markdown import escape_markdown

# A tag, with its href when it is a link.
TAG = re.compile(r"<(/?)([a-z0-9]+)(?: href=\"([^\"]*)\")?[^>]*>")
# Text that leans on every trigger: punctuation, schemes, www, addresses, numbers.
LINE = st.lists(
    st.one_of(
        st.sampled_from(list("\\`*_{}[]()<>#!|~&@+-=.:;,'\"?/$%^")),
        st.sampled_from(["www.", "http://", "https://", "mailto:", "xmpp:", "ftp://", "1.", "2)"]),
        st.sampled_from(["maya", "example", "org", "edu", "a@b.co", " ", "  "]),
        st.text("abcxyz019", min_size=1, max_size=4),
    ),
    max_size=30,
).map("".join)


def _render(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown)


def _links_and_text(rendered: str) -> tuple[set[str], list[tuple[str, str]], str]:
    tags, links = set(), []
    for match in TAG.finditer(rendered):
        tags.add(match[2])
        if match[2] == "a" and not match[1]:
            close = rendered.index("</a>", match.end())
            links.append(
                (html.unescape(match[3] or ""), html.unescape(rendered[match.end() : close]))
            )
    text = html.unescape(TAG.sub("", rendered))
    return tags, links, text


def _addresses_only(links: list[tuple[str, str]]) -> bool:
    """GFM links e-mail addresses after parsing, past any escape: allowed when href is the text."""
    return all(
        href in (f"mailto:{text}", f"xmpp:{text}", text) and "@" in text for href, text in links
    )


class TestEscape:
    @settings(max_examples=500, deadline=None)
    @given(line=LINE)
    def test_a_line_renders_as_itself(self, line):
        """Any one-line text renders, in GFM, as exactly its own characters in one paragraph."""
        line = " ".join(line.split())
        tags, links, text = _links_and_text(_render(escape_markdown(line)))
        assert tags <= {"p", "a"}
        assert _addresses_only(links)
        assert line == text.strip()

    @pytest.mark.parametrize(
        "typed",
        [
            "see www.example.org",
            "https://evil.example/x",
            "ftp://files.example",
            "~~gone~~",
            "~x~",
        ],
    )
    def test_no_link_or_strikethrough_from_typed_text(self, typed):
        """URLs, www addresses and tildes typed by a user make no link and no strikethrough."""
        tags, _, text = _links_and_text(_render(escape_markdown(typed)))
        assert ({"p"}, typed) == (tags, text.strip())

    @pytest.mark.parametrize("start", ["- ", "+ ", "* ", "1. ", "2) ", "# ", "> ", "=", "---"])
    def test_line_starts_make_no_block(self, start):
        """A line that would open a list, heading, quote or rule stays a paragraph."""
        typed = f"{start}item"
        tags, _, text = _links_and_text(_render(escape_markdown(typed)))
        assert ({"p"}, typed) == (tags, text.strip())


class TestOutputs:
    def test_letter_markdown_links_nothing_typed(self):
        """A school typed with a URL and tildes gives a letter whose Markdown links none of it."""
        requester = attrs.evolve(
            samples.requester(), school="Northbay ~~University~~ www.evil.example"
        )
        letter = ii.Renderer().outreach(requester, samples.contact(), channel=ii.Channel.EMAIL)
        tags, links, text = _links_and_text(_render(letter.markdown))
        assert "del" not in tags
        assert _addresses_only(links)
        assert "Northbay ~~University~~ www.evil.example" in text

    def test_questionnaire_markdown_links_nothing_typed(self):
        """A role typed as a URL stays text in the questionnaire's Markdown."""
        questionnaire = ii.QuestionnaireBuilder().build(
            samples.contact(), role="https://evil.example ~~x~~"
        )
        tags, links, _ = _links_and_text(_render(questionnaire.markdown))
        assert "del" not in tags
        assert [] == links
