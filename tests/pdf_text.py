"""Read a PDF as a person reads it: its text in logical order, through poppler's pdftotext."""

import re
import subprocess

# Direction marks pdftotext puts around right-to-left runs, and the zero-width non-joiner it drops anyway.
INVISIBLE = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(content: bytes) -> str:
    """The PDF's text with single spaces; fails unless ``content`` is a PDF."""
    assert content.startswith(b"%PDF-"), content[:80]
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(INVISIBLE.sub("", result.stdout.decode("utf-8")).split())


def assert_in_order(text: str, *parts: str) -> None:
    """Each of ``parts`` appears in ``text`` after the one before it. Spaces are ignored: pdftotext may drop
    or add one where a run of digits meets right-to-left text, though the page shows it right."""
    squeezed = "".join(text.split())
    position = 0
    for part in parts:
        wanted = "".join(INVISIBLE.sub("", part).split())
        found = squeezed.find(wanted, position)
        assert found >= 0, f"{part!r} not found in order in: {text}"
        position = found + len(wanted)
