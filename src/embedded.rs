//! The default theme and interface strings, compiled into the binary so that a
//! workspace holding only `site/` builds. `load` lays workspace files over these.

/// `themes/default/templates/*`: (name, source).
pub const THEME_TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "chapter.html",
        include_str!("../themes/default/templates/chapter.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "print.html",
        include_str!("../themes/default/templates/print.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "toc.html",
        include_str!("../themes/default/templates/toc.html"),
    ),
];

/// `themes/default/static/*`: (path, bytes).
pub const THEME_STATIC: &[(&str, &[u8])] = &[
    (
        "kitap.js",
        include_bytes!("../themes/default/static/kitap.js"),
    ),
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
];

/// `i18n/*.yaml`: (language code, source).
pub const STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.yaml")),
    ("kk", include_str!("../i18n/kk.yaml")),
    ("ru", include_str!("../i18n/ru.yaml")),
];
