"""Word documents in Chinese: every generated .docx uses one CJK font for all scripts."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

# Debian's fonts-noto-cjk, installed with the project (`make system-deps`).
FONT = "Noto Sans CJK SC"


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
