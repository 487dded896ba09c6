"""Iranian identifiers: public examples, every single-digit typo, normalisation and error codes."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from revival_portal.core.identifiers import (
    is_valid_legal_entity_id,
    is_valid_national_id,
    is_valid_sheba,
    legal_entity_id_check_digit,
    national_id_check_digit,
    normalize_identifier,
    normalize_mobile,
    normalize_sheba,
    validate_legal_entity_id,
    validate_mobile,
    validate_national_id,
    validate_postal_code,
    validate_sheba,
)
from revival_portal.core.text import persian_digits

NATIONAL_ID = "0499370899"
LEGAL_ENTITY_ID = "10380284790"
SHEBA = "IR820540102680020817909002"

# The legal-entity check digit maps remainders 0 and 10 both to 0, so for this id (check digit 0) one
# substitution in each of these body positions lands on the other remainder and cannot be detected. Any
# mod-11 scheme folded onto ten digits has such a blind spot; every other change is refused below.
LEGAL_ENTITY_UNDETECTABLE = {
    "40380284790",
    "12380284790",
    "10280284790",
    "10310284790",
    "10389284790",
    "10380584790",
    "10380283790",
    "10380284090",
    "10380284700",
}

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=1)


def single_digit_changes(value, *, start=0):
    """Yield ``(position, changed value)`` for every other digit at every position from ``start``."""
    for position in range(start, len(value)):
        for digit in "0123456789":
            if digit != value[position]:
                yield position, value[:position] + digit + value[position + 1 :]


def raises_code(validator, value):
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value.code


# --- normalisation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        (" 049-937 0899\u200c", "0499370899"),
        ("ir82 0540 1026 8002 0817 9090 02", SHEBA),
        (None, ""),
        (1234, "1234"),
    ],
)
def test_normalize_identifier(raw, expected):
    assert normalize_identifier(raw) == expected


# --- national id --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [NATIONAL_ID, "۰۴۹۹۳۷۰۸۹۹", "٠٤٩٩٣٧٠٨٩٩", "049-937-0899", " 0499370899 "])
def test_national_id_accepts_the_public_example_in_any_digits(value):
    validate_national_id(value)
    assert is_valid_national_id(value)


def test_national_id_refuses_every_single_digit_change():
    # Weights 10..2 are invertible mod 11, so every substitution moves the remainder; only a move between
    # remainders 1 and 10 (both check digit 1) would slip through, and this example has none.
    for position, changed in single_digit_changes(NATIONAL_ID):
        assert not is_valid_national_id(changed), (position, changed)
        assert raises_code(validate_national_id, changed) == "national_id_checksum"


def test_national_id_blind_spot_is_the_documented_one():
    # Remainders 10 and 1 both give check digit 1, so these two valid ids differ in one body digit. Such a
    # pair exists only for ids whose check digit is 1; the public example above is not affected.
    assert is_valid_national_id("1000000001")  # remainder 10
    assert is_valid_national_id("1000000011")  # remainder 1
    assert national_id_check_digit("100000000") == national_id_check_digit("100000001") == 1


@pytest.mark.parametrize("digit", "0123456789")
def test_national_id_refuses_all_same_digits(digit):
    assert raises_code(validate_national_id, digit * 10) == "national_id_checksum"


@pytest.mark.parametrize("value", ["", "123", "04993708999", "04993708a9", None])
def test_national_id_refuses_wrong_length_or_letters(value):
    assert raises_code(validate_national_id, value) == "national_id_length"


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_generated_national_ids_validate_in_persian_digits(body):
    first_nine = "".join(map(str, body))
    national_id = first_nine + str(national_id_check_digit(first_nine))
    assume(len(set(national_id)) > 1)
    validate_national_id(national_id)
    validate_national_id(persian_digits(national_id))
    assert normalize_identifier(persian_digits(national_id)) == national_id


# --- legal-entity id ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [LEGAL_ENTITY_ID, "۱۰۳۸۰۲۸۴۷۹۰", "103-8028-4790"])
def test_legal_entity_id_accepts_the_public_example(value):
    validate_legal_entity_id(value)


def test_legal_entity_id_refuses_every_detectable_single_digit_change():
    accepted = set()
    for position, changed in single_digit_changes(LEGAL_ENTITY_ID):
        if is_valid_legal_entity_id(changed):
            accepted.add(changed)
        else:
            assert raises_code(validate_legal_entity_id, changed) == "legal_entity_id_checksum", position
    assert accepted == LEGAL_ENTITY_UNDETECTABLE


def test_legal_entity_id_refuses_every_change_of_the_check_digit_and_a_middle_digit():
    for digit in "123456789":
        assert not is_valid_legal_entity_id(LEGAL_ENTITY_ID[:10] + digit)
    for digit in "01346789":  # position 5; "5" is the one undetectable substitution there
        assert not is_valid_legal_entity_id(LEGAL_ENTITY_ID[:5] + digit + LEGAL_ENTITY_ID[6:])


def test_legal_entity_id_refuses_a_zero_serial():
    body = "1030000009"
    value = body + str(legal_entity_id_check_digit(body))
    assert raises_code(validate_legal_entity_id, value) == "legal_entity_id_checksum"


@pytest.mark.parametrize("value", ["", "1038028479", "103802847900", "1038028479O"])
def test_legal_entity_id_refuses_wrong_length(value):
    assert raises_code(validate_legal_entity_id, value) == "legal_entity_id_length"


@given(st.lists(st.integers(0, 9), min_size=10, max_size=10))
def test_generated_legal_entity_ids_validate(body):
    first_ten = "".join(map(str, body))
    assume(int(first_ten[3:9]) != 0)
    value = first_ten + str(legal_entity_id_check_digit(first_ten))
    validate_legal_entity_id(persian_digits(value))


# --- Sheba ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [SHEBA, SHEBA.lower(), "IR82 0540 1026 8002 0817 9090 02", "IR۸۲۰۵۴۰۱۰۲۶۸۰۰۲۰۸۱۷۹۰۹۰۰۲", SHEBA[2:]],
)
def test_sheba_accepts_the_public_example(value):
    validate_sheba(value)
    assert normalize_sheba(value) == SHEBA


def test_sheba_refuses_every_single_digit_change():
    # 97 is prime and larger than any digit difference, so mod 97 catches every substitution.
    for position, changed in single_digit_changes(SHEBA, start=2):
        assert not is_valid_sheba(changed), (position, changed)
        assert raises_code(validate_sheba, changed) == "sheba_checksum"


@pytest.mark.parametrize(
    "value", ["", "IR82054010268002081790900", "DE820540102680020817909002", "IRX2" + "0" * 22]
)
def test_sheba_refuses_a_wrong_shape(value):
    assert raises_code(validate_sheba, value) == "sheba_format"


# --- mobile ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567",
        "+989121234567",
        "+98 912 123 4567",
        "+98 (0)912 123 4567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "0912-123-4567",
    ],
)
def test_mobile_normalises_to_09(raw):
    assert normalize_mobile(raw) == "09121234567"
    validate_mobile(raw)


@pytest.mark.parametrize(
    "raw", ["", "0212345678", "091212345678", "+1 555 123 4567", "08121234567", "abc", None]
)
def test_mobile_refuses_non_mobiles(raw):
    assert raises_code(validate_mobile, raw) == "mobile_format"


# --- postal code ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1193653471", "11936-53471", "۱۱۹۳۶۵۳۴۷۱", "9177948974"])
def test_postal_code_accepts_real_shapes(value):
    validate_postal_code(value)


@pytest.mark.parametrize("value", ["0193653471", "2193653471", "1103653471", "1193253471", "1111111111"])
def test_postal_code_refuses_impossible_area_codes(value):
    assert raises_code(validate_postal_code, value) == "postal_code_invalid"


@pytest.mark.parametrize("value", ["", "119365347", "11936534711", "11936S3471"])
def test_postal_code_refuses_wrong_length(value):
    assert raises_code(validate_postal_code, value) == "postal_code_length"


def test_messages_are_translated_into_the_active_language():
    from django.utils import translation

    for language, expected in (("en", "national ID"), ("fa", "کد ملی")):
        with translation.override(language):
            with pytest.raises(ValidationError) as excinfo:
                validate_national_id("0499370898")
            assert expected in str(excinfo.value.messages[0])
