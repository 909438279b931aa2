#!/usr/bin/env python3
"""The one-word synonyms of each one-word entry of a MyThes thesaurus.

    python3 xtask/scripts/mythes_synonyms.py /usr/share/mythes/th_es_ES_v2.dat > /tmp/thesaurus.tsv

A MyThes .dat file starts with its encoding, then has, for each entry, a line
`word|N` followed by N lines of synonyms, one per sense: `(category)|syn|syn…`. This
writes `word<TAB>syn syn …` lines, every sense merged in order, repeats and multi-word
synonyms dropped, notes in parentheses removed. `cargo xtask thesaurus` turns the output
into Lupa's table of related words (crates/core/data/thesaurus-es.txt).
"""
import re
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    raw = open(sys.argv[1], "rb").read()
    encoding, _, body = raw.partition(b"\n")
    lines = body.decode(encoding.decode().strip() or "utf-8").split("\n")
    i = 0
    out = sys.stdout
    while i < len(lines):
        head, sep, count = lines[i].rpartition("|")
        i += 1
        if not sep or not count.strip().isdigit():
            continue
        senses, i = lines[i : i + int(count)], i + int(count)
        word = head.strip().lower()
        if not word or " " in word:
            continue
        found = []
        for sense in senses:
            for syn in sense.split("|")[1:]:
                syn = re.sub(r"\s*\(.*?\)", "", syn).strip().lower()
                if syn and " " not in syn and syn != word and syn not in found:
                    found.append(syn)
        if found:
            out.write(f"{word}\t{' '.join(found)}\n")


if __name__ == "__main__":
    main()
