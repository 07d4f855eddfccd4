"""Table-driven tests of metric extraction: one sentence in, the expected rows out.

The sentences are written the way regional reports write them, mostly not taken from the sample
documents, so that a rule tuned to one document's wording fails here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newstrack.crawler.catalog import parse_catalog
from newstrack.crawler.figures import DocumentContext, extract_observations

COUNTY = DocumentContext(title="会泽县脱贫攻坚新闻发布会", published=date(2020, 6, 13))
CITY = DocumentContext(title="洛阳市脱贫攻坚三年行动方案", published=date(2018, 10, 18))
PUB = "2020-06-13"

CASES = [
    # paired figures, dates at the precision the text gives
    (
        "截至2019年底，全县累计脱贫3.5万户15.3万人。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "households", 35000, False, "2019-12-31", "actual"),
            ("会泽县", "lifted_out", "persons", 153000, False, "2019-12-31", "actual"),
        },
    ),
    (
        "全县建档立卡贫困人口 26180 户 96467 人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 26180, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 96467, False, PUB, "actual"),
        },
    ),
    (
        "全县共有建档立卡贫困户1万多户3.2万余人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 10000, True, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 32000, True, PUB, "actual"),
        },
    ),
    (
        "去年全县减贫1万多户3.2万余人。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "households", 10000, True, "2019", "actual"),
            ("会泽县", "lifted_out", "persons", 32000, True, "2019", "actual"),
        },
    ),
    # from → to, each with its own date
    (
        "贫困发生率由2014年的18.6%降至2019年底的0.52%。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 18.6, False, "2014", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.52, False, "2019-12-31", "actual"),
        },
    ),
    (
        "全县贫困行政村从644个减少到188个。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 644, False, PUB, "actual"),
            ("会泽县", "poor_villages", "villages", 188, False, PUB, "actual"),
        },
    ),
    (
        "建档立卡贫困户人均可支配收入由2015年的3416元增加到2019年的8145元。",
        COUNTY,
        {
            ("会泽县", "income_per_capita", "yuan", 3416, False, "2015", "actual"),
            ("会泽县", "income_per_capita", "yuan", 8145, False, "2019", "actual"),
        },
    ),
    ("截止2020年9月底，贫困发生率降至0.5%。", COUNTY, {("会泽县", "poverty_rate", "percent", 0.5, False, "2020-09-30", "actual")}),
    # villages
    ("全县130个贫困村全部销号。", COUNTY, {("会泽县", "villages_exited", "villages", 130, False, PUB, "actual")}),
    ("20个省定贫困村已全部摘帽出列。", COUNTY, {("会泽县", "villages_exited", "villages", 20, False, PUB, "actual")}),
    # money, with 亿/万 and full-width digits, thousands separators
    ("累计投入财政专项扶贫资金１２.５亿元。", COUNTY, {("会泽县", "poverty_funds", "yuan", 1_250_000_000, False, PUB, "actual")}),
    ("全年发放扶贫小额贷款7.1亿元，惠及贫困户2.1万户。", COUNTY, {("会泽县", "microcredit", "yuan", 710_000_000, False, PUB, "actual")}),
    ("全县累计脱贫12,345人。", COUNTY, {("会泽县", "lifted_out", "persons", 12345, False, PUB, "actual")}),
    ("贫困群众人均纯收入达到7409元。", COUNTY, {("会泽县", "income_per_capita", "yuan", 7409, False, PUB, "actual")}),
    ("贫困劳动力转移就业12.8万人。", COUNTY, {("会泽县", "jobs_transferred", "persons", 128000, False, PUB, "actual")}),
    ("2016年以来共实施农村危房改造75139户。", COUNTY, {("会泽县", "housing_renovated", "households", 75139, False, PUB, "actual")}),
    (
        "2016年至2018年，搬迁安置2150户6875人。",
        COUNTY,
        {
            ("会泽县", "relocated", "households", 2150, False, "2018", "actual"),
            ("会泽县", "relocated", "persons", 6875, False, "2018", "actual"),
        },
    ),
    # targets are not achievements
    ("到2020年，确保19.3万农村贫困人口稳定脱贫。", CITY, {("洛阳市", "lifted_out", "persons", 193000, False, "2020", "target")}),
    ("今年计划完成2000户易地扶贫搬迁。", COUNTY, {("会泽县", "relocated", "households", 2000, False, "2020", "target")}),
    ("力争年底前剩余贫困人口全部脱贫。", COUNTY, set()),
    # a county named inside a city report
    (
        "栾川县累计脱贫1.2万户4.5万人。",
        CITY,
        {
            ("栾川县", "lifted_out", "households", 12000, False, "2018-10-18", "actual"),
            ("栾川县", "lifted_out", "persons", 45000, False, "2018-10-18", "actual"),
        },
    ),
    # not every number is a metric
    ("全县三千余名帮扶干部结对帮扶，召开推进会12次，培训3000人次。", COUNTY, set()),
    ("咨询电话：0874-5123456，“十三五”期间实施项目1+19+14个。", COUNTY, set()),
    ("分包53个有30户以上贫困户的重点村，60%以上职工下沉一线。", COUNTY, set()),
    ("全县总人口54万，辖11个镇、208个行政村。", COUNTY, set()),
    ("纳入农村低保建档立卡贫困人口0.7万人。", COUNTY, set()),
    ("975个新型农业经营主体覆盖建档立卡贫困户8.8万户30.8万人。", COUNTY, set()),
    ("新安县、孟津县贫困人口超过2万人，汝阳县贫困发生率高于5%。", CITY, set()),
    ("全县有贫困村355个(其中深度贫困村189个)。", COUNTY, {("会泽县", "poor_villages", "villages", 355, False, PUB, "actual")}),
    ("各类资金共有4个来源，全省排名第2位。", COUNTY, set()),
    # a second batch, written after the first rules were done: each one showed a gap in them
    (
        "全县建档立卡贫困户从2014年的2.3万户8.9万人减少到2019年底的312户865人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 23000, False, "2014", "actual"),
            ("会泽县", "poor_population", "persons", 89000, False, "2014", "actual"),
            ("会泽县", "poor_population", "households", 312, False, "2019-12-31", "actual"),
            ("会泽县", "poor_population", "persons", 865, False, "2019-12-31", "actual"),
        },
    ),
    (
        "2019年实现脱贫退出贫困户3265户11282人，贫困村退出32个。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "households", 3265, False, "2019", "actual"),
            ("会泽县", "lifted_out", "persons", 11282, False, "2019", "actual"),
            ("会泽县", "villages_exited", "villages", 32, False, "2019", "actual"),
        },
    ),
    ("五年来共减少贫困人口5.6万人。", COUNTY, {("会泽县", "lifted_out", "persons", 56000, False, PUB, "actual")}),
    (
        "贫困人口由2013年底的15.4万人减少到2019年底的0.32万人，贫困发生率由23.6%下降到0.48%。",
        COUNTY,
        {
            ("会泽县", "poor_population", "persons", 154000, False, "2013-12-31", "actual"),
            ("会泽县", "poor_population", "persons", 3200, False, "2019-12-31", "actual"),
            ("会泽县", "poverty_rate", "percent", 23.6, False, "2013-12-31", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.48, False, "2019-12-31", "actual"),
        },
    ),
    ("完成易地扶贫搬迁建档立卡贫困人口2.1万人。", COUNTY, {("会泽县", "relocated", "persons", 21000, False, PUB, "actual")}),
    ("全县农村常住居民人均可支配收入达到12356元，同比增长10.2%。", COUNTY, set()),
    (
        "共识别建档立卡贫困村125个、贫困户2.8万户、贫困人口10.2万人。其中：一般贫困户1.5万户、低保贫困户0.8万户。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 125, False, PUB, "actual"),
            ("会泽县", "poor_population", "households", 28000, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 102000, False, PUB, "actual"),
        },
    ),
    ("2020年全县GDP预计突破200亿元。", COUNTY, {("会泽县", "gdp", "yuan", 20_000_000_000, False, "2020", "target")}),
    (
        "累计培训贫困劳动力1.2万人次，转移就业贫困劳动力3.4万人。",
        COUNTY,
        {("会泽县", "jobs_transferred", "persons", 34000, False, PUB, "actual")},
    ),
    (
        "贫困发生率由16.3%降为0。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 16.3, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 0, False, PUB, "actual"),
        },
    ),
    (
        "贫困村由127个减少到0个。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 127, False, PUB, "actual"),
            ("会泽县", "poor_villages", "villages", 0, False, PUB, "actual"),
        },
    ),
    ("截至目前，全县已脱贫退出贫困村56个。", COUNTY, {("会泽县", "villages_exited", "villages", 56, False, PUB, "actual")}),
    (
        "2014年以来，全县累计投入扶贫资金23.6亿元，其中中央资金8.2亿元。",
        COUNTY,
        {("会泽县", "poverty_funds", "yuan", 2_360_000_000, False, PUB, "actual")},
    ),
    ("累计带动1.2万户贫困户增收。", COUNTY, set()),
    # households visited, helped or benefiting are not the registered poor population
    ("县领导走访慰问贫困户120户，送去慰问金3.6万元。", COUNTY, set()),
    ("项目受益贫困户1200户4300人。", COUNTY, set()),
    ("扶贫车间吸纳贫困人口就业356人。", COUNTY, set()),
    # 脱贫 before a noun names a group (脱贫群众, 已脱贫人口), it does not say they were lifted out here
    ("组织1200名脱贫群众参加技能培训。", COUNTY, set()),
    ("对3200名已脱贫人口开展动态监测。", COUNTY, set()),
    # newly identified or newly poor people are not the registered stock
    ("全县新识别贫困人口120户350人。", COUNTY, set()),
    # a figure after "…中，" counts a part of the group just named
    ("全县实施危房改造的农户中，建档立卡贫困户3200户。", COUNTY, set()),
    (
        "全县共有贫困村三百五十五个，构建“一个体系”和四个中心。",
        COUNTY,
        {("会泽县", "poor_villages", "villages", 355, False, PUB, "actual")},
    ),
    ("全市181个贫困村中，有180个村发展有特色产业。", CITY, set()),
    ("其中，贫困人口11.4万人，占全市贫困人口总数的59.2%。", CITY, set()),
    # zero written out, and a rate with no % sign
    (
        "贫困发生率由2014年的21.3%降至零。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 21.3, False, "2014", "actual"),
            ("会泽县", "poverty_rate", "percent", 0, False, PUB, "actual"),
        },
    ),
    ("贫困发生率降为零。", COUNTY, {("会泽县", "poverty_rate", "percent", 0, False, PUB, "actual")}),
    ("零星分布的贫困户共有120户。", COUNTY, {("会泽县", "poor_population", "households", 120, False, PUB, "actual")}),
    # dates in Chinese numerals, and a period of months that ends in its last month
    ("二〇一九年全县实现脱贫三千二百余人。", COUNTY, {("会泽县", "lifted_out", "persons", 3200, True, "2019", "actual")}),
    ("二○二○年三月底，全县剩余贫困人口1203人。", COUNTY, {("会泽县", "remaining_poor", "persons", 1203, False, "2020-03-31", "actual")}),
    ("2020年1-9月，全县发放扶贫小额信贷1.25亿元。", COUNTY, {("会泽县", "microcredit", "yuan", 125_000_000, False, "2020-09", "actual")}),
    ("今年1至5月，全县新增发放扶贫小额信贷3200万元。", COUNTY, {("会泽县", "microcredit", "yuan", 32_000_000, False, "2020-05", "actual")}),
    # a month without its year: the report's year, or the year before for a month still to come
    ("截至5月底，全县累计脱贫1.2万人。", COUNTY, {("会泽县", "lifted_out", "persons", 12_000, False, "2020-05-31", "actual")}),
    ("截至11月底，全县累计脱贫1.2万人。", COUNTY, {("会泽县", "lifted_out", "persons", 12_000, False, "2019-11-30", "actual")}),
    ("1至5月，全县发放扶贫小额信贷1.2亿元。", COUNTY, {("会泽县", "microcredit", "yuan", 120_000_000, False, "2020-05", "actual")}),
    # a year's task is a target for that year
    (
        "全县2019年度脱贫任务为3200户1.1万人。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "households", 3200, False, "2019", "target"),
            ("会泽县", "lifted_out", "persons", 11_000, False, "2019", "target"),
        },
    ),
    # the verb after a second count of villages is that count's: 147 villages in all, 139 of them exited;
    # but households and persons between do not break it (97个贫困村15316户42991人全部脱贫)
    (
        "全县147个贫困村已有139个出列。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 147, False, PUB, "actual"),
            ("会泽县", "villages_exited", "villages", 139, False, PUB, "actual"),
        },
    ),
    ("累计减贫人口达21.6万。", COUNTY, {("会泽县", "lifted_out", "persons", 216_000, False, PUB, "actual")}),
    ("全县贫困人口减少了1.3万人，降幅达62%。", COUNTY, {("会泽县", "lifted_out", "persons", 13_000, False, PUB, "actual")}),
    ("贫困人口减少为3200人。", COUNTY, {("会泽县", "poor_population", "persons", 3200, False, PUB, "actual")}),
    # a number in two units
    ("累计脱贫4万5千余人。", COUNTY, {("会泽县", "lifted_out", "persons", 45_000, True, PUB, "actual")}),
    ("全县累计投入扶贫资金3亿5000万元。", COUNTY, {("会泽县", "poverty_funds", "yuan", 350_000_000, False, PUB, "actual")}),
    # 分别: the n-th figure belongs to the n-th region or year listed before it
    (
        "镇雄县、彝良县、威信县分别脱贫3.1万人、1.2万人、0.8万人。",
        CITY,
        {
            ("镇雄县", "lifted_out", "persons", 31_000, False, "2018-10-18", "actual"),
            ("彝良县", "lifted_out", "persons", 12_000, False, "2018-10-18", "actual"),
            ("威信县", "lifted_out", "persons", 8000, False, "2018-10-18", "actual"),
        },
    ),
    (
        "2017年、2018年、2019年分别脱贫7235人、9812人、12054人。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 7235, False, "2017", "actual"),
            ("会泽县", "lifted_out", "persons", 9812, False, "2018", "actual"),
            ("会泽县", "lifted_out", "persons", 12054, False, "2019", "actual"),
        },
    ),
    (
        "全县贫困发生率分别下降到2017年的8.2%、2018年的4.1%和2019年的0.9%。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 8.2, False, "2017", "actual"),
            ("会泽县", "poverty_rate", "percent", 4.1, False, "2018", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.9, False, "2019", "actual"),
        },
    ),
    # 其中 with another region is that region's own figure, not a part of the one just given
    (
        "全市累计脱贫30.1万人，其中，镇雄县累计脱贫12.6万人，彝良县累计脱贫5.1万人。",
        CITY,
        {
            ("洛阳市", "lifted_out", "persons", 301_000, False, "2018-10-18", "actual"),
            ("镇雄县", "lifted_out", "persons", 126_000, False, "2018-10-18", "actual"),
            ("彝良县", "lifted_out", "persons", 51_000, False, "2018-10-18", "actual"),
        },
    ),
    # a date tied to the figure stands between the wording and the figure
    ("贫困人口减少到2019年底的2310人。", COUNTY, {("会泽县", "poor_population", "persons", 2310, False, "2019-12-31", "actual")}),
    ("贫困发生率下降到2019年底的0.9%。", COUNTY, {("会泽县", "poverty_rate", "percent", 0.9, False, "2019-12-31", "actual")}),
    # a clause that only goes on with a date and a verb carries the previous clause's metric
    ("地区生产总值年均增长8.2%，2020年达到312.5亿元。", COUNTY, {("会泽县", "gdp", "yuan", 31_250_000_000, False, "2020", "actual")}),
    ("贫困发生率下降2.3个百分点，2019年降至0.5%。", COUNTY, {("会泽县", "poverty_rate", "percent", 0.5, False, "2019", "actual")}),
    ("全县农村居民人均可支配收入增长9.6%，达到11983元。", COUNTY, set()),
    # … and a decrease after a from-to is people lifted out, never the subject's own level
    (
        "全县贫困人口由12.3万人减少到0.4万人，累计减少11.9万人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "persons", 123_000, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 4000, False, PUB, "actual"),
            ("会泽县", "lifted_out", "persons", 119_000, False, PUB, "actual"),
        },
    ),
    (
        "全县贫困户由1.2万户减少到300户，共减少1.17万户。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 12_000, False, PUB, "actual"),
            ("会泽县", "poor_population", "households", 300, False, PUB, "actual"),
            ("会泽县", "lifted_out", "households", 11_700, False, PUB, "actual"),
        },
    ),
    ("全县召开推进会12次，达到预期效果。", COUNTY, set()),
    # a town's or a village's figures are not the county's
    ("角奎镇累计脱贫1200户4500人，贫困发生率降至0.2%。", COUNTY, set()),
    ("其中，洛泽河镇脱贫980人。", COUNTY, set()),
    ("小草坝村共有贫困户86户312人，已全部脱贫。", COUNTY, set()),
    ("全乡累计脱贫2300人。", COUNTY, set()),
    ("会泽县娜姑镇累计脱贫1.2万人。", COUNTY, set()),
    ("在迤车镇召开现场会，全县累计脱贫3万人。", COUNTY, {("会泽县", "lifted_out", "persons", 30_000, False, PUB, "actual")}),
    # … but generic village words at a clause's start are no place
    ("实施农村危房改造4326户。", COUNTY, {("会泽县", "housing_renovated", "households", 4326, False, PUB, "actual")}),
    ("贫困村全部出列，农村贫困人口减少了1.2万人。", COUNTY, {("会泽县", "lifted_out", "persons", 12_000, False, PUB, "actual")}),
    # 全州 is the prefecture the report is about, not 全州县 of Guangxi
    (
        "全州累计脱贫50.6万人。",
        DocumentContext(title="楚雄彝族自治州脱贫攻坚工作综述", published=date(2020, 6, 13)),
        {("楚雄彝族自治州", "lifted_out", "persons", 506_000, False, PUB, "actual")},
    ),
    # a wire or paper tag names where a report was filed, not what it is about
    (
        "新华社昆明6月12日电（记者 张三）会泽县累计脱贫27.2万人。",
        DocumentContext(title="脱贫攻坚新闻发布会", published=date(2020, 6, 13)),
        {("会泽县", "lifted_out", "persons", 272_000, False, PUB, "actual")},
    ),
    # the wording after a list's last figure holds for every figure of the list
    (
        "2019年，全县135个村、11359人精准脱贫出列。",
        COUNTY,
        {
            ("会泽县", "villages_exited", "villages", 135, False, "2019", "actual"),
            ("会泽县", "lifted_out", "persons", 11359, False, "2019", "actual"),
        },
    ),
    # a bare from-figure takes the unit of the figure it fell to
    (
        "全县贫困人口由2014年的14.63万下降到2019年的0.89万人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "persons", 146_300, False, "2014", "actual"),
            ("会泽县", "poor_population", "persons", 8_900, False, "2019", "actual"),
        },
    ),
    # a figure after a from→to takes the date the from→to ended at
    (
        "贫困人口从2011年的1149万人减少到2014年的623万人，减少农村贫困人口526万人。",
        DocumentContext(title="云南省脱贫攻坚新闻发布会", published=date(2020, 6, 13)),
        {
            ("云南省", "poor_population", "persons", 11_490_000, False, "2011", "actual"),
            ("云南省", "poor_population", "persons", 6_230_000, False, "2014", "actual"),
            ("云南省", "lifted_out", "persons", 5_260_000, False, "2014", "actual"),
        },
    ),
    # a deadline month is the one ahead; 提出 opens a plan
    (
        "县政府工作报告明确提出，9月底前完成68个贫困村退出。",
        DocumentContext(title="会泽县2017年脱贫攻坚", published=date(2017, 2, 17)),
        {("会泽县", "villages_exited", "villages", 68, False, "2017-09-30", "target")},
    ),
    # 到2017年 in a later report is a date reached, not a plan
    (
        "到2017年全县公共财政预算收入3.9亿元。",
        DocumentContext(title="富裕县县情", published=date(2022, 9, 23)),
        {("富裕县", "fiscal_revenue", "yuan", 390_000_000, False, "2017", "actual")},
    ),
    # a rate said of several regions holds for each; a count said of several is no region's
    (
        "泸水市和贡山县贫困发生率在36%左右，4县累计脱贫逾10万人。",
        DocumentContext(title="怒江州脱贫攻坚", published=date(2018, 4, 20)),
        {
            ("泸水市", "poverty_rate", "percent", 36, True, "2018-04-20", "actual"),
            ("贡山独龙族怒族自治县", "poverty_rate", "percent", 36, True, "2018-04-20", "actual"),
        },
    ),
    # a group narrowed by place or size is a subset, wherever it stands
    ("其中，边境0至3公里范围内的贫困户共2317户8959人。", COUNTY, set()),
    # a year with 至今 starts a period: the figure is of the report's date
    ("2014年至今，全州累计减少贫困人口35万人。", DocumentContext(title="湘西州脱贫攻坚", published=date(2019, 9, 29)), {
        ("湘西土家族苗族自治州", "lifted_out", "persons", 350_000, False, "2019-09-29", "actual"),
    }),
    # a heading's year holds for its section
    (
        "一、2018年工作回顾\n减贫成效十分显著。60个贫困村达标退出，8461户、29100人稳定脱贫。",
        DocumentContext(title="2019年卢氏县人民政府工作报告", published=date(2019, 5, 23)),
        {
            ("卢氏县", "villages_exited", "villages", 60, False, "2018", "actual"),
            ("卢氏县", "lifted_out", "households", 8461, False, "2018", "actual"),
            ("卢氏县", "lifted_out", "persons", 29100, False, "2018", "actual"),
        },
    ),
    # a province's short name means the province, not a county that shares it
    ("河南2013年贫困发生率是8.79%。", DocumentContext(title="脱贫攻坚", published=date(2020, 3, 2)), {
        ("河南省", "poverty_rate", "percent", 8.79, False, "2013", "actual"),
    }),
    # 全县 in a prefecture paper's report is the county it names
    (
        "嘉鱼县召开脱贫攻坚总结会。截至目前，全县12个建档立卡贫困村全部出列。",
        DocumentContext(title=None, published=date(2020, 10, 21), site_name="咸宁日报"),
        {("嘉鱼县", "villages_exited", "villages", 12, False, "2020-10-21", "actual")},
    ),
    # an exit verb before a count of villages is villages exited; before townships, none
    (
        "2016年，那坡县实现脱贫摘帽2个村，全县退出12个贫困村，摘帽3个贫困乡镇。",
        DocumentContext(title="那坡县脱贫攻坚", published=date(2017, 1, 5)),
        {
            ("那坡县", "villages_exited", "villages", 2, False, "2016", "actual"),
            ("那坡县", "villages_exited", "villages", 12, False, "2016", "actual"),
        },
    ),
    # 全市 in a county-level city's report is that city, not its prefecture
    (
        "2016年以来，全市投入各类扶贫项目资金1462万元。",
        DocumentContext(title="楚雄市扶贫开发工作情况", published=date(2017, 6, 1)),
        {("楚雄市", "poverty_funds", "yuan", 14_620_000, False, "2017-06-01", "actual")},
    ),
    # a plan's verb after the figure makes it a target
    (
        "据统计，平利县共有9825户、27868人需易地扶贫搬迁。",
        DocumentContext(title="平利县贫困户喜迁新居", published=date(2016, 10, 17)),
        {
            ("平利县", "relocated", "households", 9825, False, "2016-10-17", "target"),
            ("平利县", "relocated", "persons", 27868, False, "2016-10-17", "target"),
        },
    ),
    # a 政府工作报告 published in January reviews the year before; its plan for the year keeps its date
    (
        "过去一年，全县减少贫困人口1.2万人。今年将实现剩余3000人脱贫。",
        DocumentContext(title="2020年陇县人民政府工作报告", published=date(2020, 1, 8)),
        {
            ("陇县", "lifted_out", "persons", 12_000, False, "2019", "actual"),
            ("陇县", "lifted_out", "persons", 3000, False, "2020", "target"),
            # a plan to lift out those who remain also says how many remain
            ("陇县", "remaining_poor", "persons", 3000, False, "2020-01-08", "actual"),
        },
    ),
    # a summary titled after a year: its undated figures are of that year
    (
        "全市累计脱贫30.1万人。",
        DocumentContext(title="昭通市2019年脱贫攻坚工作总结", published=date(2020, 4, 2)),
        {("昭通市", "lifted_out", "persons", 301_000, False, "2019", "actual")},
    ),
    # a list of figures that ends on one verb: each item takes it; 剩余…脱贫 done is an exit
    (
        "2020年，全区剩余的24.5万建档立卡贫困人口、660个贫困村、8个贫困县如期脱贫摘帽。",
        DocumentContext(title="广西脱贫攻坚", published=date(2021, 1, 21)),
        {
            ("广西壮族自治区", "lifted_out", "persons", 245_000, False, "2020", "actual"),
            ("广西壮族自治区", "villages_exited", "villages", 660, False, "2020", "actual"),
        },
    ),
    # an ASCII ? between two characters is a character the copy lost, not a question's end
    (
        "今年，甘肅省將?力實現剩餘17.5萬貧困人口脫貧。",
        DocumentContext(title="甘肅省政府工作報告", published=date(2020, 1, 11)),
        {
            ("甘肃省", "lifted_out", "persons", 175_000, False, "2020", "target"),
            ("甘肃省", "remaining_poor", "persons", 175_000, False, "2020-01-11", "actual"),
        },
    ),
    # a total over a named period is of its end; 以来/至今 runs to the report's date
    (
        "“十二五”期间，该县已减少农村贫困人口8.74万人。2014年以来，全县累计脱贫3.2万人。",
        DocumentContext(title="平塘县脱贫攻坚", published=date(2016, 3, 1)),
        {
            ("平塘县", "lifted_out", "persons", 87_400, False, "2015", "actual"),
            ("平塘县", "lifted_out", "persons", 32_000, False, "2016-03-01", "actual"),
        },
    ),
    # a second from→to borrows the dated first one's dates, even in a sentence that opens with a date
    (
        "2017年底，全省贫困人口由2011年底的775万人减少到183.27万人，贫困发生率由28.02%下降至7.54%。",
        DocumentContext(title="陕西脱贫攻坚", published=date(2018, 3, 1)),
        {
            ("陕西省", "poor_population", "persons", 7_750_000, False, "2011-12-31", "actual"),
            ("陕西省", "poor_population", "persons", 1_832_700, False, "2017-12-31", "actual"),
            ("陕西省", "poverty_rate", "percent", 28.02, False, "2011-12-31", "actual"),
            ("陕西省", "poverty_rate", "percent", 7.54, False, "2017-12-31", "actual"),
        },
    ),
    # households a loan was given to are no count of the poor; an interest-subsidised loan is credit
    (
        "截至2017年5月31日，共为62户贫困户发放小额扶贫贴息贷款288万元，财政贴息10万元。",
        DocumentContext(title="王益区金融扶贫", published=date(2017, 6, 5)),
        {("王益区", "microcredit", "yuan", 2_880_000, False, "2017-05-31", "actual")},
    ),
    # a sentence that opens with a quotation mark still has its subject in its first clause
    (
        "海西州率先实现贫困人口清零。“2016年，楚雄州实现5.6万人脱贫。",
        DocumentContext(title=None, published=date(2017, 7, 17)),
        {("楚雄彝族自治州", "lifted_out", "persons", 56_000, False, "2016", "actual")},
    ),
    # 重要 holds no plan's 要; what a parenthesis says aside (其中…) excludes nothing after it
    (
        "作为滇中城市经济圈的重要成员，2014年底，全州有8个贫困县（其中，4个为深度贫困县）、1203个贫困村、贫困人口79.91万人。",
        DocumentContext(title="楚雄州扶贫纪实", published=date(2019, 7, 19)),
        {
            ("楚雄彝族自治州", "poor_villages", "villages", 1203, False, "2014-12-31", "actual"),
            ("楚雄彝族自治州", "poor_population", "persons", 799_100, False, "2014-12-31", "actual"),
        },
    ),
    # the span since a dated event runs to the report's date
    (
        "特别是2015年中央扶贫开发工作会议以来，全市累计实现73.3万贫困人口脱贫。",
        DocumentContext(title="曲靖市新闻发布稿", published=date(2020, 7, 2)),
        {("曲靖市", "lifted_out", "persons", 733_000, False, "2020-07-02", "actual")},
    ),
    # a table copied as text: each cell read under its column's heading, the row's first cell its region
    (
        "省份 | 2016年脱贫人口目标 |\n河北 | 实现100万贫困人口稳定脱贫 |\n四川 | 实现105万以上贫困人口脱贫 |\n福建 | 20万人实现脱贫 |",
        DocumentContext(title=None, published=date(2016, 2, 25)),
        {
            ("河北省", "lifted_out", "persons", 1_000_000, False, "2016", "target"),
            ("四川省", "lifted_out", "persons", 1_050_000, True, "2016", "target"),
            ("福建省", "lifted_out", "persons", 200_000, False, "2016", "target"),
        },
    ),
    # a figure after a colon, with its unit; …以上 that ends the clause hedges it; 在…以上 is a bound
    (
        "全县脱贫人口：3200人。全年减少贫困人口1万人以上，贫困发生率在18%以上。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 3200, False, PUB, "actual"),
            ("会泽县", "lifted_out", "persons", 10_000, True, PUB, "actual"),
        },
    ),
    # 4县分别… counts the regions an earlier sentence listed (short forms that are also words among them)
    (
        "2017年退出的延长、横山、定边、佛坪，既是贫困县，也是革命老区县。2014年以来，4县分别脱贫1.94万人、3.27万人、4.67万人、0.77万人。",
        DocumentContext(title="陕西4县脱贫摘帽", published=date(2018, 3, 1)),
        {
            ("延长县", "lifted_out", "persons", 19_400, False, "2018-03-01", "actual"),
            ("横山区", "lifted_out", "persons", 32_700, False, "2018-03-01", "actual"),
            ("定边县", "lifted_out", "persons", 46_700, False, "2018-03-01", "actual"),
            ("佛坪县", "lifted_out", "persons", 7_700, False, "2018-03-01", "actual"),
        },
    ),
    # 新建 is a word (newly built), not 新建区; 挪穷窝 is relocation; 该街 is a subdistrict, below the county
    (
        "巴州区新建安置房1200套，助6.6万贫困人口“挪穷窝”。该街拟脱贫106户148人。",
        DocumentContext(title="巴州区脱贫攻坚", published=date(2015, 2, 5)),
        {("巴州区", "relocated", "persons", 66_000, False, "2015-02-05", "actual")},
    ),
    # what the villages have is no count of villages; a date after the figure in its own clause is its date
    (
        "180个贫困村的村医技能得到培训提升。全县有省定贫困村31个，2016年3个出列，剩余28个预计在今年出列。",
        DocumentContext(title="宁乡市脱贫攻坚", published=date(2017, 10, 17)),
        {
            ("宁乡市", "poor_villages", "villages", 31, False, "2017-10-17", "actual"),
            ("宁乡市", "villages_exited", "villages", 3, False, "2016", "actual"),
            ("宁乡市", "villages_exited", "villages", 28, False, "2017", "target"),
        },
    ),
    # those who remain and are still to exit are a level of the still-poor, not an exit
    (
        "2020年，剩余的贫困群众153户、402人也即将实现脱贫摘帽。剩余的823名贫困人口全部达到脱贫标准，可顺利脱贫。",
        COUNTY,
        {
            ("会泽县", "remaining_poor", "households", 153, False, "2020", "actual"),
            ("会泽县", "remaining_poor", "persons", 402, False, "2020", "actual"),
            ("会泽县", "remaining_poor", "persons", 823, False, "2020", "actual"),
        },
    ),
    # a bare figure takes the unit of the noun right after it, not of a 户 nearby
    (
        "到2020年，5.83万户、20.58万贫困人口如期全部脱贫。",
        DocumentContext(title="莎车县扶贫开发工作规划", published=date(2016, 3, 4)),
        {
            ("莎车县", "lifted_out", "households", 58_300, False, "2020", "target"),
            ("莎车县", "lifted_out", "persons", 205_800, False, "2020", "target"),
        },
    ),
    # natural villages and townships are no count of (administrative) poor villages
    (
        "全市贫困乡镇脱贫出列1个，建档立卡贫困村脱贫出列12个，383个贫困自然村全部出列。",
        DocumentContext(title="楚雄市扶贫开发工作情况", published=date(2017, 6, 1)),
        {("楚雄市", "villages_exited", "villages", 12, False, "2017-06-01", "actual")},
    ),
    # after the exits, those the sentence still counts are still poor; so is the level's other unit
    (
        "2017年，全市完成了2.2万户4.7万人稳定脱贫，截至2017年底，全市有建档立卡贫困人口3.8万户8.4万人。\n该区现有农村贫困户1252户，农村贫困人口1648人。",
        DocumentContext(title="乌兰察布市脱贫攻坚", published=date(2018, 3, 1)),
        {
            ("乌兰察布市", "lifted_out", "households", 22_000, False, "2017", "actual"),
            ("乌兰察布市", "lifted_out", "persons", 47_000, False, "2017", "actual"),
            ("乌兰察布市", "remaining_poor", "households", 38_000, False, "2017-12-31", "actual"),
            ("乌兰察布市", "remaining_poor", "persons", 84_000, False, "2017-12-31", "actual"),
            ("乌兰察布市", "remaining_poor", "households", 1252, False, "2018-03-01", "actual"),
            ("乌兰察布市", "remaining_poor", "persons", 1648, False, "2018-03-01", "actual"),
        },
    ),
    # a group of regions (少数民族自治州), a bank's own figures (该行), a subgroup of a group just counted,
    # reservoir resettlement: none is an observation of the region
    (
        "少数民族自治州贫困人口近550万，贫困发生率为9%。今年该行预计投放扶贫小额信贷2亿元。"
        "71万搬出大山的建档立卡贫困人口已有69.12万人实现脱贫。完成库区移民搬迁17人。",
        DocumentContext(title="广西易地扶贫搬迁", published=date(2020, 6, 27)),
        {("广西壮族自治区", "relocated", "persons", 710_000, False, "2020-06-27", "actual")},
    ),
    # 全年 in a report of the year's first months is the year just ended
    (
        "完成易地扶贫搬迁3万人，全年减少农村贫困人口100万人。",
        DocumentContext(title="云南扶贫", published=date(2015, 2, 12)),
        {
            ("云南省", "relocated", "persons", 30_000, False, "2014", "actual"),
            ("云南省", "lifted_out", "persons", 1_000_000, False, "2014", "actual"),
        },
    ),
    # an average per year is no figure of the period; counties exited are no villages, and a county
    # count before a list of villages leaves the villages' verb alone
    (
        "2014年以来，全省累计减少贫困人口684万人，年均减贫100万人以上。全省共有49个贫困县摘帽、6300个贫困村出列，贫困县摘帽30个。",
        DocumentContext(title="河北脱贫攻坚", published=date(2019, 12, 1)),
        {
            ("河北省", "lifted_out", "persons", 6_840_000, False, "2019-12-01", "actual"),
            ("河北省", "villages_exited", "villages", 6300, False, "2019-12-01", "actual"),
        },
    ),
    # 还有N贫困人口: the still-poor, whatever noun follows; 550余万: a hedge before the multiplier
    (
        "到今年底，四川将累计实现脱贫550余万贫困人口。完成今年脱贫目标后，四川省还有70余万贫困人口。",
        DocumentContext(title="四川脱贫攻坚", published=date(2018, 9, 4)),
        {
            ("四川省", "lifted_out", "persons", 5_500_000, True, "2018-12-31", "target"),
            ("四川省", "remaining_poor", "persons", 700_000, True, "2018", "actual"),
        },
    ),
    # a town in quotation marks is still a town; groups of counties (27个深度贫困县, 藏区) are no region;
    # a caption's number (图1) is no figure
    (
        "“东坡底乡共有建档立卡贫困人口3014人。27个深度贫困县贫困发生率在30%左右，四川彝区藏区贫困人口减少79.6万人。图1贫困人口构成图",
        DocumentContext(title="脱贫攻坚", published=date(2018, 9, 3)),
        set(),
    ),
    # 全区 said in a county's report of an autonomous region: the autonomous region
    (
        "剩余的1个贫困县（西吉县）和全区1.88万贫困人口今年将脱贫退出。",
        DocumentContext(title="西吉县脱贫攻坚", published=date(2020, 3, 6)),
        {("宁夏回族自治区", "lifted_out", "persons", 18_800, False, "2020", "target"),
         ("宁夏回族自治区", "remaining_poor", "persons", 18_800, False, "2020-03-06", "actual")},
    ),
    # (预)出列数 are exits; in a report of unknown date, a month takes the year its opening names
    (
        "2020年2月至6月贫困村出列数以及贫困人口出列数。\n百色市6月份贫困村预出列数96个\n百色市6月份贫困人口预出列数31040人",
        DocumentContext(title=None, published=None),
        {
            ("百色市", "villages_exited", "villages", 96, False, "2020-06", "actual"),
            ("百色市", "lifted_out", "persons", 31_040, False, "2020-06", "actual"),
        },
    ),
    # 上年 after a year the sentence names is the year before it; a from-figure after X年以来 is of X
    (
        "2018年，安徽省贫困发生率由上年的2.22%降至0.93%。2014年建档立卡以来，全省贫困发生率由9.84%下降到0.78%。",
        DocumentContext(title="安徽脱贫攻坚", published=date(2019, 10, 16)),
        {
            ("安徽省", "poverty_rate", "percent", 2.22, False, "2017", "actual"),
            ("安徽省", "poverty_rate", "percent", 0.93, False, "2018", "actual"),
            ("安徽省", "poverty_rate", "percent", 9.84, False, "2014", "actual"),
            ("安徽省", "poverty_rate", "percent", 0.78, False, "2019-10-16", "actual"),
        },
    ),
    # a place given as an example (娄烦等17个县) is not the title's subject; a first clause of 建档立卡 or
    # 近年来 is no subject; the 全州 nearest the figure is its region
    (
        "2014年建档立卡，山西省共识别贫困村7993个，农村贫困人口329万。",
        DocumentContext(title="山西省政府批准娄烦等17个县脱贫“摘帽”", published=date(2019, 2, 28)),
        {
            ("山西省", "poor_villages", "villages", 7993, False, "2014", "actual"),
            ("山西省", "poor_population", "persons", 3_290_000, False, "2014", "actual"),
        },
    ),
    ("近年来，凉山州累计减少贫困人口60万人。", DocumentContext(title="四川彝族大凉山现状", published=date(2020, 7, 9)), {
        ("凉山彝族自治州", "lifted_out", "persons", 600_000, False, "2020-07-09", "actual"),
    }),
    ("未摘帽的屏边县、14个未脱贫村、全州剩余的22030名未脱贫人口已达到脱贫标准。", DocumentContext(title="红河州脱贫攻坚", published=date(2020, 7, 9)), {
        ("红河哈尼族彝族自治州", "remaining_poor", "persons", 22_030, False, "2020-07-09", "actual"),
    }),
    # a title's 全区 beside a county: the autonomous region; 贫困人口最多的县 is no county's name
    (
        "目前，贫困人口累计减少93.7万人。",
        DocumentContext(title="西吉县和全区188万贫困人口今年将脱贫", published=date(2020, 3, 6)),
        {("宁夏回族自治区", "lifted_out", "persons", 937_000, False, "2020-03-06", "actual")},
    ),
    ("建档立卡贫困人口总数达56万！", DocumentContext(title="56万！我国贫困人口最多的县“摘帽”", published=date(2020, 5, 18), site_name="镇雄县人民政府"), {
        ("镇雄县", "poor_population", "persons", 560_000, False, "2020-05-18", "actual"),
    }),
    # a span since an undated event runs to the report's date, past the paragraph's 截至; a year that
    # dates a standard (2013年公布的…标准) is not the figures' date
    (
        "截至2018年底，全省贫困发生率降至1.49%。党的十八大以来，全省农村贫困人口累计减少684万人。依据国家2013年公布的2736元扶贫标准，全省识别贫困人口580.7万人。",
        DocumentContext(title="湖南脱贫攻坚", published=date(2019, 9, 12)),
        {
            ("湖南省", "poverty_rate", "percent", 1.49, False, "2018-12-31", "actual"),
            ("湖南省", "lifted_out", "persons", 6_840_000, False, "2019-09-12", "actual"),
            ("湖南省", "poor_population", "persons", 5_807_000, False, "2018-12-31", "actual"),
        },
    ),
    # a list's next item (、贫困县摘帽30个) is not the village count's own clause; 相对贫困村 are poor villages;
    # a first item with its own verb (贫困人口脱贫、9个贫困县摘帽) lends none to the next
    (
        "2016—2017年累计减少贫困人口29.7万人、贫困村退出2713个、贫困县摘帽30个。全市349个省定相对贫困村全部达到退出标准。"
        "明年实现剩余的15万左右贫困人口脱贫、9个深度贫困县脱贫摘帽。",
        DocumentContext(title="西藏脱贫攻坚", published=date(2018, 1, 20)),
        {
            ("西藏自治区", "lifted_out", "persons", 297_000, False, "2017", "actual"),
            ("西藏自治区", "villages_exited", "villages", 2713, False, "2017", "actual"),
            ("西藏自治区", "villages_exited", "villages", 349, False, "2018-01-20", "actual"),
            ("西藏自治区", "lifted_out", "persons", 150_000, True, "2019", "target"),
            ("西藏自治区", "remaining_poor", "persons", 150_000, True, "2018-01-20", "actual"),  # (still poor now)
        },
    ),
    # a date tied to another figure (2015年剩余的22户) is not the next clause's; N户M人全部退出 are exits;
    # a count of the poor after a verb of its own is no continued level of the still-poor
    (
        "2016年，永宁县新增建档立卡贫困户69户305人，加上2015年剩余的22户105人，最终精准识别出永宁县贫困户91户410人。\n"
        "截至2016年年底，全县6个贫困村脱贫销号，91户410人全部退出。",
        DocumentContext(title="永宁县脱贫攻坚", published=date(2017, 7, 14)),
        {
            ("永宁县", "remaining_poor", "households", 22, False, "2015", "actual"),
            ("永宁县", "remaining_poor", "persons", 105, False, "2015", "actual"),
            ("永宁县", "poor_population", "households", 91, False, "2016", "actual"),
            ("永宁县", "poor_population", "persons", 410, False, "2016", "actual"),
            ("永宁县", "villages_exited", "villages", 6, False, "2016-12-31", "actual"),
            ("永宁县", "lifted_out", "households", 91, False, "2016-12-31", "actual"),
            ("永宁县", "lifted_out", "persons", 410, False, "2016-12-31", "actual"),
        },
    ),
    # the poor among the relocated (其中：建档立卡贫困人口…) are a part; 还有 heads its whole list; a
    # relocation done (实现易地扶贫搬迁, 搬迁全部完成); a plan's figure over “十三五”时期 is of its end
    (
        "“十三五”期间，共实施易地扶贫搬迁5300人1334户，其中：建档立卡贫困人口4109人1033户。\n"
        "截至2017年底，河南还有51个贫困县、3723个贫困村、221万农村贫困人口。\n"
        "2016年古蔺县1.37万贫困人口实现易地扶贫搬迁。\n"
        "“十三五”时期我省需完成易地扶贫搬迁建档立卡贫困人口9万人。",
        DocumentContext(title="河南脱贫攻坚", published=date(2018, 1, 25)),
        {
            ("河南省", "relocated", "persons", 5300, False, "2018-01-25", "actual"),
            ("河南省", "relocated", "households", 1334, False, "2018-01-25", "actual"),
            ("河南省", "poor_villages", "villages", 3723, False, "2017-12-31", "actual"),
            ("河南省", "remaining_poor", "persons", 2_210_000, False, "2017-12-31", "actual"),
            ("古蔺县", "relocated", "persons", 13_700, False, "2016", "actual"),
            ("河南省", "relocated", "persons", 90_000, False, "2020", "target"),
        },
    ),
    # a rate of the place that follows it (19.7%的…村); poor townships (贫困乡镇25个) and what the villages'
    # people have (74个贫困村群众的…) are no village counts
    (
        "贫困发生率19.7%的叙永县堰塘村发展甜橙。贫困乡镇25个已全部退出。74个贫困村群众的义务教育得到保障。",
        DocumentContext(title="叙永县脱贫攻坚", published=date(2017, 5, 24)),
        set(),
    ),
    # a verb before a list holds for its later items; credit and income wordings of real reports
    (
        "2014至2017年累计脱贫退出19个贫困村、8760户36940人。1至10月，我县扶贫小额信贷投放总量达15.73亿元。"
        "从2016年至今共为632户建档立卡贫困户发放贷款3317.4万元。贫困人口的人均纯收入由2010年末的1437元增加到3100多元。"
        "全县有101.1万人通过转移就业促脱贫。",
        DocumentContext(title="龙陵县脱贫攻坚", published=date(2018, 11, 5)),
        {
            ("龙陵县", "villages_exited", "villages", 19, False, "2017", "actual"),
            ("龙陵县", "lifted_out", "households", 8760, False, "2017", "actual"),
            ("龙陵县", "lifted_out", "persons", 36_940, False, "2017", "actual"),
            ("龙陵县", "microcredit", "yuan", 1_573_000_000, False, "2018-10", "actual"),
            ("龙陵县", "microcredit", "yuan", 33_174_000, False, "2018-11-05", "actual"),
            ("龙陵县", "income_per_capita", "yuan", 1437, False, "2010-12-31", "actual"),
            ("龙陵县", "income_per_capita", "yuan", 3100, True, "2018-11-05", "actual"),
            ("龙陵县", "jobs_transferred", "persons", 1_011_000, False, "2018-11-05", "actual"),
        },
    ),
    # 去年底 is the end of last year, as a from→to's end too, which the next from→to borrows
    (
        "农村贫困人口从2012年底的750万人减少到去年底的272万人，贫困发生率从11.5%下降至4.3%。",
        DocumentContext(title="四川脱贫攻坚", published=date(2017, 5, 24)),
        {
            ("四川省", "poor_population", "persons", 7_500_000, False, "2012-12-31", "actual"),
            ("四川省", "poor_population", "persons", 2_720_000, False, "2016-12-31", "actual"),
            ("四川省", "poverty_rate", "percent", 11.5, False, "2012-12-31", "actual"),
            ("四川省", "poverty_rate", "percent", 4.3, False, "2016-12-31", "actual"),
        },
    ),
    # a county that is a sentence's subject stays the subject of the paragraph's later sentences that
    # name none; the next paragraph is the report's again; a sentence about where something happened
    # (在…召开) sets no subject
    (
        "2017年以来，龙陵县经过动态调整，新增贫困人口14018人。2014至2017年累计脱贫8760户36940人。\n"
        "全市贫困发生率降至2.41%。\n"
        "在昌宁县召开现场会。全市累计脱贫11.3万人。",
        DocumentContext(title="保山市脱贫攻坚工作成效", published=date(2018, 12, 28)),
        {
            ("龙陵县", "lifted_out", "households", 8760, False, "2017", "actual"),
            ("龙陵县", "lifted_out", "persons", 36_940, False, "2017", "actual"),
            ("保山市", "poverty_rate", "percent", 2.41, False, "2018-12-28", "actual"),
            ("保山市", "lifted_out", "persons", 113_000, False, "2018-12-28", "actual"),
        },
    ),
    # 宝丰镇 is a town (no 丰镇市 with one character before it); money backing loans is no credit; villages
    # added to the list (调增贫困村47个) are no count of them
    (
        "云上竹山讯 5月9日，宝丰镇秦家河村43户易地搬迁贫困户喜迁新居。古田县设1417万元“扶贫小额信贷风险资金池”。\n"
        "龙陵县调增贫困村47个，全县共有80个贫困村。",
        DocumentContext(title="竹山县易地扶贫搬迁", published=date(2019, 5, 10)),
        {("龙陵县", "poor_villages", "villages", 80, False, "2019-05-10", "actual")},
    ),
    # 全县 after a sentence's own subject is that subject, not the county an earlier sentence was about
    (
        "龙陵县经过动态调整，新增贫困人口14018人。昌宁县调增贫困村5个，全县共有56个贫困村。",
        DocumentContext(title="保山市脱贫攻坚工作成效", published=date(2018, 12, 28)),
        {("昌宁县", "poor_villages", "villages", 56, False, "2018-12-28", "actual")},
    ),
    # a date after the figure that belongs to another verb (饮水安全已于去年9月全部达标) is not its date
    (
        "饮水安全保障方面，建档立卡贫困户90225户饮水安全已于去年9月全部达标。",
        COUNTY,
        {("会泽县", "poor_population", "households", 90_225, False, PUB, "actual")},
    ),
    # the qualifiers of the poor stand in any order; a 贫困家庭 is a poor household
    (
        "2019年全县实现1.2万建档立卡农村贫困人口脱贫，目标是使600户贫困家庭和1800名贫困人口脱贫。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 12_000, False, "2019", "actual"),
            ("会泽县", "lifted_out", "households", 600, False, "2019", "target"),
            ("会泽县", "lifted_out", "persons", 1800, False, "2019", "target"),
        },
    ),
    # 从X年至去年: a period; its total and its end figure are of its end, the from-figure of its start
    # (去年 counts from the report's date, whatever year the sentence named before it)
    (
        "从2014年至去年，全县累计减少贫困人口1.2万人，贫困发生率从18.5%降至0.5%。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 12_000, False, "2019", "actual"),
            ("会泽县", "poverty_rate", "percent", 18.5, False, "2014", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.5, False, "2019", "actual"),
        },
    ),
    # …贫困村中，已出列M个: the exits of the whole just named, not a sub-group
    (
        "两年多来，全县1778个贫困村中，已出列1678个。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 1778, False, PUB, "actual"),
            ("会泽县", "villages_exited", "villages", 1678, False, PUB, "actual"),
        },
    ),
    # those there are now (现有) who are to exit (将): a plan
    ("到2020年，全县现有8000余名贫困人口将全部脱贫。", COUNTY, {("会泽县", "lifted_out", "persons", 8000, True, "2020", "target")}),
    # people other than 贫困人口 who moved (农牧民), counted with 位
    (
        "今年1至5月，全县已有220余户、860余位农牧民完成易地扶贫搬迁。",
        COUNTY,
        {
            ("会泽县", "relocated", "households", 220, True, "2020-05", "actual"),
            ("会泽县", "relocated", "persons", 860, True, "2020-05", "actual"),
        },
    ),
    # villages not yet out (未摘帽) are poor villages; people who have not exited (没有脱贫) are still poor
    (
        "截至2019年底，全县仍有12个贫困村未摘帽、2795户5420名贫困人口没有脱贫。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 12, False, "2019-12-31", "actual"),
            ("会泽县", "remaining_poor", "households", 2795, False, "2019-12-31", "actual"),
            ("会泽县", "remaining_poor", "persons", 5420, False, "2019-12-31", "actual"),
        },
    ),
    # a plan marker after a date the sentence reached (到2015年末) still makes the later figures targets
    (
        "到2015年末，全县还有贫困村121个，为确保2016年全县30个贫困村退出、9525户贫困户脱贫，全县整合资金3亿元。",
        DocumentContext(title="会泽县脱贫攻坚", published=date(2017, 1, 22)),
        {
            ("会泽县", "poor_villages", "villages", 121, False, "2015-12-31", "actual"),
            ("会泽县", "villages_exited", "villages", 30, False, "2016", "target"),
            ("会泽县", "lifted_out", "households", 9525, False, "2016", "target"),
            ("会泽县", "poverty_funds", "yuan", 300_000_000, False, "2016", "actual"),
        },
    ),
    # 争取资金 is money obtained; 按照…决策部署 a plan followed: neither makes a goal
    (
        "按照中央决策部署，2017年全县完成脱贫9808人，争取扶贫资金5256万元。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 9808, False, "2017", "actual"),
            ("会泽县", "poverty_funds", "yuan", 52_560_000, False, "2017", "actual"),
        },
    ),
    # the plan's 将 stands in the first clause after the news's source
    (
        "据介绍，全县今年将完成50个村整村推进，实施易地扶贫搬迁3000人，减少农村贫困人口5500人。",
        COUNTY,
        {
            ("会泽县", "relocated", "persons", 3000, False, "2020", "target"),
            ("会泽县", "lifted_out", "persons", 5500, False, "2020", "target"),
        },
    ),
    # relocation as reports word it: 搬出山庄窝铺, 完成入住, 喜迁新居
    (
        "截至目前，全县已有870余户、3570余人完成入住，约有9580名群众搬出了山庄窝铺，1200户5700人喜迁新居。",
        COUNTY,
        {
            ("会泽县", "relocated", "households", 870, True, PUB, "actual"),
            ("会泽县", "relocated", "persons", 3570, True, PUB, "actual"),
            ("会泽县", "relocated", "persons", 9580, True, PUB, "actual"),
            ("会泽县", "relocated", "households", 1200, False, PUB, "actual"),
            ("会泽县", "relocated", "persons", 5700, False, PUB, "actual"),
        },
    ),
    # 贫困面 and 贫困率 are the poverty rate; the income of the poor without 人均
    (
        "全区贫困面由38.3%下降到20.4%；贫困人口可支配收入由1437元增加到3100元。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 38.3, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 20.4, False, PUB, "actual"),
            ("会泽县", "income_per_capita", "yuan", 1437, False, PUB, "actual"),
            ("会泽县", "income_per_capita", "yuan", 3100, False, PUB, "actual"),
        },
    ),
    # 相对贫困 households not yet out of poverty (尚未脱离贫困)
    (
        "全县8617户相对贫困家庭和18475名相对贫困人口尚未脱离贫困。",
        COUNTY,
        {
            ("会泽县", "remaining_poor", "households", 8617, False, PUB, "actual"),
            ("会泽县", "remaining_poor", "persons", 18475, False, PUB, "actual"),
        },
    ),
    # a plan's verb carries the clause before on
    (
        "今年全县预计新增扶贫小额信贷5亿元，力争达到6亿元。",
        COUNTY,
        {
            ("会泽县", "microcredit", "yuan", 500_000_000, False, "2020", "target"),
            ("会泽县", "microcredit", "yuan", 600_000_000, False, "2020", "target"),
        },
    ),
    # the poor households and persons after a count of poor villages; the poor as a part of everyone
    (
        "全县总人口21万，共有59个贫困村13670户53768人。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 59, False, PUB, "actual"),
            ("会泽县", "poor_population", "households", 13670, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 53768, False, PUB, "actual"),
        },
    ),
    (
        "全县辖11个镇，总人口18.2万，其中贫困人口14199户38750人。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 14199, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 38750, False, PUB, "actual"),
        },
    ),
    # a year whose digits a reprint lost (从年的…下降到年底的…) still reads as from→to
    (
        "全县贫困发生率从年的12.25%下降到年底的0.46%。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 12.25, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 0.46, False, PUB, "actual"),
        },
    ),
    # a count after an exit verb where the sentence counts counties is no village count
    (
        "全市曾有8个贫困县，2016年摘帽2个，2017年摘帽3个，全市692个贫困村全部退出。",
        CITY,
        {("洛阳市", "villages_exited", "villages", 692, False, "2017", "actual")},
    ),
    # a span of years counted back (连续7年来) is no subject: 我国 after it is
    ("连续7年来，我国每年减贫1000万人以上，贫困人口从2012年底的9899万人减至2019年底的551万人。", COUNTY, set()),
    # several prefectures at once (南疆四地州), counties counted as 国贫县
    ("同期，南疆四地州交出188.95万人脱贫的答卷，20个国贫县整合资金53.1亿元。", COUNTY, set()),
    # a region that speaks of itself (广西指出，…) is the sentence's subject; so is one after 仅仅五年
    (
        "广西指出，要确保全年减少贫困人口122万人。仅仅五年，新疆231.47万人摆脱绝对贫困，贫困发生率由2014年的19.4%降至6.1%。",
        DocumentContext(title="多省区晒出脱贫成绩单", published=date(2019, 9, 13)),
        {
            ("广西壮族自治区", "lifted_out", "persons", 1_220_000, False, "2019-09-13", "target"),
            ("新疆维吾尔自治区", "lifted_out", "persons", 2_314_700, False, "2019-09-13", "actual"),
            ("新疆维吾尔自治区", "poverty_rate", "percent", 19.4, False, "2014", "actual"),
            ("新疆维吾尔自治区", "poverty_rate", "percent", 6.1, False, "2019-09-13", "actual"),
        },
    ),
    # a share of all villages (占全省行政村总数的40%) leaves the count of poor villages whole
    (
        "全县共识别贫困村48个，占全县行政村总数的40%。",
        COUNTY,
        {("会泽县", "poor_villages", "villages", 48, False, PUB, "actual")},
    ),
    # 过去5年: a from-figure over it is of five years before the report's year
    (
        "据了解，过去5年，全县农村贫困人口从7.3万减少到1.7万，贫困发生率从11.5%下降到2.7%。",
        COUNTY,
        {
            ("会泽县", "poor_population", "persons", 73_000, False, "2015", "actual"),
            ("会泽县", "poor_population", "persons", 17_000, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 11.5, False, "2015", "actual"),
            ("会泽县", "poverty_rate", "percent", 2.7, False, PUB, "actual"),
        },
    ),
    # a number of people as the size of a task (2100人减贫任务)
    ("2016年全县将完成2100人减贫任务。", COUNTY, {("会泽县", "lifted_out", "persons", 2100, False, "2016", "target")}),
    # a plan's 需 in the first clause leaves a later clause that says 已 done
    (
        "据统计，全县共有9825户需易地扶贫搬迁，2016年已安置易地扶贫搬迁2892户7729人。",
        COUNTY,
        {
            ("会泽县", "relocated", "households", 9825, False, PUB, "target"),
            ("会泽县", "relocated", "households", 2892, False, "2016", "actual"),
            ("会泽县", "relocated", "persons", 7729, False, "2016", "actual"),
        },
    ),
    # 现有建档立卡贫困户…: the registered total, the exits among them told after it
    (
        "全县现有建档立卡贫困户7465户15979人，截至2018年底已脱贫退出7000户。",
        COUNTY,
        {
            ("会泽县", "poor_population", "households", 7465, False, PUB, "actual"),
            ("会泽县", "poor_population", "persons", 15979, False, PUB, "actual"),
            ("会泽县", "lifted_out", "households", 7000, False, "2018-12-31", "actual"),
        },
    ),
    # the poor's share of the rural population is the poverty rate; 仅为 and (GDP) between a wording and its figure
    (
        "全县贫困人口占农业人口的6.9%，贫困发生率仅为0.45%，地区生产总值(GDP)实现927886万元。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 6.9, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 0.45, False, PUB, "actual"),
            ("会泽县", "gdp", "yuan", 9_278_860_000, False, PUB, "actual"),
        },
    ),
    # the poor placed (安置) are the relocated, not the registered total; the relocation's grand total
    # with the non-poor who moved along (总搬迁人口) is no poor relocation
    (
        "全县搬迁建档立卡贫困人口3.62万，同步搬迁1.1万人，总搬迁人口4.72万，集中安置建档立卡贫困人口3.23万。",
        COUNTY,
        {("会泽县", "relocated", "persons", 36_200, False, PUB, "actual")},
    ),
    # N年前: so many years before the report; 当年 after a year the sentence names: that year
    (
        "至此，全县贫困人口从六年前的8.6万人减少到1.5万人。2015年全县脱贫攻坚全面推进，当年减贫1.03万人。",
        DocumentContext(title="会泽县脱贫攻坚", published=date(2019, 2, 14)),
        {
            ("会泽县", "poor_population", "persons", 86_000, False, "2013", "actual"),
            ("会泽县", "poor_population", "persons", 15_000, False, "2019-02-14", "actual"),
            ("会泽县", "lifted_out", "persons", 10_300, False, "2015", "actual"),
        },
    ),
    # 去年年底的 as a to-figure's date; a quoted qualifier of the poor villages; those designated to move
    # (搬迁对象) are a relocation plan
    (
        "全县贫困率从22.9%下降到去年年底的3%。30个“十三五”贫困村已全部出列。重新核定建档立卡移民搬迁对象2433户8930人。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 22.9, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 3, False, "2019-12-31", "actual"),
            ("会泽县", "villages_exited", "villages", 30, False, PUB, "actual"),
            ("会泽县", "relocated", "households", 2433, False, PUB, "target"),
            ("会泽县", "relocated", "persons", 8930, False, PUB, "target"),
        },
    ),
    # villages a project reaches (带动) or cadres pair with (包联) are no count of the poor villages;
    # the labour force is no count of jobs, the rural labour as a whole no count of the poor's
    (
        "全县建设光伏扶贫电站2座，带动贫困村40个。选派150名干部包联30个重点贫困村。全县5741名贫困劳动力实现转移就业3686人。新增农村劳动力转移就业6.8万人。",
        COUNTY,
        {("会泽县", "jobs_transferred", "persons", 3686, False, PUB, "actual")},
    ),
    # 紧盯目标任务: a slogan, no plan for the figures after it
    (
        "去年，全县聚焦精准脱贫，紧盯目标任务，投入扶贫资金17.48亿元，51个贫困村全部退出。",
        COUNTY,
        {
            ("会泽县", "poverty_funds", "yuan", 1_748_000_000, False, "2019", "actual"),
            ("会泽县", "villages_exited", "villages", 51, False, "2019", "actual"),
        },
    ),
    # the exit verb of the clause before carries to a clause that only names the poor and their count
    (
        "2014-2019年，全县累计退出贫困村127个（其中非贫困村2个），贫困人口37577户166220人，贫困发生率下降至0.78%。",
        COUNTY,
        {
            ("会泽县", "villages_exited", "villages", 127, False, "2019", "actual"),
            ("会泽县", "lifted_out", "households", 37_577, False, "2019", "actual"),
            ("会泽县", "lifted_out", "persons", 166_220, False, "2019", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.78, False, "2019", "actual"),
        },
    ),
    # N个贫困村中已有M个退出: N is the count of poor villages, M the exited ones
    (
        "全县60个贫困村中已经有45个退出。",
        COUNTY,
        {
            ("会泽县", "poor_villages", "villages", 60, False, PUB, "actual"),
            ("会泽县", "villages_exited", "villages", 45, False, PUB, "actual"),
        },
    ),
    # a province's own name for its poor, a verb a few words after them (提前一年实现脱贫)
    (
        "全县建档立卡10281户18995名低收入农户全部提前一年实现脱贫。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "households", 10281, False, PUB, "actual"),
            ("会泽县", "lifted_out", "persons", 18995, False, PUB, "actual"),
        },
    ),
    ("全县累计有189个经济薄弱村达标。", COUNTY, {("会泽县", "villages_exited", "villages", 189, False, PUB, "actual")}),
    ("全旗共有229个贫困嘎查。", COUNTY, {("会泽县", "poor_villages", "villages", 229, False, PUB, "actual")}),
    # 其中： a part of the group just named
    ("全县搬迁4942户19776人，其中：建档立卡户3660户14617人。", COUNTY, {
        ("会泽县", "relocated", "households", 4942, False, PUB, "actual"),
        ("会泽县", "relocated", "persons", 19776, False, PUB, "actual"),
    }),
    # 没有脱贫 after the people: still poor, not an exit
    ("目前，全县还有2795户5420名贫困人口没有脱贫。", COUNTY, {
        ("会泽县", "remaining_poor", "households", 2795, False, PUB, "actual"),
        ("会泽县", "remaining_poor", "persons", 5420, False, PUB, "actual"),
    }),
    # 已减至: the level of those still poor after some have exited
    ("2018年底，全县贫困人口已减至1.86万人。", COUNTY, {("会泽县", "remaining_poor", "persons", 18600, False, "2018-12-31", "actual")}),
    # the idiom of the poor's hat
    ("2019年，全县12953户36673人贫困人口摘下了“穷帽子”。", COUNTY, {
        ("会泽县", "lifted_out", "households", 12953, False, "2019", "actual"),
        ("会泽县", "lifted_out", "persons", 36673, False, "2019", "actual"),
    }),
    # poor people taken into 低保: a count of another programme
    ("全县2.65万户7.22万人贫困群众纳入低保保障。", COUNTY, set()),
    # 提高到2019年的: the to-part of a change, a date of that figure only, not a 截至 for the paragraph
    (
        "全县贫困人口人均收入由2014年的2467元提高到2019年的10407元。完成农村危房改造51652户。",
        COUNTY,
        {
            ("会泽县", "income_per_capita", "yuan", 2467, False, "2014", "actual"),
            ("会泽县", "income_per_capita", "yuan", 10407, False, "2019", "actual"),
            ("会泽县", "housing_renovated", "households", 51652, False, PUB, "actual"),
        },
    ),
    # a county's own site saying 我县: its county, though the text names a visitor's county more
    (
        "9月16日，我县召开脱贫攻坚汇报座谈会，榆阳区人民政府副区长一行来我县检查指导。榆阳区检查组听取了汇报。全县共有贫困人口2433户8930人。",
        DocumentContext(title="我县召开脱贫攻坚汇报座谈会", published=date(2017, 9, 18), site_name="靖边新闻信息网"),
        {
            ("靖边县", "poor_population", "households", 2433, False, "2017-09-16", "actual"),
            ("靖边县", "poor_population", "persons", 8930, False, "2017-09-16", "actual"),
        },
    ),
    # 统筹投入各项资金, 整合资金: the funds of the poverty work
    ("全县统筹投入各项资金37.7亿元。", COUNTY, {("会泽县", "poverty_funds", "yuan", 3_770_000_000, False, PUB, "actual")}),
    ("全县使用整合资金2.93亿元。", COUNTY, {("会泽县", "poverty_funds", "yuan", 293_000_000, False, PUB, "actual")}),
    # what the poor villages have, not the villages: 43个贫困村的104个大棚, 24个贫困村光伏电站
    ("全县43个省定贫困村的104个蔬菜大棚实现当年受益。", COUNTY, set()),
    ("全县24个贫困村光伏扶贫电站并网发电。", COUNTY, set()),
    # the poor a loan went to or supported: recipients, not the count of the poor
    ("全县累计发放扶贫小额信贷5.9亿元，支持贫困户1.39万户。", COUNTY, {("会泽县", "microcredit", "yuan", 590_000_000, False, PUB, "actual")}),
    ("截至9月底，全县向首批通过审核的820户建档立卡贫困户，发放首批贷款。", COUNTY, set()),
    # a plan said to be done: the figures after it are what was achieved
    (
        "全县全面完成2019年年度脱贫计划，实现5000人脱贫、20个贫困村退出。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 5000, False, "2019", "actual"),
            ("会泽县", "villages_exited", "villages", 20, False, "2019", "actual"),
        },
    ),
    # 国标线下 qualifies the poor like 现行标准下
    ("会泽县2016年脱贫人口目标：实现2.5万国标线下贫困人口脱贫。", COUNTY, {("会泽县", "lifted_out", "persons", 25000, False, "2016", "target")}),
    # 作为…，: an apposition, not the sentence's subject (全国 in it is no subject)
    (
        "作为全国脱贫攻坚的主战场，2012年以来，会泽县累计减少贫困人口6.7万人。",
        COUNTY,
        {("会泽县", "lifted_out", "persons", 67000, False, PUB, "actual")},
    ),
    # a province's committee and government acting (辽宁省委省政府…宣布): the province is the subject
    (
        "辽宁省委省政府在1月3日召开的全省脱贫攻坚会议上宣布，到2019年底，1791个贫困村全部销号。",
        DocumentContext(title="多省区晒脱贫成绩单", published=date(2020, 1, 20)),
        {("辽宁省", "villages_exited", "villages", 1791, False, "2019-12-31", "actual")},
    ),
    # … but a government only naming an event (重庆市政府新闻发布会) is the organiser, not the subject
    (
        "重庆市政府新闻发布会今日召开，酉阳县委书记介绍，截至2019年底，已累计实现14.9万人脱贫。",
        DocumentContext(title="酉阳县脱贫攻坚新闻发布会", published=date(2020, 5, 15)),
        {("酉阳土家族苗族自治县", "lifted_out", "persons", 149000, False, "2019-12-31", "actual")},
    ),
    # 全旗 in a text about a prefecture's banner named by its short form with its suffix (察右后旗)
    (
        "乌兰察布市察右后旗地处阴山北麓。近几年来，察右后旗紧紧围绕脱贫摘帽目标推进。全旗建档立卡贫困人口由2014年的7800户减少到2019年底的74户。",
        DocumentContext(title=None, published=date(2020, 6, 1)),
        {
            ("察哈尔右翼后旗", "poor_population", "households", 7800, False, "2014", "actual"),
            ("察哈尔右翼后旗", "poor_population", "households", 74, False, "2019-12-31", "actual"),
        },
    ),
    # 过去5年 … 到2017年底: the span ends at the year the to-figure names
    (
        "过去5年，全县贫困人口从7.33万人减少到2017年底的2.6万人。",
        DocumentContext(title="会泽县脱贫攻坚", published=date(2018, 6, 1)),
        {
            ("会泽县", "poor_population", "persons", 73300, False, "2012", "actual"),
            ("会泽县", "poor_population", "persons", 26000, False, "2017-12-31", "actual"),
        },
    ),
    # the sentence turns from the plan to what was done: the figures after are achievements
    (
        "近年来，全县紧盯整县脱贫目标任务，脱贫攻坚工作取得了阶段性成效，贫困发生率从28.67%下降到13.89%。",
        COUNTY,
        {
            ("会泽县", "poverty_rate", "percent", 28.67, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 13.89, False, PUB, "actual"),
        },
    ),
    (
        "2016年全县预计脱贫2.72万人，实际脱贫3.29万人。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 27200, False, "2016", "target"),
            ("会泽县", "lifted_out", "persons", 32900, False, "2016", "actual"),
        },
    ),
    # a rate per unit is no total: 每个园区安排…100万元, 每个贫困村有5名队员
    ("全县每个产业园区安排财政专项扶贫资金100万元。", COUNTY, set()),
    ("保证每个贫困村有5至10名工作队员。", COUNTY, set()),
    # several provinces at once (民族八省区): no one province's figure
    ("2014年民族八省区农村贫困人口为2205万人。", DocumentContext(title="内蒙古自治区扶贫", published=date(2015, 4, 17)), set()),
    # 搬迁贫困户: the relocated named by any name of the poor
    (
        "全县共搬迁贫困户993户2626人。",
        COUNTY,
        {
            ("会泽县", "relocated", "households", 993, False, PUB, "actual"),
            ("会泽县", "relocated", "persons", 2626, False, PUB, "actual"),
        },
    ),
    # 生活在贫困线以下 names the poor; 仍有 makes them the still-poor
    ("截至目前，全县仍有6230人生活在贫困线以下。", COUNTY, {("会泽县", "remaining_poor", "persons", 6230, False, PUB, "actual")}),
    # 的搬迁任务, 改造农村牧区危房, GDP总产值
    ("“十三五”期间，全县将完成1.42万人的搬迁任务。", COUNTY, {("会泽县", "relocated", "persons", 14200, False, "2020", "target")}),
    ("2019年全县改造农村牧区危房7255户。", COUNTY, {("会泽县", "housing_renovated", "households", 7255, False, "2019", "actual")}),
    ("2015年全县GDP总产值为291.77亿元。", COUNTY, {("会泽县", "gdp", "yuan", 29_177_000_000, False, "2015", "actual")}),
    # a dateline (贵阳1月27日电) names where the news was filed, not the subject
    (
        "贵阳1月27日电（曾实）27日，贵州省省长在《政府工作报告》中强调，2019年贵州省计划减少农村贫困人口110万人。",
        DocumentContext(title=None, published=date(2019, 1, 28)),
        {("贵州省", "lifted_out", "persons", 1_100_000, False, "2019", "target")},
    ),
    # a plan's numbers given as 计划任务数 / 奋斗目标数
    (
        "会议同意将全县2017年脱贫攻坚目标任务调整为：全县贫困人口脱贫计划任务数7000人，贫困村脱贫摘帽计划任务数90个。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 7000, False, "2017", "target"),
            ("会泽县", "villages_exited", "villages", 90, False, "2017", "target"),
        },
    ),
    # 改造贫困户危旧房, 输转贫困劳动力
    ("全县改造贫困户危旧房880户。", COUNTY, {("会泽县", "housing_renovated", "households", 880, False, PUB, "actual")}),
    ("全县输转建档立卡贫困劳动力1288人。", COUNTY, {("会泽县", "jobs_transferred", "persons", 1288, False, PUB, "actual")}),
    # …的目标 after the figure in its clause: the figure is a goal (完成了年度脱贫人口100万的目标)
    (
        "2017年全县实现10620名贫困人口脱贫，完成了年度脱贫人口1万人的目标。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 10620, False, "2017", "actual"),
            ("会泽县", "lifted_out", "persons", 10000, False, "2017", "target"),
        },
    ),
    # 按照…部署，: the plan followed is no subject; the 将 after it holds for the list
    (
        "按照省政府工作部署，2018年全县将继续深入推进精准脱贫，实现1.1万农村贫困人口稳定脱贫。",
        COUNTY,
        {("会泽县", "lifted_out", "persons", 11000, False, "2018", "target")},
    ),
    # 争取…投入: money obtained, not a goal
    ("上半年全县累计争取中省财政扶贫投入1.55亿元。", COUNTY, {("会泽县", "poverty_funds", "yuan", 155_000_000, False, PUB, "actual")}),
    # after 其中 and a group of regions, the next clause goes on about the group ...
    (
        "全省贫困发生率从9.6%降到1.1%，其中彝区藏区等深度贫困地区农村贫困人口从116万人减少到36.4万人，贫困发生率从25.4%降到8%。",
        DocumentContext(title="四川省脱贫攻坚", published=date(2019, 3, 1)),
        {
            ("四川省", "poverty_rate", "percent", 9.6, False, "2019-03-01", "actual"),
            ("四川省", "poverty_rate", "percent", 1.1, False, "2019-03-01", "actual"),
        },
    ),
    # ... not a clause that names its own scope again (全年共有…)
    (
        "2018年全区共投入扶贫资金334.11亿元，其中南疆四地州占92.3%，全年共有513个贫困村退出。",
        DocumentContext(title="新疆维吾尔自治区政府工作报告", published=date(2019, 1, 30)),
        {
            ("新疆维吾尔自治区", "poverty_funds", "yuan", 33_411_000_000, False, "2018", "actual"),
            ("新疆维吾尔自治区", "villages_exited", "villages", 513, False, "2018", "actual"),
        },
    ),
    # 6县市贫困村全部摘帽: a count of counties, not of villages
    ("全州累计实现1000个贫困村退出，安宁河流域6县市贫困村全部摘帽。", DocumentContext(title="凉山州脱贫攻坚", published=date(2019, 1, 10)), {
        ("凉山彝族自治州", "villages_exited", "villages", 1000, False, "2019-01-10", "actual"),
    }),
    # 一 alone before a unit is a counting word of slogans (脱贫一户销号一户), not a figure
    ("全县坚持成熟一个退出一个，脱贫一户销号一户，确保2020年1.2万人全部脱贫。", COUNTY, {("会泽县", "lifted_out", "persons", 12000, False, "2020", "target")}),
    # the numbers of a document's title name it, they count nothing
    ("会上宣读了《关于在全区84个贫困村成立驻村帮扶工作队的通知》。", COUNTY, set()),
    # 其中 and a group with a number in its name (南疆4地州): the clauses after go on about the group
    (
        "全区贫困发生率降至1.2%，其中，南疆4地州累计脱贫20.16万人，贫困发生率由29.1%降至2.21%。",
        DocumentContext(title="新疆维吾尔自治区脱贫攻坚", published=date(2020, 1, 20)),
        {("新疆维吾尔自治区", "poverty_rate", "percent", 1.2, False, "2020-01-20", "actual")},
    ),
    # 随着…, 经过…: a circumstance, not the subject (in traditional pages too: 隨著 reads 随著)
    (
        "隨著內蒙古興安盟科右前旗、突泉縣正式退出國貧旗縣市序列，興安盟5個國貧旗縣市全部摘帽，貧困人口從2012年底的45.3萬人減少到2019年底的1705人。",
        DocumentContext(title=None, published=date(2020, 5, 1)),
        {
            ("兴安盟", "poor_population", "persons", 453000, False, "2012-12-31", "actual"),
            ("兴安盟", "poor_population", "persons", 1705, False, "2019-12-31", "actual"),
        },
    ),
    # the part after a ； goes on in the year the part before it named
    (
        "全县2017年安排6000万元用于产业发展；统筹各类资金1.07亿元，建设易地扶贫搬迁安置点43个。",
        COUNTY,
        {("会泽县", "poverty_funds", "yuan", 107_000_000, False, "2017", "actual")},
    ),
    # 当年 with no year in its sentence: the year an earlier sentence of the paragraph named
    (
        "2015年，全县共组织150个单位开展驻村扶贫。当年底，全县共减少贫困人口2.56万人；年度任务内的7个贫困村全部实现整体脱贫。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 25600, False, "2015-12-31", "actual"),
            ("会泽县", "villages_exited", "villages", 7, False, "2015-12-31", "actual"),
        },
    ),
    # after a from→to in a sentence that opens with 以来, a total is up to the report's date
    (
        "2014年以来，全县累计实现减贫8.8万人，贫困发生率从2014年末的19.71%下降至2019年末的0.64%，实现78个贫困村出列。",
        COUNTY,
        {
            ("会泽县", "lifted_out", "persons", 88000, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 19.71, False, "2014-12-31", "actual"),
            ("会泽县", "poverty_rate", "percent", 0.64, False, "2019-12-31", "actual"),
            ("会泽县", "villages_exited", "villages", 78, False, PUB, "actual"),
        },
    ),
    ("2016年，全县将有25个村整体脱贫。", COUNTY, {("会泽县", "villages_exited", "villages", 25, False, "2016", "target")}),
    # a town's own report (整镇脱贫退出汇报材料, a template's XX镇): its figures are the town's, no series
    ("2014年脱贫退出375户1479人，有贫困村6个。", DocumentContext(title="XX镇整镇脱贫退出汇报材料", published=None, site_name="东坡区人民政府"), set()),
    # a report about several provinces at once: a figure needs its own region in its sentence
    (
        "中国新闻网报道指，陕西省的脱贫军令状指出，年内确保130万人脱贫。河南省今年减少农村贫困人口100万人。",
        DocumentContext(title="中国至少11省立百万人口脱贫军令状", published=date(2016, 1, 29)),
        {("河南省", "lifted_out", "persons", 1_000_000, False, "2016", "actual")},
    ),
    # 700个以上贫困村: a hedged count of villages, not a bound; a group the province works on is no subject
    (
        "2018年，我省将以深度贫困地区脱贫攻坚为重点，确保全面完成700个以上贫困村出列。",
        DocumentContext(title="安徽省扶贫开发工作会议", published=date(2018, 3, 27)),
        {("安徽省", "villages_exited", "villages", 700, True, "2018", "target")},
    ),
    ("明确今年全县将有4500人搬迁扶贫。", COUNTY, {("会泽县", "relocated", "persons", 4500, False, "2020", "target")}),
    ("截至2018年底，全县累计有1.1万余户、20000余名建档立卡低收入户脱贫。", COUNTY, {
        ("会泽县", "lifted_out", "households", 11000, True, "2018-12-31", "actual"),
        ("会泽县", "lifted_out", "persons", 20000, True, "2018-12-31", "actual"),
    }),
    # 在实施过程中，: a time, not a group the figure is part of
    ("在实施过程中，全县实际完成搬迁安置1.3万人。", COUNTY, {("会泽县", "relocated", "persons", 13000, False, PUB, "actual")}),
    # a place that helps (玉溪市对口帮扶资金) is not the place reported on, however often it is named
    (
        "玉溪市对口帮扶资金1300万元到位，玉溪市对口帮扶项目12个。\n德钦县扶贫工作稳步推进。\n全县实施易地扶贫搬迁152户600人。",
        DocumentContext(title=None, published=date(2015, 2, 27)),
        {
            ("德钦县", "relocated", "households", 152, False, "2015-02-27", "actual"),
            ("德钦县", "relocated", "persons", 600, False, "2015-02-27", "actual"),
        },
    ),
    # 示范县 ends with 范县: a word of the trade, not that county
    (
        "“十二五”期间，平塘被列为全省“扶贫攻坚示范县”后，该县强化精准扶贫。截至2015年末，该县已减少农村贫困人口8.74万人。",
        DocumentContext(title="平塘县“十二五”期间减少贫困人口8.74万人", published=date(2016, 1, 16)),
        {("平塘县", "lifted_out", "persons", 87400, False, "2015-12-31", "actual")},
    ),
    # 200个以上贫困村电商服务点: what poor villages get, not a count of poor villages
    ("2018年底全市完成200个以上贫困村电商服务点建设帮扶任务。", CITY, set()),
    # a from→to with a comma before its verb, and 现在的 tying the to-figure to the report's date
    (
        "2013年以来，全县贫困人口由2012年的7.67万，减少到目前的8291人，贫困发生率由13.43%下降到现在的1.49%。",
        COUNTY,
        {
            ("会泽县", "poor_population", "persons", 76700, False, "2012", "actual"),
            ("会泽县", "poor_population", "persons", 8291, False, PUB, "actual"),
            ("会泽县", "poverty_rate", "percent", 13.43, False, "2012", "actual"),
            ("会泽县", "poverty_rate", "percent", 1.49, False, PUB, "actual"),
        },
    ),
    # 完成剩余…的年度减贫任务: those who remained lifted out, not a level of the still-poor
    ("2020年，全县完成剩余2户10人年度减贫任务。", COUNTY, {
        ("会泽县", "lifted_out", "households", 2, False, "2020", "actual"),
        ("会泽县", "lifted_out", "persons", 10, False, "2020", "actual"),
    }),
    # 突破35亿元，达35.35亿元: the round figure passed, then the exact one (its metric carried on)
    ("2020年全县地区生产总值突破35亿元，达35.35亿元，比上年增长5.2%。", COUNTY, {("会泽县", "gdp", "yuan", 3_535_000_000, False, "2020", "actual")}),
    # the borrowers' count between the wording and the sum
    ("2016年以来，全县累计发放扶贫小额贷款16167户72250万元。", COUNTY, {("会泽县", "microcredit", "yuan", 722_500_000, False, PUB, "actual")}),
    # 分别 after a ；: the part before it names the regions
    (
        "核查结果表明，兰考县、滑县农村居民人均可支配收入增幅高于全省平均水平；贫困发生率分别为0.46%、0.69%，低于贫困县退出标准。",
        DocumentContext(title="河南对兰考、滑县退出贫困县进行公示", published=date(2017, 1, 11)),
        {
            ("兰考县", "poverty_rate", "percent", 0.46, False, "2017-01-11", "actual"),
            ("滑县", "poverty_rate", "percent", 0.69, False, "2017-01-11", "actual"),
        },
    ),
]


def rows(text: str, ctx: DocumentContext) -> set[tuple[object, ...]]:
    return {(o.region, o.metric, o.unit, o.value, o.approx, o.as_of, o.kind) for o in extract_observations(text, ctx)}


@pytest.mark.parametrize(("text", "ctx", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_sentence(text: str, ctx: DocumentContext, expected: set[tuple[object, ...]]) -> None:
    assert rows(text, ctx) == expected


def test_traditional_characters_give_the_same_rows() -> None:
    simplified = "截至2019年底，全县累计脱贫70319户272066人，贫困发生率从2013年末的47.99%下降到2019年末的7.67%。"
    traditional = "截至2019年底，全縣累計脫貧70319戶272066人，貧困發生率從2013年末的47.99%下降到2019年末的7.67%。"
    assert rows(traditional, COUNTY) == rows(simplified, COUNTY)
    assert len(rows(simplified, COUNTY)) == 4
    (quote,) = {o.quote for o in extract_observations(traditional, COUNTY)}
    assert quote == traditional  # the sentence as published


def test_section_headings_set_the_region() -> None:
    text = "【洛阳偃师：攻坚克难】\n累计实现4666户、15452人脱贫。\n【洛阳孟津：决战决胜】\n系统内贫困人口25446人。"
    ctx = DocumentContext(title="偃师市、孟津县专场发布会", published=date(2020, 11, 12))
    found = {(o.region, o.region_code, o.value) for o in extract_observations(text, ctx)}
    assert found == {("偃师市", "410381", 4666), ("偃师市", "410381", 15452), ("孟津县", "410322", 25446)}


def test_a_region_named_early_in_a_sentence_holds_for_its_later_clauses() -> None:
    ctx = DocumentContext(title="昭通市2019年脱贫攻坚工作总结", published=date(2020, 3, 2))
    text = (
        "镇雄县累计脱贫12.6万人，贫困发生率下降到0.62%。\n彝良县：剩余贫困人口2910人。\n在镇雄县召开现场会，全市累计脱贫30.1万人。\n"
        "截至2019年底，威信县累计脱贫3.1万户，贫困发生率下降到0.41%。\n"
        # regions listed in a middle clause are not the subject of the clauses after them
        "2018年，实现10.65万农村贫困人口脱贫，镇雄县、彝良县2个贫困县脱贫摘帽，完成2.05万农村贫困人口易地扶贫搬迁任务。"
    )
    found = {(o.region, o.metric, o.value) for o in extract_observations(text, ctx)}
    assert found == {
        ("镇雄县", "lifted_out", 126_000),
        ("镇雄县", "poverty_rate", 0.62),
        ("彝良县", "remaining_poor", 2910),
        ("昭通市", "lifted_out", 301_000),
        ("威信县", "lifted_out", 31_000),
        ("威信县", "poverty_rate", 0.41),
        ("昭通市", "lifted_out", 106_500),
        ("昭通市", "relocated", 20_500),
    }


def test_a_town_section_or_a_village_story_keeps_its_figures_from_the_county() -> None:
    """Under a town's heading, or in a story titled after a village, a figure with no region of its
    own is that place's (skipped); 全县 still means the county, and the next section is the county's."""
    county = DocumentContext(title="彝良县脱贫攻坚工作汇报", published=date(2020, 3, 2))
    text = (
        "（一）角奎镇\n累计脱贫1200户4500人，贫困发生率降至0.2%。\n（二）洛泽河镇\n村里共有贫困户86户312人。全县累计脱贫5.1万人。\n"
        "三、下步工作\n计划实施易地扶贫搬迁500户。"
    )
    found = {(o.region, o.metric, o.value, o.kind) for o in extract_observations(text, county)}
    assert found == {("彝良县", "lifted_out", 51_000, "actual"), ("彝良县", "relocated", 500, "target")}
    story = DocumentContext(title="【脱贫攻坚】彝良县小草坝村：天麻产业助脱贫", published=date(2020, 3, 2))
    found = {(o.region, o.value) for o in extract_observations("共有贫困户86户312人。\n全县累计脱贫5.1万人。", story)}
    assert found == {("彝良县", 51_000)}
    # a title whose words run on past 村, or a county named 内乡, is no village
    for title in ("荒山远村花灿灿 脱贫春风拂笑颜", "党报重磅析解内乡脱贫攻坚“成色”怎样?"):
        ctx = DocumentContext(title=title, published=date(2020, 3, 2), region_hint="内乡县")
        assert [o.value for o in extract_observations("累计脱贫4500人。", ctx)] == [4500]


def test_a_county_short_form_inside_a_word_does_not_outweigh_the_site() -> None:
    # 惠民生 holds 惠民 (a county of 山东): named once so, it does not take the report from the site's county
    ctx = DocumentContext(title=None, published=date(2016, 3, 21), site_name="丹寨县人民政府")
    text = "2015年，全县统筹做好稳增长、调结构、惠民生各项工作。\n初步测算，2015年全县地区生产总值244394万元。"
    assert {o.region for o in extract_observations(text, ctx)} == {"丹寨县"}


def test_a_statistical_bulletin_reviews_the_year_its_title_names() -> None:
    ctx = DocumentContext(title="黎平县2018年国民经济和社会发展统计公报", published=date(2019, 11, 11))
    (obs,) = extract_observations("全县人均地区生产总值为23556元，比上年增加2279元。", ctx)
    assert (obs.metric, obs.value, obs.as_of) == ("gdp_per_capita", 23556, "2018")


def test_a_county_in_the_title_holds_over_a_provincewide_event_it_names() -> None:
    ctx = DocumentContext(title="宁陕县获2018年度全省脱贫攻坚工作成效考核第二名", published=date(2019, 5, 29))
    assert {o.region for o in extract_observations("全县实现1030户3465名贫困人口脱贫退出。", ctx)} == {"宁陕县"}
    joined = DocumentContext(title="西吉县和全区188万贫困人口同步脱贫", published=date(2020, 11, 20))
    assert {o.region for o in extract_observations("累计脱贫3465人。", joined)} == {"宁夏回族自治区"}


def test_short_names_resolve_by_date() -> None:
    text = "累计脱贫4666户。"
    before = extract_observations(text, DocumentContext(title="偃师脱贫攻坚综述", published=date(2020, 11, 12)))
    after = extract_observations(text, DocumentContext(title="偃师脱贫攻坚综述", published=date(2022, 5, 1)))
    assert before[0].region == "偃师市" and after[0].region == "偃师区"
    ethnic = extract_observations(text, DocumentContext(title="酉阳决战脱贫攻坚", published=date(2020, 5, 1)))
    assert ethnic[0].region == "酉阳土家族苗族自治县" and ethnic[0].region_code == "500242"


def test_a_text_is_cut_into_words_only_where_it_may_name_a_place() -> None:
    from newstrack.crawler.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert gaz.may_name("会泽县累计脱贫") and gaz.may_name("甘肃东乡") and gaz.may_name("去年偃师")
    assert not gaz.may_name("累计脱贫") and not gaz.may_name("") and not gaz.may_name("贫困发生率由")
    # 延长 (a short form that is also a word) counts only where any short form is asked for
    assert not gaz.may_name("延长") and gaz.may_name("延长", any_short=True)


def test_a_page_is_cut_into_words_only_in_runs_that_may_name_a_place() -> None:
    from newstrack.crawler.figures import regions

    gaz = regions.load_gazetteer()
    text = "全县上下凝心聚力，攻坚克难。延长、横山、定边、佛坪4县脱贫摘帽，会泽县累计脱贫4500人。"
    regions.forget_tokens()
    words = regions._tokens(text, gaz)
    assert {w for w, _, _ in words} >= {"延长", "横山", "定边", "佛坪", "会泽县"}
    assert not any(a < text.index("延长") for _, a, _ in words)  # the first runs hold no place: never cut
    whole = [(w, a, b) for w, a, b in regions.tokenizer(regions.catalog_words()).tokenize(text)]
    assert [t for t in whole if t in words] == list(words)  # the same words, at the same places


def test_unknown_region_keeps_its_name_and_no_code() -> None:
    (obs,) = extract_observations("全县累计脱贫1000人。", DocumentContext(title="青禾县脱贫攻坚纪实", published=date(2020, 1, 5)))
    assert obs.region == "青禾县" and obs.region_code is None


def test_text_without_figures_gives_nothing() -> None:
    assert extract_observations("", COUNTY) == []
    assert extract_observations("脱贫攻坚取得决定性成效，群众满意度不断提升。", COUNTY) == []


def test_a_user_metric_needs_no_python(tmp_path: Path) -> None:
    catalog = tmp_path / "metrics.toml"
    catalog.write_text(
        """[[metric]]
