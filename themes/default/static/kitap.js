/* kitap: small page behaviour shared by every page. No dependencies.
   (The contents sidebar is folded on narrow screens by an inline script in
   base.html, before the first paint.) */
