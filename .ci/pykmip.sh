#!/usr/bin/env bash
# A PyKMIP 0.11.0 server on 127.0.0.1 for interop tests.
#
#   .ci/pykmip.sh setup  DIR                 create DIR/venv and install pykmip==0.11.0 (skipped if present)
#   .ci/pykmip.sh start  DIR PORT PKI_DIR    write DIR/server.conf, start the server, wait until PORT accepts,
#                                            write DIR/pykmip.pid and DIR/pykmip.env (source it for the tests)
#   .ci/pykmip.sh stop   DIR                 stop the server and its children by process id (SIGTERM, ~15 s, SIGKILL)
#   .ci/pykmip.sh status DIR                 exit 0 if the server of DIR is running
#
# PKI_DIR holds ca.pem, server.pem (ECDSA P-256: with an RSA certificate PyKMIP offers only CBC suites,
# which rustls does not implement) and server-key.pem, as written by
#   cargo run -p kmipkit --example write_test_pki -- PKI_DIR [PASSWORD] [CLIENT_CN]
# The client then uses PKI_DIR/client.pem (chain + key) and PKI_DIR/ca.pem.
#
# The database (DIR/pykmip.db) is recreated on every start, so object ids start at "1".
# The server is stopped by its process id only: never by name.
set -euo pipefail

PYKMIP_VERSION=0.11.0

die() {
    echo "pykmip.sh: $*" >&2
    exit 1
}

abs_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd)
}

installed_version() {
    "$1/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pykmip"))' 2>/dev/null || true
}

cmd_setup() {
    [ $# -eq 1 ] || die "usage: setup DIR"
    local dir
    dir=$(abs_dir "$1")
    if [ -x "$dir/venv/bin/pykmip-server" ] && [ "$(installed_version "$dir")" = "$PYKMIP_VERSION" ]; then
        echo "pykmip.sh: PyKMIP $PYKMIP_VERSION already installed in $dir/venv"
        return 0
    fi
    python3 -m venv "$dir/venv" || die "python3 -m venv failed (is python3-venv installed?)"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check "pykmip==$PYKMIP_VERSION" ||
        die "pip install pykmip==$PYKMIP_VERSION failed"
    [ -x "$dir/venv/bin/pykmip-server" ] || die "pykmip-server missing after the install"
    echo "pykmip.sh: PyKMIP $(installed_version "$dir") installed in $dir/venv"
}

# Alive and not a zombie waiting to be reaped.
is_alive() {
    kill -0 "$1" 2>/dev/null || return 1
    case "$(ps -o stat= -p "$1" 2>/dev/null || true)" in
    Z*) return 1 ;;
    esac
    return 0
}

