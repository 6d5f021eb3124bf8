/*
 * Kazakh stemmer for kitap's client-side search (window.kitapStem.kk).
 *
 * MUST CHANGE TOGETHER WITH src/search/kk.rs.  The search index is built
 * with the Rust stemmer and the browser stems the query with this file, so
 * both must return exactly the same string for every word.  This is a
 * line-by-line port: the suffix tables below are the Rust tables in the same
 * order with the same condition letters, and every function has a Rust
 * twin of the same name (snake_case there).  The algorithm, the condition
 * letters and the reasons behind every rule are documented in kk.rs.
 *
 * After changing either file, compare them with node: dump Rust's stems for
 * src/search/kk_wordforms.txt plus a few thousand other Kazakh words (e.g.
 * the kk pages of a site, and every tail of every word) and check that
 *     require('./themes/default/static/stem-kk.js')(word)
 * gives the same string for every one of them (tests/search_browser.rs
 * also compares browser and Rust terms on the word list and site/kk).
 *
 * Input: one word, lower-cased, with "ё" already mapped to "е".  Words with
 * any character outside the 42-letter Kazakh Cyrillic alphabet, and words of
 * three letters or fewer, are returned unchanged.
 *
 * Plain ES2017, no modules, no build step.  All Kazakh letters are in the
 * Basic Multilingual Plane, so string indices are letter indices once a word
 * has passed the alphabet check.
 */
