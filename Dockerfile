# The production image: one image for web (ASGI), worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --compile-bytecode
COPY . .
ENV PATH=/opt/venv/bin:$PATH DJANGO_SETTINGS_MODULE=core.settings
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput
# /app/media exists in the image so the `media` volume starts owned by the app's user.
RUN mkdir -p /app/media && useradd --create-home tsunagu && chown -R tsunagu /app
USER tsunagu
EXPOSE 8000
ENV HOST=0.0.0.0 PORT=8000 MEDIA_ROOT=/app/media
CMD ["bin/serve"]
