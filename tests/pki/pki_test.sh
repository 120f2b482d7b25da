#!/usr/bin/env bash
# End-to-end test of the operator PKI scripts (deploy/pki.sh, deploy/install-cert.sh) with the
# real openssl CLI: what they issue (SANs, key types, usages, modes), that reruns change nothing,
# that bad input is refused, and that install-cert never points DEST/current at a pair that
# would break TLS.
#
# Usage: pki_test.sh PROJECT_SOURCE_DIR
# Prints one line per failed check and a final "N passed, M failed"; exit status 1 on failure.
set -uo pipefail

SRC=${1:?usage: pki_test.sh PROJECT_SOURCE_DIR}
PKI=$SRC/deploy/pki.sh
INSTALL=$SRC/deploy/install-cert.sh
for script in "$PKI" "$INSTALL"; do
  [[ -f $script ]] || {
    echo "missing $script" >&2
    exit 1
  }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pki_test.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
LOG=$TMP/last.log
PASSED=0
FAILED=0

# ---------------------------------------------------------------------------------------------
# Check primitives

pass() { PASSED=$((PASSED + 1)); }

# fail DESC [log]: with "log", also shows the output of the last command run.
fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL: %s\n' "$1" >&2
  if [[ ${2:-} == log && -s $LOG ]]; then
    sed 's/^/    | /' "$LOG" >&2
  fi
}

# run CMD...: runs a command with its output in $LOG; returns its status.
run() {
  "$@" >"$LOG" 2>&1
}

# expect_ok DESC CMD...: the command succeeds.
expect_ok() {
  local desc=$1
  shift
  if run "$@"; then pass; else fail "$desc (exit $?)" log; fi
}

# expect_refused DESC PATTERN CMD...: the command fails and says something matching PATTERN
# (a bash glob), so that the refusal is for the reason under test.
expect_refused() {
  local desc=$1 pattern=$2
  shift 2
  if run "$@"; then
    fail "$desc: expected a refusal, got exit 0" log
  elif [[ $(<"$LOG") != *$pattern* ]]; then
    fail "$desc: refused, but the message does not mention '$pattern'" log
  else
    pass
  fi
}

# expect_true DESC CMD...: the predicate CMD holds (for predicates on the last command's
# output, that output is shown on failure).
expect_true() {
  local desc=$1
  shift
  if "$@"; then pass; else fail "$desc" log; fi
}

# log_has PATTERN: the last command's output matches the bash glob *PATTERN*.
log_has() { [[ $(<"$LOG") == *$1* ]]; }

# glob_match TEXT PATTERN: TEXT matches the bash glob PATTERN as a whole.
# shellcheck disable=SC2053  # matching against a glob is the point
glob_match() { [[ $1 == $2 ]]; }

# text_has TEXT PATTERN: TEXT matches the bash glob *PATTERN*.
text_has() { [[ $1 == *$2* ]]; }

# expect_eq DESC ACTUAL EXPECTED
expect_eq() {
  if [[ $2 == "$3" ]]; then pass; else fail "$1: got '$2', expected '$3'"; fi
}

# expect_ne DESC A B
expect_ne() {
  if [[ $2 != "$3" ]]; then pass; else fail "$1: both are '$2'"; fi
}

# ---------------------------------------------------------------------------------------------
# Inspection helpers

mode() { stat -c %a -- "$1" 2>/dev/null || echo missing; }

sha() { sha256sum -- "$1" 2>/dev/null | cut -d' ' -f1; }

# Hash of a key and a certificate together, to compare "before" and "after".
pair_sha() { echo "$(sha "$1")/$(sha "$2")"; }

