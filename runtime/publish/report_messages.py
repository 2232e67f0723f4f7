"""Words of the annex and of its diagnostics, in Vietnamese (default) and English.

Headings are looked up once when the report model is built, so templates only print
``labels.<key>`` and never decide a language; diagnostics of the publishing phase (decision
file, sums that do not add up) live here too, by code.
"""

from __future__ import annotations

from cqdt.i18n import Catalogue, Message, language, register

__all__ = ["CATALOGUE", "DIAGNOSTICS", "LABELS", "labels", "message"]

LABELS: dict[str, Message] = {
    "national_title": Message(
        vi="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", en="SOCIALIST REPUBLIC OF VIETNAM"
    ),
    "national_motto": Message(
        vi="Độc lập - Tự do - Hạnh phúc", en="Independence - Freedom - Happiness"
    ),
    "annex": Message(vi="PHỤ LỤC", en="ANNEX"),
    "attached": Message(
        vi="(Kèm theo Quyết định số {number} ngày {day} tháng {month} năm {year} của {issuer})",
        en="(Attached to Decision No. {number} of {day}/{month}/{year} of {issuer})",
    ),
    "place_date": Message(
        vi="{place}, ngày {day} tháng {month} năm {year}", en="{place}, {day}/{month}/{year}"
    ),
    "results_of": Message(vi="Kết quả đánh giá năm {year}", en="Results for {year}"),
    "results_title": Message(
        vi="KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG {subject}", en="ASSESSMENT AND RANKING RESULTS: {subject}"
    ),
    "provenance_page": Message(
        vi="Nguồn dữ liệu (thông tin kỹ thuật, không thuộc nội dung phụ lục)",
        en="Provenance (technical information, not part of the annex)",
    ),
    "stt": Message(vi="STT", en="No."),
    "unit": Message(vi="Tên đơn vị", en="Unit"),
    "points": Message(vi="Điểm", en="Points"),
    "max_of": Message(vi="tối đa {max}", en="max {max}"),
    "level": Message(vi="Mức", en="Level"),
    "rank": Message(vi="Xếp hạng", en="Rank"),
    "tier_table": Message(vi="Bảng {number}. {tier}", en="Table {number}. {tier}"),
    "summary": Message(vi="Tổng hợp mức đạt được", en="Summary of levels reached"),
    "summary_table": Message(
        vi="Bảng {number}. Tổng hợp mức đạt được: {tier}",
        en="Table {number}. Levels reached: {tier}",
    ),
    "count": Message(vi="Số đơn vị", en="Units"),
    "share": Message(vi="Tỷ lệ", en="Share"),
    "category": Message(vi="Hạng mục", en="Category"),
    "all_units": Message(vi="Tổng số đơn vị", en="All units"),
    "unclassified_everywhere": Message(
        vi="Không xếp loại ở mọi hạng mục", en="Unclassified in every category"
    ),
    "charts": Message(vi="Biểu đồ", en="Charts"),
    "chart_scores": Message(vi="Điểm từng đơn vị: {tier}", en="Score per unit: {tier}"),
    "chart_levels": Message(vi="Phân bố mức đạt được: {tier}", en="Distribution of levels: {tier}"),
    "methods": Message(vi="Ghi chú phương pháp", en="Notes on method"),
    "framework": Message(vi="Bộ tiêu chí", en="Framework"),
    "basis": Message(vi="Căn cứ", en="Legal basis"),
    "levels_rule": Message(vi="Cách xác định mức", en="How levels are set"),
    "ties": Message(vi="Xếp hạng", en="Ranking"),
    "rounding": Message(vi="Làm tròn", en="Rounding"),
    "provenance": Message(vi="Nguồn dữ liệu", en="Provenance"),
    "tool_version": Message(vi="Phiên bản cqdt", en="cqdt version"),
    "not_applicable": Message(vi="—", en="—"),
    "not_ranked": Message(vi="—", en="—"),
    "not_submitted": Message(vi="chưa gửi phiếu", en="form not submitted"),
    "page": Message(vi="Trang", en="Page"),
    "placeholder_number": Message(vi="……/QĐ-UBND", en="……"),
    "placeholder": Message(vi="……", en="……"),
    # methods note sentences
    "ties_competition": Message(
        vi="Xếp hạng trong từng khối theo «{measure}», từ cao xuống thấp; các đơn vị bằng "
        "điểm nhau được xếp cùng hạng và hạng kế tiếp được bỏ qua (ví dụ 1, 2, 2, 4).",
        en="Ranked within each tier by “{measure}”, highest first; units with equal scores "
        "share a rank and the next rank is skipped (e.g. 1, 2, 2, 4).",
    ),
    "ties_dense": Message(
        vi="Xếp hạng trong từng khối theo «{measure}», từ cao xuống thấp; các đơn vị bằng "
        "điểm nhau được xếp cùng hạng, hạng kế tiếp không bị bỏ qua (ví dụ 1, 2, 2, 3).",
        en="Ranked within each tier by “{measure}”, highest first; units with equal scores "
        "share a rank and the next rank follows on (e.g. 1, 2, 2, 3).",
    ),
    "ties_ascending": Message(vi="Thứ tự xếp hạng: từ thấp lên cao.", en="Order: lowest first."),
    "tiebreaks": Message(
        vi="Khi bằng điểm, xét lần lượt: {measures}.", en="Ties are broken by: {measures}."
    ),
    "unranked_ranked": Message(
        vi="Đơn vị không xếp loại ở mọi hạng mục vẫn được xếp hạng.",
        en="Units unclassified in every category are still ranked.",
    ),
    "unranked_last": Message(
        vi="Đơn vị không xếp loại ở mọi hạng mục được xếp sau tất cả các đơn vị khác.",
        en="Units unclassified in every category are ranked after all others.",
    ),
    "unranked_unranked": Message(
        vi="Đơn vị không xếp loại ở mọi hạng mục không được xếp hạng.",
        en="Units unclassified in every category are not ranked.",
    ),
    "no_ranking": Message(
        vi="Bộ tiêu chí không quy định xếp hạng.", en="The framework declares no ranking."
    ),
    "rounding_rule": Message(
        vi="Điểm được hiển thị làm tròn đến {decimals} chữ số thập phân (từ 5 trở lên làm "
        "tròn lên); xếp loại và xếp hạng tính trên điểm chưa làm tròn. Tỷ lệ được làm tròn "
        "đến số nguyên sao cho cộng lại bằng 100%.",
        en="Points are shown rounded to {decimals} decimals (halves away from zero); "
        "levels and ranks use unrounded points. Shares are whole percentages that add up to "
        "100%.",
    ),
    "rounding_rule_ranked_rounded": Message(
        vi="Điểm được hiển thị làm tròn đến {decimals} chữ số thập phân (từ 5 trở lên làm "
        "tròn lên); xếp loại tính trên điểm chưa làm tròn; xếp hạng tính trên «{measure}» "
        "làm tròn đến {digits} chữ số thập phân, các đơn vị bằng nhau sau khi làm tròn được "
        "xếp cùng hạng. Tỷ lệ được làm tròn đến số nguyên sao cho cộng lại bằng 100%.",
        en="Points are shown rounded to {decimals} decimals (halves away from zero); levels "
        "use unrounded points; ranks use “{measure}” rounded to {digits} decimals, and units "
        "equal after rounding share a rank. Shares are whole percentages that add up to 100%.",
    ),
    "cond_score": Message(vi="điểm {op} {value}", en="score {op} {value}"),
    "cond_group": Message(vi="nhóm «{group}» {op} {value}", en="group “{group}” {op} {value}"),
    "cond_each_group": Message(vi="mỗi nhóm {op} {value}", en="each group {op} {value}"),
    "cond_and": Message(vi=" và ", en=" and "),
    "cond_points": Message(vi="{value} điểm", en="{value} points"),
    "cond_percent": Message(vi="{value} điểm tối đa", en="{value} of the maximum"),
    "otherwise": Message(vi="các trường hợp còn lại", en="otherwise"),
}

