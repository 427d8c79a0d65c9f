"""Identity rules: ID numbers, mobile numbers, account names and credit codes.

Every check that decides whether a personal or organisational number is well formed lives
here, so forms, the real-name verifier and the admin all agree.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    PASSPORT = "passport", _("护照")


# Label of the number field for each document type ("身份证号码" for the default).
ID_NUMBER_LABELS = {
    IdType.RESIDENT: _("身份证号码"),
    IdType.HK_MACAO: _("通行证号码"),
    IdType.TAIWAN: _("通行证号码"),
    IdType.FOREIGN_PR: _("永久居留身份证号码"),
    IdType.PASSPORT: _("护照号码"),
}

# GB/T 2260 province-level codes: the first two digits of a resident ID number.
# 71/81/82/83 are used by residence permits of Taiwan, Hong Kong and Macao residents.
PROVINCE_CODES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门", "83": "台湾",
}  # fmt: skip

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,19}$")
OTHER_ID_PATTERNS = {
    # 回乡证: H (Hong Kong) or M (Macao), 8 digits, and 2 more on cards issued before 2013.
    IdType.HK_MACAO: (re.compile(r"^[HM]\d{8}(\d{2})?$"), _("通行证号码应为H或M开头加8位或10位数字")),
    # 台胞证: 8 digits since 2015, 10 on older cards.
    IdType.TAIWAN: (re.compile(r"^\d{8}(\d{2})?$"), _("通行证号码应为8位或10位数字")),
    # 2017 card: 3-letter country code + 12 digits; 2023 card: 18 digits starting with 9.
    IdType.FOREIGN_PR: (
        re.compile(r"^([A-Z]{3}\d{12}|9\d{16}[\dX])$"),
        _("永久居留身份证号码应为3位字母加12位数字，或以9开头的18位号码"),
    ),
    IdType.PASSPORT: (re.compile(r"^(?=.*\d)[A-Z0-9]{5,17}$"), _("护照号码应为5至17位字母或数字")),
}


def normalize_number(value: str) -> str:
    """Full-width to half-width, no spaces or dashes, upper case: the form numbers are stored in."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-]", "", value).upper()


def normalize_phone(value: str) -> str:
    value = normalize_number(value)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def birth_date_from_id(number: str) -> datetime.date | None:
    """The date of birth in an 18-digit resident ID number, or None if it is not a real date."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def sex_from_id(number: str) -> str:
    """'男' or '女' from the 17th digit of a resident ID number (odd is male)."""
    return "男" if int(number[16]) % 2 else "女"


def validate_resident_id(value: str, *, today: datetime.date | None = None) -> str:
    """Check an 18-digit resident ID number (GB 11643-1999) and return it normalised."""
    number = normalize_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号码应为18位，最后一位可以是数字或X"), code="id_format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号码的地区码不正确"), code="id_region")
    born = birth_date_from_id(number)
    today = today or datetime.date.today()
    if born is None or born > today or born.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期不正确"), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新输入"), code="id_check")
    return number


def validate_id_number(id_type: str, value: str) -> str:
    """Check a document number of the given type and return it normalised."""
    if id_type == IdType.RESIDENT:
        return validate_resident_id(value)
    number = normalize_number(value)
    try:
        pattern, message = OTHER_ID_PATTERNS[IdType(id_type)]
    except (KeyError, ValueError):
        raise ValidationError(_("请选择证件类型"), code="id_type") from None
    if not pattern.fullmatch(number):
        raise ValidationError(message, code="id_format")
    if id_type == IdType.FOREIGN_PR and len(number) == 18 and id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("永久居留身份证号码校验位不正确"), code="id_check")
    return number


def validate_phone(value: str) -> str:
    """Check a mainland mobile number (1[3-9] and 9 more digits) and return it normalised."""
    phone = normalize_phone(value)
    if not PHONE_RE.fullmatch(phone):
        raise ValidationError(_("请输入正确的11位手机号码"), code="phone")
    return phone


def validate_username(value: str) -> str:
    username = unicodedata.normalize("NFKC", value or "").strip()
    if not USERNAME_RE.fullmatch(username):
        raise ValidationError(_("用户账号须以字母开头，由4至20位字母、数字或下划线组成"), code="username")
    return username


def validate_credit_code(value: str) -> str:
    """Check an 18-character unified social credit code (GB 32100-2015) and return it normalised."""
    code = normalize_number(value)
    if len(code) != 18 or any(char not in CREDIT_CODE_CHARS for char in code):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）"), code="credit_format")
    total = sum(
        CREDIT_CODE_CHARS.index(char) * weight for char, weight in zip(code[:17], CREDIT_CODE_WEIGHTS, strict=True)
    )
    if CREDIT_CODE_CHARS[(31 - total % 31) % 31] != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="credit_check")
    return code


# Masking, in the forms the platform shows them (150****5655, **飞, 5*****g).


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


def mask_account(identifier: str) -> str:
    if len(identifier) <= 4:
        return identifier[:1] + "***"
    return f"{identifier[:2]}****{identifier[-2:]}"


def mask_name(name: str) -> str:
    """Only the last character shows, behind a fixed ** so the length is not told either."""
    return f"**{name[-1:]}" if name else ""


def mask_id_number(number: str) -> str:
    return f"{number[:1]}*****{number[-1:]}" if number else ""


def mask_id_number_long(number: str) -> str:
    """The longer mask used in lists: the first 3 and last 4 characters stay."""
    return f"{number[:3]}{'*' * max(len(number) - 7, 4)}{number[-4:]}" if len(number) > 7 else "****"


# Unit names: two names that look the same in a list are the same unit.

# Characters a list shows as nothing (zero-width spaces and joiners, direction marks, word joiner, BOM);
# most are category Cf, which is removed as a whole, but they are named here so the rule reads in one place.
INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
BRACKETS = str.maketrans("（）【】〔〕［］[]", "()()()()()")


def unit_name_key(name: str) -> str:
    """The form in which unit names are compared: NFKC, no invisible characters or spaces, one kind of
    bracket, case-folded. 重庆某某（集团）有限公司 and 重庆某某 (集团)有限公司 have the same key."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(
        char
        for char in text
        if char not in INVISIBLE_CHARS and not char.isspace() and unicodedata.category(char) not in INVISIBLE_CATEGORIES
    )
    return text.translate(BRACKETS).casefold()
