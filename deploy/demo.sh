#!/usr/bin/env bash
# The main job in one command: installs dependencies, builds rilond and rilon, makes a throwaway
# federation PKI, and starts a local federation of three agencies on loopback — Australian
# Border Force (au.abf), Indonesian National Police (id.polri) and Malaysian Maritime Enforcement
# (my.mmea), each node a peer of the others. A liaison officer at au.abf submits a trend report
# addressed to id.polri with `rilon`; it shows up on an id.polri analyst's `rilon feed follow`,
# and my.mmea, outside the audience, never receives it.
# Safe to run twice (PKI and data are kept in demo-run/ and reused); every process it starts is
# stopped when it exits.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${RILON_DEMO_DIR:-$ROOT/demo-run}
BUILD=$ROOT/build
AGENCIES=(au.abf id.polri my.mmea)
TRUST_DOMAIN=rilon.example

step() { printf '\n==> %s\n' "$*"; }

step "Installing dependencies (Debian packages)"
bash "$ROOT/deploy/install-deps.sh"

step "Building rilond and rilon"
bash "$ROOT/deploy/build.sh" "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -- rilond rilon
RILOND="$BUILD/rilond"
RILON="$BUILD/rilon"

step "Making the federation PKI in $RUN/pki (kept between runs)"
mkdir -p "$RUN"
chmod 700 "$RUN"
PKI=$RUN/pki
bash "$ROOT/deploy/pki.sh" init --dir "$PKI" --trust-domain "$TRUST_DOMAIN"
for a in "${AGENCIES[@]}"; do bash "$ROOT/deploy/pki.sh" node --dir "$PKI" --agency "$a"; done
bash "$ROOT/deploy/pki.sh" officer --dir "$PKI" --agency au.abf --name jlee
bash "$ROOT/deploy/pki.sh" analyst --dir "$PKI" --agency id.polri --name sari
bash "$ROOT/deploy/pki.sh" analyst --dir "$PKI" --agency my.mmea --name lim

# A loopback port nobody listens on (peers need fixed addresses, so port 0 will not do).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
declare -A PORT PID
for a in "${AGENCIES[@]}"; do PORT[$a]=$(free_port); done

cleanup() {
  for a in "${AGENCIES[@]}"; do
    local pid=${PID[$a]:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      echo "==> rilond for $a (pid $pid) stopped"
    fi
  done
}
trap cleanup EXIT

write_node_config() {  # agency
  local a=$1 dir=$PKI/agencies/$1
  {
    echo "agency_id: \"$a\""
    echo "trust_domain: \"$TRUST_DOMAIN\""
    echo "listen_address: \"127.0.0.1:${PORT[$a]}\""
    echo "tls { ca_file: \"$PKI/ca/ca.crt\" cert_file: \"$dir/node/node.crt\" key_file: \"$dir/node/node.key\" }"
    echo "signing { cert_file: \"$dir/signing/signing.crt\" key_file: \"$dir/signing/signing.key\" }"
    echo "storage { data_dir: \"$RUN/$a/data\" }"
    echo "federation {"
    for peer in "${AGENCIES[@]}"; do
      [ "$peer" = "$a" ] && continue
      echo "  peers { agency_id: \"$peer\" address: \"127.0.0.1:${PORT[$peer]}\" }"
    done
    echo "  retry_initial_ms: 200"
    echo "  retry_max_ms: 2000"
    echo "}"
  } >"$RUN/$a/rilond.textproto"
}

start_node() {  # agency
  local a=$1
  mkdir -p "$RUN/$a"
  chmod 700 "$RUN/$a"
  write_node_config "$a"
  "$RILOND" --check-config "$RUN/$a/rilond.textproto" >/dev/null
  rm -f "$RUN/$a/ready"
  "$RILOND" --config "$RUN/$a/rilond.textproto" >"$RUN/$a/ready" 2>"$RUN/$a/rilond.log" &
  PID[$a]=$!
}

wait_ready() {  # agency
  local a=$1
  for _ in $(seq 1 300); do
    grep -q '^rilond ready' "$RUN/$a/ready" 2>/dev/null && {
      echo "rilond for $a is ready on 127.0.0.1:${PORT[$a]} (log: $RUN/$a/rilond.log)"
      return
    }
    kill -0 "${PID[$a]}" 2>/dev/null || { echo "rilond for $a failed to start:"; cat "$RUN/$a/rilond.log"; exit 1; }
    sleep 0.1
  done
  echo "rilond for $a did not become ready:"; cat "$RUN/$a/rilond.log"; exit 1
}

step "Starting three federated nodes on loopback: ${AGENCIES[*]}"
for a in "${AGENCIES[@]}"; do start_node "$a"; done
for a in "${AGENCIES[@]}"; do wait_ready "$a"; done

client_config() {  # agency role name -> path of a client settings file
  local a=$1 role=$2 name=$3 path=$RUN/$1/$3.textproto
  cat >"$path" <<CONF
endpoint: "127.0.0.1:${PORT[$a]}"
ca_file: "$PKI/ca/ca.crt"
cert_file: "$PKI/agencies/$a/$role/$name.crt"
key_file: "$PKI/agencies/$a/$role/$name.key"
CONF
  echo "$path"
}
OFFICER=$(client_config au.abf officer jlee)
ANALYST_ID=$(client_config id.polri analyst sari)
ANALYST_MY=$(client_config my.mmea analyst lim)

step "id.polri's node (as analyst sari)"
"$RILON" --config "$ANALYST_ID" node status
HEAD=$("$RILON" --config "$ANALYST_ID" --json node status | sed -n 's/.*"headCursor": *"\([0-9]*\)".*/\1/p')

step "Analyst sari at id.polri follows her node's feed (waiting for one new record)"
"$RILON" --config "$ANALYST_ID" --timeout 60s feed follow --from "${HEAD:-0}" --limit 1 \
  >"$RUN/feed.out" 2>"$RUN/feed.err" &
FEED_PID=$!

step "Liaison officer jlee at au.abf submits a trend report for id.polri (deploy/examples/trend-report.json)"
SUBMIT=$("$RILON" --config "$OFFICER" report submit "$ROOT/deploy/examples/trend-report.json")
echo "$SUBMIT"
ID=$(echo "$SUBMIT" | sed -n 's/^Accepted: \([0-9a-f]\{64\}\).*/\1/p')

wait "$FEED_PID" || { echo "the feed did not show the record:"; cat "$RUN/feed.err"; exit 1; }
step "What sari's feed at id.polri showed (replicated from au.abf, signature verified)"
cat "$RUN/feed.out"
"$RILON" --config "$ANALYST_ID" report get "$ID"

step "my.mmea is not in the report's audience, so its node never received it"
if "$RILON" --config "$ANALYST_MY" report get "$ID" 2>"$RUN/my.err"; then
  echo "unexpected: my.mmea holds the record"; exit 1
fi
cat "$RUN/my.err"

echo
echo "Demo complete. Run it again to add another report; data is kept in $RUN."
