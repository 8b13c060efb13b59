"""Generated documents: every .docx uses one CJK font for all scripts, and every text any
document writer (python-docx, openpyxl, fpdf2) is given passes through `document_text`."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

# Debian's fonts-noto-cjk, installed with the project (`make system-deps`).
FONT = "Noto Sans CJK SC"

DOCUMENT_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
# surrogates (nor can UTF-8, which fpdf2 needs too); the noncharacters U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def document_text(value: object) -> str:
    """`value` as text every document writer can hold, whatever was stored (old ledger events
    too): vertical tab and form feed as newlines, whatever XML 1.0 cannot hold as U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    return NOT_IN_XML.sub(REPLACEMENT, text.translate(DOCUMENT_LINE_BREAKS))


def use_cjk_font(document: Any) -> None:
    """Every style in FONT, East Asian text included (w:eastAsia), headings in black."""
    targets = list(document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr"))
    for style in document.styles:
        if hasattr(style, "font"):
            style.font.name = FONT
            targets.append(style.element.get_or_add_rPr())
            if style.name.startswith(("Heading", "Title")):
                style.font.color.rgb = RGBColor(0, 0, 0)
    for rpr in targets:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
