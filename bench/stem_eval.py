#!/usr/bin/env python3
"""How well kitap's search stemmer merges the forms of a word, and how often
it merges forms of different words.  Python 3 standard library only.

    python3 bench/stem_eval.py measure --lang LANG FILE [FILE...] [--json OUT]
                                       [--terms-bin PATH]

Terms come from kitap itself: `examples/terms.rs` reads words on standard
input and prints the term the search index makes of each (normalised and
stemmed by the language's stemmer).  The script builds it with
`cargo build --no-default-features --example terms` (in CARGO_TARGET_DIR
when set, else ./target) unless --terms-bin gives the binary.

Input files (any mix):

- CoNLL-U (`.conllu`): columns FORM, LEMMA, UPOS; every token counts once.
  Multiword ranges (`1-2`) and empty nodes (`1.1`) are skipped.
- TSV (any other name): `form<TAB>lemma[<TAB>count[<TAB>pos]]`, count 1 when
  absent.  `bench/devdata_ru.py` writes Russian data in this form.

In both, entries with POS PUNCT, SYM, NUM or X, and forms without a letter,
are skipped.  Forms and lemmas are lower-cased, `ё` read as `е`.  An *entry*
is a distinct (form, lemma, pos) with its summed count.

Definitions:

- A lemma's *most frequent form* (MFF): among the forms seen with that lemma,
  the one with the highest total count; ties: the form equal to the lemma if
  among them, else the alphabetically first.
- *Recall* = sum of count(form) over entries whose term(form) equals
  term(MFF of its lemma), divided by the sum of counts over all entries; also
  per POS when the POS is known.  It is the share of running words that a
  search for the lemma's usual form finds.
- *False merges* (per mille): items are the distinct (form, lemma) pairs;
  among all pairs of items with different forms AND different lemmas, the
  share whose forms have the same term.  Computed by grouping by term: in each
  term group, pairs with different lemmas minus pairs with the same form
  (and different lemmas), divided by the number of different-lemma,
  different-form pairs overall.
- *Distinct terms*: how many different terms the forms give.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

SKIP_POS = {"PUNCT", "SYM", "NUM", "X"}


def norm(s):
    return s.strip().lower().replace("ё", "е")


def has_letter(s):
    return any(c.isalpha() for c in s)


def read_entries(paths):
    """(form, lemma, pos) -> count; pos is '' when unknown.  A line that is
    not what its format says is an error at `path:line:col`; every error of
    every file is printed, then the script stops (exit 2): no line is
    skipped silently."""
    counts = collections.Counter()
    errors = []
    for path in paths:
        conllu = path.endswith(".conllu")
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            errors.append(f"{path}: error: cannot read: {e.strerror}")
            continue
        with f:
            try:
                lines = f.read().split("\n")
            except UnicodeDecodeError as e:
                errors.append(f"{path}: error: not UTF-8 (byte {e.start})")
                continue
        for no, line in enumerate(lines, 1):
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if conllu:
                if len(cols) != 10:
                    errors.append(f"{path}:{no}:1: error: a CoNLL-U token line has 10 tab-separated columns, this one {len(cols)}")
                    continue
                if "-" in cols[0] or "." in cols[0]:
                    continue
                form, lemma, pos, count = cols[1], cols[2], cols[3], 1
            else:
                if len(cols) < 2 or not cols[1]:
                    errors.append(f"{path}:{no}:{len(cols[0]) + 1}: error: expected form<TAB>lemma[<TAB>count[<TAB>pos]]")
                    continue
                form, lemma = cols[0], cols[1]
                count = 1
                if len(cols) > 2 and cols[2]:
                    if not cols[2].isdigit() or int(cols[2]) == 0:
                        col = len(cols[0]) + len(cols[1]) + 3
                        errors.append(f"{path}:{no}:{col}: error: the count must be a positive whole number, not {cols[2]!r}")
                        continue
                    count = int(cols[2])
                pos = cols[3] if len(cols) > 3 else ""
            pos = pos.strip().upper()
            if pos == "_":
                pos = ""
            if pos in SKIP_POS:
                continue
            form, lemma = norm(form), norm(lemma)
            if not has_letter(form) or not lemma:
                continue
            counts[(form, lemma, pos)] += count
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(2)
    return counts


def terms_bin(args):
    if args.terms_bin:
        return args.terms_bin
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(repo, "target")
    subprocess.run(
        ["cargo", "build", "--quiet", "--no-default-features", "--example", "terms"],
        cwd=repo, check=True,
    )
    return os.path.join(target, "debug", "examples", "terms")


def terms_of(binary, lang, words):
    """The index term of each word, by kitap's `terms` example."""
    data = "".join(w + "\n" for w in words).encode("utf-8")
    out = subprocess.run([binary, lang], input=data, stdout=subprocess.PIPE, check=True).stdout
    terms = out.decode("utf-8").split("\n")[: len(words)]
    if len(terms) != len(words):
        sys.exit(f"{binary} gave {len(terms)} terms for {len(words)} words")
    return dict(zip(words, terms))


