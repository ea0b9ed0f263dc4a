# Production image for Jobbspår: gunicorn serves the app, whitenoise the static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# gettext compiles the Swedish catalogue; pango renders PDFs (WeasyPrint).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
# Build-time only values: collectstatic and compilemessages need settings to import.
RUN DEBUG=true python manage.py compilemessages --ignore=.venv \
 && DEBUG=false SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build@build/build \
    REDIS_URL=redis://build:6379/0 python manage.py collectstatic --no-input

RUN useradd --system --uid 10001 jobbspar
USER jobbspar
EXPOSE 8000
CMD ["gunicorn", "jobbspar.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
