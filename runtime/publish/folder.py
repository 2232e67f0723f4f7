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

import cqdt.runtime.publish.report_messages  # noqa: F401  (registers E902)
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.runtime.publish.messages import MESSAGES, part

__all__ = ["check_outdir", "publish_into"]

#: Causes of E909 that get their own sentence (``E909.<errno name>``); others: the OS's words.
_REASONS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.EFBIG,
    errno.EACCES,
    errno.EPERM,
}


def _is_file(path: Path) -> Diagnostic:
    return diagnostic("E907", folder=str(path))


def _is_dir(path: Path) -> bool:
    """A folder cqdt published (cards/, site/): a real folder holding only its pages.

    ``--force`` replaces it whole, so a file of another kind put there (``notes.txt``) makes
    the folder foreign (E908) rather than deleted with it.
    """
    if not path.is_dir() or path.is_symlink():
        return False
    for entry in path.rglob("*"):
        if entry.is_symlink() or not (entry.is_dir() or entry.suffix in (".html", ".pdf")):
            return False
    return True


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
        raise CqdtError([diagnostic("E902", folder=str(outdir), files=_shown(existing))])
    own = set(own_names)  # a name ending in "/" is a folder cqdt publishes (cards/, site/)
    foreign = [
        n
        for n in existing
        if not ((n in own and (outdir / n).is_file()) or (f"{n}/" in own and _is_dir(outdir / n)))
    ]
    if foreign:
        raise CqdtError([diagnostic("E908", folder=str(outdir), files=_shown(foreign))])


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
    key = f"E909.{errno.errorcode.get(error.errno or 0, '')}"
    if error.errno in _REASONS and key in MESSAGES:
        reason = part(key)
    else:
        reason = error.strerror or str(error)
    return diagnostic("E909", folder=str(outdir), reason=reason)
