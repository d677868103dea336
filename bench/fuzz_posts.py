#!/usr/bin/env python3
"""Malformed and awkward POSTs on raw sockets: does every connection get a whole HTTP answer?

An outside tester saw, under fuzzing, a few connections (1 to 8 in 15 300 POSTs) closed without
any response. This script sends the kinds of requests that can do that (bodies over the 2 MB
limit, wrong content types with large bodies, bodies longer than their Content-Length, broken
chunked encoding, bodies sent slowly or in pieces, a client that half-closes) and counts, per
kind, the connections that did not end cleanly: no answer, an incomplete one, or a reset (RST)
while sending or after the answer (a client still sending, or slower to read, loses the answer).

What it found (see crates/web/src/request_body.rs): handlers and extractor rejections that answer
before reading the body (303 to the login page, 404, 405, 400 "not a form", 413) made hyper close
the connection with request bytes unread; the kernel then resets the connection and drops the part
of the answer not yet sent. --rcvbuf 1 (a small client window, as on a slow link) makes it show on
loopback: before the fix, 47 of 100 "wrong content type, large body" answers were cut off.

Run it against a running server (dev or release binary; nothing else needed but Python 3):

    cargo build && ESSAIM_BIND=127.0.0.1:18080 ESSAIM_DATABASE_URL=sqlite:///tmp/fuzz.db \
        ESSAIM_MAIL__FILE_DIR=/tmp/fuzz-mail ESSAIM_LIMITS__SIGN_PER_MINUTE=1000000000 \
        ESSAIM_LIMITS__SIGN_PER_HOUR=1000000000 RUST_LOG=warn target/debug/essaim serve &
    python3 bench/fuzz_posts.py --port 18080 --rounds 300 --threads 8
    python3 bench/fuzz_posts.py --port 18080 --rounds 300 --threads 8 --rcvbuf 1

It exits with status 1 if any connection (outside the known case) was not answered cleanly.
Loopback only: it tests our server, it is not a load generator for someone else's.
"""

import argparse
import collections
import random
import re
import socket
import threading
import time

PATHS = [
    "/signer", "/connexion", "/connexion/lien", "/deconnexion", "/mon-espace",
    "/mon-espace/supprimer", "/signature/confirmer", "/groupes/1/rejoindre", "/groupes/1/import",
    "/agir/profil", "/competences", "/evenements/1/inscription", "/sante", "/nulle-part",
]
FORM = "application/x-www-form-urlencoded"
SMALL = b"csrf=x&first_name=Louise&last_name=Michel&email=l%40exemple.fr&postal_code=75018&country=FR"
MB = 1024 * 1024


def head(path, headers):
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send_all(sock, data, piece=None, pause=0.0):
    """Sends data (in pieces of `piece` bytes with a pause between, if given)."""
    if not piece:
        sock.sendall(data)
        return
    for i in range(0, len(data), piece):
        sock.sendall(data[i:i + piece])
        time.sleep(pause)


# Each case returns (what to send, how): a list of (bytes, piece, pause) and whether to half-close.
def case_small_form(path):
    return [(head(path, [("Content-Type", FORM), ("Content-Length", len(SMALL))]) + SMALL, None, 0)], False


def case_small_form_split(path):
    # Headers, then the body in a later segment: the handler may answer before it arrives.
    h = head(path, [("Content-Type", FORM), ("Content-Length", len(SMALL))])
    return [(h, None, 0.002), (SMALL, None, 0)], False


def case_oversized(path):
    body = b"a=" + b"x" * (random.choice([2, 3, 5, 20]) * MB)
    return [(head(path, [("Content-Type", FORM), ("Content-Length", len(body))]) + body, None, 0)], False


def case_wrong_type_large(path):
    body = b"{" + b"\"k\":1," * random.choice([20_000, 100_000, 300_000]) + b"\"z\":0}"
    ctype = random.choice(["application/json", "text/plain", "multipart/form-data", "image/png"])
    return [(head(path, [("Content-Type", ctype), ("Content-Length", len(body))]) + body, None, 0)], False


def case_longer_than_declared(path):
    extra = b"&" + b"y" * random.choice([10, 5_000, 200_000])
    h = head(path, [("Content-Type", FORM), ("Content-Length", len(SMALL))])
    return [(h + SMALL + extra, None, 0)], False


def case_bad_chunked(path):
    h = head(path, [("Content-Type", FORM), ("Transfer-Encoding", "chunked")])
    body = random.choice([
        b"zz\r\nabc\r\n0\r\n\r\n",                       # not a hex size
        b"5\r\nabcdefgh\r\n0\r\n\r\n",                  # chunk longer than its size
        b"ffffffffffffffffff\r\nabc\r\n",               # size overflow
    ])
    return [(h + body, None, 0)], False


