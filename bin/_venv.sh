# Sourced by bin/dev, bin/test and .ci/run: make .venv and install a requirements file into it,
# and (for the browser tests) Chromium and the npm packages of tests/web.

# Re-installs only when the requirements files change (a hash stamp in .venv).
ensure_venv() {
    local requirements="$1"
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        echo "jatify: creating .venv with $($python --version)" >&2
        "$python" -m venv .venv
    fi
    local stamp=".venv/.installed-$(basename "$requirements")"
    local digest
    digest=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
        echo "jatify: installing $requirements into .venv" >&2
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -r "$requirements"
        echo "$digest" > "$stamp"
    fi
}

# Install a Debian package when its command is missing: ensure_apt COMMAND PACKAGE PURPOSE.
ensure_apt() {
    local command="$1" package="$2" purpose="$3"
    if command -v "$command" >/dev/null 2>&1; then
        return
    fi
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "jatify: $purpose need $command: install the '$package' package" >&2
            return 1
        fi
        sudo="sudo"
    fi
    echo "jatify: installing $package for $purpose" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
}

# The browser tests drive Debian's Chromium (tests/web); install it when it is missing.
ensure_chromium() {
    ensure_apt chromium chromium "the browser tests"
}

# The Redis storage tests (tests/throttle) run a real redis-server.
ensure_redis_server() {
    ensure_apt redis-server redis-server "the Redis storage tests"
}

# The browser tests inject axe-core from npm (tests/web/package-lock.json pins it); install
# it with `npm ci` when it is missing or the lock file changed (a hash stamp in node_modules).
ensure_node_modules() {
    local folder="tests/web"
    local stamp="$folder/node_modules/.installed-package-lock"
    local digest
    digest=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "jatify: the browser tests need npm (Node.js) to install axe-core" >&2
        return 1
    fi
    echo "jatify: installing the browser tests' npm packages into $folder/node_modules" >&2
    npm ci --prefix "$folder" --silent --no-audit --no-fund
    echo "$digest" > "$stamp"
}
