#!/usr/bin/env bash
# Builds the container images (needs a Docker engine with BuildKit, the default since Docker 23):
#   packaging/docker/build-images.sh [--skip-package] [TAG]      (TAG default: latest)
# First packages the shaded jars (mvn -B -ntp -DskipTests package), then builds one image per
# folder here that has a Dockerfile, named msistream/<folder>:TAG, with the repository root as the
# build context (each Dockerfile.dockerignore sends only the files that image copies).
set -euo pipefail
here=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(dirname -- "$(dirname -- "$here")")
package=1
if [[ ${1:-} == --skip-package ]]; then
  package=0
  shift
fi
tag=${1:-latest}
if (( package )); then
  (cd "$root" && mvn -B -ntp -DskipTests package)
fi
for dockerfile in "$here"/*/Dockerfile; do
  image=$(basename -- "$(dirname -- "$dockerfile")")
  echo "== msistream/$image:$tag"
  DOCKER_BUILDKIT=1 docker build -f "$dockerfile" -t "msistream/$image:$tag" "$root"
done
