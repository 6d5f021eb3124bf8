#!/usr/bin/env python3
"""Kazakh development data for the stemmer measurements of issue 19.

Expands the entries of a Hunspell dictionary (by default Debian's
`hunspell-kk`, /usr/share/hunspell/kk_KZ.{aff,dic}) by the affix rules of its
.aff file into word forms, and writes them as TSV:

    form <TAB> lemma <TAB> 1 <TAB> pos

one line per distinct (form, lemma); the lemma is the .dic entry (its stem
as written there, so a verb's lemma is its verbal noun in -у: «жасау»), the
count is always 1 (a word list has no frequencies), and pos is taken from the
entry's morphological field `po:` if it has one, else from its flags (below),
else left empty.

    python3 bench/devdata_kk.py --out /tmp/kk-dev.tsv [--sample N] [--seed S]
        [--part all|dev|held]

The dictionary is not in the repository (its licence); this script
regenerates the data from the installed package.

Expansion follows Hunspell's rules (as `unmunch` applies them):
  * SET (only UTF-8 and the ISO-8859 sets Python knows), FLAG (single
    characters by default, `long`, `num`, `UTF-8`), AF flag aliases;
  * PFX and SFX entries: strip, add (with continuation flags `add/FLAGS`,
    AF aliases allowed there), condition (a simplified regular expression:
    letters, `.`, `[...]`, `[^...]`), matched at the start (PFX) or the end
    (SFX) of the word before stripping;
  * cross product: a prefix and a suffix both marked `Y` combine;
  * continuation flags: a suffix's or prefix's own flags allow one more
    affix of that kind on the affixed form (Hunspell allows two levels);
  * an affix line whose add field is missing and whose last field is a
    bracketed condition is read as adding nothing: kk_KZ's flag x (the bare
    verb stem, «жаса» of «жасау») writes `SFX x у [аоуұыэ]ву`, which
    Hunspell and `unmunch` read as adding the text "[аоуұыэ]ву";
  * NEEDAFFIX / PSEUDOROOT: the bare entry is not itself a word;
    ONLYINCOMPOUND forms and affixes are left out (no compounding is done).

Checked against `unmunch` (Debian's hunspell-tools 1.7.1) on 400 random
kk_KZ entries: the same forms, except (1) the 2226 "forms" unmunch makes
with the text "[аоуұыэ]…" from flag x, for which this script gives 49
bare verb stems instead, and (2) 81 forms such as «абылпен» that unmunch
makes by matching conditions byte by byte on UTF-8 (л's last byte is that of
һ).  `hunspell -l` rejects all 81, and of the 8935 forms written here only
28: 3 of those bare stems and the 25 forms of a proper name, lower-cased.

POS from flags (kk_KZ.aff only): kk_KZ has no morphological fields; its entries take either
the declension flags (A-L, b-l: plural, possessive, case) or the conjugation
flags (M-Z, m-z, whose rules replace the final -у of the verbal noun).
Entries with conjugation flags are `verb`; entries with declension flags are
`noun` (the dictionary declines adjectives, numerals and even bare verb stems
the same way, so `noun` here means "declined like a noun").  Entries with no
flags get an empty pos.

Held-back part: `--part dev` drops, and `--part held` keeps only, the lemmas
whose CRC-32 (of the UTF-8 lemma) is 0 mod 5; the stemmer is tuned on `dev`
and `held` is only measured at the end.  `--sample N` then takes N lemmas
(a seeded random sample of the sorted lemma list, so the same arguments give
the same file).
"""

import argparse
import os
import random
import re
import sys
import zlib

AFF = "/usr/share/hunspell/kk_KZ.aff"
DIC = "/usr/share/hunspell/kk_KZ.dic"

# kk_KZ's flag classes (see the module docstring).
VERB_FLAGS = set("MNOPQRSTUVWXYZmnopqrstuvwxyz")
NOUN_FLAGS = set("ABCDEFGHIJKLbcdefghijkl")


def condition_regex(cond, at_end):
    """A Hunspell affix condition (letters, `.`, `[...]`, `[^...]`) as a
    compiled regular expression anchored at the word's end (SFX) or start
    (PFX)."""
    rx = []
    i = 0
    while i < len(cond):
        c = cond[i]
        if c == "[":
            j = cond.index("]", i + 1)
            body = cond[i + 1 : j]
            neg = body.startswith("^")
            if neg:
                body = body[1:]
            rx.append("[" + ("^" if neg else "") + "".join(re.escape(x) for x in body) + "]")
            i = j + 1
            continue
        rx.append("." if c == "." else re.escape(c))
        i += 1
    body = "".join(rx)
    return re.compile("(?:" + body + ")$" if at_end else "(?:" + body + ")")


