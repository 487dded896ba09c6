"""Persian text helpers: digit conversion, Arabic/Persian letter normalisation and search spellings."""

from __future__ import annotations

import itertools
import re
from typing import Any, overload

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

PERSIAN_YEH = "ی"  # U+06CC
PERSIAN_KEHEH = "ک"  # U+06A9
ARABIC_YEH = "ي"  # U+064A
ARABIC_ALEF_MAKSURA = "ى"  # U+0649, typed for a final yeh by some Arabic keyboard layouts
ARABIC_KAF = "ك"  # U+0643
TATWEEL = "ـ"  # U+0640
ZWNJ = "\u200c"

_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)
_ARABIC_TO_PERSIAN_LETTERS = str.maketrans(
    {
        ARABIC_YEH: PERSIAN_YEH,
        ARABIC_ALEF_MAKSURA: PERSIAN_YEH,
        ARABIC_KAF: PERSIAN_KEHEH,
        # Tatweel only stretches a word on screen; it is never part of the spelling.
        TATWEEL: None,
        # Zero-width space and BOM are invisible and only break equality and search.
        "\u200b": None,
        "\ufeff": None,
    }
)
# A ZWNJ only means something between two letters: runs collapse to one, and one next to a space is noise.
_ZWNJ_RUNS = re.compile(f"{ZWNJ}{{2,}}")
_ZWNJ_AT_SPACE = re.compile(rf"\s*{ZWNJ}\s+|\s+{ZWNJ}\s*")
_WHITESPACE_RUNS = re.compile(r"\s+")


@overload
def normalize_digits(s: str) -> str: ...
@overload
def normalize_digits(s: Any) -> Any: ...
def normalize_digits(s: Any) -> Any:
    """Return ``s`` with Persian and Arabic-Indic digits made ASCII; non-strings pass through."""
    if not isinstance(s, str):
        return s
    return s.translate(_TO_ASCII_DIGITS)


@overload
def normalize_persian(s: str) -> str: ...
@overload
def normalize_persian(s: Any) -> Any: ...
def normalize_persian(s: Any) -> Any:
    """Return ``s`` in the canonical Persian spelling (ASCII digits, ی and ک, no tatweel, tidy spaces)."""
    if not isinstance(s, str):
        return s
    s = normalize_digits(s).translate(_ARABIC_TO_PERSIAN_LETTERS)
    s = _ZWNJ_RUNS.sub(ZWNJ, s)
    s = _ZWNJ_AT_SPACE.sub(" ", s)
    s = _WHITESPACE_RUNS.sub(" ", s)
    return s.strip().strip(ZWNJ)


def search_variants(s: Any) -> set[str]:
    """Return every ی/ي and ک/ك spelling of ``s`` so a lookup matches rows stored with either keyboard."""
    if not isinstance(s, str):
        return set()
    base = normalize_persian(s)
    # Old data may mix layouts (an Arabic yeh with a Persian keheh is common), so take every combination.
    yeh_forms = (PERSIAN_YEH, ARABIC_YEH) if PERSIAN_YEH in base else (PERSIAN_YEH,)
    kaf_forms = (PERSIAN_KEHEH, ARABIC_KAF) if PERSIAN_KEHEH in base else (PERSIAN_KEHEH,)
    return {
        base.replace(PERSIAN_YEH, yeh).replace(PERSIAN_KEHEH, kaf)
        for yeh, kaf in itertools.product(yeh_forms, kaf_forms)
    }


def persian_digits(s: Any) -> str:
    """Return ``s`` as text with ASCII digits shown as Persian digits (``None`` becomes ``''``)."""
    if s is None:
        return ""
    return str(s).translate(_TO_PERSIAN_DIGITS)


def normalize_number(s: Any) -> Any:
    """Return a typed number in ASCII: Persian/Arabic digits, the Persian decimal sign ``٫`` as ``.``, and
    no thousands separators (``,`` ``٬``, spaces, ZWNJ); non-strings pass through."""
    if not isinstance(s, str):
        return s
    s = normalize_digits(s).strip()
    for separator in (",", "٬", " ", "\u200c", "\u00a0"):
        s = s.replace(separator, "")
    return s.replace("٫", ".")
