#!/usr/bin/env bash
# A real RILON federation on one machine: one rilond per agency on loopback, each the peer of all
# the others, with its own throwaway PKI (deploy/pki.sh). By default the six agencies of the Bali
# Process Maritime People Smuggling Response Group:
#   au.abf     Australian Border Force           my.mmea   Malaysian Maritime Enforcement Agency
#   bd.police  Bangladesh Police                 th.rtp    Royal Thai Police
#   id.polri   Indonesian National Police        tl.pntl   Policia Nacional de Timor-Leste
#
#   deploy/local-federation.sh start  --dir RUN_DIR [--bin BUILD_DIR] [--agencies a,b,...]
#   deploy/local-federation.sh stop   --dir RUN_DIR
#   deploy/local-federation.sh status --dir RUN_DIR
#   deploy/local-federation.sh client --dir RUN_DIR --agency A --role officer|analyst|admin --name N
#
# start   makes (or keeps) the PKI in RUN_DIR/pki, stops nodes a previous start left running,
#         gives every node a free loopback port (each node first binds port 0 alone and reports
#         the port it got), writes RUN_DIR/<agency>/rilond.textproto with the others as peers,
#         the response group mpsrg (every agency started) and the node's sharing policy
#         RUN_DIR/<agency>/policy.textproto (deploy/policy.example.textproto, docs/policy.md),
#         starts them all and waits until each is ready. Data in RUN_DIR/<agency>/data is kept,
#         so a second start resumes the same federation. If anything fails, every node this run
#         started is stopped again. RUN_DIR/federation.env lists AGENCIES and PORT_<agency>.
# stop    stops, by the PIDs recorded at start, every node that is still running (SIGTERM, then
#         SIGKILL after 10 s); a PID is signalled only while it is still that node's rilond.
# status  one line per agency: running or not, port, pid.
# client  issues the person's certificate (kept if it exists) and writes a settings file for
#         `rilon`; prints its path.
#
# Needs bash, coreutils, openssl and the built rilond (BUILD_DIR defaults to ./build). No
# terminal is needed (CI=true works); nothing is read from standard input.
set -euo pipefail
umask 077

readonly PROG=${0##*/}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly TRUST_DOMAIN=rilon.example
readonly DEFAULT_AGENCIES=au.abf,bd.police,id.polri,my.mmea,th.rtp,tl.pntl
readonly READY_TIMEOUT_S=60

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}
info() { printf '%s: %s\n' "$PROG" "$*"; }

usage() {
  sed -n '9,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

COMMAND=${1:-}
[[ -n $COMMAND ]] || {
  usage >&2
  exit 2
}
shift
RUN='' BIN=$ROOT/build AGENCY_LIST=$DEFAULT_AGENCIES ONE_AGENCY='' ROLE='' NAME=''
while (($#)); do
  (($# >= 2)) || die "option $1 needs a value"
  case $1 in
    --dir) RUN=$2 ;;
    --bin) BIN=$2 ;;
    --agencies) AGENCY_LIST=$2 ;;
    --agency) ONE_AGENCY=$2 ;;
    --role) ROLE=$2 ;;
    --name) NAME=$2 ;;
    *) die "unknown option $1 (see the top of $0)" ;;
  esac
  shift 2
