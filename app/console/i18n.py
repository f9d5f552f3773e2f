"""The console's words in English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gis.vocabulary import Language  # the console's texts and notices share one Language

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
    "nav_dispatch": ("Dispatch", "抢修调度"),
    "nav_forecast": ("Forecasts", "负荷预测"),
    "fc_heading": ("Transformer load forecasts", "配变负荷预测"),
    "fc_no_run": (
        "No forecast yet: run `gridops forecast run`.",
        "尚无预测：请运行 `gridops forecast run`。",
    ),
    "fc_run": (
        "Run {id} ({model}), data up to {cutoff}, finished {finished}: "
        "{transformers} transformers, {insufficient} with too little data.",
        "第 {id} 次预测（{model}），数据截至 {cutoff}，完成于 {finished}："
        "{transformers} 台配变，其中 {insufficient} 台数据不足。",
    ),
    "fc_horizon": ("Horizon (months ahead)", "预测期（月）"),
    "fc_at_risk": ("Transformers at risk", "重过载风险配变"),
    "fc_none_at_risk": ("No transformer at risk.", "没有重过载风险的配变。"),
    "fc_export_csv": ("Export CSV", "导出 CSV"),
    "fc_export_gpkg": ("Export GeoPackage", "导出 GeoPackage"),
    "fc_col_transformer": ("Transformer", "配变"),
    "fc_col_loading": ("Peak loading", "峰值负载率"),
    "fc_col_class": ("Risk", "风险"),
    "fc_col_probability": ("P(overload)", "过载概率"),
    "fc_col_first": ("First overload", "首次过载"),
    "fc_col_drivers": ("Driven by", "主要驱动"),
    "fc_class_normal": ("normal", "正常"),
    "fc_class_watch": ("watch", "关注"),
    "fc_class_overload": ("overload", "过载"),
    "fc_class_insufficient_data": ("insufficient data", "数据不足"),
    "fc_type_air_conditioner": ("air conditioners", "空调"),
    "fc_type_ev_charger": ("EV chargers", "电动汽车充电桩"),
    "fc_type_electric_water_heater": ("water heaters", "电热水器"),
    "fc_type_heat_pump": ("heat pumps", "热泵"),
    "fc_type_induction_cooker": ("induction cookers", "电磁炉"),
    "fc_type_other": ("other", "其他"),
    "fc_backtest": ("Backtest", "回测"),
    "fc_no_backtest": (
        "No backtest yet: run `gridops forecast backtest`.",
        "尚无回测：请运行 `gridops forecast backtest`。",
    ),
    "fc_backtest_run": (
        "Backtest run {id}, data up to {cutoff}, finished {finished}.",
        "第 {id} 次回测，数据截至 {cutoff}，完成于 {finished}。",
    ),
    "fc_metric": ("Metric", "指标"),
    "fc_back": ("← all forecasts", "← 全部预测"),
    "fc_unknown_transformer": (
        "This transformer is not in the latest forecast.",
        "最新预测中没有这台配变。",
    ),
    "fc_transformer_heading": ("Transformer {code} ({kva} kVA)", "配变 {code}（{kva} kVA）"),
    "fc_transformer_facts": (
        "Peak loading {loading}% within 12 months ({risk}); P(overload) {probability}; "
        "first overload {first}.",
        "12 个月内峰值负载率 {loading}%（{risk}）；过载概率 {probability}；首次过载 {first}。",
    ),
    "fc_history": ("measured", "实测"),
    "fc_forecast": ("forecast", "预测"),
    "fc_interval": ("10–90% interval", "10–90% 区间"),
    "fc_capacity": ("capacity", "容量"),
    "fc_daily_peak": ("daily peak", "日最大负荷"),
    "fc_hourly_title": (
        "Hourly load: the last 4 weeks and the next 14 days",
        "逐时负荷：近 4 周与未来 14 天",
    ),
    "fc_peak_title": ("Daily peak for the next 12 months", "未来 12 个月日最大负荷"),
    "fc_contrib_title": ("Added load at the peak by appliance type", "峰值时各类电器新增负荷"),
    "dp_heading": ("Open incidents", "未结故障事件"),
    "dp_none": ("No open incident.", "当前没有未结故障事件。"),
    "dp_col_incident": ("Incident", "事件"),
    "dp_col_level": ("Level", "层级"),
    "dp_col_device": ("Device", "设备"),
    "dp_col_customers": ("Customers out", "停电用户"),
    "dp_col_age": ("Age", "持续"),
    "dp_col_status": ("Status", "状态"),
    "dp_col_reports": ("Reports", "报修数"),
    "dp_status_suspected": ("suspected", "疑似"),
    "dp_status_confirmed": ("confirmed", "已确认"),
    "dp_status_dispatched": ("dispatched", "已派工"),
    "dp_status_restored": ("restored", "已恢复"),
    "dp_status_rejected": ("rejected", "已驳回"),
    "dp_select_hint": (
        "Select an incident to see its device, area, reports and timeline.",
        "选择一个故障事件，查看其设备、范围、报修和进度。",
    ),
    "dp_heading_incident": ("Incident {id}: {level} {device}", "故障事件 {id}：{level} {device}"),
    "dp_customer_minutes": ("Customer-minutes interrupted", "停电时户数（分钟）"),
    "dp_confirm": ("Confirm", "确认"),
    "dp_dispatch": ("Dispatch", "派工"),
    "dp_reject": ("Reject", "驳回"),
    "dp_reject_reason": ("Reason to reject", "驳回原因"),
    "dp_crew_nearest": ("Nearest available crew", "最近的空闲班组"),
    "dp_why": ("Why", "判断依据"),
    "dp_rule": ("Rule", "规则"),
    "dp_confidence": ("Confidence", "置信度"),
    "dp_transformers_reporting": ("Transformers reporting", "报修涉及变压器"),
    "dp_confirmed": ("Incident {id} confirmed.", "故障事件 {id} 已确认。"),
    "dp_rejected": ("Incident {id} rejected.", "故障事件 {id} 已驳回。"),
    "dp_dispatched": (
        "Incident {id}: crew {crew} dispatched.",
        "故障事件 {id}：已派 {crew} 班组。",
    ),
    "dp_crew_link": ("crew page", "班组页面"),
    "dp_unknown": ("No incident {id}.", "没有故障事件 {id}。"),
    # the texts an incident carries (incident.rule_facts, incident_event.detail_facts), keyed
    # incident_<key>: the English is word for word what outage_infer writes into rule and detail
    "incident_rule_transformer": (
        "report behind transformer {transformer}: transformer suspected",
        "配变 {transformer} 下有报修：疑似配变故障",
    ),
    "incident_rule_feeder_transformers": (
        "{reporting} of {total} transformers of feeder {feeder} reported within "
        "{window_min:g} min (at least {min_transformers}): feeder suspected",
        "馈线 {feeder} 的 {total} 台配变中有 {reporting} 台在 {window_min:g} 分钟内报修"
        "（至少 {min_transformers} 台）：疑似馈线故障",
    ),
    "incident_rule_feeder_share": (
        "{reporting} of {total} transformers of feeder {feeder} reported within "
        "{window_min:g} min (share at least {min_share:.0%}): feeder suspected",
        "馈线 {feeder} 的 {total} 台配变中有 {reporting} 台在 {window_min:g} 分钟内报修"
        "（比例至少 {min_share:.0%}）：疑似馈线故障",
    ),
    "incident_rule_substation": (
        "feeders {feeders} of substation {substation} are out (at least {min_feeders}): "
        "substation suspected",
        "变电站 {substation} 的馈线 {feeders} 停电（至少 {min_feeders} 条）：疑似变电站故障",
    ),
    "incident_report": (
        "report {report} behind transformer {transformer}",
        "报修 {report}，配变 {transformer}",
    ),
    "incident_escalated": ("escalated to the {level}", "升级为{level}故障"),
    "incident_absorbed_into": ("absorbed into incident {incident}", "并入故障事件 {incident}"),
    "incident_absorbed": ("absorbed incidents {incidents}", "合并故障事件 {incidents}"),
    "dp_event_opened": ("opened", "生成"),
    "dp_event_report": ("report", "报修"),
    "dp_event_escalated": ("escalated", "升级"),
    "dp_event_absorbed": ("absorbed", "合并"),
    "dp_event_confirmed": ("confirmed", "确认"),
    "dp_event_dispatched": ("dispatched", "派工"),
    "dp_event_job": ("job", "工单"),
    "dp_event_restored": ("restored", "恢复供电"),
    "dp_event_rejected": ("rejected", "驳回"),
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
    "pub_unplanned": ("Power cut here now", "此处正在停电"),
    "pub_unplanned_item": ("A fault is being repaired", "故障抢修中"),
    "pub_since": ("Since {since}", "自 {since} 起"),
    "pub_etr": ("Power expected back by {etr}", "预计 {etr} 前恢复供电"),
    "pub_etr_unknown": ("not yet estimated", "尚在评估"),
    "pub_too_many": (
        "Too many lookups from here: try again in {seconds} s.",
        "查询过于频繁，请 {seconds} 秒后再试。",
    ),
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
    "kind_dr_cancelled": ("DR cancelled", "需求响应取消"),
    "kind_job_assigned": ("Job assigned", "工单派发"),
    "recipient_customer": ("customer", "用户"),
    "recipient_crew": ("crew", "班组"),
    "recipient_external": ("external system", "外部系统"),
    "recipient_reporter": ("fault reporter", "报修人"),
    "cj_heading": ("Job {job} · incident {incident}", "工单 {job} · 故障事件 {incident}"),
    "cj_status": ("Status", "状态"),
    "cj_device": ("Device", "设备"),
    "cj_customers": ("Customers without power", "停电用户数"),
    "cj_etr": ("Expected restoration", "预计恢复供电"),
    "cj_crew": ("Crew", "班组"),
    "cj_level_transformer": ("transformer", "配变"),
    "cj_level_feeder": ("feeder", "馈线"),
    "cj_level_substation": ("substation", "变电站"),
    "cj_status_assigned": ("assigned", "已派单"),
    "cj_status_accepted": ("accepted", "已接单"),
    "cj_status_en_route": ("en route", "在途"),
    "cj_status_on_site": ("on site", "已到达现场"),
    "cj_status_restored": ("restored", "已恢复供电"),
    "cj_status_cancelled": ("cancelled", "已取消"),
    "cj_step_accepted": ("Accept", "接单"),
    "cj_step_en_route": ("En route", "出发"),
    "cj_step_on_site": ("On site", "到达现场"),
    "cj_step_restored": ("Restored", "已恢复供电"),
    "cj_note": ("Note (optional)", "备注（可选）"),
    "cj_locate": ("Use my location", "使用我的位置"),
    "cj_location_failed": ("Your location is not available.", "无法获取您的位置。"),
    "cj_timeline": ("Timeline", "进度"),
    "cj_not_found": ("No job for this link.", "此链接没有对应的工单。"),
    "cj_conflict": (
        "This step is no longer possible: the job has moved on.",
        "此步骤已不可用：工单状态已变化。",
    ),
    "cj_saved": ("Sent: {status}", "已提交：{status}"),
    "rf_heading": ("Report a power fault", "故障报修"),
    "rf_hint": (
        "Tap the map where the power is out, or use your location; then tell us how to reach you.",
        "在地图上点击停电的位置，或使用当前位置；然后留下联系方式。",
    ),
    "rf_locate": ("Use my location", "使用我的位置"),
    "rf_place": ("Place: {lon:.5f}, {lat:.5f}", "位置：{lon:.5f}, {lat:.5f}"),
    "rf_no_place": ("Tap the map first.", "请先在地图上点击位置。"),
    "rf_contact": ("Phone or e-mail", "手机号或邮箱"),
    "rf_account": ("Account number (optional)", "户号（选填）"),
    "rf_description": ("What happened? (optional)", "情况说明（选填）"),
    "rf_submit": ("Send report", "提交报修"),
    "rf_received": ("Report No. {id} received", "报修已受理，编号 {id}"),
    "rf_incident": (
        "It joins outage {incident}: a crew will be sent. We will keep you informed.",
        "已并入停电事件 {incident}，将派员抢修，进展会及时通知您。",
    ),
    "rf_planned": (
        "This place is in a planned outage: {title}, until {end}. No repair is needed.",
        "此处正在计划停电：{title}，预计 {end} 恢复，无需报修。",
    ),
    "rf_status": ("Follow your report", "查看报修进度"),
    "rf_invalid": ("Please check {field}: {detail}", "请检查{field}：{detail}"),
    "rf_field_place": ("the place", "位置"),
    # why a report was refused (outage.fault_report.FaultReportRejectedError.reason)
    "rf_reason_coordinates": ("not a place on the map", "不是地图上的有效位置"),
    "rf_reason_required": ("please say how we can reach you", "请留下联系方式"),
    "rf_reason_too_long": ("at most {most} characters", "最多 {most} 个字符"),
    "rf_reason_zone": ("the time needs a time zone", "时间需要带时区"),
    "rf_reason_future": ("the time lies in the future", "时间不能晚于现在"),
    "rf_reason_too_old": ("the time is more than 7 days ago", "时间不能早于 7 天前"),
    "rf_reason_outside": (
        "this place lies outside our service territory (no transformer nearby)",
        "该位置不在本公司供电范围内（附近没有配电变压器）",
    ),
    "rf_reason_unreachable": (
        "we cannot reach you this way: give an e-mail address or a phone number",
        "无法通过此方式联系您：请填写电子邮箱或电话号码",
    ),
    "nav_dr": ("Demand response", "需求响应"),
    "dr_heading": ("Demand response events", "需求响应事件"),
    "dr_none": ("No demand response event yet.", "暂无需求响应事件。"),
    "dr_planned": ("planned", "计划中"),
    "dr_active": ("active", "进行中"),
    "dr_done": ("done", "已结束"),
    "dr_responses": (
        "{participants} asked: {opt_in} in, {opt_out} out, {pending} not yet answered",
        "已邀约 {participants} 户：参与 {opt_in}，不参与 {opt_out}，未答复 {pending}",
    ),
    "dr_results": (
        "Reduction {reduction} kWh of target {target} kWh; incentive {incentive} CNY",
        "削减 {reduction} 千瓦时（目标 {target} 千瓦时）；补贴 {incentive} 元",
    ),
    "dr_csv": ("Download results (CSV)", "下载结果（CSV）"),
    "dr_create": ("New event", "新建事件"),
    "dr_hint": (
        "Draw an area on the map, or give a forecast loading % to target the transformers "
        "forecast above it.",
        "在地图上绘制区域，或填写预测负载率，选取预测超过该值的变压器。",
    ),
    "dr_program": ("Program id", "项目编号"),
    "dr_title": ("Title", "标题"),
    "dr_start": ("Start", "开始"),
    "dr_end": ("End", "结束"),
    "dr_target_kw": ("Target reduction (kW)", "目标削减（千瓦）"),
    "dr_min_loading": ("Forecast loading above (%)", "预测负载率高于（%）"),
    "dr_preview": ("Preview", "预览"),
    "dr_publish": ("Create and send requests", "创建并发送邀约"),
    "dr_preview_text": (
        "{customers} enrolled customers, expected {expected} kW of {target} kW; "
        "{transformers} transformers relieved",
        "已签约用户 {customers} 户，预计削减 {expected} 千瓦（目标 {target} 千瓦），"
        "缓解变压器 {transformers} 台",
    ),
    "dr_published": (
        "Event {id} published: {notices} requests.",
        "事件 {id} 已发布：邀约 {notices} 条。",
    ),
    "dr_cancel": ("Cancel this event", "取消此事件"),
    "dr_cancel_confirm": (
        "Call this event off? Every participant who was asked is told.",
        "确定取消此事件？已收到邀约的参与者都会收到通知。",
    ),
    "dr_cancelled": (
        "Event #{id} cancelled; {notices} participants told.",
        "事件 #{id} 已取消，已通知 {notices} 位参与者。",
    ),
    "dr_baseline": ("baseline", "基线"),
    "dr_actual": ("actual", "实际"),
    "dr_relief": ("peak relief (kW)", "峰值削减（千瓦）"),
    "dra_heading": ("Demand response request", "需求响应邀约"),
    "dra_ask": (
        "Will you reduce your electricity use in the requested window?",
        "您是否愿意在邀约时段减少用电？",
    ),
    "dra_opt_in": ("Yes, I take part", "参与"),
    "dra_opt_out": ("No, not this time", "本次不参与"),
    "dra_opt_in_done": ("Thank you: you take part.", "感谢您参与。"),
    "dra_opt_out_done": ("Noted: you do not take part this time.", "已记录：您本次不参与。"),
    "dra_forbidden": ("This link is not valid.", "此链接无效。"),
    "dra_closed": ("Answers are closed for this request.", "此邀约已停止答复。"),
    "dra_too_many": ("Too many attempts: try again in a minute.", "尝试过于频繁，请一分钟后再试。"),
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
    return chinese if lang is Language.ZH_CN else english


def reason_text(reason: str, params: dict[str, int | str], lang: Language) -> str | None:
    """A service's refusal said in the user's language (rf_reason_<reason>), or None when
    there is no text for that reason."""
    key = f"rf_reason_{reason}"
    return text(key, lang).format(**params) if reason and key in TEXTS else None


def incident_text(facts: Mapping[str, Any] | None, stored: str, lang: Language) -> str:
    """A text an incident carries (its rule, an event's detail) in the user's language, from
    its facts (the text key incident_<key> and its values; a level word is translated); the
    stored English text when it has none (written by hand, or before the facts were kept)."""
    key = f"incident_{facts.get('key')}" if facts else ""
    if not facts or key not in TEXTS:
        return stored
    values = dict(facts)
    if "level" in values:
        values["level"] = text(f"cj_level_{values['level']}", lang)
    return text(key, lang).format(**values)


def field_label(key: str, lang: Language) -> str:
    english, chinese = FIELD_LABELS.get(key, (key, key))
    return chinese if lang is Language.ZH_CN else english
