#!/usr/bin/env bash
# RILON operator PKI: the federation root CA and every certificate it issues.
#
# Identity scheme (see node/security/identity.h, which parses what this script writes):
#   node TLS certificate:    spiffe://<trust-domain>/agency/<agency>/node
#   record-signing identity: spiffe://<trust-domain>/agency/<agency>/signing      (Ed25519)
#   people:                  spiffe://<trust-domain>/agency/<agency>/<role>/<name>
#
# Layout under PKI_DIR (dirs 0700, keys 0600, certificates 0644; certificates are leaf-only PEM,
# the one trust anchor is ca/ca.crt):
#   ca/ca.key ca/ca.crt ca/trust-domain ca/openssl.cnf ca/index.txt ca/serial ca/certs/
#   agencies/<agency>/node/node.{key,crt}   agencies/<agency>/signing/signing.{key,crt}
#   agencies/<agency>/{officer,analyst,admin}/<name>.{key,crt}
#
# Every run is idempotent: an existing key or certificate is never replaced unless --force is
# given, because replacing a deployed key silently is an outage (or worse, an identity swap).
# Only bash, coreutils and the openssl CLI (3.0) are used.
set -euo pipefail
umask 077

readonly PROG=${0##*/}
readonly AGENCY_RE='^[a-z]{2}\.[a-z0-9-]{1,32}$'
readonly NAME_RE='^[a-z0-9._-]{1,64}$'
# A DNS-style trust domain: lower-case labels of [a-z0-9-], not starting or ending with '-'.
readonly LABEL_RE='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
readonly TRUST_DOMAIN_RE="^${LABEL_RE}(\.${LABEL_RE})*$"
readonly DNS_LABEL_RE='[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
readonly DNS_RE="^${DNS_LABEL_RE}(\.${DNS_LABEL_RE})*$"
readonly TIME_RE='^[0-9]{14}Z$'
readonly MAX_DAYS=36500

# ---------------------------------------------------------------------------------------------
# Messages

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

info() { printf '%s: %s\n' "$PROG" "$*"; }

warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }

usage_main() {
  cat <<EOF
Usage: $PROG SUBCOMMAND --dir PKI_DIR [options]

Operator PKI for a RILON federation: one root CA certifies every node, record-signing identity,
officer, analyst and admin. Identities are SPIFFE URI SANs:
  spiffe://<trust-domain>/agency/<agency>/node | /signing | /<role>/<name>

Subcommands:
  init      create the federation root CA (kept if it already exists)
  node      issue an agency's node TLS certificate and its record-signing certificate
  officer   issue a client certificate for a liaison officer
  analyst   issue a client certificate for an analyst
  admin     issue a client certificate for a node administrator
  list      print every certificate the CA has issued

Run '$PROG SUBCOMMAND --help' for the options of one subcommand.

Existing keys and certificates are never replaced unless --force is given; rerunning a command
reports what it kept and exits 0. Agency ids look like au.abf ($AGENCY_RE);
names are 1-64 of [a-z0-9._-].
EOF
}

usage_init() {
  cat <<EOF
Usage: $PROG init --dir PKI_DIR [--trust-domain DOMAIN] [--days N | --valid-from T --valid-until T]

Creates PKI_DIR/ca/ca.key (ECDSA P-256, 0600) and the self-signed root PKI_DIR/ca/ca.crt
(CA:TRUE, keyCertSign+cRLSign), the openssl ca database and config, and records the trust domain.
An existing CA is always kept (every issued certificate chains to it); to start over, move
PKI_DIR away first.

  --trust-domain DOMAIN   SPIFFE trust domain (default rilon.example)
  --days N                validity in days (default 3650)
  --valid-from T          explicit notBefore, T = YYYYMMDDHHMMSSZ (UTC); needs --valid-until
  --valid-until T         explicit notAfter
EOF
}

