#!/usr/bin/env python3
"""list_server.py — a local HTTP server for the `vet update` tests.

Serves the files of --root on 127.0.0.1 (only) on a free port, which it
writes to --port-file once it listens. Each file's behaviour is read, on
every request, from ROOT/.behaviour.json, so a test changes behaviour
between runs without restarting the server:

  {"default": "normal", "files": {"sdn.csv": "truncate"}}

Behaviours:
  normal         200 with ETag (a hash of the content) and Last-Modified;
                 304 when If-None-Match matches (or, without it,
                 If-Modified-Since is not older than the file)
  plain          200 without ETag or Last-Modified, never 304
  truncate       announces the full Content-Length, sends half, closes
  status500      always 500
  fail_first:N   500 for the first N requests of this file under this
                 behaviour string, then normal
  slow:S         waits S seconds before answering, then normal
  busy:N:S       503 with "Retry-After: S" for the first N requests, then normal
  stall          sends the headers and a few bytes, then waits 60 s
  gzip           200 with Content-Encoding: gzip when the client accepts it
                 (Content-Length is then the compressed size), with validators

Every request is appended to --log as one JSON line, before its answer is
sent (so a client that has its answer finds the request logged):
  {"path": ..., "status": ..., "if_none_match": ..., "if_modified_since": ..., "bytes": ...}
"""
import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import socketserver
import sys
import threading
import time

COUNTS = {}
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    def record(self, status, nbytes):
        entry = {
            "path": self.path,
            "status": status,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "bytes": nbytes,
        }
        with LOCK, open(self.server.log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def behaviour(self, name):
        try:
            with open(os.path.join(self.server.root, ".behaviour.json")) as f:
                conf = json.load(f)
        except (OSError, ValueError):
            conf = {}
        return conf.get("files", {}).get(name, conf.get("default", "normal"))

    def do_GET(self):
        name = self.path.split("?", 1)[0].lstrip("/")
        path = os.path.join(self.server.root, name)
        if "/" in name or name.startswith(".") or not os.path.isfile(path):
            self.record(404, 0)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        how = self.behaviour(name)
        # Requests are counted per file and behaviour, so a new "fail_first:N"
        # starts from zero.
        with LOCK:
            COUNTS[(name, how)] = COUNTS.get((name, how), 0) + 1
            count = COUNTS[(name, how)]
        if how.startswith("fail_first:"):
            how = "status500" if count <= int(how.split(":", 1)[1]) else "normal"
        if how.startswith("busy:"):
            _, n, secs = how.split(":")
            if count <= int(n):
                self.record(503, 0)
                self.send_response(503)
                self.send_header("Retry-After", secs)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            how = "normal"
        if how.startswith("slow:"):
            time.sleep(float(how.split(":", 1)[1]))
            how = "normal"
        if how == "status500":
            body = b"internal error\n"
            self.record(500, len(body))
            self.send_response(500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = int(os.path.getmtime(path))
        last_mod = email.utils.formatdate(mtime, usegmt=True)
        if how in ("normal", "gzip"):
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if inm is not None:
                fresh = inm.strip() == etag
            elif ims is not None:
                try:
                    fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
                except (TypeError, ValueError):
                    fresh = False
            if fresh:
                self.record(304, 0)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
        gz = how == "gzip" and "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            data = gzip.compress(data)
        sent = {"truncate": len(data) // 2, "stall": 16}.get(how, len(data))
        self.record(200, sent)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        if how in ("normal", "gzip"):
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_mod)
        self.end_headers()
        if how == "truncate":
            self.wfile.write(data[:sent])
            self.wfile.flush()
            self.close_connection = True
            return
        if how == "stall":
            self.wfile.write(data[:sent])
            self.wfile.flush()
            time.sleep(60)
            return
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gave up (the timeout tests) is expected, not news.
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = os.path.abspath(a.root)
    srv.log_path = a.log
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
