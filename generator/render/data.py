"""Renderer: the open catalogue data and the published schemas.

catalogue.json   lists, entries (one per entry of every list, in list order)
                 and specs (every full text, including those in no list)
catalogue.csv    the entries again, one row each, UTF-8 with BOM for Excel
schema/*.json    the schemas, byte for byte, so their $id URLs resolve

Paths (``url``, ``docx``) are relative to the site root; ``site_url`` makes
them absolute. Keys are sorted and nothing depends on the clock, so the same
catalogue always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from ..model import Catalogue, CatalogueList, Entry, Spec
from ..output import OutputTree
from ..schemas import SCHEMA_DIR, SCHEMA_FILES
from ..settings import Settings

CSV_COLUMNS = (
    "id",
    "list",
    "number",
    "name",
    "printed",
    "batch",
    "parent",
    "url",
    "has_full_text",
    "docx",
    "spec",
    "status",
    "version",
    "sample",
    "occupation_code",
    "occupation_name",
    "occupation_major",
)


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    data = catalogue_data(catalogue, settings.site_url)
    out.add("catalogue.json", json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    out.add("catalogue.csv", catalogue_csv(data["entries"]))
    for name in SCHEMA_FILES:
        out.add(f"schema/{name}", (SCHEMA_DIR / name).read_bytes())


def catalogue_data(catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    return {
        "site_url": site_url,
        "lists": [list_data(lst) for lst in catalogue.lists],
        "entries": [entry_data(e, catalogue.spec_by_id.get(e.spec) if e.spec else None) for e in catalogue.entries],
        "specs": [spec_data(s) for s in catalogue.specs],
    }


def list_data(lst: CatalogueList) -> dict[str, Any]:
    return _present(
        {
            "id": lst.id,
            "title": lst.title,
            "short_title": lst.short_title,
            "level": lst.level,
            "region": lst.region,
            "authority": lst.authority,
            "document": _present(asdict(lst.document)),
            "declared_count": lst.declared_count,
            "obtain": lst.obtain,
            "batches": [asdict(b) for b in lst.batches],
            "url": lst.url,
        }
    )


def entry_data(entry: Entry, spec: Spec | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": entry.id,
        "list": entry.list,
        "number": entry.number,
        "name": entry.name,
        "printed": entry.printed,
        "batch": entry.batch,
        "parent": entry.parent_id,
        "url": entry.url,
        "has_full_text": spec is not None,
        "docx": spec.docx_url if spec else None,
    }
    if spec is not None:
        row.update(_spec_summary(spec))
    return {k: v for k, v in row.items() if v is not None or k == "docx"}


def spec_data(spec: Spec) -> dict[str, Any]:
    return _present(
        {
            "id": spec.id,
            "name": spec.name,
            "title": spec.title,
            "url": spec.url,
            "docx": spec.docx_url,
            "form": spec.form_url,
            "entry": spec.entry.entry_id if spec.entry else None,
            "variants": [_present({"name": v.name, "entry": v.entry.entry_id if v.entry else None}) for v in spec.variants],
            "dates": dict(spec.dates),
            "source": _present(asdict(spec.source)) if spec.source else None,
            "replaced_by": spec.replaced_by,
            **_spec_summary(spec),
        }
    )


def _spec_summary(spec: Spec) -> dict[str, Any]:
    occupation = spec.occupation
    return _present(
        {
            "spec": spec.id,
            "status": spec.status,
            "version": spec.version,
            "sample": spec.sample,
            "occupation": _present({**asdict(occupation), "major": occupation.major}) if occupation else None,
        }
    )


def _present(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what a record does not have, rather than writing null."""
    return {k: v for k, v in data.items() if v is not None}


def catalogue_csv(entries: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        occupation = entry.get("occupation", {})
        flat = {**entry, "occupation_code": occupation.get("code"), "occupation_name": occupation.get("name"), "occupation_major": occupation.get("major")}
        writer.writerow([_cell(flat.get(column)) for column in CSV_COLUMNS])
    # Excel reads a CSV as the local code page unless it starts with a BOM.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A cell starting like a formula would be run by Excel (OWASP "CSV injection").
    return "'" + text if text.startswith(FORMULA_START) else text
