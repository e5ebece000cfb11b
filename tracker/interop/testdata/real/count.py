#!/usr/bin/env python3
"""Count the entries of the real exports independently of Shiplog's importer.

For each file this reads the entries with Python's csv, json, datetime and zoneinfo modules and
prints, as expected.json, what an import must find: the rows read, the zero-length entries, the
open intervals, the overlaps within the file (entries that start before an earlier one ends, and
the seconds counted more than once), and for each overlap policy the entries imported, their
seconds and the first and last day (local, Europe/Berlin) on which one starts.

The rules, written here from the issue and not from the Go code:
- an entry that starts and ends at once is skipped;
- an open interval runs if it started within the 24 hours before NOW, else it is skipped;
- entries are taken in order of start, ties in file order;
  keep: every entry as it is;
  trim: an entry that overlaps the last one kept ends that one where it begins (and removes it
        when both start at once);
  skip: an entry that overlaps the last one kept is left out.

Run from this directory: python3 count.py > expected.json
"""

import csv
import json
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc)  # the tests' clock

# Each file with how to read it: its kind and, for the CSV exports, the order of its dates as a
# person reading it decides (the Go side must settle it, or be told with --date-format).
FILES = {
    "toggl/timetrackR_2019-04-07_to_2020-04-06.csv": ("csv", "%Y-%m-%d", None),
    "toggl/toggl-dashboard_2017-08.csv": ("csv", "%Y-%m-%d", None),
    "toggl/toggl-til-ubw_2018-10-08_to_2018-10-14.csv": ("csv", "%Y-%m-%d", None),
    "toggl/solidtime_toggl_time_entries_import_test_1.csv": ("csv", "%Y-%m-%d", None),
    "clockify/solidtime_clockify_time_entries_import_test_1.csv": ("csv", "%m/%d/%Y", "MDY"),
    "clockify/solidtime_clockify_time_entries_import_test_2.csv": ("csv", "%m/%d/%Y", None),
    "clockify/metaplm_Clockify_Time_Report_Detailed_01_01_2026-31_12_2026.csv": ("csv", "%d/%m/%Y", None),
    "timewarrior/my-time_all-time_f207054.json": ("timew", None, None),
    "timewarrior/timew-mcp_read-summary_50c5147.json": ("timew", None, None),
    "watson/cbrasser_frames.json": ("watson", None, None),
    "watson/jkajan_frames.json": ("watson", None, None),
}

CLOCKS = ["%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"]


def local(date, clock, date_format):
    for c in CLOCKS:
        try:
            t = datetime.strptime(date + " " + clock, date_format + " " + c)
            return t.replace(tzinfo=ZONE).astimezone(timezone.utc)
        except ValueError:
            pass
    raise ValueError(f"cannot read {date} {clock}")


def read_csv(path, date_format):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip().lower() for h in rows[0]]
    col = {name: header.index(name) for name in ("start date", "start time", "end date", "end time")}
    out = []
    for r in rows[1:]:
        if not any(x.strip() for x in r):
            continue
        start = local(r[col["start date"]], r[col["start time"]], date_format)
        end = local(r[col["end date"]], r[col["end time"]], date_format)
        out.append((start, end))
    return out


def read_timew(path):
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    lines = text.split("\n")
    first = next(i for i, l in enumerate(lines) if l.lstrip().startswith("["))
    out = []
    for iv in json.loads("\n".join(lines[first:])):
        start = datetime.strptime(iv["start"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        end = None
        if "end" in iv:
            end = datetime.strptime(iv["end"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        out.append((start, end))
    return out


def read_watson(path):
    with open(path, encoding="utf-8-sig") as f:
        frames = json.load(f)
    return [(datetime.fromtimestamp(fr[0], timezone.utc), datetime.fromtimestamp(fr[1], timezone.utc)) for fr in frames]


def count(entries):
    zero = open_skipped = running = 0
    spans = []
    for i, (start, end) in enumerate(entries):
        if end is None:
            if timedelta(0) <= NOW - start <= timedelta(hours=24):
                running += 1
                spans.append((start, NOW, i, True))
            else:
                open_skipped += 1
        elif end == start:
            zero += 1
        else:
            spans.append((start, end, i, False))
    spans.sort(key=lambda s: (s[0], s[2]))

    overlap_count = 0
    reach = None
    for s in spans:
        if reach is not None and s[0] < reach:
            overlap_count += 1
        reach = s[1] if reach is None else max(reach, s[1])
    total = sum((s[1] - s[0]).total_seconds() for s in spans)
    union, cur = 0.0, None
    for s in spans:
        if cur is None or s[0] >= cur[1]:
            if cur is not None:
                union += (cur[1] - cur[0]).total_seconds()
            cur = [s[0], s[1]]
        else:
            cur[1] = max(cur[1], s[1])
    if cur is not None:
        union += (cur[1] - cur[0]).total_seconds()

    policies = {}
    for policy in ("keep", "trim", "skip"):
        kept = []
        for s in spans:
            s = list(s)
            if policy == "keep" or not kept or kept[-1][1] <= s[0]:
                kept.append(s)
            elif policy == "skip":
                continue
            elif kept[-1][0] >= s[0]:
                kept[-1] = s
            else:
                kept[-1][1], kept[-1][3] = s[0], False
                kept.append(s)
        finished = [k for k in kept if not k[3]]
        days = sorted(k[0].astimezone(ZONE).date().isoformat() for k in kept)
        policies[policy] = {
            "count": len(kept),
            "seconds": int(sum((k[1] - k[0]).total_seconds() for k in finished)),
            "first_day": days[0] if days else "",
            "last_day": days[-1] if days else "",
        }
    return {
        "entries": len(entries),
        "zero_length": zero,
        "open_skipped": open_skipped,
        "running": running,
        "overlaps": {"count": overlap_count, "seconds": int(total - union)},
        "policies": policies,
    }


def main():
    out = {}
    for path, (kind, date_format, order) in FILES.items():
        if kind == "csv":
            entries = read_csv(path, date_format)
        elif kind == "timew":
            entries = read_timew(path)
        else:
            entries = read_watson(path)
        out[path] = count(entries)
        out[path]["format"] = path.split("/")[0]
        if order:
            out[path]["date_format"] = order
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
