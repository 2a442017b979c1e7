"""Writing files without losing one (SPEC 5, "Writing files"; issue 13).

Every file parplan writes carries a *seal*: `parplan-sha256:<32 hex>`, the
SHA-256 of the file's own content with the seal's hex left out. An existing
output is replaced without asking only when its seal still matches its
content, i.e. parplan wrote it and nobody changed it since; any other
existing file (the user's own, or a parplan output the user edited: Word
rewrites the whole package on save, an edited YAML no longer matches) is
replaced only with `--overwrite`. An input is never overwritten.

Where the seal sits (docs/DECISIONS.md, issue 13):

- .docx/.xlsx: `<dc:identifier>` in docProps/core.xml; the hash covers every
  part of the package (`seal_office_parts`, called where the zip is written,
  in `render.files`).
- YAML: a last line `# tạo bởi parplan … parplan-sha256:…` (last, so line
  numbers of diagnostics do not move).
- Markdown: a last line `<!-- tạo bởi parplan (parplan-sha256:…) -->`.
- HTML: `<meta name="generator" content="parplan (parplan-sha256:…)">` on the
  line after `<meta charset>` or else after `<head>` (a last-line comment
  when the page has neither).
- JSON (schema --write, summary -o): a `"$comment"` member on the second line.
- Plain text (summary's terminal table written with -o): a last line
  `(tạo bởi parplan, parplan-sha256:…)`.

Also safe to replace: a file whose bytes are exactly those about to be
written (init's verbatim template copies).
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from pathlib import Path
from typing import Iterable

from .api import UsageError

SEAL = re.compile(rb"parplan-sha256:([0-9a-f]{32})")
PLACEHOLDER = b"parplan-sha256:"
CORE = "docProps/core.xml"
MAX_TEXT = 64 * 1024 * 1024          # larger files were not written by parplan
MAX_UNPACKED = 512 * 1024 * 1024     # a zip that unpacks to more is not ours either


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _fill(data: bytes, start: int) -> bytes:
    """`data` whose placeholder at `start` is followed by the hash of `data`."""
    digest = _hex(data).encode("ascii")
    end = start + len(PLACEHOLDER)
    return data[:end] + digest + data[end:]


def _unsealed(data: bytes) -> tuple[bytes, str] | None:
    match = SEAL.search(data)
    if match is None:
        return None
    return data[:match.start(1)] + data[match.end(1):], match.group(1).decode("ascii")


# -- text formats ------------------------------------------------------------

def seal_text(data: bytes, kind: str) -> bytes:
    """`data` (the bytes of a .yaml, .md, .html, .json or text output) with the seal
    added; other kinds come back unchanged."""
    if kind not in ("yaml", "md", "html", "json", "txt"):
        return data
    if data and not data.endswith(b"\n"):
        data += b"\n"
    if kind == "yaml":
        line = "# tạo bởi parplan (parplan-sha256:) — sửa tệp này thì parplan không ghi đè nó nếu không có --overwrite\n"
        marked, at = data + line.encode("utf-8"), len(data)
    elif kind == "md":
        line = "<!-- tạo bởi parplan (parplan-sha256:) -->\n"
        marked, at = data + line.encode("utf-8"), len(data)
    elif kind == "txt":   # a terminal table written to a file (summary -o F)
        line = "(tạo bởi parplan, parplan-sha256:)\n"
        marked, at = data + line.encode("utf-8"), len(data)
    elif kind == "html":
        head = (re.search(rb"<meta\s+charset\b[^>]*>[^\n]*\n", data[:4096], re.I)   # the charset stays first
                or re.search(rb"<head\b[^>]*>[^\n]*\n", data, re.I))
        if head is not None:
            line = b'<meta name="generator" content="parplan (parplan-sha256:)">\n'
            marked, at = data[:head.end()] + line + data[head.end():], head.end()
        else:
            line = "<!-- tạo bởi parplan (parplan-sha256:) -->\n".encode("utf-8")
            marked, at = data + line, len(data)
    else:  # json: an object written one member per line
        if not data.startswith(b"{\n"):
            return data
        line = '  "$comment": "tạo bởi parplan (parplan-sha256:)",\n'.encode("utf-8")
        marked, at = data[:2] + line + data[2:], 2
    return _fill(marked, marked.index(PLACEHOLDER, at))


def text_is_sealed(data: bytes) -> bool:
    found = _unsealed(data)
    return found is not None and _hex(found[0]) == found[1]


# -- .docx / .xlsx -------------------------------------------------------------

_IDENTIFIER = re.compile(rb"<dc:identifier\b[^>]*?(?:/>|>[^<]*</dc:identifier>)")
_CORE_END = re.compile(rb"</cp:coreProperties>")


def core_placeholder(core: bytes) -> bytes:
    """core.xml with `<dc:identifier>parplan-sha256:</dc:identifier>`."""
    element = b'<dc:identifier xmlns:dc="http://purl.org/dc/elements/1.1/">' + PLACEHOLDER + b"</dc:identifier>"
    if _IDENTIFIER.search(core):
        return _IDENTIFIER.sub(lambda _m: element, core, count=1)
    if not _CORE_END.search(core):
        return core
    return _CORE_END.sub(lambda _m: element + b"</cp:coreProperties>", core, count=1)


def _combined(digests: Iterable[tuple[str, bytes]]) -> str:
    whole = hashlib.sha256()
    for name, digest in sorted(digests):
        whole.update(name.encode("utf-8") + b"\0" + digest)
    return whole.hexdigest()[:32]


def part_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def seal_core(core: bytes, digests: dict[str, bytes]) -> bytes:
    """The sealed core.xml of a package whose other parts have `digests`
    (name -> part_digest)."""
    core = core_placeholder(core)
    if PLACEHOLDER not in core:
        return core
    hexed = _combined([*((n, d) for n, d in digests.items() if n != CORE), (CORE, part_digest(core))])
    return core.replace(PLACEHOLDER, PLACEHOLDER + hexed.encode("ascii"), 1)


def office_is_sealed(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                return False
            core = next((i for i in infos if i.filename == CORE), None)
            if core is None:
                return False
            found = _unsealed(archive.read(core))
            if found is None:
                return False
            digests = [(CORE, part_digest(found[0]))]
            for info in infos:
                if info.filename == CORE:
                    continue
                part = hashlib.sha256()
                with archive.open(info) as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        part.update(chunk)
                digests.append((info.filename, part.digest()))
            return _combined(digests) == found[1]
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, ValueError,
            EOFError, KeyError):
        return False
    except Exception:  # zlib.error and other damage: not a file parplan wrote
        return False


# -- the decision ------------------------------------------------------------

def is_parplan_output(path: str | Path) -> bool:
    """True when `path` is a file parplan wrote and nobody changed since."""
    path = Path(path)
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with open(path, "rb") as handle:
            magic = handle.read(4)
            if magic == b"PK\x03\x04":
                return office_is_sealed(path)
            if size > MAX_TEXT:
                return False
            handle.seek(0)
            return text_is_sealed(handle.read())
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _unchanged(path: Path, data: bytes | None) -> bool:
    if data is None:
        return False
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def check_writable(targets: Iterable[str | Path], overwrite: bool = False, inputs: Iterable[str | Path] = (),
                   same_as: dict[Path, bytes] | None = None) -> None:
    """Raise UsageError (exit 2) unless every target may be written: never an
    input (even with `overwrite`), and an existing file only when parplan
    wrote it (sealed and unchanged), when it already holds exactly the bytes
    about to be written (`same_as`), or with `overwrite`. Every target is
    checked before the caller writes any; the message names every file that
    stops the command. '-' (standard output) is always writable."""
    sources = [Path(p) for p in inputs if p is not None and str(p) != "-"]
    foreign: list[str] = []
    for raw in targets:
        if raw is None or str(raw) == "-":
            continue
        target = Path(raw)
        if any(_same(target, source) for source in sources):
            raise UsageError(f"không ghi đè tệp đầu vào: {raw}", f"refusing to overwrite an input file: {raw}")
        if target.exists() and not target.is_file() and not target.is_dir():
            raise UsageError(f"{raw} không phải tệp thường (thiết bị, ống dẫn…): không ghi vào đó",
                             f"{raw} is not a regular file (a device, a pipe…): not written to")
        if overwrite or not (target.exists() or target.is_symlink()) or target.is_dir():
            continue
        if _unchanged(target, (same_as or {}).get(target)) or is_parplan_output(target):
            continue
        foreign.append(str(raw))
    if len(foreign) == 1:
        name = foreign[0]
        raise UsageError(
            f"đã có tệp {name} không do parplan tạo ra (hoặc đã được sửa sau khi parplan ghi): không ghi đè; "
            f"dùng --overwrite để ghi đè, hoặc chọn tên tệp khác",
            f"{name} already exists and was not written by parplan (or was changed since): not replaced; "
            f"use --overwrite to replace it, or choose another file name")
    if foreign:
        names = ", ".join(foreign)
        raise UsageError(
            f"đã có {len(foreign)} tệp không do parplan tạo ra (hoặc đã được sửa sau khi parplan ghi): {names}; "
            f"không ghi tệp nào; dùng --overwrite để ghi đè, hoặc chọn tên tệp khác",
            f"{len(foreign)} files already exist and were not written by parplan (or were changed since): {names}; "
            f"nothing written; use --overwrite to replace them, or choose other file names")


def write_file(path: str | Path, data: bytes, kind: str | None = None) -> None:
    """Write `data` atomically, sealed when it is a text kind ("yaml", "md",
    "html", "json"; .docx/.xlsx are sealed where their zip is made)."""
    from .render.files import write_atomic

    write_atomic(Path(path), seal_text(data, kind) if kind else data)


def announce(path: str | Path, lang: str) -> str:
    """The one line a command prints for each file it wrote (on stderr)."""
    return f"{'đã ghi' if lang == 'vi' else 'wrote'} {path}\n"
