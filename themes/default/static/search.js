/* kitap search client. Plain JavaScript, no dependencies, no build step.
 *
 * Loads <lang>/search-index.js (a small manifest) with a <script> tag (so it
 * works from file://), after the page has painted; for each query loads the
 * term shards <lang>/search/terms-<k>.js its words fall in, answers with
 * BM25 over section documents, and loads the text files
 * <lang>/search/text-<k>.js of the results it shows, for titles and
 * snippets (see docs/search.md). Everything from the index or the query
 * reaches the page through textContent / createElement: nothing is written
 * as HTML.
 *
 * tokens() must stay in step with src/search/tokenize.rs (the Rust side);
 * tests/search_browser.rs checks that both give the same terms.
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  var WORDLIKE = /[\p{Alphabetic}\p{N}]/u;
  var CYRILLIC = /[\u0400-\u04FF]/;
  var TERMINAL = '0123456789abcdefghijklmnopqrstuv';
  var CONTINUATION = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  var PAGE = 10, PREFIX_SHARDS = 4;
  var TERM_CODE = new Int8Array(128).fill(-1), CONT_CODE = new Int8Array(128).fill(-1);
  for (var ci = 0; ci < 32; ci++) { TERM_CODE[TERMINAL.charCodeAt(ci)] = ci; CONT_CODE[CONTINUATION.charCodeAt(ci)] = ci; }

  /* `fold`: the language's Latin look-alikes, each Latin letter followed by
     its Cyrillic twin ("aаbв..."), as the index says; '' for none. */
  var LOOKALIKES = {};
  function lookalikes(fold) {
    if (!LOOKALIKES[fold]) {
      var map = {}, chars = Array.from(fold);
      for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
      LOOKALIKES[fold] = map;
    }
    return LOOKALIKES[fold];
  }

  function normaliseWord(word, fold) {
    var lower = word.toLowerCase().replace(/ё/g, 'е').replace(/ς/g, 'σ');
    if (!fold || !CYRILLIC.test(lower)) return lower;
    var map = lookalikes(fold), out = '';
    for (var ch of lower) out += map[ch] || ch;
    return out;
  }

  function stemmer(code) {
    var s = code && root.kitapStem && root.kitapStem[code];
    return typeof s === 'function' ? s : function (w) { return w; };
  }

  /* Letters of the scripts that ICU splits into words with dictionaries
     (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar; not their
     digits), where UAX #29 (and so the Rust side) keeps one character per
     word or joins them: each is made a word of its own on both sides. The same ranges as is_dictionary_letter
     in tokenize.rs. */
  var DICTIONARY = /[\u0E01-\u0E4F\u0E5A-\u0E7F\u0E80-\u0ECF\u0EDA-\u0EFF\u1000-\u103F\u104A-\u108F\u109A-\u109F\u1100-\u11FF\u1780-\u17DF\u17EA-\u17FF\u19E0-\u19FF\u2E80-\u2FDF\u3005\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303C\u3041-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uA9E0-\uA9FF\uAA60-\uAA7F\uAC00-\uD7FF\uF900-\uFAFF\uFF66-\uFFDC\u{1B000}-\u{1B16F}\u{20000}-\u{3FFFF}]/u;
  /* What a word may not start with: white space, combining marks, format
     characters (UAX #29 and ICU attach them to different neighbours). The
     same set as is_leading_ignorable in tokenize.rs. */
  var LEADING = /^[\p{White_Space}\p{M}\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{110BD}\u{110CD}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}]+/u;
  function trimmed(index, seg, out) {
    var m = LEADING.exec(seg);
    if (m) { out.push({ index: index, segment: m[0], lead: true }); index += m[0].length; seg = seg.slice(m[0].length); }
    if (seg) out.push({ index: index, segment: seg });
  }
  /* Split at each of these that is not between two ASCII digits, as
     split_letter_dots (SPLIT_AT) in tokenize.rs does. */
  var SPLIT_AT = /[.\uFF0E\uFE52\u2024:\uFE55\uFF1A\u05F4]/g;
  function splitDots(index, seg, out) {
    if (seg.length < 2 || !SPLIT_AT.test(seg)) { trimmed(index, seg, out); return; }
    SPLIT_AT.lastIndex = 0;
    var from = 0, m;
    while ((m = SPLIT_AT.exec(seg))) {
      var i = m.index;
      if (/[0-9]/.test(seg.charAt(i - 1)) && /[0-9]/.test(seg.charAt(i + 1))) continue;
      if (from < i) trimmed(index + from, seg.slice(from, i), out);
      out.push({ index: index + i, segment: m[0] });
      from = i + 1;
    }
    if (from < seg.length) trimmed(index + from, seg.slice(from), out);
  }
  /* Each dictionary letter alone (its marks after it start the next piece). */
  function splitDictionary(index, seg, out) {
    if (!DICTIONARY.test(seg)) { splitDots(index, seg, out); return; }
    var from = 0, afterLetter = false, i = 0;
    for (var ch of seg) {
      var letter = DICTIONARY.test(ch);
      if ((letter || afterLetter) && i > from) { splitDots(index + from, seg.slice(from, i), out); from = i; }
      afterLetter = letter;
      i += ch.length;
    }
    if (from < seg.length) splitDots(index + from, seg.slice(from), out);
  }
  var segmenter = null;
  function segments(text) {
    var out = [];
    if (typeof Intl !== 'undefined' && Intl.Segmenter) {
      segmenter = segmenter || new Intl.Segmenter('und', { granularity: 'word' });
      for (var s of segmenter.segment(text)) splitDictionary(s.index, s.segment, out);
      return out;
    }
    var re = /[\p{Alphabetic}\p{N}\p{M}\p{Pc}]+|[\s\S]/gu, m;
    while ((m = re.exec(text))) splitDictionary(m.index, m[0], out);
    return out;
  }

  /* The same steps as tokenize.rs: NFC, UAX #29 words, normalise, stem, and
     hyphenated wholes. Each token: {word, term, start, end, whole}. */
  function tokens(spec, text) {
    var stem = stemmer(spec.stemmer);
    text = text.normalize('NFC');
    var out = [], compound = [], lastEnd = 0, pendingHyphen = false, compoundStart = 0;
    function flush() {
      if (compound.length >= 2) {
        var head = compound.slice(0, -1).join('-');
        out.push({ word: compound.join('-'), term: head + '-' + stem(compound[compound.length - 1]), start: compoundStart, end: lastEnd, whole: true });
      }
      compound = [];
    }
    segments(text).forEach(function (s) {
      var start = s.index, seg = s.segment;
      if (!s.lead && WORDLIKE.test(seg)) {
        var joined = pendingHyphen && start === lastEnd;
        if (!joined) { flush(); compoundStart = start; }
        var word = normaliseWord(seg, spec.fold);
        out.push({ word: word, term: stem(word), start: start, end: start + seg.length, whole: false });
        compound.push(word);
        lastEnd = start + seg.length;
        pendingHyphen = false;
      } else if (seg === '-' && start === lastEnd && compound.length) {
        pendingHyphen = true;
        lastEnd = start + 1;
      } else {
        pendingHyphen = false;
        flush();
      }
    });
    if (pendingHyphen) lastEnd -= 1;
    flush();
    return out;
  }

  /* Postings (see index.rs, encode_postings) -> Int32Array [doc, level, ...]. */
  function decodePostings(s, levels) {
    var out = new Int32Array(s.length * 2), k = 0, n = 0, doc = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), d = CONT_CODE[c];
      if (d >= 0) { n = n * 32 + d; continue; }
      n = n * 32 + TERM_CODE[c];
      doc += Math.floor(n / levels);
      out[k++] = doc;
      out[k++] = n % levels + 1;
      n = 0;
    }
    return out.subarray(0, k);
  }

  /* Binary search in a sorted array: the first index whose item is >= key,
     or > key when `after`. */
  function bound(items, key, after) {
    var lo = 0, hi = items.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (items[mid] < key || (after && items[mid] === key)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function startsWith(s, prefix) { return s.lastIndexOf(prefix, 0) === 0; }

  /* How the language's words become terms, as its index says (each
     language's profile in src/lang.rs decides): its stemmer's code (a
     stem-<code>.js registers it) or null, and the Latin look-alike letters
     folded to Cyrillic in Cyrillic words. */
  function specOf(index) {
    return { stemmer: index.stemmer || null, fold: index.fold || '' };
  }

  /* Term shards that have arrived (kitapSearchTerms), by number. */
  var SHARDS = {};

  /* A query over the manifest `index` and the shards in `shards` (by
     number; SHARDS unless given). needs() says which shards a query reads;
     search() answers from those that are there. */
  function Searcher(index, shards) {
    this.index = index;
    this.spec = specOf(index);
    this.shards = shards || SHARDS;
    // A small language's shards come with its manifest.
    for (var si = 0; si < (index.inline || []).length; si++) this.shards[index.inline[si].shard] = index.inline[si];
    this.cache = {};
    this.levels = index.levels || 8;
    var tf = new Float64Array(this.levels + 1);
    for (var l = 1; l <= this.levels; l++) tf[l] = (l - 0.5) * index.tf_step;
    this.tf = tf;
    var texts = index.texts || [], first = [0];
    for (var i = 0; i < texts.length; i++) first.push(first[i] + texts[i]);
    this.firstDoc = first;
  }

  /* The shard a term is in, if anywhere: the last whose first term is <= it. */
  Searcher.prototype.shardOf = function (term) {
    return Math.max(0, bound(this.index.shards, term, true) - 1);
  };

  /* Shards the typed letters `word` may start terms in: the one `word`
     would be in and the following ones whose first term starts with it, at
     most PREFIX_SHARDS. */
  Searcher.prototype.prefixShards = function (word) {
    var firsts = this.index.shards, k = this.shardOf(word), out = [k];
    while (++k < firsts.length && out.length < PREFIX_SHARDS && startsWith(firsts[k], word)) out.push(k);
    return out;
  };

  /* The words of a query: {words, wholes, typing}; the last query's is
     kept (needs() and then search() ask for the same one). */
  Searcher.prototype.plan = function (query) {
    if (this.planned && this.planned.query === query) return this.planned.plan;
    var toks = tokens(this.spec, query);
    var plan = {
      words: toks.filter(function (t) { return !t.whole; }).slice(0, 30),
      wholes: toks.filter(function (t) { return t.whole; }),
      typing: !/\s$/.test(query)
    };
    this.planned = { query: query, plan: plan };
    return plan;
  };

  /* Whether a query word is matched as a prefix: the last one, while the
     reader is typing it, from two letters on. */
  function isPrefix(plan, wi) {
    return plan.typing && wi === plan.words.length - 1 && plan.words[wi].word.length >= 2;
  }

  /* The shard numbers a query reads, in order, each once. */
  Searcher.prototype.needs = function (query) {
    var plan = this.plan(query), self = this, seen = {}, out = [];
    function add(k) { if (self.index.shards.length && !seen[k]) { seen[k] = true; out.push(k); } }
    plan.words.concat(plan.wholes).forEach(function (t, wi) {
      add(self.shardOf(t.term));
      if (!t.whole && isPrefix(plan, wi)) self.prefixShards(t.word).forEach(add);
    });
    return out.sort(function (a, b) { return a - b; });
  };

  /* A term's postings ([doc, level, ...]), or null when it is not in a
     loaded shard. */
  Searcher.prototype.postings = function (term) {
    if (this.cache[term] !== undefined) return this.cache[term];
    var shard = this.shards[this.shardOf(term)], found = null;
    if (shard) {
      var i = bound(shard.terms, term, false);
      if (shard.terms[i] === term) found = decodePostings(shard.postings[i], this.levels);
      this.cache[term] = found;
    }
    return found;
  };

  /* Terms a query word matches: its term exactly, and (for the word being
     typed) every term that starts with the letters typed, so that a
     complete word is never widened to other words sharing its stem's
     letters (`балдың`, stem `бал`, does not find `бала`). */
  Searcher.prototype.matchTerms = function (tok, prefix) {
    var found = [tok.term], self = this;
    if (prefix) {
      this.prefixShards(tok.word).forEach(function (k) {
        var shard = self.shards[k];
        if (!shard) return;
        for (var j = bound(shard.terms, tok.word, false); j < shard.terms.length && startsWith(shard.terms[j], tok.word); j++) {
          if (shard.terms[j] !== tok.term) found.push(shard.terms[j]);
        }
      });
    }
    return found;
  };

  function popcount(x) { var c = 0; while (x) { x &= x - 1; c++; } return c; }

  /* BM25 over section documents. A document must match every query word
     (the last one as a prefix while typing); if none does, any word will do.
     Documents matching more words come first, then by score. */
  Searcher.prototype.search = function (query) {
    var idx = this.index, plan = this.plan(query), words = plan.words;
    if (!words.length) return { results: [], terms: {}, queryTokens: [] };
    var n = idx.docs, tf = this.tf, self = this;
    if (!this.scores) { this.scores = new Float64Array(n); this.masks = new Int32Array(n); this.seen = new Uint8Array(n); this.counts = new Int32Array(n); }
    var scores = this.scores, masks = this.masks, seen = this.seen, counts = this.counts, matched = {}, touched = [];
    function addTerm(term, bit, boost) {
      var list = self.postings(term);
      if (!list) return;
      var df = list.length >> 1;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * boost;
      matched[term] = true;
      for (var p = 0; p < list.length; p += 2) {
        var d = list[p];
        if (!seen[d]) { seen[d] = 1; touched.push(d); masks[d] = 0; scores[d] = 0; }
        scores[d] += idf * tf[list[p + 1]];
        masks[d] |= bit;
      }
    }
    words.forEach(function (t, wi) {
      self.matchTerms(t, isPrefix(plan, wi)).forEach(function (term) {
        addTerm(term, 1 << wi, term === t.term ? 1 : 0.5);
      });
    });
    plan.wholes.forEach(function (t) { addTerm(t.term, 0, 1); });
    var full = words.length >= 31 ? -1 : (1 << words.length) - 1;
    var all = touched.filter(function (d) { return masks[d] === full; });
    var chosen = all.length ? all : touched;
    chosen.forEach(function (d) { counts[d] = popcount(masks[d]); });
    chosen.sort(function (a, b) { return counts[b] - counts[a] || scores[b] - scores[a] || a - b; });
    touched.forEach(function (d) { seen[d] = 0; });
    return { results: chosen, terms: matched, queryTokens: words };
  };

  /* The text file holding document `d`, and the document's place in it. */
  Searcher.prototype.textOf = function (d) {
    var k = bound(this.firstDoc, d, true) - 1;
    return { file: k, at: d - this.firstDoc[k] };
  };

  /* Document number `at` of a text file: {id, title, anchor, heading, text}. */
  function docIn(file, at) {
    for (var c = 0; c < file.chapters.length; c++) {
      var ch = file.chapters[c];
      if (at < ch[2].length) {
        var s = ch[2][at];
        return { id: ch[0], title: ch[1], anchor: s[0], heading: s[1], text: s[2] };
      }
      at -= ch[2].length;
    }
    return null;
  }

  /* ---- the page ---- */

  var TEXTS = {}, waiting = {}, requested = {}, onIndex = null, bufferedIndex = null, inline = false;
  /* The manifest arrives by calling this (from search-index.js, or inline
     in a single-file bundle, after its shards and texts), possibly before
     the page is ready; shards and text files by the other two. */
  root.kitapSearchIndex = function (index) {
    if (onIndex) onIndex(index); else bufferedIndex = index;
  };
  function arrived(key, value) {
    (waiting[key] || []).forEach(function (cb) { cb(value); });
    delete waiting[key];
  }
  root.kitapSearchTerms = function (s) { SHARDS[s.shard] = s; arrived('terms-' + s.shard, s); };
  root.kitapSearchText = function (t) { TEXTS[t.file] = t; arrived('text-' + t.file, t); };

  function loadScript(src, onError) {
    var s = document.createElement('script');
    s.src = src;
    s.async = true;
    if (onError) s.onerror = onError;
    document.head.appendChild(s);
  }

  /* Call cb with search/<name>.js's data once it is here (with null if it
     cannot be loaded, or in a single-file page that does not carry it). */
  function withFile(name, have, cb) {
    if (have) return cb(have);
    if (inline) return cb(null);
    (waiting[name] = waiting[name] || []).push(cb);
    if (!requested[name]) {
      requested[name] = true;
      loadScript('search/' + name + '.js', function () { requested[name] = false; arrived(name, null); });
    }
  }

  /* Call done once every shard of `numbers` is here (or failed). */
  function withShards(numbers, done) {
    var left = numbers.length;
    if (!left) return done();
    numbers.forEach(function (k) {
      withFile('terms-' + k, SHARDS[k], function () { if (--left === 0) done(); });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* A snippet of about 30 words around the first match, matches in <mark>. */
  function snippet(spec, text, isMatch) {
    var toks = tokens(spec, text).filter(function (t) { return !t.whole; });
    var first = 0;
    for (var i = 0; i < toks.length; i++) if (isMatch(toks[i])) { first = i; break; }
    var from = Math.max(0, first - 10), to = Math.min(toks.length, from + 30);
    var p = el('p', 'result-snippet');
    if (!toks.length) return p;
    var pos = toks[from].start, end = to < toks.length ? toks[to - 1].end : text.length;
    if (from > 0) p.appendChild(document.createTextNode('… '));
    for (var j = from; j < to; j++) {
      var t = toks[j];
      p.appendChild(document.createTextNode(text.slice(pos, t.start)));
      var piece = text.slice(t.start, t.end);
      p.appendChild(isMatch(t) ? el('mark', null, piece) : document.createTextNode(piece));
      pos = t.end;
    }
    p.appendChild(document.createTextNode(text.slice(pos, end)));
    if (to < toks.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  function pluralText(box, n, lang) {
    var cat = 'other';
    try { cat = new Intl.PluralRules(lang).select(n); } catch (e) { /* keep other */ }
    var tpl = box.getAttribute('data-plural-' + cat) || box.getAttribute('data-plural-other') || '{n}';
    return tpl.replace('{n}', String(n));
  }

  function init() {
    var box = document.getElementById('search-results');
    if (!box) return;
    var lang = document.documentElement.lang;
    // Single-file bundles carry the index and snippets inline and link
    // sections as in-page anchors (#<chapter>--<anchor>).
    inline = box.getAttribute('data-inline') === 'true';
    var input = document.getElementById('search-page-input');
    var page = !!input;
    if (!page) input = document.getElementById('search-input');
    if (!input) return;
    var panel = page ? null : box.parentNode;
    var status = document.getElementById('search-status');
    var searcher = null, shown = PAGE, pending = null;
    tokens({ stemmer: null, fold: '' }, 'warm up'); // creates the word segmenter while the index loads
    if (page) {
      var params = new URLSearchParams(location.search);
      input.value = params.get('q') || '';
      var header = document.getElementById('search-input');
      if (header) header.value = input.value;
    }

    function isMatchFor(res) {
      var stems = res.terms;
      return function (t) {
        if (stems[t.term]) return true;
        var qs = res.queryTokens;
        var last = qs[qs.length - 1];
        return !!last && last.word.length >= 2 && t.word.lastIndexOf(last.word, 0) === 0;
      };
    }

    /* Each render has a number; what arrives for an older one is dropped. */
    var current = 0;
    function render(query, focusAt) {
      var run = ++current;
      if (panel) panel.hidden = !query.trim();
      if (!searcher) { box.textContent = ''; status.textContent = box.getAttribute('data-loading'); pending = query; return; }
      if (!query.trim()) { box.textContent = ''; status.textContent = ''; return; }
      // The results shown stay until the shards of the new query are here.
      withShards(searcher.needs(query).filter(function (k) { return !SHARDS[k]; }), function () {
        if (run === current) show(query, run, focusAt);
      });
    }

    /* The results of a query whose shards are here: each item is filled
       (title, link, snippet) when its text file arrives, in place. */
    function show(query, run, focusAt) {
      box.textContent = '';
      var res = searcher.search(query);
      status.textContent = res.results.length ? pluralText(box, res.results.length, lang) : box.getAttribute('data-none');
      var list = el('ol'), isMatch = isMatchFor(res), first = res.results.slice(0, shown), left = first.length;
      function filled() {
        if (--left > 0 || run !== current) return;
        box.setAttribute('data-shown', query);
        if (focusAt != null) { var links = box.querySelectorAll('a.result-title'); if (links[focusAt]) links[focusAt].focus(); }
        try { performance.mark('kitap-search-results'); } catch (e) { /* no User Timing: nothing to mark */ }
      }
      first.forEach(function (d) {
        var li = el('li'), where = searcher.textOf(d);
        li.hidden = true;
        list.appendChild(li);
        withFile('text-' + where.file, TEXTS[where.file], function (file) {
          var doc = file && docIn(file, where.at);
          if (doc && run === current) {
            var a = el('a', 'result-title', doc.heading && doc.anchor ? doc.title + ' › ' + doc.heading : doc.title);
            a.href = inline
              ? '#' + (doc.anchor ? doc.id + '--' + doc.anchor : 'ch-' + doc.id)
              : doc.id + '.html' + (doc.anchor ? '#' + encodeURIComponent(doc.anchor) : '');
            li.appendChild(a);
            li.appendChild(snippet(searcher.spec, doc.text || doc.heading, isMatch));
            li.hidden = false;
          }
          filled();
        });
      });
      box.appendChild(list);
      if (!first.length) { left = 1; filled(); }
      if (res.results.length > shown) {
        var more = el('button', 'search-more', box.getAttribute('data-more') || '…');
        more.type = 'button';
        more.addEventListener('click', function () {
          var at = shown;
          shown += PAGE;
          render(input.value, at);
        });
        box.appendChild(more);
      }
    }

    function update() {
      shown = PAGE;
      var q = input.value;
      if (page) {
        try {
          var url = new URL(location.href);
          if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
          history.replaceState(null, '', url.href);
        } catch (e) { /* some browsers refuse for file:// URLs; the query still works */ }
      }
      render(q);
    }

    input.addEventListener('input', update);
    if (page) input.form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
    function arrows(e) {
      var links = Array.prototype.slice.call(box.querySelectorAll('a.result-title'));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      if (at < 0 && document.activeElement !== input) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); if (at <= 0) input.focus(); else links[at - 1].focus(); }
      else if (e.key === 'Escape') { input.focus(); if (panel) panel.hidden = true; }
    }
    input.addEventListener('keydown', arrows);
    box.addEventListener('keydown', arrows);

    onIndex = function (index) {
      searcher = new Searcher(index);
      root.kitapSearch.index = index; // for tools (bench/search_open.mjs)
      render(pending != null ? pending : input.value);
      pending = null;
      box.setAttribute('data-ready', 'true');
    };
    if (input.value) render(input.value);
    if (bufferedIndex) onIndex(bufferedIndex);
    else if (!inline) loadScript('search-index.js', function () { status.textContent = box.getAttribute('data-none'); });
  }

  root.kitapSearch = { tokens: tokens, normaliseWord: normaliseWord, decodePostings: decodePostings, Searcher: Searcher };
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})();
