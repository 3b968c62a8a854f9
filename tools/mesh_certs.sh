#!/usr/bin/env bash
# mesh_certs.sh — the certificates of an authenticated LUME mesh (openssl CLI).
#   mesh_certs.sh ca DIR                 a mesh CA: DIR/ca.crt, DIR/ca.key
#   mesh_certs.sh cert DIR NODE [HOST..] DIR/NODE.crt and DIR/NODE.key, signed
#                                        by DIR/ca.key; HOSTs (names or IPs)
#                                        and NODE become subjectAltNames
# Every node gets ca.crt, its own .crt and .key (never ca.key: whoever holds
# it can admit nodes to the mesh). Called as `tools/lume ca|cert ...`.
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

new_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

make_ca() {
  local dir=$1
  if [ -e "$dir/ca.key" ]; then
    echo "lume: $dir/ca.key exists: keeping this mesh's CA" >&2
    exit 1
  fi
  mkdir -p "$dir"
  new_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 3650 \
    -subj "/O=LUME/CN=LUME mesh CA $(date -u +%Y-%m-%d)" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt"
  echo "lume: mesh CA in $dir/ca.crt (keep $dir/ca.key off the nodes)"
}

make_cert() {
  local dir=$1 node=$2
  shift 2
  [ -r "$dir/ca.key" ] && [ -r "$dir/ca.crt" ] || {
    echo "lume: no mesh CA in $dir (run: tools/lume ca $dir)" >&2
    exit 1
  }
  case "$node" in
    *[!A-Za-z0-9._-]*|'') echo "lume: bad node name '$node'" >&2; exit 2 ;;
  esac
  local sans="DNS:$node" host
  for host in "$@"; do
    if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then sans+=",IP:$host"; else sans+=",DNS:$host"; fi
  done
  local ext
  ext=$(mktemp)
  trap 'rm -f "$ext"' RETURN
  printf '%s\n' "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=$sans" >"$ext"
  new_key "$dir/$node.key"
  openssl req -new -key "$dir/$node.key" -subj "/O=LUME/CN=$node" |
    openssl x509 -req -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 \
      -days 825 -extfile "$ext" -out "$dir/$node.crt" 2>/dev/null
  echo "lume: $dir/$node.crt for $sans"
}

case "${1:-}" in
  ca) [ $# -eq 2 ] || usage; make_ca "$2" ;;
  cert) [ $# -ge 3 ] || usage; shift; make_cert "$@" ;;
  *) usage ;;
esac
