/* kitap: small page behaviour shared by every page. No dependencies.
   - the contents sidebar starts folded on narrow screens. */
(function () {
  'use strict';
  var toc = document.querySelector('.book-toc details');
  if (toc && window.matchMedia && window.matchMedia('(max-width: 50rem)').matches) {
    toc.open = false;
  }
})();
