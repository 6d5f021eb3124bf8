//! The default theme and interface strings, compiled into the binary so that a
//! workspace holding only `site/` builds. `load` lays workspace files over these.

macro_rules! files {
    ($macro:ident, $dir:literal, [$($name:literal),* $(,)?]) => {
        &[$(($name, $macro!(concat!("../", $dir, "/", $name)))),*]
    };
}

/// `themes/default/templates/*`: (name, source).
pub const THEME_TEMPLATES: &[(&str, &str)] = files!(
    include_str,
    "themes/default/templates",
    [
        "404.html",
        "abbreviations.html",
        "base.html",
        "chapter.html",
        "chapter_section.html",
        "index.html",
        "print.html",
        "search.html",
        "search_form.html",
        "single.html",
        "toc.html"
    ]
);

/// `themes/default/static/*`: (path, bytes).
pub const THEME_STATIC: &[(&str, &[u8])] = files!(
    include_bytes,
    "themes/default/static",
    [
        "favicon.svg",
        "kitap.js",
        "search.js",
        "stem-en.js",
        "stem-kk.js",
        "stem-ru.js",
        "style.css"
    ]
);

/// `i18n/*.yaml`: (language code, source).
pub const STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.yaml")),
    ("kk", include_str!("../i18n/kk.yaml")),
    ("ru", include_str!("../i18n/ru.yaml")),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the default theme on disk is compiled in (a file added
    /// to the folder but not to the lists above would be silently missing).
    #[test]
    fn every_theme_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (dir, embedded) in [
            (
                "templates",
                THEME_TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ),
            ("static", THEME_STATIC.iter().map(|(n, _)| *n).collect()),
        ] {
            let mut on_disk: Vec<String> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            assert_eq!(on_disk, embedded, "themes/default/{dir}");
        }
    }
}