usage_node() {
  cat <<EOF
Usage: $PROG node --dir PKI_DIR --agency AGENCY [--dns NAME]... [--ip ADDR]...
                  [--days N | --valid-from T --valid-until T] [--force]

Issues two identities for the agency's node:
  agencies/AGENCY/node/node.{key,crt}        ECDSA P-256, TLS server+client,
      SANs: spiffe://<trust-domain>/agency/AGENCY/node, DNS:localhost, IP:127.0.0.1, and the
      --dns/--ip names given
  agencies/AGENCY/signing/signing.{key,crt}  Ed25519, record signing only (no TLS EKU),
      SAN:  spiffe://<trust-domain>/agency/AGENCY/signing

  --agency AGENCY   agency id, e.g. au.abf
  --dns NAME        extra DNS name for the node certificate (repeatable)
  --ip ADDR         extra IPv4/IPv6 address for the node certificate (repeatable)
  --days N          validity in days (default 825)
  --valid-from T    explicit notBefore, T = YYYYMMDDHHMMSSZ (UTC); needs --valid-until
  --valid-until T   explicit notAfter
  --force           replace existing keys and certificates (the old certificates are marked
                    superseded in the CA database)
EOF
}

usage_person() {
  local role=$1
  cat <<EOF
Usage: $PROG $role --dir PKI_DIR --agency AGENCY --name NAME
                  [--days N | --valid-from T --valid-until T] [--force]

Issues agencies/AGENCY/$role/NAME.{key,crt}: ECDSA P-256, TLS client only, URI SAN
spiffe://<trust-domain>/agency/AGENCY/$role/NAME.

  --agency AGENCY   agency id, e.g. au.abf
  --name NAME       1-64 of [a-z0-9._-], e.g. jlee
  --days N          validity in days (default 365)
  --valid-from T    explicit notBefore, T = YYYYMMDDHHMMSSZ (UTC); needs --valid-until
  --valid-until T   explicit notAfter
  --force           replace an existing key and certificate (the old certificate is marked
                    superseded in the CA database)
EOF
}

usage_list() {
  cat <<EOF
Usage: $PROG list --dir PKI_DIR

Prints every certificate the CA has issued: status (valid, expired, revoked:<reason>),
notAfter (UTC), serial and identity (URI SAN, or subject for the root).
EOF
}

# ---------------------------------------------------------------------------------------------
# Validation of operator input. Everything that ends up in an openssl subject or config file
# passes through one of these, so no value can inject config syntax.

check_agency() {
  [[ $1 =~ $AGENCY_RE ]] ||
    die "invalid agency id '$1': expected <iso-3166 alpha-2>.<short name> in lower case," \
      "e.g. au.abf or id.polri (pattern $AGENCY_RE)"
}

check_name() {
  [[ $1 =~ $NAME_RE ]] ||
    die "invalid name '$1': use 1-64 characters of a-z, 0-9, '.', '_' and '-', e.g. jlee"
  # SPIFFE forbids '.' and '..' as path segments.
  [[ $1 != "." && $1 != ".." ]] || die "invalid name '$1': '.' and '..' are not allowed"
}

