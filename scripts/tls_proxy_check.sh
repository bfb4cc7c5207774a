#!/usr/bin/env bash
# Checks cordon serve behind nginx with TLS, the set-up docs/deployment.md describes.
#
# In a temporary folder: a self-signed certificate (openssl; CN and subjectAltName localhost and
# 127.0.0.1), an nginx config that terminates TLS on 127.0.0.1:<free port> and proxies to cordon
# serve on 127.0.0.1:<another free port>, and a cordon config with one API key (role screen). nginx
# runs in the foreground of a background job with its own prefix, pid and logs (the system nginx
# service is never used or touched). Then, over HTTPS with the generated certificate as the only
# trust anchor (python3 ssl): GET /healthz; POST /v1/screen "Kim Sang-man" with the key finds
# ofac-sdn:43377 and carries the X-Request-Id sent; without a key 401; plain HTTP to the TLS port
# fails; a client that does not trust the certificate is refused; a body over 1 MiB gets 413 at
# the proxy. Everything started is stopped and the folder removed on exit.
#
#   bash scripts/build.sh && bash scripts/tls_proxy_check.sh [--cordon PATH] [--keep] [-- SERVE ARGS...]
#
# Installs nginx with apt-get when it is missing (as root; the package's service is not started).
# Prints one PASS/FAIL line per check; exit status 0 when all pass, 1 when one fails, 2 when the
# set-up fails.
set -euo pipefail
cd "$(dirname "$0")/.."

cordon=build/apps/cordon/cordon
keep=0
serve_args=()
while (($#)); do
    case "$1" in
        --cordon) cordon="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        --) shift; serve_args=("$@"); break ;;
        *) echo "usage: $0 [--cordon PATH] [--keep] [-- SERVE ARGS...]" >&2; exit 2 ;;
    esac
done
[[ -x "$cordon" ]] || { echo "error: no cordon binary at $cordon (bash scripts/build.sh)" >&2; exit 2; }
cordon="$(realpath "$cordon")"
python=/usr/bin/python3