done
[[ -n $RUN ]] || die "--dir RUN_DIR is required"
mkdir -p -- "$RUN"
RUN=$(cd -- "$RUN" && pwd -P)
readonly PKI=$RUN/pki
IFS=, read -r -a AGENCIES <<<"$AGENCY_LIST"
((${#AGENCIES[@]} >= 2)) || die "--agencies needs at least two agency ids"

pki() { bash "$ROOT/deploy/pki.sh" "$@" --dir "$PKI" >/dev/null; }

# True when PID is alive and is the rilond started with CONFIG (so that a recycled PID of some
# other process is never signalled).
is_our_node() {
  local pid=$1 config=$2 cmdline
  cmdline=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
  [[ $cmdline == *rilond* && $cmdline == *"$config"* ]]
}

stop_agency() {  # agency
  local a=$1 dir=$RUN/$1 pid
  [[ -f $dir/rilond.pid ]] || return 0
  pid=$(<"$dir/rilond.pid")
  if is_our_node "$pid" "$dir/rilond.textproto"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      is_our_node "$pid" "$dir/rilond.textproto" || break
      sleep 0.1
    done
    if is_our_node "$pid" "$dir/rilond.textproto"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    info "stopped rilond for $a (pid $pid)"
  fi
  rm -f -- "$dir/rilond.pid"
}

cmd_stop() {
  local a
  for a in "${AGENCIES[@]}"; do stop_agency "$a"; done
  if [[ -f $RUN/federation.env ]]; then
    # Agencies of an earlier start with another --agencies list.
    local listed
    listed=$(sed -n 's/^AGENCIES="\(.*\)"$/\1/p' "$RUN/federation.env")
    for a in $listed; do stop_agency "$a"; done
  fi
}

write_config() {  # agency port [peers as agency=port ...]
  local a=$1 port=$2 dir=$RUN/$1 certs=$PKI/agencies/$1
  shift 2
  {
    echo "agency_id: \"$a\""
    echo "trust_domain: \"$TRUST_DOMAIN\""
    echo "listen_address: \"127.0.0.1:$port\""
    echo "tls { ca_file: \"$PKI/ca/ca.crt\" cert_file: \"$certs/node/node.crt\"" \
      "key_file: \"$certs/node/node.key\" }"
    echo "signing { cert_file: \"$certs/signing/signing.crt\"" \
      "key_file: \"$certs/signing/signing.key\" }"
    echo "storage { data_dir: \"$dir/data\" }"
    echo "policy { file: \"$dir/policy.textproto\" }"
    echo "directory { group { id: \"mpsrg\" agencies: [$(printf '"%s", ' "${AGENCIES[@]}" |
      sed 's/, $//')] } }"
    if (($#)); then
      echo "federation {"
      local peer
      for peer in "$@"; do
        echo "  peers { agency_id: \"${peer%%=*}\" address: \"127.0.0.1:${peer#*=}\" }"
      done
      echo "  retry_initial_ms: 200"
      echo "  retry_max_ms: 2000"
      echo "}"
    fi
  } >"$dir/rilond.textproto"
}

# Each node's sharing policy: deploy/policy.example.textproto (written for au.abf, but its rules
# name only the group and its members, so every member can run it) with the agency in its header.
write_policy() {  # agency
  local a=$1
  sed "1s/of the au\.abf node (Australian Border Force)/of the $a node/" \
    "$ROOT/deploy/policy.example.textproto" >"$RUN/$a/policy.textproto"
}

# Starts the agency's rilond in the background and records its PID.
launch() {  # agency
  local a=$1 dir=$RUN/$1
  "$BIN/rilond" --check-config "$dir/rilond.textproto" >/dev/null ||
    die "the configuration of $a ($dir/rilond.textproto) is refused (message above)"
  : >"$dir/ready"
  "$BIN/rilond" --config "$dir/rilond.textproto" >"$dir/ready" 2>>"$dir/rilond.log" </dev/null &
  echo $! >"$dir/rilond.pid"
}

# Waits for "rilond ready ... port=N" and prints N.
wait_ready() {  # agency
  local a=$1 dir=$RUN/$1 pid line
  pid=$(<"$dir/rilond.pid")
  for _ in $(seq 1 $((READY_TIMEOUT_S * 10))); do
    line=$(grep -m1 '^rilond ready' "$dir/ready" 2>/dev/null || true)
    if [[ -n $line ]]; then
      echo "${line##*port=}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || {
      tail -n 20 "$dir/rilond.log" >&2
      die "rilond for $a exited during start-up (log: $dir/rilond.log)"
    }
    sleep 0.1
  done
  tail -n 20 "$dir/rilond.log" >&2
  die "rilond for $a did not become ready within ${READY_TIMEOUT_S}s (log: $dir/rilond.log)"
}

