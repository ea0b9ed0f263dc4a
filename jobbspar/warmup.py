"""A web worker's first request, done before it takes any: Django imports the URLconf (every
view, and what they import: openpyxl, the PDF and Excel writers), the cache and session
backends and each language's translations lazily, on the first request that needs them. That
cost ~0.5-0.7 s, paid by the first person each worker served after a deploy or a restart (and
it showed as the outliers of the benchmark's first Django scenario). `warm_up()` pays it when the
WSGI application is loaded, which gunicorn does in each worker before it accepts connections.

It reads nothing from the database (a worker still starts while PostgreSQL is down) and
leaves the thread's language as it found it.

Last, it freezes the heap it built (`gc.freeze()`): the ~180 000 objects of the loaded code live
as long as the worker, yet the garbage collector's oldest generation walked all of them every
fifty requests or so (~100 ms each time, ~2 ms per request on average in the benchmark's
profile); frozen, it walks only what requests leave behind.
"""

from __future__ import annotations

import gc

from django.conf import settings
from django.core.cache import caches
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import import_string

# The templates (and what they extend and include) that nearly every page draws.
TEMPLATES = ("base.html",)


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports the URLconf and every view module
    resolver.reverse_dict  # noqa: B018 - the URL patterns compiled for reverse() and {% url %}
    for alias in settings.CACHES:
        caches[alias]  # imports and builds the cache backend (the Redis client)
    import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    import_string(settings.SESSION_SERIALIZER)
    import_string(settings.MESSAGE_STORAGE)
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            # The context processors, imported on the first template drawn with a request.
            engine.engine.template_context_processors  # noqa: B018
    with translation.override(None):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("Participants")  # loads every app's catalogue for `code`
    for name in TEMPLATES:
        get_template(name)
    gc.collect()  # what starting up left as garbage goes now, not into the frozen heap
    gc.freeze()
