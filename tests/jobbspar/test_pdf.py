"""Every PDF extends templates/pdf/base.html and gets the one print stylesheet from the static
files on disk (jobbspar/pdf.py): never over the network, and a link to anything else stops the
rendering with an ordinary error rather than a document without its styles."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from jobbspar.pdf import PdfResourceError, render_pdf


def _document(kind: str) -> str:
    html = render_to_string("pdf/base.html")
    return html.replace('<body class="">', f'<body class="{kind}"><h1>Intyg</h1>')


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.parametrize("base_url", ["http://testserver/", None])
def test_the_print_stylesheet_is_read_from_the_static_files(base_url):
    # Page numbers come only from static/css/print.css; the certificate's named page has none.
    assert "1 / 1" in _text(render_pdf(_document("report"), base_url=base_url))
    assert "1 / 1" not in _text(render_pdf(_document("certificate"), base_url=base_url))


@pytest.mark.parametrize(
    "href", ["http://example.com/print.css", "file:///etc/passwd", "/static/css/missing.css"]
)
def test_a_pdf_loads_nothing_but_the_sites_static_files(href):
    with pytest.raises(PdfResourceError):
        render_pdf(f'<link rel="stylesheet" href="{href}"><p>x</p>', base_url="http://testserver/")
