#!/usr/bin/env bash
# Installs a certificate and its key for rilond, refusing anything that would break TLS.
#
# Why: gRPC 1.51 loads a key/certificate pair without checking that they belong together and
# then fails every handshake, a total outage (STACK-NOTES trap #4). This script is the guard:
# every check runs on the exact bytes that will be installed, and only when all pass does
# DEST/current switch to them, with one atomic rename of a symlink. On any failure DEST/current
# is left as it was.
#
# Layout: DEST/releases/<UTC timestamp>-<first 8 hex of the certificate's SHA-256>/{cert,key}.pem
# (dir 0700, cert 0644, key 0600) and DEST/current -> releases/<that name>. rilond reads
# DEST/current/cert.pem and DEST/current/key.pem. Old releases stay for rollback.
# Only bash, coreutils and the openssl CLI (3.0) are used.
set -euo pipefail
umask 077

readonly PROG=${0##*/}

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

info() { printf '%s: %s\n' "$PROG" "$*"; }

warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }

usage() {
  cat <<EOF
Usage: $PROG --cert CERT --key KEY --ca CA --dest DIR [--expect-uri URI]

Checks a certificate and key and, only if every check passes, installs them as DIR/current
(the directory rilond reads cert.pem and key.pem from). Checks:
  1. the key belongs to the certificate
  2. the certificate chains to a root in CA (no partial chains, no system trust store)
  3. the certificate is valid now (not expired, not before its notBefore)
  4. its URI SAN is exactly URI (--expect-uri), or else it has exactly one spiffe:// URI SAN
  5. the installed key has mode 0600
On failure nothing under DIR/current changes and the exit status is non-zero. Installing the
pair that is already current does nothing and succeeds.

Run as the user rilond runs as: the installed key is readable by its owner only.
To roll back: ln -s releases/<older> DIR/.current.tmp && mv -T DIR/.current.tmp DIR/current

  --cert CERT        PEM file with the certificate alone (leaf only; the root goes in CA)
  --key KEY          PEM file with its unencrypted private key
  --ca CA            PEM file with the federation root certificate(s)
  --dest DIR         install directory, created if missing
  --expect-uri URI   required URI SAN, e.g. spiffe://rilon.example/agency/au.abf/node
EOF
}

# ---------------------------------------------------------------------------------------------
# Options

CERT='' KEY='' CA='' DEST='' EXPECT_URI=''

