"""The one boundary where text enters WordprocessingML.

Every string from a spec passes through ``escape`` or ``text_xml``: characters
XML 1.0 cannot hold are removed and the rest escaped, so no ``str`` can make an
invalid file (the validator refuses control characters before they get here;
this is the second line of defence).
"""

from __future__ import annotations

import re

# XML 1.0 (2.2 Characters) forbids C0 controls other than tab, newline and CR,
# lone surrogates and U+FFFE/U+FFFF; C1 controls are legal but never meant.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def clean(text: str) -> str:
    """``text`` without characters XML cannot hold, line ends made \\n."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape(text: str) -> str:
    """``text`` cleaned and escaped for an XML attribute value or element."""
    return clean(text).translate(_ESCAPES)


def text_xml(text: str) -> str:
    """Run content: w:t pieces, w:br at line breaks, w:tab at tabs."""
    text = escape(text)
    if "\n" not in text and "\t" not in text:
        return f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return "".join(out)
