/*
 * Kazakh stemmer for kitap's client-side search (window.kitapStem.kk).
 *
 * The search index is built with the Rust stemmer (src/search/kk.rs) and
 * the browser stems the query with this file, so both must return exactly
 * the same string for every word.
 *
 * THE TABLES ARE GENERATED.  Everything between the "generated from
 * src/search/kk.rs" and "end generated" comments below (suffix tables, pass
 * order, minimum lengths, letter sets) is written from the constants of
 * kk.rs, the single source; do not edit it here.  After changing kk.rs, run
 *
 *     KITAP_BLESS=1 cargo test --lib kk_browser_tables
 *
 * to rewrite the block; without KITAP_BLESS that test (part of `cargo test`)
 * fails whenever the block differs from what kk.rs renders.
 *
 * The algorithm is hand-written: a line-by-line port in which every
 * function has a Rust twin of the same name (snake_case there), so a change
 * to a rule's code must be made in both files.  The algorithm, the
 * condition letters and the reasons behind every rule are documented in
 * kk.rs.  tests/search_browser.rs checks in Chromium that this file and
 * Rust give the same terms for src/search/kk_wordforms.txt and every word
 * of site/kk; for a quick check with node,
 *     require('./themes/default/static/stem-kk.js')(word)
 * returns the stem of one word.
 *
 * Input: one word, lower-cased, with "ё" already mapped to "е".  Words with
 * any character outside the 42-letter Kazakh Cyrillic alphabet, and words of
 * two letters or fewer, are returned unchanged (three-letter words only
 * lose the -у of a verbal noun: алу, ету).
 *
 * Plain ES2017, no modules, no build step.  All Kazakh letters are in the
 * Basic Multilingual Plane, so string indices are letter indices once a word
 * has passed the alphabet check.
 */
