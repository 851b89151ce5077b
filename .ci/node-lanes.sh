#!/usr/bin/env bash
# The Node lines consumers run (22 and 24), beside the machine's: each from the npm registry,
# pinned in test/node-lanes/package-lock.json, and put first on PATH for its lane, so that the
# tests, the processes they start (the mock's engine, npm in the packed-consumer test) and the
# package all run on it. Each lane runs the suites a consumer meets: the client, the mock server,
# the in-process mock and the packed consumer (which installs MSW 3 from Node 22.12 on). On
# Node 24 every suite runs against MSW 3 (also from test/node-lanes), the mock server's beside
# MSW 3's interceptors in one process; the main run and Node 22 use the repository's MSW 2.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix test/node-lanes --no-audit --no-fund
vitest() { node node_modules/vitest/vitest.mjs run "$@"; }
for lane in 22 24; do
  bin="$PWD/test/node-lanes/node_modules/node$lane/bin"
  echo "node lane $lane: $("$bin/node" --version)"
  suites=(test/node-line.test.ts test/client test/mock test/contract/contract-proxy.test.ts test/contract/contract-proxy-hostile.test.ts test/msw test/release/packed-consumer.test.ts)
  # The main run starts the mock 50 times in a row (test/mock/start-up.test.ts); a lane proves the same on its Node with fewer.
  if [ "$lane" = 24 ]; then
    PATH="$bin:$PATH" STARTUP_STARTS=10 EXPECT_NODE_MAJOR="$lane" MSW_FROM=./test/node-lanes EXPECT_MSW_MAJOR=3 vitest "${suites[@]}"
  else
    PATH="$bin:$PATH" STARTUP_STARTS=10 EXPECT_NODE_MAJOR="$lane" vitest "${suites[@]}"
  fi
done
