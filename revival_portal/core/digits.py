"""Persian digits on Persian pages, applied once to the finished HTML.

Templates, forms and messages write numbers in ASCII (or already in Persian through the ``rials`` and
``localdate`` filters); this pass turns every ASCII digit a reader sees into a Persian one, and the decimal
point between digits into the Persian decimal separator ``٫``. What a reader sees is the text between tags,
the ``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes, and the value of a number or date box.

Left as they are:

- identifiers people copy (Sheba, bank references, licence and national ids): any element marked with the
  class ``identifier`` (with ``dir="ltr"``), its content, and an ``<input class="identifier">``'s value;
- ``<script>``, ``<style>`` and ``<textarea>`` content, URLs and every other attribute (a form posts the
  same ASCII values it received; boxes that show Persian digits accept them back, see ``core.fields``).
"""

from __future__ import annotations

import re

from .text import persian_digits

IDENTIFIER_CLASS = "identifier"
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Boxes whose value is a number or a date typed by a person; their fields read Persian digits back.
NUMBER_INPUT_MODES = frozenset({"numeric", "decimal"})
TEXT_INPUT_TYPES = frozenset({"text", "search"})

# The document splits into text and tags (comments, doctypes and CDATA count as tags); re.split keeps
# the one group, so the tags are at the odd places.
_TOKEN = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!\w[^>]*>|</?[a-zA-Z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.S
)
_TAG_PARTS = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(.*)>\Z", re.S)
_RAW_TEXT_PREFIXES = tuple(RAW_TEXT_ELEMENTS)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
# Filters such as ``digits`` may have written Persian digits already; their separators are made Persian too.
_DECIMAL_POINT = re.compile(r"(?<=[0-9۰-۹])\.(?=[0-9۰-۹])")
_THOUSANDS_COMMA = re.compile(r"(?<=[0-9۰-۹]),(?=[0-9۰-۹]{3}(?![0-9۰-۹]))")
_NUMBER_TEXT = re.compile(r"[0-9]|[۰-۹][.,][۰-۹]")
_CHARACTER_REFERENCE = re.compile(r"(&#?[0-9a-zA-Z]+;)")


def localize_number_text(text: str) -> str:
    """Persian digits, ``٫`` for a decimal point and ``٬`` for a thousands comma between digits."""
    if not _NUMBER_TEXT.search(text):
        return text
    text = _THOUSANDS_COMMA.sub("٬", _DECIMAL_POINT.sub("٫", text))
    return persian_digits(text)


def _localize_html_text(text: str) -> str:
    """``localize_number_text`` for escaped HTML: character references such as ``&#x27;`` stay intact."""
    if not _NUMBER_TEXT.search(text):
        return text
    pieces = _CHARACTER_REFERENCE.split(text)
    # re.split with a group puts the references at the odd positions.
    return "".join(piece if index % 2 else localize_number_text(piece) for index, piece in enumerate(pieces))


def _attributes(source: str) -> dict[str, str]:
    return {
        match.group(1).lower(): (match.group(2) or "").strip("\"'") for match in _ATTRIBUTE.finditer(source)
    }


def _is_identifier(attributes: dict[str, str]) -> bool:
    return IDENTIFIER_CLASS in attributes.get("class", "").split()


def _localize_attribute(source: str, name: str) -> str:
    pattern = re.compile(rf'(\s{re.escape(name)}=")([^"]*)(")', re.I)
    return pattern.sub(lambda m: m.group(1) + _localize_html_text(m.group(2)) + m.group(3), source)


def _localize_tag(name: str, source: str, attributes: dict[str, str]) -> str:
    for attribute in VISIBLE_ATTRIBUTES:
        if attribute in attributes:
            source = _localize_attribute(source, attribute)
    if (
        name == "input"
        and attributes.get("type", "text").lower() in TEXT_INPUT_TYPES
        and attributes.get("inputmode") in NUMBER_INPUT_MODES
        and not _is_identifier(attributes)
    ):
        source = _localize_attribute(source, "value")
    return source


def _may_change(name: str, attribute_source: str) -> bool:
    """Whether an opening tag can have digits a reader sees: only then are its attributes parsed (most
    tags have none, or digits only in URLs and ids)."""
    if not _NUMBER_TEXT.search(attribute_source):
        return False
    if name == "input":
        return True
    lowered = attribute_source.lower()
    return any(attribute in lowered for attribute in VISIBLE_ATTRIBUTES)


def persian_digits_in_html(html: str) -> str:
    """Return ``html`` with the digits a reader sees made Persian (see the module docstring).

    Most tags of a page can change nothing (no digit, or digits only in a URL or an id) and start no
    element to leave alone: they are recognised by plain string tests and only the others are parsed.
    """
    pieces = _TOKEN.split(html)  # text, tag, text, tag, ..., text
    skipping: str | None = None  # the element whose content stays as it is
    depth = 0
    for index in range(1, len(pieces), 2):
        tag = pieces[index]
        if not skipping:
            text = pieces[index - 1]
            if _NUMBER_TEXT.search(text):
                pieces[index - 1] = _localize_html_text(text)
            if tag[1] in "/!" or not (
                IDENTIFIER_CLASS in tag
                or tag[1:9].lower().startswith(_RAW_TEXT_PREFIXES)
                or _NUMBER_TEXT.search(tag)
            ):
                continue  # a closing tag, a comment, a doctype, or a tag that changes nothing
        elif tag[1] == "!":
            continue
        closing, name, attribute_source = _TAG_PARTS.match(tag).groups()
        name = name.lower()
        self_closing = name in VOID_ELEMENTS or tag.endswith("/>")
        if skipping:
            if name == skipping and not self_closing:
                depth += -1 if closing else 1
                if depth == 0:
                    skipping = None
            continue
        if closing:
            continue
        # The attributes are parsed only for a tag that may change or may be an identifier.
        attributes = (
            _attributes(attribute_source)
            if IDENTIFIER_CLASS in attribute_source or _may_change(name, attribute_source)
            else {}
        )
        if attributes:
            pieces[index] = _localize_tag(name, tag, attributes)
        if not self_closing and (name in RAW_TEXT_ELEMENTS or _is_identifier(attributes)):
            skipping, depth = name, 1
    if not skipping:
        pieces[-1] = _localize_html_text(pieces[-1])
    return "".join(pieces)
