"""A parplan workspace: `parplan init` creates one, `parplan frameworks` lists
the frameworks it can use.

A workspace is a folder with `criteria/` (the office's own frameworks),
`plans/` (one folder per unit, one file per year), `templates/` (copies of
the shipped md/html templates, for `render --template`), `schemas/` (JSON
Schema for editors) and a `.pre-commit-config.yaml` that validates changed
plan and framework files. Commands run inside it find its `criteria/` (see
`frameworks.find_workspace`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .api import UsageError
from .diagnostics import ERROR, Diagnostic
from .frameworks import Registry, default_dirs, find_workspace, framework_files
from .load import load_document
from .model import Framework
from .resources import shipped_criteria_dir, shipped_templates_dir

DEFAULT_FRAMEWORK = "tinh-2020"
_UNIT_PREFIX = re.compile(r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|"
                          r"thị trấn|tp\.?)?\s*", re.I)
UNIT_PLACEHOLDER = {"tinh": "UBND tỉnh (tên tỉnh)", "huyen": "UBND huyện (tên huyện)",
                    "so": "Sở (tên sở)", "xa": "UBND xã (tên xã)"}


def slug(text: str) -> str:
    """A folder name from a unit name: "UBND tỉnh Đắk Nông" -> "dak-nong"."""
    text = _UNIT_PREFIX.sub("", unicodedata.normalize("NFC", text).strip()) or text
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "don-vi"


@dataclass
class Created:
    folder: Path
    files: list[Path]                  # relative to folder
    plan: Path                         # relative to folder
    framework: str
    year: int
    replaced: list[Path] = field(default_factory=list)

    def next_commands(self) -> list[str]:
        plan = self.plan.as_posix()
        nxt = f"{self.plan.parent.as_posix()}/{self.year + 1}.yaml"
        return [
            "parplan validate plans/",
            f"parplan new --from {plan} --year {self.year + 1} --results ket-qua-{self.year}.csv",
            f"parplan report {nxt}",
        ]


def today() -> date:
    """Today's date; PARPLAN_TODAY=YYYY-MM-DD freezes it (tests, reproducible runs)."""
    import os

    frozen = os.environ.get("PARPLAN_TODAY")
    if frozen:
        try:
            return date.fromisoformat(frozen.strip())
        except ValueError:
            raise UsageError(f"PARPLAN_TODAY không phải ngày YYYY-MM-DD: {frozen}",
                             f"PARPLAN_TODAY is not a YYYY-MM-DD date: {frozen}") from None
    return date.today()


def parse_date(text: str | date | None) -> date | None:
    """A document date as given on the command line: YYYY-MM-DD or DD/MM/YYYY."""
    if text is None or isinstance(text, date):
        return text
    raw = text.strip()
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", raw):
            day, month, year = (int(x) for x in re.split(r"[/.-]", raw))
            return date(year, month, day)
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"ngày không hợp lệ: {raw} (ghi YYYY-MM-DD hoặc DD/MM/YYYY, ví dụ 2027-01-15)",
                         f"not a valid date: {raw} (write YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-01-15)") from None


