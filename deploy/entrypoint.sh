#!/bin/sh
# Runs `mlpath db upgrade` first when MLPATH_MIGRATE_ON_START=1, then the given mlpath command.
set -eu
if [ "${MLPATH_MIGRATE_ON_START:-0}" = "1" ]; then
  mlpath db upgrade
fi
exec mlpath "$@"
