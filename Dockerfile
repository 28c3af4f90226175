# The MMER dashboard for a class server, built from this repository:
#
#   docker build -t mmer .
#   docker run -p 8866:8866 -e MMER_DATABASE_URL=postgresql+psycopg://mmer:secret@db-host/mmer mmer
#
# and, for a course on Kubernetes (deploy/jupyterhub/zero-to-jupyterhub-values.yaml), the students'
# image and the results service's, with JupyterHub's single-user server:
#
#   docker build --target course -t registry.example.edu/mmer-course:1 .
#
# Serve it behind an HTTPS reverse proxy: browsers give web pages the camera and microphone only
# on https:// (or localhost). The proxy must pass websockets and messages of up to 200 MiB, as
# voila.json does (a 45 s webcam answer is one message of ~14 MiB). See "A class server" in README.md.
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NUMBA_CACHE_DIR=/home/mmer/.cache/numba

# Pango and a font for WeasyPrint (the PDF report).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 mmer
WORKDIR /home/mmer/app

# What the dashboard needs and nothing else: the package, its widgets and models, the dashboard
# notebook and the server settings (no tests, training data or notebooks' outputs).
COPY --chown=mmer pyproject.toml README.md ./
COPY --chown=mmer mmer ./mmer
COPY --chown=mmer widgets ./widgets
COPY --chown=mmer models ./models
RUN pip install ".[app,postgres]"
COPY --chown=mmer voila.json jupyter_server_config.json ./
COPY --chown=mmer notebooks/dashboard.ipynb ./notebooks/dashboard.ipynb

USER mmer
# librosa's numba functions are compiled once here, not in the first student's wait.
RUN python -c "import numpy as np; from mmer.voice.encoder import describe; describe(np.zeros(16000, np.float32) + 0.01)"

# A student's server on a class hub: JupyterHub's single-user server opening on the dashboard
# (the chart's singleuser.cmd links it into the student's home, mounted at /home/jovyan).
FROM base AS course
USER root
RUN pip install ".[app,postgres,hub]" && mkdir -p /home/jovyan && chown mmer /home/jovyan
USER mmer
ENV HOME=/home/jovyan MMER_APP_DIR=/home/mmer/app
WORKDIR /home/jovyan
EXPOSE 8888
CMD ["jupyterhub-singleuser"]

# The single Voila server (the default target).
FROM base AS app
EXPOSE 8866
# Idle kernels (a student who closed the tab) are shut down after 10 minutes: each holds ~0.9 GiB.
CMD ["voila", "notebooks/dashboard.ipynb", "--port=8866", "--Voila.ip=0.0.0.0", "--no-browser", \
     "--MappingKernelManager.cull_idle_timeout=600", "--MappingKernelManager.cull_interval=60"]
