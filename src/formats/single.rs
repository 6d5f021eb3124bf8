//! One self-contained HTML file per language (`kitap bundle
//! --single-file`): `report-<lang>.html`, every chapter on one page in the
//! combined id scheme ([`super::combined`]), images as data URIs, the
//! stylesheet, scripts and search index inline.

use super::{Format, Input, combined};
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::{Collect, Sink, content_type};
use crate::render::context::CombinedChapter;
use crate::render::{self, template_error};
use base64::Engine;
use serde::Serialize;

/// The single-file format.
pub struct Single;

impl Format for Single {
    fn name(&self) -> &'static str {
        "single-file"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let env = render::environment(input.theme)?;
        for lang in &input.book.config.languages {
            let html = page(&env, input, lang)?;
            sink.put(format!("report-{lang}.html"), html.into_bytes());
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct SinglePage<'a> {
    lang: &'a Lang,
    site_title: &'a str,
    description: &'a str,
    t: &'a crate::i18n::Strings,
    style: String,
    chapters: Vec<CombinedChapter<'a>>,
    scripts: Vec<String>,
    abbreviations: &'a [crate::glossary::Term],
    tables: Vec<crate::render::context::CaptionEntry<'a>>,
    figures: Vec<crate::render::context::CaptionEntry<'a>>,
}

/// Render `lang`'s single-file page.
fn page(
    env: &minijinja::Environment<'static>,
    input: &Input<'_>,
    lang: &Lang,
) -> Result<String, Vec<Diagnostic>> {
    let book = input.book;
    let inline = |value: &str| image_data(value, input);
    let chapters = book
        .order
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let mut content = Vec::new();
            let html = book.page(lang, id).html();
            // Writing into a Vec cannot fail.
            let _ = combined::write_chapter(&mut content, &html, id.as_str(), book, &inline);
            let content = String::from_utf8(content).unwrap_or_default();
            CombinedChapter::new(book, input.catalog, lang, n, content)
        })
        .collect();
    let style = crate::render::context::inline_style(&input.theme.static_files);
    let (tables, figures) = crate::render::context::caption_lists(book, lang);
    let ctx = SinglePage {
        abbreviations: book.glossary.terms(lang),
        tables,
        figures,
        lang,
        site_title: book.config.title(lang),
        description: book.config.description.get(lang).map_or("", String::as_str),
        t: input.catalog.strings(lang),
        style,
        chapters,
        scripts: scripts(input, lang)
            .iter()
            .map(|s| inline_script(&String::from_utf8_lossy(s)))
            .collect(),
    };
    env.get_template("single.html")
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx))))
        .map_err(|e| vec![template_error(input.theme, &e)])
}

/// The scripts inlined in order: the theme's page script, the language's
/// stemmer and the search client, then the search snippets and, last, the
/// index (it starts the search).
fn scripts(input: &Input<'_>, lang: &Lang) -> Vec<Vec<u8>> {
    let statics = &input.theme.static_files;
    let stemmer = lang.profile().browser_stemmer_file();
    let mut scripts: Vec<Vec<u8>> = ["kitap.js", stemmer.as_deref().unwrap_or(""), "search.js"]
        .iter()
        .filter_map(|n| statics.get(*n).cloned())
        .collect();
    let collect = Collect::default();
    crate::search::index::language_files(input.book, lang, &collect);
    let mut files: Vec<(String, Vec<u8>)> = collect.into_set().files.into_iter().collect();
    files.sort_by_key(|(path, _)| path.ends_with("search-index.js"));
    scripts.extend(files.into_iter().map(|(_, bytes)| bytes));
    scripts
}

/// `js` as it may stand inside a `<script>` element: every `<` that would
/// start `<!--`, `<script` or `</script` (in any case), which an HTML parser
/// reads as the end of the script or as the start of an "escaped" script
/// that swallows the rest of the page, is written `\u003c`. That reads as
/// `<` in every place such text can be in a script, search data or theme
/// code (a string, a template literal, a regular expression, a comment);
/// JSON takes it too. After an odd number of backslashes (`\<`, an escaped
/// `<`) only `u003c` is added, keeping the backslash as the escape.
fn inline_script(js: &str) -> String {
    let bytes = js.as_bytes();
    let mut out = String::with_capacity(js.len());
    let mut done = 0;
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let tag = rest.strip_prefix(b"/").unwrap_or(rest);
        let opens = rest.starts_with(b"!--")
            || tag
                .get(..b"script".len())
                .is_some_and(|t| t.eq_ignore_ascii_case(b"script"));
        if !opens {
            continue;
        }
        let backslashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        out.push_str(&js[done..at]);
        out.push_str(if backslashes % 2 == 1 {
            "u003c"
        } else {
            "\\u003c"
        });
        done = at + 1;
    }
    out.push_str(&js[done..]);
    out
}

/// `../assets/x.svg` (as the chapter's HTML has it: HTML-escaped,
/// percent-encoded) -> a data URI, when it names a content image; `None`
/// for anything else, so every other `src` stays exactly as written.
fn image_data(value: &str, input: &Input<'_>) -> Option<String> {
    let path = super::asset_key(value, true)?;
    let bytes = input.assets.get(&path)?;
    Some(format!(
        "data:{};base64,{}",
        content_type(&path),
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::inline_script;

    #[test]
    fn inlined_scripts_never_open_a_comment_or_a_script_tag() {
        let data = r#"f({"t":"A <!--<script> title </SCRIPT> <Script >","x":"a<b"});"#;
        let safe = inline_script(data);
        assert_eq!(
            safe,
            r#"f({"t":"A \u003c!--\u003cscript> title \u003c/SCRIPT> \u003cScript >","x":"a<b"});"#
        );
        // Still the same JSON.
        let json =
            |s: &str| -> serde_json::Value { serde_json::from_str(&s[2..s.len() - 2]).unwrap() };
        assert_eq!(json(&safe), json(data));
        // An escaped `<` keeps its one backslash; an escaped backslash is not one.
        assert_eq!(inline_script(r"/\<script/"), r"/\u003cscript/");
        assert_eq!(inline_script(r#""\\<script""#), r#""\\\u003cscript""#);
    }
}
