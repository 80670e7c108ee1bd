# mlpath: one image for every `mlpath run …` process (docs/deploy.md).
# Build stage: install mlpath (with its content and migrations) into a virtualenv.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY cogs ./cogs
COPY content ./content
COPY migrations ./migrations
RUN python -m venv /opt/mlpath && /opt/mlpath/bin/pip install --no-cache-dir .

# Runtime stage: the virtualenv only, run as an unprivileged user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 mlpath && mkdir /data && chown mlpath /data
COPY --from=build /opt/mlpath /opt/mlpath
COPY deploy/entrypoint.sh /usr/local/bin/mlpath-entrypoint
ENV PATH="/opt/mlpath/bin:$PATH" \
    MLPATH_DATABASE_URL="sqlite+aiosqlite:////data/mlpath.db" \
    MLPATH_OPS_HOST="0.0.0.0" \
    MLPATH_OPS_PORT="9108" \
    MLPATH_MIGRATE_ON_START="0"
USER mlpath
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9108
# Ready: the database answers, the platform connections are up and the scheduler runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9108/readyz', timeout=4)"
ENTRYPOINT ["mlpath-entrypoint"]
CMD ["run", "all"]
