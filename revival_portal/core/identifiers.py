"""Iranian identifiers: normalisers, check-digit algorithms and Django validators.

Every validator normalises first (Persian/Arabic digits, spaces, dashes), so it accepts exactly what the
matching form and serializer fields accept; those fields store the canonical ASCII form.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import normalize_digits

# Spaces of every kind (NBSP, ZWNJ and friends) and the dashes people type between digit groups.
_SEPARATORS = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\-\u2010-\u2015\u2212_]+")
_MOBILE_PUNCTUATION = re.compile(r"[().]")

NATIONAL_ID_RE = re.compile(r"[0-9]{10}")
LEGAL_ENTITY_ID_RE = re.compile(r"[0-9]{11}")
SHEBA_RE = re.compile(r"IR[0-9]{24}")
MOBILE_RE = re.compile(r"09[0-9]{9}")
# Conservative form of the Iran Post rule: ten digits and no 0 or 2 among the first five (the area
# code). Stricter rules circulate (no 5 in the fifth place, no 2 in the last five) but are not documented
# by Iran Post, and refusing a real address is worse than accepting a typo here.
POSTAL_CODE_RE = re.compile(r"[13-9]{5}[0-9]{5}")

_DIGITS_10_RE = re.compile(r"[0-9]{10}")
_DIGITS_24_RE = re.compile(r"[0-9]{24}")
_LEGAL_ENTITY_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def normalize_identifier(value: Any) -> str:
    """Return ``value`` with ASCII digits, without spaces or dashes, upper-cased (``None`` gives ``''``)."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", normalize_digits(str(value))).upper()


def _all_same(digits: str) -> bool:
    return len(set(digits)) == 1


# --- National id (کد ملی) -------------------------------------------------------------------------


def national_id_check_digit(first_nine: str) -> int:
    """Return the check digit for the first nine digits of a national id."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    # Remainders 0 and 1 are the check digit itself; remainders 1 and 10 both give 1, so a change that
    # moves the sum between them is the one kind of single-digit typo this scheme cannot detect.
    return remainder if remainder < 2 else 11 - remainder


def is_valid_national_id(value: Any) -> bool:
    """Return whether ``value`` is a well-formed national id with a correct check digit."""
    code = normalize_identifier(value)
    return (
        bool(NATIONAL_ID_RE.fullmatch(code))
        # 1111111111 and friends satisfy the checksum but are placeholders, never issued.
        and not _all_same(code)
        and national_id_check_digit(code[:9]) == int(code[9])
    )


def validate_national_id(value: Any) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid 10-digit national id."""
    code = normalize_identifier(value)
    if not NATIONAL_ID_RE.fullmatch(code):
        raise ValidationError(_("A national ID has exactly 10 digits."), code="national_id_length")
    if not is_valid_national_id(code):
        raise ValidationError(
            _("This national ID is not valid; please check the digits."), code="national_id_checksum"
        )


# --- Legal-entity id (شناسه ملی اشخاص حقوقی) ---------------------------------------------------------


def legal_entity_id_check_digit(first_ten: str) -> int:
    """Return the check digit for the first ten digits of a legal-entity id."""
    # The tenth digit plus two is added to every digit before weighting (the published algorithm).
    offset = int(first_ten[9]) + 2
    remainder = sum((int(d) + offset) * w for d, w in zip(first_ten, _LEGAL_ENTITY_WEIGHTS, strict=True)) % 11
    # Remainders 0 and 10 both give 0, so a change between them is an undetectable single-digit typo.
    return 0 if remainder == 10 else remainder


def is_valid_legal_entity_id(value: Any) -> bool:
    """Return whether ``value`` is a well-formed legal-entity id with a correct check digit."""
    code = normalize_identifier(value)
    return (
        bool(LEGAL_ENTITY_ID_RE.fullmatch(code))
        # Digits 4-9 are the registration serial, which is never zero.
        and int(code[3:9]) != 0
        and legal_entity_id_check_digit(code[:10]) == int(code[10])
    )


def validate_legal_entity_id(value: Any) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid 11-digit legal-entity id."""
    code = normalize_identifier(value)
    if not LEGAL_ENTITY_ID_RE.fullmatch(code):
        raise ValidationError(_("A legal-entity ID has exactly 11 digits."), code="legal_entity_id_length")
    if not is_valid_legal_entity_id(code):
        raise ValidationError(
            _("This legal-entity ID is not valid; please check the digits."), code="legal_entity_id_checksum"
        )


# --- Sheba (IBAN) ---------------------------------------------------------------------------------


def normalize_sheba(value: Any) -> str:
    """Return ``value`` as ``IR`` + 24 digits when it looks like a Sheba; bare 24 digits get ``IR``."""
    code = normalize_identifier(value)
    # Banks print the number with and without the country code; both mean the same account.
    if _DIGITS_24_RE.fullmatch(code):
        return f"IR{code}"
    return code


def is_valid_sheba(value: Any) -> bool:
    """Return whether ``value`` is an Iranian IBAN (Sheba) whose ISO 13616 mod-97 check holds."""
    code = normalize_sheba(value)
    if not SHEBA_RE.fullmatch(code):
        return False
    # ISO 13616: move the country code and check digits to the end, letters become 10..35, mod 97 == 1.
    rearranged = code[4:] + code[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def validate_sheba(value: Any) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid Sheba (IR followed by 24 digits)."""
    code = normalize_sheba(value)
    if not SHEBA_RE.fullmatch(code):
        raise ValidationError(_("A Sheba number is IR followed by 24 digits."), code="sheba_format")
    if not is_valid_sheba(code):
        raise ValidationError(
            _("This Sheba number is not valid; please check the digits."), code="sheba_checksum"
        )


# --- Mobile ---------------------------------------------------------------------------------------


def normalize_mobile(value: Any) -> str:
    """Return ``value`` as ``09xxxxxxxxx`` when it is an Iranian mobile in +98/0098/98/9... form."""
    number = _MOBILE_PUNCTUATION.sub("", normalize_identifier(value))
    for prefix in ("+98", "0098"):
        if number.startswith(prefix):
            rest = number[len(prefix) :]
            # "+98 (0)912..." keeps the trunk zero that the international form drops.
            return rest if rest.startswith("09") and len(rest) == 11 else "0" + rest
    # Only strip a bare 98 when the rest is a full mobile, so that 0998... numbers stay untouched.
    if len(number) == 12 and number.startswith("989"):
        return "0" + number[2:]
    if len(number) == 10 and number.startswith("9"):
        return "0" + number
    return number


def validate_mobile(value: Any) -> None:
    """Raise ``ValidationError`` unless ``value`` normalises to an Iranian mobile number 09xxxxxxxxx."""
    if not MOBILE_RE.fullmatch(normalize_mobile(value)):
        raise ValidationError(
            _("Enter a mobile number in the form 09xxxxxxxxx (11 digits)."), code="mobile_format"
        )


# --- Postal code ----------------------------------------------------------------------------------


def normalize_postal_code(value: Any) -> str:
    """Return ``value`` as ten ASCII digits without the dash people put after the fifth digit."""
    return normalize_identifier(value)


def validate_postal_code(value: Any) -> None:
    """Raise ``ValidationError`` unless ``value`` is a 10-digit Iranian postal code."""
    code = normalize_postal_code(value)
    if not _DIGITS_10_RE.fullmatch(code):
        raise ValidationError(_("A postal code has exactly 10 digits."), code="postal_code_length")
    if not POSTAL_CODE_RE.fullmatch(code) or _all_same(code):
        raise ValidationError(
            _("This postal code is not valid; please check the digits."), code="postal_code_invalid"
        )