nginx_bin="$(command -v nginx || true)"
[[ -n "$nginx_bin" ]] || { [[ -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx; }
if [[ -z "$nginx_bin" ]]; then
    [[ $EUID -eq 0 ]] || { echo "error: nginx is missing: apt-get install -y nginx (as root)" >&2; exit 2; }
    echo "installing nginx (apt-get)"
    # Keep the package from starting its own service on port 80 where no policy says so already.
    made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
    fi
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; } \
        >/dev/null || { ((made_policy)) && rm -f /usr/sbin/policy-rc.d; echo "error: apt-get install nginx failed" >&2; exit 2; }
    ((made_policy)) && rm -f /usr/sbin/policy-rc.d
    nginx_bin=/usr/sbin/nginx
fi
command -v openssl >/dev/null || { echo "error: openssl is missing (apt-get install -y openssl)" >&2; exit 2; }

tmp="$(mktemp -d /tmp/cordon-tls.XXXXXX)"
# nginx workers drop root to nobody; they need to pass through the folder (the key stays 0600, read
# by the master alone).
chmod 711 "$tmp"
nginx_pid=""
cordon_pid=""
hash_key_failed=0
cleanup() {
    local rc=$?
    if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$nginx_pid" 2>/dev/null || true
    fi
    if [[ -n "$cordon_pid" ]] && kill -0 "$cordon_pid" 2>/dev/null; then
        kill -TERM "$cordon_pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$cordon_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$cordon_pid" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    if ((keep)); then echo "kept $tmp"; else rm -rf "$tmp"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
cordon_port="$(free_port)"
tls_port="$(free_port)"

# --- certificate -----------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
chmod 600 "$tmp/key.pem"

# --- cordon serve ----------------------------------------------------------------------------------
key="$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
# The server's own hash-key is the documented way; fall back to sha256sum if this build lacks it.
key_sha="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
hashed="$(printf '%s' "$key" | "$cordon" hash-key 2>/dev/null || true)"
if [[ "$hashed" == "$key_sha" ]]; then
    echo "PASS cordon hash-key prints the key's sha256"
else
    echo "FAIL cordon hash-key prints the key's sha256: got '${hashed:0:80}'"
    hash_key_failed=1
fi
cat > "$tmp/cordon.json" <<EOF
{
  "api_keys": [{"name": "tls-check", "sha256": "$key_sha", "roles": ["screen"]}],
  "log": {"query_names": false},
  "limits": {"max_body_bytes": 1048576}
}
EOF
"$cordon" serve --host 127.0.0.1 --port "$cordon_port" --config "$tmp/cordon.json" "${serve_args[@]}" \
    > "$tmp/cordon.log" 2>&1 &
cordon_pid=$!

# --- nginx -----------------------------------------------------------------------------------------
cat > "$tmp/nginx.conf" <<EOF
# Generated by scripts/tls_proxy_check.sh; docs/deployment.md explains each line.
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 256; }

http {
    log_format cordon '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent '
                      'rid=\$upstream_http_x_request_id rt=\$request_time urt=\$upstream_response_time';
    access_log $tmp/access.log cordon;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server_tokens off;

    upstream cordon {
        server 127.0.0.1:$cordon_port;
        keepalive 16;
        keepalive_timeout 50s;  # under cordon's 60 s, so that nginx never reuses a connection cordon closes
    }

    server {
        listen 127.0.0.1:$tls_port ssl;
        server_name localhost;
        ssl_certificate $tmp/cert.pem;
        ssl_certificate_key $tmp/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:cordon_tls:1m;

        # cordon's limits.max_body_bytes (1 MiB by default): larger bodies stop here with 413.
        client_max_body_size 1m;

        location / {
            proxy_pass http://cordon;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Request-Id \$http_x_request_id;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_connect_timeout 2s;
            proxy_send_timeout 30s;
            proxy_read_timeout 120s;
        }
    }
}
EOF
"$nginx_bin" -t -q -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" \
    || { echo "error: nginx rejected the config:"; cat "$tmp/error.log"; exit 2; } >&2
"$nginx_bin" -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" -g 'daemon off;' &
nginx_pid=$!

# --- wait for both ---------------------------------------------------------------------------------
"$python" - "$cordon_port" "$tls_port" "$cordon_pid" "$nginx_pid" <<'EOF' || { echo "--- cordon log:"; tail -20 "$tmp/cordon.log"; echo "--- nginx error log:"; tail -20 "$tmp/error.log"; exit 2; } >&2
import os, socket, sys, time, urllib.request
cordon_port, tls_port, cordon_pid, nginx_pid = map(int, sys.argv[1:])
deadline = time.monotonic() + 60
def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
while True:
    if not alive(cordon_pid) or not alive(nginx_pid):
        sys.exit(f"error: {'cordon serve' if not alive(cordon_pid) else 'nginx'} exited during start-up")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{cordon_port}/readyz", timeout=2) as r:
            if r.status == 200:
                socket.create_connection(("127.0.0.1", tls_port), timeout=2).close()
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("error: cordon serve not ready (GET /readyz) or nginx not listening within 60 s")
    time.sleep(0.1)
EOF

# --- the checks ------------------------------------------------------------------------------------
set +e
"$python" - "$tls_port" "$tmp/cert.pem" "$key" <<'EOF'
import http.client, json, socket, ssl, sys
port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
trusted = ssl.create_default_context(cafile=cert)   # the generated certificate is the only anchor
failed = 0

def check(ok, what, detail=""):
    global failed
    failed += not ok
    print(f"{'PASS' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""))

def request(method, path, body=None, headers=None, context=trusted):
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), resp.read()
    finally:
        conn.close()

def attempt(what, fn):
    try:
        fn()
    except Exception as e:  # a check that raises has failed; the others still run
        check(False, what, repr(e))

def healthz():
    status, headers, body = request("GET", "/healthz")
    check(status == 200 and json.loads(body).get("status") == "ok" and "x-request-id" in headers,
          "GET /healthz over HTTPS: 200 {\"status\":\"ok\"} with X-Request-Id",
          f"{status} {body[:200]!r} {headers}")

def screen():
    status, headers, body = request(
        "POST", "/v1/screen", json.dumps({"name": "Kim Sang-man"}),
        {"Authorization": f"Bearer {key}", "Content-Type": "application/json",
         "X-Request-Id": "tls-proxy-check-1"})
    ids = [m.get("entity_id") for m in json.loads(body).get("matches", [])] if status == 200 else []
    check(status == 200 and "ofac-sdn:43377" in ids,
          "POST /v1/screen \"Kim Sang-man\" with a key over HTTPS: 200, finds ofac-sdn:43377",
          f"{status} {body[:300]!r}")
    check(headers.get("x-request-id") == "tls-proxy-check-1",
          "X-Request-Id sent through the proxy comes back", f"got {headers.get('x-request-id')!r}")

def no_key():
    status, headers, body = request("POST", "/v1/screen", json.dumps({"name": "Kim Sang-man"}),
                                    {"Content-Type": "application/json"})
    check(status == 401 and headers.get("www-authenticate", "").startswith("Bearer")
          and json.loads(body).get("error") == "unauthorized",
          "POST /v1/screen without a key over HTTPS: 401 unauthorized, WWW-Authenticate: Bearer",
          f"{status} {body[:200]!r} {headers}")

def plain_http():
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/healthz")
        resp = conn.getresponse()
        status, body = resp.status, resp.read()
        conn.close()
    except (OSError, http.client.HTTPException) as e:
        check(True, "plain HTTP to the TLS port fails", "")
        return
    check(status != 200, "plain HTTP to the TLS port fails", f"got {status} {body[:200]!r}")

def untrusted():
    try:
        request("GET", "/healthz", context=ssl.create_default_context())  # system CAs only
    except ssl.SSLCertVerificationError:
        check(True, "a client without the certificate as trust anchor is refused")
        return
    check(False, "a client without the certificate as trust anchor is refused", "the handshake succeeded")

def too_large():
    body = json.dumps({"name": "x" * (1024 * 1024 + 100)})
    try:
        status, _, _ = request("POST", "/v1/screen", body,
                               {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    except (OSError, http.client.HTTPException) as e:
        check(False, "a body over 1 MiB gets 413 at the proxy", repr(e))
        return
    check(status == 413, "a body over 1 MiB gets 413 at the proxy", f"got {status}")

for what, fn in (("GET /healthz over HTTPS", healthz), ("POST /v1/screen with a key", screen),
                 ("POST /v1/screen without a key", no_key), ("plain HTTP to the TLS port", plain_http),
                 ("untrusted client", untrusted), ("body over 1 MiB", too_large)):
    attempt(what, fn)
sys.exit(1 if failed else 0)
EOF
rc=$?
set -e
if ((rc != 0)); then
    echo "--- cordon log (last lines):"; tail -5 "$tmp/cordon.log"
    echo "--- nginx error log:"; tail -10 "$tmp/error.log"
    echo "--- nginx access log:"; tail -10 "$tmp/access.log"
fi
if ! kill -0 "$cordon_pid" 2>/dev/null; then
    echo "FAIL cordon serve exited during the checks"; rc=1
fi
((hash_key_failed)) && rc=1
exit "$rc"
