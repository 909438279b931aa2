#!/usr/bin/env python3
"""Make misspelt one-word queries from a topics file, and score Lupa's suggestions.

usage: typo_queries.py make TOPICS.tsv OUT.tsv TRUTH.json [N]
       typo_queries.py score RESULTS.jsonl TRUTH.json

`make` takes the longest word (6+ letters) of each of the first N questions (default 300)
and swaps two neighbouring inner letters. `score` reads the output of
`lupa search --queries OUT.tsv --format json` and counts the suggestions that give the word
back (compared lowercased, accents folded, ñ kept)."""
import json, random, re, sys, unicodedata


def fold(s):
    out = []
    for ch in s.lower():
        if ch == "ñ":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn"))
    return "".join(out)


if sys.argv[1] == "make":
    random.seed(7)
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 300
    topics = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[2], encoding="utf-8")][:n]
    truth = {}
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        for qid, q in topics:
            words = [w for w in re.findall(r"\w+", q) if len(w) >= 6 and w.isalpha()]
            if not words:
                continue
            w = max(words, key=len)
            i = random.randrange(1, len(w) - 2)
            typo = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if typo.lower() != w.lower():
                out.write(f"{qid}\t{typo}\n")
                truth[qid] = w
    json.dump(truth, open(sys.argv[4], "w", encoding="utf-8"), ensure_ascii=False)
else:
    truth = json.load(open(sys.argv[3], encoding="utf-8"))
    n = few = offered = right = 0
    for line in open(sys.argv[2], encoding="utf-8"):
        o = json.loads(line)
        n += 1
        few += o["total"] < 3
        if o["suggestion"]:
            offered += 1
            right += fold(o["suggestion"]) == fold(truth[o["qid"]])
    print(f"{n} misspelt queries; {few} find fewer than 3 documents; "
          f"{offered} get a suggestion; {right} suggestions give the word back")
