# Jatify: one image for the web, worker and release processes.
#   docker build -t jatify .
#   docker run -e DATABASE_URL=... -e JWT_SECRET_KEY=... -p 8000:8000 jatify        (web)
#   docker run -e DATABASE_URL=... -e JWT_SECRET_KEY=... jatify python worker.py    (worker)
#   docker run -e DATABASE_URL=... -e JWT_SECRET_KEY=... jatify flask --app wsgi db upgrade
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

RUN useradd --create-home --uid 10001 jatify
COPY --chown=jatify:jatify . .
USER jatify

EXPOSE 8000
# gunicorn.conf.py binds $PORT and runs $WEB_CONCURRENCY workers (default 2).
CMD ["gunicorn", "wsgi:app"]
