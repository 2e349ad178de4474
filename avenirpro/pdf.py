"""PDF documents from HTML templates (WeasyPrint). Only our own static files are read; nothing is fetched."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# Templates use {% static %} as usual: relative to this base, "/static/…" is served from the finders.
BASE_URL = "https://avenirpro.invalid/"


def _static_path(url: str) -> str | None:
    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    relative = url.removeprefix(prefix).split("?")[0]
    if ".." in Path(relative).parts:
        return None
    return finders.find(relative)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            chemin = _static_path(url)
            if chemin:
                return super().fetch(Path(chemin).as_uri(), headers)
            raise ValueError(f"Ressource refusée dans un PDF : {url}")

    return StaticOnlyFetcher()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=_fetcher(), base_url=BASE_URL).write_pdf()


def render_document(template_name: str, context: dict):
    """The laid-out WeasyPrint document (its ``pages`` can be joined with another's), for a long PDF
    rendered by parts with its progress shown."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_fetcher(), base_url=BASE_URL).render()


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # Django's helper: an ASCII filename quoted, anything else (« Œ », a quote) as RFC 6266 filename*.
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
