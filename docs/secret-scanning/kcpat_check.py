#!/usr/bin/env python3
"""Checks the checksum of Keycloak API tokens (kcpat_...), the part a gitleaks rule cannot check.

A token reads "kcpat_" + 32 base62 characters + 6 base62 characters: the CRC32 (IEEE 802.3, as zlib.crc32) of the
ASCII bytes of everything before them, as an unsigned 32-bit number written in base62 ("0-9A-Za-z"), most significant
digit first, padded with "0" to 6 digits.

    kcpat_check.py [FILE ...]                       scan files (or standard input) for well-formed tokens
    kcpat_check.py --gitleaks-report findings.json  keep the gitleaks findings whose secret is a well-formed token

Prints where each well-formed token is, masked (never the token), and exits 1 when there is one, else 0. With
--gitleaks-report it writes the kept findings (other rules' findings included) as JSON to standard output and exits 1
when any remain. Only the Python standard library is used.
"""
import argparse
import json
import re
import sys
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PATTERN = re.compile(r"\b(kcpat_[0-9A-Za-z]{38})\b")


def checksum(body):
    value = zlib.crc32(body.encode("ascii")) & 0xFFFFFFFF
    digits = []
    for _ in range(6):
        value, digit = divmod(value, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def is_well_formed(candidate):
    return bool(re.fullmatch(r"kcpat_[0-9A-Za-z]{38}", candidate)) and checksum(candidate[:-6]) == candidate[-6:]


def mask(token):
    return "kcpat_…" + token[-4:]


def scan(name, text):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in PATTERN.finditer(line):
            if is_well_formed(match.group(1)):
                found.append((name, number, mask(match.group(1))))
    return found


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--gitleaks-report")
    args = parser.parse_args(argv)
    if args.gitleaks_report:
        with open(args.gitleaks_report, encoding="utf-8") as report:
            findings = json.load(report)
        kept = [f for f in findings if f.get("RuleID") != "keycloak-api-token" or is_well_formed(f.get("Secret", ""))]
        dropped = len(findings) - len(kept)
        json.dump(kept, sys.stdout, indent=2)
        print(file=sys.stdout)
        print("kept %d findings, dropped %d kcpat_ strings with a wrong checksum" % (len(kept), dropped), file=sys.stderr)
        return 1 if kept else 0
    found = []
    if args.files:
        for name in args.files:
            with open(name, encoding="utf-8", errors="replace") as file:
                found += scan(name, file.read())
    else:
        found += scan("<stdin>", sys.stdin.read())
    for name, number, masked in found:
        print("%s:%d: Keycloak API token %s" % (name, number, masked))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
