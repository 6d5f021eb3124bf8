/*
 * kitap search: Russian stemmer for the browser client.
 *
 * kitap's Russian stemmer (src/search/ru.rs): Snowball Russian, with a table
 * of irregular forms, second-conjugation present participles and a few
 * stem endings rewritten afterwards.
 *
 * The Snowball part is a hand-written JavaScript port of the Snowball
 * Russian stemmer, exactly as shipped in the Rust crate rust-stemmers 1.2
 * (src/snowball/algorithms/russian.rs), which is what kitap uses to build
 * its search index (rust_stemmers::Algorithm::Russian).
 *
 *   rust-stemmers: Copyright (c) 2017 Jakob Demler (CurrySoftware);
 *                  MIT License.
 *   Snowball:      Copyright (c) 2001 Dr Martin Porter, Copyright (c)
 *                  2004,2005 Richard Boulton; BSD 3-Clause License
 *                  (https://snowballstem.org/license.html).
 *
 * THE TABLES OF KITAP'S ADDITIONS ARE GENERATED.  Everything between the
 * "generated from src/search/ru.rs" and "end generated" comments below is
 * written from the constants of ru.rs by src/search/ru_browser.rs; the test
 * ru_browser_tables_are_generated fails when it differs.  Do not edit it by
 * hand: change ru.rs and run
 *
 *   KITAP_BLESS=1 cargo test --lib ru_browser_tables
 *
 * KEEP IN STEP WITH THE RUST SIDE: query words must stem exactly as the
 * indexer stemmed them, so this file has to change whenever the
 * rust-stemmers version (or its Russian algorithm) changes, and whenever
 * the code of ru.rs does (the functions after the Snowball port mirror it
 * one for one).  tests/data/stem_ru_words.txt is the word list used to
 * check that this file and Rust agree.
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

  // VOWELS (Snowball's, also ru.rs's) and the tables of kitap's additions.
  /* generated from src/search/ru.rs by `KITAP_BLESS=1 cargo test --lib ru_browser_tables` — do not edit */
  var VOWELS = "аеиоуыэюя";
  var CONSONANTS = "бвгджзйклмнпрстфхцчшщ";
  var OVAT_ENDINGS = ["ешь", "ет", "ем", "ете", "ют", "й", "йте", "я", "ема", "емо", "емы", "емте"];
  var OVAT_ENDINGS_REFLEXIVE = ["юсь"];
  var OVAT_PARTICIPLE_SUFFIXES = ["ующ", "уем"];
  var OVAT_E_AFTER = "жчшщц";
  var PARTICIPLE_SUFFIXES = ["ащ", "ящ"];
  var ADJECTIVE_ENDINGS = ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"];
  var REFLEXIVE_ENDINGS = ["ся", "сь"];
  var GERUNDS = [["аясь", 3], ["яясь", 3], ["ывая", 1]];
  var REFLEXIVE_MARK = "ся";
  var REFLEXIVE_MIN_LEN = 5;
  var STEM_ENDINGS = [
    ["аемт", "", "а"],
    ["аем", "", "а"],
    ["яемт", "", "я"],
    ["яем", "", "я"],
    ["нувш", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["нув", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["нут", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["нул", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["немт", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["нет", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["неш", "бвгджзйклмнпрстфхцчшщ", "н"],
    ["ажет", "", "аза"],
    ["ажеш", "", "аза"],
    ["ажем", "", "аза"],
    ["ажут", "", "аза"],
    ["аж", "", "аза"],
    ["ат", "жчшщ", ""],
    ["ок", "бвгджзйклмнпрстфхцчшщ", "к"],
    ["ек", "бвгджзйклмнпрстфхцчшщ", "к"],
    ["ец", "бвгджзйклмнпрстфхцчшщ", "ц"],
    ["ен", "бвгджзйклмнпрстфхцчшщ", "н"],
  ];
  var IRREGULAR = [
    ["человк", ["люди", "людей", "людям", "людьми", "людях"]],
    ["ребенк", ["ребенок", "дети", "детей", "детям", "детьми", "детях"]],
    ["год", ["лет"]],
    ["доч", ["дочь", "дочери", "дочерей", "дочерью", "дочерям", "дочерьми", "дочерях"]],
    ["мать", ["мать", "матери", "матерей", "матерью", "матерям", "матерями", "матерях"]],
    ["врем", ["времени", "временем", "времена", "времен", "временам", "временами", "временах"]],
    ["имя", ["имя", "имени", "именем", "имена", "имен", "именам", "именами", "именах"]],
    ["церков", ["церкви", "церквей", "церквам", "церквами", "церквах"]],
    ["любов", ["любви"]],
    ["должн", ["должен"]],
    ["нужн", ["нужен"]],
    ["быть", ["быть", "был", "была", "было", "были", "буду", "будешь", "будет", "будем", "будете", "будут", "будь", "будьте"]],
    ["мочь", ["мочь", "могу", "можешь", "может", "можем", "можете", "могут", "мог", "могла", "могло", "могли"]],
    ["хот", ["хотеть", "хочу", "хочешь", "хочет", "хотел", "хотела", "хотело", "хотели"]],
    ["дать", ["дать", "дал", "дала", "дало", "дали", "дам", "дашь", "даст", "дадим", "дадите", "дадут", "дай", "дайте"]],
    ["взять", ["взять", "взял", "взяла", "взяло", "взяли", "возьму", "возьмешь", "возьмет", "возьмем", "возьмете", "возьмут", "возьми", "возьмите"]],
    ["брать", ["брать", "брал", "брала", "брало", "брали", "беру", "берешь", "берет", "берем", "берете", "берут", "бери", "берите"]],
    ["жить", ["жить", "жил", "жила", "жило", "жили", "живу", "живешь", "живет", "живем", "живете", "живут", "живи", "живите"]],
    ["сесть", ["сесть", "сяду", "сядешь", "сядет", "сядем", "сядете", "сядут", "сядь", "сядьте"]],
    ["лечь", ["лечь", "лягу", "ляжешь", "ляжет", "ляжем", "ляжете", "лягут", "ляг", "лягте", "лег", "легла", "легло", "легли"]],
    ["зна", ["знать", "знаешь", "знает", "знаете", "знают", "знал", "знала", "знало", "знали", "знай", "знайте"]],
    ["стать", ["стать", "стану", "станешь", "станет", "станем", "станете", "станут", "стань", "станьте", "стал", "стала", "стало", "стали"]],
    ["еха", ["едешь", "едет", "едем", "едете", "едут"]],
    ["ид", ["идти", "идешь", "идет", "идем", "идете", "идут", "шел", "шла", "шло", "шли"]],
    ["пойт", ["пойти", "пойду", "пойдешь", "пойдет", "пойдем", "пойдете", "пойдут", "пойди", "пойдите", "пошел", "пошла", "пошло", "пошли"]],
    ["прийт", ["прийти", "приду", "придешь", "придет", "придем", "придете", "придут", "приди", "придите", "пришел", "пришла", "пришло", "пришли"]],
    ["уйт", ["уйти", "уйду", "уйдешь", "уйдет", "уйдем", "уйдете", "уйдут", "уйди", "уйдите", "ушел", "ушла", "ушло", "ушли"]],
    ["выйт", ["выйти", "выйду", "выйдешь", "выйдет", "выйдем", "выйдете", "выйдут", "выйди", "выйдите", "вышел", "вышла", "вышло", "вышли"]],
    ["найт", ["найти", "найду", "найдешь", "найдет", "найдем", "найдете", "найдут", "найди", "найдите", "нашел", "нашла", "нашло", "нашли"]],
    ["войт", ["войти", "войду", "войдешь", "войдет", "войдем", "войдете", "войдут", "войди", "войдите", "вошел", "вошла", "вошло", "вошли"]],
    ["зайт", ["зайти", "зайду", "зайдешь", "зайдет", "зайдем", "зайдете", "зайдут", "зайди", "зайдите", "зашел", "зашла", "зашло", "зашли"]],
    ["пройт", ["пройти", "пройду", "пройдешь", "пройдет", "пройдем", "пройдете", "пройдут", "пройди", "пройдите", "прошел", "прошла", "прошло", "прошли"]],
    ["произойт", ["произойти", "произойдет", "произойдут", "произошел", "произошла", "произошло", "произошли"]],
    ["подойт", ["подойти", "подойду", "подойдешь", "подойдет", "подойдем", "подойдете", "подойдут", "подойди", "подойдите", "подошел", "подошла", "подошло", "подошли"]],
    ["перейт", ["перейти", "перейду", "перейдешь", "перейдет", "перейдем", "перейдете", "перейдут", "перейди", "перейдите", "перешел", "перешла", "перешло", "перешли"]],
  ];
  /* end generated */

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

  function snowball(word) {
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

  // kitap's additions (src/search/ru.rs), one function per Rust function.

  var IRREGULAR_MAP = {};
  IRREGULAR.forEach(function (row) {
    row[1].forEach(function (w) { IRREGULAR_MAP[w] = row[0]; });
  });

  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) {
      if (VOWELS.indexOf(s.charAt(i)) >= 0) return true;
    }
    return false;
  }

  function stripSuffix(w, s) {
    return endsWith(w, s) ? w.slice(0, w.length - s.length) : null;
  }

  // The word without a reflexive ending, or null if it has none.
  function withoutReflexive(word) {
    for (var i = 0; i < REFLEXIVE_ENDINGS.length; i++) {
      var r = stripSuffix(word, REFLEXIVE_ENDINGS[i]);
      if (r !== null) return r;
    }
    return null;
  }

  // The word without its longest adjective ending, or null if it has none.
  function withoutAdjectiveEnding(w) {
    var ending = null;
    for (var i = 0; i < ADJECTIVE_ENDINGS.length; i++) {
      var e = ADJECTIVE_ENDINGS[i];
      if (endsWith(w, e) && (ending === null || e.length > ending.length)) ending = e;
    }
    return ending === null ? null : w.slice(0, w.length - ending.length);
  }

  // The infinitive stem of a present-stem form of an -овать/-евать verb, or
  // null.
  function ovatPresent(word) {
    var w = withoutReflexive(word);
    if (w === null) w = word;
    var base = null, i;
    var rest = withoutAdjectiveEnding(w);
    if (rest !== null) {
      for (i = 0; i < OVAT_PARTICIPLE_SUFFIXES.length && base === null; i++) {
        base = stripSuffix(rest, OVAT_PARTICIPLE_SUFFIXES[i]);
      }
    }
    // The first ending of the list that w ends with, then the у before it.
    function beforeEnding(w, endings) {
      for (var j = 0; j < endings.length; j++) {
        var r = stripSuffix(w, endings[j]);
        if (r !== null) return stripSuffix(r, 'у');
      }
      return null;
    }
    if (base === null) base = beforeEnding(w, OVAT_ENDINGS);
    if (base === null) base = beforeEnding(word, OVAT_ENDINGS_REFLEXIVE);
    if (base === null || base.length === 0) return null;
    var last = base.charAt(base.length - 1);
    if (CONSONANTS.indexOf(last) < 0 || !hasVowel(base)) return null;
    return base + (OVAT_E_AFTER.indexOf(last) >= 0 ? 'ева' : 'ова');
  }

  // The word without a reflexive ending, its longest adjective ending and a
  // participle suffix, if what is left ends in a consonant and has a vowel;
  // else null.
  function presentParticiple(word) {
    var w = withoutReflexive(word);
    if (w === null) w = word;
    var rest = withoutAdjectiveEnding(w);
    if (rest === null) return null;
    var base = null, i;
    for (i = 0; i < PARTICIPLE_SUFFIXES.length; i++) {
      base = stripSuffix(rest, PARTICIPLE_SUFFIXES[i]);
      if (base !== null) break;
    }
    if (base === null || base.length === 0) return null;
    var last = base.charAt(base.length - 1);
    return CONSONANTS.indexOf(last) >= 0 && hasVowel(base) ? base : null;
  }

  // The stem with its ending rewritten by the first row of STEM_ENDINGS
  // that applies.
  function tidy(stem) {
    for (var i = 0; i < STEM_ENDINGS.length; i++) {
      var row = STEM_ENDINGS[i];
      var rest = stripSuffix(stem, row[0]);
      if (rest === null || rest.length === 0) continue;
      if (row[1] !== '' && row[1].indexOf(rest.charAt(rest.length - 1)) < 0) continue;
      var out = rest + row[2];
      if (hasVowel(out)) return out;
    }
    return stem;
  }

  function stem(word) {
    if (has(IRREGULAR_MAP, word)) return IRREGULAR_MAP[word];
    var base = ovatPresent(word), i;
    for (i = 0; i < GERUNDS.length && base === null; i++) {
      if (endsWith(word, GERUNDS[i][0])) base = word.slice(0, word.length - GERUNDS[i][1]);
    }
    if (base === null) base = presentParticiple(word);
    var term = tidy(base !== null ? base : snowball(word));
    if (withoutReflexive(word) !== null && word.length >= REFLEXIVE_MIN_LEN) {
      term += REFLEXIVE_MARK;
    }
    return term;
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
