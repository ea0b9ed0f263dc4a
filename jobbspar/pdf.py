"""PDFs from HTML (WeasyPrint), tagged for accessibility: every PDF the app produces is
PDF/UA-1, so a screen reader gets headings, tables and reading order, and the document's
language and title (from <html lang> and <title>)."""

from __future__ import annotations


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    # Imported when a PDF is first made: WeasyPrint loads fonts and styles on import (about a
    # second), which every web and Celery process would otherwise pay at start.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
