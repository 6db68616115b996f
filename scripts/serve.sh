#!/usr/bin/env bash
# Start the background-task worker, the outbox sender and the web server;
# stop them all on Ctrl-C.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

"$BIN/python" manage.py db_worker --queue-name default &
worker=$!
"$BIN/python" manage.py send_messages --forever &
sender=$!
trap 'kill "$worker" "$sender" 2>/dev/null || true' EXIT INT TERM

"$BIN/python" manage.py demo_people --url "http://$HOST:$PORT"
exec_args=(--bind "$HOST:$PORT" --workers 1 --threads 8 --timeout 300 --no-control-socket --access-logfile - podium.wsgi:application)
"$BIN/gunicorn" "${exec_args[@]}"
