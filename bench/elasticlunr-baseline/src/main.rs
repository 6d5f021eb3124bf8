//! Benchmark helper (not part of kitap): builds the elasticlunr-rs search index
//! that Zola or mdBook would ship for the same text as a kitap site, so that
//! bench/search.sh can compare sizes.
//!
//! Usage:
//!   elasticlunr-baseline --site OUT --lang LANG --style zola|mdbook --out FILE
//!
//! OUT is a kitap output folder. The text is read back from kitap's own
//! search files (index format 2): the text files `OUT/LANG/search/text-<k>.js`
//! the manifest `OUT/LANG/search-index.js` counts, with each chapter's id,
//! title and sections (anchor, heading, plain text), so both indexes cover
//! exactly the same words.
//!
//! --style zola   one document per chapter, fields title + body, documents
//!                stored (Zola's default `[search]`: include_title,
//!                include_content), ref = the page permalink as Zola makes it
//!                (`http://127.0.0.1/<lang>/<id>/`, no prefix for en), language
//!                pipeline from `lang::from_code` (en, ru). Kazakh has none in
//!                elasticlunr-rs (Zola stops with "not supported"); here kk gets
//!                the default English pipeline, which leaves Cyrillic words as
//!                they are. Written as `window.searchIndex = {...};` like
//!                Zola's `search_index.<lang>.js`.
//! --style mdbook one document per section (heading), fields title, body,
//!                breadcrumbs, ref = document number, English pipeline for
//!                every language (mdBook has no other); written as
//!                `window.search = {"doc_urls": [...], "index": {...}};`.
//!
//! Prints one line: `<documents> documents, <bytes> bytes`.

use elasticlunr::{Index, IndexBuilder};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::exit;

fn usage() -> ! {
    eprintln!("usage: elasticlunr-baseline --site OUT --lang LANG --style zola|mdbook --out FILE");
    exit(2)
}

/// The JSON argument of a `name({...});` script written by kitap.
fn read_call(path: &Path) -> Value {
    read_calls(path).into_iter().next().unwrap_or(Value::Null)
}

/// The JSON arguments of every `name({...});` line of a script written by
/// kitap (a snippet file may hold several chapters, one call per line).
fn read_calls(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        exit(1)
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| parse_call(path, line))
        .collect()
}

fn parse_call(path: &Path, text: &str) -> Value {
    let start = text.find('(').map(|i| i + 1).unwrap_or(0);
    let end = text.rfind(')').unwrap_or(text.len());
    serde_json::from_str(&text[start..end]).unwrap_or_else(|e| {
        eprintln!("{}: not a kitap search script: {e}", path.display());
        exit(1)
    })
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

struct Chapter {
    id: String,
    title: String,
    /// (anchor, heading, text)
    sections: Vec<(String, String, String)>,
}

fn load(site: &Path, lang: &str) -> Vec<Chapter> {
    let index = read_call(&site.join(lang).join("search-index.js"));
    // Text file k holds consecutive chapters: [id, title, [[anchor, heading, text], ...]].
    let files = index["texts"].as_array().map_or(0, |t| t.len());
    (0..files)
        .flat_map(|k| {
            let file = read_call(&site.join(lang).join("search").join(format!("text-{k}.js")));
            file["chapters"].as_array().cloned().unwrap_or_default()
        })
        .map(|c| {
            let sections = c[2]
                .as_array()
                .map(|secs| {
                    secs.iter()
                        .map(|x| (s(&x[0]).into(), s(&x[1]).into(), s(&x[2]).into()))
                        .collect()
                })
                .unwrap_or_default();
            Chapter {
                id: s(&c[0]).to_string(),
                title: s(&c[1]).to_string(),
                sections,
            }
        })
        .collect()
}

fn zola(lang: &str, chapters: &[Chapter]) -> (usize, String) {
    let language = elasticlunr::lang::from_code(lang).unwrap_or_else(|| {
        eprintln!("note: elasticlunr-rs has no '{lang}' language (Zola refuses it); using the English pipeline");
        elasticlunr::lang::from_code("en").expect("English is always built in")
    });
    let mut index: Index = IndexBuilder::with_language(language)
        .add_field("title")
        .add_field("body")
        .build();
    let prefix = if lang == "en" {
        String::new()
    } else {
        format!("{lang}/")
    };
    for c in chapters {
        // The page's text as Zola's ammonia-cleaned HTML would give it: every
        // heading and block on its own line.
        let mut body = String::new();
        for (_, heading, text) in &c.sections {
            for part in [heading, text] {
                if !part.is_empty() {
                    body.push_str(part);
                    body.push('\n');
                }
            }
        }
        let permalink = format!("http://127.0.0.1/{prefix}{}/", c.id);
        index.add_doc(&permalink, [c.title.as_str(), body.as_str()]);
    }
    (
        chapters.len(),
        format!("window.searchIndex = {};", index.to_json()),
    )
}

fn mdbook(chapters: &[Chapter]) -> (usize, String) {
    let mut index: Index = IndexBuilder::new()
        .add_field("title")
        .add_field("body")
        .add_field("breadcrumbs")
        .build();
    let mut urls = Vec::new();
    for c in chapters {
        for (anchor, heading, text) in &c.sections {
            let title = if heading.is_empty() {
                &c.title
            } else {
                heading
            };
            let crumbs = if heading.is_empty() {
                c.title.clone()
            } else {
                format!("{} » {heading}", c.title)
            };
            let r = urls.len().to_string();
            index.add_doc(&r, [title.as_str(), text.as_str(), crumbs.as_str()]);
            urls.push(if anchor.is_empty() {
                format!("{}.html", c.id)
            } else {
                format!("{}.html#{anchor}", c.id)
            });
        }
    }
    let index_json: Value =
        serde_json::from_str(&index.to_json()).expect("elasticlunr writes JSON");
    let wrapper = serde_json::json!({ "doc_urls": urls, "index": index_json });
    (urls.len(), format!("window.search = {};", wrapper))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut site, mut lang, mut style, mut out) = (None, None, None, None);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--site" => site = Some(PathBuf::from(v)),
            "--lang" => lang = Some(v),
            "--style" => style = Some(v),
            "--out" => out = Some(PathBuf::from(v)),
            _ => usage(),
        }
    }
    let (Some(site), Some(lang), Some(style), Some(out)) = (site, lang, style, out) else {
        usage()
    };
    let chapters = load(&site, &lang);
    let (docs, js) = match style.as_str() {
        "zola" => zola(&lang, &chapters),
        "mdbook" => mdbook(&chapters),
        _ => usage(),
    };
    std::fs::write(&out, &js).unwrap_or_else(|e| {
        eprintln!("{}: {e}", out.display());
        exit(1)
    });
    println!("{docs} documents, {} bytes", js.len());
}
