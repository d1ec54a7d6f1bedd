"""One renderer per output. Each takes the model and an output tree.

Renderers never read YAML, never validate and never import each other; the
registry below is the one place that lists them, in the order they run.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Catalogue
from ..output import OutputTree
from ..settings import Settings
from . import data, docx, forms, site, volume

Renderer = Callable[[Catalogue, OutputTree, Settings], None]

RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("site", site.render),
    ("data", data.render),
    ("docx", docx.render),
    ("volume", volume.render),
    ("forms", forms.render),
)
