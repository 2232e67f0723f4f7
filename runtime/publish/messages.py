"""Messages of publishing a folder, verifying it, and running annex templates, by code.

``E905``–``E910`` are problems of the output folder and of ``--verify`` (``folder.py``,
``verify.py``); ``E920``–``E927`` are problems of a template (``sandbox.py``, ``fetcher.py``).
A key ``CODE.<part>`` is a piece of the code's text: the cause of an E909 by errno, the other
shape of E921 (a template outside the folder), the bound an E925 hit. Codes are stable; texts
may improve freely.
"""

from __future__ import annotations

from cqdt.i18n import Catalogue, Message, language, register

__all__ = ["CATALOGUE", "MESSAGES", "part"]

_VERIFY_HINT = Message(
    vi="tệp đã bị sửa sau khi công bố, hoặc được tạo từ số liệu, bộ tiêu chí, tệp quyết định "
    "(--decision), mẫu (--templates) hoặc phiên bản cqdt khác",
    en="the file was changed after publication, or came from other data, another framework, "
    "decision file (--decision), templates (--templates) or cqdt version",
)

_FOLDER: dict[str, Message] = {
    "E905": Message(
        vi="{outdir} không có {name} để đối chiếu",
        en="{outdir} has no {name} to compare with",
    ),
    "E905.hint": _VERIFY_HINT,
    "E906": Message(
        vi="{name} trong {outdir} không khớp với kết quả chạy lại",
        en="{name} in {outdir} does not match the re-run",
    ),
    "E906.hint": _VERIFY_HINT,
    "E907": Message(
        vi="{folder} là một tệp, không phải thư mục; cqdt cần một thư mục để ghi kết quả",
        en="{folder} is a file, not a folder; cqdt needs a folder to write the results into",
    ),
    "E907.hint": Message(
        vi="chọn tên thư mục khác (cqdt không xoá tệp này, kể cả với --force)",
        en="choose another folder name (cqdt does not delete this file, even with --force)",
    ),
    "E908": Message(
        vi="Thư mục {folder} có tệp không phải do cqdt tạo ({files}); --force thay cả thư mục",
        en="The folder {folder} holds files cqdt did not write ({files}); "
        "--force replaces the whole folder",
    ),
    "E908.hint": Message(
        vi="chuyển các tệp đó đi nơi khác, hoặc chọn một thư mục kết quả riêng",
        en="move those files elsewhere, or give the results a folder of their own",
    ),
    "E909": Message(
        vi="Không ghi được kết quả vào {folder}: {reason}",
        en="Could not write the results into {folder}: {reason}",
    ),
    "E909.hint": Message(
        vi="{folder} vẫn như trước khi chạy (không có tệp nào được ghi dở)",
        en="{folder} is as it was before the run (no file was half written)",
    ),
    "E909.ENOSPC": Message(
        vi="ổ đĩa đã đầy; giải phóng chỗ trống hoặc chọn ổ khác",
        en="the disk is full; free some space or choose another disk",
    ),
    "E909.EDQUOT": Message(
        vi="đã hết hạn mức dung lượng; giải phóng chỗ trống hoặc chọn ổ khác",
        en="the disk quota is exhausted; free some space or choose another disk",
    ),
    "E909.EROFS": Message(
        vi="ổ đĩa chỉ cho đọc; chọn một thư mục ghi được",
        en="the file system is read-only; choose a folder you can write to",
    ),
    "E909.EFBIG": Message(
        vi="tệp vượt giới hạn kích thước (ulimit -f); nâng giới hạn hoặc bỏ bớt định dạng",
        en="a file exceeds the file-size limit (ulimit -f); raise the limit or drop a format",
    ),
    "E909.EACCES": Message(
        vi="không có quyền ghi; chọn thư mục khác hoặc xin quyền ghi",
        en="permission denied; choose another folder or get write access",
    ),
    "E909.EPERM": Message(
        vi="không được phép ghi; chọn thư mục khác hoặc xin quyền ghi",
        en="operation not permitted; choose another folder or get write access",
    ),
    "E910": Message(
        vi="{name} trong {outdir} không phải tệp cqdt công bố; người đọc không phân biệt được nó "
        "với các tệp đã đối chiếu",
        en="{name} in {outdir} is not part of what cqdt published; a reader cannot tell it from "
        "the verified files",
    ),
    "E910.hint": Message(
        vi="chuyển tệp đó ra khỏi thư mục công bố (bản ký, bản sửa tay để ở nơi khác)",
        en="move that file out of the published folder "
        "(keep signed or hand-edited copies elsewhere)",
    ),
}

