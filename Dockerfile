FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN useradd --system --home /app avenirpro \
 && SECRET_KEY=build-only AVENIRPRO_IGNORE_DOTENV=1 python manage.py collectstatic --noinput -v0 \
 && chown -R avenirpro /app/var
USER avenirpro
EXPOSE 8000
CMD ["gunicorn", "avenirpro.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
