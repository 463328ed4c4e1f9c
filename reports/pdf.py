"""Render report templates to PDF with WeasyPrint (HTML and CSS with inline SVG charts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes.

    Templates embed every image as a data URI, so the fetcher allows data: only and never reads a file or the
    network, whatever a project name or caption contains.
    """
    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
