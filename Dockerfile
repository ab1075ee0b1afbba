# The Telegram bot with the bundled corpus baked in; mount your own at /corpus (QA_CORPUS).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    QA_CACHE_DIR=/cache

RUN useradd --create-home --uid 10001 qa \
    && mkdir -p /cache /data \
    && chown qa:qa /cache /data

WORKDIR /app
COPY pyproject.toml README.md LICENSE bot.py ./
COPY qabot ./qabot
COPY qa ./qa
COPY corpus ./corpus
# The project with its editor extra (web pages, Word, PDF, the /stats chart); its versions are
# bounded in pyproject.toml, which hadolint can't see.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[editor]" \
    && rm -rf /root/.cache

USER 10001
# Build the index once at image build time, so the first start is fast.
RUN qa index

VOLUME ["/cache", "/data"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=60s --retries=3 \
    CMD ["python", "bot.py", "--check"]
CMD ["python", "bot.py"]
