"""Messages of the syntax phase (codes E1xx, and the few name/type errors the parser sees).

Codes are stable: they are documented in ``docs/language.md`` and pinned by snapshot tests.
``CODE.hint`` is the matching "what to do" line. Numbering scheme (shared with
:mod:`cqdt.compiler.messages`):

- ``E1xx`` reading and syntax (100–109 general, 110–119 known mistakes, 120–129 values)
- ``E2xx`` names: duplicates, unknown names, reserved words, tiers
- ``E3xx`` types
- ``E4xx`` structure and point budgets
- ``E5xx`` bounds of rules (interval analysis)
- ``E6xx`` level tables
- ``E7xx`` ranking and total
- ``W8xx`` warnings (lint)
"""

from __future__ import annotations

from dataclasses import replace

from cqdt.diagnostics import Diagnostic, Span, diagnostic
from cqdt.i18n import Catalogue, Message, register

MESSAGES: dict[str, Message] = {
    # -- words used inside messages
    "token.ID": Message(
        vi="một mã (chữ Latinh không dấu, số, _)", en="an id (ASCII letters, digits, _)"
    ),
    "token.NUMBER": Message(vi="một số", en="a number"),
    "token.STRING": Message(vi='một chuỗi trong ngoặc kép "…"', en='a quoted text "…"'),
    # -- reading
    "E100": Message(
        vi="Cú pháp không đúng: '{found}' không được phép ở vị trí này",
        en="Syntax error: '{found}' is not expected here",
    ),
    "E100.hint": Message(vi="ở đây cần: {expected}", en="expected here: {expected}"),
    "E101": Message(vi="Tệp kết thúc giữa chừng", en="The file ends too early"),
    "E101.hint": Message(
        vi="còn thiếu: {expected} — kiểm tra các dấu {{ }} và ( ) đã đóng đủ chưa",
        en="still missing: {expected} — check that every {{ and ( is closed",
    ),
    "E102": Message(vi="Chuỗi chưa đóng ngoặc kép", en="A quoted text is not closed"),
    "E102.hint": Message(
        vi='thêm dấu " ở cuối chuỗi, trên cùng một dòng',
        en='add the closing " on the same line',
    ),
    "E103": Message(
        vi="Lồng nhau quá sâu (quá {limit} cấp ngoặc)",
        en="Nested too deeply (more than {limit} levels of brackets)",
    ),
    "E103.hint": Message(
        vi="kiểm tra các dấu {{ }} và ( ) có đóng đúng chỗ không; tách biểu thức dài bằng 'value'",
        en="check that every {{ and ( is closed where it should be; split long expressions with 'value'",
    ),
    "E104": Message(
        vi="Tệp quá lớn (giới hạn {limit} MB)", en="The file is too large (limit {limit} MB)"
    ),
    "E104.hint": Message(
        vi="bộ tiêu chí thường chỉ vài trăm KB; kiểm tra lại đúng tệp chưa",
        en="a framework is a few hundred KB; check this is the right file",
    ),
    "E105": Message(
        vi="Tệp chứa ký tự không hợp lệ ({char}); có thể không phải tệp văn bản",
        en="The file contains an invalid character ({char}); it may not be a text file",
    ),
    "E105.hint": Message(
        vi="tệp có thể đang dùng bảng mã khác (Windows-1258, TCVN3, UTF-16): mở tệp và lưu lại "
        "với bảng mã UTF-8 (Notepad: Save As › Encoding: UTF-8)",
        en="the file may use another encoding (Windows-1258, TCVN3, UTF-16): open it and save it "
        "again as UTF-8 (Notepad: Save As › Encoding: UTF-8)",
    ),
    "E106": Message(vi="Không đọc được tệp: {reason}", en="Cannot read the file: {reason}"),
    "E106.hint": Message(
        vi="kiểm tra đường dẫn và quyền đọc tệp; tệp phải là văn bản UTF-8",
        en="check the path and permissions; the file must be UTF-8 text",
    ),
    "E107": Message(
        vi="Ký tự '{char}' không dùng được trong mã",
        en="The character '{char}' cannot be used in an id",
    ),
    "E107.hint": Message(
        vi='mã chỉ gồm chữ Latinh không dấu, số và _ (ví dụ so_cbcc); nhãn tiếng Việt đặt trong "…"',
        en='ids use ASCII letters, digits and _ (e.g. so_cbcc); put Vietnamese labels in "…"',
    ),
    "E108": Message(
        vi="Biểu thức quá dài hoặc quá phức tạp để phân tích",
        en="An expression is too long or too complex to analyse",
    ),
    "E108.hint": Message(
        vi="tách biểu thức thành các giá trị trung gian bằng 'value'",
        en="split the expression into named steps with 'value'",
    ),
    # -- known mistakes
    "E110": Message(vi="Nhãn phải đặt trong ngoặc kép", en="A label must be in double quotes"),
    "E110.hint": Message(
        vi='viết: indicator pc_ratio "Tỷ lệ CBCC có máy tính"',
        en='write: indicator pc_ratio "Share of staff with a computer"',
    ),
    "E111": Message(
        vi="Thiếu 'points =' trước quy tắc tính điểm",
        en="The scoring rule needs 'points =' in front of it",
    ),
    "E111.hint": Message(vi="viết: points = pc_share * max", en="write: points = pc_share * max"),
    "E112": Message(vi="Thiếu dấu '=' sau 'points'", en="'points' must be followed by '='"),
    "E112.hint": Message(vi="viết: points = …", en="write: points = …"),
    "E113": Message(vi="Số liệu cần có kiểu dữ liệu", en="An input needs a type"),
    "E113.hint": Message(
        vi='thêm một kiểu sau nhãn: number, count, percent, yesno, choice "a" | "b", text',
        en='add a type after the label: number, count, percent, yesno, choice "a" | "b", text',
    ),
    "E114": Message(
        vi="Điều kiện xếp loại chỉ dùng '>=' hoặc '>'",
        en="A level condition uses only '>=' or '>'",
    ),
    "E114.hint": Message(
        vi='các mức xếp từ cao xuống thấp: level muc_1 "Mức 1" when score >= 90%',
        en='levels go best first: level muc_1 "Mức 1" when score >= 90%',
    ),
    "E115": Message(
        vi="Thang điểm (ladder) phải kết thúc bằng 'otherwise : …'",
        en="A ladder must end with 'otherwise : …'",
    ),
    "E115.hint": Message(vi="thêm dòng: otherwise : 0", en="add the line: otherwise : 0"),
    "E116": Message(
        vi="Quy tắc tính điểm phải nằm trong {{ … }} của tiêu chí",
        en="The scoring rule must be inside the indicator's {{ … }}",
    ),
    "E116.hint": Message(
        vi='viết: indicator pc "Tỷ lệ" max 10 {{ points = … }}',
        en='write: indicator pc "Share" max 10 {{ points = … }}',
    ),
    "E118": Message(
        vi="'{found}' phải nằm trong {{ … }} của nhóm, hạng mục hoặc tiêu chí",
        en="'{found}' must be inside the {{ … }} of the group, category or indicator",
    ),
    "E118.hint": Message(
        vi="dòng đầu chỉ có mã, tên, max, for và 'not scored'; chuyển '{found} …' vào sau "
        'dấu {{, ví dụ: group g "Nhóm" max 10 {{ {found} … }}',
        en="the header holds only the id, label, max, for and 'not scored'; move '{found} …' "
        'after the {{, e.g. group g "Group" max 10 {{ {found} … }}',
    ),
    "E117": Message(
        vi="Số thập phân dùng dấu chấm, không dùng dấu phẩy",
        en="Decimal numbers use a dot, not a comma",
    ),
    "E117.hint": Message(vi="viết 2.5 thay cho 2,5", en="write 2.5 instead of 2,5"),
    # -- values
    "E120": Message(
        vi="'{found}' không phải là số nguyên hợp lệ", en="'{found}' is not a valid whole number"
    ),
    "E120.hint": Message(
        vi="ghi một số nguyên, ví dụ: year 2018, decimals 2",
        en="write a whole number, e.g. year 2018, decimals 2",
    ),
    "E123": Message(
        vi="Số '{found}' quá lớn (giới hạn {limit})",
        en="The number '{found}' is too large (limit {limit})",
    ),
    "E123.hint": Message(
        vi="điểm, ngưỡng và khoảng giá trị là những số vừa phải; kiểm tra số chữ số hoặc phần mũ",
        en="points, thresholds and ranges are moderate numbers; check the digits or the exponent",
    ),
    "E121": Message(vi="'{what}' được khai báo nhiều lần", en="'{what}' is given more than once"),
    "E121.hint": Message(vi="giữ lại một lần", en="keep only one"),
    # -- names and types seen by the parser
    "E203": Message(
        vi="'{name}' là từ khóa, không dùng làm mã được",
        en="'{name}' is a keyword and cannot be used as an id",
    ),
    "E203.hint": Message(
        vi="đặt mã khác, ví dụ {name}_1 hoặc một tên mô tả hơn",
        en="choose another id, e.g. {name}_1 or a more descriptive name",
    ),
    "E205": Message(vi="Không có hàm '{name}'", en="There is no function '{name}'"),
    "E205.hint": Message(
        vi="ý bạn là '{suggestion}'? Các hàm: min, max, mean, clamp, round, abs, cap, best, worst, tier_mean, minmax, zscore",
        en="did you mean '{suggestion}'? Functions: min, max, mean, clamp, round, abs, cap, best, worst, tier_mean, minmax, zscore",
    ),
    "E205.known": Message(
        vi="các hàm: min, max, mean, clamp, round, abs, cap, best, worst, tier_mean, minmax, zscore",
        en="functions: min, max, mean, clamp, round, abs, cap, best, worst, tier_mean, minmax, zscore",
    ),
    "E310": Message(
        vi="Hàm '{func}' cần {count} đối số, ở đây có {given}",
        en="The function '{func}' takes {count} argument(s), {given} given",
    ),
    "E310.hint": Message(
        vi="ví dụ: clamp(x, 0, max), round(x, 2), best(x)",
        en="for example: clamp(x, 0, max), round(x, 2), best(x)",
    ),
    "E350": Message(
        vi="Tham số của '{func}' phải là một số từ 0 đến 1 viết trực tiếp trong tệp",
        en="The parameter of '{func}' must be a number from 0 to 1 written in the file",
    ),
    "E350.hint": Message(
        vi="ví dụ: quantile(x, 0.9) hoặc quantile(x, 90%)",
        en="for example quantile(x, 0.9) or quantile(x, 90%)",
    ),
}

CATALOGUE = register(
    Catalogue(
        name="syntax",
        prefixes=("E1", "E203", "E205", "E310", "E350"),
        messages=MESSAGES,
    )
)


def diag(code: str, where: Span | None, hint_code: str | None = None, **fields) -> Diagnostic:
    """A syntax-phase diagnostic from this catalogue (see :func:`cqdt.diagnostics.diagnostic`).

    ``value`` and ``expected`` are words of the message here, not the typed-value/expected
    lines that data diagnostics print under a cell.
    """
    made = diagnostic(code, where, hint_code=hint_code, **fields)
    return replace(made, value=None, expected=None)