check_trust_domain() {
  [[ ${#1} -le 255 && $1 =~ $TRUST_DOMAIN_RE ]] ||
    die "invalid trust domain '$1': use lower-case DNS labels, e.g. rilon.example"
}

check_dns() {
  [[ ${#1} -le 253 && $1 =~ $DNS_RE ]] ||
    die "invalid --dns '$1': use a host name such as node1.abf.gov.au (no wildcards)"
}

check_ip() {
  local ip=$1 octet
  if [[ $ip =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]]; then
    for octet in "${BASH_REMATCH[@]:1}"; do
      ((10#$octet <= 255)) || die "invalid --ip '$ip': octet $octet is above 255"
    done
    return
  fi
  # IPv6: openssl parses the address itself and rejects malformed ones at issuance.
  [[ $ip == *:* && $ip =~ ^[0-9A-Fa-f:.]{2,45}$ ]] ||
    die "invalid --ip '$ip': use an IPv4 (10.1.2.3) or IPv6 (fd00::1) address"
}

check_time() {
  [[ $2 =~ $TIME_RE ]] ||
    die "invalid $1 '$2': use YYYYMMDDHHMMSSZ in UTC, e.g. 20270101000000Z"
}

# ---------------------------------------------------------------------------------------------
# Options. One parser for all subcommands; each subcommand then refuses options it does not take.

OPT_DIR='' OPT_TRUST_DOMAIN='' OPT_DAYS='' OPT_FROM='' OPT_UNTIL='' OPT_AGENCY='' OPT_NAME=''
OPT_FORCE=0
OPT_DNS=() OPT_IP=() OPTS_GIVEN=()

parse_options() {
  local sub=$1
  shift
  while (($#)); do
    case $1 in
      -h | --help)
        "usage_${sub}" "$SUBCOMMAND"
        exit 0
        ;;
      --force)
        OPT_FORCE=1
        OPTS_GIVEN+=(--force)
        shift
        continue
        ;;
      --dir | --trust-domain | --days | --valid-from | --valid-until | --agency | --name | \
        --dns | --ip)
        (($# >= 2)) || die "option $1 needs a value (see $PROG $SUBCOMMAND --help)"
        ;;
      *) die "unknown argument '$1' for '$SUBCOMMAND' (see $PROG $SUBCOMMAND --help)" ;;
    esac
    OPTS_GIVEN+=("$1")
    case $1 in
      --dir) OPT_DIR=$2 ;;
      --trust-domain) OPT_TRUST_DOMAIN=$2 ;;
      --days) OPT_DAYS=$2 ;;
      --valid-from) OPT_FROM=$2 ;;
      --valid-until) OPT_UNTIL=$2 ;;
      --agency) OPT_AGENCY=$2 ;;
      --name) OPT_NAME=$2 ;;
      --dns) OPT_DNS+=("$2") ;;
      --ip) OPT_IP+=("$2") ;;
    esac
    shift 2
  done
}

# allow_only OPTION...: refuse any given option not in the list.
allow_only() {
  local given allowed ok
  for given in "${OPTS_GIVEN[@]}"; do
    ok=0
    for allowed in "$@"; do [[ $given == "$allowed" ]] && ok=1; done
    ((ok)) || die "option $given does not apply to '$SUBCOMMAND' (see $PROG $SUBCOMMAND --help)"
  done
}

# opt_given OPTION: true when OPTION was on the command line (even with an empty value).
opt_given() {
  local given
  for given in "${OPTS_GIVEN[@]}"; do [[ $given == "$1" ]] && return 0; done
  return 1
}

