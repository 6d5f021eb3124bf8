//! The browser's copy of the Kazakh stemmer's tables, generated from
//! [`super::kk`].
//!
//! `themes/default/static/stem-kk.js` holds a block between the line
//! [`START`] and the line [`END`]; [`render`] writes that block from the
//! constants of `kk.rs`, and the test below fails when the file's block
//! differs.  Run it with `KITAP_BLESS=1` to rewrite the block instead:
//!
//! ```text
//! KITAP_BLESS=1 cargo test --lib kk_browser_tables
//! ```
//!
//! Only data is generated; the algorithm in `stem-kk.js` is hand-written and
//! reads these variables.

use super::generated_block::{indented, js_str};
use super::kk::{self, Rule};

/// The command that rewrites the block, as given in its first line.
pub const BLESS: &str = "KITAP_BLESS=1 cargo test --lib kk_browser_tables";

/// Path of the browser stemmer, from the crate root.
pub const JS_PATH: &str = "themes/default/static/stem-kk.js";

/// First line of the generated block (without its indentation).
pub const START: &str = "/* generated from src/search/kk.rs by `KITAP_BLESS=1 cargo test --lib kk_browser_tables` \u{2014} do not edit */";

/// Last line of the generated block (without its indentation).
pub use super::generated_block::END;

/// The suffix tables with their JavaScript names, in the order of
/// [`kk::LAYERS`] (checked by [`render`]).
const TABLES: [(&str, &[Rule]); 6] = [
    ("PERSON", kk::PERSON),
    ("CASE", kk::CASE),
    ("POSSESSIVE", kk::POSSESSIVE),
    ("PLURAL", kk::PLURAL),
    ("DERIVATION", kk::DERIVATION),
    ("VERB", kk::VERB),
];

fn js_char(c: char) -> String {
    js_str(c.encode_utf8(&mut [0; 4]))
}

/// The generated block, from the [`START`] line to the [`END`] line
/// inclusive, each line indented and ending in `\n`.
pub fn render() -> String {
    assert!(
        TABLES.len() == kk::LAYERS.len()
            && TABLES.iter().zip(kk::LAYERS).all(|((_, t), l)| *t == l),
        "TABLES in kk_browser.rs must list kk::LAYERS in order"
    );
    let mut lines: Vec<String> = vec![START.to_string()];
    let mut var = |name: &str, value: String| lines.push(format!("var {name} = {value};"));
    let numbers = [
        ("MAX_PASSES", kk::MAX_PASSES),
        ("MIN_STEMMED_LEN", kk::MIN_STEMMED_LEN),
        ("MIN_CUT_LEN", kk::MIN_CUT_LEN),
        ("MIN_CUT_LEN_PRONOMINAL", kk::MIN_CUT_LEN_PRONOMINAL),
        ("MIN_CUT_LEN_VERBAL_NOUN", kk::MIN_CUT_LEN_VERBAL_NOUN),
        ("MIN_REST_LEN", kk::MIN_REST_LEN),
        ("MIN_REST_LEN_WITHOUT_VOWEL", kk::MIN_REST_LEN_WITHOUT_VOWEL),
    ];
    for (name, n) in numbers {
        var(name, n.to_string());
    }
    // Letter sets (and the one-letter classes) as strings.
    let letters = [
        ("ALPHABET", kk::ALPHABET.to_string()),
        ("VOWELS", kk::VOWELS.to_string()),
        ("BACK_VOWELS", kk::BACK_VOWELS.to_string()),
        ("FRONT_VOWELS", kk::FRONT_VOWELS.to_string()),
        ("CLASS_V", kk::CLASS_V.to_string()),
        ("CLASS_R", kk::CLASS_R.to_string()),
        ("CLASS_U", kk::CLASS_U.to_string()),
        ("CLASS_L", kk::CLASS_L.to_string()),
        ("CLASS_N", kk::CLASS_N.to_string()),
        ("CLASS_Z", kk::CLASS_Z.to_string()),
        ("NOUN_SH_AFTER", kk::NOUN_SH_AFTER.to_string()),
        ("POSSESSIVE_SY_AFTER", kk::POSSESSIVE_SY_AFTER.to_string()),
        ("ROOT_CLUSTER_FIRST", kk::ROOT_CLUSTER_FIRST.to_string()),
        ("ROOT_CLUSTER_SECOND", kk::ROOT_CLUSTER_SECOND.to_string()),
    ];
    for (name, set) in letters {
        var(name, js_str(&set));
    }
    // [voiced, voiceless] pairs; dropped-vowel clusters as two-letter strings.
    let devoice: Vec<String> = kk::DEVOICE
        .iter()
        .map(|&(voiced, voiceless)| format!("[{}, {}]", js_char(voiced), js_char(voiceless)))
        .collect();
    var("DEVOICE", format!("[{}]", devoice.join(", ")));
    let clusters: Vec<String> = kk::DROPPED_VOWEL_CLUSTERS
        .iter()
        .map(|&(a, b)| js_str(&format!("{a}{b}")))
        .collect();
    let clusters = format!("[{}]", clusters.join(", "));
    var("DROPPED_VOWEL_CLUSTERS", clusters);
    var("DROPPED_VOWEL_AFTER_VU", js_str(kk::DROPPED_VOWEL_AFTER_VU));
    // Suffix tables: one [suffix, conditions] per line.
    for (name, table) in TABLES {
        lines.push(format!("var {name} = ["));
        for &(suffix, cond) in table {
            lines.push(format!("  [{}, {}],", js_str(suffix), js_str(cond)));
        }
        lines.push("];".to_string());
    }
    let names: Vec<&str> = TABLES.iter().map(|(name, _)| *name).collect();
    lines.push(format!("var LAYERS = [{}];", names.join(", ")));
    lines.push(END.to_string());
    indented(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::generated_block::Block;

    /// `stem-kk.js` holds exactly the block [`render`] writes from kk.rs.
    /// With `KITAP_BLESS=1` the block is rewritten instead.
    #[test]
    fn kk_browser_tables_are_generated() {
        Block {
            js_path: JS_PATH,
            source: "src/search/kk.rs",
            writer: "src/search/kk_browser.rs",
            start: START,
            end: END,
            bless: BLESS,
        }
        .check(&render());
    }

    #[test]
    fn render_lists_every_rule() {
        let block = render();
        let rules: usize = kk::LAYERS.iter().map(|t| t.len()).sum();
        let rows = block.lines().filter(|l| l.starts_with("    [")).count();
        assert_eq!(rows, rules);
        let layers = "  var LAYERS = [PERSON, CASE, POSSESSIVE, PLURAL, DERIVATION, VERB];\n";
        assert!(block.contains(layers));
    }
}
