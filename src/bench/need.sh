# Sourced by the bench scripts: need COMMAND DEBIAN-PACKAGE installs the package when the command is missing,
# so the scripts run on a clean machine of this project's kind (Debian, root).
need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 (for $1)" >&2
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >&2; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
}
