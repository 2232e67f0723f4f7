"""Words of the report cards, the results site and the history pages (Vietnamese and English).

Looked up once when a card, site or history model is built, so templates only print
``labels.<key>`` and never decide a language (as ``report_messages`` does for the annex).
"""

from __future__ import annotations

from cqdt.i18n import Message, language

__all__ = ["LABELS", "labels"]

LABELS: dict[str, Message] = {
    # -- the report card ---------------------------------------------------------------------
    "card_title": Message(vi="PHIẾU KẾT QUẢ ĐÁNH GIÁ", en="RESULTS CARD"),
    "card_of": Message(vi="{unit} ({code}) — khối {tier}", en="{unit} ({code}) — tier {tier}"),
    "card_summary": Message(vi="Kết quả chung", en="Overall result"),
    "total": Message(vi="Tổng điểm", en="Total"),
    "rank_of": Message(vi="{rank}/{units} trong khối", en="{rank} of {units} in the tier"),
    "not_ranked": Message(vi="Không xếp hạng", en="Not ranked"),
    "tier_best": Message(vi="Cao nhất khối", en="Tier best"),
    "tier_mean": Message(vi="Trung bình khối", en="Tier mean"),
    "points": Message(vi="Điểm", en="Points"),
    "max": Message(vi="Tối đa", en="Max"),
    "lost": Message(vi="Bị mất", en="Lost"),
    "indicator": Message(vi="Tiêu chí", en="Indicator"),
    "category_table": Message(
        vi="{label}: {score}/{max} điểm, {level}", en="{label}: {score}/{max} points, {level}"
    ),
    "category_table_plain": Message(vi="{label}: {score}/{max} điểm", en="{label}: {score}/{max}"),
    "group": Message(vi="Nhóm", en="Group"),
    "not_scored": Message(vi="(không tính điểm)", en="(not scored)"),
    "levels": Message(vi="Điều kiện xếp mức", en="Level conditions"),
    "level_reached": Message(vi="Mức đạt được: {level}", en="Level reached: {level}"),
    "met": Message(vi="đạt", en="met"),
    "not_met": Message(vi="chưa đạt", en="not met"),
    "condition_score": Message(vi="Điểm hạng mục", en="Category score"),
    "condition_group": Message(vi="Nhóm {group}", en="Group {group}"),
    "condition": Message(
        vi="{subject}: {value} {op} {threshold}", en="{subject}: {value} {op} {threshold}"
    ),
    "gap_level": Message(
        vi="Để đạt {level}: cần thêm {points} điểm ở {subject}{strict}.",
        en="To reach {level}: {points} more points on {subject}{strict}.",
    ),
    "gap_strict": Message(vi=" (và hơn nữa một chút)", en=" (and a little more)"),
    "gap_best": Message(vi="Đã đạt mức cao nhất.", en="Already at the highest level."),
    "unclassified_by": Message(
        vi="Không xếp loại vì bỏ trống: {inputs}.", en="Unclassified because left empty: {inputs}."
    ),
    "gap_rank": Message(
        vi="Cần thêm {points} điểm để bằng {unit}, xếp hạng {rank}.",
        en="{points} more points to equal {unit}, ranked {rank}.",
    ),
    "gap_rank_top": Message(vi="Đứng đầu khối.", en="First in the tier."),
    "losses": Message(vi="Điểm bị mất nhiều nhất", en="Where most points were lost"),
    "no_losses": Message(vi="Không bị mất điểm ở tiêu chí nào.", en="No points lost anywhere."),
    "formulas": Message(
        vi="Cách tính các tiêu chí chưa đạt điểm tối đa",
        en="How the indicators below their maximum were scored",
    ),
    "rule": Message(vi="Cách tính", en="Rule"),
    "with_values": Message(vi="Số liệu của đơn vị", en="The unit's numbers"),
    "yes": Message(vi="có", en="yes"),
    "no": Message(vi="không", en="no"),
    "empty": Message(vi="bỏ trống", en="empty"),
    "footer": Message(
        vi="Phiếu do cqdt {version} lập từ {framework}; số liệu như đơn vị đã báo cáo.",
        en="Card made by cqdt {version} from {framework}; numbers as the unit reported them.",
    ),
    # -- the site ----------------------------------------------------------------------------
    "site_home": Message(vi="Trang chủ", en="Home"),
    "site_ranking": Message(vi="Bảng xếp hạng", en="Ranking"),
    "site_framework": Message(vi="Bộ tiêu chí", en="Framework"),
    "site_history": Message(vi="Lịch sử", en="History"),
    "site_units": Message(vi="{n} đơn vị", en="{n} units"),
    "site_filter": Message(vi="Lọc theo mức ({category})", en="Filter by level ({category})"),
    "site_all": Message(vi="Tất cả", en="All"),
    "site_sort": Message(vi="Bấm tiêu đề cột để sắp xếp", en="Click a column heading to sort"),
    "site_back": Message(vi="← Về bảng xếp hạng {tier}", en="← Back to the {tier} ranking"),
    "site_ranking_caption": Message(vi="Xếp hạng khối {tier}", en="Ranking of the tier {tier}"),
    "site_chart_levels": Message(
        vi="Số đơn vị theo mức: {category}", en="Units per level: {category}"
    ),
    "site_chart_totals": Message(
        vi="Phân bố tổng điểm (số đơn vị theo khoảng điểm)",
        en="Distribution of totals (units per band of points)",
    ),
    "site_max": Message(vi="Điểm tối đa", en="Maximum"),
    "site_rule": Message(vi="Cách tính", en="Rule"),
    "site_level_rules": Message(vi="Cách xếp mức", en="How levels are set"),
    "site_indicator_table": Message(
        vi="Tiêu chí của hạng mục {category}", en="Indicators of {category}"
    ),
    "site_id": Message(vi="Mã", en="Id"),
    "site_made_by": Message(
        vi="Trang do cqdt {version} tạo; không cần máy chủ, mở được từ ổ USB.",
        en="Made by cqdt {version}; needs no server, opens from a USB stick.",
    ),
    "site_code": Message(vi="Mã", en="Code"),
    "site_unit": Message(vi="Đơn vị", en="Unit"),
    "site_rank": Message(vi="Hạng", en="Rank"),
    "site_level": Message(vi="Mức", en="Level"),
    "site_card": Message(vi="Phiếu kết quả", en="Results card"),
    # -- history -----------------------------------------------------------------------------
    "history_title": Message(vi="Lịch sử kết quả", en="Results over the years"),
    "history_tier": Message(vi="Khối {tier}", en="Tier {tier}"),
    "history_tier_caption": Message(
        vi="Tổng điểm bình quân, cao nhất, thấp nhất của khối {tier} qua các kỳ",
        en="Mean, best and lowest total of the tier {tier} per edition",
    ),
    "history_units_caption": Message(
        vi="Tổng điểm và hạng của từng đơn vị khối {tier} qua các kỳ",
        en="Total and rank of each unit of the tier {tier} per edition",
    ),
    "history_edition": Message(vi="Kỳ", en="Edition"),
    "history_mean": Message(vi="Bình quân", en="Mean"),
    "history_best": Message(vi="Cao nhất", en="Best"),
    "history_lowest": Message(vi="Thấp nhất", en="Lowest"),
    "history_units": Message(vi="Số đơn vị", en="Units"),
    "history_change": Message(vi="Thay đổi", en="Change"),
    "history_absent": Message(vi="—", en="—"),
    "history_followed": Message(
        vi="Đơn vị được nối giữa các kỳ theo {how}.",
        en="Units are followed across editions by {how}.",
    ),
    "history_by_code": Message(
        vi="mã đơn vị trong khối (sổ đơn vị chưa ghi đơn vị kế thừa)",
        en="their code within the tier (the registry names no successors)",
    ),
    "history_by_successor": Message(
        vi="mã đơn vị, và đơn vị kế thừa theo sổ đơn vị: {pairs}",
        en="their code, and the successors the registry names: {pairs}",
    ),
    "history_renamed": Message(
        vi="Tiêu chí đổi mã được nối: {pairs}.", en="Renamed indicators followed: {pairs}."
    ),
    "history_chart": Message(
        vi="Tổng điểm cao nhất, bình quân và thấp nhất của khối {tier} qua các kỳ",
        en="Best, mean and lowest total of {tier} per edition",
    ),
    "history_unit_chart": Message(
        vi="Tổng điểm của {unit} qua các kỳ", en="Total of {unit} per edition"
    ),
    "history_sheet_tiers": Message(vi="Theo khối", en="Tiers"),
    "history_sheet_units": Message(vi="Theo đơn vị", en="Units"),
    "history_sheet_notes": Message(vi="Ghi chú", en="Notes"),
    "history_tier_col": Message(vi="Khối", en="Tier"),
}


def labels(lang: str | None = None) -> dict[str, str]:
    """Every fixed word of cards, site and history in ``lang`` (fields left as ``{name}``)."""
    chosen = lang or language()
    return {key: (m.en if chosen == "en" else m.vi) for key, m in LABELS.items()}
