#!/usr/bin/env python3
"""Russian development data for bench/stem_eval.py, from the OpenCorpora
dictionary as packaged for pymorphy2.

    pip install pymorphy2-dicts-ru dawg-python
    python3 bench/devdata_ru.py --out /tmp/ru-dev.tsv [--sample N] [--seed S]

Writes `form<TAB>lemma<TAB>1<TAB>UPOS`, one line per distinct (form, lemma,
UPOS) of the dictionary: every word form of every lexeme, with its lexeme's
normal form as lemma.  Counts are all 1 (a dictionary has no frequencies),
so the "most frequent form" of stem_eval.py is the form equal to the lemma.

The two packages are needed only by this script (never by `cargo test`):
`pymorphy2-dicts-ru` is the data (OpenCorpora, CC BY-SA; not committed to
this repository, the script regenerates it) and `dawg-python` reads its
`words.dawg`.  pymorphy2 itself is not needed (it does not run on Python
3.11); the paradigm tables are read here the way pymorphy2 reads them.

pymorphy2 compiles the dictionary with OpenCorpora's lexeme links, so a
verb's lexeme holds its finite forms, participles (full and short) and
gerunds under the infinitive, and an adjective's holds its short forms and
comparatives: as in Universal Dependencies, where participles and gerunds are
VERB with the infinitive as lemma.  OpenCorpora parts of speech are mapped to
UPOS: NOUN (PROPN when the tag has Name/Surn/Patr/Geox/Orgn/Trad), ADJF ADJS
COMP -> ADJ, VERB INFN PRTF PRTS GRND -> VERB, NUMR -> NUM, ADVB PRED -> ADV,
NPRO -> PRON, PREP -> ADP, CONJ -> CCONJ, PRCL -> PART, INTJ -> INTJ; words
whose tag says abbreviation (Abbr) or initial (Init) get X.

The full dictionary is about 5 million forms of 390,000 lemmas.  --sample N
keeps N lemmas (all their forms), chosen by `random.Random(seed).sample` over
the sorted lemma list: the same N and seed always give the same file.
"""

import argparse
import array
import collections
import json
import os
import random
import struct
import sys

UPOS = {
    "NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ",
    "VERB": "VERB", "INFN": "VERB", "PRTF": "VERB", "PRTS": "VERB",
    "GRND": "VERB", "NUMR": "NUM", "ADVB": "ADV", "PRED": "ADV",
    "NPRO": "PRON", "PREP": "ADP", "CONJ": "CCONJ", "PRCL": "PART",
    "INTJ": "INTJ",
}
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


def dict_path(given):
    if given:
        return given
    try:
        import pymorphy2_dicts_ru
    except ImportError:
        sys.exit("needs the dictionary: pip install pymorphy2-dicts-ru  (or give --dict DIR)")
    return pymorphy2_dicts_ru.get_path()


def load_paradigms(path):
    """paradigms.array as pymorphy2 stores it: a little-endian u16 count, then
    per paradigm a u16 length and that many u16: suffix ids, tag ids, prefix
    ids (a third each)."""
    out = []
    with open(path, "rb") as f:
        (count,) = struct.unpack("<H", f.read(2))
        for _ in range(count):
            (n,) = struct.unpack("<H", f.read(2))
            para = array.array("H")
            para.fromfile(f, n)
            if sys.byteorder != "little":
                para.byteswap()
            out.append(para)
    return out


def upos(tag):
    grammemes = set(tag.replace(" ", ",").split(","))
    if grammemes & {"Abbr", "Init"}:
        return "X"
    pos = tag.split(",", 1)[0].split(" ", 1)[0]
    u = UPOS.get(pos, "X")
    if u == "NOUN" and grammemes & PROPER:
        return "PROPN"
    return u


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="TSV to write")
    ap.add_argument("--dict", help="pymorphy2 dictionary directory (default: pymorphy2_dicts_ru's)")
    ap.add_argument("--sample", type=int, default=0, help="keep N lemmas (0: all)")
    ap.add_argument("--seed", type=int, default=19, help="seed of --sample (default 19)")
    args = ap.parse_args()
    try:
        import dawg_python
    except ImportError:
        sys.exit("needs dawg-python to read words.dawg: pip install dawg-python")
    d = dict_path(args.dict)
    with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
        meta = dict(json.load(f))
    prefixes = meta["compile_options"]["paradigm_prefixes"]
    with open(os.path.join(d, "suffixes.json"), encoding="utf-8") as f:
        suffixes = json.load(f)
    with open(os.path.join(d, "gramtab-opencorpora-int.json"), encoding="utf-8") as f:
        gramtab = json.load(f)
    paradigms = load_paradigms(os.path.join(d, "paradigms.array"))
    tag_upos = [upos(t) for t in gramtab]
    words = dawg_python.RecordDAWG(">HH").load(os.path.join(d, "words.dawg"))

    # lemma -> set of (form, upos)
    lexemes = collections.defaultdict(set)
    for word, (para_id, idx) in words.iteritems():
        para = paradigms[para_id]
        n = len(para) // 3
        if idx == 0:
            lemma = word
        else:
            # pymorphy2's build_normal_form: strip this form's prefix and
            # suffix, add the normal form's.
            prefix = prefixes[para[2 * n + idx]]
            suffix = suffixes[para[idx]]
            stem = word[len(prefix): len(word) - len(suffix)]
            lemma = prefixes[para[2 * n]] + stem + suffixes[para[0]]
        lexemes[lemma].add((word, tag_upos[para[n + idx]]))
    lemmas = sorted(lexemes)
    if args.sample and args.sample < len(lemmas):
        lemmas = sorted(random.Random(args.seed).sample(lemmas, args.sample))
    forms = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for lemma in lemmas:
            for form, pos in sorted(lexemes[lemma]):
                out.write(f"{form}\t{lemma}\t1\t{pos}\n")
                forms += 1
    what = f"a sample of {len(lemmas)} lemmas (seed {args.seed})" if args.sample else f"{len(lemmas)} lemmas"
    print(f"{args.out}: {forms} forms of {what}, OpenCorpora {meta.get('source_version')} "
          f"revision {meta.get('source_revision')}", file=sys.stderr)


if __name__ == "__main__":
    main()