# Sets VALIDITY_ARGS (openssl ca arguments) from --days or --valid-from/--valid-until.
VALIDITY_ARGS=()
resolve_validity() {
  local default_days=$1
  if opt_given --valid-from || opt_given --valid-until; then
    ! opt_given --days || die "--days cannot be combined with --valid-from/--valid-until"
    if ! opt_given --valid-from || ! opt_given --valid-until; then
      die "--valid-from and --valid-until go together"
    fi
    check_time --valid-from "$OPT_FROM"
    check_time --valid-until "$OPT_UNTIL"
    [[ $OPT_FROM < $OPT_UNTIL ]] ||
      die "--valid-from $OPT_FROM must be before --valid-until $OPT_UNTIL"
    VALIDITY_ARGS=(-startdate "$OPT_FROM" -enddate "$OPT_UNTIL")
  else
    local days=$default_days
    if opt_given --days; then days=$OPT_DAYS; fi
    if [[ ! $days =~ ^[0-9]{1,6}$ ]] || ((10#$days < 1 || 10#$days > MAX_DAYS)); then
      die "invalid --days '$days': use a whole number from 1 to $MAX_DAYS"
    fi
    VALIDITY_ARGS=(-days "$((10#$days))")
  fi
}

# ---------------------------------------------------------------------------------------------
# PKI directory, lock and scratch space

# 'cd' must not wander off along a CDPATH the operator happens to have set.
unset CDPATH

PKI_DIR='' CA_DIR='' WORK_DIR='' LOCK_DIR=''

cleanup() {
  [[ -z $WORK_DIR ]] || rm -rf -- "$WORK_DIR"
  [[ -z $LOCK_DIR ]] || rmdir -- "$LOCK_DIR" 2>/dev/null || true
}
trap cleanup EXIT

# Resolves --dir to an absolute path (openssl runs from inside ca/, see run_ca).
set_pki_dir() {
  [[ -n $OPT_DIR ]] || die "--dir PKI_DIR is required (see $PROG $SUBCOMMAND --help)"
  if [[ $1 == create ]]; then
    mkdir -p -- "$OPT_DIR" || die "cannot create PKI directory $OPT_DIR"
  fi
  [[ -d $OPT_DIR ]] || die "PKI directory $OPT_DIR does not exist; create it with '$PROG init'"
  PKI_DIR=$(cd -- "$OPT_DIR" && pwd -P)
  CA_DIR=$PKI_DIR/ca
}

require_ca() {
  [[ -s $CA_DIR/ca.key && -s $CA_DIR/ca.crt && -s $CA_DIR/trust-domain ]] ||
    die "no CA in $PKI_DIR (expected ca/ca.key, ca/ca.crt, ca/trust-domain);" \
      "run '$PROG init --dir $OPT_DIR' first"
  [[ -f $CA_DIR/index.txt && -s $CA_DIR/serial ]] ||
    die "the CA database in $CA_DIR is missing (index.txt, serial); restore it from backup"
}

# Serialises runs on one PKI: openssl ca rewrites index.txt and serial without locking.
# A private scratch directory on the same file system lets new files be renamed into place.
lock_and_prepare() {
  mkdir -p -- "$CA_DIR"
  chmod 0700 -- "$PKI_DIR" "$CA_DIR"
  mkdir -- "$CA_DIR/.lock" 2>/dev/null ||
    die "another $PROG is working on $PKI_DIR; if none is, a previous run was killed:" \
      "remove $CA_DIR/.lock and retry"
  LOCK_DIR=$CA_DIR/.lock
  WORK_DIR=$(mktemp -d -- "$PKI_DIR/.work.XXXXXX")
}

# The openssl config is derived data: rewritten on every run so that it always matches this
# script. Paths in it are relative, so the PKI directory can be moved or restored elsewhere.
write_openssl_config() {
  local tmp=$WORK_DIR/openssl.cnf
  cat >"$tmp" <<'EOF'
# Generated by deploy/pki.sh on every run; edits are overwritten.
# Paths are relative to this directory: run 'openssl ca -config openssl.cnf ...' from here.
[ ca ]
default_ca = rilon_ca

[ rilon_ca ]
dir              = .
database         = $dir/index.txt
serial           = $dir/serial
crlnumber        = $dir/crlnumber
new_certs_dir    = $dir/certs
certificate      = $dir/ca.crt
private_key      = $dir/ca.key
default_md       = sha256
default_crl_days = 30
policy           = rilon_policy
# --force reissues a certificate for the same subject; the old one is marked superseded.
unique_subject   = no
# Extensions come only from this script, never from a request.
copy_extensions  = none
email_in_dn      = no
name_opt         = ca_default
cert_opt         = ca_default

[ rilon_policy ]
organizationName       = supplied
organizationalUnitName = optional
commonName             = supplied

[ req ]
distinguished_name = req_dn
prompt             = no

[ req_dn ]
# Always overridden with -subj.
commonName = unused
EOF
  chmod 0644 -- "$tmp"
  mv -f -- "$tmp" "$CA_DIR/openssl.cnf"
}

# Runs openssl from ca/ with our config. Its chatter is kept and shown only when it fails.
run_ca() {
  local log=$WORK_DIR/openssl.log
  if ! (cd -- "$CA_DIR" && openssl "$@" -config openssl.cnf) >"$log" 2>&1; then
    cat -- "$log" >&2
    die "openssl $1 failed (output above)"
  fi
}

run_openssl() {
  local log=$WORK_DIR/openssl.log
  if ! openssl "$@" >"$log" 2>&1; then
    cat -- "$log" >&2
    die "openssl $1 failed (output above)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Keys and certificates

# new_key ALG PATH: ALG is p256 or ed25519.
new_key() {
  case $1 in
    p256)
      run_openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -pkeyopt ec_param_enc:named_curve -out "$2"
      ;;
    ed25519) run_openssl genpkey -algorithm ED25519 -out "$2" ;;
  esac
  chmod 0600 -- "$2"
}

# key_has_alg ALG PATH: true when the existing key is of the expected algorithm, so that an
# existing key is only reused for a new certificate when it is the right kind.
key_has_alg() {
  local text
  text=$(openssl pkey -in "$2" -passin pass: -noout -text 2>/dev/null) || return 1
  case $1 in
    p256) [[ $text == *"ASN1 OID: prime256v1"* ]] ;;
    ed25519) [[ $text == "ED25519 Private-Key"* ]] ;;
  esac
}