parse_options() {
  (($#)) || {
    usage >&2
    exit 2
  }
  while (($#)); do
    case $1 in
      -h | --help)
        usage
        exit 0
        ;;
      --cert | --key | --ca | --dest | --expect-uri)
        (($# >= 2)) || die "option $1 needs a value (see $PROG --help)"
        ;;
      *) die "unknown argument '$1' (see $PROG --help)" ;;
    esac
    case $1 in
      --cert) CERT=$2 ;;
      --key) KEY=$2 ;;
      --ca) CA=$2 ;;
      --dest) DEST=$2 ;;
      --expect-uri) EXPECT_URI=$2 ;;
    esac
    shift 2
  done
  local opt
  for opt in CERT KEY CA DEST; do
    [[ -n ${!opt} ]] || die "--${opt,,} is required (see $PROG --help)"
  done
  for opt in CERT KEY CA; do
    [[ -f ${!opt} && -r ${!opt} ]] || die "--${opt,,} ${!opt}: no such readable file"
  done
  if [[ -n $EXPECT_URI && $EXPECT_URI != spiffe://* ]]; then
    die "--expect-uri '$EXPECT_URI' is not a spiffe:// URI"
  fi
}

# ---------------------------------------------------------------------------------------------
# Helpers

STAGING='' LOCK_DIR=''

cleanup() {
  [[ -z $STAGING ]] || rm -rf -- "$STAGING"
  [[ -z $LOCK_DIR ]] || rmdir -- "$LOCK_DIR" 2>/dev/null || true
}
trap cleanup EXIT

# pem_blocks FILE: prints the types of the PEM blocks in FILE, one per line
# ("CERTIFICATE", "PRIVATE KEY", ...).
pem_blocks() {
  local line
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    if [[ $line =~ ^-----BEGIN\ (.*)-----$ ]]; then
      printf '%s\n' "${BASH_REMATCH[1]}"
    fi
  done <"$1"
}

# SHA-256 of the certificate's DER, lower-case hex (the same value rilond logs).
cert_sha256() {
  local fp
  fp=$(openssl x509 -in "$1" -noout -fingerprint -sha256) || return 1
  fp=${fp#*=}
  fp=${fp//:/}
  printf '%s' "${fp,,}"
}

file_sha256() {
  local sum
  sum=$(sha256sum -- "$1")
  printf '%s' "${sum%% *}"
}

# The public key as DER hex, normalised through openssl so that encodings compare equal.
pubkey_of_key() {
  openssl pkey -in "$1" -passin pass: -pubout 2>/dev/null |
    openssl pkey -pubin -outform DER 2>/dev/null | od -An -v -tx1 | tr -d ' \n'
}

pubkey_of_cert() {
  openssl x509 -in "$1" -pubkey -noout 2>/dev/null |
    openssl pkey -pubin -outform DER 2>/dev/null | od -An -v -tx1 | tr -d ' \n'
}

# URI SANs of a certificate, one per line.
uri_sans() {
  local text entry
  text=$(openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null) || return 0
  text=${text//$'\n'/, }
  while [[ -n $text ]]; do
    entry=${text%%, *}
    [[ $text == *", "* ]] && text=${text#*, } || text=''
    entry=${entry#"${entry%%[![:space:]]*}"}
    [[ $entry == URI:* ]] && printf '%s\n' "${entry#URI:}"
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# The checks, in the order of --help. Each names the file and what to do.

check_inputs_parse() {
  local blocks
  blocks=$(pem_blocks "$CERT")
  [[ -n $blocks ]] || blocks="no PEM block"
  [[ $blocks == CERTIFICATE ]] ||
    die "$CERT must hold exactly one PEM certificate and nothing else (found:" \
      "${blocks//$'\n'/, }); certificates are leaf-only, the root belongs in --ca"
  openssl x509 -in "$CERT" -noout 2>/dev/null || die "$CERT is not a readable PEM certificate"
  openssl pkey -in "$KEY" -passin pass: -noout 2>/dev/null ||
    die "$KEY is not a readable unencrypted PEM private key (rilond cannot use encrypted keys)"
}

check_key_matches() {
  local key_pub cert_pub
  key_pub=$(pubkey_of_key "$STAGING/key.pem")
  cert_pub=$(pubkey_of_cert "$STAGING/cert.pem")
  [[ -n $key_pub && $key_pub == "$cert_pub" ]] ||
    die "the key $KEY does not belong to the certificate $CERT; installing them would make" \
      "every TLS handshake fail. Find the key that was issued with this certificate"
}

# The root file is the only trust anchor: no system store, no partial chains (gRPC itself
# would accept partial chains, STACK-NOTES trap #11). Time is checked separately, with a
# clearer message.
check_chain() {
  local out
  if ! out=$(openssl verify -CAfile "$CA" -no-CApath -no-CAstore -x509_strict -no_check_time \
    "$STAGING/cert.pem" 2>&1); then
    die "the certificate $CERT does not chain to the CA in $CA (${out//$'\n'/; });" \
      "it was issued by another CA: reissue it from this federation's PKI"
  fi
}

check_validity_now() {
  local not_before not_after now start
  not_after=$(openssl x509 -in "$STAGING/cert.pem" -noout -enddate)
  not_after=${not_after#notAfter=}
  openssl x509 -in "$STAGING/cert.pem" -noout -checkend 0 >/dev/null ||
    die "the certificate $CERT expired on $not_after; issue a new one (pki.sh ... --force)"
  not_before=$(openssl x509 -in "$STAGING/cert.pem" -noout -startdate)
  not_before=${not_before#notBefore=}
  start=$(date -u -d "$not_before" +%s) || die "cannot read notBefore '$not_before' of $CERT"
  now=$(date -u +%s)
  ((start <= now)) ||
    die "the certificate $CERT is not valid before $not_before (now $(date -u)); install it" \
      "then, or check this machine's clock"
  # The chain as a whole at the current time (catches an expired root).
  local out
  if ! out=$(openssl verify -CAfile "$CA" -no-CApath -no-CAstore -x509_strict \
    "$STAGING/cert.pem" 2>&1); then
    die "the chain of $CERT to $CA is not valid now (${out//$'\n'/; }); renew the CA certificate"
  fi
}

check_uri_san() {
  local sans count=0 uri spiffe=''
  sans=$(uri_sans "$STAGING/cert.pem")
  while IFS= read -r uri; do
    [[ -n $uri ]] || continue
    count=$((count + 1))
    [[ $uri == spiffe://* ]] && spiffe=$uri
  done <<<"$sans"
  if [[ -n $EXPECT_URI ]]; then
    [[ $count -eq 1 && $sans == "$EXPECT_URI" ]] ||
      die "the certificate $CERT has URI SAN(s) '${sans//$'\n'/, }', expected exactly" \
        "'$EXPECT_URI'; check that this is the right certificate for this node"
  else
    [[ $count -eq 1 && -n $spiffe ]] ||
      die "the certificate $CERT must carry exactly one spiffe:// URI SAN (found:" \
        "'${sans//$'\n'/, }'); issue it with pki.sh"
  fi
}

check_key_mode() {
  local mode
  mode=$(stat -c %a -- "$STAGING/key.pem")
  [[ $mode == 600 || $mode == 400 ]] ||
    die "the installed key would have mode $mode instead of 600 (is $DEST on a file system" \
      "that ignores permissions?); choose another --dest"
}

# ---------------------------------------------------------------------------------------------
# Installation

prepare_dest() {
  mkdir -p -- "$DEST" || die "cannot create --dest $DEST"
  if [[ -e $DEST/current && ! -L $DEST/current ]]; then
    die "$DEST/current exists and is not a symlink; move it away (this script manages" \
      "DEST/current as a symlink to DEST/releases/...)"
  fi
  mkdir -- "$DEST/.install.lock" 2>/dev/null ||
    die "another $PROG is installing into $DEST; if none is, a previous run was killed:" \
      "remove $DEST/.install.lock and retry"
  LOCK_DIR=$DEST/.install.lock
  mkdir -p -- "$DEST/releases"
  chmod 0700 -- "$DEST/releases"
  STAGING=$(mktemp -d -- "$DEST/.staging.XXXXXX")
}

# Copies the inputs into the staging directory; the certificate is rewritten by openssl so that
# cert.pem holds exactly the one certificate that was checked, in plain PEM.
stage_inputs() {
  openssl x509 -in "$CERT" -out "$STAGING/cert.pem" 2>/dev/null ||
    die "cannot copy the certificate $CERT"
  cp -- "$KEY" "$STAGING/key.pem"
  chmod 0644 -- "$STAGING/cert.pem"
  chmod 0600 -- "$STAGING/key.pem"
  local src_mode
  src_mode=$(stat -c %a -- "$KEY")
  if [[ $src_mode != 600 && $src_mode != 400 ]]; then
    warn "the source key $KEY has mode $src_mode; others may have read it (chmod 600 it," \
      "or better, delete it once installed)"
  fi
}

# True when DEST/current already holds this certificate and this key.
already_current() {
  local cur=$DEST/current
  [[ -L $cur && -f $cur/cert.pem && -f $cur/key.pem ]] || return 1
  [[ $(cert_sha256 "$cur/cert.pem" 2>/dev/null) == "$CERT_SHA" ]] || return 1
  [[ $(file_sha256 "$cur/key.pem") == "$(file_sha256 "$STAGING/key.pem")" ]]
}

publish() {
  local base release n=0
  base=$(date -u +%Y%m%dT%H%M%SZ)-${CERT_SHA:0:8}
  release=$base
  while [[ -e $DEST/releases/$release ]]; do
    n=$((n + 1))
    release=$base.$n
  done
  chmod 0700 -- "$STAGING"
  mv -T -- "$STAGING" "$DEST/releases/$release"
  STAGING=''
  # One rename replaces the symlink: a reader sees either the old or the new release.
  rm -f -- "$DEST/.current.tmp"
  ln -s -- "releases/$release" "$DEST/.current.tmp"
  mv -T -- "$DEST/.current.tmp" "$DEST/current"
  info "installed $CERT as $DEST/current -> releases/$release (sha256 $CERT_SHA);" \
    "rilond picks it up at its next certificate refresh"
}

main() {
  command -v openssl >/dev/null || die "openssl is not installed (apt-get install openssl)"
  parse_options "$@"
  check_inputs_parse
  prepare_dest
  stage_inputs
  check_key_matches
  check_chain
  check_validity_now
  check_uri_san
  check_key_mode
  CERT_SHA=$(cert_sha256 "$STAGING/cert.pem")
  if already_current; then
    info "already installed: $DEST/current -> $(readlink -- "$DEST/current"); nothing changed"
    return
  fi
  publish
}

main "$@"
