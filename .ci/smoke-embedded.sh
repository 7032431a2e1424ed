#!/usr/bin/env bash
# `npm start` with no DATABASE_URL on an empty DATA_DIR: /health must answer "embedded" within 120 s.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# In its own process group, so that the service (a child of npm) is stopped with it.
env -u DATABASE_URL DATA_DIR="$dir/data" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn setsid npm start >"$dir/out.log" 2>&1 &
pid=$!
ok=""
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null); then ok="$body"; break; fi
  sleep 1
done
kill -TERM -- "-$pid" 2>/dev/null || true
# The service shuts down gracefully (workers finish the mail in flight); wait until it is gone.
for _ in $(seq 1 60); do
  kill -0 -- "-$pid" 2>/dev/null || break
  sleep 0.5
done
wait "$pid" 2>/dev/null || true
if [[ "$ok" != *'"database":"embedded"'* ]]; then
  echo "embedded start failed; output:"; cat "$dir/out.log"; rm -rf "$dir"; exit 1
fi
echo "embedded start healthy: $ok"
test -f "$dir/data/initial-credentials.json"
rm -rf "$dir"
