"""Renderer: site (to be written)."""

from __future__ import annotations

from ..model import Catalogue
from ..output import OutputTree
from ..settings import Settings


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    return None  # placeholder until the site renderer lands
