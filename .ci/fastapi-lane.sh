#!/usr/bin/env bash
# The contract against a real FastAPI server: test/fastapi/app.py, written from the reference
# pages, on FastAPI 0.92 / Pydantic 1.10 with email-validator as Debian ships them (the releases
# the API's facts were measured on). Installs those three packages from Debian when the system
# Python lacks them, then runs test/fastapi under that Python.
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3
packages=(python3-fastapi python3-uvicorn python3-email-validator)
if ! "$python" -c "import fastapi, uvicorn, email_validator" 2>/dev/null; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null ||
    { "${as_root[@]}" apt-get update -q >/dev/null && "${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null; }
fi
echo "fastapi lane: $("$python" -c 'import fastapi, pydantic; print(f"FastAPI {fastapi.__version__}, Pydantic {pydantic.VERSION}")')"
FASTAPI_PYTHON="$python" node node_modules/vitest/vitest.mjs run