def init_workspace(folder: Path, framework_id: str = DEFAULT_FRAMEWORK, unit: str | None = None,
                   year: int | None = None, overwrite: bool = False, criteria: Iterable[Path] = (),
                   number: str | None = None, issued: str | date | None = None, issuer: str | None = None,
                   on: date | None = None) -> Created:
    """Create a workspace in `folder` (empty or not). Every file it writes is
    checked first (output_files.check_writable): parplan's own earlier files
    are replaced, any other existing file stops it before anything is written
    unless `overwrite`. The starter plan is for `year`, by default the year
    after `on` (today); `number`, `issued` (date) and `issuer` fill its
    `document:` block."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"đã có một tệp (không phải thư mục) tên {folder}", f"{folder} exists and is not a folder")
    year = year if year is not None else (on or today()).year + 1
    issued = parse_date(issued)
    if not 1900 <= year <= 2200:
        raise UsageError(f"năm không hợp lệ: {year}", f"not a valid year: {year}")
    registry = Registry(default_dirs(list(criteria)))
    framework, _ = registry.get(framework_id)
    if framework is None:
        known = ", ".join(registry.ids()) or "-"
        raise UsageError(f"không tìm thấy bộ tiêu chí '{framework_id}' hoặc bộ tiêu chí có lỗi (có: {known})",
                         f"unknown or broken framework '{framework_id}' (available: {known})")
    unit = " ".join((unit or UNIT_PLACEHOLDER.get(framework.level, "UBND (tên đơn vị)")).split())
    plan_rel = Path("plans") / slug(unit if unit not in UNIT_PLACEHOLDER.values() else "don-vi") / f"{year}.yaml"

    from .schema import KINDS, schema_text

    files: dict[Path, bytes] = {
        Path("README.md"): _readme(plan_rel, year).encode("utf-8"),
        Path("criteria") / "README.md": _criteria_readme().encode("utf-8"),
        plan_rel: starter_plan(framework, unit, year, number=number, issued=issued,
                               issuer=issuer).encode("utf-8"),
        Path(".pre-commit-config.yaml"): PRE_COMMIT.encode("utf-8"),
    }
    for kind in KINDS:
        files[Path("schemas") / f"{kind}.json"] = schema_text(kind).encode("utf-8")
    for template in sorted(shipped_templates_dir().glob("*.j2")):
        files[Path("templates") / template.name] = template.read_bytes()

    from .output_files import check_writable, write_file

    kinds = {".md": "md", ".yaml": "yaml", ".json": "json"}  # templates (.j2) are verbatim copies
    created = Created(folder, [], plan_rel, framework.id, year)
    for rel in files:
        if (folder / rel).is_dir():
            raise UsageError(f"{folder / rel} là một thư mục", f"{folder / rel} is a folder")
    check_writable([folder / rel for rel in files], overwrite,
                   same_as={folder / rel: data for rel, data in files.items() if rel.suffix == ".j2"})
    try:
        for rel, data in files.items():
            target = folder / rel
            if target.exists():
                created.replaced.append(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file(target, data, kinds.get(rel.suffix))
            created.files.append(rel)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"không ghi được vào {folder}: {reason}", f"cannot write into {folder}: {reason}") from None
    return created


def document_block(unit: str, year: int, number: str | None = None, issued: date | None = None,
                   issuer: str | None = None) -> dict:
    """The starter plan's `document:`: titles carrying the unit's name and the
    year, as the seeds phrase them; the issuer defaults to the unit."""
    named = unit not in UNIT_PLACEHOLDER.values()
    place = _UNIT_PREFIX.sub("", unit).strip() if named else ""
    block = {"number": (number or "").strip() or None, "date": issued,
             "issuer": " ".join((issuer or "").split()) or unit,
             "place": place if place and place != unit else None,
             "title": f"Kế hoạch cải thiện, nâng cao Chỉ số CCHC năm {year} của {unit}",
             "appendix_title": f"Mục tiêu, nhiệm vụ, giải pháp cải thiện và nâng cao Chỉ số CCHC năm {year} của {unit}"}
    return {k: v for k, v in block.items() if v is not None}


def starter_plan(framework: Framework, unit: str, year: int, number: str | None = None,
                 issued: date | None = None, issuer: str | None = None) -> str:
    """A plan with a row for every item of the framework and nothing filled in."""
    from .dump import dump_plan
    from .newyear import Note, annotate, blank_document_keys

    entries = []
    notes: dict[str, Note] = {}
    for item, _path in framework.walk():
        entries.append({"code": item.code})
        keys = ["baseline:", "target:"] + ([] if item.items else ["tasks:", "lead:"])
        notes[item.code] = Note(f"{item.name} (tối đa {_plain(item.max)})", keys)
    document = document_block(unit, year, number, issued, issuer)
    data = {"kind": "plan", "framework": framework.id, "unit": unit, "level": framework.level, "year": year,
            "baseline_year": year - 1, "document": document, "entries": entries}
    header = "\n".join([
        f"Kế hoạch cải thiện Chỉ số CCHC năm {year}: tệp mẫu do `parplan init` tạo,",
        f"một dòng cho mỗi lĩnh vực/tiêu chí của bộ tiêu chí {framework.id} (tên và điểm tối đa ở chú thích).",
        "Điền cho từng dòng:",
        f"  baseline: điểm năm {year - 1} đạt được (theo kết quả công bố), ví dụ 1.5 hoặc \"1,5\"",
        f"  target:   mục tiêu năm {year}",
        "  tasks:    nhiệm vụ/giải pháp, mỗi nhiệm vụ một dòng bắt đầu bằng '- '",
        "  lead:     đơn vị chủ trì (một tên, hoặc danh sách)",
        "Dòng lĩnh vực và tiêu chí có mục con có thể để trống điểm: parplan tự cộng từ các mục con",
        "(nếu ghi, parplan kiểm tra tổng). Tiêu chí không áp dụng: thêm 'applicable: false'.",
        "Kiểm tra: parplan validate plans/",
    ])
    text = blank_document_keys(annotate(dump_plan(data, header), notes), document)
    return "# yaml-language-server: $schema=../../schemas/plan.json\n" + text


def _plain(value) -> str:
    from .numbers import plain

    return plain(value) or ""


PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): kiểm tra kế hoạch và bộ tiêu chí trước mỗi lần commit.
# Cài một lần trong thư mục này: pip install pre-commit && pre-commit install
# Chạy tay trên mọi tệp: pre-commit run --all-files
repos:
  - repo: local
    hooks:
      - id: parplan-validate
        name: parplan validate
        description: Kiểm tra mọi con số, mọi tổng của kế hoạch và bộ tiêu chí đã sửa
        entry: parplan validate
        language: system
        files: ^(plans|criteria)/.*\\.ya?ml$
"""


