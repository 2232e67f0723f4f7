"""Messages of the scorer's data checks and ``cqdt explain``, in vi and en.

Codes are stable (tests and tools match on them); texts may improve freely.
"""

from __future__ import annotations

from cqdt.i18n import Catalogue, Message, register

MESSAGES: dict[str, Message] = {
    # data checks before scoring
    "score.unknown_tier": Message(
        vi="Đơn vị '{code}' thuộc khối '{tier}' không có trong bộ tiêu chí",
        en="Unit '{code}' belongs to tier '{tier}', which the framework does not have",
    ),
    "score.unknown_tier.hint": Message(vi="Các khối hợp lệ: {tiers}", en="Valid tiers: {tiers}"),
    "score.missing_column": Message(
        vi="Thiếu cột '{column}' ({label}) trong dữ liệu",
        en="The data has no column '{column}' ({label})",
    ),
    "score.missing_column.hint": Message(
        vi="Thêm cột này (tiêu đề là mã '{column}') hoặc dùng mẫu nhập liệu do cqdt tạo",
        en="Add this column (headed by the id '{column}') or use the form cqdt generates",
    ),
    "score.bad_type": Message(
        vi="Cột '{column}' phải là {expected}, nhưng có giá trị không đọc được: {shown}",
        en="Column '{column}' must hold {expected}, but has a value that cannot be read: {shown}",
    ),
    "score.missing_value": Message(
        vi="Đơn vị '{code}' chưa trả lời '{input}' ({label}), mà chỉ tiêu này bắt buộc",
        en="Unit '{code}' has not answered '{input}' ({label}), which is required",
    ),
    "score.missing_value.hint": Message(
        vi="Bổ sung số liệu, hoặc khai báo 'missing zero' / 'missing unclassified' cho đầu vào",
        en="Fill in the value, or declare 'missing zero' / 'missing unclassified' on the input",
    ),
    "score.bad_type.hint": Message(
        vi="Sửa giá trị này trong dữ liệu cho đúng kiểu của câu hỏi",
        en="Correct the value in the data to the type of the input",
    ),
    "score.no_code": Message(
        vi="Dòng {row} không có mã đơn vị hoặc khối", en="Row {row} has no unit code or tier"
    ),
    "score.no_code.hint": Message(
        vi="Mỗi dòng cần mã đơn vị (code) và khối (tier)", en="Every row needs a code and a tier"
    ),
    "score.duplicate_code": Message(
        vi="Mã đơn vị '{code}' xuất hiện {count} lần", en="Unit code '{code}' appears {count} times"
    ),
    "score.duplicate_code.hint": Message(
        vi="Mỗi đơn vị chỉ có một dòng; gộp hoặc xóa dòng trùng",
        en="Each unit has one row; merge or delete the duplicate",
    ),
    "score.missing_identity": Message(
        vi="Dữ liệu thiếu cột '{column}'", en="The data has no column '{column}'"
    ),
    "score.missing_identity.hint": Message(
        vi="Bảng số liệu cần các cột tier, code và name", en="The data needs tier, code and name"
    ),
    "score.backend": Message(
        vi="Không có bộ tính '{backend}' (chọn: polars, reference)",
        en="There is no backend '{backend}' (choose: polars, reference)",
    ),
    "score.backend.hint": Message(
        vi="Bỏ tùy chọn này để dùng polars", en="Leave the option out to use polars"
    ),
    "score.empty_points": Message(
        vi="Điểm của '{node}' cho đơn vị '{code}' không tính được: phép chia cho 0 hoặc một giá "
        "trị bị thiếu",
        en="The points of '{node}' for unit '{code}' cannot be computed: a division by 0 or a "
        "missing value",
    ),
    "score.empty_points.hint": Message(
        vi="Khai báo cách tính khi thiếu, ví dụ: if is missing(a / b) then 0 else a / b",
        en="Declare what it scores then, e.g. if is missing(a / b) then 0 else a / b",
    ),
    "score.empty_points_more": Message(
        vi="Và {count} đơn vị khác có điểm '{node}' không tính được",
        en="And {count} more units whose points of '{node}' cannot be computed",
    ),
    "score.empty_points_more.hint": Message(
        vi="Khai báo cách tính khi thiếu, ví dụ: if is missing(a / b) then 0 else a / b",
        en="Declare what it scores then, e.g. if is missing(a / b) then 0 else a / b",
    ),
    # explain
    "explain.unknown_unit": Message(
        vi="Không có đơn vị mã hoặc tên '{code}' trong kết quả",
        en="No unit with code or name '{code}' in the results",
    ),
    "explain.unknown_unit.several": Message(
        vi="nhiều đơn vị có tên như vậy: {units}; dùng mã đơn vị",
        en="several units have such a name: {units}; use the unit code",
    ),
    "explain.unknown_unit.case": Message(
        vi="mã đơn vị phân biệt chữ hoa, chữ thường: ý bạn là {codes}?",
        en="unit codes are case-sensitive: did you mean {codes}?",
    ),
    "explain.unknown_unit.did_you_mean": Message(
        vi="ý bạn là {codes}?", en="did you mean {codes}?"
    ),
    "explain.unknown_unit.hint": Message(
        vi="dùng mã đơn vị ở cột A của phiếu khảo sát (hoặc cột code của danh sách đơn vị)",
        en="use a unit code from column A of the form (or the code column of the units list)",
    ),
    "explain.unit": Message(
        vi="Đơn vị: {name} ({code}), khối {tier}", en="Unit: {name} ({code}), tier {tier}"
    ),
    "explain.inputs": Message(vi="Số liệu đầu vào", en="Inputs"),
    "explain.missing_fired": Message(
        vi="để trống → tính là {value} (quy tắc '{policy}')",
        en="empty → counted as {value} (policy '{policy}')",
    ),
    "explain.missing_kept": Message(
        vi="để trống → thiếu số liệu (quy tắc 'empty'); các giá trị tính toán cho biết cách bổ sung",
        en="empty → missing (policy 'empty'); the derived values show how it is imputed",
    ),
    "explain.not_asked": Message(vi="không áp dụng cho khối này", en="not asked of this tier"),
    "explain.derived": Message(vi="Giá trị tính toán", en="Derived values"),
    "explain.category": Message(
        vi="Hạng mục {label} ({id}): {score} / {max} điểm",
        en="Category {label} ({id}): {score} / {max} points",
    ),
    "explain.group": Message(
        vi="Nhóm {label} ({id}): {score} / {max} điểm",
        en="Group {label} ({id}): {score} / {max} points",
    ),
    "explain.indicator": Message(
        vi="{label} ({id}): {points} / {max} điểm", en="{label} ({id}): {points} / {max} points"
    ),
    "explain.not_scored": Message(vi="(không tính điểm)", en="(not scored)"),
    "explain.info": Message(vi="{label} ({id}): {value}", en="{label} ({id}): {value}"),
    "explain.group_info": Message(vi="Nhóm {label} ({id})", en="Group {label} ({id})"),
    "explain.category_info": Message(vi="Hạng mục {label} ({id})", en="Category {label} ({id})"),
    "explain.not_applicable_held": Message(vi="— không áp dụng", en="— not applicable"),
    "explain.bonus": Message(vi="(điểm cộng)", en="(bonus points)"),
    "explain.penalty": Message(vi="(điểm trừ)", en="(penalty points, deducted)"),
    "explain.not_applicable": Message(
        vi="không áp dụng khi: {rule}", en="not applicable when: {rule}"
    ),
    "explain.rule": Message(vi="cách tính: {rule}", en="rule: {rule}"),
    "explain.level": Message(vi="Mức đạt được: {label} ({id})", en="Level reached: {label} ({id})"),
    "explain.no_levels": Message(vi="Hạng mục không xếp mức", en="The category has no level table"),
    "explain.level_row": Message(vi="{mark} {label} ({id})", en="{mark} {label} ({id})"),
    "explain.check": Message(
        vi="{mark} {subject} = {value} {op} {threshold}",
        en="{mark} {subject} = {value} {op} {threshold}",
    ),
    "explain.fired": Message(
        vi="Không xếp loại vì bỏ trống: {inputs}",
        en="Unclassified because of empty answers: {inputs}",
    ),
    "explain.gap": Message(
        vi="Để đạt {label} cần thêm {points} điểm ở {subject}",
        en="To reach {label}: {points} more points in {subject}",
    ),
    "explain.gap_best": Message(vi="Đã đạt mức cao nhất", en="Already at the highest level"),
    "explain.total": Message(vi="{label}: {total}", en="{label}: {total}"),
    "explain.total_default": Message(vi="Tổng điểm", en="Total"),
    "explain.on_scale": Message(
        vi="{total} / {scale} (thang điểm)", en="{total} / {scale} (the scale)"
    ),
    "explain.filled": Message(vi="= {formula} = {points}", en="= {formula} = {points}"),
    "explain.tier_value": Message(
        vi="{func} = {value} (trong khối {tier})", en="{func} = {value} (across the tier {tier})"
    ),
    "explain.gap_items": Message(
        vi="Để đạt {label} cần thêm {items} tiêu chí đạt ở {subject} (mỗi tiêu chí {each} điểm)",
        en="To reach {label}: {items} more indicators met in {subject} ({each} point(s) each)",
    ),
    "explain.rank": Message(vi="Xếp hạng trong khối: {rank}", en="Rank within the tier: {rank}"),
    "explain.unranked": Message(vi="không xếp hạng", en="not ranked"),
    "explain.score_subject": Message(vi="điểm hạng mục", en="the category score"),
    "explain.group_subject": Message(vi="nhóm {id}", en="group {id}"),
}

CATALOGUE = register(
    Catalogue(name="score", prefixes=("score.", "explain.unknown_unit"), messages=MESSAGES)
)