def measure(entries, term):
    # Most frequent form of each lemma.
    by_lemma = collections.defaultdict(collections.Counter)
    for (form, lemma, _), n in entries.items():
        by_lemma[lemma][form] += n
    mff = {}
    for lemma, forms in by_lemma.items():
        top = max(forms.values())
        best = [f for f, n in forms.items() if n == top]
        mff[lemma] = lemma if lemma in best else min(best)

    hit = collections.Counter()
    total = collections.Counter()
    for (form, lemma, pos), n in entries.items():
        ok = term[form] == term[mff[lemma]]
        for key in ("", pos) if pos else ("",):
            total[key] += n
            if ok:
                hit[key] += n

    # False merges over items = distinct (form, lemma).
    items = {(form, lemma) for (form, lemma, _) in entries}
    n_items = len(items)
    per_lemma = collections.Counter(lemma for _, lemma in items)
    per_form = collections.Counter(form for form, _ in items)
    pairs = lambda k: k * (k - 1) // 2  # noqa: E731
    all_pairs = pairs(n_items)
    same_lemma = sum(pairs(k) for k in per_lemma.values())
    same_form = sum(pairs(k) for k in per_form.values())
    # Two items never share both form and lemma, so
    # different form and lemma = all - same lemma - same form.
    denominator = all_pairs - same_lemma - same_form
    groups = collections.defaultdict(list)
    for form, lemma in items:
        groups[term[form]].append((form, lemma))
    merged = 0
    for group in groups.values():
        if len(group) < 2:
            continue
        g_lemma = collections.Counter(lemma for _, lemma in group)
        g_form = collections.Counter(form for form, _ in group)
        # Same form, hence same term: different-lemma pairs sharing a form.
        diff_lemma = pairs(len(group)) - sum(pairs(k) for k in g_lemma.values())
        merged += diff_lemma - sum(pairs(k) for k in g_form.values())
    false_merges = 1000 * merged / denominator if denominator else 0.0

    recall = {k: hit[k] / total[k] for k in total}
    return {
        "entries": len(entries),
        "tokens": total[""],
        "lemmas": len(by_lemma),
        "recall": recall[""],
        "recall_by_pos": {k: recall[k] for k in sorted(recall) if k},
        "tokens_by_pos": {k: total[k] for k in sorted(total) if k},
        "false_merges_permille": false_merges,
        "false_merge_pairs": merged,
        "different_pairs": denominator,
        "distinct_terms": len(set(term[f] for f, _ in items)),
    }


def cmd_measure(args):
    entries = read_entries(args.files)
    if not entries:
        sys.exit("no entries read")
    binary = terms_bin(args)
    words = sorted({f for f, _, _ in entries} | {lemma for _, lemma, _ in entries})
    term = terms_of(binary, args.lang, words)
    r = measure(entries, term)
    r["lang"] = args.lang
    r["files"] = args.files
    print(f"lang {args.lang}: {', '.join(args.files)}")
    print(f"  entries          {r['entries']:>10}")
    print(f"  tokens           {r['tokens']:>10}")
    print(f"  lemmas           {r['lemmas']:>10}")
    print(f"  recall           {100 * r['recall']:>9.1f}%")
    for pos, v in r["recall_by_pos"].items():
        print(f"    {pos:<14} {100 * v:>9.1f}%  ({r['tokens_by_pos'][pos]} tokens)")
    print(f"  false merges     {r['false_merges_permille']:>9.4f}\u2030  "
          f"({r['false_merge_pairs']} of {r['different_pairs']} pairs)")
    print(f"  distinct terms   {r['distinct_terms']:>10}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure", help="recall and false merges of LANG's stemmer on FILEs")
    m.add_argument("--lang", required=True)
    m.add_argument("files", nargs="+", metavar="FILE")
    m.add_argument("--json", metavar="OUT")
    m.add_argument("--terms-bin", metavar="PATH", help="kitap's terms example (default: build it)")
    args = ap.parse_args()
    if args.cmd == "measure":
        cmd_measure(args)


if __name__ == "__main__":
    main()
