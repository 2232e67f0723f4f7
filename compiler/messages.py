"""Messages of the check phase (E2xx–E7xx, W4xx/W8xx), plus :func:`make` to build diagnostics.

The numbering scheme is described in :mod:`cqdt.dsl.messages`; the letter gives the severity
(``E`` error, ``W`` warning), the first digit the area. ``CODE.hint`` is the "what to do" line;
``CODE.hint_none`` is used instead when a "did you mean" has nothing to suggest.
"""

from __future__ import annotations

from cqdt.compiler.aggregate_messages import AGGREGATE_MESSAGES
from cqdt.diagnostics import Diagnostic, Span, diagnostic
from cqdt.dsl.messages import MESSAGES as SYNTAX_MESSAGES
from cqdt.i18n import Catalogue, Message, register

CHECK_MESSAGES: dict[str, Message] = {
    # -- names
    # -- values written in the file
    "E122": Message(
        vi="'decimals' phải từ 0 đến 6, không phải {found}",
        en="'decimals' must be between 0 and 6, not {found}",
    ),
    "E122.hint": Message(
        vi="số chữ số thập phân khi hiển thị điểm; thường là: decimals 2",
        en="the number of decimals shown for points; usually: decimals 2",
    ),
    "E201": Message(vi="Mã '{name}' đã được dùng", en="The id '{name}' is already used"),
    "E201.hint": Message(
        vi="mỗi mã (số liệu, giá trị, tiêu chí, nhóm, hạng mục) phải khác nhau; đổi một trong hai",
        en="every id (input, value, indicator, group, category) must be unique; rename one",
    ),
    "E201.first": Message(vi="khai báo lần đầu ở đây", en="first declared here"),
    "E202": Message(vi="'{name}' chưa được khai báo", en="'{name}' is not defined"),
    "E202.hint": Message(vi="ý bạn là '{suggestion}'?", en="did you mean '{suggestion}'?"),
    "E202.hint_none": Message(
        vi="khai báo nó bằng 'input' hoặc 'value', hoặc kiểm tra chính tả",
        en="declare it with 'input' or 'value', or check the spelling",
    ),
    "E204": Message(vi="Không có khối '{name}'", en="There is no tier '{name}'"),
    "E204.hint": Message(
        vi="ý bạn là '{suggestion}'? Các khối: {tiers}",
        en="did you mean '{suggestion}'? Tiers: {tiers}",
    ),
    "E204.hint_none": Message(vi="các khối đã khai báo: {tiers}", en="declared tiers: {tiers}"),
    "E206": Message(
        vi="'{name}' là {kind}, không dùng được ở đây",
        en="'{name}' is {kind} and cannot be used here",
    ),
    "E206.hint": Message(vi="{allowed}", en="{allowed}"),
    "E207": Message(vi="Khối '{name}' có hai điểm tối đa", en="The tier '{name}' has two maxima"),
    "E207.hint": Message(vi="giữ lại một giá trị", en="keep one value"),
    "E208": Message(
        vi="Bộ tiêu chí chưa khai báo khối đơn vị", en="The framework declares no tiers"
    ),
    "E208.hint": Message(
        vi='thêm: tiers {{ province "Sở, ban, ngành"  district "UBND cấp huyện" }}',
        en='add: tiers {{ province "Sở, ban, ngành"  district "UBND cấp huyện" }}',
    ),
    "E211": Message(
        vi="Các giá trị tính vòng tròn: {cycle}",
        en="Derived values depend on each other in a cycle: {cycle}",
    ),
    "E211.hint": Message(
        vi="một giá trị không thể (gián tiếp) dùng chính nó; tính lại từ số liệu",
        en="a value cannot use itself, even indirectly; compute it from inputs",
    ),
    "E211.edge": Message(vi="'{a}' dùng '{b}'", en="'{a}' uses '{b}'"),
    # -- types
    "E301": Message(
        vi="Giá trị có/không không dùng được trong '{op}'",
        en="A yes/no value cannot be used in '{op}'",
    ),
    "E301.hint": Message(
        vi="có/không chỉ được tính là 1/0 trong + - * / và count_yes(…); ở đây viết: "
        "if {name} then 1 else 0",
        en="yes/no counts as 1/0 only in + - * / and count_yes(…); here write: "
        "if {name} then 1 else 0",
    ),
    "E302": Message(vi="So sánh {left} với {right}", en="Comparing {left} with {right}"),
    "E302.hint": Message(
        vi='số chỉ so với số; lựa chọn chỉ so với một phương án "…"',
        en='numbers compare with numbers; a choice compares with one of its options "…"',
    ),
    "E303": Message(
        vi="'{name}' không có phương án \"{option}\"", en="'{name}' has no option \"{option}\""
    ),
    "E303.hint": Message(vi="các phương án: {options}", en="options: {options}"),
    "E304": Message(
        vi="'case' cần một số liệu kiểu lựa chọn, '{name}' là {kind}",
        en="'case' needs a choice input, '{name}' is {kind}",
    ),
    "E304.hint": Message(
        vi="dùng 'ladder' cho số, 'if … then … else' cho có/không",
        en="use 'ladder' for numbers and 'if … then … else' for yes/no",
    ),
    "E306": Message(
        vi="Số liệu văn bản '{name}' chỉ để ghi chú, không dùng để tính điểm",
        en="The text input '{name}' is informational and cannot be used in a rule",
    ),
    "E306.hint": Message(
        vi='đổi kiểu thành choice "…" | "…" nếu cần chấm điểm theo nó',
        en='make it a choice "…" | "…" if points depend on it',
    ),
    "E307": Message(
        vi="'max' chỉ dùng trong quy tắc tính điểm của một tiêu chí",
        en="'max' can only be used in an indicator's scoring rule",
    ),
    "E307.hint": Message(
        vi="ghi rõ số điểm, hoặc chuyển phép tính vào 'points = …'",
        en="write the number, or move the computation into 'points = …'",
    ),
    "E308": Message(
        vi="Điều kiện phải là có/không, ở đây là {kind}",
        en="A condition must be yes/no, this is {kind}",
    ),
    "E308.hint": Message(
        vi="so sánh để có điều kiện, ví dụ: {example}",
        en="compare to get a condition, e.g. {example}",
    ),
    "E309": Message(
        vi="'at most {name}': '{name}' không phải số liệu dạng số",
        en="'at most {name}': '{name}' is not a numeric input",
    ),
    "E309.hint": Message(
        vi="'at most' chỉ nối hai số liệu kiểu number, count hoặc percent",
        en="'at most' links two inputs of type number, count or percent",
    ),
    "E311": Message(
        vi="{what} phải cho ra một số, ở đây là {kind}",
        en="{what} must give a number, this gives {kind}",
    ),
    "E311.hint": Message(
        vi="viết: if … then {example} else 0", en="write: if … then {example} else 0"
    ),
    "E315": Message(
        vi="Số chữ số thập phân của round phải là một số nguyên từ 0 đến 6, không phải {found}",
        en="The decimals of round must be a whole number from 0 to 6, not {found}",
    ),
    "E315.hint": Message(
        vi="ví dụ: round(x, 2) làm tròn đến 2 chữ số thập phân; làm tròn đến hàng chục: "
        "round(x / 10, 0) * 10",
        en="for example round(x, 2) rounds to 2 decimals; to round to tens: round(x / 10, 0) * 10",
    ),
    "E351": Message(
        vi="Số mũ của pow phải là một số viết trực tiếp trong tệp, không phải {found}",
        en="The exponent of pow must be a number written in the file, not {found}",
    ),
    "E351.hint": Message(
        vi="ví dụ: pow(x, 2), pow(x, 0.5); với số mũ thay đổi, dùng exp(y * log(x))",
        en="for example pow(x, 2), pow(x, 0.5); for a varying exponent use exp(y * log(x))",
    ),
    "W550": Message(
        vi="{func}({arg}) không có giá trị khi {condition}, mà {arg} có thể nằm trong {low} … {high}",
        en="{func}({arg}) has no value when {condition}, and {arg} can be anywhere in {low} … {high}",
    ),
    "W550.hint": Message(
        vi="đơn vị như vậy nhận giá trị thiếu; thu hẹp khoảng của đầu vào (range), dùng "
        "log(x + 1), hoặc khai báo: if is missing(log(x)) then 0 else log(x)",
        en="such units get a missing value; narrow the input's range, use log(x + 1), or "
        "declare it: if is missing(log(x)) then 0 else log(x)",
    ),
    "E312": Message(
        vi="Khoảng giá trị của '{name}' có cận dưới {low} lớn hơn cận trên {high}",
        en="The range of '{name}' has its low end {low} above its high end {high}",
    ),
    "E312.hint": Message(
        vi="viết cận nhỏ trước: range {high} .. {low}",
        en="write the low end first: range {high} .. {low}",
    ),
    "E313": Message(
        vi="Phương án \"{option}\" của '{name}' được liệt kê hai lần",
        en="The option \"{option}\" of '{name}' is listed twice",
    ),
    "E313.hint": Message(
        vi="mỗi phương án chỉ viết một lần; đơn vị chọn một trong các phương án",
        en="write each option once; a unit picks one of them",
    ),
    "E314": Message(
        vi="Phương án \"{option}\" đã có nhánh ở trên trong cùng 'case'",
        en="The option \"{option}\" already has a branch above in the same 'case'",
    ),
    "E314.hint": Message(
        vi="nhánh sau không bao giờ được dùng: bỏ nó, hoặc sửa tên phương án",
        en="the later branch is never used: remove it or correct the option",
    ),
    "E314.first": Message(vi="nhánh đầu tiên", en="the first branch"),
    # -- structure and budgets
    "E401": Message(
        vi="Điểm tối đa của '{name}' ({tier}) là {parent}, tổng các mục con là {children}",
        en="'{name}' has max {parent} for {tier}, its children sum to {children}",
    ),
    "E401.hint": Message(
        vi="sửa điểm tối đa cho khớp (cqdt không tự quy đổi điểm), hoặc bỏ 'max' để lấy tổng các mục con",
        en="make the maxima agree (nothing is rescaled), or drop 'max' to take the children's sum",
    ),
    "E402": Message(
        vi="'{name}' tính {agg}: '{child}' có điểm tối đa {child_max} khác {parent} ({tier})",
        en="'{name}' aggregates by {agg}: '{child}' has max {child_max}, not {parent} ({tier})",
    ),
    "E402.hint": Message(
        vi="với mean/weighted mọi mục con phải cùng điểm tối đa với mục cha",
        en="with mean/weighted every child must have the parent's max",
    ),
    "E403": Message(
        vi="'{child}' thiếu trọng số (nhóm cha tính weighted)",
        en="'{child}' has no weight (its parent aggregates by weighted)",
    ),
    "E403.hint": Message(vi="thêm: weight 1", en="add: weight 1"),
    "W404": Message(
        vi="Trọng số của '{child}' không được dùng (mục cha tính {agg})",
        en="The weight of '{child}' is not used (its parent aggregates by {agg})",
    ),
    "W404.hint": Message(
        vi="bỏ 'weight' hoặc thêm 'aggregate weighted' ở mục cha",
        en="remove 'weight' or add 'aggregate weighted' to the parent",
    ),
    "W404.total": Message(
        vi="bỏ 'weight': các hạng mục được cộng ở dòng total; muốn có trọng số thì viết ở đó, "
        'ví dụ: total "Tổng điểm" = 2 * {child} + …',
        en="remove 'weight': categories add up in the total line; to weight them write it "
        'there, e.g. total "Tổng điểm" = 2 * {child} + …',
    ),
    "E405": Message(
        vi="Tiêu chí '{name}' có cả quy tắc tính điểm lẫn nội dung con",
        en="The indicator '{name}' has both a scoring rule and items",
    ),
    "E405.hint": Message(
        vi="điểm của tiêu chí có nội dung con là tổng các nội dung; bỏ 'points = …'",
        en="an indicator with items scores the sum of its items; remove 'points = …'",
    ),
    "E406": Message(
        vi="Tiêu chí '{name}' chưa có cách tính điểm",
        en="The indicator '{name}' has no way to get points",
    ),
    "E406.hint": Message(
        vi="thêm 'points = …' hoặc các 'item'; nếu chỉ để thông tin, ghi 'not scored'",
        en="add 'points = …' or items; if it is informational, mark it 'not scored'",
    ),
    "E407": Message(
        vi="Tiêu chí '{name}' ({tier}) tối đa {parent} điểm, các nội dung cộng lại {children}",
        en="The indicator '{name}' ({tier}) has max {parent}, its items sum to {children}",
    ),
    "E407.hint": Message(
        vi="sửa điểm tối đa cho khớp, hoặc bỏ 'max' của tiêu chí để lấy tổng các nội dung",
        en="make them agree, or drop the indicator's 'max' to take the items' sum",
    ),
    "E408": Message(
        vi="Nội dung '{name}' không thể chứa nội dung con", en="The item '{name}' cannot have items"
    ),
    "E408.hint": Message(
        vi="chỉ có hai cấp: tiêu chí › nội dung", en="only two levels: indicator › item"
    ),
    "E409": Message(vi="'{name}' chưa có điểm tối đa", en="'{name}' has no maximum points"),
    "E409.hint": Message(
        vi="thêm 'max N' hoặc 'max {{ khối N … }}'", en="add 'max N' or 'max {{ tier N … }}'"
    ),
    "E410": Message(
        vi="Trọng số của '{name}' là {weight}: trọng số không được âm",
        en="The weight of '{name}' is {weight}: a weight cannot be below 0",
    ),
    "E410.hint": Message(
        vi="trọng số 0 bỏ phần tử ra khỏi bình quân; một phần tử không tính điểm thì đánh dấu "
        "'not scored'",
        en="a weight of 0 leaves the node out of the mean; mark a node that never counts "
        "'not scored'",
    ),
    "E415": Message(
        vi="Mọi phần tử của '{name}' đều có trọng số 0: bình quân gia quyền không có nghĩa",
        en="Every child of '{name}' has weight 0: the weighted mean means nothing",
    ),
    "E415.hint": Message(
        vi="cho ít nhất một phần tử trọng số lớn hơn 0",
        en="give at least one child a weight above 0",
    ),
    "E411": Message(
        vi="'{child}' được chấm cho khối {tier}, nhưng '{name}' không có điểm tối đa cho khối đó "
        "(chỉ cho: {tiers})",
        en="'{child}' is scored for {tier}, but '{name}' has no max for that tier "
        "(only for: {tiers})",
    ),
    "E411.hint": Message(
        vi="các khối ghi trong 'max {{ … }}' của mục cha là các khối mục con áp dụng; thêm khối "
        "đó vào 'max {{ … }}' của mục cha, hoặc bỏ nó khỏi 'for' của '{child}'",
        en="the tiers in the parent's 'max {{ … }}' are the tiers its children apply to; add the "
        "tier to the parent's 'max {{ … }}', or remove it from the 'for' of '{child}'",
    ),
    "E412": Message(
        vi="'not applicable' của '{name}' cần một quy tắc 'points = …' bên cạnh",
        en="The 'not applicable' of '{name}' needs a 'points = …' rule beside it",
    ),
    "E412.hint": Message(
        vi="ghi 'not applicable when … : …' trong tiêu chí hoặc nội dung có 'points = …' "
        "(một tiêu chí có nội dung con: ghi ở từng nội dung)",
        en="write 'not applicable when … : …' in an indicator or item with 'points = …' "
        "(an indicator with items: in each item)",
    ),
    "E413": Message(
        vi="'{name}' là điểm cộng/điểm trừ nhưng '{parent}' tính {agg}, không cộng các mục con",
        en="'{name}' is bonus/penalty points but '{parent}' aggregates by {agg}, not by sum",
    ),
    "E413.hint": Message(
        vi="điểm cộng, điểm trừ chỉ đặt trong mục cha tính tổng (sum); chuyển nó sang một nhóm "
        "hoặc hạng mục tính tổng",
        en="bonus and penalty points go in a parent that sums its children; move it to a "
        "group or category that sums",
    ),
    "E414": Message(
        vi="Thang điểm khai báo là {scale} ({tier}), các hạng mục cộng lại {total}",
        en="The declared scale is {scale} ({tier}), the categories add up to {total}",
    ),
    "E414.hint": Message(
        vi="sửa điểm tối đa của hạng mục cho khớp thang điểm của quyết định (cqdt không tự quy "
        "đổi điểm), hoặc sửa dòng 'points scale'",
        en="make the categories' maxima add up to the decision's scale (nothing is rescaled), "
        "or correct the 'points scale' line",
    ),
    # -- bounds
    "E501": Message(
        vi="Điểm của '{name}' có thể tới {high}, vượt điểm tối đa {max} ({tier})",
        en="'{name}' can score up to {high}, above its max {max} ({tier})",
    ),
    "E501.hint": Message(
        vi="kiểm tra quy tắc (thiếu dấu %, ví dụ 60 thay cho 60%?); nếu đúng ý, thêm 'cap max' "
        "hoặc dùng min(…, max)",
        en="check the rule (a % forgotten, e.g. 60 for 60%?); if it is meant, add 'cap max' or "
        "use min(…, max)",
    ),
    "E502": Message(
        vi="Điểm của '{name}' có thể âm (tới {low})",
        en="'{name}' can score below 0 (down to {low})",
    ),
    "E502.hint": Message(
        vi="dùng clamp(…, 0, max) hoặc max(…, 0)", en="use clamp(…, 0, max) or max(…, 0)"
    ),
    # -- levels
    "E601": Message(
        vi="Mức '{name}' có ngưỡng cao hơn mức đứng trước '{previous}'",
        en="The level '{name}' has a higher threshold than the level before it, '{previous}'",
    ),
    "E601.hint": Message(
        vi="xếp các mức từ cao xuống thấp (Mức 1 trước)", en="order levels best first (Mức 1 first)"
    ),
    "E602": Message(
        vi="Không đơn vị nào đạt được mức '{name}'", en="No unit can ever get the level '{name}'"
    ),
    "E602.hint": Message(
        vi="mọi đơn vị thỏa '{name}' đều đã thỏa '{previous}' đứng trước; sửa ngưỡng",
        en="every unit meeting '{name}' already meets '{previous}' above it; fix the thresholds",
    ),
    "E603": Message(
        vi="Ngưỡng {threshold} vượt điểm tối đa {max} ({tier})",
        en="The threshold {threshold} is above the maximum {max} ({tier})",
    ),
    "E603.hint": Message(
        vi="dùng phần trăm (ví dụ 90%) hoặc số điểm không quá tối đa",
        en="use a percentage (e.g. 90%) or points within the maximum",
    ),
    "E604": Message(
        vi="Hạng mục '{category}' không có nhóm '{name}'",
        en="The category '{category}' has no group '{name}'",
    ),
    "E604.hint": Message(vi="các nhóm: {groups}", en="groups: {groups}"),
    # -- ranking and total
    "E701": Message(
        vi="Tiêu chí xếp hạng không dựa trên điểm nào", en="The ranking measure names no score"
    ),
    "E701.hint": Message(
        vi="viết ví dụ: by total descending", en="write for example: by total descending"
    ),
    "E702": Message(
        vi="Tiêu chí xếp hạng phải là số, ở đây là {kind}",
        en="The ranking measure must be a number, this is {kind}",
    ),
    "E702.hint": Message(
        vi="xếp hạng theo điểm: total, một hạng mục hoặc một nhóm",
        en="rank by points: total, a category or a group",
    ),
    # -- warnings
    "W801": Message(
        vi="Quy tắc của '{name}' không dùng số liệu nào: mọi đơn vị có cùng số điểm",
        en="The rule of '{name}' uses no input: every unit gets the same points",
    ),
    "W801.hint": Message(
        vi="kiểm tra lại quy tắc, hoặc ghi 'not scored' nếu chỉ để thông tin",
        en="check the rule, or mark it 'not scored' if it is informational",
    ),
    "W802": Message(
        vi="Số liệu '{name}' không được dùng ở đâu", en="The input '{name}' is never used"
    ),
    "W802.hint": Message(
        vi="không mẫu nhập liệu nào hỏi số liệu này vì không quy tắc nào đọc nó; "
        "dùng nó trong một quy tắc hoặc xóa đi",
        en="no form asks it, since no rule reads it; use it in a rule or remove it",
    ),
    # -- words
    "kind.number": Message(vi="một số", en="a number"),
    "kind.bool": Message(vi="có/không", en="yes/no"),
    "kind.choice": Message(vi="một lựa chọn", en="a choice"),
    "kind.text": Message(vi="văn bản", en="a text"),
    "kind.input": Message(vi="một số liệu", en="an input"),
    "kind.derived": Message(vi="một giá trị tính", en="a derived value"),
    "kind.indicator": Message(vi="một tiêu chí", en="an indicator"),
    "kind.group": Message(vi="một nhóm", en="a group"),
    "kind.category": Message(vi="một hạng mục", en="a category"),
    "kind.total": Message(vi="tổng điểm", en="the total"),
    "allowed.rule": Message(
        vi="quy tắc tính điểm và giá trị tính chỉ dùng số liệu và giá trị tính",
        en="rules and derived values use inputs and derived values only",
    ),
    "allowed.measure": Message(
        vi="tổng điểm và xếp hạng dùng hạng mục, nhóm, tiêu chí (và 'total' khi xếp hạng)",
        en="the total and the ranking use categories, groups, indicators (and 'total' to rank)",
    ),
    "what.rule": Message(vi="Quy tắc tính điểm", en="A scoring rule"),
    "what.measure": Message(vi="Biểu thức", en="The expression"),
    **AGGREGATE_MESSAGES,
}


#: Syntax and check messages together, for callers that look words up by key.
MESSAGES: dict[str, Message] = {**SYNTAX_MESSAGES, **CHECK_MESSAGES}

CATALOGUE = register(
    Catalogue(
        name="checks",
        prefixes=("E122", "E2", "E3", "E4", "E5", "E6", "E7", "W4", "W5", "W8"),
        messages=CHECK_MESSAGES,
    )
)


def make(
    code: str,
    where: Span | None,
    *,
    path: str = "",
    related: tuple[tuple[Span, str], ...] = (),
    hint_code: str | None = None,
    **fields,
) -> Diagnostic:
    """A framework diagnostic in the language in force (see :func:`cqdt.diagnostics.diagnostic`).

    A ``suggestion`` field that is empty switches the hint to ``CODE.hint_none`` (no "did you
    mean ''?"). ``related`` notes may be message codes (looked up) or plain text.
    """
    return diagnostic(code, where, path=path, related=related, hint_code=hint_code, **fields)


def word(key: str) -> str:
    """A word used inside messages (``kind.number`` → "một số"), in the language in force."""
    return MESSAGES[key].render()