class Affix:
    __slots__ = ("kind", "flag", "cross", "strip", "add", "cont", "cond", "morph")

    def __init__(self, kind, flag, cross, strip, add, cont, cond, morph):
        self.kind = kind
        self.flag = flag
        self.cross = cross
        self.strip = strip
        self.add = add
        self.cont = cont
        self.cond = cond
        self.morph = morph

    def applies(self, word):
        if self.kind == "SFX":
            return word.endswith(self.strip) and self.cond.search(word) is not None
        return word.startswith(self.strip) and self.cond.match(word) is not None

    def apply(self, word):
        if self.kind == "SFX":
            base = word[: len(word) - len(self.strip)] if self.strip else word
            return base + self.add
        return self.add + word[len(self.strip) :]


class Aff:
    def __init__(self, path):
        self.encoding = "utf-8"
        self.flag_type = "short"
        self.aliases = []
        self.prefixes = {}
        self.suffixes = {}
        self.needaffix = None
        self.onlyincompound = None
        raw = open(path, "rb").read()
        # SET decides how the rest is read; it comes first in practice.
        m = re.search(rb"^\s*SET\s+(\S+)", raw, re.M)
        if m:
            self.encoding = {"UTF-8": "utf-8", "microsoft-cp1251": "cp1251"}.get(
                m.group(1).decode("ascii"), m.group(1).decode("ascii").lower()
            )
        text = raw.decode(self.encoding, errors="replace").lstrip("\ufeff")
        lines = text.splitlines()
        pending = {}  # (kind, flag) -> (cross, entries left)
        for line in lines:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            key = parts[0]
            if key == "FLAG" and len(parts) > 1:
                self.flag_type = parts[1]
            elif key == "AF" and len(parts) > 1:
                if not self.aliases and parts[1].isdigit():
                    continue  # the count line
                self.aliases.append(self.parse_flags(parts[1]))
            elif key in ("NEEDAFFIX", "PSEUDOROOT") and len(parts) > 1:
                self.needaffix = parts[1]
            elif key == "ONLYINCOMPOUND" and len(parts) > 1:
                self.onlyincompound = parts[1]
            elif key in ("PFX", "SFX") and len(parts) >= 4:
                flag = parts[1]
                if (key, flag) not in pending and parts[2] in ("Y", "N") and parts[3].isdigit():
                    pending[(key, flag)] = parts[2] == "Y"
                    continue
                cross = pending.get((key, flag), False)
                if len(parts) == 4 and "[" in parts[3]:
                    # The add field left out (kk_KZ's SFX x, the bare verb
                    # stem, writes "SFX x у [аоуұыэ]ву" for "у 0 [аоуұыэ]ву");
                    # Hunspell would add the condition's text as letters.
                    parts = parts[:3] + ["0"] + parts[3:]
                strip = "" if parts[2] == "0" else parts[2]
                add = parts[3]
                cont = set()
                if "/" in add:
                    add, flags = add.split("/", 1)
                    cont = self.flags_of(flags)
                if add == "0":
                    add = ""
                cond = parts[4] if len(parts) > 4 else "."
                morph = parts[5:]
                rx = condition_regex(cond, key == "SFX")
                table = self.suffixes if key == "SFX" else self.prefixes
                table.setdefault(flag, []).append(
                    Affix(key, flag, cross, strip, add, cont, rx, morph)
                )

    def parse_flags(self, s):
        if self.flag_type == "long":
            return {s[i : i + 2] for i in range(0, len(s), 2)}
        if self.flag_type == "num":
            return {f for f in s.split(",") if f}
        return set(s)

    def flags_of(self, s):
        """Flags of a .dic entry or a continuation: an AF alias number or a
        string of flags."""
        if self.aliases and s.isdigit():
            i = int(s)
            return set(self.aliases[i - 1]) if 0 < i <= len(self.aliases) else set()
        return self.parse_flags(s)