# sign_request KEY SUBJECT EXTFILE OUT [openssl ca args...]: CSR from KEY, signed by the CA
# (or by KEY itself with -selfsign) with the extensions of section [ext] of EXTFILE.
sign_request() {
  local key=$1 subject=$2 extfile=$3 out=$4
  shift 4
  local csr=$WORK_DIR/request.csr
  run_ca req -new -key "$key" -subj "$subject" -out "$csr"
  run_ca ca -batch -notext -in "$csr" -out "$out" -extfile "$extfile" -extensions ext \
    "${VALIDITY_ARGS[@]}" "$@"
  chmod 0644 -- "$out"
}

# Marks a replaced certificate as superseded in the CA database so that 'list' tells the
# current certificate from the old one. Only certificates of this CA are recorded: openssl ca
# would otherwise add a foreign certificate to our database.
mark_superseded() {
  local cert=$1
  if ! openssl verify -CAfile "$CA_DIR/ca.crt" -no-CApath -no-CAstore -no_check_time \
    -x509_strict "$cert" >/dev/null 2>&1; then
    warn "$cert was not issued by this CA; not recorded as superseded"
    return
  fi
  if ! (cd -- "$CA_DIR" && openssl ca -config openssl.cnf -revoke "$cert" \
    -crl_reason superseded) >"$WORK_DIR/revoke.log" 2>&1; then
    warn "could not mark $cert superseded in the CA database:" \
      "$(tail -n 1 -- "$WORK_DIR/revoke.log")"
  fi
}

# A replaced record-signing certificate is kept under DIR/retired/: records it signed may still be
# queued for peers, and the node offers them the certificate of each record's key. The node's
# config must list it in signing.previous_cert_files (docs/operations.md, "Rotating
# certificates").
retire_signing_certificate() {
  local dir=$1 cert=$2 serial
  serial=$(openssl x509 -in "$cert" -noout -serial) || die "cannot read the serial of $cert"
  mkdir -p -- "$dir/retired"
  chmod 0700 -- "$dir/retired"
  cp -- "$cert" "$dir/retired/signing-${serial#serial=}.crt"
  chmod 0644 -- "$dir/retired/signing-${serial#serial=}.crt"
  info "kept the replaced signing certificate as $dir/retired/signing-${serial#serial=}.crt;" \
    "add it to signing.previous_cert_files in the node's config"
}

