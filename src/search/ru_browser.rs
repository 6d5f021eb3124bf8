//! The browser's copy of the Russian stemmer's tables, generated from
//! [`super::ru`].
//!
//! `themes/default/static/stem-ru.js` holds a block between the line
//! [`START`] and the line [`END`]; [`render`] writes that block from the
//! constants of `ru.rs`, and the test below fails when the file's block
//! differs.  Run it with `KITAP_BLESS=1` to rewrite the block instead:
//!
//! ```text
//! KITAP_BLESS=1 cargo test --lib ru_browser_tables
//! ```
//!
//! Only data is generated; the algorithm in `stem-ru.js` (the Snowball port
//! and kitap's additions) is hand-written and reads these variables.

use super::generated_block::{indented, js_str};
use super::ru;

/// The command that rewrites the block, as given in its first line.
pub const BLESS: &str = "KITAP_BLESS=1 cargo test --lib ru_browser_tables";

/// Path of the browser stemmer, from the crate root.
pub const JS_PATH: &str = "themes/default/static/stem-ru.js";

/// First line of the generated block (without its indentation).
pub const START: &str = "/* generated from src/search/ru.rs by `KITAP_BLESS=1 cargo test --lib ru_browser_tables` \u{2014} do not edit */";

/// Last line of the generated block (without its indentation).
pub use super::generated_block::END;

fn js_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| js_str(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The generated block, from the [`START`] line to the [`END`] line
/// inclusive, each line indented and ending in `\n`.
pub fn render() -> String {
    let mut lines: Vec<String> = vec![START.to_string()];
    let mut var = |name: &str, value: String| lines.push(format!("var {name} = {value};"));
    var("VOWELS", js_str(ru::VOWELS));
    var("CONSONANTS", js_str(ru::CONSONANTS));
    var("OVAT_ENDINGS", js_list(ru::OVAT_ENDINGS));
    var(
        "OVAT_ENDINGS_REFLEXIVE",
        js_list(ru::OVAT_ENDINGS_REFLEXIVE),
    );
    var(
        "OVAT_PARTICIPLE_SUFFIXES",
        js_list(ru::OVAT_PARTICIPLE_SUFFIXES),
    );
    var("OVAT_E_AFTER", js_str(ru::OVAT_E_AFTER));
    var("PARTICIPLE_SUFFIXES", js_list(ru::PARTICIPLE_SUFFIXES));
    var("ADJECTIVE_ENDINGS", js_list(ru::ADJECTIVE_ENDINGS));
    var("REFLEXIVE_ENDINGS", js_list(ru::REFLEXIVE));
    let gerunds: Vec<String> = ru::GERUNDS
        .iter()
        .map(|&(ending, cut)| format!("[{}, {cut}]", js_str(ending)))
        .collect();
    var("GERUNDS", format!("[{}]", gerunds.join(", ")));
    var("REFLEXIVE_MARK", js_str(ru::REFLEXIVE_MARK));
    var("REFLEXIVE_MIN_LEN", ru::REFLEXIVE_MIN_LEN.to_string());
    // [ending, letters before, replacement], one per line.
    lines.push("var STEM_ENDINGS = [".to_string());
    for &(ending, before, replacement) in ru::STEM_ENDINGS {
        lines.push(format!(
            "  [{}, {}, {}],",
            js_str(ending),
            js_str(before),
            js_str(replacement)
        ));
    }
    lines.push("];".to_string());
    // term: [words], one term per line.
    lines.push("var IRREGULAR = [".to_string());
    for &(term, words) in ru::IRREGULAR {
        lines.push(format!("  [{}, {}],", js_str(term), js_list(words)));
    }
    lines.push("];".to_string());
    lines.push(END.to_string());
    indented(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::generated_block::Block;

    /// `stem-ru.js` holds exactly the block [`render`] writes from ru.rs.
    /// With `KITAP_BLESS=1` the block is rewritten instead.
    #[test]
    fn ru_browser_tables_are_generated() {
        Block {
            js_path: JS_PATH,
            source: "src/search/ru.rs",
            writer: "src/search/ru_browser.rs",
            start: START,
            end: END,
            bless: BLESS,
        }
        .check(&render());
    }

    #[test]
    fn render_lists_every_row() {
        let block = render();
        let rows = block.lines().filter(|l| l.starts_with("    [")).count();
        assert_eq!(rows, ru::STEM_ENDINGS.len() + ru::IRREGULAR.len());
        assert!(block.contains("  var IRREGULAR = [\n    [\"человк\", [\"люди\", "));
    }
}