def read_dic(path, aff):
    raw = open(path, "rb").read().decode(aff.encoding, errors="replace").lstrip("\ufeff")
    entries = []
    for i, line in enumerate(raw.splitlines()):
        if i == 0 and line.strip().isdigit():
            continue
        line = line.rstrip()
        if not line or line.startswith("\t") or line.startswith("#"):
            continue
        # word[/flags] [morphological fields], separated by tab or space;
        # "\/" is a slash inside the word.
        fields = re.split(r"[\t ]+", line)
        head, morph = fields[0], fields[1:]
        m = re.match(r"((?:\\/|[^/])+)(?:/(.*))?$", head)
        word = m.group(1).replace("\\/", "/")
        flags = aff.flags_of(m.group(2)) if m.group(2) else set()
        entries.append((word, flags, morph))
    return entries


def pos_of(flags, morph, kk_flags):
    for f in morph:
        if f.startswith("po:"):
            return f[3:]
    if not kk_flags:
        return ""
    if flags & VERB_FLAGS:
        return "verb"
    if flags & NOUN_FLAGS:
        return "noun"
    return ""


def suffixed(aff, word, flags, depth):
    """(form, is_word, affix) for every suffix the flags allow on word, with
    up to `depth` - 1 further suffixes through continuation flags; `affix` is
    the first (innermost) suffix, is_word false for a form whose last suffix
    carries NEEDAFFIX."""
    out = []
    for flag in flags:
        for a in aff.suffixes.get(flag, ()):
            if aff.onlyincompound and aff.onlyincompound in a.cont:
                continue
            if not a.applies(word):
                continue
            form = a.apply(word)
            out.append((form, not (aff.needaffix and aff.needaffix in a.cont), a))
            if depth > 1 and a.cont:
                for form2, ok, _ in suffixed(aff, form, a.cont, depth - 1):
                    out.append((form2, ok, a))
    return out


def expand(aff, word, flags):
    """All word forms of one .dic entry (the entry itself included unless it
    needs an affix)."""
    forms = set()
    if not (aff.needaffix and aff.needaffix in flags) and not (
        aff.onlyincompound and aff.onlyincompound in flags
    ):
        forms.add(word)
    sfx = suffixed(aff, word, flags, 2)
    for form, ok, _ in sfx:
        if ok:
            forms.add(form)
    for flag in flags:
        for p in aff.prefixes.get(flag, ()):
            if aff.onlyincompound and aff.onlyincompound in p.cont:
                continue
            if not p.applies(word):
                continue
            pw = p.apply(word)
            forms.add(pw)
            # suffixes allowed by the prefix's own flags
            for form, ok, _ in suffixed(aff, pw, p.cont, 1):
                if ok:
                    forms.add(form)
            # cross product: the prefix on every cross-product suffixed form
            if p.cross:
                for form, ok, a in sfx:
                    if ok and a.cross and p.applies(form):
                        forms.add(p.apply(form))
    return forms


def held_back(lemma):
    return zlib.crc32(lemma.encode("utf-8")) % 5 == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--aff", default=AFF)
    ap.add_argument("--dic", default=DIC)
    ap.add_argument("--out", required=True, help="TSV file to write ('-' for stdout)")
    ap.add_argument("--sample", type=int, default=0, help="take N lemmas (0: all)")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--part", choices=("all", "dev", "held"), default="all")
    args = ap.parse_args()
    for path in (args.aff, args.dic):
        if not os.path.isfile(path):
            sys.exit(f"{path}: error: no such file (Debian: apt-get install hunspell-kk; or give --aff/--dic)")

    aff = Aff(args.aff)
    # The flag classes are kk_KZ's; other dictionaries give pos only by po:.
    kk_flags = os.path.basename(args.aff) == "kk_KZ.aff"
    entries = read_dic(args.dic, aff)
    if args.part != "all":
        want = args.part == "held"
        entries = [e for e in entries if held_back(e[0].lower()) == want]
    if args.sample and args.sample < len(entries):
        rng = random.Random(args.seed)
        entries = rng.sample(sorted(entries, key=lambda e: e[0]), args.sample)
        entries.sort(key=lambda e: e[0])

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    seen = set()
    n_forms = 0
    for word, flags, morph in entries:
        lemma = word.lower()
        pos = pos_of(flags, morph, kk_flags)
        for form in sorted(expand(aff, word, flags)):
            form = form.lower()
            if (form, lemma) in seen:
                continue
            seen.add((form, lemma))
            out.write(f"{form}\t{lemma}\t1\t{pos}\n")
            n_forms += 1
    if out is not sys.stdout:
        out.close()
    print(f"{len(entries)} entries, {n_forms} (form, lemma) lines", file=sys.stderr)


if __name__ == "__main__":
    main()