# issue_identity DIR BASE ALG SUBJECT EXTFILE: DIR/BASE.key + DIR/BASE.crt, idempotently.
#   both exist, no --force -> kept, nothing written
#   key only, no --force    -> certificate issued for the existing key
#   certificate only        -> refused: the key is lost, only --force can replace the pair
#   --force                 -> new key and certificate, renamed into place only once both exist
issue_identity() {
  local dir=$1 base=$2 alg=$3 subject=$4 extfile=$5
  local key=$dir/$base.key cert=$dir/$base.crt
  local have_key=0 have_cert=0
  [[ -e $key ]] && have_key=1
  [[ -e $cert ]] && have_cert=1

  if ((!OPT_FORCE)); then
    if ((have_key && have_cert)); then
      info "kept existing $cert and $base.key (use --force to reissue)"
      return
    fi
    if ((have_cert)); then
      die "$cert exists but its key $key is missing; restore the key from backup," \
        "or rerun with --force to issue a new key and certificate"
    fi
  fi

  local new_key=$WORK_DIR/$base.key new_cert=$WORK_DIR/$base.crt
  if ((have_key && !OPT_FORCE)); then
    key_has_alg "$alg" "$key" ||
      die "$key exists but is not an unencrypted $alg key; move it away or rerun with --force"
    chmod 0600 -- "$key"
    info "reusing existing key $key"
    sign_request "$key" "$subject" "$extfile" "$new_cert"
  else
    new_key "$alg" "$new_key"
    sign_request "$new_key" "$subject" "$extfile" "$new_cert"
  fi

  # Directories are made only now, so that a refused request leaves no trace.
  mkdir -p -- "$dir"
  chmod 0700 -- "$PKI_DIR/agencies" "${dir%/*}" "$dir"
  if ((have_cert)); then
    mark_superseded "$cert"
    [[ $base == signing ]] && retire_signing_certificate "$dir" "$cert"
  fi
  if [[ -e $new_key ]]; then
    mv -f -- "$new_key" "$key"
  fi
  mv -f -- "$new_cert" "$cert"
  info "issued $cert ($(openssl x509 -in "$cert" -noout -enddate))"
}

# write_ext FILE LINE...: an extension file with section [ext].
write_ext() {
  local file=$1
  shift
  {
    echo "[ ext ]"
    printf '%s\n' "$@"
  } >"$file"
}

trust_domain() {
  local td
  td=$(<"$CA_DIR/trust-domain")
  check_trust_domain "$td"
  printf '%s' "$td"
}

# ---------------------------------------------------------------------------------------------
# Subcommands

cmd_init() {
  ((!OPT_FORCE)) || die "init never replaces a CA: every issued certificate chains to it." \
    "To start over, move $OPT_DIR away and run init again"
  allow_only --dir --trust-domain --days --valid-from --valid-until
  resolve_validity 3650
  [[ -z $OPT_TRUST_DOMAIN ]] || check_trust_domain "$OPT_TRUST_DOMAIN"
  set_pki_dir create

  if [[ -e $CA_DIR/ca.key || -e $CA_DIR/ca.crt ]]; then
    require_ca
    local existing
    existing=$(trust_domain)
    if [[ -n $OPT_TRUST_DOMAIN && $OPT_TRUST_DOMAIN != "$existing" ]]; then
      die "the CA in $PKI_DIR has trust domain '$existing', not '$OPT_TRUST_DOMAIN';" \
        "a trust domain cannot change without a new CA (use another --dir)"
    fi
    info "kept existing CA $CA_DIR/ca.crt (trust domain $existing)"
    return
  fi

  local td=${OPT_TRUST_DOMAIN:-rilon.example}
  lock_and_prepare
  mkdir -p -- "$CA_DIR/certs"
  chmod 0700 -- "$CA_DIR/certs"
  : >"$CA_DIR/index.txt"
  # A random starting serial keeps serials unique across PKIs (and across a re-created CA).
  openssl rand -hex 16 >"$CA_DIR/serial"
  echo 01 >"$CA_DIR/crlnumber"
  write_openssl_config

  # The root is self-signed through 'openssl ca -selfsign' so that it is recorded in the
  # database like every other certificate and --valid-from/--valid-until work the same way.
  local key=$WORK_DIR/ca.key ext=$WORK_DIR/ca.ext
  new_key p256 "$key"
  write_ext "$ext" \
    "basicConstraints = critical, CA:TRUE" \
    "keyUsage = critical, keyCertSign, cRLSign" \
    "subjectKeyIdentifier = hash" \
    "authorityKeyIdentifier = keyid:always"
  sign_request "$key" "/O=$td/CN=RILON federation root CA" "$ext" "$WORK_DIR/ca.crt" \
    -selfsign -keyfile "$key"
  printf '%s\n' "$td" >"$WORK_DIR/trust-domain"
  chmod 0644 -- "$WORK_DIR/trust-domain"
  # The key goes last: its presence is what marks the CA as existing.
  mv -f -- "$WORK_DIR/trust-domain" "$CA_DIR/trust-domain"
  mv -f -- "$WORK_DIR/ca.crt" "$CA_DIR/ca.crt"
  mv -f -- "$key" "$CA_DIR/ca.key"
  info "created CA $CA_DIR/ca.crt (trust domain $td); keep $CA_DIR/ca.key offline and backed up"
}

