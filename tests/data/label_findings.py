#!/usr/bin/env python3
"""Writes tests/data/findings.jsonl: every finding of the five Kirklees seeds with the themes a
reader would file it under (labelled by hand, by finding id). Run after changing the importer:
  python3 tests/data/label_findings.py assets/themes/kirklees.json > tests/data/findings.jsonl
A finding without a label is an error, so new findings cannot slip in unlabelled."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from theme_ids import *  # noqa: E402,F401,F403  (PR, ST, … as the labels below use them)

LABELS = {
    "2011-letter-strength-01": [DIS, PR],
    "2011-letter-finding-01": [FR],
    "2011-letter-finding-02": [FR],
    "2011-letter-finding-03": [WS],
    "2011-letter-finding-04": [VOICE, DW],
    "2011-letter-finding-05": [PR],
    "2011-letter-finding-06": [PR],
    "2011-letter-finding-07": [FR, SAFE],
    "2011-letter-finding-08": [PR],
    "2011-letter-finding-09": [MO],
    "2011-letter-finding-10": [FR, SAFE],
    "2011-letter-finding-11": [WS, MO],
    "2011-letter-finding-12": [WS],
    "2011-letter-finding-13": [MO],
    "2011-letter-finding-14": [NDA, SAFE],
    "2011-letter-improve-01": [EH],
    "2011-letter-improve-02": [MO, PR],
    "2011-letter-improve-03": [PR],
    "2011-letter-improve-04": [MO, PR],
    "2011-letter-improve-05": [FR, PR],
    "2011-letter-improve-06": [PR],
    "2017-improvement-report-finding-01": [FR, EH],
    "2017-improvement-report-finding-02": [PR],
    "2017-improvement-report-finding-03": [MO, IRO],
    "2019-ilacs-improve-01": [PR, FR],
    "2019-ilacs-improve-02": [PR],
    "2019-ilacs-improve-03": [DIS, PF, SAFE],
    "2019-ilacs-improve-04": [MI],
    "2019-ilacs-improve-05": [ST],
    "2019-ilacs-improve-06": [LIFE],
    "2019-ilacs-improve-07": [HE],
    "2019-ilacs-improve-08": [FC],
    "2019-ilacs-improve-09": [MO],
    "2019-ilacs-improve-10": [MO, IRO],
    "2019-ilacs-finding-01": [FR, VOICE],
    "2019-ilacs-finding-02": [EH],
    "2019-ilacs-finding-03": [FR],
    "2019-ilacs-finding-04": [NDA],
    "2019-ilacs-finding-05": [PR, FR],
    "2019-ilacs-finding-06": [PR],
    "2019-ilacs-finding-07": [PR, DW],
    "2019-ilacs-finding-08": [EXP],
    "2019-ilacs-finding-09": [LIVE],
    "2019-ilacs-finding-10": [EDU],
    "2019-ilacs-finding-11": [DIS],
    "2019-ilacs-finding-12": [PF],
    "2019-ilacs-finding-13": [SAFE, MO],
    "2019-ilacs-finding-14": [MI],
    "2019-ilacs-finding-15": [ST, IRO, MO],
    "2019-ilacs-finding-16": [ST],
    "2019-ilacs-finding-17": [FAM, EH],
    "2019-ilacs-finding-18": [ST, FAM],
    "2019-ilacs-finding-19": [ST],
    "2019-ilacs-finding-20": [ST, FC],
    "2019-ilacs-finding-21": [FC, SOC, ST],
    "2019-ilacs-finding-22": [FC],
    "2019-ilacs-finding-23": [LIVE],
    "2019-ilacs-finding-24": [ST],
    "2019-ilacs-finding-25": [IRO, VOICE],
    "2019-ilacs-finding-26": [LIFE, DW],
    "2019-ilacs-finding-27": [INF, VOICE, SOC],
    "2019-ilacs-finding-28": [HE],
    "2019-ilacs-finding-29": [PR, IRO],
    "2019-ilacs-finding-30": [EDU],
    "2019-ilacs-finding-31": [PA, PR, VOICE],
    "2019-ilacs-finding-32": [PA, MON],
    "2019-ilacs-finding-33": [EDU],
    "2019-ilacs-finding-34": [LIVE, SP],
    "2019-ilacs-finding-35": [LEAD],
    "2019-ilacs-finding-36": [LEAD],
    "2019-ilacs-finding-37": [LEAD, WS],
    "2019-ilacs-finding-38": [LEAD],
    "2019-ilacs-finding-39": [LEAD, EXP, MI],
    "2019-ilacs-finding-40": [LEAD, INF, VOICE],
    "2019-ilacs-finding-41": [MO],
    "2019-ilacs-finding-42": [PR, MO],
    "2019-ilacs-finding-43": [MO, ST],
    "2019-ilacs-finding-44": [PF, MO],
    "2019-ilacs-finding-45": [MO],
    "2019-ilacs-finding-46": [WS, DW, DIS],
    "2019-ilacs-finding-47": [WS],
    "2019-ilacs-finding-48": [WS],
    "2019-ilacs-finding-49": [MO],
    "minutes-strength-01": [FR, VOICE, FAM],
    "minutes-strength-02": [EXP],
    "minutes-strength-03": [DIS],
    "minutes-strength-04": [EDU],
    "minutes-strength-05": [DW],
    "minutes-strength-06": [ST, FC],
    "minutes-strength-07": [PA],
    "minutes-strength-08": [WS],
    "minutes-strength-09": [WS],
    "minutes-improve-01": [LIVE],
    "minutes-improve-02": [PR],
    "minutes-improve-03": [NDA],
    "monitoring-finding-01": [SAFE, FR],
    "monitoring-finding-02": [MO],
    "monitoring-finding-03": [FR],
    "monitoring-finding-04": [FR],
    "monitoring-finding-05": [FR],
    "monitoring-finding-06": [PR],
    "monitoring-finding-07": [MO],
}


def main():
    catalogue = json.load(open(sys.argv[1], encoding="utf-8"))
    missing = []
    for f in catalogue["findings"]:
        key = f["id"].removeprefix("kirklees-")
        if key not in LABELS:
            missing.append(f["id"])
            continue
        print(json.dumps({"id": f["id"], "text": f["text"], "themes": LABELS[key]}, ensure_ascii=False))
    if missing:
        sys.exit("unlabelled findings: " + ", ".join(missing))


if __name__ == "__main__":
    main()
