"""Renderer: one Word file per full spec, at spec.docx_url beside its page.

Each file is a job keyed by what it shows: the spec's content digest, the
titles it prints for the spec's codes, what it shows from the catalogue and
the site address (in SpecContext); with the code and SOURCE_DATE_EPOCH (see
wordml.job_key). Only specs whose file would change are rebuilt.
"""

from __future__ import annotations

from dataclasses import asdict

from ..model import Catalogue, Spec
from ..output import OutputTree
from ..settings import Settings
from ..wordml import Document, job_key
from ..wordml.spec import SAMPLE_HEADER, SpecContext, shown_titles, spec_context, spec_properties, write_spec


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    site_url = settings.site_url
    for spec in catalogue.specs:
        ctx = spec_context(catalogue, spec, site_url)
        key = job_key(spec.digest, shown_titles(spec), asdict(ctx), source=__file__)
        out.add_job(spec.docx_url, key, build_docx, spec, ctx)


def build_docx(spec: Spec, ctx: SpecContext) -> bytes:
    doc = Document(header=SAMPLE_HEADER if spec.sample else None)
    write_spec(doc, spec, ctx)
    return doc.docx(spec_properties(spec, ctx))