# Opening common to the issuing subcommands: sets TD and AGENCY_DIR.
TD='' AGENCY_DIR=''
prepare_issuance() {
  opt_given --agency || die "--agency is required (see $PROG $SUBCOMMAND --help)"
  check_agency "$OPT_AGENCY"
  resolve_validity "$1"
  set_pki_dir existing
  require_ca
  TD=$(trust_domain)
  lock_and_prepare
  write_openssl_config
  AGENCY_DIR=$PKI_DIR/agencies/$OPT_AGENCY
}

readonly LEAF_EXT=(
  "basicConstraints = critical, CA:FALSE"
  "subjectKeyIdentifier = hash"
  "authorityKeyIdentifier = keyid:always"
)

cmd_node() {
  allow_only --dir --agency --dns --ip --days --valid-from --valid-until --force
  local name
  for name in "${OPT_DNS[@]}"; do check_dns "$name"; done
  for name in "${OPT_IP[@]}"; do check_ip "$name"; done
  prepare_issuance 825
  local id=spiffe://$TD/agency/$OPT_AGENCY

  # localhost and 127.0.0.1 let an operator and health probes reach the node on the box itself.
  local san="URI:$id/node" seen=" localhost 127.0.0.1 "
  san+=", DNS:localhost, IP:127.0.0.1"
  for name in "${OPT_DNS[@]}"; do
    [[ $seen == *" $name "* ]] || san+=", DNS:$name"
    seen+="$name "
  done
  for name in "${OPT_IP[@]}"; do
    [[ $seen == *" $name "* ]] || san+=", IP:$name"
    seen+="$name "
  done

  write_ext "$WORK_DIR/node.ext" "${LEAF_EXT[@]}" \
    "keyUsage = critical, digitalSignature" \
    "extendedKeyUsage = serverAuth, clientAuth" \
    "subjectAltName = $san"
  issue_identity "$AGENCY_DIR/node" node p256 "/O=$TD/OU=$OPT_AGENCY/CN=$OPT_AGENCY node" \
    "$WORK_DIR/node.ext"

  # The signing identity has no TLS usage at all: a stolen TLS key cannot sign records and a
  # signing key cannot authenticate a connection.
  write_ext "$WORK_DIR/signing.ext" "${LEAF_EXT[@]}" \
    "keyUsage = critical, digitalSignature" \
    "subjectAltName = URI:$id/signing"
  issue_identity "$AGENCY_DIR/signing" signing ed25519 \
    "/O=$TD/OU=$OPT_AGENCY/CN=$OPT_AGENCY signing" "$WORK_DIR/signing.ext"
}