# The value line(s) of one extension, whitespace-trimmed, with its "critical" marker:
# e.g. "critical|Digital Signature" or "|TLS Web Client Authentication"; "" when absent.
ext_value() {
  local text header value
  text=$(openssl x509 -in "$1" -noout -ext "$2" 2>/dev/null) || return 0
  [[ $text == *$'\n'* ]] || return 0
  header=${text%%$'\n'*}
  value=${text#*$'\n'}
  value=${value#"${value%%[![:space:]]*}"}
  if [[ $header == *critical* ]]; then echo "critical|$value"; else echo "|$value"; fi
}

san() { local v; v=$(ext_value "$1" subjectAltName); echo "${v#*|}"; }

verifies() {
  openssl verify -CAfile "$2" -no-CApath -no-CAstore -x509_strict "$1" >"$LOG" 2>&1
}

key_matches_cert() {
  [[ "$(openssl pkey -in "$1" -pubout 2>/dev/null)" == \
    "$(openssl x509 -in "$2" -pubkey -noout 2>/dev/null)" ]]
}

# SHA-256 of a certificate's DER (independent of its PEM formatting).
der_sha() { openssl x509 -in "$1" -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1; }

key_text() { openssl pkey -in "$1" -noout -text 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# pki.sh: help

P=$TMP/pki
TD=fed.test
AG=au.abf
A=$P/agencies/$AG
ID=spiffe://$TD/agency/$AG

expect_ok "pki.sh --help exits 0" bash "$PKI" --help
expect_true "pki.sh --help lists the subcommands" log_has "officer   issue"
for sub in init node officer analyst admin list; do
  expect_ok "pki.sh $sub --help exits 0" bash "$PKI" "$sub" --help
done
expect_refused "unknown subcommand" "unknown subcommand" bash "$PKI" frobnicate --dir "$P"

# ---------------------------------------------------------------------------------------------
# init

expect_refused "issuing before init" "run 'pki.sh init" bash "$PKI" node --dir "$TMP" --agency "$AG"
expect_ok "init creates the CA" bash "$PKI" init --dir "$P" --trust-domain "$TD"
expect_eq "ca.key mode" "$(mode "$P/ca/ca.key")" 600
expect_eq "ca.crt mode" "$(mode "$P/ca/ca.crt")" 644
expect_eq "ca dir mode" "$(mode "$P/ca")" 700
expect_eq "PKI dir mode" "$(mode "$P")" 700
expect_eq "trust domain recorded" "$(cat "$P/ca/trust-domain")" "$TD"
expect_true "CA database index.txt exists" test -f "$P/ca/index.txt"
expect_true "CA database serial exists" test -s "$P/ca/serial"
expect_eq "CA basicConstraints" "$(ext_value "$P/ca/ca.crt" basicConstraints)" "critical|CA:TRUE"
expect_eq "CA keyUsage" "$(ext_value "$P/ca/ca.crt" keyUsage)" "critical|Certificate Sign, CRL Sign"
expect_true "CA key is P-256" text_has "$(key_text "$P/ca/ca.key")" "ASN1 OID: prime256v1"
expect_ok "CA self-verifies" verifies "$P/ca/ca.crt" "$P/ca/ca.crt"

ca_before=$(pair_sha "$P/ca/ca.key" "$P/ca/ca.crt")
expect_ok "init rerun exits 0" bash "$PKI" init --dir "$P"
expect_eq "init rerun keeps the CA" "$(pair_sha "$P/ca/ca.key" "$P/ca/ca.crt")" "$ca_before"
expect_refused "init with another trust domain" "trust domain" \
  bash "$PKI" init --dir "$P" --trust-domain other.test
expect_refused "init --force" "never replaces" bash "$PKI" init --dir "$P" --force
expect_eq "refused inits keep the CA" "$(pair_sha "$P/ca/ca.key" "$P/ca/ca.crt")" "$ca_before"

# ---------------------------------------------------------------------------------------------
# node and signing identities

expect_ok "node issues" bash "$PKI" node --dir "$P" --agency "$AG" \
  --dns node1.abf.example --ip 10.1.2.3
NODE_KEY=$A/node/node.key NODE_CRT=$A/node/node.crt
SIGN_KEY=$A/signing/signing.key SIGN_CRT=$A/signing/signing.crt
expect_eq "node SANs" "$(san "$NODE_CRT")" \
  "URI:$ID/node, DNS:localhost, IP Address:127.0.0.1, DNS:node1.abf.example, IP Address:10.1.2.3"
expect_ok "node cert verifies against ca.crt" verifies "$NODE_CRT" "$P/ca/ca.crt"
expect_eq "node key mode" "$(mode "$NODE_KEY")" 600
expect_eq "node cert mode" "$(mode "$NODE_CRT")" 644
expect_eq "node dir mode" "$(mode "$A/node")" 700
expect_true "node key is P-256" text_has "$(key_text "$NODE_KEY")" "ASN1 OID: prime256v1"
expect_true "node key matches node cert" key_matches_cert "$NODE_KEY" "$NODE_CRT"
expect_eq "node EKU" "$(ext_value "$NODE_CRT" extendedKeyUsage)" \
  "|TLS Web Server Authentication, TLS Web Client Authentication"
expect_eq "node keyUsage" "$(ext_value "$NODE_CRT" keyUsage)" "critical|Digital Signature"
expect_eq "node basicConstraints" "$(ext_value "$NODE_CRT" basicConstraints)" "critical|CA:FALSE"

expect_true "signing key is Ed25519" text_has "$(key_text "$SIGN_KEY")" "ED25519 Private-Key"
expect_eq "signing SAN" "$(san "$SIGN_CRT")" "URI:$ID/signing"
expect_ok "signing cert verifies against ca.crt" verifies "$SIGN_CRT" "$P/ca/ca.crt"
expect_eq "signing key mode" "$(mode "$SIGN_KEY")" 600
expect_true "signing key matches signing cert" key_matches_cert "$SIGN_KEY" "$SIGN_CRT"
expect_eq "signing cert has no EKU" "$(ext_value "$SIGN_CRT" extendedKeyUsage)" ""
expect_eq "signing keyUsage" "$(ext_value "$SIGN_CRT" keyUsage)" "critical|Digital Signature"

# ---------------------------------------------------------------------------------------------
# people

for role in officer analyst admin; do
  name=p.$role-1
  expect_ok "$role issues" bash "$PKI" "$role" --dir "$P" --agency "$AG" --name "$name"
  key=$A/$role/$name.key crt=$A/$role/$name.crt
  expect_eq "$role SAN" "$(san "$crt")" "URI:$ID/$role/$name"
  expect_ok "$role cert verifies against ca.crt" verifies "$crt" "$P/ca/ca.crt"
  expect_eq "$role key mode" "$(mode "$key")" 600
  expect_eq "$role EKU" "$(ext_value "$crt" extendedKeyUsage)" "|TLS Web Client Authentication"
  expect_true "$role key matches its cert" key_matches_cert "$key" "$crt"
done
OFF_KEY=$A/officer/p.officer-1.key OFF_CRT=$A/officer/p.officer-1.crt

# ---------------------------------------------------------------------------------------------
# Reruns change nothing; --force reissues

node_before=$(pair_sha "$NODE_KEY" "$NODE_CRT")
sign_before=$(pair_sha "$SIGN_KEY" "$SIGN_CRT")
expect_ok "node rerun exits 0" bash "$PKI" node --dir "$P" --agency "$AG" --dns other.example
expect_true "node rerun says it kept the files" log_has "kept existing"
expect_eq "node rerun keeps node key+cert" "$(pair_sha "$NODE_KEY" "$NODE_CRT")" "$node_before"
expect_eq "node rerun keeps signing key+cert" "$(pair_sha "$SIGN_KEY" "$SIGN_CRT")" "$sign_before"
for role in officer analyst admin; do
  key=$A/$role/p.$role-1.key crt=$A/$role/p.$role-1.crt
  before=$(pair_sha "$key" "$crt")
  expect_ok "$role rerun exits 0" bash "$PKI" "$role" --dir "$P" --agency "$AG" --name "p.$role-1"
  expect_eq "$role rerun keeps key+cert" "$(pair_sha "$key" "$crt")" "$before"
done

off_before_key=$(sha "$OFF_KEY") off_before_crt=$(sha "$OFF_CRT")
expect_ok "officer --force" bash "$PKI" officer --dir "$P" --agency "$AG" --name p.officer-1 --force
expect_ne "officer --force changes the cert" "$(sha "$OFF_CRT")" "$off_before_crt"
expect_ne "officer --force changes the key" "$(sha "$OFF_KEY")" "$off_before_key"
expect_true "reissued officer key matches its cert" key_matches_cert "$OFF_KEY" "$OFF_CRT"
expect_ok "reissued officer cert verifies" verifies "$OFF_CRT" "$P/ca/ca.crt"
expect_eq "reissued officer key mode" "$(mode "$OFF_KEY")" 600

OLD_NODE_KEY=$TMP/old-node.key OLD_NODE_CRT=$TMP/old-node.crt
cp "$NODE_KEY" "$OLD_NODE_KEY" && cp "$NODE_CRT" "$OLD_NODE_CRT"
expect_ok "node --force" bash "$PKI" node --dir "$P" --agency "$AG" --force
expect_ne "node --force changes node key+cert" "$(pair_sha "$NODE_KEY" "$NODE_CRT")" "$node_before"
expect_ne "node --force changes signing key+cert" "$(pair_sha "$SIGN_KEY" "$SIGN_CRT")" \
  "$sign_before"
expect_eq "reissued node SANs follow the new options" "$(san "$NODE_CRT")" \
  "URI:$ID/node, DNS:localhost, IP Address:127.0.0.1"

expect_ok "list" bash "$PKI" list --dir "$P"
expect_true "list shows the superseded officer certificate" \
  log_has "revoked:superseded"*"$ID/officer/p.officer-1"

# A lost certificate is reissued for the existing key; a lost key is not papered over.
rm -- "$A/analyst/p.analyst-1.crt"
an_key=$(sha "$A/analyst/p.analyst-1.key")
expect_ok "missing cert is reissued" \
  bash "$PKI" analyst --dir "$P" --agency "$AG" --name p.analyst-1
expect_eq "existing key kept" "$(sha "$A/analyst/p.analyst-1.key")" "$an_key"
expect_true "reissued analyst cert is for the existing key" \
  key_matches_cert "$A/analyst/p.analyst-1.key" "$A/analyst/p.analyst-1.crt"
rm -- "$A/admin/p.admin-1.key"
adm_crt=$(sha "$A/admin/p.admin-1.crt")
expect_refused "cert without key" "is missing" \
  bash "$PKI" admin --dir "$P" --agency "$AG" --name p.admin-1
expect_eq "cert without key left alone" "$(sha "$A/admin/p.admin-1.crt")" "$adm_crt"

# ---------------------------------------------------------------------------------------------
# Bad input

for bad in AU.abf au au. .abf au_abf abc.def au.abf/x "au.ab f" au.$(printf 'a%.0s' {1..33}); do
  expect_refused "agency '$bad' refused" "invalid agency id" \
    bash "$PKI" officer --dir "$P" --agency "$bad" --name ok
done
for bad in J "a b" ../x a/b . .. "$(printf 'a%.0s' {1..65})" ""; do
  expect_refused "name '$bad' refused" "invalid name" \
    bash "$PKI" officer --dir "$P" --agency "$AG" --name "$bad"
done
expect_true "refused agencies leave no directory" \
  test ! -e "$P/agencies/AU.abf" -a ! -e "$P/agencies/au"
expect_refused "bad --dns" "invalid --dns" bash "$PKI" node --dir "$P" --agency nz.x --dns 'a,b'
expect_refused "bad --ip" "invalid --ip" bash "$PKI" node --dir "$P" --agency nz.x --ip 1.2.3.256
expect_refused "bad --days" "invalid --days" bash "$PKI" node --dir "$P" --agency nz.x --days 0
expect_refused "--days with --valid-from" "cannot be combined" bash "$PKI" officer --dir "$P" \
  --agency "$AG" --name x --days 3 --valid-from 20200101000000Z --valid-until 20210101000000Z
expect_refused "bad --valid-from" "invalid --valid-from" bash "$PKI" officer --dir "$P" \
  --agency "$AG" --name x --valid-from 2020-01-01 --valid-until 20210101000000Z
expect_refused "option of another subcommand" "does not apply" \
  bash "$PKI" officer --dir "$P" --agency "$AG" --name x --dns a.example
expect_refused "bad trust domain" "invalid trust domain" \
  bash "$PKI" init --dir "$TMP/bad-td" --trust-domain 'Bad_Domain'

expect_eq "no scratch dirs left in the PKI dir" "$(shopt -s dotglob && cd "$P" && echo *)" \
  "agencies ca"
expect_true "no lock left behind" test ! -e "$P/ca/.lock"

# ---------------------------------------------------------------------------------------------
# Explicit validity

EXP_KEY=$A/officer/expired.key EXP_CRT=$A/officer/expired.crt
expect_ok "expired officer issues" bash "$PKI" officer --dir "$P" --agency "$AG" --name expired \
  --valid-from 20200101000000Z --valid-until 20210101000000Z
if openssl x509 -in "$EXP_CRT" -noout -checkend 0 >"$LOG" 2>&1; then
  fail "checkend 0 reports the --valid-until 2021 certificate as expired"
else
  pass
fi
expect_eq "notBefore as requested" "$(openssl x509 -in "$EXP_CRT" -noout -startdate)" \
  "notBefore=Jan  1 00:00:00 2020 GMT"
expect_eq "notAfter as requested" "$(openssl x509 -in "$EXP_CRT" -noout -enddate)" \
  "notAfter=Jan  1 00:00:00 2021 GMT"
FUT_KEY=$A/officer/future.key FUT_CRT=$A/officer/future.crt
expect_ok "future officer issues" bash "$PKI" officer --dir "$P" --agency "$AG" --name future \
  --valid-from 20900101000000Z --valid-until 20910101000000Z
expect_ok "list" bash "$PKI" list --dir "$P"
expect_true "list shows the expired certificate as expired" log_has "expired "*"$ID/officer/expired"

# ---------------------------------------------------------------------------------------------
# install-cert

D=$TMP/dest
CA=$P/ca/ca.crt
current() { readlink -- "$D/current" 2>/dev/null || echo none; }
dest_entries() { (shopt -s dotglob && cd "$D" && echo *); }
releases() { local n=0 f; for f in "$D"/releases/*; do [[ -e $f ]] && n=$((n + 1)); done; echo $n; }

expect_ok "install-cert --help exits 0" bash "$INSTALL" --help
expect_ok "install a good node pair" bash "$INSTALL" --cert "$NODE_CRT" --key "$NODE_KEY" \
  --ca "$CA" --dest "$D" --expect-uri "$ID/node"
first=$(current)
expect_true "current is a symlink" test -L "$D/current"
node_der_sha=$(der_sha "$NODE_CRT")
expect_true "current -> releases/<UTC time>-<sha8>, got '$first'" \
  glob_match "$first" "releases/[0-9]*T[0-9]*Z-${node_der_sha:0:8}"
expect_eq "installed cert is the node cert" "$(der_sha "$D/current/cert.pem")" "$node_der_sha"
expect_eq "installed key is the node key" "$(sha "$D/current/key.pem")" "$(sha "$NODE_KEY")"
expect_eq "installed key mode" "$(mode "$D/current/key.pem")" 600
expect_eq "installed cert mode" "$(mode "$D/current/cert.pem")" 644
expect_eq "release dir mode" "$(mode "$D/$first")" 700

expect_ok "reinstalling the same pair succeeds" bash "$INSTALL" --cert "$NODE_CRT" \
  --key "$NODE_KEY" --ca "$CA" --dest "$D" --expect-uri "$ID/node"
expect_eq "reinstall leaves current" "$(current)" "$first"
expect_eq "reinstall adds no release" "$(releases)" 1

expect_refused "mismatched key" "does not belong" bash "$INSTALL" --cert "$NODE_CRT" \
  --key "$OFF_KEY" --ca "$CA" --dest "$D"
expect_eq "mismatched key leaves current" "$(current)" "$first"

Q=$TMP/other-pki
expect_ok "second, unrelated PKI: init" bash "$PKI" init --dir "$Q" --trust-domain "$TD"
expect_ok "second, unrelated PKI: node" bash "$PKI" node --dir "$Q" --agency "$AG"
expect_refused "cert from an unrelated PKI" "does not chain" bash "$INSTALL" \
  --cert "$Q/agencies/$AG/node/node.crt" --key "$Q/agencies/$AG/node/node.key" --ca "$CA" \
  --dest "$D" --expect-uri "$ID/node"
expect_eq "unrelated PKI leaves current" "$(current)" "$first"

expect_refused "expired cert" "expired" bash "$INSTALL" --cert "$EXP_CRT" --key "$EXP_KEY" \
  --ca "$CA" --dest "$D"
expect_eq "expired cert leaves current" "$(current)" "$first"
expect_refused "not yet valid cert" "not valid before" bash "$INSTALL" --cert "$FUT_CRT" \
  --key "$FUT_KEY" --ca "$CA" --dest "$D"
expect_eq "not yet valid cert leaves current" "$(current)" "$first"

expect_refused "wrong --expect-uri" "expected exactly" bash "$INSTALL" --cert "$OFF_CRT" \
  --key "$OFF_KEY" --ca "$CA" --dest "$D" --expect-uri "$ID/node"
expect_eq "wrong URI leaves current" "$(current)" "$first"

# A certificate of the right CA but without any SAN (made by hand, as an operator might).
make_cert_without_san() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=nosan \
    -keyout "$TMP/nosan.key" -out "$TMP/nosan.csr" &&
    openssl x509 -req -in "$TMP/nosan.csr" -CA "$CA" -CAkey "$P/ca/ca.key" \
      -CAserial "$TMP/nosan.srl" -CAcreateserial -days 1 -out "$TMP/nosan.crt"
}
expect_ok "hand-made cert without SAN" make_cert_without_san
expect_refused "cert without spiffe URI" "spiffe://" bash "$INSTALL" --cert "$TMP/nosan.crt" \
  --key "$TMP/nosan.key" --ca "$CA" --dest "$D"
expect_eq "no-URI cert leaves current" "$(current)" "$first"

cat "$NODE_CRT" "$NODE_KEY" >"$TMP/combined.pem"
expect_refused "cert file holding a private key" "exactly one PEM certificate" \
  bash "$INSTALL" --cert "$TMP/combined.pem" --key "$NODE_KEY" --ca "$CA" --dest "$D"
expect_eq "combined file leaves current" "$(current)" "$first"
expect_eq "refusals leave no staging, lock or release behind" "$(dest_entries)" "current releases"
expect_eq "refusals add no release" "$(releases)" 1

# A new pair, from a key copy that others could read: installed, and the copy is 0600.
cp "$OLD_NODE_KEY" "$TMP/loose.key" && chmod 0644 "$TMP/loose.key"
expect_ok "install the previous node pair" bash "$INSTALL" --cert "$OLD_NODE_CRT" \
  --key "$TMP/loose.key" --ca "$CA" --dest "$D" --expect-uri "$ID/node"
second=$(current)
expect_ne "a different pair moves current" "$second" "$first"
expect_eq "loose source key installed 0600" "$(mode "$D/current/key.pem")" 600
expect_eq "old release kept" "$(releases)" 2
expect_refused "install-cert without --dest" "--dest is required" bash "$INSTALL" \
  --cert "$NODE_CRT" --key "$NODE_KEY" --ca "$CA"

expect_ok "install the Ed25519 signing pair" bash "$INSTALL" --cert "$SIGN_CRT" \
  --key "$SIGN_KEY" --ca "$CA" --dest "$TMP/signing" --expect-uri "$ID/signing"
expect_eq "signing key installed 0600" "$(mode "$TMP/signing/current/key.pem")" 600

# ---------------------------------------------------------------------------------------------

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
