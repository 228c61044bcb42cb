#!/usr/bin/env bash
# Runs aot-train.sh inside a runtime image at image build time (native/Dockerfile.jvm, stages cds-training and
# aot-training): a throw-away PostgreSQL cluster under /tmp and the sandbox (a non-production build of the same
# sources, copied to /tmp/sandbox) stand in for the database, Auth0 and Google; the application in /deployments is
# trained with /deployments/jvm/jvm.options, at the path and on the JDK it will run with.
#
#   train-in-image.sh <output .jsa (JDK 17 AppCDS archive) or .aot (JDK 25 AOT cache)>
set -euo pipefail
out="${1:?output archive}"
initdb -D /tmp/pg -U changeset >/dev/null
pg_ctl -D /tmp/pg -o "-k /tmp -c listen_addresses=127.0.0.1" -w start
createdb -h 127.0.0.1 -U changeset changeset
java -cp "/tmp/sandbox/app/*:/tmp/sandbox/lib/boot/*:/tmp/sandbox/lib/main/*" dev.changeset.sandbox.SandboxMain 8787 \
  > /tmp/sandbox.log 2>&1 &
sandbox=$!
trap 'kill "$sandbox"; pg_ctl -D /tmp/pg -w stop' EXIT
until curl -fsS -o /dev/null http://127.0.0.1:8787/.well-known/openid-configuration; do sleep 0.5; done
CHANGESET_DB_URL=jdbc:postgresql://127.0.0.1:5432/changeset CHANGESET_DB_USER=changeset \
  JVM_OPTIONS_FILE=/deployments/jvm/jvm.options /deployments/jvm/aot-train.sh /deployments "$out" \
  http://127.0.0.1:8787 18590
