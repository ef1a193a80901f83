"""The file-drop cursor: which files of each customer were taken, and what the previous poll saw.

Per customer: `taken` holds the signature (path, mtime, size or ETag) of each file already given a run,
pruned to the files still listed, so it stays as small as the drop folder. Keying by path and
signature, not by a time watermark, means two objects written in the same second (S3 timestamps have
one-second resolution) are both taken, and a rewritten file with a new signature is taken again.
`seen` is the previous poll's signatures: a file is taken only when its signature is unchanged
since then (still being written otherwise). `after` is the last customer the previous tick listed
(`drop_pages.py`); a cursor from before paging (customers at the top level) still loads.
"""

import json


def signature(file) -> str:
    return f"{file.modified_at.timestamp():.6f}:{file.etag or file.size}"


def run_key(customer_id: str, file) -> str:
    return f"drop:{customer_id}:{file.path}:{signature(file)}"


VERSION = 2


def load(cursor: str | None) -> tuple[dict, str | None]:
    """(per-customer entries, the last customer listed or None)."""
    data = json.loads(cursor) if cursor else {}
    if data.get("v") == VERSION:
        return data.get("customers", {}), data.get("after")
    return data, None


def dump(state: dict, after: str | None = None) -> str:
    data = {"v": VERSION, "customers": state, "after": after}
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def new_stable_files(entry: dict | None, files: list, first_sight_baseline) -> tuple[list, dict]:
    """(files to start a run for now, the customer's new cursor entry).

    On first sight of a customer (`entry` is None) every listed file but the newest counts as already
    taken (`first_sight_baseline(newest)` says whether even the newest is old news, e.g. already synced).
    """
    current = {f.path: signature(f) for f in files}
    if entry is None:
        newest = max(files, key=lambda f: (f.modified_at.timestamp(), f.name)) if files else None
        taken = {f.path: current[f.path] for f in files if f is not newest or first_sight_baseline(newest)}
        entry = {"taken": taken, "seen": {}}
    taken, seen = entry.get("taken", {}), entry.get("seen", {})
    ready = [
        f
        for f in sorted(files, key=lambda f: (f.modified_at.timestamp(), f.name))
        if taken.get(f.path) != current[f.path] and seen.get(f.path) == current[f.path]
    ]
    taken = {p: s for p, s in taken.items() if p in current}
    taken.update({f.path: current[f.path] for f in ready})
    return ready, {"taken": taken, "seen": current}
