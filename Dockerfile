FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY api ./api
COPY bot ./bot
COPY sakip ./sakip
COPY migrations ./migrations
COPY data ./data
# editable: the project root (/app) stays the root, so data/banten (the demo) and var/ are found
RUN pip install -e .
ENV SAKIP_HOST=0.0.0.0 SAKIP_PORT=8000 SAKIP_DATA_DIR=/app/var
EXPOSE 8000
# migrations run on start; the demo loads only into an empty database
CMD ["sh", "-c", "sakip db upgrade && sakip demo --jika-kosong && sakip run"]
