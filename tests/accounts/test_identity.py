import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts import identity
from accounts.identity import IdType


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the example printed in GB 11643-1999
        "11010519491231002x",  # lower-case x is accepted and stored upper-case
        " 110105 19491231 002X ",  # spaces are stripped
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits from a Chinese input method
        "510001198210230019",
        "500103200002290013",  # 29 February of a leap year
    ],
)
def test_it_accepts_valid_resident_ids(number):
    assert identity.validate_resident_id(number) == identity.normalize_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_check"),  # wrong check digit
        ("11010519491231002", "id_format"),  # 17 characters
        ("1101051949123100211", "id_format"),  # 19 characters
        ("11010519491231002Y", "id_format"),  # only X may end it
        ("99010519491231002X", "id_region"),  # no province 99
        ("000105194912310021", "id_region"),
        ("110105194902300029", "id_birth"),  # 30 February
        ("110105190002290012", "id_birth"),  # 1900 was not a leap year
        ("110105203001010012", "id_birth"),  # born in the future
        ("110105194913310029", "id_birth"),  # month 13
    ],
)
def test_it_refuses_invalid_resident_ids(number, code):
    with pytest.raises(ValidationError) as error:
        identity.validate_resident_id(number, today=datetime.date(2026, 11, 27))
    assert error.value.code == code


def test_check_digit_table_matches_the_standard():
    # weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; sum mod 11 -> 1 0 X 9 8 7 6 5 4 3 2
    assert identity.ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert [identity.ID_CHECK_CHARS[i] for i in range(11)] == list("10X98765432")
    assert identity.id_check_char("11010519491231002") == "X"


def test_birth_date_and_sex_come_from_the_number():
    assert identity.birth_date_from_id("11010519491231002X") == datetime.date(1949, 12, 31)
    assert identity.sex_from_id("11010519491231002X") == "女"
    assert identity.sex_from_id("510001198210230019") == "男"


@pytest.mark.parametrize(
    ("id_type", "number", "ok"),
    [
        (IdType.HK_MACAO, "H12345678", True),
        (IdType.HK_MACAO, "m1234567801", True),
        (IdType.HK_MACAO, "A12345678", False),
        (IdType.HK_MACAO, "H1234567", False),
        (IdType.TAIWAN, "12345678", True),
        (IdType.TAIWAN, "1234567890", True),
        (IdType.TAIWAN, "1234567", False),
        (IdType.TAIWAN, "T1234567", False),
        (IdType.FOREIGN_PR, "USA123456789012", True),
        (IdType.FOREIGN_PR, "US1234567890123", False),
        (IdType.FOREIGN_PR, "9" + "1101051949123100"[:15] + "1" + "0", None),  # decided by its check digit
        (IdType.PASSPORT, "E12345678", True),
        (IdType.PASSPORT, "EA1234567", True),
        (IdType.PASSPORT, "ABCDEFGH", False),  # no digit
        (IdType.PASSPORT, "E1234", True),
        (IdType.PASSPORT, "E12", False),
        (IdType.PASSPORT, "E1234567890123456789", False),
    ],
)
def test_other_document_types_follow_their_formats(id_type, number, ok):
    if ok is None:
        first17 = number[:17]
        good = first17 + identity.id_check_char(first17)
        bad = first17 + ("0" if good[-1] != "0" else "1")
        assert identity.validate_id_number(id_type, good) == good
        with pytest.raises(ValidationError):
            identity.validate_id_number(id_type, bad)
        return
    if ok:
        assert identity.validate_id_number(id_type, number) == identity.normalize_number(number)
    else:
        with pytest.raises(ValidationError):
            identity.validate_id_number(id_type, number)


def test_an_unknown_document_type_is_refused():
    with pytest.raises(ValidationError):
        identity.validate_id_number("driving_licence", "12345678")


@pytest.mark.parametrize(
    "phone", ["13812345678", "19912345678", "+86 138 1234 5678", "138-1234-5678", "008613812345678"]
)
def test_it_accepts_mainland_mobiles(phone):
    expected = "19912345678" if phone.startswith("199") else "13812345678"
    assert identity.validate_phone(phone) == expected


@pytest.mark.parametrize("phone", ["12812345678", "10012345678", "1381234567", "138123456789", "23812345678", "abc"])
def test_it_refuses_other_phone_numbers(phone):
    with pytest.raises(ValidationError):
        identity.validate_phone(phone)


@pytest.mark.parametrize(
    ("username", "ok"),
    [("zhangsan", True), ("Zs_2026", True), ("abc", False), ("1abc", False), ("张三", False), ("a" * 21, False)],
)
def test_usernames(username, ok):
    if ok:
        assert identity.validate_username(username) == username
    else:
        with pytest.raises(ValidationError):
            identity.validate_username(username)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("91350100M000100Y43", True),
        ("91350100m000100y43", True),
        ("91350100M000100Y44", False),  # wrong check character
        ("91350100M000100Y4", False),
        ("91350100I000100Y43", False),  # I is not in the alphabet
    ],
)
def test_credit_codes(code, ok):
    if ok:
        assert identity.validate_credit_code(code) == code.upper()
    else:
        with pytest.raises(ValidationError):
            identity.validate_credit_code(code)


def test_masks_match_the_manual():
    assert identity.mask_phone("15012345655") == "150****5655"
    assert identity.mask_account("15012345655") == "15****55"
    assert identity.mask_name("张飞") == "**飞"
    assert identity.mask_name("诸葛飞") == "**飞"
    assert identity.mask_id_number("51000119821023001g") == "5*****g"
    assert identity.mask_id_number_long("510001198210230019") == "510***********0019"