cmd_start() {
  [[ -x $BIN/rilond ]] ||
    die "$BIN/rilond not found: build it first (deploy/build.sh $BIN -- rilond rilon)" \
      "or pass --bin BUILD_DIR"
  command -v openssl >/dev/null || die "openssl is not installed"
  cmd_stop
  # From here on, a failure stops whatever this run started.
  trap 'status=$?; if ((status != 0)); then cmd_stop; fi' EXIT

  pki init --trust-domain "$TRUST_DOMAIN"
  local a
  for a in "${AGENCIES[@]}"; do pki node --agency "$a"; done

  declare -A PORT
  for a in "${AGENCIES[@]}"; do
    mkdir -p -- "$RUN/$a"
    write_policy "$a"
    write_config "$a" 0
    launch "$a"
  done
  for a in "${AGENCIES[@]}"; do
    PORT[$a]=$(wait_ready "$a")
    stop_agency "$a" >/dev/null
  done

  for a in "${AGENCIES[@]}"; do
    local peers=() p
    for p in "${AGENCIES[@]}"; do [[ $p == "$a" ]] || peers+=("$p=${PORT[$p]}"); done
    write_config "$a" "${PORT[$a]}" "${peers[@]}"
    launch "$a"
  done
  {
    echo "AGENCIES=\"${AGENCIES[*]}\""
    for a in "${AGENCIES[@]}"; do echo "PORT_${a//[.-]/_}=${PORT[$a]}"; done
  } >"$RUN/federation.env"
  for a in "${AGENCIES[@]}"; do
    wait_ready "$a" >/dev/null
    info "$a ready on 127.0.0.1:${PORT[$a]} (pid $(<"$RUN/$a/rilond.pid"), log $RUN/$a/rilond.log)"
  done
  trap - EXIT
}

cmd_status() {
  local a pid state port
  for a in "${AGENCIES[@]}"; do
    state=stopped pid=- port=-
    if [[ -f $RUN/$a/rilond.pid ]]; then
      pid=$(<"$RUN/$a/rilond.pid")
      is_our_node "$pid" "$RUN/$a/rilond.textproto" && state=running
    fi
    [[ -f $RUN/$a/rilond.textproto ]] &&
      port=$(sed -n 's/^listen_address: "127.0.0.1:\([0-9]*\)"$/\1/p' "$RUN/$a/rilond.textproto")
    printf '%-12s %-8s port %-6s pid %s\n' "$a" "$state" "$port" "$pid"
  done
}

cmd_client() {
  [[ -n $ONE_AGENCY && -n $ROLE && -n $NAME ]] || die "client needs --agency, --role and --name"
  [[ $ROLE == officer || $ROLE == analyst || $ROLE == admin ]] ||
    die "--role must be officer, analyst or admin"
  [[ -f $RUN/$ONE_AGENCY/rilond.textproto ]] ||
    die "no node for $ONE_AGENCY in $RUN: run '$PROG start --dir $RUN' first"
  pki "$ROLE" --agency "$ONE_AGENCY" --name "$NAME"
  local port path=$RUN/$ONE_AGENCY/$ROLE-$NAME.textproto
  port=$(sed -n 's/^listen_address: "127.0.0.1:\([0-9]*\)"$/\1/p' \
    "$RUN/$ONE_AGENCY/rilond.textproto")
  cat >"$path" <<CONF
endpoint: "127.0.0.1:$port"
ca_file: "$PKI/ca/ca.crt"
cert_file: "$PKI/agencies/$ONE_AGENCY/$ROLE/$NAME.crt"
key_file: "$PKI/agencies/$ONE_AGENCY/$ROLE/$NAME.key"
CONF
  echo "$path"
}

case $COMMAND in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  client) cmd_client ;;
  -h | --help | help) usage ;;
  *) die "unknown command '$COMMAND' (start, stop, status, client)" ;;
esac