running_pid() {
    local pidfile=$1/pykmip.pid pid
    [ -f "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    is_alive "$pid" || return 1
    echo "$pid"
}

# Whether something listens on TCP port $1: read from /proc/net/tcp{,6} (no connection, so
# PyKMIP logs no failed session); elsewhere, bash's /dev/tcp probe.
port_listening() {
    local hex files=() f
    hex=$(printf '%04X' "$1")
    for f in /proc/net/tcp /proc/net/tcp6; do
        [ -r "$f" ] && files+=("$f")
    done
    if [ ${#files[@]} -gt 0 ]; then
        awk -v suffix=":$hex" 'FNR > 1 && substr($2, length($2) - 4) == suffix && $4 == "0A" { found = 1 }
            END { exit !found }' "${files[@]}"
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

cmd_start() {
    [ $# -eq 3 ] || die "usage: start DIR PORT PKI_DIR"
    local dir port pki pid f
    dir=$(abs_dir "$1")
    port=$2
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] && [ "$port" -lt 65536 ] || die "bad port '$port'"
    [ -d "$3" ] || die "PKI directory $3 does not exist"
    pki=$(cd "$3" && pwd)
    for f in ca.pem server.pem server-key.pem; do
        [ -f "$pki/$f" ] || die "$pki/$f is missing (write the PKI with: cargo run -p kmipkit --example write_test_pki -- $pki)"
    done
    [ -x "$dir/venv/bin/pykmip-server" ] || die "no PyKMIP in $dir/venv: run '$0 setup $dir' first"
    if pid=$(running_pid "$dir"); then
        die "a PyKMIP server of $dir is already running (pid $pid): stop it first"
    fi
    if port_listening "$port"; then
        die "port $port on 127.0.0.1 is already in use"
    fi

    mkdir -p "$dir/policies"
    rm -f "$dir/pykmip.db" "$dir/pykmip.pid" "$dir/pykmip.env"
    cat >"$dir/server.conf" <<EOF
[server]
hostname=127.0.0.1
port=$port
certificate_path=$pki/server.pem
key_path=$pki/server-key.pem
ca_path=$pki/ca.pem
auth_suite=TLS1.2
policy_path=$dir/policies
enable_tls_client_auth=True
tls_cipher_suites=
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
logging_level=INFO
database_path=$dir/pykmip.db
EOF

    # -l needs an absolute path (a relative one crashes PyKMIP 0.11).
    : >"$dir/server.log"
    "$dir/venv/bin/pykmip-server" -f "$dir/server.conf" -l "$dir/server.log" \
        >"$dir/stdout.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$dir/pykmip.pid"

    local waited=0
    until port_listening "$port"; do
        if ! is_alive "$pid"; then
            echo "pykmip.sh: the server exited before listening; last lines of its logs:" >&2
            tail -n 30 "$dir/stdout.log" "$dir/server.log" >&2 || true
            rm -f "$dir/pykmip.pid"
            exit 1
        fi
        # A failed start leaves the main process waiting for its policy-monitor child.
        if grep -q '^Traceback ' "$dir/stdout.log" 2>/dev/null; then
            echo "pykmip.sh: the server failed to start; last lines of its logs:" >&2
            tail -n 30 "$dir/stdout.log" "$dir/server.log" >&2 || true
            cmd_stop "$dir" >&2 || true
            exit 1
        fi
        if [ "$waited" -ge 300 ]; then # 30 s
            echo "pykmip.sh: the server did not listen on 127.0.0.1:$port within 30 s; last lines of its logs:" >&2
            tail -n 30 "$dir/stdout.log" "$dir/server.log" >&2 || true
            cmd_stop "$dir" >&2 || true
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done

    cat >"$dir/pykmip.env" <<EOF
export KMIPKIT_PYKMIP_ADDR=127.0.0.1:$port
export KMIPKIT_PYKMIP_PKI=$pki
EOF
    echo "pykmip.sh: PyKMIP listening on 127.0.0.1:$port (pid $pid, log $dir/server.log)"
    cat "$dir/pykmip.env"
}

descendants() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null || true); do
        echo "$child"
        descendants "$child"
    done
}

cmd_stop() {
    [ $# -eq 1 ] || die "usage: stop DIR"
    local dir pid pids p alive waited
    dir=$(abs_dir "$1")
    if ! pid=$(running_pid "$dir"); then
        rm -f "$dir/pykmip.pid"
        echo "pykmip.sh: no PyKMIP server of $dir is running"
        return 0
    fi
    # Find the children before the parent goes (then they would be re-parented).
    pids="$pid $(descendants "$pid" | tr '\n' ' ')"
    kill -TERM $pids 2>/dev/null || true
    # PyKMIP's accept loop wakes every 10 s: SIGTERM can take ~11 s.
    waited=0
    while :; do
        alive=""
        for p in $pids; do
            if is_alive "$p"; then
                alive="$alive $p"
            fi
        done
        [ -z "$alive" ] && break
        if [ "$waited" -ge 150 ]; then # 15 s
            echo "pykmip.sh: still running after 15 s, sending SIGKILL to$alive" >&2
            kill -KILL $alive 2>/dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    rm -f "$dir/pykmip.pid" "$dir/pykmip.env"
    echo "pykmip.sh: stopped PyKMIP (pids $pids)"
}

cmd_status() {
    [ $# -eq 1 ] || die "usage: status DIR"
    local pid
    if pid=$(running_pid "$1"); then
        echo "pykmip.sh: running (pid $pid)"
    else
        echo "pykmip.sh: not running"
        return 1
    fi
}

case "${1:-}" in
setup | start | stop | status)
    c=$1
    shift
    "cmd_$c" "$@"
    ;;
*)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
