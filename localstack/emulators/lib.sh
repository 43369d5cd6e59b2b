# Shared helpers for install/start/stop. Sourced, not run.
# Every failure is one line on stderr that says what to install or change.

EMULATORS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$EMULATORS_DIR/../.." && pwd)"
VENV_DIR="$EMULATORS_DIR/.venv"

die() {
  echo "tidemark emulators: $*" >&2
  exit 1
}

# require_version <command> <minimum major> <how to get the major> <install hint>
require_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 18+ is required for kinesis-mock but 'node' is not on PATH: install Node.js 18 or newer (https://nodejs.org or your package manager)."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || die "'node' on PATH does not run: reinstall Node.js 18 or newer."
  [ "$major" -ge 18 ] 2>/dev/null || die "Node.js 18+ is required for kinesis-mock, found $(node --version): upgrade Node.js."
  command -v npm >/dev/null 2>&1 || die "npm is required to install kinesis-mock but 'npm' is not on PATH: install npm with Node.js."
}

require_python() {
  command -v python3 >/dev/null 2>&1 || die "Python 3.10+ is required for moto (DynamoDB, SNS, SQS, S3) but 'python3' is not on PATH: install Python 3.10 or newer with its venv module."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null \
    || die "Python 3.10+ is required for moto (DynamoDB, SNS, SQS, S3), found $(python3 --version 2>&1): upgrade Python."
  python3 -c 'import venv, ensurepip' 2>/dev/null \
    || die "Python's venv module is missing: install it (Debian/Ubuntu: apt-get install python3-venv)."
}

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_busy() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
finally:
    s.close()
sys.exit(1)
PY
}

# port_from_env <VARIABLE> : the port in that variable (checked free), or a free one.
port_from_env() {
  local name="$1" value="${!1:-}"
  if [ -z "$value" ]; then
    free_port
    return
  fi
  [[ "$value" =~ ^[0-9]+$ ]] && [ "$value" -ge 1 ] && [ "$value" -le 65535 ] \
    || die "$name=$value is not a port number: set it to 1..65535 or unset it to pick a free port."
  if port_busy "$value"; then
    die "port $value ($name) is already in use on 127.0.0.1: stop what listens there (ss -ltnp | grep :$value) or unset $name to pick a free port."
  fi
  echo "$value"
}