_TEMPLATES: dict[str, Message] = {
    "E920": Message(
        vi="Lỗi cú pháp trong mẫu: {detail}", en="Syntax error in the template: {detail}"
    ),
    "E920.hint": Message(
        vi="sửa dòng này theo cú pháp Jinja ({{{{ … }}}}, {{% … %}}; xem docs/annex.md)",
        en="fix this line to Jinja syntax ({{{{ … }}}}, {{% … %}}; see docs/annex.md)",
    ),
    "E921": Message(
        vi="Không tìm thấy mẫu '{name}' (trong thư mục mẫu hoặc mẫu có sẵn)",
        en="Template '{name}' not found (in the templates folder or the bundled ones)",
    ),
    "E921.hint": Message(
        vi="tên mẫu tính từ thư mục --templates; đặt tệp vào đó",
        en="template names are relative to the --templates folder; put the file there",
    ),
    "E921.outside": Message(
        vi="Mẫu '{name}' trỏ ra ngoài thư mục mẫu (tới {target}); cqdt không đọc tệp đó",
        en="Template '{name}' points outside the templates folder (to {target}); "
        "cqdt does not read it",
    ),
    "E921.outside_hint": Message(
        vi="chép tệp vào thư mục mẫu thay vì dùng liên kết tượng trưng",
        en="copy the file into the templates folder instead of linking to it",
    ),
    "E922": Message(
        vi="Mẫu dùng một tên không có trong báo cáo: {detail}",
        en="The template uses a name the report does not have: {detail}",
    ),
    "E922.hint": Message(
        vi="các tên dùng được (report.tiers, report.labels …) liệt kê trong docs/annex.md",
        en="the names you can use (report.tiers, report.labels …) are listed in docs/annex.md",
    ),
    "E923": Message(
        vi="Mẫu bị chặn vì truy cập ngoài dữ liệu báo cáo: {detail}",
        en="The template was stopped for reaching beyond the report data: {detail}",
    ),
    "E923.hint": Message(
        vi="mẫu chỉ được đọc dữ liệu báo cáo, không được truy cập bên trong Python",
        en="a template may read the report data, not Python internals",
    ),
    "E924": Message(
        vi="Mẫu '{name}' không phải văn bản UTF-8 (byte {byte} ở dòng {line})",
        en="Template '{name}' is not UTF-8 text (byte {byte} on line {line})",
    ),
    "E924.hint": Message(
        vi="lưu lại tệp với bảng mã UTF-8", en="save the file again with the UTF-8 encoding"
    ),
    # E925 is one code for every bound; the sentence is the bound's part (E925.timeout …)
    "E925": Message(vi="{bound}", en="{bound}"),
    "E925.hint": Message(
        vi="mẫu tạo ra quá nhiều hoặc chạy quá lâu; các giới hạn ở docs/annex.md",
        en="the template produces too much or runs too long; the limits are in docs/annex.md",
    ),
    "E925.sequence": Message(
        vi="Mẫu tạo một chuỗi/danh sách {size} phần tử, vượt giới hạn {limit}",
        en="The template builds a string or list of {size} items, above the limit of {limit}",
    ),
    "E925.number": Message(
        vi="Mẫu dùng số {value}, vượt giới hạn {limit} cho độ rộng hoặc số lần lặp",
        en="The template uses the number {value}, above the limit of {limit} for a width or count",
    ),
    "E925.power": Message(
        vi="Mẫu tính một luỹ thừa quá {limit} chữ số",
        en="The template computes a power of more than {limit} digits",
    ),
    "E925.range": Message(
        vi="Mẫu lặp quá nhiều lần: {detail}", en="The template loops too many times: {detail}"
    ),
    "E925.output": Message(
        vi="Mẫu tạo ra hơn {limit} ký tự; dừng lại",
        en="The template produces more than {limit} characters; stopped",
    ),
    "E925.timeout": Message(
        vi="Mẫu chạy quá {seconds} giây; dừng lại",
        en="The template ran for more than {seconds} seconds; stopped",
    ),
    "E925.recursion": Message(
        vi="Mẫu gọi đệ quy không dừng (macro tự gọi mình)",
        en="The template recurses without end (a macro calling itself)",
    ),
    "E925.memory": Message(
        vi="Mẫu cần hơn {limit} MB bộ nhớ; dừng lại",
        en="The template needs more than {limit} MB of memory; stopped",
    ),
    "E926": Message(vi="Mẫu lỗi khi chạy: {detail}", en="The template failed: {detail}"),
    "E926.hint": Message(
        vi="kiểm tra biểu thức ở dòng này của mẫu",
        en="check the expression on this line of the template",
    ),
    "E927": Message(
        vi="Mẫu PDF tham chiếu {url}, ngoài thư mục mẫu; cqdt không tải tài nguyên đó",
        en="The PDF template refers to {url}, outside the templates folder; cqdt does not load it",
    ),
    "E927.hint": Message(
        vi="chép tệp (ảnh, CSS, phông chữ) vào thư mục mẫu và dùng đường dẫn tương đối; "
        "không tải gì từ mạng",
        en="copy the file (image, CSS, font) into the templates folder and use a relative path; "
        "nothing is fetched from the network",
    ),
}

MESSAGES: dict[str, Message] = {**_FOLDER, **_TEMPLATES}

CATALOGUE = register(
    Catalogue(
        name="publication",
        prefixes=("E905", "E906", "E907", "E908", "E909", "E910", "E92"),
        messages=MESSAGES,
    )
)


def part(key: str, lang: str | None = None, /, **fields: object) -> str:
    """The piece ``CODE.<part>`` of a message in ``lang`` (default: the language in force)."""
    return MESSAGES[key].render(lang or language(), **fields)