(function () {
  'use strict';

  // Upper bound on the number of passes (see MAX_PASSES in kk.rs).
  var MAX_PASSES = 10;

  // Suffix tables: [suffix, conditions].  Condition letters (see `Rule` in
  // kk.rs): V R U L N Z K letter classes, C any consonant, P consonant but
  // not agent-suffix ш, Y ы/і, M м/ң after ы/і, A а/е, E vowel but not ы/і,
  // S vowel (ы/і only after ш ж қ к ғ г); flags: * no harmony check, 3/4
  // minimum remainder length, p pronominal, s allowed on a 3-letter word
  // after a p entry in the same pass.

  // 1. Predicative person endings and finite verb endings.
  var PERSON = [
    // habitual participles, also listed here (and again in `VERB`, for the
    // forms where they carry a case or plural ending) because otherwise the
    // case table would take their final `-н` for an accusative:
    // жасамайтын, жасайтын
    ["майтын", "VRUL"],
    ["мейтін", "VRUL"],
    ["байтын", "NZ"],
    ["бейтін", "NZ"],
    ["пайтын", "K"],
    ["пейтін", "K"],
    // past tense 2nd person plural: жасадыңдар
    ["дыңдар", "VRULNZ"],
    ["діңдер", "VRULNZ"],
    ["тыңдар", "K"],
    ["тіңдер", "K"],
    // predicative 2nd person plural: барасыңдар, баласыздар
    ["сыңдар", "VC"],
    ["сіңдер", "VC"],
    ["сыздар", "VU"],
    ["сіздер", "VU"],
    // negated present 3rd person: жасамайды, бермейді, көнбейді, айтпайды
    ["майды", "VRUL"],
    ["мейді", "VRUL"],
    ["байды", "NZ"],
    ["бейді", "NZ"],
    ["пайды", "K"],
    ["пейді", "K"],
    // past tense 2nd person polite: жасадыңыз
    ["дыңыз", "VRULNZ"],
    ["діңіз", "VRULNZ"],
    ["тыңыз", "K"],
    ["тіңіз", "K"],
    // conditional 2nd person polite: жасасаңыз
    ["саңыз", "VC3"],
    ["сеңіз", "VC3"],
    // present/future + person, consonant-final verbs: аламын, ұсынамыз.
    // (-асың/-асыз are left out: they would turn the far more frequent
    // баласыз, мүддесіз, шарасыз "without …" into бал, мүдд, шар.)
    ["амын", "C"],
    ["емін", "C"],
    ["амыз", "C"],
    ["еміз", "C"],
    // present/future + person, vowel-final verbs: жасаймын, қорғаймыз;
    // habitual participle of vowel-final verbs (see above): жасайтын
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
    // negated past 3rd person: жасамады, бермеді, көнбеді, айтпады
    ["мады", "VRUL"],
    ["меді", "VRUL"],
    ["бады", "NZ"],
    ["беді", "NZ"],
    ["пады", "K"],
    ["педі", "K"],
    // present/future 3rd person: алады, береді / жасайды, істейді
    ["ады", "C"],
    ["еді", "C"],
    ["йды", "V"],
    ["йді", "V"],
    // past 1st person singular and plural: жасадым, алдық, айттым, кеттік
    ["дым", "VRULNZ"],
    ["дім", "VRULNZ"],
    ["тым", "K"],
    ["тім", "K"],
    ["дық", "VRULNZ"],
    ["дік", "VRULNZ"],
    ["тық", "K"],
    ["тік", "K"],
    // predicative 1st person singular: баламын, адаммын, қызбын, қазақпын
    ["мын", "VRULN"],
    ["мін", "VRULN"],
    ["бын", "Z"],
    ["бін", "Z"],
    ["пын", "K"],
    ["пін", "K"],
    // predicative 1st person plural: баламыз, қызбыз, қазақпыз
    ["мыз", "VRULN3p"],
    ["міз", "VRULN3p"],
    ["быз", "Z"],
    ["біз", "Z"],
    ["пыз", "K"],
    ["піз", "K"],
    // predicative 2nd person singular: баласың, келгенсің
    ["сың", "VC"],
    ["сің", "VC"],
    // 2nd person polite / privative, only after a vowel or у: баласыз,
    // төлемеусіз (never заңсыз, қауіпсіз)
    ["сыз", "VU"],
    ["сіз", "VU"],
    // conditional with person: жасасам, алсаң, берсек
    ["сам", "VC3"],
    ["сем", "VC3"],
    ["саң", "VC3"],
    ["сең", "VC3"],
    ["сақ", "VC3"],
    ["сек", "VC3"],
    // past 3rd person (also the accusative after a consonant): жинады?, алды, айтты
    ["ды", "VRULNZ"],
    ["ді", "VRULNZ"],
    ["ты", "K"],
    ["ті", "K"],
    // conditional 3rd person: жасаса, берсе
    ["са", "VC3"],
    ["се", "VC3"],
  ];

  // 2. Case endings.
  var CASE = [
    // attributive locative after a possessive: саласындағы
    ["ндағы", "Yp"],
    ["ндегі", "Yp"],
    // instrumental, long form: баламенен
    ["менен", "VRULN*p"],
    ["бенен", "Z*"],
    ["пенен", "K*"],
    // attributive locative: қаладағы, елдегі, мектептегі
    ["дағы", "VRULNZ"],
    ["дегі", "VRULNZ"],
    ["тағы", "K"],
    ["тегі", "K"],
    // genitive: баланың, адамның, әйелдің, шарттың
    ["ның", "VNp"],
    ["нің", "VNp"],
    ["дың", "RULZ"],
    ["дің", "RULZ"],
    ["тың", "K"],
    ["тің", "K"],
    // locative after a possessive: саласында
    ["нда", "Yp"],
    ["нде", "Yp"],
    // ablative: баладан, адамнан, үйінен, шарттан
    ["дан", "VRULZ"],
    ["ден", "VRULZ"],
    ["нан", "NYp"],
    ["нен", "NYp"],
    ["тан", "K"],
    ["тен", "K"],
    // instrumental: баламен, қызбен, шартпен
    ["мен", "VRULN*p"],
    ["бен", "Z*"],
    ["пен", "K*"],
    // accusative: баланы, адамды, шартты
    ["ны", "V3"],
    ["ні", "V3"],
    ["ды", "RULNZ"],
    ["ді", "RULNZ"],
    ["ты", "K"],
    ["ті", "K"],
    // dative: балаға, шартқа, саласына
    ["ға", "VRULNZ"],
    ["ге", "VRULNZ"],
    ["қа", "K"],
    ["ке", "K"],
    ["на", "Yp"],
    ["не", "Yp"],
    // locative: балада, шартта
    ["да", "VRULNZ"],
    ["де", "VRULNZ"],
    ["та", "K"],
    ["те", "K"],
    // dative after a 1st/2nd person singular possessive: кітабыма, үйіңе
    ["а", "M"],
    ["е", "M"],
    // accusative after a 3rd person possessive: кітабын, баласын
    ["н", "Y4p"],
  ];

  // 3. Possessive endings.
  var POSSESSIVE = [
    // 1st person plural: еліміз, кітабымыз / баламыз
    ["ымыз", "C"],
    ["іміз", "C"],
    // 2nd person polite: кітабыңыз / балаңыз
    ["ыңыз", "C"],
    ["іңіз", "C"],
    ["мыз", "V3"],
    ["міз", "V3"],
    ["ңыз", "V3"],
    ["ңіз", "V3"],
    // 1st and 2nd person singular: кітабым, үйің
    ["ым", "C3"],
    ["ім", "C3"],
    ["ың", "C3"],
    ["ің", "C3"],
    // 3rd person after a vowel: баласы, жалақысы, тергеушісі (but жұмысы is
    // жұмыс + ы: see the `S` condition)
    ["сы", "S3"],
    ["сі", "S3"],
    // 3rd person after a consonant: кітабы, үйі (also from 3-letter forms)
    ["ы", "Ps"],
    ["і", "Ps"],
  ];

  // 4. Plural.
  var PLURAL = [
    ["лар", "VRU"],
    ["лер", "VRU"],
    ["дар", "LNZ"],
    ["дер", "LNZ"],
    ["тар", "K"],
    ["тер", "K"],
  ];

  // 5. Safe derivational suffixes.
  var DERIVATION = [
    // abstract nouns / relational adjectives: орталық, кепілдік, азаматтық
    ["лық", "VRU3"],
    ["лік", "VRU3"],
    ["дық", "LNZ3"],
    ["дік", "LNZ3"],
    ["тық", "K3"],
    ["тік", "K3"],
    // agent nouns: жұмысшы, беруші, шекарашы
    ["шы", "VC3"],
    ["ші", "VC3"],
    // final -с after а/е/…: кеңес, қатынас, процес(тер) lose it, so that
    // they meet their possessive кеңесі, қатынасы, which the possessive step
    // reads as кеңе + сі (the reading right for саудасы, хаттамасы).
    ["с", "E"],
  ];

  // 6. Non-finite verb forms and negation.
  var VERB = [
    // negated habitual participle: жасамайтын, бермейтін
    ["майтын", "VRUL"],
    ["мейтін", "VRUL"],
    ["байтын", "NZ"],
    ["бейтін", "NZ"],
    ["пайтын", "K"],
    ["пейтін", "K"],
    // negated past participle: жасамаған, бермеген
    ["маған", "VRUL"],
    ["меген", "VRUL"],
    ["баған", "NZ"],
    ["беген", "NZ"],
    ["паған", "K"],
    ["пеген", "K"],
    // habitual participle of vowel-final verbs: жасайтын, істейтін
    ["йтын", "V"],
    ["йтін", "V"],
    // negated verbal noun: төлемеу, жасамау
    ["мау", "VRUL"],
    ["меу", "VRUL"],
    ["бау", "NZ"],
    ["беу", "NZ"],
    ["пау", "K"],
    ["пеу", "K"],
    // negated converb: жасамай, бермей
    ["май", "VRUL"],
    ["мей", "VRUL"],
    ["бай", "NZ"],
    ["бей", "NZ"],
    ["пай", "K"],
    ["пей", "K"],
    // past participle: жасаған, берген, айтқан, көмектескен
    ["ған", "VRULNZ"],
    ["ген", "VRULNZ"],
    ["қан", "K"],
    ["кен", "K"],
    // converb: алып, беріп / жасап
    ["ып", "C"],
    ["іп", "C"],
    ["п", "V"],
    // verbal noun (infinitive): алу, беру, жасау
    ["у", "VRLNZK"],
    // converb / present stem of а/е-final verbs: қорғай (алмайды), жасай
    ["й", "A"],
  ];

  // The tables in the order a pass visits them (outermost suffix first).
  var LAYERS = [PERSON, CASE, POSSESSIVE, PLURAL, DERIVATION, VERB];

  var ALPHABET = 'аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя';

  function has(set, c) {
    return c !== undefined && set.indexOf(c) !== -1;
  }

  function isKazakhLetter(c) {
    return c.length === 1 && has(ALPHABET, c);
  }

  function isVowel(c) {
    return has('аәеоөұүыіэяюиу', c);
  }

  // true back, false front, null for consonants and the neutral у, ю.
  function harmonyOf(c) {
    if (has('аоұыя', c)) return true;
    if (has('әеөүіэи', c)) return false;
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
    if (has('аәеоөұүыіэяю', c)) return 'V';
    if (has('рйиьъ', c)) return 'R';
    if (c === 'у') return 'U';
    if (c === 'л') return 'L';
    if (has('мнң', c)) return 'N';
    if (has('жз', c)) return 'Z';
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
          ok = cls !== 'V' && !(last === 'ш' && (prev === undefined || !has('ыіүұөо', prev)));
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
          ok = cls === 'V' && ((last !== 'ы' && last !== 'і') || has('шжқкғг', prev));
          break;
        case 'M':
          ok = (last === 'м' || last === 'ң') && (prev === 'ы' || prev === 'і');
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
    var repl = last === 'б' ? 'п' : last === 'г' ? 'к' : last === 'ғ' ? 'қ' : null;
    return repl === null ? w : w.slice(0, -1) + repl;
  }

  // Does w end in a cluster left by a dropped vowel (орн, халқ, қауп, …)?
  // Checked before devoicing.
  function hasDroppedVowel(w) {
    if (w.length < 3) return false;
    var c0 = w[w.length - 3], c1 = w[w.length - 2], c2 = w[w.length - 1];
    var pair = c1 + c2;
    if (['рн', 'йн', 'лқ', 'лк', 'рқ', 'рк', 'рп', 'лп'].indexOf(pair) !== -1) return true;
    return c1 === 'у' && has('зпс', c2) && classOf(c0) === 'V';
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
      var minWord = cond.indexOf('s') !== -1 && state.pronominal ? 3 : 4;
      if (len < minWord) continue;
      var rest = w.slice(0, len - suffix.length);
      var restLen = rest.length;
      var minRest = cond.indexOf('4') !== -1 ? 4 : cond.indexOf('3') !== -1 ? 3 : 2;
      var restHasVowel = false;
      for (var i = 0; i < rest.length; i++) {
        if (isVowel(rest[i])) { restHasVowel = true; break; }
      }
      if (restLen < minRest || (restLen < 3 && !restHasVowel)) continue;
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
    if (n <= 3) return word;
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
