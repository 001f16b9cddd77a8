"""screen_names.py — screens a file of names, one a line, with `vet screen --format jsonl -`
and returns the parsed answers in input order. Shared by the bench scripts that count flags."""
import json
import subprocess


def screen(vet, snapshot, path):
    """The JSON answer of `vet screen -i SNAPSHOT --format jsonl -` for each line of path."""
    with open(path, "rb") as f:
        p = subprocess.run([vet, "screen", "-i", snapshot, "--format", "jsonl", "-"], stdin=f,
                           capture_output=True, check=False)
    if p.returncode not in (0, 1):
        raise SystemExit("vet screen failed: " + p.stderr.decode())
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def flagged(row):
    """1 if the answer has a match at or above the threshold."""
    return any(m["match"] for m in row["matches"])
