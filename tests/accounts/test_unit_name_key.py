import pytest

from accounts.identity import unit_name_key

BASE = "重庆市某某（集团）有限公司"


@pytest.mark.parametrize(
    "look_alike",
    [
        "重庆市某某(集团)有限公司",  # ASCII brackets
        "重庆市某某[集团]有限公司",
        "重庆市某某【集团】有限公司",
        "重庆市某某〔集团〕有限公司",
        "重庆市某某［集团］有限公司",
        "重庆市某某\u200b（集团）有限公司",  # zero-width space
        "重庆市\u200d某某\u2060（集团）\ufeff有限公司\u200e",
        " 重庆市某某 （集团） 有限公司 ",
        "重庆市某某\u3000（集团）\u00a0有限公司",  # ideographic and no-break spaces
        "重庆市某某\t（集团）\n有限公司",
    ],
)
def test_look_alike_unit_names_share_a_key(look_alike):
    assert unit_name_key(look_alike) == unit_name_key(BASE) == "重庆市某某(集团)有限公司"


def test_the_key_ignores_case_and_width():
    assert unit_name_key("ＡＢＣ科技有限公司") == unit_name_key("abc科技有限公司")


def test_different_names_keep_different_keys():
    assert unit_name_key("重庆市某某（集团）有限公司") != unit_name_key("重庆市某某集团有限公司")
    assert unit_name_key("") == unit_name_key("\u200b ") == ""
