"""Rebuild ``frameworks/2019_backan.cqdt`` from ``frameworks/2018_backan.cqdt``.

The 2019 file is an illustrative revision of 2018: the eight edits listed in its header,
applied to the current 2018 text (anchored on declarations, so comments in 2018 may change).
When the 2018 reconstruction is corrected, run ``python tests/diff/make_2019.py`` so both
versions differ by exactly those edits again (``tests/diff/test_backan_diff.py`` checks it),
then review ``git diff`` and the snapshots.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = """# =============================================================================================
# BỘ TIÊU CHÍ ĐÁNH GIÁ, XẾP HẠNG MỨC ĐỘ XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ TỈNH BẮC KẠN NĂM 2019
#
# MINH HỌA, KHÔNG PHẢI VĂN BẢN THẬT. Tệp này là một bản sửa đổi GIẢ ĐỊNH của bộ tiêu chí năm 2018
# (frameworks/2018_backan.cqdt), dùng để trình bày và kiểm thử lệnh `cqdt diff`: so sánh hai
# phiên bản theo nghĩa (điểm, ngưỡng, quy tắc) và đánh giá tác động tới mức, hạng của đơn vị.
# Mọi con số [TD] kế thừa từ bản 2018 vẫn là tái dựng (xem ghi chú đầu tệp 2018).
# Ghi chú "a / b / c điểm" là điểm tối đa lần lượt của khối sở, ban, ngành / cấp huyện / cấp xã.
#
# ILLUSTRATIVE, NOT AN ISSUED TEXT: a plausible next-year revision of the 2018 framework, made
# to show and test `cqdt diff`. What changed from 2018 (each place is marked "[2019]"):
#  1. Thông tin chung: năm 2019, kỳ đánh giá, phiên bản 2019.1, thêm một căn cứ (giả định).
#  2. Nâng ngưỡng xếp mức ở cả hai hạng mục: Mức 1 mỗi nhóm ≥ 75% (trước 70%), Mức 2 ≥ 80%
#     (trước 75%), Mức 3 ≥ 65% (trước 60%); Mức 4 giữ 50%.
#  3. Tiêu chí MỚI về thanh toán trực tuyến: online_payment_share (tỷ lệ hồ sơ được thanh toán
#     phí, lệ phí trực tuyến; 4 / 4 / 3 điểm; thêm ô nhập files_paid_online trên phiếu khảo sát).
#     Để giữ đúng 30 / 30 / 25 điểm của nhóm "Mức độ giao dịch": one_stop 4 / 4 / 8 → 2 / 2 / 5,
#     online_payment 4 / 4 → 2 / 2.
#  4. Chuyển tiêu chí doc_interconnection (liên thông văn bản 4 cấp) từ nhóm "Mức độ chuyển đổi"
#     sang nhóm "Mức độ tương tác"; điểm tối đa hai nhóm đổi theo (25 / 25 / 30 → 30 / 30 / 34 và
#     20 / 20 / 15 → 15 / 15 / 11); hạng mục vẫn 100 điểm.
#  5. Điểm tối đa: pc_ratio 8 → 6 và security 6 → 8 (khối sở, huyện); nhóm hạ tầng vẫn 40 điểm.
#  6. Đổi tên gọi tiêu chí portal; đổi năm trong tên gọi tiêu chí it_plan và hai ô nhập liệu.
#  7. Đổi mã tiêu chí skills → it_certificates (nội dung giữ nguyên).
#  8. Tiêu chí online_files: trọn điểm từ 30% hồ sơ trực tuyến (trước 20%).
# Tổng điểm mỗi nhóm, mỗi hạng mục vẫn khớp đúng (cqdt kiểm tra lại khi nạp tệp).
# =============================================================================================
"""


#: The new indicator on online payment, placed after online_payment.
NEW_INDICATOR = """
      # [2019] TIÊU CHÍ MỚI: 4 / 4 / 3 điểm; từ 10% hồ sơ trọn điểm, có hồ sơ được nửa số điểm
      indicator online_payment_share "Tỷ lệ hồ sơ TTHC được thanh toán phí, lệ phí trực tuyến" max { province 4  district 4  commune 3 } {
        input files_paid_online "Số hồ sơ TTHC được thanh toán phí, lệ phí trực tuyến" count at most files_total missing zero
        points = ladder files_paid_online / files_total {
          >= 10% : max
          > 0 : round(max / 2, 2)
          otherwise : 0
        }
      }
