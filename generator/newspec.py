"""`new`: write a new spec file from the commented template."""

from __future__ import annotations

from pathlib import Path

from .templates import environment
from .validation import ID, RESERVED, UsageError


def create_spec(spec_id: str, *, name: str | None, directory: Path) -> Path:
    if not ID.match(spec_id) or len(spec_id) > 64 or spec_id in RESERVED:
        raise UsageError(
            f"标识“{spec_id}”不可用：只能用小写 ASCII 字母、数字和连字符，以字母开头，不超过 64 个字符，且不能是保留名称；中文名称请用 --name 指定"
        )
    if name is not None and (not name.strip() or any(c in name for c in '\n\r"\\')):
        raise UsageError("能力名称不能为空，也不能含换行、引号或反斜杠")
    path = directory / f"{spec_id}.yaml"
    if path.exists():
        raise UsageError(f"{path} 已存在，不会覆盖")
    schema_ref = Path("../schema/spec.schema.json") if directory.resolve().name == "specs" else Path("schema/spec.schema.json")
    text = environment("text").get_template("new_spec.yaml.j2").render(name=name, schema_ref=schema_ref.as_posix())
    directory.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
