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
    "nav_grid": ("Grid map", "电网地图"),
    "nav_planned": ("Planned outages", "计划停电"),
    "nav_notices": ("Notices", "通知"),
    "po_heading": ("Announce a planned outage", "发布计划停电"),
    "po_hint": (
        "Draw polygons or rectangles on the map, click transformers, or pick a feeder.",
        "在地图上绘制多边形或矩形、点击变压器或选择馈线。",
    ),
    "po_title": ("Title", "标题"),
    "po_reason": ("Reason", "原因"),
    "po_start": ("Start (Asia/Shanghai)", "开始（北京时间）"),
    "po_end": ("End (Asia/Shanghai)", "结束（北京时间）"),
    "po_feeder": ("Take a whole feeder", "选择整条馈线"),
    "po_picked": ("Picked transformers", "已选变压器"),
    "po_clear": ("Clear picks", "清除选择"),
    "po_save": ("Save draft", "保存草稿"),
    "po_publish": ("Save and publish", "保存并发布"),
    "po_preview": ("Affected", "影响范围"),
    "po_customers": ("customers", "户"),
    "po_transformers": ("Transformers", "变压器"),
    "po_feeders": ("Feeders", "馈线"),
    "po_repair": ("Geometry repaired", "几何已修复"),
    "po_nothing": ("Nothing drawn or picked yet.", "尚未绘制或选择。"),
    "po_list": ("Planned outages", "计划停电列表"),
    "po_cancel": ("Cancel", "取消"),
    "po_saved": ("Saved", "已保存"),
    "po_notices": ("notices written", "条通知已写入"),
    "po_sample": ("First affected customers", "部分受影响用户"),
    "pub_heading": ("Is there a power outage here?", "这里会停电吗？"),
    "pub_hint": (
        "Tap the map, use your location, or type your account number.",
        "点击地图、使用当前位置，或输入户号。",
    ),
    "pub_locate": ("Use my location", "使用我的位置"),
    "pub_account": ("Account number", "户号"),
    "pub_check": ("Check", "查询"),
    "pub_none": (
        "No planned outage here now or in the next 7 days.",
        "此处当前及未来7天内没有计划停电。",
    ),
    "pub_found": ("Planned outages here", "此处的计划停电"),
    "pub_window": ("From {start} to {end}", "{start} 至 {end}"),
    "pub_location_failed": (
        "Your location is not available: tap the map instead.",
        "无法获取位置：请点击地图。",
    ),
    "nt_heading": ("Notices", "通知"),
    "nt_kind": ("Kind", "类型"),
    "nt_status": ("Status", "状态"),
    "nt_created": ("Created (both days included)", "创建日期（含首尾两日）"),
    "nt_from": ("from", "起"),
    "nt_to": ("to", "止"),
    "nt_event": ("Event starts with", "事件编号开头为"),
    "nt_event_hint": ("e.g. planned_outage:12:", "例如 planned_outage:12:"),
    "nt_counts": ("Notices per status", "各状态通知数"),
    "nt_total": ("all", "全部"),
    "nt_list": ("Notices, newest first", "通知（最新在前）"),
    "nt_none": ("No notice matches.", "没有符合条件的通知。"),
    "nt_previous": ("Previous", "上一页"),
    "nt_next": ("Next", "下一页"),
    "nt_page": ("{first}–{last} of {total}", "第 {first}–{last} 条，共 {total} 条"),
    "nt_retry": ("Retry", "重试"),
    "nt_retry_shown": ("Retry all dead shown", "重试本页全部死信"),
    "nt_retried": ("Dead letters back to pending: {count}", "已重新排队的死信：{count} 条"),
    "nt_events": ("Delivery per event", "按事件统计送达"),
    "nt_events_hint": (
        "Events of the notices shown, or every event starting with the filter above.",
        "本页通知所属的事件；填写事件编号时为以其开头的全部事件。",
    ),
    "nt_col_created": ("Created", "创建时间"),
    "nt_col_kind": ("Kind", "类型"),
    "nt_col_channel": ("Channel", "渠道"),
    "nt_col_recipient": ("Recipient", "接收方"),
    "nt_col_language": ("Language", "语言"),
    "nt_col_status": ("Status", "状态"),
    "nt_col_attempts": ("Attempts", "尝试次数"),
    "nt_col_error": ("Last error", "最近错误"),
    "nt_col_event": ("Event", "事件"),
    "nt_col_delivery": ("Delivery", "送达情况"),
    "ds_sent": ("sent", "已送达"),
    "ds_pending": ("pending", "待发送"),
    "ds_failed": ("failed", "失败待重试"),
    "ds_dead": ("dead", "已放弃"),
    "ds_none": ("no notices", "无通知"),
    "ds_title": ("Notices", "通知"),
    "status_pending": ("pending", "待发送"),
    "status_delivering": ("delivering", "发送中"),
    "status_retrying": ("retrying", "待重试"),
    "status_sent": ("sent", "已送达"),
    "status_dead": ("dead", "已放弃"),
    "kind_fault_received": ("Fault received", "故障已受理"),
    "kind_fault_progress": ("Repair progress", "抢修进度"),
    "kind_outage_notice": ("Outage notice", "停电通知"),
    "kind_outage_update": ("Outage update", "停电变更"),
    "kind_outage_cancelled": ("Outage cancelled", "停电取消"),
    "kind_outage_reminder": ("Outage reminder", "停电提醒"),
    "kind_dr_request": ("DR request", "需求响应邀约"),
    "kind_dr_result": ("DR result", "需求响应结果"),
    "kind_job_assigned": ("Job assigned", "工单派发"),
    "recipient_customer": ("customer", "用户"),
    "recipient_crew": ("crew", "班组"),
    "recipient_external": ("external system", "外部系统"),
    "recipient_reporter": ("fault reporter", "报修人"),
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
    "title": ("Title", "标题"),
    "starts_at": ("Start", "开始"),
    "ends_at": ("End", "结束"),
}


def text(key: str, lang: Language) -> str:
    english, chinese = TEXTS[key]
    return chinese if lang is Language.ZH else english


def field_label(key: str, lang: Language) -> str:
    english, chinese = FIELD_LABELS.get(key, (key, key))
    return chinese if lang is Language.ZH else english
