# The production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_ENV=production

# WeasyPrint: Pango and HarfBuzz's subsetter; fonts for Latin, Arabic and Ethiopic; gettext for
# the translations; Node.js and npm to fetch the front-end assets at build time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core gettext \
      nodejs npm curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > requirements.txt \
 && pip install -c constraints.txt -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# .dockerignore keeps secrets (.env), local data (db.sqlite3, media/) and local tools out.
COPY . .
# Build-time only secret: collectstatic and compilemessages need settings, not a real key.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py compilemessages --ignore=node_modules -v0 \
 && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0

RUN useradd --create-home --uid 1000 vvsite && mkdir -p /app/media && chown vvsite /app/media
USER vvsite

EXPOSE 8000
CMD ["gunicorn", "vvsite.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