cmd_person() {
  local role=$SUBCOMMAND
  allow_only --dir --agency --name --days --valid-from --valid-until --force
  opt_given --name || die "--name is required (see $PROG $role --help)"
  check_name "$OPT_NAME"
  prepare_issuance 365
  write_ext "$WORK_DIR/person.ext" "${LEAF_EXT[@]}" \
    "keyUsage = critical, digitalSignature" \
    "extendedKeyUsage = clientAuth" \
    "subjectAltName = URI:spiffe://$TD/agency/$OPT_AGENCY/$role/$OPT_NAME"
  issue_identity "$AGENCY_DIR/$role" "$OPT_NAME" p256 \
    "/O=$TD/OU=$OPT_AGENCY/CN=$OPT_AGENCY $role $OPT_NAME" "$WORK_DIR/person.ext"
}

# The identity of a certificate for 'list': its URI SAN, or its subject when it has none.
cert_identity() {
  local text line
  text=$(openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null) || true
  while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    if [[ $line == URI:* ]]; then
      line=${line%%,*}
      printf '%s' "${line#URI:}"
      return
    fi
  done <<<"$text"
  local subject
  subject=$(openssl x509 -in "$1" -noout -subject -nameopt RFC2253)
  printf '%s' "${subject#subject=}"
}

# split_tabs LINE: sets FIELDS to the tab-separated fields of LINE, keeping empty ones (read
# with IFS=$'\t' would merge the empty revocation field of index.txt into its neighbours).
FIELDS=()
split_tabs() {
  local line=$1
  FIELDS=()
  while [[ $line == *$'\t'* ]]; do
    FIELDS+=("${line%%$'\t'*}")
    line=${line#*$'\t'}
  done
  FIELDS+=("$line")
}

cmd_list() {
  allow_only --dir
  set_pki_dir existing
  require_ca
  local line status revoked serial cert state not_after
  printf '%-22s %-20s %-34s %s\n' STATUS NOT-AFTER SERIAL IDENTITY
  # index.txt: status, expiry, revocation date[,reason], serial, file name, subject.
  while IFS= read -r line; do
    split_tabs "$line"
    ((${#FIELDS[@]} == 6)) || continue
    status=${FIELDS[0]} revoked=${FIELDS[2]} serial=${FIELDS[3]}
    cert=$CA_DIR/certs/$serial.pem
    if [[ ! -f $cert ]]; then
      printf '%-22s %-20s %-34s %s\n' "$status" "${FIELDS[1]}" "$serial" \
        "${FIELDS[5]} (no copy in certs/)"
      continue
    fi
    not_after=$(openssl x509 -in "$cert" -noout -enddate -dateopt iso_8601)
    not_after=${not_after#notAfter=}
    if [[ $status == R ]]; then
      state="revoked:${revoked#*,}"
    elif openssl x509 -in "$cert" -noout -checkend 0 >/dev/null; then
      state=valid
    else
      state=expired
    fi
    printf '%-22s %-20s %-34s %s\n' "$state" "$not_after" "$serial" "$(cert_identity "$cert")"
  done <"$CA_DIR/index.txt"
}

# ---------------------------------------------------------------------------------------------

main() {
  command -v openssl >/dev/null || die "openssl is not installed (apt-get install openssl)"
  (($#)) || {
    usage_main >&2
    exit 2
  }
  SUBCOMMAND=$1
  shift
  case $SUBCOMMAND in
    -h | --help | help)
      usage_main
      exit 0
      ;;
    init | node | list)
      parse_options "$SUBCOMMAND" "$@"
      "cmd_$SUBCOMMAND"
      ;;
    officer | analyst | admin)
      parse_options person "$@"
      cmd_person
      ;;
    *) die "unknown subcommand '$SUBCOMMAND' (see $PROG --help)" ;;
  esac
}

main "$@"
