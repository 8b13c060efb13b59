"""Address and firm-name normalisation, measured on a table of real-looking pairs."""

from __future__ import annotations

import pytest

from duban.complaints.address import chinese_number, firm_key, normalize_address
from duban.core.models import Region

# (one way a team writes it, another way, the same place?)
ADDRESS_PAIRS = [
    ("湖南省株洲市渌口区南洲镇工业园8号", "株洲市渌口区南洲镇工业园8号", True),
    ("株洲渌口南洲镇工业园8号", "渌口区南洲镇工业园八号", True),
    ("湖南株洲市渌口区 南洲镇 工业园８号", "南洲镇工业园8号", True),
    ("株洲市荷塘区金山路１２号", "荷塘区金山路十二号", True),
    ("株洲市天元区泰山路一百零三号", "天元区泰山路103号", True),
    ("株洲市芦淞区董家塅街道3栋", "芦淞区董家塅街道三栋", True),
    ("株洲市石峰区清水塘（老工业区）5幢", "石峰区清水塘老工业区五幢", True),
    ("湖南省醴陵市浦口镇陶瓷工业园", "醴陵浦口镇陶瓷工业园", True),
    ("湖南省攸县网岭镇罗家坪村二组", "攸县网岭镇罗家坪村2组", True),
    ("湘潭市岳塘区双马工业园", "湖南省湘潭市岳塘区双马工业园", True),
    ("长沙市望城区铜官街道 铜官窑路", "望城区铜官街道铜官窑路", True),
    ("湖南省湘西土家族苗族自治州花垣县边城镇茶峒村", "湘西州花垣县边城镇茶峒村", True),
    ("湘西花垣县边城镇锰矿区", "湘西土家族苗族自治州花垣县边城镇锰矿区", True),
    ("株洲市天元区长沙路5号", "天元区长沙路5号", True),
    ("株洲市渌口区南洲镇工业园8号", "株洲市渌口区南洲镇工业园9号", False),
    ("株洲市荷塘区金山路12号", "株洲市荷塘区金山路21号", False),
    ("株洲市渌口区南洲镇新塘村", "株洲市渌口区龙船镇新塘村", False),
    ("株洲市天元区泰山路103号", "株洲市天元区黄河路103号", False),
    ("株洲市石峰区清水塘5幢", "株洲市石峰区清水塘5栋", False),
]

FIRM_PAIRS = [
    ("株洲市某化工有限公司", "某化工有限责任公司", True),
    ("株洲某化工有限公司", "株洲市某化工股份有限公司", True),
    ("湖南华菱钢铁集团有限责任公司", "华菱钢铁集团", True),
    ("华菱钢铁（株洲）有限公司", "华菱钢铁有限公司", True),
    ("株洲冶炼集团股份有限公司", "株洲冶炼集团", True),
    ("株洲市冶炼集团股份有限公司", "冶炼集团", True),
    ("湖南 旗滨 玻璃 有限公司", "旗滨玻璃有限公司", True),
    ("醴陵市陶瓷厂", "醴陵陶瓷厂", True),
    ("醴陵市陶瓷厂", "醴陵市陶瓷有限公司", False),  # 厂 stays: it names what the firm is
    ("中国石化（湖南）销售有限公司", "中国石化销售公司", True),
    ("中国石化(株洲)销售有限公司", "中国石化（长沙）销售有限公司", True),
    ("某某砂石场", "某某砂石厂", False),
    ("株洲千金药业股份有限公司", "千金药业", True),
    ("株洲千金药业股份有限公司", "株洲千金医药有限公司", False),
    ("渌口区某养猪场", "株洲市渌口区某养猪场", True),
    ("攸县某煤矿", "某煤矿", True),
    ("ＡＢＣ化工有限公司", "abc化工", True),
    ("湖南某建材（集团）有限公司", "某建材集团", True),
]


def _address(text: str) -> str:
    return normalize_address(text, within=Region.objects.get(code="430200"))[1]


def _firm(text: str) -> str:
    return firm_key(text, within=Region.objects.get(code="430200"))


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other", "same"), ADDRESS_PAIRS)
def test_address_pairs(one: str, other: str, same: bool) -> None:
    assert _address(one)
    assert (_address(one) == _address(other)) is same


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other", "same"), FIRM_PAIRS)
def test_firm_pairs(one: str, other: str, same: bool) -> None:
    assert _firm(one)
    assert (_firm(one) == _firm(other)) is same


def test_table_is_big_enough() -> None:
    assert len(ADDRESS_PAIRS) + len(FIRM_PAIRS) >= 30
    assert sum(not same for *_, same in ADDRESS_PAIRS + FIRM_PAIRS) >= 8


@pytest.mark.django_db
def test_the_region_the_address_names() -> None:
    assert normalize_address("湖南省株洲市渌口区南洲镇工业园8号") == ("430212", "南洲镇工业园8号")
    assert normalize_address("株洲醴陵市浦口镇陶瓷园") == ("430281", "浦口镇陶瓷园")
    assert normalize_address("南洲镇工业园8号") == (None, "南洲镇工业园8号")


@pytest.mark.django_db
def test_a_name_several_provinces_share_is_settled_by_the_context() -> None:
    # 鼓楼区 is in 南京, 福州, 徐州, 开封: alone it names none of them.
    assert normalize_address("鼓楼区中山路1号")[0] is None
    assert normalize_address("鼓楼区中山路1号", within=Region.objects.get(code="350100"))[0] == (
        "350102"
    )


@pytest.mark.django_db
def test_too_little_left_is_no_key() -> None:
    assert normalize_address("株洲市渌口区")[1] == ""
    assert firm_key("株洲市某公司") == ""
    assert firm_key("不详") == ""


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("八", 8), ("十", 10), ("十二", 12), ("二十", 20), ("一百零三", 103), ("三〇五", 305)],
)
def test_chinese_numbers(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value
