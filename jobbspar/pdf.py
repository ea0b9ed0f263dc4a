"""PDFs from HTML (WeasyPrint), tagged for accessibility: every PDF the app produces is
PDF/UA-1, so a screen reader gets headings, tables and reading order, and the document's
language and title (from <html lang> and <title>).

The documents extend templates/pdf/base.html, which links the one print stylesheet
(static/css/print.css). WeasyPrint reads it from the static files on disk: a PDF never fetches
anything over the network (not the site itself, which may not be reachable from the server,
nor an address that found its way into a document)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# Relative links need a base to resolve against when no request gave one (a task, a test);
# only the path of a link is read, so any base serves.
DEFAULT_BASE_URL = "file:///"


class PdfResourceError(RuntimeError):
    """A document links something that is not one of the site's static files, or is missing."""


def static_file(url: str) -> tuple[bytes, str]:
    """The content and media type of the site's static file at `url` (STATIC_URL/…); any other
    URL is refused."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"A PDF loads only the site's static files, not {url}")
    name = path.removeprefix(settings.STATIC_URL)
    # The source file (DEBUG, or no collectstatic), else the collected (hashed) one.
    found = finders.find(name) or staticfiles_storage.path(name)
    return Path(found).read_bytes(), mimetypes.guess_type(name)[0] or "application/octet-stream"


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    # Imported when a PDF is first made: WeasyPrint loads fonts and styles on import (about a
    # second), which every web and Celery process would otherwise pay at start. The fetcher
    # subclasses WeasyPrint's, so it is defined here too.
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            content, content_type = static_file(url)
            return URLFetcherResponse(url, content, headers={"Content-Type": content_type})

    try:
        # A refused or missing file stops the rendering rather than giving an unstyled document.
        fetcher = StaticFilesOnly(fail_on_errors=True)
        document = HTML(string=html, base_url=base_url or DEFAULT_BASE_URL, url_fetcher=fetcher)
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal error is a BaseException, which Django would not turn into a 500.
        raise PdfResourceError(str(error)) from error
