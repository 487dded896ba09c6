# One image for the web server, the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 portal
# pg_dump and pg_restore for `manage.py backup` and `restore` (the same major version as the database);
# Pango and HarfBuzz lay out and shape the PDFs (WeasyPrint); the font itself is the portal's own Vazirmatn.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY revival_portal ./revival_portal
COPY mines ./mines
COPY financing ./financing
COPY equipment ./equipment
RUN pip install -e .

COPY . .
# Static files are collected into the image and served by whitenoise; the key only satisfies the settings.
RUN DJANGO_SETTINGS_MODULE=revival_portal.settings.production \
    SECRET_KEY=collectstatic-only-not-a-secret-000000000000000000000000 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/private_media /app/backups && chown -R portal:portal /app/private_media /app/backups

USER portal
EXPOSE 8000
CMD ["gunicorn", "revival_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
