/*
 * kitap search: English stemmer for the browser client.
 *
 * A hand-written JavaScript port of the Snowball English ("Porter2")
 * stemmer, exactly as shipped in the Rust crate rust-stemmers 1.2
 * (src/snowball/algorithms/english.rs), which is what kitap uses to build
 * its search index (rust_stemmers::Algorithm::English).
 *
 *   rust-stemmers: Copyright (c) 2017 Jakob Demler (CurrySoftware);
 *                  MIT License.
 *   Snowball:      Copyright (c) 2001 Dr Martin Porter, Copyright (c)
 *                  2004,2005 Richard Boulton; BSD 3-Clause License
 *                  (https://snowballstem.org/license.html).
 *
 * KEEP IN STEP WITH THE RUST SIDE: query words must stem exactly as the
 * indexer stemmed them, so this file has to change whenever the
 * rust-stemmers version (or its English algorithm) changes. Note that 1.2
 * carries an older Snowball English: its exceptional-prefix list is only
 * gener/commun/arsen, and it has its own exception lists (below).
 * tests/data/stem_en_words.txt is the word list used to check that this
 * file and Rust agree.
 *
 * Input: one normalised (lower-cased) word. Output: its stem.
 * Positions count characters (Unicode scalar values), as Rust does.
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  var k = root.kitapStem = root.kitapStem || {};

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  // Groupings. Only these exact (lower-case ASCII) letters are vowels;
  // the marker 'Y' (a consonant y) is not.
  var V = { a: 1, e: 1, i: 1, o: 1, u: 1, y: 1 };
  var V_WXY = { a: 1, e: 1, i: 1, o: 1, u: 1, y: 1, w: 1, x: 1, Y: 1 };
  var VALID_LI = { c: 1, d: 1, e: 1, g: 1, h: 1, k: 1, m: 1, n: 1, r: 1, t: 1 };

  function isV(c) { return has(V, c); }

  // Whole words handled before anything else (exception1).
  var EXCEPTION1 = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie',
    idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli',
    only: 'onli', singly: 'singl',
    sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };

  // Words left alone after step 1a (exception2).
  var EXCEPTION2 = {
    inning: 1, outing: 1, canning: 1, herring: 1, earring: 1,
    proceed: 1, exceed: 1, succeed: 1
  };

  // Prefixes whose end is taken as the start of R1.
  var R1_PREFIXES = ['gener', 'commun', 'arsen'];

  // Suffix tables: suffix -> action. Lookup always takes the LONGEST
  // suffix of the table that the word ends with (Snowball `among`); if that
  // one's conditions fail, shorter ones are not tried.
  var STEP1B = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'];

  var STEP2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent',
    izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate',
    alism: 'al', aliti: 'al', alli: 'al',
    fulness: 'ful', ousli: 'ous', ousness: 'ous',
    iveness: 'ive', iviti: 'ive',
    biliti: 'ble', bli: 'ble',
    ogi: 'og',        // only after l
    fulli: 'ful', lessli: 'less',
    li: ''            // only after a valid li-ending
  };

  var STEP3 = {
    tional: 'tion', ational: 'ate', alize: 'al',
    icate: 'ic', iciti: 'ic', ical: 'ic',
    ful: '', ness: '',
    ative: ''         // only in R2
  };

  var STEP4 = [
    'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement',
    'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
    'ion'             // only after s or t
  ];

  function byLengthDesc(list) {
    return list.slice().sort(function (a, b) { return b.length - a.length; });
  }
  var STEP1B_SORTED = byLengthDesc(STEP1B);
  var STEP2_SORTED = byLengthDesc(Object.keys(STEP2));
  var STEP3_SORTED = byLengthDesc(Object.keys(STEP3));
  var STEP4_SORTED = byLengthDesc(STEP4);

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

  function hasVowel(w, from, to) {
    for (var i = from; i < to; i++) {
      if (isV(w.charAt(i))) return true;
    }
    return false;
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

  // shortv, looking backwards from position `end`:
  //   non-vowel-or-w-x-Y, vowel, non-vowel   (…consonant-vowel-consonant)
  //   or non-vowel, vowel at the very start of the word.
  function shortv(w, end) {
    var last = w.charAt(end - 1), mid = w.charAt(end - 2);
    if (end >= 3 && !has(V_WXY, last) && isV(mid) && !isV(w.charAt(end - 3))) {
      return true;
    }
    return end === 2 && !isV(last) && isV(mid);
  }

  function stem(w) {
    if (has(EXCEPTION1, w)) return EXCEPTION1[w];
    if (w.length < 3) return w;

    // --- prelude: drop a leading apostrophe, mark consonant y as Y.
    if (w.charAt(0) === "'") w = w.slice(1);
    var yFound = false;
    var chars = w.split('');
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === 'y' && (i === 0 || isV(chars[i - 1]))) {
        chars[i] = 'Y';
        yFound = true;
      }
    }
    w = chars.join('');

    // --- regions (fixed positions; they are not moved by later edits).
    var p1 = w.length, p2 = w.length;
    var start = -1;
    for (i = 0; i < R1_PREFIXES.length; i++) {
      if (w.slice(0, R1_PREFIXES[i].length) === R1_PREFIXES[i]) {
        start = R1_PREFIXES[i].length;
        break;
      }
    }
    if (start < 0) start = afterVowelConsonant(w, 0);
    if (start >= 0) {
      p1 = start;
      var r2 = afterVowelConsonant(w, p1);
      if (r2 >= 0) p2 = r2;
    }

    // --- step 1a
    if (endsWith(w, "'s'")) w = w.slice(0, -3);
    else if (endsWith(w, "'s")) w = w.slice(0, -2);
    else if (endsWith(w, "'")) w = w.slice(0, -1);

    if (endsWith(w, 'sses')) {
      w = w.slice(0, -2);
    } else if (endsWith(w, 'ied') || endsWith(w, 'ies')) {
      // "ties" -> "tie", "cries" -> "cri"
      w = w.length - 3 >= 2 ? w.slice(0, -2) : w.slice(0, -1);
    } else if (endsWith(w, 'ss') || endsWith(w, 'us')) {
      // unchanged
    } else if (endsWith(w, 's')) {
      // delete if a vowel occurs before the letter preceding the s
      if (w.length >= 2 && hasVowel(w, 0, w.length - 2)) w = w.slice(0, -1);
    }

    if (!has(EXCEPTION2, w)) {
      // --- step 1b
      var suf = longestSuffix(w, STEP1B_SORTED);
      if (suf === 'eed' || suf === 'eedly') {
        if (w.length - suf.length >= p1) {
          w = w.slice(0, w.length - suf.length) + 'ee';
        }
      } else if (suf !== null) {
        var base = w.length - suf.length;
        if (hasVowel(w, 0, base)) {
          w = w.slice(0, base);
          if (endsWith(w, 'at') || endsWith(w, 'bl') || endsWith(w, 'iz')) {
            w += 'e';
          } else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) {
            w = w.slice(0, -1);
          } else if (w.length === p1 && shortv(w, w.length)) {
            w += 'e';
          }
        }
      }

      // --- step 1c: y/Y after a consonant that is not the first letter
      var n = w.length;
      var last = w.charAt(n - 1);
      if ((last === 'y' || last === 'Y') && n >= 3 && !isV(w.charAt(n - 2))) {
        w = w.slice(0, -1) + 'i';
      }

      // --- step 2 (suffix in R1)
      suf = longestSuffix(w, STEP2_SORTED);
      if (suf !== null) {
        base = w.length - suf.length;
        if (base >= p1) {
          if (suf === 'ogi') {
            if (w.charAt(base - 1) === 'l') w = w.slice(0, base) + 'og';
          } else if (suf === 'li') {
            if (has(VALID_LI, w.charAt(base - 1))) w = w.slice(0, base);
          } else {
            w = w.slice(0, base) + STEP2[suf];
          }
        }
      }

      // --- step 3 (suffix in R1; 'ative' in R2)
      suf = longestSuffix(w, STEP3_SORTED);
      if (suf !== null) {
        base = w.length - suf.length;
        if (base >= p1 && (suf !== 'ative' || base >= p2)) {
          w = w.slice(0, base) + STEP3[suf];
        }
      }

      // --- step 4 (suffix in R2)
      suf = longestSuffix(w, STEP4_SORTED);
      if (suf !== null) {
        base = w.length - suf.length;
        if (base >= p2) {
          if (suf !== 'ion') {
            w = w.slice(0, base);
          } else if (w.charAt(base - 1) === 's' || w.charAt(base - 1) === 't') {
            w = w.slice(0, base);
          }
        }
      }

      // --- step 5
      n = w.length;
      last = w.charAt(n - 1);
      if (last === 'e') {
        if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(w, n - 1))) {
          w = w.slice(0, -1);
        }
      } else if (last === 'l') {
        if (n - 1 >= p2 && w.charAt(n - 2) === 'l') w = w.slice(0, -1);
      }
    }

    // --- postlude
    if (yFound) w = w.replace(/Y/g, 'y');
    return w;
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

  k.en = function (word) {
    return perCharacter(String(word), stem);
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = k.en;
  }
})();
