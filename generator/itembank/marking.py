"""How every printed file is marked: confidential, and a draft when it is one.

Papers are confidential until they are used (川人社职鉴〔2020〕5号 二（五）
试卷管理: 按照国家题库保密管理制度……确保试题安全). Every page carries the
marking of exam papers, 绝密★启用前, in its header; every file carries
CONFIDENTIAL-ITEMBANK in its core properties (keywords and category), which
is what the site build looks for (build.is_itembank_file) to refuse it.

A draft, printed from a bank that has not passed ``itembank check``, says so
in the header of every page and in a box at the top of every part.
"""

from __future__ import annotations

from ..validation import ITEMBANK_MARKER
from ..wordml import Document, Properties
from .paper import PaperSet

SECRET = "绝密★启用前"
HEADER = f"{SECRET}　　题库保密材料，不得复制、外传"
DRAFT = "草稿（未通过检查）"
DRAFT_HEADER = f"{DRAFT}　不得用于考核　　{SECRET}　保密材料"
DRAFT_DETAIL = "本文件由未通过 itembank check 的题库生成，仅供审阅，不得用于考核。"


def new_document(papers: PaperSet, *, landscape: bool = False) -> Document:
    return Document(header=DRAFT_HEADER if papers.draft else HEADER, landscape=landscape)


def draft_notice(doc: Document, papers: PaperSet) -> None:
    """The box at the top of each part of a draft."""
    if papers.draft:
        doc.notice(DRAFT, DRAFT_DETAIL)


def properties(papers: PaperSet, title: str, part: str) -> Properties:
    marker = ITEMBANK_MARKER.decode()
    keywords = [marker, "保密", SECRET, "操作技能考核", papers.spec_name, *([DRAFT] if papers.draft else [])]
    return Properties(
        title=title,
        subject=f"{papers.spec_name}专项职业能力操作技能考核",
        keywords="；".join(keywords),
        version=papers.version,
        category=f"{marker} 题库保密材料",
        identifier=f"{papers.spec_id}/{part}",
        description=f"题库保密材料（{SECRET}），不得公开。依据《{papers.spec_title}》（{papers.version}版）命制。",
        status=DRAFT if papers.draft else SECRET,
    )
