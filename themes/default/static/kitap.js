/* kitap: small page behaviour shared by every page. No dependencies.
   - The header's search box shows results as you type: the first time it is
     used, the language's stemmer and the search client are loaded (by
     <script>, so this works from file:// too) and take the box over.
   (The contents sidebar is folded on narrow screens by an inline script in
   base.html, before the first paint.) */
(function () {
  'use strict';
  var form = document.querySelector('form.search-box[data-scripts]');
  if (!form) return;
  var input = form.querySelector('input[type=search]');
  var started = false;
  function start() {
    if (started) return;
    started = true;
    var scripts = form.getAttribute('data-scripts').split(' ');
    (function next(i) {
      if (i >= scripts.length) return;
      var s = document.createElement('script');
      s.src = scripts[i];
      s.onload = function () { next(i + 1); };
      document.head.appendChild(s);
    })(0);
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', start);
})();
