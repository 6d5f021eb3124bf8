//! One id scheme: every id is unique in every page, footnotes have their own
//! namespace with links back, and the documents that hold every chapter
//! (print page, single-file page) keep every cross-reference inside.

mod common;

use common::{Tree, Workspace, attr_values, broken_links};
use std::collections::BTreeMap;

/// Two chapters per language whose footnotes share labels with each other
/// and with a heading, and which link to each other by `@id`, `@id#anchor`,
/// a `.md` path and `#anchor`.
fn workspace() -> Workspace {
    let ws = Workspace::fixture("basic");
    // ru has no translation of `law`: its `.md` link is to the intro.
    for (lang, md) in [
        ("en", "02-law.md"),
        ("kk", "02-law.md"),
        ("ru", "01-intro.md"),
    ] {
        ws.write(
            &format!("site/{lang}/03-funding.md"),
            format!(
                "---\ntitle: Funding\n---\n## Funding {{#funding}}\n\nMoney[^funding] and time[^1].\n\
                 See [the law](@law#gaps), [by file]({md}), [intro](@intro) \
                 and [this](#funding).[^funding]\n\n\
                 ## Notes\n\nMore.\n\n[^funding]: A note named like the heading.\n\n[^1]: First note.\n"
            ),
        );
        ws.write(
            &format!("site/{lang}/04-costs.md"),
            "---\ntitle: Costs\n---\n## Funding\n\nCosts[^1] and [funding](@funding#funding).\n\n\
             [^1]: Another chapter's first note.\n",
        );
    }
    ws
}

fn repeated_ids(html: &str) -> Vec<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for id in attr_values(html, "id") {
        *count.entry(id).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, n)| format!("{id} ×{n}"))
        .collect()
}

/// Every `href` of a combined page stays in it or leaves the site: none
/// points at a chapter file.
fn chapter_file_links(html: &str) -> Vec<String> {
    attr_values(html, "href")
        .into_iter()
        .filter(|h| {
            !h.starts_with('#')
                && !h.starts_with("http")
                && ["intro", "law", "funding", "costs"]
                    .iter()
                    .any(|id| h.contains(&format!("{id}.html")))
        })
        .collect()
}

#[test]
fn ids_are_unique_and_combined_documents_link_within_themselves() {
    let ws = workspace();
    let out = ws.build_ok();
    assert_eq!(broken_links(&out), Vec::<String>::new());
    for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert_eq!(repeated_ids(&html), Vec::<String>::new(), "{path}");
    }
    let page = out.text("en/funding.html");
    // The footnote has its own id; the heading keeps `funding`.
    assert!(page.contains(r#"<h2 id="funding">"#), "{page}");
    assert!(
        page.contains(r##"<a href="#fn-funding" id="fnref-funding" role="doc-noteref">1</a>"##)
    );
    assert!(
        page.contains(
            r##"<a href="#fnref-funding-2" class="footnote-backref" role="doc-backlink">"##
        )
    );
    for lang in ["en", "kk", "ru"] {
        let print = out.text(&format!("{lang}/print.html"));
        assert_eq!(chapter_file_links(&print), Vec::<String>::new(), "{lang}");
        for want in [
            r##"href="#law--gaps""##,
            r##"href="#ch-law""##,
            r##"href="#ch-intro""##,
            r##"href="#funding--funding""##,
            r##"href="#funding--fn-funding""##,
            r##"href="#costs--fn-1""##,
            r##"id="costs--fn-1""##,
            r##"id="funding--fn-1""##,
        ] {
            assert!(print.contains(want), "{lang}/print.html lacks {want}");
        }
    }
}

#[test]
fn the_single_file_page_uses_the_same_scheme() {
    let ws = workspace();
    let run = ws.kitap(&["bundle", "--single-file", "--out", "single"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let single = Tree::read(&ws.path("single"));
    let html = single.text("report-en.html");
    assert_eq!(repeated_ids(&html), Vec::<String>::new());
    assert_eq!(chapter_file_links(&html), Vec::<String>::new());
    let ids: Vec<String> = attr_values(&html, "id");
    for href in attr_values(&html, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            let frag = kitap::markdown::percent_decode(frag);
            assert!(ids.contains(&frag), "#{frag} points at no id");
        }
    }
    assert!(html.contains(r##"href="#law--gaps""##));
}
