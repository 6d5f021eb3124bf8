/*
 * kitap search: Russian stemmer for the browser client.
 *
 * A hand-written JavaScript port of the Snowball Russian stemmer, exactly
 * as shipped in the Rust crate rust-stemmers 1.2
 * (src/snowball/algorithms/russian.rs), which is what kitap uses to build
 * its search index (rust_stemmers::Algorithm::Russian).
 *
 *   rust-stemmers: Copyright (c) 2017 Jakob Demler (CurrySoftware);
 *                  MIT License.
 *   Snowball:      Copyright (c) 2001 Dr Martin Porter, Copyright (c)
 *                  2004,2005 Richard Boulton; BSD 3-Clause License
 *                  (https://snowballstem.org/license.html).
 *
 * KEEP IN STEP WITH THE RUST SIDE: query words must stem exactly as the
 * indexer stemmed them, so this file has to change whenever the
 * rust-stemmers version (or its Russian algorithm) changes.
 * tests/data/stem_ru_words.txt is the word list used to check that this
 * file and Rust agree.
 *
 * Input: one normalised word (lower-cased, ё already mapped to е; like the
 * Rust stemmer, this code treats ё as a consonant). Output: its stem.
 * Positions count characters (Unicode scalar values), as Rust does.
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  var k = root.kitapStem = root.kitapStem || {};

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  var VOWELS = 'аеиоуыэюя';
  function isV(c) { return c.length === 1 && VOWELS.indexOf(c) >= 0; }

  // Suffix tables. Group 1 suffixes are removed only when preceded by
  // а or я (which stays); group 2 suffixes are removed unconditionally.
  // Lookup always takes the LONGEST suffix of the table that the word ends
  // with (Snowball `among`); if its condition fails, shorter ones are not
  // tried.
  var PERFECTIVE_GERUND = {
    'в': 1, 'вши': 1, 'вшись': 1,
    'ив': 2, 'ивши': 2, 'ившись': 2, 'ыв': 2, 'ывши': 2, 'ывшись': 2
  };

  var REFLEXIVE = ['ся', 'сь'];

  var ADJECTIVE = [
    'ее', 'ие', 'ые', 'ое', 'ими', 'ыми', 'ей', 'ий', 'ый', 'ой', 'ем',
    'им', 'ым', 'ом', 'его', 'ого', 'ему', 'ому', 'их', 'ых', 'ую', 'юю',
    'ая', 'яя', 'ою', 'ею'
  ];

  var PARTICIPLE = {
    'ем': 1, 'нн': 1, 'вш': 1, 'ющ': 1, 'щ': 1,
    'ивш': 2, 'ывш': 2, 'ующ': 2
  };

  var VERB = {
    'ла': 1, 'на': 1, 'ете': 1, 'йте': 1, 'ли': 1, 'й': 1, 'л': 1, 'ем': 1,
    'н': 1, 'ло': 1, 'но': 1, 'ет': 1, 'ют': 1, 'ны': 1, 'ть': 1, 'ешь': 1,
    'нно': 1,
    'ила': 2, 'ыла': 2, 'ена': 2, 'ейте': 2, 'уйте': 2, 'ите': 2, 'или': 2,
    'ыли': 2, 'ей': 2, 'уй': 2, 'ил': 2, 'ыл': 2, 'им': 2, 'ым': 2, 'ен': 2,
    'ило': 2, 'ыло': 2, 'ено': 2, 'ят': 2, 'ует': 2, 'уют': 2, 'ит': 2,
    'ыт': 2, 'ены': 2, 'ить': 2, 'ыть': 2, 'ишь': 2, 'ую': 2, 'ю': 2
  };

  var NOUN = [
    'а', 'ев', 'ов', 'ие', 'ье', 'е', 'иями', 'ями', 'ами', 'еи', 'ии',
    'и', 'ией', 'ей', 'ой', 'ий', 'й', 'иям', 'ям', 'ием', 'ем', 'ам',
    'ом', 'о', 'у', 'ах', 'иях', 'ях', 'ы', 'ь', 'ию', 'ью', 'ю', 'ия',
    'ья', 'я'
  ];

  var DERIVATIONAL = ['ост', 'ость'];

  function byLengthDesc(list) {
    return list.slice().sort(function (a, b) { return b.length - a.length; });
  }
  var GERUND_SORTED = byLengthDesc(Object.keys(PERFECTIVE_GERUND));
  var ADJECTIVE_SORTED = byLengthDesc(ADJECTIVE);
  var PARTICIPLE_SORTED = byLengthDesc(Object.keys(PARTICIPLE));
  var VERB_SORTED = byLengthDesc(Object.keys(VERB));
  var NOUN_SORTED = byLengthDesc(NOUN);
  var DERIVATIONAL_SORTED = byLengthDesc(DERIVATIONAL);

  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  // Longest entry of `sorted` (longest first) that w ends with, or null.
  function longestSuffix(w, sorted) {
    for (var i = 0; i < sorted.length; i++) {
      if (endsWith(w, sorted[i])) return sorted[i];
    }
    return null;
  }

  // Remove the longest suffix of a grouped table (gerund, participle,
  // verb) if its condition holds. Returns the new word, or null.
  function removeGrouped(w, sorted, groups) {
    var suf = longestSuffix(w, sorted);
    if (suf === null) return null;
    var base = w.length - suf.length;
    if (groups[suf] === 1) {
      var before = w.charAt(base - 1);
      if (before !== 'а' && before !== 'я') return null;
    }
    return w.slice(0, base);
  }

  function removeLongest(w, sorted) {
    var suf = longestSuffix(w, sorted);
    return suf === null ? null : w.slice(0, w.length - suf.length);
  }

  // Snowball `gopast v gopast non-v` starting at `from`: the position just
  // after the first non-vowel that follows a vowel, or -1.
  function afterVowelConsonant(w, from) {
    var i = from;
    while (i < w.length && !isV(w.charAt(i))) i++;
    if (i >= w.length) return -1;
    i++;
    while (i < w.length && isV(w.charAt(i))) i++;
    if (i >= w.length) return -1;
    return i + 1;
  }

  function stem(word) {
    // Regions: RV starts after the first vowel; R2 is R1 of R1.
    var pV = word.length, p2 = word.length;
    for (var i = 0; i < word.length; i++) {
      if (isV(word.charAt(i))) { pV = i + 1; break; }
    }
    var r1 = afterVowelConsonant(word, 0);
    if (r1 >= 0) {
      var r2 = afterVowelConsonant(word, r1);
      if (r2 >= 0) p2 = r2;
    }

    // All suffix work happens inside RV; nothing before it is touched.
    var head = word.slice(0, pV);
    var rv = word.slice(pV);
    var r2InRv = p2 - pV;
    var next;

    // Step 1
    next = removeGrouped(rv, GERUND_SORTED, PERFECTIVE_GERUND);
    if (next !== null) {
      rv = next;
    } else {
      next = removeLongest(rv, REFLEXIVE);
      if (next !== null) rv = next;

      next = removeLongest(rv, ADJECTIVE_SORTED);
      if (next !== null) {
        // adjectival = adjective, optionally preceded by a participle
        rv = next;
        next = removeGrouped(rv, PARTICIPLE_SORTED, PARTICIPLE);
        if (next !== null) rv = next;
      } else {
        next = removeGrouped(rv, VERB_SORTED, VERB);
        if (next === null) next = removeLongest(rv, NOUN_SORTED);
        if (next !== null) rv = next;
      }
    }

    // Step 2
    if (endsWith(rv, 'и')) rv = rv.slice(0, -1);

    // Step 3: derivational suffix in R2
    var suf = longestSuffix(rv, DERIVATIONAL_SORTED);
    if (suf !== null && rv.length - suf.length >= r2InRv) {
      rv = rv.slice(0, rv.length - suf.length);
    }

    // Step 4: tidy up
    if (endsWith(rv, 'ейше')) {
      rv = rv.slice(0, -4);
      if (endsWith(rv, 'нн')) rv = rv.slice(0, -1);
    } else if (endsWith(rv, 'ейш')) {
      rv = rv.slice(0, -3);
      if (endsWith(rv, 'нн')) rv = rv.slice(0, -1);
    } else if (endsWith(rv, 'нн')) {
      rv = rv.slice(0, -1);
    } else if (endsWith(rv, 'ь')) {
      rv = rv.slice(0, -1);
    }

    return head + rv;
  }

  // Rust counts characters, JavaScript counts UTF-16 units. Characters
  // outside the BMP (two units) are swapped for one private-use character
  // not present in the word, stemmed (the stemmer treats both alike: a
  // non-vowel that matches no suffix), then swapped back.
  function perCharacter(word, fn) {
    if (!/[\uD800-\uDFFF]/.test(word)) return fn(word);
    var chars = Array.from(word);
    var back = {};
    var code = 0xE000;
    var out = chars.map(function (c) {
      if (c.length < 2) return c;
      while (word.indexOf(String.fromCharCode(code)) >= 0) code++;
      var p = String.fromCharCode(code++);
      back[p] = c;
      return p;
    }).join('');
    return Array.from(fn(out)).map(function (c) {
      return has(back, c) ? back[c] : c;
    }).join('');
  }

  k.ru = function (word) {
    return perCharacter(String(word), stem);
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = k.ru;
  }
})();
