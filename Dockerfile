# briefbot in a container: slim Python, a non-root user, the knowledge folder and the databases
# in volumes. Build and run (README, "Deployment"):
#   docker build -t briefbot .
#   docker run -d --name briefbot --env-file .env \
#     -v briefbot-knowledge:/app/knowledge -v briefbot-data:/data briefbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MPLCONFIGDIR=/data/.matplotlib \
    KNOWLEDGE_DIR=/app/knowledge \
    BRIEFBOT_DB=/data/briefbot.db \
    KNOWLEDGE_INDEX=/data/knowledge-index.db \
    DRAFTS_DIR=/data/drafts \
    LOG_FORMAT=json

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && rm -rf /root/.cache

# The shipped knowledge seeds a new (empty) named volume on its first use.
COPY knowledge ./knowledge
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin briefbot \
    && mkdir -p /data \
    && chown -R briefbot:briefbot /data /app/knowledge
USER briefbot

VOLUME ["/app/knowledge", "/data"]
# The webhook server (WEBHOOK_URL set): Telegram's calls and GET /healthz.
EXPOSE 8443

# `briefbot doctor` exits 1 when a check fails (token, webhook, database, knowledge, scheduler).
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m --retries=2 CMD ["briefbot", "doctor"]

CMD ["briefbot", "run"]
