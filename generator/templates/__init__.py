"""The one place where Jinja environments are made.

``environment("html")`` autoescapes: it is for pages where spec text lands in
HTML (the Markdown files we generate are HTML blocks for spec text).
``environment("text")`` is for YAML and plain text; values are quoted with
the ``yaml_str`` filter there. Undefined names are errors in both.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jinja2
import markupsafe

CN_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (for the (一)(二) labels of the template)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return head + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def yaml_str(value: Any) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


# Characters JSON leaves unescaped that YAML reads as line breaks (U+0085,
# U+2028, U+2029) or refuses in a stream (the other C1 controls, DEL, U+FFFE,
# U+FFFF: PyYAML, which mkdocs reads front matter with, stops at them).
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def front_matter(value: Any) -> markupsafe.Markup:
    """Page front matter as one line of JSON (valid YAML), for Markdown pages.

    JSON is the escaping at this boundary, so the result is marked safe for the
    autoescaping environment: HTML escaping would corrupt the YAML."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return markupsafe.Markup(_NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def lines(value: str) -> list[str]:
    """The non-empty lines of a multi-line text field, for one <p> each."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def preformatted(value: str) -> markupsafe.Markup:
    """Escaped text for <pre> in a Markdown HTML block: newlines become
    character references, so no blank line can end the HTML block early."""
    return markupsafe.Markup(str(markupsafe.escape(value)).replace("\n", "&#10;"))


FILTERS = {"cn_number": cn_number, "yaml_str": yaml_str, "front_matter": front_matter, "lines": lines, "preformatted": preformatted}


@cache
def environment(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env
