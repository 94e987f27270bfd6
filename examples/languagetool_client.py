"""Point a LanguageTool client at ``infointerview serve`` and print its matches.

Start the service, then run this against it::

    infointerview serve --port 8080 &
    python examples/languagetool_client.py http://127.0.0.1:8080

It uses ``language_tool_python`` (``pip install language-tool-python``), the
Python client of LanguageTool's HTTP API, unchanged: given ``remote_server``,
it talks to our ``/v2`` exactly as to a LanguageTool server, and turns the
UTF-16 offsets back into Python string indices, so ``text[offset:offset +
length]`` is the phrase even after an emoji.
"""

from __future__ import annotations

import argparse

import language_tool_python

DRAFT = "Hi Ms. Ngata 👋 I loved your talk. Could you keep me in mind for any openings?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="the service's base URL, such as http://127.0.0.1:8080")
    parser.add_argument("text", nargs="?", default=DRAFT, help="the message to check")
    args = parser.parse_args()
    with language_tool_python.LanguageTool("en-US", remote_server=args.server) as tool:
        for match in tool.check(args.text):
            phrase = args.text[match.offset : match.offset + match.error_length]
            print(f"{match.rule_id} ({match.rule_issue_type}): {phrase!r}")
            print(f"    {match.message}")


if __name__ == "__main__":
    main()