"""


def _decl(kind: str, ident: str) -> str:
    """A declaration line: indent, keyword, id, label, optional max, the rest."""
    return (
        rf"^(?P<ind>[ \t]*){kind} {ident} (?P<label>\"[^\"]*\")"
        rf"(?P<max> max (?:\{{[^}}]*\}}|\S+))?(?P<rest>.*)$"
    )


class _Text:
    """The framework text being revised; every edit must apply exactly once."""

    def __init__(self, body: str):
        self.body = body

    def one(self, pattern, repl, flags=re.M) -> None:
        new, n = re.subn(pattern, repl, self.body, flags=flags)
        if n != 1:
            sys.exit(f"pattern matched {n} times: {pattern}")
        self.body = new

    def set_max(self, kind: str, ident: str, new_max: str, note: str) -> None:
        self.one(
            _decl(kind, ident),
            lambda m: (
                f"{m['ind']}# [2019] {note}\n"
                f"{m['ind']}{kind} {ident} {m['label']} max {new_max}{m['rest']}"
            ),
        )

    def relabel(self, kind: str, ident: str, old: str, new: str) -> None:
        self.one(_decl(kind, ident), lambda m: m.group(0).replace(f'"{old}"', f'"{new}"', 1))

    def input_label(self, ident: str, old: str, new: str) -> None:
        self.one(rf'^([ \t]*input {ident} )"{re.escape(old)}"', rf'\1"{new}"')


def revise(source: str) -> str:
    """The 2019 text from the 2018 text."""
    text = _Text(source[source.index("framework backan_cqdt_2018") :])
    text.one(
        r'^framework backan_cqdt_2018 "(.*) năm 2018" \{',
        r'framework backan_cqdt_2019 "\1 năm 2019" {',
    )
    text.one(r"^  year 2018$", "  year 2019")
    text.one(r'^  period "01/01/2018 - 31/12/2018"$', '  period "01/01/2019 - 31/12/2019"')
    text.one(r'^  version "2018.1"$', '  version "2019.1"')
    text.one(
        r'^(  basis "Quyết định số 2015/QĐ-UBND)',
        '  basis "Quyết định sửa đổi, bổ sung Bộ tiêu chí năm 2019 của UBND tỉnh Bắc Kạn (giả định, minh họa)"\n\\1',
    )

    # 5. pc_ratio 8 -> 6 and security 6 -> 8 (province, district): the group stays at 40
    text.set_max(
        "indicator",
        "pc_ratio",
        "{ province 6  district 6  commune 12 }",
        "6 / 6 / 12 điểm (năm 2018: 8 / 8 / 12)",
    )
    text.set_max(
        "indicator",
        "security",
        "{ province 8  district 8  commune 6 }",
        "8 / 8 / 6 điểm (năm 2018: 6 điểm mỗi khối)",
    )

    # 7. id renamed, content kept
    text.one(
        _decl("indicator", "skills"),
        lambda m: (
            f"{m['ind']}# [2019] đổi mã tiêu chí: skills → it_certificates (nội dung giữ nguyên)\n{m['ind']}indicator it_certificates {m['label']}{m['max'] or ''}{m['rest']}"
        ),
    )

    # 6. labels
    text.relabel(
        "indicator",
        "it_plan",
        "Ban hành kế hoạch ứng dụng CNTT năm 2018 của đơn vị",
        "Ban hành kế hoạch ứng dụng CNTT năm 2019 của đơn vị",
    )
    text.input_label(
        "has_it_plan",
        "Đơn vị đã ban hành kế hoạch ứng dụng CNTT năm 2018",
        "Đơn vị đã ban hành kế hoạch ứng dụng CNTT năm 2019",
    )
    text.input_label(
        "it_budget_share",
        "Tỷ lệ kinh phí chi cho CNTT trên tổng chi thường xuyên năm 2018",
        "Tỷ lệ kinh phí chi cho CNTT trên tổng chi thường xuyên năm 2019",
    )
    text.relabel(
        "indicator",
        "portal",
        "Cổng/Trang thông tin điện tử của đơn vị",
        "Cổng/Trang thông tin điện tử của cơ quan, đơn vị",
    )

    # 4. move doc_interconnection (with the comments above it) from transformation to interaction
    m = re.search(
        r"\n((?:      #[^\n]*\n)*      indicator doc_interconnection .*?\n      \}\n)",
        text.body,
        re.S,
    )
    block = m.group(1)
    text.body = text.body.replace("\n\n" + block, "\n", 1)
    block = re.sub(
        r"(      indicator doc_interconnection)",
        r'      # [2019] chuyển từ nhóm "Mức độ chuyển đổi" sang nhóm "Mức độ tương tác"\n\1',
        block,
    )
    m2 = re.search(r"\n      indicator digital_signature .*?\n      \}\n", text.body, re.S)
    text.body = text.body[: m2.end()] + "\n" + block + text.body[m2.end() :]
    text.set_max(
        "group",
        "interaction",
        "{ province 30  district 30  commune 34 }",
        "30 / 30 / 34 điểm (năm 2018: 25 / 25 / 30): thêm tiêu chí liên thông văn bản",
    )
    text.set_max(
        "group",
        "transformation",
        "{ province 15  district 15  commune 11 }",
        "15 / 15 / 11 điểm (năm 2018: 20 / 20 / 15): chuyển tiêu chí liên thông văn bản đi",
    )

    # 3. online payment: a new indicator; one_stop and online_payment give it their points
    text.set_max(
        "indicator",
        "one_stop",
        "{ province 2  district 2  commune 5 }",
        "2 / 2 / 5 điểm (năm 2018: 4 / 4 / 8): hầu hết đơn vị đã dùng",
    )
    text.set_max("indicator", "online_payment", "2", "2 / 2 điểm (năm 2018: 4 / 4)")
    m3 = re.search(r"\n      indicator online_payment .*?\n      \}\n", text.body, re.S)
    text.body = text.body[: m3.end()] + NEW_INDICATOR + text.body[m3.end() :]

    # 8. online files: full points from 30%
    m4 = re.search(
        r"indicator online_files .*?points = ladder online_file_share \{\n(\s*)>= 20% : max",
        text.body,
        re.S,
    )
    text.body = (
        text.body[: m4.start()]
        + m4.group(0).replace(">= 20% : max", ">= 30% : max  # [2019] năm 2018: 20%")
        + text.body[m4.end() :]
    )

    # 2. higher level thresholds in both categories
    for cond_old, cond_new in [
        (
            'level muc_1 "Mức 1" when score >= 90% and each group >= 70%',
            'level muc_1 "Mức 1" when score >= 90% and each group >= 75%  # [2019] năm 2018: 70%',
        ),
        (
            'level muc_2 "Mức 2" when score >= 75%',
            'level muc_2 "Mức 2" when score >= 80%  # [2019] năm 2018: 75%',
        ),
        (
            'level muc_3 "Mức 3" when score >= 60%',
            'level muc_3 "Mức 3" when score >= 65%  # [2019] năm 2018: 60%',
        ),
    ]:
        if text.body.count(cond_old) != 2:
            sys.exit(f"levels: {cond_old}")
        text.body = text.body.replace(cond_old, cond_new)

    return HEADER + text.body


def main() -> None:
    source = (ROOT / "frameworks" / "2018_backan.cqdt").read_text(encoding="utf-8")
    (ROOT / "frameworks" / "2019_backan.cqdt").write_text(revise(source), encoding="utf-8")


if __name__ == "__main__":
    main()
