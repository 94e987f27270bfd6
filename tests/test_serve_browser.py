"""The as-you-type page of ``infointerview serve --page``, in a real headless Chromium.

Playwright drives Debian's ``/usr/bin/chromium`` (``scripts/check`` installs
it), in a fresh profile, against a server on 127.0.0.1. The test types a job
ask key by key and reads back what the page highlighted: JavaScript slices in
UTF-16 code units, so an emoji before the ask is where a page that used the
code-point span would go wrong.
"""

from __future__ import annotations

import os
import pathlib

import pytest

import infointerview as ii
from infointerview._serve.settings import Settings
from tests.serving import LiveServer

CHROMIUM = pathlib.Path("/usr/bin/chromium")
#: Flags for a quiet headless Chromium that reaches only the test server.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Longest the page may take to show a highlight, in milliseconds.
WAIT_MS = 15_000

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("/usr/bin/chromium is missing: scripts/check installs it", pytrace=False)
    pytest.skip(
        "no /usr/bin/chromium: run bash scripts/check to install it", allow_module_level=True
    )

from playwright.sync_api import sync_playwright  # noqa: E402  (only with a browser)


@pytest.fixture(scope="module")
def server():
    with LiveServer(Settings(page=True)) as live:
        yield live


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser, server):
    tab = browser.new_page()
    tab.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{server.url}/")
    yield tab
    tab.close()
    assert [] == errors


def shown(page, text: str) -> None:
    """Wait until the preview shows the findings of *text*, not of a draft typed on the way."""
    page.wait_for_function(
        "text => document.getElementById('preview').textContent === text", arg=text
    )


def marked(page, text: str, rule: str) -> tuple[str, str]:
    """Wait for the findings of *text*; return the mark of *rule* and the preview before it."""
    shown(page, text)
    mark = page.locator(f'#preview mark[data-rule="{rule}"]')
    before = page.evaluate(
        """rule => {
            const mark = document.querySelector(`#preview mark[data-rule="${rule}"]`);
            const range = document.createRange();
            range.setStart(document.getElementById("preview"), 0);
            range.setEndBefore(mark);
            return range.toString();
        }""",
        rule,
    )
    return mark.inner_text(), before


class TestPage:
    @pytest.mark.parametrize(
        "text",
        [
            "Could you keep me in mind for any openings on your team?",
            "Hi 👋 Could you keep me in mind for any openings on your team?",
            "🎓 Dear Ms. Ngata 😊, could you keep me in mind for any openings on your team?",
        ],
        ids=["plain", "after-an-emoji", "after-two-emoji"],
    )
    def test_typed_job_ask_is_highlighted_in_place(self, page, text):
        """Typing a job ask marks exactly its phrase, after any emoji, with the rest as typed."""
        page.locator("#kind").select_option("question")
        page.locator("#text").press_sequentially(text)
        (finding,) = [f for f in ii.check(text, "question") if f.rule == "no-job-ask"]
        expected = (text[finding.start : finding.end], text[: finding.start])
        assert expected == marked(page, text, "no-job-ask")

    def test_lists_the_findings(self, page):
        """Each finding is listed under the preview, with its severity and rule."""
        page.locator("#text").fill("Could we meet at your house?")
        item = page.locator("#findings li.error", has_text="no-personal-residence")
        item.wait_for()
        assert item.inner_text().startswith("error no-personal-residence")

    def test_text_is_shown_not_run(self, page):
        """Markup typed into the message is shown as text, never run."""
        text = "<img src=x onerror=alert(1)> Are you hiring?"
        page.locator("#text").fill(text)
        shown(page, text)
        assert (0, True) == (
            page.locator("#preview img").count(),
            "<img src=x" in page.locator("#preview").inner_text(),
        )
