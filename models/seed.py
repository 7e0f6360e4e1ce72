"""Reference data of the case (Chongqing, February 2020), loaded by the first migration.

Later changes to reference data belong in new migrations, not in edits to these lists.
"""

from __future__ import annotations

DISTRICTS: list[tuple[str, str]] = [
    *[(name, "district") for name in (
        "万州区 黔江区 涪陵区 渝中区 大渡口区 江北区 沙坪坝区 九龙坡区 南岸区 北碚区 綦江区 大足区 "
        "渝北区 巴南区 长寿区 江津区 合川区 永川区 南川区 璧山区 铜梁区 潼南区 荣昌区 开州区 梁平区 武隆区"
    ).split()],
    *[(name, "county") for name in "城口县 丰都县 垫江县 忠县 云阳县 奉节县 巫山县 巫溪县".split()],
    *[(name, "autonomous_county") for name in (
        "石柱土家族自治县 秀山土家族苗族自治县 酉阳土家族苗族自治县 彭水苗族土家族自治县"
    ).split()],
]

#: (name, English name) of the member units of the working group
UNITS: list[tuple[str, str]] = [
    ("市经信委", "Economic and Information Commission"),
    ("市发改委", "Development and Reform Commission"),
    ("市财政局", "Finance Bureau"),
    ("市人社局", "Human Resources and Social Security Bureau"),
    ("市商务委", "Commerce Commission"),
    ("市卫健委", "Health Commission"),
    ("市口岸物流办", "Port and Logistics Office"),
    ("市市场监管局", "Market Regulation Administration"),
    ("市药监局", "Medical Products Administration"),
]

#: (code, name, English name) of the five special groups
GROUPS: list[tuple[str, str, str]] = [
    ("general", "综合协调组", "General coordination"),
    ("procurement", "医疗物资采购组", "Procurement"),
    ("production", "医疗物资生产组", "Production"),
    ("allocation", "医疗物资调拨组", "Allocation"),
    ("funding", "资金保障组", "Funding"),
]

#: (code, name, English name, category, unit, severely short, daily city demand)
CATALOGUE: list[tuple[str, str, str, str, str, bool, float]] = [
    ("MASK-DISP", "一次性使用医用口罩", "Disposable medical mask", "mask", "只", False, 600_000),
    ("MASK-SURG", "医用外科口罩", "Surgical mask", "mask", "只", True, 400_000),
    ("MASK-N95", "医用防护口罩", "Protective (N95) mask", "mask", "只", True, 60_000),
    ("SUIT", "医用防护服", "Protective suit", "suit", "套", True, 12_000),
    ("GLOVE", "医用手套", "Medical gloves", "device", "副", False, 150_000),
    ("DRUG", "药品", "Drugs", "drug", "盒", False, 50_000),
    ("DEVICE", "医疗器械", "Medical devices", "device", "台", False, 500),
    ("REAGENT", "检测试剂", "Test reagents", "reagent", "人份", True, 20_000),
    ("THERMO", "测温仪", "Thermometers", "thermometer", "台", True, 3_000),
]

#: code -> (standard, grade) of the seeded catalogue items (set by migration 0005, editable since)
STANDARDS: dict[str, tuple[str, str]] = {
    "MASK-DISP": ("YY/T 0969", "general"),
    "MASK-SURG": ("YY 0469", "surgical"),
    "MASK-N95": ("GB 19083", "medical_protective"),
    "SUIT": ("GB 19082", "medical_protective"),
    "GLOVE": ("GB 10213", "general"),
}

#: (code, name, English name, unit) of raw materials
MATERIALS: list[tuple[str, str, str, str]] = [
    ("NONWOVEN", "无纺布", "Non-woven fabric", "吨"),
    ("MELTBLOWN", "熔喷布", "Melt-blown fabric", "吨"),
    ("NOSE-STRIP", "铝条/鼻梁条", "Aluminium nose strips", "万根"),
]
