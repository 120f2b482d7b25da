#!/usr/bin/env bash
# The main job in one command: installs dependencies, builds rilond and rilon, makes a throwaway
# federation PKI, starts a node for the Australian Border Force (au.abf) on loopback, submits a
# sample trend report as a liaison officer with `rilon`, and shows it arriving on an analyst's
# `rilon feed follow`. Safe to run twice (the PKI and the node's data are kept in demo-run/ and
# reused); every process it starts is stopped when it exits.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${RILON_DEMO_DIR:-$ROOT/demo-run}
BUILD=$ROOT/build
AGENCY=au.abf

step() { printf '\n==> %s\n' "$*"; }

step "Installing dependencies (Debian packages)"
bash "$ROOT/deploy/install-deps.sh"

step "Building rilond and rilon"
bash "$ROOT/deploy/build.sh" "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -- rilond rilon

step "Making the demo PKI in $RUN/pki (kept between runs)"
mkdir -p "$RUN"
chmod 700 "$RUN"
PKI=$RUN/pki
bash "$ROOT/deploy/pki.sh" init --dir "$PKI" --trust-domain rilon.example
bash "$ROOT/deploy/pki.sh" node --dir "$PKI" --agency "$AGENCY"
bash "$ROOT/deploy/pki.sh" officer --dir "$PKI" --agency "$AGENCY" --name jlee
bash "$ROOT/deploy/pki.sh" analyst --dir "$PKI" --agency "$AGENCY" --name asmith

step "Starting rilond for $AGENCY on 127.0.0.1 (a free port)"
A=$PKI/agencies/$AGENCY
cat >"$RUN/rilond.textproto" <<CONF
agency_id: "$AGENCY"
trust_domain: "rilon.example"
listen_address: "127.0.0.1:0"
tls { ca_file: "$PKI/ca/ca.crt" cert_file: "$A/node/node.crt" key_file: "$A/node/node.key" }
signing { cert_file: "$A/signing/signing.crt" key_file: "$A/signing/signing.key" }
storage { data_dir: "$RUN/data" }
CONF
"$BUILD/rilond" --check-config "$RUN/rilond.textproto"
READY=$RUN/rilond.ready
rm -f "$READY"
"$BUILD/rilond" --config "$RUN/rilond.textproto" >"$READY" 2>"$RUN/rilond.log" &
NODE_PID=$!
cleanup() {
  if kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
    echo "==> rilond (pid $NODE_PID) stopped"
  fi
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q '^rilond ready' "$READY" 2>/dev/null && break
  kill -0 "$NODE_PID" 2>/dev/null || { echo "rilond failed to start:"; cat "$RUN/rilond.log"; exit 1; }
  sleep 0.1
done
PORT=$(sed -n 's/^rilond ready .*port=\([0-9]*\).*/\1/p' "$READY")
[ -n "$PORT" ] || { echo "rilond did not report ready:"; cat "$RUN/rilond.log"; exit 1; }
echo "rilond is ready on 127.0.0.1:$PORT (log: $RUN/rilond.log)"

client_config() {  # role name
  cat >"$RUN/$2.textproto" <<CONF
endpoint: "127.0.0.1:$PORT"
ca_file: "$PKI/ca/ca.crt"
cert_file: "$A/$1/$2.crt"
key_file: "$A/$1/$2.key"
CONF
  echo "$RUN/$2.textproto"
}
OFFICER=$(client_config officer jlee)
ANALYST=$(client_config analyst asmith)
RILON="$BUILD/rilon"

step "Node status (as analyst asmith)"
"$RILON" --config "$ANALYST" node status
HEAD=$("$RILON" --config "$ANALYST" --json node status | sed -n 's/.*"headCursor": *"\([0-9]*\)".*/\1/p')

step "An analyst follows the feed (waiting for one new record)"
"$RILON" --config "$ANALYST" feed follow --from "${HEAD:-0}" --limit 1 >"$RUN/feed.out" 2>"$RUN/feed.err" &
FEED_PID=$!

step "Liaison officer jlee submits a trend report (deploy/examples/trend-report.json)"
"$RILON" --config "$OFFICER" report submit "$ROOT/deploy/examples/trend-report.json"

wait "$FEED_PID"
step "What the analyst's feed showed"
cat "$RUN/feed.out"

step "Reports stored on this node"
"$RILON" --config "$ANALYST" report list

echo
echo "Demo complete. Run it again to add another report; data is kept in $RUN."
