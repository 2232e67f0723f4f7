"""Atomic writes: a reader never sees a half-written output file, nor a mixed set of files.

Every output (``results.json``, ``results.xlsx``, the form) is first written to a temporary file
in the same folder (so the final rename stays on one file system) and then renamed over the
target with :func:`os.replace`, which is atomic on POSIX and Windows. If writing fails, the
temporary file is removed and the previous output, if any, is left untouched.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_bytes_atomic(folder / "a.txt", b"hello")
>>> (folder / "a.txt").read_bytes()
b'hello'

A *set* of files that belongs together (one publication: results and annexes) is published as a
whole folder by :func:`publish_folder`: every file is written and fsynced into a fresh sibling
staging folder, which is then swapped in with one ``rename`` (or one ``renameat2(
RENAME_EXCHANGE)`` when the folder already exists), under an exclusive lock on a file next to
the folder. A kill at any moment leaves the folder entirely old or entirely new; the leftovers
of a killed run (a staging folder, an old folder set aside) are cleared by the next run.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "atomic_path",
    "folder_lock",
    "publish_folder",
    "recover_folder",
    "write_bytes_atomic",
]


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success rename it over ``path``.

    The caller writes the whole file to the yielded path. On an exception the temporary file
    is deleted and the exception propagates.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode a plain ``open(target, "w")`` would give: the old file's, else 0666 & ~umask.

    ``mkstemp`` creates private (0600) files; a published annex must stay readable by others.
    """
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


# -- a whole folder at once -------------------------------------------------------------------

_NEW, _OLD, _LOCK = ".new-", ".old-", ".lock"


def _sibling(outdir: Path, kind: str) -> str:
    """The name prefix of cqdt's own siblings of ``outdir`` (hidden, named after it)."""
    return f".{outdir.name}{kind}"


@contextmanager
def folder_lock(outdir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``.<name>.lock`` beside ``outdir`` (waits for another holder).

    Two runs publishing into the same folder take turns instead of interleaving; the lock file
    stays (removing it would race with a waiting run). Without ``fcntl`` (Windows) there is no
    lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    outdir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(outdir.parent / (_sibling(outdir, _LOCK)), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover_folder(outdir: Path) -> None:
    """Clear what a killed run left beside ``outdir``; call it while holding the lock.

    A staging folder (``.<name>.new-*``) was never swapped in: removed. An old folder set aside
    (``.<name>.old-*``, only on file systems without an atomic exchange) is removed when
    ``outdir`` exists (the swap finished), else renamed back (the swap was cut between its two
    renames: the old publication is restored).
    """
    parent = outdir.parent
    if not parent.is_dir():
        return
    for entry in sorted(parent.iterdir()):
        if entry.name.startswith(_sibling(outdir, _NEW)):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_sibling(outdir, _OLD)):
            if os.path.lexists(outdir):
                shutil.rmtree(entry, ignore_errors=True)
            else:
                os.rename(entry, outdir)
                _fsync_dir(parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in ``folder`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def _stage(outdir: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` into a fresh staging folder beside ``outdir``, every byte on disk."""
    staging = Path(tempfile.mkdtemp(prefix=_sibling(outdir, _NEW), dir=outdir.parent))
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a publication is not
        for name, data in files.items():
            parts = Path(name).parts
            if not parts or Path(name).is_absolute() or ".." in parts:
                raise ValueError(f"not a name inside the publication: {name!r}")
            if len(parts) > 1:  # a file of a folder output (cards/P01.html)
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for folder in sorted({(staging / name).parent for name in files} - {staging}):
            _fsync_dir(folder)
        _fsync_dir(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``; False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # no such call here (macOS, Windows, musl)
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(second))


def _swap_in(staging: Path, outdir: Path) -> None:
    """Make ``staging`` be ``outdir`` in one step; the old folder, if any, is then removed."""
    parent = outdir.parent
    if not os.path.lexists(outdir):
        os.rename(staging, outdir)
        _fsync_dir(parent)
        return
    if _exchange(staging, outdir):
        _fsync_dir(parent)
        shutil.rmtree(staging)  # it now holds the old publication
        return
    # No exchange on this file system: two renames. A kill between them leaves no ``outdir``
    # but the old folder aside, which the next run's :func:`recover_folder` puts back.
    aside = Path(tempfile.mkdtemp(prefix=_sibling(outdir, _OLD), dir=parent))
    os.rmdir(aside)  # a unique free name (we hold the lock)
    os.rename(outdir, aside)
    os.rename(staging, outdir)
    _fsync_dir(parent)
    shutil.rmtree(aside)


def publish_folder(
    outdir: str | os.PathLike[str],
    files: dict[str, bytes],
    *,
    check: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Publish ``files`` (name → bytes) as the whole content of ``outdir``, all or nothing.

    Under the lock: clear a killed run's leftovers, call ``check(outdir)`` (the caller's guard,
    e.g. "not empty without --force", evaluated where no other run can change the answer), write
    the staging folder, swap it in. On any failure the staging folder is removed and ``outdir``
    is as it was.
    """
    target = Path(outdir)
    with folder_lock(target):
        recover_folder(target)
        if check is not None:
            check(target)
        staging = _stage(target, files)
        try:
            _swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return [target / name for name in files]
