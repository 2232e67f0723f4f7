"""Messages of whole runs (several data files, re-checking published results) and of the commands.

Codes ``E903`` and ``E904`` are problems of a ``cqdt score`` run over several files, ``E940`` a run with no unit to score, ``E941`` a folder of forms without a registry (the
``--verify`` codes live with the verification, in ``runtime/publish/messages.py``); ``V001`` is
an unknown ``cqdt diff`` format; ``template.exists`` a form that ``cqdt template`` will not
overwrite. Codes are stable; texts may improve freely.
"""

from __future__ import annotations

from cqdt.i18n import Catalogue, Message, register

MESSAGES: dict[str, Message] = {
    "E903": Message(
        vi="Đơn vị {code} ({tier}) có trong cả {first} và {second}",
        en="Unit {code} ({tier}) appears in both {first} and {second}",
    ),
    "E903.hint": Message(
        vi="mỗi đơn vị chỉ được có số liệu ở một tệp",
        en="each unit's answers must come from one file only",
    ),
    "E904": Message(
        vi="Đơn vị {code} ({name}, khối {tier}) có trong danh sách nhưng không có số liệu",
        en="Unit {code} ({name}, tier {tier}) is in the registry but has no data",
    ),
    "E904.hint": Message(
        vi="thêm dòng số liệu cho đơn vị này; không đơn vị nào bị bỏ qua lặng lẽ",
        en="add a row for this unit; no unit is ever dropped silently",
    ),
    "E941": Message(
        vi="Đọc thư mục phiếu {folder} cần danh sách đơn vị (--units)",
        en="Reading the folder of forms {folder} needs the unit registry (--units)",
    ),
    "E941.hint": Message(
        vi="chỉ với danh sách đơn vị mới biết đơn vị nào chưa gửi phiếu: thêm --units units.csv",
        en="only the registry tells who has not sent a form: add --units units.csv",
    ),
    "E940": Message(
        vi="Không có đơn vị nào để chấm điểm trong {files}",
        en="No unit to score in {files}",
    ),
    "E940.hint": Message(
        vi="kiểm tra tệp số liệu: mỗi đơn vị một dòng có cột tier và code (một tệp CSV lưu kiểu "
        "'CSV (Macintosh)' chỉ có một dòng: lưu lại thành 'CSV UTF-8')",
        en="check the data file: one row per unit with tier and code columns (a CSV saved as "
        "'CSV (Macintosh)' reads as one line: save it again as 'CSV UTF-8')",
    ),
    "V001": Message(
        vi="Không có định dạng '{fmt}'; dùng một trong: {formats}",
        en="Unknown format '{fmt}'; use one of: {formats}",
    ),
    "V001.hint": Message(
        vi="ví dụ: cqdt diff cu.cqdt moi.cqdt --format md",
        en="for example: cqdt diff old.cqdt new.cqdt --format md",
    ),
    "template.exists": Message(
        vi="Tệp {output} đã có; cqdt không ghi đè khi chưa được phép "
        "(có thể đó là phiếu các đơn vị đã điền)",
        en="The file {output} exists; cqdt does not overwrite it unasked "
        "(it may be a form the units have filled in)",
    ),
    "template.exists.hint": Message(
        vi="chọn tên tệp khác, hoặc thêm --force để ghi đè",
        en="choose another name, or add --force to overwrite",
    ),
}

CATALOGUE = register(
    Catalogue(
        name="run", prefixes=("E903", "E904", "E940", "E941", "V0", "template."), messages=MESSAGES
    )
)

#: The summary of the InternalError raised when a run lost a unit or a row (a bug, exit 70).
UNACCOUNTED = Message(
    vi="không phải mọi đơn vị và mọi dòng số liệu đều được tính đến",
    en="not every unit and data row is accounted for",
)
