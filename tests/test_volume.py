"""The compilation volume of each list (《专项职业能力考核规范汇编》, issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import model
from generator.model import Catalogue
from generator.output import OutputTree
from generator.render import volume
from generator.settings import Settings
from generator.wordml import build_date, chinese_date

from .wordtests import W, all_text, body_xml, build_project, open_docx, part


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        root, report = build_project(tmp_path_factory.mktemp("volume"))
    assert report.catalogue is not None
    return root / "docs" / "generated", report.catalogue


def volumes(built: tuple[Path, Catalogue]) -> list[tuple[object, list, bytes]]:
    generated, catalogue = built
    out = []
    for lst in catalogue.lists:
        specs = catalogue.specs_of(lst.id)
        path = generated / f"downloads/{lst.id}.docx"
        assert path.is_file() == bool(specs), lst.id
        if specs:
            out.append((lst, specs, path.read_bytes()))
    assert out
    return out


def test_volumes_hold_the_full_specs_of_a_list_in_list_order(built: tuple[Path, Catalogue]) -> None:
    _, catalogue = built
    for lst in catalogue.lists:
        expected = []
        for entry in catalogue.entries_of(lst.id):
            if entry.spec and entry.variant is None and entry.spec not in expected:
                expected.append(entry.spec)
        assert [s.id for v in catalogue.volumes(lst.id) for s in v.specs] == expected


def test_a_volume_per_list_with_full_specs(built: tuple[Path, Catalogue]) -> None:
    _, catalogue = built
    assert [v.url for v in catalogue.volumes("sc2020-national")] == ["downloads/sc2020-national.docx"]
    assert all(data for _, _, data in volumes(built))


def test_cover_names_list_document_authority_and_date(built: tuple[Path, Catalogue]) -> None:
    for lst, specs, data in volumes(built):
        text = all_text(data)
        cover = text[: text.index("目　录")]
        for expected in (
            "专项职业能力考核规范汇编",
            lst.title,
            lst.authority,
            lst.document.number,
            lst.document.annex,
            f"{chinese_date(build_date())}生成",  # from SOURCE_DATE_EPOCH or the last commit, never the clock
            f"收录规范：{len(specs)}项",
        ):
            assert expected in cover, (lst.id, expected)
        assert ("本汇编含示例文本" in cover) == any(s.sample for s in specs)


def test_table_of_contents_links_every_title_in_list_order(built: tuple[Path, Catalogue]) -> None:
    for lst, specs, data in volumes(built):
        body = body_xml(data)
        toc = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='TOC1']") is not None]
        assert ["".join(t.text for t in p.iter(f"{W}t")).rstrip("0123456789") for p in toc] == [s.title for s in specs]
        titles = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='DocTitle']") is not None]
        assert ["".join(t.text for t in p.iter(f"{W}t")) for p in titles] == [s.title for s in specs]
        for entry, title in zip(toc, titles, strict=True):
            anchor = entry.find(f"{W}hyperlink").get(f"{W}anchor")
            assert title.find(f"{W}bookmarkStart").get(f"{W}name") == anchor
            assert f" PAGEREF {anchor} \\h " in "".join(entry.itertext())
        # each spec starts on a new page; the first follows the section break
        assert [t.find(f"{W}pPr/{W}pageBreakBefore") is not None for t in titles] == [False] + [True] * (len(titles) - 1)
        assert b'<w:updateFields w:val="true"/>' in part(data, "word/settings.xml"), lst.id


def test_cover_and_contents_unnumbered_then_specs_from_page_one(built: tuple[Path, Catalogue]) -> None:
    for _, _, data in volumes(built):
        sections = list(body_xml(data).iter(f"{W}sectPr"))
        assert [s.find(f"{W}footerReference") is not None for s in sections] == [False, False, True]
        assert sections[-1].find(f"{W}pgNumType").get(f"{W}start") == "1"


def test_every_spec_is_complete_in_the_volume(built: tuple[Path, Catalogue]) -> None:
    for _, specs, data in volumes(built):
        text = all_text(data)
        for spec in specs:
            for piece in (spec.definition, *(t.title for t in spec.tasks), *(p for t in spec.tasks for p in t.practices)):
                assert piece in text, (spec.id, piece)
        assert open_docx(data).core_properties.category == "专项职业能力考核规范汇编"


def test_long_lists_are_split_into_numbered_volumes(built: tuple[Path, Catalogue], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, catalogue = built
    lst = max(catalogue.lists, key=lambda item: len(catalogue.specs_of(item.id)))
    specs = catalogue.specs_of(lst.id)
    assert len(specs) >= 3, "needs a list with three full specs"
    monkeypatch.setattr(model, "VOLUME_SIZE", 2)
    out = OutputTree(tmp_path)
    volume.render(catalogue, out, Settings(root=tmp_path))
    paths = {p for p in out.keys if p.startswith(f"downloads/{lst.id}")}
    assert paths == {f"downloads/{lst.id}.docx"} | {f"downloads/{lst.id}-{n}.docx" for n in range(2, (len(specs) + 1) // 2 + 1)}
    out.sync(processes=1)  # in this process: the patched volume size holds
    second = (tmp_path / f"downloads/{lst.id}-2.docx").read_bytes()
    text = all_text(second)
    assert "（第二分册）" in text and f"收录规范：第3—{min(4, len(specs))}项，共{len(specs)}项" in text
    assert specs[2].title in text and specs[0].definition not in text