def _readme(plan: Path, year: int) -> str:
    return f"""\
# Không gian làm việc parplan

- `plans/`: kế hoạch, mỗi đơn vị một thư mục, mỗi năm một tệp (`{plan.as_posix()}`).
- `criteria/`: bộ tiêu chí riêng của đơn vị (xem `criteria/README.md`); `parplan frameworks` liệt kê mọi bộ tiêu chí dùng được.
- `templates/`: bản sao mẫu Markdown/HTML của phụ lục, để sửa rồi dùng `parplan render ... --template templates/appendix.md.j2`.
- `schemas/`: JSON Schema cho trình soạn thảo (VS Code + YAML extension): gợi ý và kiểm tra khi gõ.
- `.pre-commit-config.yaml`: chạy `parplan validate` trên các tệp kế hoạch đã sửa trước mỗi commit.

Quy trình mỗi năm:

    parplan validate plans/
    parplan new --from {plan.as_posix()} --year {year + 1} --results ket-qua-{year}.csv
    parplan report {plan.parent.as_posix()}/{year + 1}.yaml --docx to-chuc-thuc-hien-{year + 1}.docx

Giữ tệp kết quả công bố (ket-qua-{year}.csv: cột `code` và `score`) ngoài thư mục `plans/`.
"""


def _criteria_readme() -> str:
    return """\
# Bộ tiêu chí của đơn vị

Đặt ở đây các bộ tiêu chí (`kind: framework`) mà parplan chưa có sẵn, ví dụ bộ
tiêu chí cấp sở, cấp huyện hay cấp xã do UBND tỉnh ban hành. Mọi lệnh chạy trong
không gian làm việc này đều tìm thấy chúng; một bộ tiêu chí ở đây trùng `id` với
bộ có sẵn sẽ thay thế bộ có sẵn.

Thêm một bộ tiêu chí:

1. Xem các bộ có sẵn và đường dẫn của chúng: `parplan frameworks`.
2. Chép một bộ gần giống vào đây, ví dụ `criteria/huyen-2024.yaml`, và đặt `id`
   mới (duy nhất), `title`, `level` (tinh | huyen | so | xa), `total`,
   `applies_from`, `decision` (văn bản ban hành).
3. Ghi từng lĩnh vực, tiêu chí, tiêu chí thành phần với `code` (trong dấu
   nháy: `"1.3.1"`), `name`, `max`. Điểm tối đa của các mục con phải cộng lại
   bằng điểm của mục cha; các lĩnh vực cộng lại bằng `total`.
4. Kiểm tra: `parplan validate criteria/` rồi `parplan frameworks` (cột "cộng
   đúng" phải là "có").
5. Kế hoạch dùng bộ tiêu chí mới bằng `framework: <id>`.

# Frameworks of this office

Put here the frameworks (`kind: framework`) parplan does not ship. Copy a
shipped one (`parplan frameworks` shows where they are), give it a new `id`,
edit it, and check it with `parplan validate criteria/`.
"""


# -- listing frameworks ------------------------------------------------------

@dataclass
class Listed:
    id: str
    file: Path
    origin: str                                 # shipped | workspace | criteria
    title: str | None = None
    level: str | None = None
    applies_from: int | None = None
    applies_to: int | None = None
    total: object = None
    per_level: list[int] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    overridden_by: Path | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def adds_up(self) -> bool:
        return self.errors == 0


def list_frameworks(criteria: Iterable[Path] = (), cwd: Path | None = None) -> list[Listed]:
    """Every framework parplan can use from here: shipped, workspace
    `criteria/`, then each --criteria folder; a later one with the same id
    overrides an earlier one (and the earlier one is marked so)."""
    from .rules import check

    for folder in criteria:
        if not Path(folder).is_dir():
            raise UsageError(f"không có thư mục bộ tiêu chí: {folder}", f"no such criteria folder: {folder}")
    shipped = shipped_criteria_dir().resolve()
    workspace = find_workspace(cwd)
    workspace_dir = (workspace / "criteria").resolve() if workspace is not None else None
    dirs = default_dirs(list(criteria), cwd)
    registry = Registry(dirs)
    found: list[Listed] = []
    active: dict[str, Listed] = {}
    for folder, path, head_id in framework_files(dirs):
        origin = "shipped" if folder == shipped else "workspace" if folder == workspace_dir else "criteria"
        doc = load_document(path, _display(path, cwd))
        model = doc.model if isinstance(doc.model, Framework) else None
        diags = list(doc.diagnostics) + (check(doc, registry) if model is not None else [])
        ident = model.id if model is not None else (head_id or path.stem)
        item = Listed(ident, path, origin, diagnostics=diags)
        if model is not None:
            item.title, item.level, item.total = model.title, model.level, model.total
            item.applies_from, item.applies_to = model.applies_from, model.applies_to
            item.per_level = _per_level(model)
        if ident in active:
            active[ident].overridden_by = path
        active[ident] = item
        found.append(item)
    return found


def _per_level(framework: Framework) -> list[int]:
    counts: list[int] = []
    for _item, path in framework.walk():
        depth = len(path) // 2
        while len(counts) < depth:
            counts.append(0)
        counts[depth - 1] += 1
    return counts


def _display(path: Path, cwd: Path | None = None) -> str:
    base = (cwd or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)

