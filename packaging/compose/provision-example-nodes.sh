#!/usr/bin/env bash
# Provisions the two nodes of the compose example into packaging/compose/nodes/:
#   uploader_node (producer) and downloader_node (consumer), topic root "example", both made with
#   the same two passwords (kept in nodes/.rot-password and nodes/.provisioning-password, mode 0600,
#   generated on the first run) so that they trust each other.
# Usage: provision-example-nodes.sh [--docker]
#   default: bin/ProvisionNode on this machine (Java 17 and the built jar);
#   --docker: the msistream/provision-node image, writing as your own user.
# Existing nodes are kept (ProvisionNode refuses to replace a node without --force).
set -euo pipefail
here=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(dirname -- "$(dirname -- "$here")")
nodes="$here/nodes"
umask 077
mkdir -p "$nodes"
for f in .rot-password .provisioning-password; do
  [[ -s $nodes/$f ]] || head -c 24 /dev/urandom | base64 > "$nodes/$f"
done
provision() { # provision NODE_ID ROLE
  if [[ -d $nodes/$1 ]]; then
    echo "$1: already provisioned in $nodes/$1 (kept)"
    return
  fi
  local args=(--node-id "$1" --role "$2" --topics example.chunks --yes)
  if [[ ${use_docker:-0} == 1 ]]; then
    docker run --rm --user "$(id -u):$(id -g)" -v "$nodes:/nodes" msistream/provision-node \
      "${args[@]}" --output-dir /nodes \
      --rot-password-file /nodes/.rot-password --provisioning-password-file /nodes/.provisioning-password
  else
    "$root/bin/ProvisionNode" "${args[@]}" --output-dir "$nodes" \
      --rot-password-file "$nodes/.rot-password" --provisioning-password-file "$nodes/.provisioning-password"
  fi
}
use_docker=0
[[ ${1:-} == --docker ]] && use_docker=1
provision uploader_node producer
provision downloader_node consumer
echo "Nodes are in $nodes; start the example with: docker compose -f $here/compose.yaml -p msistream-example up -d"
