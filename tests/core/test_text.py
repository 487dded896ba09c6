"""Persian digit and letter normalisation."""

from hypothesis import given
from hypothesis import strategies as st

from revival_portal.core.text import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    ZWNJ,
    normalize_digits,
    normalize_persian,
    persian_digits,
    search_variants,
)

# Text made of the characters these helpers care about, plus ordinary letters and spaces.
persian_text = st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩یيىکكـ\u200c abcسلامعلی\t\n")


def test_normalize_digits_converts_persian_and_arabic_indic_digits():
    assert normalize_digits(PERSIAN_DIGITS) == "0123456789"
    assert normalize_digits(ARABIC_INDIC_DIGITS) == "0123456789"
    assert normalize_digits("کد ۰۴۹۹-٣٧٠ 899") == "کد 0499-370 899"


def test_normalize_digits_passes_non_strings_through():
    assert normalize_digits(None) is None
    assert normalize_digits(42) == 42


@given(persian_text)
def test_normalize_digits_is_idempotent_and_leaves_only_ascii_digits(s):
    once = normalize_digits(s)
    assert normalize_digits(once) == once
    assert len(once) == len(s)
    assert not set(once) & set(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)


def test_normalize_persian_maps_arabic_letters_to_persian():
    assert normalize_persian("علي") == "علی"
    assert normalize_persian("موسى") == "موسی"
    assert normalize_persian("كرمان") == "کرمان"
    assert normalize_persian("  ٢ معدن كوچك  ") == "2 معدن کوچک"


def test_normalize_persian_removes_tatweel_and_tidies_zwnj_and_spaces():
    assert normalize_persian("کـــرمان") == "کرمان"
    assert normalize_persian(f"می{ZWNJ}{ZWNJ}روم") == f"می{ZWNJ}روم"
    assert normalize_persian(f"معدن {ZWNJ}سرب") == "معدن سرب"
    assert normalize_persian(f"{ZWNJ}سرب{ZWNJ}") == "سرب"
    assert normalize_persian("سرب   و\t روی") == "سرب و روی"
    # A single ZWNJ inside a word is part of its spelling and stays.
    assert normalize_persian(f"خانه{ZWNJ}ها") == f"خانه{ZWNJ}ها"


def test_normalize_persian_is_none_safe():
    assert normalize_persian(None) is None
    assert normalize_persian(7) == 7


@given(persian_text)
def test_normalize_persian_is_idempotent(s):
    once = normalize_persian(s)
    assert normalize_persian(once) == once
    assert not set(once) & set("يىكـ")


def test_search_variants_covers_both_keyboards():
    expected = {"کرمانی", "كرمانی", "کرماني", "كرماني"}
    assert search_variants("کرمانی") == expected
    assert search_variants("كرماني") == expected
    assert search_variants(" كرمانى ") == expected


def test_search_variants_without_yeh_or_kaf_is_the_single_normalised_form():
    assert search_variants("  سرب ") == {"سرب"}
    assert search_variants("یزد") == {"یزد", "يزد"}


def test_search_variants_is_none_safe():
    assert search_variants(None) == set()
    assert search_variants(12) == set()


@given(persian_text)
def test_search_variants_all_normalise_to_the_same_spelling(s):
    variants = search_variants(s)
    assert normalize_persian(s) in variants
    assert {normalize_persian(v) for v in variants} == {normalize_persian(s)}


def test_persian_digits():
    assert persian_digits("1404/01/01") == "۱۴۰۴/۰۱/۰۱"
    assert persian_digits(1234) == "۱۲۳۴"
    assert persian_digits(None) == ""


@given(st.text())
def test_persian_digits_round_trips_through_normalize_digits(s):
    assert normalize_digits(persian_digits(s)) == normalize_digits(s)
