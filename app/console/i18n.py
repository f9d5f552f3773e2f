"""The console's words in English and Simplified Chinese."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    ZH = "zh-CN"

    @classmethod
    def parse(cls, value: object) -> Language:
        return cls.ZH if isinstance(value, str) and value.lower().startswith("zh") else cls.EN


TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("GridOps Console", "电网运维控制台"),
    "select_hint": (
        "Click a feature on the map to see its attributes.",
        "点击地图上的对象查看其属性。",
    ),
    "no_grid": (
        "No grid is loaded yet: run `gridops demo load`.",
        "尚未加载电网数据：请运行 `gridops demo load`。",
    ),
    "legend_title": ("Transformer loading", "变压器负载率"),
    "normal": ("normal (< 80%)", "正常（< 80%）"),
    "watch": ("watch (80–100%)", "关注（80–100%）"),
    "overload": ("overload (> 100%)", "过载（> 100%）"),
    "nodata": ("no reading", "无读数"),
    "layer": ("Layer", "图层"),
    "aggregated": ("customers of one supply area", "一个供电区域的用户"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "code": ("Code", "编号"),
    "name": ("Name", "名称"),
    "id": ("ID", "ID"),
    "transformer": ("Transformer", "变压器"),
    "feeder": ("Feeder", "馈线"),
    "substation": ("Substation", "变电站"),
    "capacity_kva": ("Capacity (kVA)", "容量（kVA）"),
    "capacity_mva": ("Capacity (MVA)", "容量（MVA）"),
    "load_kw": ("Latest load (kW)", "最新负荷（kW）"),
    "loading_pct": ("Loading (%)", "负载率（%）"),
    "reading_at": ("Reading at", "读数时间"),
    "voltage_kv": ("Voltage (kV)", "电压（kV）"),
    "feeders": ("Feeders", "馈线数"),
    "transformers": ("Transformers", "变压器数"),
    "length_km": ("Length (km)", "长度（km）"),
    "customers": ("Customers", "用户数"),
    "residential": ("Residential", "居民"),
    "commercial": ("Commercial", "商业"),
    "industrial": ("Industrial", "工业"),
    "contracted_kw": ("Contracted (kW)", "合同容量（kW）"),
    "area_km2": ("Area (km²)", "面积（km²）"),
    "account_no": ("Account no.", "户号"),
    "customer_type": ("Type", "类型"),
    "size": ("Crew size", "人数"),
    "status": ("Status", "状态"),
}


def text(key: str, lang: Language) -> str:
    english, chinese = TEXTS[key]
    return chinese if lang is Language.ZH else english


def field_label(key: str, lang: Language) -> str:
    english, chinese = FIELD_LABELS.get(key, (key, key))
    return chinese if lang is Language.ZH else english
