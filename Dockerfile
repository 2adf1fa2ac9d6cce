# lossviz as a service: Streamlit on port 8501, CPU PyTorch by default.
#
#   docker build -t lossviz .
#   docker run -d -p 8501:8501 lossviz
#
# TORCH_INDEX is the package index torch comes from: PyTorch's CPU index by default, so the image
# holds no CUDA packages. For a CUDA build, name a CUDA index, e.g.
#   docker build --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128 -t lossviz:cuda .
# Runtime settings (docs/hosting.md): STREAMLIT_SERVER_PORT, STREAMLIT_SERVER_BASE_URL_PATH,
# LOSSVIZ_DEFAULT_LANG, LOSSVIZ_DEVICE.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_SERVER_PORT=8501

# torch first, in a layer of its own: a change to the code or to the other requirements does not
# reinstall it. Only torch comes from TORCH_INDEX (its dependencies come with the requirements).
# Left out, in the same layer: torch's C++ tests, test programs and headers (there is no compiler).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN python -m pip install --no-deps --index-url "$TORCH_INDEX" "torch==2.13.0" \
 && cd "$(python -c "import importlib.util as u; print(u.find_spec('torch').submodule_search_locations[0])")" \
 && rm -rf test include bin/test_* bin/*Test bin/protoc* bin/*.pt bin/*.ptl

# The pinned requirements; the packages' own test suites are left out.
COPY requirements.txt /app/requirements.txt
RUN python -m pip install -r /app/requirements.txt \
 && find "$(python -c "import importlib.util as u, os; print(os.path.dirname(u.find_spec('numpy').origin))")/.." \
      -type d -name tests -prune -exec rm -rf {} +

RUN useradd --create-home --uid 10001 --user-group lossviz
WORKDIR /app
COPY .streamlit/ /app/.streamlit/
COPY app.py serve.py /app/
COPY pages/ /app/pages/
COPY lossviz/ /app/lossviz/

USER lossviz
EXPOSE 8501
# Healthy once Streamlit answers on its health endpoint, under the base URL path if one is set.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD python -c "import os, urllib.request; base = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); port = os.environ.get('STREAMLIT_SERVER_PORT', '8501'); urllib.request.urlopen(f'http://127.0.0.1:{port}/' + (base + '/' if base else '') + '_stcore/health', timeout=4)"
# serve.py is `streamlit run app.py` that imports what the pages import (torch above all) as
# soon as the server answers, so the first visitor does not wait for it (docs/performance.md).
CMD ["python", "serve.py"]