def case_flood_after_bad_chunk(path):
    # After a framing error nothing can tell where the garbage ends: hyper stops reading and
    # closes, and the unread flood makes the kernel reset the connection. Known, not fixable
    # above hyper (it would take a lingering close in the accept loop); reported apart.
    h = head(path, [("Content-Type", FORM), ("Transfer-Encoding", "chunked")])
    return [(h + b"4\r\na=bc" + b"x" * 200_000, None, 0)], False


def case_slow_body(path):
    h = head(path, [("Content-Type", FORM), ("Content-Length", len(SMALL))])
    return [(h, None, 0), (SMALL, 16, 0.05)], False


def case_half_close(path):
    # Declares more than it sends, then shuts its writing side: the body can never complete.
    h = head(path, [("Content-Type", FORM), ("Content-Length", len(SMALL) + 100)])
    return [(h + SMALL, None, 0)], True


CASES = {
    "small form": case_small_form,
    "small form, body in a second segment": case_small_form_split,
    "over 2 MB": case_oversized,
    "wrong content type, large body": case_wrong_type_large,
    "body longer than Content-Length": case_longer_than_declared,
    "invalid chunked encoding": case_bad_chunked,
    "a flood after an invalid chunk (known)": case_flood_after_bad_chunk,
    "body sent slowly": case_slow_body,
    "half-close before the body ends": case_half_close,
}


# Cases whose failures are reported but do not fail the run (see their comment).
KNOWN = {"a flood after an invalid chunk (known)"}


def one(port, name, path, timeout, rcvbuf):
    """Runs one case on a fresh connection; returns (name, outcome)."""
    parts, half_close = CASES[name](path)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:  # a small window keeps the answer queued on the server side, as on a slow link
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(timeout)
    sock.connect(("127.0.0.1", port))
    send_error = None
    try:
        for data, piece, pause in parts:
            send_all(sock, data, piece, pause)
            time.sleep(pause if not piece else 0)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
    except OSError as error:  # the server stopped reading: still read what it said
        send_error = type(error).__name__
    received, read_error = b"", None
    try:
        while not complete(received):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        if complete(received):
            # The answer is complete: does the server then close cleanly, keep the connection
            # open, or reset it (which a client still sending, or slower to read, would see
            # instead of the answer)?
            sock.settimeout(0.3)
            while sock.recv(65536):
                pass
    except socket.timeout:
        if not complete(received):
            read_error = "timeout"
    except OSError as error:
        read_error = type(error).__name__
    sock.close()
    if not complete(received):
        how = f"{send_error} while sending, " if send_error else ""
        how += f"{read_error} while reading" if read_error else "EOF"
        kind = "incomplete response" if received else "closed without a response"
        return name, f"{kind} ({how})"
    status = received[9:12].decode()
    if send_error or read_error:
        return name, f"{status} then reset ({send_error or read_error})"
    return name, status


def complete(received):
    """Whether `received` holds a whole response (status line, headers, Content-Length body)."""
    if not received.startswith(b"HTTP/1.1 ") or b"\r\n\r\n" not in received:
        return False
    header, body = received.split(b"\r\n\r\n", 1)
    length = re.search(rb"(?im)^content-length:\s*(\d+)", header)
    return length is None or len(body) >= int(length.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--rounds", type=int, default=100, help="requests per case")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=40.0)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--rcvbuf", type=int, default=0,
                        help="client receive buffer in bytes (small: answers wait on the server)")
    args = parser.parse_args()

    jobs = [(name, random.choice(PATHS)) for name in CASES for _ in range(args.rounds)
            if not args.only or args.only in name]
    random.shuffle(jobs)
    results = collections.defaultdict(collections.Counter)
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not jobs:
                    return
                name, path = jobs.pop()
            name, outcome = one(args.port, name, path, args.timeout, args.rcvbuf)
            with lock:
                results[name][outcome] += 1

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    unanswered = known = 0
    for name in CASES:
        if name not in results:
            continue
        counts = results[name]
        bad = sum(n for outcome, n in counts.items() if not outcome.isdigit())
        if name in KNOWN:
            known += bad
        else:
            unanswered += bad
        shown = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(counts.items()))
        print(f"{'!!' if bad else 'ok'} {name:<40} {shown}")
    total = sum(sum(c.values()) for c in results.values())
    print(f"{unanswered} of {total} connections not answered cleanly (no or incomplete answer, "
          f"or a reset); {known} more in the known case")
    raise SystemExit(1 if unanswered else 0)


if __name__ == "__main__":
    main()
