"""The output folder of ``cqdt score``: who may write it, and problems of the disk as diagnostics.

A publication is the whole folder: :func:`cqdt.runtime.atomic.publish_folder` swaps a fully
written staging folder in under a lock, so the folder is always entirely one run's outputs. This
module holds the policy around it. Without ``--force`` an existing non-empty folder is refused
(E902), checked once early (before rendering, to fail fast) and again under the lock (where no
concurrent run can change the answer). With ``--force`` the folder is replaced as a whole, so
it may only hold cqdt's own outputs: anything else in it is refused (E908) rather than deleted.
A path that is a file, or runs through a file, is E907. Any error of the operating system while
writing (disk full, read-only, file-size limit, permission) is E909, naming the folder and the
cause, and the folder is left as it was.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import Message

__all__ = ["check_outdir", "publish_into"]

OUTDIR_NOT_EMPTY = Message(
    vi="Thư mục kết quả {path} đã có tệp ({files}); cqdt không ghi đè khi chưa được phép",
    en="The output folder {path} already holds files ({files}); cqdt does not overwrite them unasked",
)
OUTDIR_HINT = Message(
    vi="chọn thư mục khác, hoặc thêm --force để ghi đè",
    en="choose another folder, or add --force to overwrite",
)
OUTDIR_IS_FILE = Message(
    vi="{path} là một tệp, không phải thư mục; cqdt cần một thư mục để ghi kết quả",
    en="{path} is a file, not a folder; cqdt needs a folder to write the results into",
)
OUTDIR_IS_FILE_HINT = Message(
    vi="chọn tên thư mục khác (cqdt không xoá tệp này, kể cả với --force)",
    en="choose another folder name (cqdt does not delete this file, even with --force)",
)
OUTDIR_FOREIGN = Message(
    vi="Thư mục {path} có tệp không phải do cqdt tạo ({files}); --force thay cả thư mục",
    en="The folder {path} holds files cqdt did not write ({files}); --force replaces the whole folder",
)
OUTDIR_FOREIGN_HINT = Message(
    vi="chuyển các tệp đó đi nơi khác, hoặc chọn một thư mục kết quả riêng",
    en="move those files elsewhere, or give the results a folder of their own",
)
WRITE_FAILED = Message(
    vi="Không ghi được kết quả vào {path}: {reason}",
    en="Could not write the results into {path}: {reason}",
)
UNCHANGED = Message(
    vi="{path} vẫn như trước khi chạy (không có tệp nào được ghi dở)",
    en="{path} is as it was before the run (no file was half written)",
)
_REASONS = {
    errno.ENOSPC: Message(
        vi="ổ đĩa đã đầy; giải phóng chỗ trống hoặc chọn ổ khác",
        en="the disk is full; free some space or choose another disk",
    ),
    errno.EDQUOT: Message(
        vi="đã hết hạn mức dung lượng; giải phóng chỗ trống hoặc chọn ổ khác",
        en="the disk quota is exhausted; free some space or choose another disk",
    ),
    errno.EROFS: Message(
        vi="ổ đĩa chỉ cho đọc; chọn một thư mục ghi được",
        en="the file system is read-only; choose a folder you can write to",
    ),
    errno.EFBIG: Message(
        vi="tệp vượt giới hạn kích thước (ulimit -f); nâng giới hạn hoặc bỏ bớt định dạng",
        en="a file exceeds the file-size limit (ulimit -f); raise the limit or drop a format",
    ),
    errno.EACCES: Message(
        vi="không có quyền ghi; chọn thư mục khác hoặc xin quyền ghi",
        en="permission denied; choose another folder or get write access",
    ),
    errno.EPERM: Message(
        vi="không được phép ghi; chọn thư mục khác hoặc xin quyền ghi",
        en="operation not permitted; choose another folder or get write access",
    ),
}


def _is_file(path: Path) -> Diagnostic:
    return Diagnostic.error(
        "E907", OUTDIR_IS_FILE.render(path=str(path)), hint=OUTDIR_IS_FILE_HINT.render()
    )


def _shown(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


def check_outdir(outdir: Path, force: bool, own_names: Iterable[str] = ()) -> None:
    """Refuse a folder cqdt may not write (E902, E907, E908); see the module docstring."""
    for ancestor in [outdir, *outdir.parents]:
        if os.path.lexists(ancestor):
            if not ancestor.is_dir():
                raise CqdtError([_is_file(ancestor)])
            break
    if not outdir.is_dir():
        return
    try:
        existing = sorted(p.name for p in outdir.iterdir())
    except OSError as error:  # a folder we may not even list
        raise CqdtError([write_failed(outdir, error)]) from None
    if not existing:
        return
    if not force:
        raise CqdtError(
            [
                Diagnostic.error(
                    "E902",
                    OUTDIR_NOT_EMPTY.render(path=str(outdir), files=_shown(existing)),
                    hint=OUTDIR_HINT.render(),
                )
            ]
        )
    own = set(own_names)
    foreign = [n for n in existing if n not in own or not (outdir / n).is_file()]
    if foreign:
        raise CqdtError(
            [
                Diagnostic.error(
                    "E908",
                    OUTDIR_FOREIGN.render(path=str(outdir), files=_shown(foreign)),
                    hint=OUTDIR_FOREIGN_HINT.render(),
                )
            ]
        )


def publish_into(
    outdir: Path, rendered: dict[str, bytes], *, force: bool, own_names: Iterable[str]
) -> list[Path]:
    """Publish ``rendered`` as the whole content of ``outdir`` (all or nothing, under a lock)."""
    from cqdt.runtime.atomic import publish_folder

    own = tuple(own_names)
    target = Path(os.path.abspath(outdir))  # "-o ." has no name to put a sibling beside
    if target.is_symlink() and target.is_dir():
        target = target.resolve()  # replace the folder the link points to, not the link
    try:
        publish_folder(target, rendered, check=lambda path: check_outdir(path, force, own))
    except OSError as error:
        raise CqdtError([write_failed(Path(outdir), error)]) from None
    return [Path(outdir) / name for name in rendered]


def write_failed(outdir: Path, error: OSError) -> Diagnostic:
    """E909 for an error of the operating system while publishing into ``outdir``."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        for ancestor in [outdir, *outdir.parents]:
            if os.path.lexists(ancestor) and not ancestor.is_dir():
                return _is_file(ancestor)
    reason = _REASONS.get(error.errno or 0)
    text = reason.render() if reason else (error.strerror or str(error))
    return Diagnostic.error(
        "E909",
        WRITE_FAILED.render(path=str(outdir), reason=text),
        hint=UNCHANGED.render(path=str(outdir)),
    )
