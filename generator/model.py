"""The model: a typed, immutable view of the specs and the catalogue.

Built only from files that passed validation. Renderers read the model and
nothing else, so the site, the Word files and the data cannot disagree.
Paths in the model (``url``, ``docx_url``) are relative to the site root.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .occupations import major_group
from .rules import catalogue as rule_catalogue
from .schemas import enum_titles, load_schemas

STATUS_ORDER = ("draft", "review", "filed", "pilot", "current", "retired")
DATE_ORDER = ("effective", "published", "filed", "pilot_start", "submitted", "drafted")


def status_titles() -> dict[str, str]:
    return enum_titles("properties", "status")


def equipment_kind_titles() -> dict[str, str]:
    return enum_titles("$defs", "EquipmentItem", "properties", "kind")


def list_level_titles() -> dict[str, str]:
    node = load_schemas()["list.schema.json"]["properties"]["level"]
    return dict(node["x-enum-titles"])


def requirement_titles() -> dict[str, str]:
    props = load_schemas()["spec.schema.json"]["$defs"]["Requirements"]["properties"]
    return {key: prop["title"] for key, prop in props.items()}


def date_titles() -> dict[str, str]:
    props = load_schemas()["spec.schema.json"]["$defs"]["Dates"]["properties"]
    return {key: prop["title"] for key, prop in props.items()}


@dataclass(frozen=True)
class Occupation:
    name: str
    code: str | None = None
    edition: int | None = None

    @property
    def major(self) -> str | None:
        """The 大类 of the 职业分类大典, from the first digit of the code."""
        return major_group(self.code)

    @property
    def label(self) -> str:
        """As printed in the table header: code and name, e.g. 4-03-02-02 中式面点师."""
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class Task:
    title: str
    weight: int
    practices: tuple[str, ...]
    knowledge: tuple[str, ...]

    @property
    def rows(self) -> int:
        """Rows the task spans in the 考核内容 table."""
        return max(len(self.practices), len(self.knowledge), 1)


@dataclass(frozen=True)
class EquipmentItem:
    kind: str
    name: str
    spec: str | None = None
    quantity: int | None = None
    unit: str | None = None
    note: str | None = None

    @property
    def kind_title(self) -> str:
        return equipment_kind_titles()[self.kind]


@dataclass(frozen=True)
class Assessors:
    minimum: int
    text: str


@dataclass(frozen=True)
class Method:
    text: str
    minutes: int | None = None


@dataclass(frozen=True)
class Scoring:
    full_marks: int
    pass_mark: int

    @property
    def text(self) -> str:
        if self.full_marks == 100:
            return f"实际操作考核实行百分制，{self.pass_mark}分以上（含{self.pass_mark}分）为合格。"
        return f"实际操作考核满分为{self.full_marks}分，{self.pass_mark}分以上（含{self.pass_mark}分）为合格。"


@dataclass(frozen=True)
class Venue:
    text: str
    equipment: tuple[EquipmentItem, ...] = ()


@dataclass(frozen=True)
class RequirementPart:
    """One numbered part of 考核要求 as printed: （一）申报条件 …"""

    key: str
    title: str
    texts: tuple[str, ...]
    equipment: tuple[EquipmentItem, ...] = ()


@dataclass(frozen=True)
class Requirements:
    eligibility: str | None = None
    assessors: Assessors | None = None
    method: Method | None = None
    scoring: Scoring | None = None
    venue: Venue | None = None

    @property
    def parts(self) -> tuple[RequirementPart, ...]:
        """编写要求六 in its order; the scoring rule is printed with 考核方式与考核时间."""
        titles = requirement_titles()
        parts = []
        if self.eligibility:
            parts.append(RequirementPart("eligibility", titles["eligibility"], (self.eligibility,)))
        if self.assessors:
            parts.append(RequirementPart("assessors", titles["assessors"], (self.assessors.text,)))
        if self.method or self.scoring:
            texts = tuple(t.text for t in (self.method, self.scoring) if t)
            parts.append(RequirementPart("method", titles["method"], texts))
        if self.venue:
            parts.append(RequirementPart("venue", titles["venue"], (self.venue.text,), self.venue.equipment))
        return tuple(parts)

    @property
    def missing(self) -> tuple[str, ...]:
        """Titles of the parts of 考核要求 this text does not hold."""
        titles = requirement_titles()
        return tuple(titles[key] for key in titles if getattr(self, key) is None)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    completeness: str
    date: str | None = None
    note: str | None = None

    @property
    def completeness_title(self) -> str:
        return enum_titles("$defs", "Source", "properties", "completeness")[self.completeness]

    @property
    def partial(self) -> bool:
        """Only part of the official text was obtained: what is missing here
        was not captured, which is not the same as not written."""
        return self.completeness == "partial"


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str

    @property
    def title(self) -> str:
        return rule_catalogue()[self.rule].title


@dataclass(frozen=True)
class EntryRef:
    list: str
    number: str

    @property
    def entry_id(self) -> str:
        return entry_id(self.list, self.number)


@dataclass(frozen=True)
class Variant:
    name: str
    entry: EntryRef | None = None
    note: str | None = None
    equipment: tuple[EquipmentItem, ...] = ()


@dataclass(frozen=True)
class HistoryItem:
    version: str
    date: str
    changes: str


@dataclass(frozen=True)
class Spec:
    id: str
    name: str
    status: str
    version: str
    sample: bool
    definition: str
    audience: str
    tasks: tuple[Task, ...]
    requirements: Requirements
    source_file: str
    source: Source | None = None
    entry: EntryRef | None = None
    occupation: Occupation | None = None
    health_safety: bool = False
    variants: tuple[Variant, ...] = ()
    dates: Mapping[str, str] = field(default_factory=dict)
    replaced_by: str | None = None
    history: tuple[HistoryItem, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    @property
    def title(self) -> str:
        """The document title of the official template: ××专项职业能力考核规范."""
        return f"{self.name}专项职业能力考核规范"

    @property
    def status_title(self) -> str:
        return status_titles()[self.status]

    @property
    def date(self) -> tuple[str, str] | None:
        """The date that best identifies this text, with its title."""
        titles = date_titles()
        for key in DATE_ORDER:
            if key in self.dates:
                return titles[key], self.dates[key]
        return None

    @property
    def url(self) -> str:
        return f"specs/{self.id}/"

    @property
    def docx_url(self) -> str:
        return f"specs/{self.id}/{self.id}.docx"

    @property
    def form_url(self) -> str:
        return f"specs/{self.id}/{self.id}-kaodian.docx"

    @property
    def docx_download_name(self) -> str:
        """A Chinese file name for the browser's download attribute; never a path."""
        return f"{self.title}（{self.version}版）.docx"

    @property
    def form_download_name(self) -> str:
        return f"{self.name}专项职业能力考点设立申请表.docx"

    @property
    def missing_requirements_note(self) -> str | None:
        """Says which parts of 考核要求 this text lacks and why, in the words of
        its requirement-missing waiver: a transcription may lack a part because
        the original has none or because it was not captured; only the author
        knows which, and says so there."""
        missing = self.requirements.missing
        if not missing:
            return None
        reason = next((w.reason for w in self.waivers if w.rule == "requirement-missing"), None)
        note = f"本规范文本未载{'、'.join(missing)}。"
        return note + (f"说明：{reason}" if reason else "")

    @property
    def equipment(self) -> tuple[EquipmentItem, ...]:
        return self.requirements.venue.equipment if self.requirements.venue else ()

    @property
    def total_weight(self) -> int:
        return sum(t.weight for t in self.tasks)

    @cached_property
    def digest(self) -> str:
        """A hash of the content: equal digests render to equal files. The
        dataclass repr lists every field in order, recursively."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Batch:
    id: str
    title: str
    declared_count: int


@dataclass(frozen=True)
class ListDocument:
    number: str
    title: str
    authority: str
    annex: str
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    list: str
    number: str
    name: str
    printed: str | None = None
    batch: str | None = None
    parent: str | None = None
    waivers: tuple[Waiver, ...] = ()
    spec: str | None = None  # id of the full text, if there is one
    variant: int | None = None  # index in the spec's variants, for sub-items

    @property
    def parent_id(self) -> str | None:
        return entry_id(self.list, self.parent) if self.parent else None

    @property
    def has_full_text(self) -> bool:
        return self.spec is not None

    @property
    def url(self) -> str:
        if self.spec is None:
            return f"entries/{self.id}/"
        anchor = f"#variant-{self.variant + 1}" if self.variant is not None else ""
        return f"specs/{self.spec}/{anchor}"


@dataclass(frozen=True)
class CatalogueList:
    id: str
    title: str
    short_title: str
    level: str
    region: str
    authority: str
    document: ListDocument
    declared_count: int
    obtain: str | None = None
    batches: tuple[Batch, ...] = ()

    @property
    def url(self) -> str:
        return f"lists/{self.id}/"

    @property
    def level_title(self) -> str:
        return list_level_titles()[self.level]

    def batch(self, batch_id: str | None) -> Batch | None:
        return next((b for b in self.batches if b.id == batch_id), None)


VOLUME_SIZE = 100


@dataclass(frozen=True)
class Volume:
    list: str
    number: int  # 1-based
    of: int  # volumes of the list
    specs: tuple[Spec, ...]

    @property
    def url(self) -> str:
        return f"downloads/{self.list}.docx" if self.number == 1 else f"downloads/{self.list}-{self.number}.docx"


@dataclass(frozen=True)
class Catalogue:
    lists: tuple[CatalogueList, ...]  # national first, then provincial, then city
    entries: tuple[Entry, ...]  # list by list in that order, each in its printed order
    specs: tuple[Spec, ...]

    @cached_property
    def spec_by_id(self) -> dict[str, Spec]:
        return {s.id: s for s in self.specs}

    @cached_property
    def list_by_id(self) -> dict[str, CatalogueList]:
        return {lst.id: lst for lst in self.lists}

    @cached_property
    def entry_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    def entries_of(self, list_id: str) -> list[Entry]:
        return [e for e in self.entries if e.list == list_id]

    def entry_of(self, spec: Spec) -> Entry | None:
        return self.entry_by_id.get(spec.entry.entry_id) if spec.entry else None

    def specs_of(self, list_id: str) -> list[Spec]:
        """Full specs whose entry is in the list, in list order."""
        seen: set[str] = set()
        out = []
        for entry in self.entries_of(list_id):
            spec = self.spec_by_id.get(entry.spec) if entry.spec else None
            if spec is not None and entry.variant is None and spec.id not in seen:
                seen.add(spec.id)
                out.append(spec)
        return out

    def volumes(self, list_id: str) -> list[Volume]:
        """The compilation volumes (汇编) of a list: its full specs, VOLUME_SIZE
        to a volume (分册), like the official 《专项职业能力考核规范汇编》."""
        specs = self.specs_of(list_id)
        parts = [tuple(specs[i : i + VOLUME_SIZE]) for i in range(0, len(specs), VOLUME_SIZE)]
        return [Volume(list_id, number, len(parts), part) for number, part in enumerate(parts, 1)]

    @property
    def unlisted_specs(self) -> list[Spec]:
        return [s for s in self.specs if s.entry is None]


# --------------------------------------------------------------------------
# construction from validated data


def entry_id(list_id: str, number: str) -> str:
    """sc2020-national + 14(3) -> sc2020-national-14-3; Z7 -> z7."""
    slug = re.sub(r"[()]+", "-", number.lower()).strip("-")
    return f"{list_id}-{slug}"


def _items(data: Mapping[str, Any], key: str) -> tuple[EquipmentItem, ...]:
    return tuple(EquipmentItem(**item) for item in data.get(key) or ())


def _entry_ref(data: Mapping[str, Any] | None) -> EntryRef | None:
    return EntryRef(data["list"], data["number"]) if data else None


def spec_from_data(spec_id: str, data: Mapping[str, Any], source_file: str) -> Spec:
    req = data["requirements"]
    return Spec(
        id=spec_id,
        name=data["name"],
        status=data["status"],
        version=data["version"],
        sample=data["sample"],
        definition=data["definition"],
        audience=data["audience"],
        source_file=source_file,
        tasks=tuple(Task(t["title"], t["weight"], tuple(t["practices"]), tuple(t["knowledge"])) for t in data["tasks"]),
        requirements=Requirements(
            eligibility=req.get("eligibility"),
            assessors=Assessors(**req["assessors"]) if "assessors" in req else None,
            method=Method(**req["method"]) if "method" in req else None,
            scoring=Scoring(**req["scoring"]) if "scoring" in req else None,
            venue=Venue(req["venue"]["text"], _items(req["venue"], "equipment")) if "venue" in req else None,
        ),
        source=Source(**data["source"]) if "source" in data else None,
        entry=_entry_ref(data.get("entry")),
        occupation=Occupation(**data["occupation"]) if data.get("occupation") else None,
        health_safety=bool(data.get("health_safety", False)),
        variants=tuple(Variant(v["name"], _entry_ref(v.get("entry")), v.get("note"), _items(v, "equipment")) for v in data.get("variants") or ()),
        dates=dict(sorted((data.get("dates") or {}).items())),
        replaced_by=data.get("replaced_by"),
        history=tuple(HistoryItem(**h) for h in data.get("history") or ()),
        waivers=tuple(Waiver(w["rule"], w["reason"]) for w in data.get("waivers") or ()),
    )


def list_from_data(list_id: str, data: Mapping[str, Any]) -> tuple[CatalogueList, list[Entry]]:
    lst = CatalogueList(
        id=list_id,
        title=data["title"],
        short_title=data["short_title"],
        level=data["level"],
        region=data["region"],
        authority=data["authority"],
        document=ListDocument(**data["document"]),
        declared_count=data["declared_count"],
        obtain=data.get("obtain"),
        batches=tuple(Batch(**b) for b in data.get("batches") or ()),
    )
    entries = [
        Entry(
            id=entry_id(list_id, e["number"]),
            list=list_id,
            number=e["number"],
            name=e["name"],
            printed=e.get("printed"),
            batch=e.get("batch"),
            parent=e.get("parent"),
            waivers=tuple(Waiver(w["rule"], w["reason"]) for w in e.get("waivers") or ()),
        )
        for e in data["entries"]
    ]
    return lst, entries


def build_catalogue(lists: Iterable[tuple[str, Mapping[str, Any]]], specs: Iterable[Spec]) -> Catalogue:
    """Join lists and specs: each entry learns which full text it has."""
    level_rank = {"national": 0, "provincial": 1, "city": 2}
    parsed = [list_from_data(list_id, data) for list_id, data in lists]
    parsed.sort(key=lambda item: (level_rank[item[0].level], item[0].id))  # national lists first
    all_lists = [lst for lst, _ in parsed]
    all_entries = [entry for _, entries in parsed for entry in entries]
    specs = tuple(sorted(specs, key=lambda s: s.id))
    owner: dict[str, tuple[str, int | None]] = {}
    for spec in specs:
        if spec.entry:
            owner[spec.entry.entry_id] = (spec.id, None)
        for i, variant in enumerate(spec.variants):
            if variant.entry:
                owner[variant.entry.entry_id] = (spec.id, i)
    joined = tuple(Entry(**{**asdict_shallow(e), "spec": owner[e.id][0], "variant": owner[e.id][1]}) if e.id in owner else e for e in all_entries)
    return Catalogue(tuple(all_lists), joined, specs)


def asdict_shallow(obj: Any) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}