id = "dibao_recipients"
name = "农村低保人数"
units = ["persons"]
before = ['(农村)?低保(对象|人数|保障人数)']
after = []
""",
        encoding="utf-8",
    )
    metrics = parse_catalog(catalog)
    found = extract_observations("全县农村低保对象1.2万人。", COUNTY, catalog=metrics)
    assert [(o.metric, o.unit, o.value) for o in found] == [("dibao_recipients", "persons", 12000)]


def test_a_fixed_width_copy_is_joined_where_its_lines_break_a_sentence() -> None:
    """A flip-book or PDF copy breaks its sentences at a fixed display width (a justified line holds a
    few Latin characters more or less); such lines are joined, a paragraph's last line is not."""
    text = (
        "曲靖市是国家乌蒙山片区和石漠化片区交织的连片特困地区,是全省脱贫攻坚的主战\n"
        "场。2014年底,全市有1203个贫困村、贫困人口79.91万人,居全省第二位,贫困发\n"
        "生率高达14.76%,是全省农村贫困面最大、贫困人口最多的州市之一,全市累计实现\n"
        "73.3万贫困人口脱贫。\n"
        "下一段。"
    )
    found = {(o.metric, o.value) for o in extract_observations(text, DocumentContext(title="曲靖市新闻发布稿", published=date(2020, 7, 2)))}
    assert found == {("poor_villages", 1203), ("poor_population", 799_100), ("poverty_rate", 14.76), ("lifted_out", 733_000)}


def test_a_county_name_ending_a_word_of_the_trade_is_not_named() -> None:
    from newstrack.crawler.figures.regions import named_in_text
    from newstrack.crawler.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert [d.name for d in named_in_text(["平塘被列为全省扶贫攻坚示范县后，该县紧紧围绕目标。"], gaz, None)] == []
    assert [d.name for d in named_in_text(["范县被列为全省扶贫攻坚示范县。"], gaz, None)] == ["范县"]
