"""The open data: catalogue.json, catalogue.csv and the published schemas."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.output import OutputTree
from generator.render import data
from generator.schemas import SCHEMA_DIR, SCHEMA_FILES
from generator.settings import DEFAULT_SITE_URL, Settings

from .helpers import ROOT
from .site_support import real_catalogue


def render(catalogue: Catalogue, tmp_path: Path) -> dict[str, bytes]:
    out = OutputTree(tmp_path / "generated")
    data.render(catalogue, out, Settings(root=ROOT))
    return out.files


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)  # site_url comes from mkdocs.yml's default
        yield render(real_catalogue(), tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def catalogue_json(files: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(files["catalogue.json"])


def test_files_written(files: dict[str, bytes]) -> None:
    assert set(files) == {"catalogue.json", "catalogue.csv", *(f"schema/{name}" for name in SCHEMA_FILES)}


def test_schemas_are_published_byte_for_byte_where_their_id_points(files: dict[str, bytes]) -> None:
    for name in SCHEMA_FILES:
        content = files[f"schema/{name}"]
        assert content == (SCHEMA_DIR / name).read_bytes()
        assert json.loads(content)["$id"] == f"{DEFAULT_SITE_URL}schema/{name}"


def test_lists(catalogue_json: dict[str, Any]) -> None:
    catalogue = real_catalogue()
    assert [(lst["id"], lst["title"], lst["authority"], lst["document"]["number"], lst["url"]) for lst in catalogue_json["lists"]] == [
        (lst.id, lst.title, lst.authority, lst.document.number, lst.url) for lst in catalogue.lists
    ]


def test_one_record_per_entry_with_the_required_fields(catalogue_json: dict[str, Any]) -> None:
    catalogue = real_catalogue()
    entries = catalogue_json["entries"]
    assert [e["id"] for e in entries] == [e.id for e in catalogue.entries]
    ids = {e["id"] for e in entries}
    for record, entry in zip(entries, catalogue.entries, strict=True):
        assert (record["name"], record["list"], record["number"], record["url"], record["has_full_text"]) == (
            entry.name,
            entry.list,
            entry.number,
            entry.url,
            entry.has_full_text,
        )
        assert record.get("batch") == entry.batch
        assert record.get("parent") == entry.parent_id
        if entry.parent_id:
            assert entry.parent_id in ids
        spec = catalogue.spec_by_id.get(entry.spec) if entry.spec else None
        assert record["docx"] == (spec.docx_url if spec else None)
        if spec is not None:
            assert (record["spec"], record["status"], record["version"]) == (spec.id, spec.status, spec.version)
            if spec.occupation:
                assert record["occupation"]["name"] == spec.occupation.name
                assert record["occupation"].get("major") == spec.occupation.major
        else:
            assert not {"spec", "status", "version", "occupation"} & set(record)


def test_specs_include_those_in_no_list(catalogue_json: dict[str, Any]) -> None:
    catalogue = real_catalogue()
    assert [s["id"] for s in catalogue_json["specs"]] == [s.id for s in catalogue.specs]
    unlisted = {s.id for s in catalogue.unlisted_specs}
    assert {s["id"] for s in catalogue_json["specs"] if "entry" not in s} == unlisted
    for record in catalogue_json["specs"]:
        assert record["url"] == f"specs/{record['id']}/"
        assert record["docx"] == f"specs/{record['id']}/{record['id']}.docx"


def test_site_url(catalogue_json: dict[str, Any]) -> None:
    assert catalogue_json["site_url"] == DEFAULT_SITE_URL


def test_csv_has_the_same_rows_with_a_bom_for_excel(files: dict[str, bytes], catalogue_json: dict[str, Any]) -> None:
    raw = files["catalogue.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == data.CSV_COLUMNS
    assert [r["id"] for r in rows] == [e["id"] for e in catalogue_json["entries"]]
    for row, record in zip(rows, catalogue_json["entries"], strict=True):
        assert row["name"] == record["name"]
        assert row["number"] == record["number"]
        assert row["has_full_text"] == ("true" if record["has_full_text"] else "false")
        assert row["docx"] == (record["docx"] or "")
        assert row["occupation_major"] == record.get("occupation", {}).get("major", "")


def test_csv_cells_never_start_a_formula() -> None:
    rows = [{"id": "x", "name": "=HYPERLINK(1)", "printed": "+1", "number": "-2", "list": "@a", "has_full_text": False, "docx": None}]
    text = data.catalogue_csv(rows).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["name"], row["printed"], row["number"], row["list"]) == ("'=HYPERLINK(1)", "'+1", "'-2", "'@a")


def test_output_is_deterministic(tmp_path: Path, files: dict[str, bytes]) -> None:
    assert render(real_catalogue(), tmp_path) == files
    text = files["catalogue.json"].decode("utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1) + "\n" == text


def test_entries_come_list_by_list_in_the_order_of_the_lists() -> None:
    from tests.site_support import real_catalogue

    catalogue = real_catalogue()
    order = [lst.id for lst in catalogue.lists]
    assert order[0] == "sc2020-national"
    seen = [e.list for e in catalogue.entries]
    assert [k for i, k in enumerate(seen) if i == 0 or seen[i - 1] != k] == order