(function () {
  'use strict';

  // The data below (suffix tables, pass order, minimum lengths, letter sets)
  // is generated from the constants of the same names in kk.rs; see the
  // header of this file.  Suffix tables are [suffix, conditions]; condition
  // letters (see `Rule` in kk.rs): V R U L N Z K letter classes, C any
  // consonant, P consonant but not agent-suffix ш, Y ы/і, M м/ң after ы/і,
  // A а/е, E vowel but not ы/і, S vowel (ы/і only after POSSESSIVE_SY_AFTER),
  // Q consonant ending a verb root (after a vowel, or ROOT_CLUSTER_SECOND
  // after ROOT_CLUSTER_FIRST); flags: * no harmony check, 3/4 minimum
  // remainder length, p pronominal, s allowed on a
  // MIN_CUT_LEN_PRONOMINAL-letter word after a p entry in the same pass, v
  // allowed on a MIN_CUT_LEN_VERBAL_NOUN-letter word.  The reasons behind every rule are given in kk.rs.
  /* generated from src/search/kk.rs by `KITAP_BLESS=1 cargo test --lib kk_browser_tables` — do not edit */
  var MAX_PASSES = 10;
  var MIN_STEMMED_LEN = 3;
  var MIN_CUT_LEN = 4;
  var MIN_CUT_LEN_PRONOMINAL = 3;
  var MIN_CUT_LEN_VERBAL_NOUN = 3;
  var MIN_REST_LEN = 2;
  var MIN_REST_LEN_WITHOUT_VOWEL = 3;
  var ALPHABET = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
  var VOWELS = "аәеоөұүыіэяюиу";
  var BACK_VOWELS = "аоұыя";
  var FRONT_VOWELS = "әеөүіэи";
  var CLASS_V = "аәеоөұүыіэяю";
  var CLASS_R = "рйиьъ";
  var CLASS_U = "у";
  var CLASS_L = "л";
  var CLASS_N = "мнң";
  var CLASS_Z = "жз";
  var NOUN_SH_AFTER = "ыіүұөо";
  var POSSESSIVE_SY_AFTER = "шжқкғг";
  var ROOT_CLUSTER_FIRST = "йрл";
  var ROOT_CLUSTER_SECOND = "тқкп";
  var DEVOICE = [["б", "п"], ["г", "к"], ["ғ", "қ"]];
  var DROPPED_VOWEL_CLUSTERS = ["рн", "йн", "лқ", "лк", "рқ", "рк", "рп", "лп"];
  var DROPPED_VOWEL_AFTER_VU = "зпс";
  var PERSON = [
    ["асыңдар", "Q"],
    ["есіңдер", "Q"],
    ["асыздар", "Q"],
    ["есіздер", "Q"],
    ["майтын", "VRUL"],
    ["мейтін", "VRUL"],
    ["байтын", "NZ"],
    ["бейтін", "NZ"],
    ["пайтын", "K"],
    ["пейтін", "K"],
    ["дыңдар", "VRULNZ"],
    ["діңдер", "VRULNZ"],
    ["тыңдар", "K"],
    ["тіңдер", "K"],
    ["сыңдар", "VC"],
    ["сіңдер", "VC"],
    ["сыздар", "VU"],
    ["сіздер", "VU"],
    ["ыңдар", "C"],
    ["іңдер", "C"],
    ["майды", "VRUL"],
    ["мейді", "VRUL"],
    ["байды", "NZ"],
    ["бейді", "NZ"],
    ["пайды", "K"],
    ["пейді", "K"],
    ["дыңыз", "VRULNZ"],
    ["діңіз", "VRULNZ"],
    ["тыңыз", "K"],
    ["тіңіз", "K"],
    ["саңыз", "VC3"],
    ["сеңіз", "VC3"],
    ["амын", "Q"],
    ["емін", "Q"],
    ["амыз", "Q"],
    ["еміз", "Q"],
    ["асың", "Q"],
    ["есің", "Q"],
    ["айық", "Q"],
    ["ейік", "Q"],
    ["йтын", "V"],
    ["йтін", "V"],
    ["ймын", "V"],
    ["ймін", "V"],
    ["ймыз", "V"],
    ["йміз", "V"],
    ["йсың", "V"],
    ["йсің", "V"],
    ["йсыз", "V"],
    ["йсіз", "V"],
    ["мады", "VRUL"],
    ["меді", "VRUL"],
    ["бады", "NZ"],
    ["беді", "NZ"],
    ["пады", "K"],
    ["педі", "K"],
    ["итын", "C*"],
    ["итін", "C*"],
    ["иды", "C*"],
    ["иді", "C*"],
    ["ады", "Q"],
    ["еді", "Q"],
    ["йды", "V"],
    ["йді", "V"],
    ["йық", "V"],
    ["йік", "V"],
    ["дым", "VRULNZ"],
    ["дім", "VRULNZ"],
    ["тым", "K"],
    ["тім", "K"],
    ["дық", "VRULNZ"],
    ["дік", "VRULNZ"],
    ["тық", "K"],
    ["тік", "K"],
    ["дың", "V"],
    ["дің", "V"],
    ["мын", "VRULN"],
    ["мін", "VRULN"],
    ["бын", "Z"],
    ["бін", "Z"],
    ["пын", "K"],
    ["пін", "K"],
    ["мыз", "VRULN3p"],
    ["міз", "VRULN3p"],
    ["быз", "Z"],
    ["біз", "Z"],
    ["пыз", "K"],
    ["піз", "K"],
    ["сың", "VC"],
    ["сің", "VC"],
    ["сам", "VC3"],
    ["сем", "VC3"],
    ["саң", "VC3"],
    ["сең", "VC3"],
    ["сақ", "VC3"],
    ["сек", "VC3"],
    ["ды", "VRULNZ"],
    ["ді", "VRULNZ"],
    ["ты", "K"],
    ["ті", "K"],
    ["са", "VC3"],
    ["се", "VC3"],
  ];
  var CASE = [
    ["ндағы", "Yp"],
    ["ндегі", "Yp"],
    ["менен", "VRULN*p"],
    ["бенен", "Z*"],
    ["пенен", "K*"],
    ["дағы", "VRULNZ"],
    ["дегі", "VRULNZ"],
    ["тағы", "K"],
    ["тегі", "K"],
    ["ның", "VNp"],
    ["нің", "VNp"],
    ["дың", "RULZ"],
    ["дің", "RULZ"],
    ["тың", "K"],
    ["тің", "K"],
    ["нда", "Yp"],
    ["нде", "Yp"],
    ["дан", "VRULZ"],
    ["ден", "VRULZ"],
    ["нан", "NYp"],
    ["нен", "NYp"],
    ["тан", "K"],
    ["тен", "K"],
    ["мен", "VRULN*p"],
    ["бен", "Z*"],
    ["пен", "K*"],
    ["ны", "V3"],
    ["ні", "V3"],
    ["ды", "RULNZ"],
    ["ді", "RULNZ"],
    ["ты", "K"],
    ["ті", "K"],
    ["ға", "VRULNZ"],
    ["ге", "VRULNZ"],
    ["қа", "K"],
    ["ке", "K"],
    ["на", "Yp"],
    ["не", "Yp"],
    ["да", "VRULNZ"],
    ["де", "VRULNZ"],
    ["та", "K"],
    ["те", "K"],
    ["а", "M"],
    ["е", "M"],
    ["н", "Y4p"],
  ];
  var POSSESSIVE = [
    ["ымыз", "C"],
    ["іміз", "C"],
    ["ыңыз", "C"],
    ["іңіз", "C"],
    ["мыз", "V3"],
    ["міз", "V3"],
    ["ңыз", "V3"],
    ["ңіз", "V3"],
    ["ым", "C3"],
    ["ім", "C3"],
    ["ың", "C3"],
    ["ің", "C3"],
    ["сы", "S3"],
    ["сі", "S3"],
    ["м", "V4"],
    ["ң", "V4"],
    ["ы", "Ps"],
    ["і", "Ps"],
  ];
  var PLURAL = [
    ["лар", "VRU"],
    ["лер", "VRU"],
    ["дар", "LNZ"],
    ["дер", "LNZ"],
    ["тар", "K"],
    ["тер", "K"],
  ];
  var DERIVATION = [
    ["с", "E"],
  ];
  var VERB = [
    ["майтын", "VRUL"],
    ["мейтін", "VRUL"],
    ["байтын", "NZ"],
    ["бейтін", "NZ"],
    ["пайтын", "K"],
    ["пейтін", "K"],
    ["маған", "VRUL"],
    ["меген", "VRUL"],
    ["баған", "NZ"],
    ["беген", "NZ"],
    ["паған", "K"],
    ["пеген", "K"],
    ["йтын", "V"],
    ["йтін", "V"],
    ["мау", "VRUL"],
    ["меу", "VRUL"],
    ["бау", "NZ"],
    ["беу", "NZ"],
    ["пау", "K"],
    ["пеу", "K"],
    ["май", "VRUL"],
    ["мей", "VRUL"],
    ["бай", "NZ"],
    ["бей", "NZ"],
    ["пай", "K"],
    ["пей", "K"],
    ["ған", "VRULNZ"],
    ["ген", "VRULNZ"],
    ["қан", "K"],
    ["кен", "K"],
    ["ып", "C"],
    ["іп", "C"],
    ["п", "V"],
    ["у", "VRLNZK"],
    ["у", "Cv"],
    ["й", "A"],
  ];
  var LAYERS = [PERSON, CASE, POSSESSIVE, PLURAL, DERIVATION, VERB];
  /* end generated */

  function has(set, c) {
    return c !== undefined && set.indexOf(c) !== -1;
  }

  function isKazakhLetter(c) {
    return c.length === 1 && has(ALPHABET, c);
  }

  function isVowel(c) {
    return has(VOWELS, c);
  }

  // true back, false front, null for consonants and the neutral у, ю.
  function harmonyOf(c) {
    if (has(BACK_VOWELS, c)) return true;
    if (has(FRONT_VOWELS, c)) return false;
    return null;
  }

  // Harmony of a suffix: that of its first harmony-bearing vowel.
  function suffixHarmony(suffix) {
    for (var i = 0; i < suffix.length; i++) {
      var h = harmonyOf(suffix[i]);
      if (h !== null) return h;
    }
    return null;
  }

  // Harmony of a stem: that of its last harmony-bearing vowel; у between two
  // consonants is the back vowel of a loan word (ресурс → ресурстар).
  function stemHarmony(stem) {
    for (var i = stem.length - 1; i >= 0; i--) {
      var c = stem[i];
      if (c === 'у') {
        if (i > 0 && i + 1 < stem.length && !isVowel(stem[i - 1]) && !isVowel(stem[i + 1])) {
          return true;
        }
        continue;
      }
      var h = harmonyOf(c);
      if (h !== null) return h;
    }
    return null;
  }

  // The class code (V R U L N Z K) of a letter.
  function classOf(c) {
    if (has(CLASS_V, c)) return 'V';
    if (has(CLASS_R, c)) return 'R';
    if (c === CLASS_U) return 'U';
    if (c === CLASS_L) return 'L';
    if (has(CLASS_N, c)) return 'N';
    if (has(CLASS_Z, c)) return 'Z';
    return 'K';
  }

  // Does the remainder `rest` (non-empty) satisfy the context codes of `cond`?
  function contextOk(cond, rest) {
    if (rest.length === 0) return false;
    var last = rest[rest.length - 1];
    var prev = rest.length > 1 ? rest[rest.length - 2] : undefined;
    var cls = classOf(last);
    for (var i = 0; i < cond.length; i++) {
      var code = cond[i];
      var ok;
      switch (code) {
        case 'V': case 'R': case 'U': case 'L': case 'N': case 'Z': case 'K':
          ok = code === cls;
          break;
        case 'C':
          ok = cls !== 'V';
          break;
        case 'P':
          ok = cls !== 'V' && !(last === 'ш' && (prev === undefined || !has(NOUN_SH_AFTER, prev)));
          break;
        case 'A':
          ok = last === 'а' || last === 'е';
          break;
        case 'Y':
          ok = last === 'ы' || last === 'і';
          break;
        case 'E':
          ok = cls === 'V' && last !== 'ы' && last !== 'і';
          break;
        case 'S':
          ok = cls === 'V' && ((last !== 'ы' && last !== 'і') || has(POSSESSIVE_SY_AFTER, prev));
          break;
        case 'M':
          ok = (last === 'м' || last === 'ң') && (prev === 'ы' || prev === 'і');
          break;
        case 'Q':
          ok = cls !== 'V' && (prev === undefined || isVowel(prev) ||
            (has(ROOT_CLUSTER_FIRST, prev) && has(ROOT_CLUSTER_SECOND, last)));
          break;
        default:
          ok = false;
      }
      if (ok) return true;
    }
    return false;
  }

  // Final б г ғ → п к қ (the voiced variant only occurs before a vowel).
  function devoiceFinal(w) {
    var last = w[w.length - 1];
    for (var i = 0; i < DEVOICE.length; i++) {
      if (DEVOICE[i][0] === last) return w.slice(0, -1) + DEVOICE[i][1];
    }
    return w;
  }

  // Does w end in a cluster left by a dropped vowel (орн, халқ, қауп, …)?
  // Checked before devoicing.
  function hasDroppedVowel(w) {
    if (w.length < 3) return false;
    var c0 = w[w.length - 3], c1 = w[w.length - 2], c2 = w[w.length - 1];
    var pair = c1 + c2;
    if (DROPPED_VOWEL_CLUSTERS.indexOf(pair) !== -1) return true;
    return c1 === 'у' && has(DROPPED_VOWEL_AFTER_VU, c2) && classOf(c0) === 'V';
  }

  // Put back the dropped vowel (орн → орын, қауп → қауіп).
  function restoreDroppedVowel(w, back) {
    return w.slice(0, -1) + (back ? 'ы' : 'і') + w[w.length - 1];
  }

  // Try the entries of one table on state.w; cut the first that applies.
  // state.pronominal is set when a `p` entry is cut and enables `s` entries.
  function stripOne(state, table) {
    var w = state.w;
    var len = w.length;
    for (var t = 0; t < table.length; t++) {
      var suffix = table[t][0], cond = table[t][1];
      if (!w.endsWith(suffix)) continue;
      var minWord = cond.indexOf('s') !== -1 && state.pronominal ? MIN_CUT_LEN_PRONOMINAL
        : cond.indexOf('v') !== -1 ? MIN_CUT_LEN_VERBAL_NOUN : MIN_CUT_LEN;
      if (len < minWord) continue;
      var rest = w.slice(0, len - suffix.length);
      var restLen = rest.length;
      var minRest = cond.indexOf('4') !== -1 ? 4 : cond.indexOf('3') !== -1 ? 3 : MIN_REST_LEN;
      var restHasVowel = false;
      for (var i = 0; i < rest.length; i++) {
        if (isVowel(rest[i])) { restHasVowel = true; break; }
      }
      if (restLen < minRest || (restLen < MIN_REST_LEN_WITHOUT_VOWEL && !restHasVowel)) continue;
      if (!contextOk(cond, rest)) continue;
      var sh = suffixHarmony(suffix);
      var vowelInitial = isVowel(suffix[0]);
      var dropped = vowelInitial && hasDroppedVowel(rest);
      var rh = stemHarmony(rest);
      var clash = sh !== null && rh !== null && sh !== rh;
      if (clash && cond.indexOf('*') === -1 && !dropped) continue;
      // Cut and repair.
      rest = devoiceFinal(rest);
      if (dropped) {
        var back = sh !== null ? sh : stemHarmony(rest);
        if (back === null) back = true;
        rest = restoreDroppedVowel(rest, back);
      }
      state.w = rest;
      if (cond.indexOf('p') !== -1) state.pronominal = true;
      return true;
    }
    return false;
  }

  function stem(word) {
    if (typeof word !== 'string' || word.length === 0) return word;
    var n = 0;
    for (var ch of word) {
      if (!isKazakhLetter(ch)) return word;
      n++;
    }
    if (n < MIN_STEMMED_LEN) return word;
    var state = { w: devoiceFinal(word), pronominal: false };
    for (var pass = 0; pass < MAX_PASSES; pass++) {
      var changed = false;
      state.pronominal = false;
      for (var l = 0; l < LAYERS.length; l++) {
        if (stripOne(state, LAYERS[l])) changed = true;
      }
      if (!changed) break;
    }
    return state.w;
  }

  var root = typeof window !== 'undefined' ? window : globalThis;
  var k = root.kitapStem = root.kitapStem || {};
  k.kk = stem;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = k.kk;
  }
})();
