#!/usr/bin/env bash
# The Node lines consumers run (22 and 24), beside the machine's: each from the npm registry,
# pinned in test/node-lanes/package-lock.json, and put first on PATH for its lane, so that the
# tests, the processes they start (the mock's engine, npm in the packed-consumer test) and the
# package all run on it. Each lane runs the suites a consumer meets: the client, the mock server,
# the in-process mock and the packed consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix test/node-lanes --no-audit --no-fund
for lane in 22 24; do
  bin="$PWD/test/node-lanes/node_modules/node$lane/bin"
  echo "node lane $lane: $("$bin/node" --version)"
  PATH="$bin:$PATH" EXPECT_NODE_MAJOR="$lane" node node_modules/vitest/vitest.mjs run \
    test/node-line.test.ts test/client test/mock test/msw test/release/packed-consumer.test.ts
done
