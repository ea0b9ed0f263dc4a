"""
WSGI config for jobbspar project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")

application = get_wsgi_application()

# What Django would do on each worker's first request, done before it takes one
# (jobbspar/warmup.py).
from jobbspar.warmup import warm_up  # noqa: E402 - needs the application's settings

warm_up()
