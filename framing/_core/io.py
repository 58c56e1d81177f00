"""Atomic writes: the one way framing puts a file on disk that others may read while it is written.

Every file framing writes for a reader to find later (figures, tables, the manifest, the report,
exported ONNX models) goes through a temporary file in the same folder and one rename, so a
reader sees the old file or the new one, never half of one, and a failed write leaves the old
file as it was.

Permissions. :func:`tempfile.mkstemp` creates files readable by their owner only, which is wrong
for figures meant to be shared; reading the process umask to undo that needs ``os.umask``, which
can only be read by setting it, briefly changing it for every thread of the process. Instead the
temporary file is created with :func:`os.open` and mode ``0o666``: the kernel applies the umask
in force at that moment, exactly as for a file opened with ``open(path, "w")``. Nothing in the
process's state changes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["atomic_path", "atomic_write"]


@contextlib.contextmanager
def atomic_path(path) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success it is renamed onto ``path``.

    Use it when the writer needs a file name (``fig.savefig(tmp)``, ``torch.onnx.export(..., tmp)``)
    and several statements; :func:`atomic_write` is the one-call form.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to (re)place. Its folder must exist.

    Yields
    ------
    str
        The temporary file's path: an empty file created with the process umask applied, in
        the same folder (so the final rename stays on one file system), named
        ``.<name>.<random><suffix>`` so a glob for ``*<suffix>`` does not list it as finished.

    Notes
    -----
    On an exception the temporary file is removed and the exception propagates; ``path`` is
    untouched. The rename is :func:`os.replace`, atomic on POSIX and Windows.
    """
    target = Path(path)
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}{target.suffix}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 48 random bits; try another name
            continue
    os.close(fd)
    try:
        yield str(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path, data: bytes | str | Callable[[str], object]) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename).

    Parameters
    ----------
    path : str or pathlib.Path
        The file to (re)place. Its folder must exist.
    data : bytes, str or callable
        The content: bytes as they are, a str encoded as UTF-8 (no newline translation), or a
        function called with the temporary file's path that writes the file itself.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    with atomic_path(path) as tmp:
        if callable(data):
            data(tmp)
        else:
            Path(tmp).write_bytes(data.encode("utf-8") if isinstance(data, str) else bytes(data))
    return Path(path)
