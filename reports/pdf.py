"""Render report templates to PDF with WeasyPrint (HTML and CSS with inline SVG charts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def _no_fetch(url: str, *args, **kwargs):
    # Reports embed every image as a data URI, so nothing is ever fetched from a URL or the file system.
    raise ValueError(f"Reports load no external resources: {url[:60]}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes."""
    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
