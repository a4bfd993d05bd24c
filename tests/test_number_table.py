"""The number expressions of issue 10, each in a sentence of our own: every one reads right
(value, value_max, unit, qualifier of the quantity at that stretch) or reads nothing."""
from decimal import Decimal

import pytest

from pipeline.stages import process

# sentence, the stretch, (value, value_max, unit, qualifier) or None for "no quantity"
TABLE = [
    ("装修花了三十到四十万元", "三十到四十万元", (30, 40, "万元", None)),
    ("每户补助6000到2万港元", "6000到2万港元", (0.6, 2, "万港元", None)),
    ("岗位月薪2万元--8万元", "2万元--8万元", (2, 8, "万元", None)),
    ("单笔奖励2万(含)-8万元", "2万(含)-8万元", (2, 8, "万元", None)),
    ("估值320亿美元至350亿美元", "320亿美元至350亿美元", (320, 350, "亿美元", None)),
    ("税率为10-35%", "10-35%", (10, 35, "%", None)),
    ("投入五六百万元", "五六百万元", (5000000, 6000000, "元", None)),
    ("花费两三万元", "两三万元", (20000, 30000, "元", None)),
    ("毛利率为负2.7%", "负2.7%", (-2.7, None, "%", None)),
    ("夜间气温零下5℃", "零下5℃", (-5, None, "℃", None)),
    ("股价收跌−26.95%", "−26.95%", (-26.95, None, "%", None)),
    ("亏损额减少-3480万元", "-3480万元", (3480, None, "万元", None)),
    ("占总量的百分之３．５", "百分之３．５", (3.5, None, "%", None)),
    ("占比百分之二十", "百分之二十", (20, None, "%", None)),
    ("达到7成", "7成", (70, None, "%", None)),
    ("约四成半的家庭", "约四成半", (45, None, "%", "approx")),
    ("接近3成的企业", "接近3成", (30, None, "%", "approx")),
    ("不良率千分之三", "千分之三", (3, None, "‰", None)),
    ("差错率万分之四", "万分之四", (4, None, "‱", None)),
    ("占全国三分之一", "三分之一", (33.33, None, "%", "approx")),
    ("有1/3的企业盈利", "1/3", (33.33, None, "%", "approx")),
    ("价格是对手的五分之一到七分之一", "五分之一到七分之一", (14.29, 20, "%", "approx")),
    ("总投资3亿2580万元", "3亿2580万元", (325800000, None, "元", None)),
    ("捐款238万600元", "238万600元", (2380600, None, "元", None)),
    ("募得6万3千2百元", "6万3千2百元", (63200, None, "元", None)),
    ("众筹200万五千元", "200万五千元", (2005000, None, "元", None)),
    ("受理1千零8件", "1千零8件", (1008, None, "件", None)),
    ("售价20元4角5分", "20元4角5分", (20.45, None, "元", None)),
    ("水位长了三米半", "三米半", (3.5, None, "米", None)),
    ("投资近百亿元", "近百亿元", (10000000000, None, "元", "approx")),
    ("用户逾千万人", "逾千万人", (10000000, None, "人", "over")),
    ("减税超百亿元", "超百亿元", (10000000000, None, "元", "over")),
    ("市值过千亿", "过千亿", (100000000000, None, "", "over")),
    ("吸引上万人参加", "上万人", (10000, None, "人", "at_least")),
    ("吸引十几万人", "十几万人", (11, 19, "万人", "approx")),
    ("花了二十几万元", "二十几万元", (21, 29, "万元", "approx")),
    ("吸引数十亿元投资", "数十亿元", (20, 90, "亿元", "approx")),
    ("落地几十个项目", "几十个", (20, 90, "个", "approx")),
    ("上百家企业参展", "上百家", (100, None, "家", "at_least")),
    ("营收38。5亿元", "38。5亿元", (38.5, None, "亿元", None)),
    ("单价0﹒7元", "0﹒7元", (0.7, None, "元", None)),
    ("会员增至2 .3万人", "2 .3万人", (2.3, None, "万人", None)),
    ("水深零点五米", "零点五米", (0.5, None, "米", None)),
    ("营收8,356万元", "8,356万元", (8356, None, "万元", None)),
    ("收购稻谷2,745斤", "2,745斤", (2745, None, "斤", None)),
    ("售价人民币2,499元", "人民币2,499元", (2499, None, "元", None)),
    ("获新台币350万元补助", "新台币350万元", (350, None, "万元新台币", None)),
    ("门票HK$1,800一张", "HK$1,800", (1800, None, "港元", None)),
    ("月薪NT$7,200起", "NT$7,200", (7200, None, "新台币", None)),
    ("融资约US$3亿", "约US$3亿", (3, None, "亿美元", "approx")),
    ("跑道长120公尺", "120公尺", (120, None, "公尺", None)),
    ("面积20公顷", "20公顷", (20, None, "公顷", None)),
    ("建成3万方米", "3万方米", (3, None, "万方米", None)),
    ("户型120㎡", "120㎡", (120, None, "㎡", None)),
    ("重20公斤", "20公斤", (20, None, "公斤", None)),
    ("家禽5000羽", "5000羽", (5000, None, "羽", None)),
    ("发电3亿千瓦时", "3亿千瓦时", (3, None, "亿千瓦时", None)),
    ("吞吐量12万TEU", "12万TEU", (12, None, "万TEU", None)),
    ("游客50万人次", "50万人次", (50, None, "万人次", None)),
    ("存贷比为1.98:1", "1.98:1", (1.98, None, ":1", None)),
    ("罚款5万瑞士法郎", "5万瑞士法郎", (5, None, "万瑞士法郎", None)),
    ("收入20亿澳门元", "20亿澳门元", (20, None, "亿澳门元", None)),
    ("售价30葡币", "30葡币", (30, None, "葡币", None)),
    ("当天新签8个项目", "8个", (8, None, "个", None)),
    ("造成2亿元损失", "2亿元", (2, None, "亿元", None)),
    # ambiguous or inside a name: nothing
    ("共有30", "30", None),
    ("落实十四五规划", "十四五", None),
    ("新增百亿级企业", "百亿", None),
    ("构建1+3+N格局", "1+3+N", None),
    ("量产3纳米制程芯片", "3纳米", None),
]


def _plain(d):
    return None if d is None else float(d) if d != d.to_integral_value() else int(d)


@pytest.mark.parametrize("sentence,stretch,expected", TABLE, ids=[t[1] for t in TABLE])
def test_each_expression_reads_right_or_not_at_all(rules, sentence, stretch, expected):
    doc = process(sentence + "。", rules)
    start = sentence.index(stretch)
    inside = [q for q in doc.quantities if q.start < start + len(stretch) and start < q.end]
    if expected is None:
        assert inside == []
        return
    assert [(q.start, q.end) for q in inside] == [(start, start + len(stretch))]
    q = inside[0]
    value, high, unit, qualifier = expected
    assert (_plain(q["value"]), _plain(q["value_max"]), q["unit"], q["qualifier"]) == \
        (value, high, unit, qualifier)


def test_structure_is_one_share_per_part(rules):
    doc = process("全县三次产业结构为8.2:51.3:40.5。", rules)
    assert [(q["value"], q["unit"]) for q in doc.quantities] == \
        [(Decimal("8.2"), "%"), (Decimal("51.3"), "%"), (Decimal("40.5"), "%")]
