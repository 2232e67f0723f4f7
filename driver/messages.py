"""Messages of the driver (run-level problems: ``E903``–``E940``), in Vietnamese and English.

Each code is documented in docs/data.md with an example.
"""

from __future__ import annotations

from cqdt.i18n import Message

DUPLICATE_ACROSS_FILES = Message(
    vi="Đơn vị {code} ({tier}) có trong cả {first} và {second}",
    en="Unit {code} ({tier}) appears in both {first} and {second}",
)
DUPLICATE_HINT = Message(
    vi="mỗi đơn vị chỉ được có số liệu ở một tệp",
    en="each unit's answers must come from one file only",
)
REGISTERED_WITHOUT_DATA = Message(
    vi="Đơn vị {code} ({name}, khối {tier}) có trong danh sách nhưng không có số liệu",
    en="Unit {code} ({name}, tier {tier}) is in the registry but has no data",
)
REGISTERED_WITHOUT_DATA_HINT = Message(
    vi="thêm dòng số liệu cho đơn vị này; không đơn vị nào bị bỏ qua lặng lẽ",
    en="add a row for this unit; no unit is ever dropped silently",
)
VERIFY_DIFFERS = Message(
    vi="{name} trong {outdir} không khớp với kết quả chạy lại",
    en="{name} in {outdir} does not match the re-run",
)
VERIFY_MISSING = Message(
    vi="{outdir} không có {name} để đối chiếu",
    en="{outdir} has no {name} to compare with",
)
VERIFY_HINT = Message(
    vi="kết quả đã công bố được tạo từ số liệu, bộ tiêu chí hoặc phiên bản cqdt khác",
    en="the published results came from other data, another framework or another cqdt version",
)
NO_UNITS = Message(
    vi="Không có đơn vị nào để chấm điểm trong {files}",
    en="No unit to score in {files}",
)
NO_UNITS_HINT = Message(
    vi="kiểm tra tệp số liệu: mỗi đơn vị một dòng có cột tier và code (một tệp CSV lưu kiểu "
    "'CSV (Macintosh)' chỉ có một dòng: lưu lại thành 'CSV UTF-8')",
    en="check the data file: one row per unit with tier and code columns (a CSV saved as "
    "'CSV (Macintosh)' reads as one line: save it again as 'CSV UTF-8')",
)
UNACCOUNTED = Message(
    vi="không phải mọi đơn vị và mọi dòng số liệu đều được tính đến",
    en="not every unit and data row is accounted for",
)