DIAGNOSTICS: dict[str, Message] = {
    "annex-sum": Message(
        vi="Đơn vị {unit} ({code}): tổng điểm hiển thị {total} khác tổng các hạng mục hiển "
        "thị {parts} = {sum}",
        en="Unit {unit} ({code}): the displayed total {total} differs from the sum of the "
        "displayed categories {parts} = {sum}",
    ),
    "annex-sum.hint": Message(
        vi="Khai báo thêm chữ số thập phân (decimals) hoặc làm tròn điểm từng tiêu chí trong "
        "bộ tiêu chí (round(x, {decimals})) để phụ lục không có số liệu vênh nhau.",
        en="Declare more decimals (decimals) or round each indicator's points in the framework "
        "(round(x, {decimals})) so the annex never shows numbers that do not add up.",
    ),
    "annex-column": Message(
        vi="Bảng kết quả thiếu cột «{column}» cần cho phụ lục",
        en="The results frame lacks the column “{column}” the annex needs",
    ),
    "annex-column.hint": Message(
        vi="Chạy lại bước chấm điểm với đúng bộ tiêu chí này.",
        en="Score again with this very framework.",
    ),
    "annex-tier": Message(
        vi="Đơn vị {code} thuộc khối «{tier}» không có trong bộ tiêu chí",
        en="Unit {code} belongs to the tier “{tier}”, which the framework does not have",
    ),
    "annex-tier.hint": Message(
        vi="Các khối của bộ tiêu chí: {tiers}", en="The framework's tiers: {tiers}"
    ),
    "decision-read": Message(
        vi="Không đọc được tệp thông tin quyết định: {reason}",
        en="Cannot read the decision file: {reason}",
    ),
    "decision-read.hint": Message(
        vi='Tệp viết theo cú pháp TOML, ví dụ: number = "290/QĐ-UBND"',
        en='The file is TOML, e.g. number = "290/QĐ-UBND"',
    ),
    "decision-key": Message(vi="Khóa không được hỗ trợ: «{key}»", en="Unknown key: “{key}”"),
    "decision-key.hint": Message(
        vi="Các khóa hợp lệ: {keys}{suggestion}", en="Valid keys: {keys}{suggestion}"
    ),
    "decision-type": Message(
        vi="Giá trị của «{key}» không hợp lệ: {value}",
        en="Invalid value for “{key}”: {value}",
    ),
    "decision-type.hint": Message(vi="Cần {expected}", en="Expected {expected}"),
    # -- writing the outputs (runtime/publish/outputs.py)
    "E901": Message(
        vi="Không biết định dạng đầu ra '{name}'",
        en="Unknown output format '{name}'",
    ),
    "E901.hint": Message(vi="các định dạng: {known}", en="formats: {known}"),
    "E902": Message(
        vi="Thư mục kết quả {folder} đã có tệp ({files}); cqdt không ghi đè khi chưa được phép",
        en="The output folder {folder} already holds files ({files}); cqdt does not overwrite them unasked",
    ),
    "E902.hint": Message(
        vi="chọn thư mục khác, hoặc thêm --force để ghi đè",
        en="choose another folder, or add --force to overwrite",
    ),
}

CATALOGUE = register(
    Catalogue(
        name="publish", prefixes=("annex-", "decision-", "E901", "E902"), messages=DIAGNOSTICS
    )
)


def message(key: str, lang: str | None = None, /, **fields: object) -> str:
    """The diagnostic text ``key`` in ``lang`` (default: the language in force)."""
    return DIAGNOSTICS[key].render(lang or language(), **fields)


def labels(lang: str | None = None) -> dict[str, str]:
    """Every fixed heading of the annex in ``lang`` (fields left as ``{name}`` for later)."""
    chosen = lang or language()
    return {key: (m.en if chosen == "en" else m.vi) for key, m in LABELS.items()}
