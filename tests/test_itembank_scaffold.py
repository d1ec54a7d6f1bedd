"""`scaffold SPEC --out DIR` on a fresh folder: what the bank holds, and bad input."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import is_itembank_file
from generator.itembank.bank import HEADER
from generator.itembank.check import check_bank
from generator.itembank.files import PointPlan, snippet
from generator.loading import parse_yaml
from generator.model import Spec
from generator.validation import ITEMBANK_MARKER

from .helpers import MINIMAL, load_minimal, merge, write_yaml
from .itembank_support import SPEC, copy_spec, load, run


@pytest.fixture
def spec() -> Spec:
    from generator.itembank.specfile import load_spec

    loaded, _ = load_spec(SPEC)
    assert loaded is not None
    return loaded


@pytest.fixture
def bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, _ = run(capsys, "scaffold", str(SPEC), "--out", str(tmp_path / "bank"))
    assert code == 0 and out
    return tmp_path / "bank"


def test_layout_and_confidential_header(bank: Path, spec: Spec) -> None:
    names = sorted(p.relative_to(bank).as_posix() for p in bank.rglob("*") if p.is_file())
    items = [f"items/item-{i:02d}.yaml" for i in range(1, len(spec.tasks) + 1)]
    assert names == ["bank.yaml", "blueprint.yaml", *items]
    for name in names:
        path = bank / name
        assert path.read_text(encoding="utf-8").split("\n", 1)[0] == HEADER
        assert ITEMBANK_MARKER in path.read_bytes()[:1024]
        assert is_itembank_file(path)


def test_manifest_records_the_spec(bank: Path, spec: Spec) -> None:
    data = load(bank / "bank.yaml")
    assert data["spec"]["id"] == spec.id and data["spec"]["version"] == spec.version
    assert (bank / data["spec"]["path"]).resolve() == SPEC.resolve()


def test_blueprint_has_a_range_per_task_and_a_point_per_practice(bank: Path, spec: Spec) -> None:
    data = load(bank / "blueprint.yaml")
    assert [r["title"] for r in data["ranges"]] == [t.title for t in spec.tasks]
    assert [r["code"] for r in data["ranges"]] == ["A", "B", "C", "D"]
    for rng, task in zip(data["ranges"], spec.tasks, strict=True):
        assert [p["text"] for p in rng["points"]] == list(task.practices)
        assert [p["code"] for p in rng["points"]] == [f"{rng['code']}{i:02d}" for i in range(1, len(task.practices) + 1)]
        marks = [p["marks"] for p in rng["points"]]
        assert sum(marks) == task.weight == rng["weight"]
        assert max(marks) - min(marks) <= 1
    assert sum(p["marks"] for r in data["ranges"] for p in r["points"]) == data["full_marks"] == 100


def test_items_are_practical_papers(bank: Path, spec: Spec) -> None:
    blueprint = load(bank / "blueprint.yaml")
    minutes = 0
    for rng, path in zip(blueprint["ranges"], sorted((bank / "items").glob("*.yaml")), strict=True):
        item = load(path)
        assert item["ranges"] == [rng["code"]]
        assert [(r["point"], r["element"], r["marks"]) for r in item["scoring"]] == [(p["code"], p["text"], p["marks"]) for p in rng["points"]]
        assert all("待填写" in r["criteria"] for r in item["scoring"])
        for key, kind in (("materials", "material"), ("equipment", "equipment"), ("tools", "tool")):
            assert [e["name"] for e in item["preparation"][key]] == [e.name for e in spec.equipment if e.kind == kind]
        assert Counter(item["signatures"]) == {"考评员": 3, "评分人": 1, "核分人": 1}
        minutes += item["time"]["operation"]
    assert spec.requirements.method is not None
    assert minutes == spec.requirements.method.minutes


def test_a_fresh_bank_only_lacks_the_writers_text(bank: Path) -> None:
    result = check_bank(bank)
    assert {p.code for p in result.problems} == {"placeholder"}
    assert not result.ok


def test_group_puts_tasks_in_one_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "scaffold", str(MINIMAL), "--out", str(tmp_path / "bank"), "--group", "2,3")
    assert code == 0
    items = [load(p) for p in sorted((tmp_path / "bank" / "items").glob("*.yaml"))]
    assert [i["ranges"] for i in items] == [["A"], ["B", "C"]]
    assert [r["point"] for r in items[1]["scoring"]] == ["B01", "C01"]
    assert sum(i["time"]["operation"] for i in items) == 60


def test_no_minutes_in_the_spec_leaves_the_time_to_the_writer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = load_minimal()
    data["requirements"]["method"] = {"text": "采用现场实际操作方式。"}
    spec = write_yaml(tmp_path / "minimal.yaml", data)
    assert run(capsys, "scaffold", str(spec), "--out", str(tmp_path / "bank"))[0] == 0
    assert "待填写" in load(tmp_path / "bank" / "items" / "item-01.yaml")["time"]["operation"]


def test_uneven_split_uses_largest_remainders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = merge(load_minimal(), {"tasks": [{"title": "和面", "weight": 10, "practices": ["称量", "加水", "揉面"], "knowledge": ["面粉知识"]}]})
    data["tasks"] += load_minimal()["tasks"][1:]
    data["tasks"][1]["weight"] = 70
    spec = write_yaml(tmp_path / "minimal.yaml", data)
    assert run(capsys, "scaffold", str(spec), "--out", str(tmp_path / "bank"))[0] == 0
    ranges = load(tmp_path / "bank" / "blueprint.yaml")["ranges"]
    assert [p["marks"] for p in ranges[0]["points"]] == [4, 3, 3]


@pytest.mark.parametrize("group", ["0", "4", "1,1", "a", "1，x"])
def test_bad_group_is_a_usage_error(group: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scaffold", str(MINIMAL), "--out", str(tmp_path / "bank"), "--group", group)
    assert code == 2 and "--group" in err
    assert not (tmp_path / "bank").exists()


def test_a_task_in_two_groups_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "scaffold", str(MINIMAL), "--out", str(tmp_path / "bank"), "--group", "1,2", "--group", "2,3")
    assert code == 2 and not (tmp_path / "bank").exists()


def test_refuses_a_folder_that_is_not_a_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("私人笔记", encoding="utf-8")
    code, _, err = run(capsys, "scaffold", str(MINIMAL), "--out", str(tmp_path))
    assert code == 2 and err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("folder", ["specs", "docs"])
def test_refuses_to_write_into_the_sites_sources(folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec = copy_spec(tmp_path, MINIMAL)
    (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "scaffold", str(spec), "--out", f"{folder}/bank")
    assert code == 2 and err
    assert list((tmp_path / folder).iterdir()) == []


def test_invalid_spec_is_reported_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = load_minimal()
    data["tasks"][0]["weight"] = 10
    spec = write_yaml(tmp_path / "minimal.yaml", data)
    code, _, err = run(capsys, "scaffold", str(spec), "--out", str(tmp_path / "bank"))
    assert code == 1 and " weights-sum " in err
    assert not (tmp_path / "bank").exists()


def test_missing_spec_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scaffold", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "bank"))
    assert code == 2 and err and not (tmp_path / "bank").exists()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=80))
def test_any_practice_text_survives_the_yaml_boundary(text: str) -> None:
    document, problems = parse_yaml(snippet("point", PointPlan("A01", text, 3)), "snippet")
    assert document is not None and not problems
    assert document.data == [{"code": "A01", "text": text, "marks": 3}]
