"""The README's generated parts match the code, so the docs cannot drift."""

from __future__ import annotations

import re

from generator.rules import markdown_table

from .helpers import ROOT

README = ROOT / "README.md"


def test_readme_opens_with_the_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make site", "make test"]


def test_readme_error_table_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", text, re.S)
    assert match is not None, "README lacks the rules markers"
    assert match.group(1) == markdown_table(), "run: make readme"
