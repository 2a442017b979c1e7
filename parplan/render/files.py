"""Atomic output: write a temp file beside the target, then rename over it.

A failed render leaves the previous file intact and no temp file behind.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask
    (mkstemp would leave it private to the user)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_FIXED_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def deterministic_zip(data: bytes) -> bytes:
    """Re-zip an Office file with fixed timestamps and order, so that the
    same input gives the same bytes (python-docx and openpyxl stamp now)."""
    from ..output_files import CORE, part_digest, seal_core

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = [(info.filename, src.read(info.filename)) for info in src.infolist()]
        digests = {name: part_digest(part) for name, part in parts}
        for name, part in parts:
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            if name == CORE:  # openpyxl stamps "modified" at save time; the seal marks parplan's output
                part = seal_core(_FIXED_MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", part), digests)
            dst.writestr(fixed, part)
    return out.getvalue()


class FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry with one fixed time as it is written
    (and fixes docProps' "modified"), so no second pass over the archive is
    needed to make the output reproducible."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        from ..output_files import CORE, part_digest

        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if name == CORE:  # written last, sealed with the digests of every other part (close)
            self._pending_core = _FIXED_MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", raw)
            return
        if not hasattr(self, "_digests"):
            self._digests = {}
        self._digests[name] = part_digest(raw)
        self._fixed(name, raw)

    def _fixed(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        super().writestr(info, data)

    def close(self):
        core = getattr(self, "_pending_core", None)
        if core is not None and self.fp is not None:
            from ..output_files import seal_core

            self._pending_core = None
            self._fixed("docProps/core.xml", seal_core(core, getattr(self, "_digests", {})))
        super().close()

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet from a temporary file
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())
