/* kitap serve: live reload. Added by the dev server to HTML responses only. */
(function () {
  'use strict';
  var key = 'kitap-scroll:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseFloat(saved) || 0;
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === 'complete') restore(); else window.addEventListener('load', restore);
  }
  if (!window.EventSource) return;
  var events = new EventSource('/_kitap/events');
  events.addEventListener('reload', function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener('styles', function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set('kitap-reload', String(Date.now()));
      links[i].href = url.href;
    }
  });
})();
