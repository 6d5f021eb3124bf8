//! Russian stemmer for the search index: Snowball Russian (rust-stemmers)
//! with additions that merge more forms of the same word and keep reflexive
//! verbs apart.
//!
//! **This file is the single source of the additions' tables.**  The browser
//! stems queries with `themes/default/static/stem-ru.js` (a port of
//! Snowball Russian followed by a port of the functions below); the block
//! between the `/* generated from src/search/ru.rs … */` and
//! `/* end generated */` comments of that file is written from the
//! constants here by `ru_browser.rs`, and the test
//! `ru_browser_tables_are_generated` fails when it differs.  After changing
//! a constant, rewrite the block with
//!
//! ```text
//! KITAP_BLESS=1 cargo test --lib ru_browser_tables
//! ```
//!
//! The code is hand-written in both files; a change to a rule's code must be
//! made in both, and `tests/search_browser.rs` checks in Chromium that the
//! two agree on `tests/data/stem_ru_words.txt`.
//!
//! # Input
//!
//! One word, already normalised by the caller: lower case, `ё` mapped to `е`.
//!
//! # Algorithm
//!
//! 1. [`IRREGULAR`]: a word listed there (suppletive and irregular forms:
//!    `люди` → `человек`'s term, `лет` → `год`, `шел` → `идти`'s, …) gets the
//!    term given there, nothing else is done.
//! 2. The present-stem forms of the -овать/-евать verbs (`рисует`,
//!    `рисуйте`, `рисующий`, `танцуют`) are given the infinitive's stem
//!    (`рисова`, `танцева`), which Snowball leaves to the infinitive and
//!    past ([`ovat_present`]); Snowball would cut them to `рис`, the stem of
//!    other words (`рис`, `действ|ие` and `действ|ует`).
//!    Present participles in `-ащ-`/`-ящ-` (second conjugation: `лежащий`,
//!    `говорящих`) lose the participle suffix, its adjective ending and a
//!    reflexive `-ся`/`-сь` ([`present_participle`]); Snowball keeps the
//!    `а`/`я` (`говоря`), which the finite forms do not have (`говор`).
//!    Every other word is stemmed by Snowball.
//! 3. The stem's ending is rewritten by the first matching row of
//!    [`STEM_ENDINGS`] ([`tidy`]): these bring two stems of a verb that
//!    Snowball leaves apart together (`верну|ть`, `верн|у`; `сказа|ть`,
//!    `скаж|ет`; `чита|ть`, `читаем`).
//!
//!    Gerunds in `-аясь`/`-яясь`/`-ывая` lose `-ясь` or `-я` ([`GERUNDS`]).
//! 4. A word ending in `-ся`/`-сь` (of at least [`REFLEXIVE_MIN_LEN`]
//!    letters) gets [`REFLEXIVE_MARK`] after its term: reflexive verbs are
//!    lemmas of their own, and every form of one ends so (`учиться`,
//!    `учится`, `учились`, `учась`, `учащийся`: `учся`; `учить`, `учит`:
//!    `уч`).  A noun in `-сь` (`запись`, `смесь`) gets it in the forms
//!    that end so; Snowball already cut those differently (`зап`, `сме`)
//!    from the others (`запис`, `смес`).
//!
//! Terms written in [`IRREGULAR`] end in `ь` where the Snowball stem of the
//! lemma would collide with another word (`быт` is also the noun `быт`): no
//! Snowball stem ends in `ь` (its last step removes one), so such a term is
//! only ever given by the table.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::sync::LazyLock;

static SNOWBALL: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Russian vowels (as in Snowball).
pub const VOWELS: &str = "аеиоуыэюя";

/// Russian consonant letters (`ь`, `ъ` are neither).
pub const CONSONANTS: &str = "бвгджзйклмнпрстфхцчшщ";

/// Irregular and suppletive forms, as `(term, words)`: each word is indexed
/// as the term.  The term is the one the lemma's regular forms get (Snowball
/// and [`tidy`]: `человека` → `человк`), so that they still meet, or the
/// lemma itself when that term is also another word's (`быть`, `дать`,
/// `брать`, …, see the module documentation).  Only frequent words, and only
/// forms that Snowball does not already bring to the term.
#[rustfmt::skip]
pub const IRREGULAR: &[(&str, &[&str])] = &[
    // Suppletive and irregular nouns.
    ("человк", &["люди", "людей", "людям", "людьми", "людях"]),
    ("ребенк", &["ребенок", "дети", "детей", "детям", "детьми", "детях"]),
    ("год", &["лет"]),
    ("доч", &["дочь", "дочери", "дочерей", "дочерью", "дочерям", "дочерьми", "дочерях"]),
    ("мать", &["мать", "матери", "матерей", "матерью", "матерям", "матерями", "матерях"]),
    ("врем", &["времени", "временем", "времена", "времен", "временам", "временами", "временах"]),
    ("имя", &["имя", "имени", "именем", "имена", "имен", "именам", "именами", "именах"]),
    ("церков", &["церкви", "церквей", "церквам", "церквами", "церквах"]),
    ("любов", &["любви"]),
    // Short adjectives whose masculine Snowball cuts like a participle's -ен
    // (должен: долж; должна: должн).
    ("должн", &["должен"]),
    ("нужн", &["нужен"]),
    // Irregular verbs.
    ("быть", &["быть", "был", "была", "было", "были", "буду", "будешь", "будет", "будем",
        "будете", "будут", "будь", "будьте"]),
    ("мочь", &["мочь", "могу", "можешь", "может", "можем", "можете", "могут", "мог", "могла",
        "могло", "могли"]),
    ("хот", &["хотеть", "хочу", "хочешь", "хочет", "хотел", "хотела", "хотело", "хотели"]),
    ("дать", &["дать", "дал", "дала", "дало", "дали", "дам", "дашь", "даст", "дадим", "дадите",
        "дадут", "дай", "дайте"]),
    ("взять", &["взять", "взял", "взяла", "взяло", "взяли", "возьму", "возьмешь", "возьмет",
        "возьмем", "возьмете", "возьмут", "возьми", "возьмите"]),
    ("брать", &["брать", "брал", "брала", "брало", "брали", "беру", "берешь", "берет", "берем",
        "берете", "берут", "бери", "берите"]),
    ("жить", &["жить", "жил", "жила", "жило", "жили", "живу", "живешь", "живет", "живем",
        "живете", "живут", "живи", "живите"]),
    ("сесть", &["сесть", "сяду", "сядешь", "сядет", "сядем", "сядете", "сядут", "сядь", "сядьте"]),
    ("лечь", &["лечь", "лягу", "ляжешь", "ляжет", "ляжем", "ляжете", "лягут", "ляг", "лягте",
        "лег", "легла", "легло", "легли"]),
    // знать: Snowball cuts nothing after the first vowel (знает, знал).
    ("зна", &["знать", "знаешь", "знает", "знаете", "знают", "знал", "знала", "знало", "знали",
        "знай", "знайте"]),
    ("стать", &["стать", "стану", "станешь", "станет", "станем", "станете", "станут", "стань",
        "станьте", "стал", "стала", "стало", "стали"]),
    ("еха", &["едешь", "едет", "едем", "едете", "едут"]),
    // идти and its prefixed verbs: present stem -(й)д-, past ш-.
    ("ид", &["идти", "идешь", "идет", "идем", "идете", "идут", "шел", "шла", "шло", "шли"]),
    ("пойт", &["пойти", "пойду", "пойдешь", "пойдет", "пойдем", "пойдете", "пойдут", "пойди",
        "пойдите", "пошел", "пошла", "пошло", "пошли"]),
    ("прийт", &["прийти", "приду", "придешь", "придет", "придем", "придете", "придут", "приди",
        "придите", "пришел", "пришла", "пришло", "пришли"]),
    ("уйт", &["уйти", "уйду", "уйдешь", "уйдет", "уйдем", "уйдете", "уйдут", "уйди", "уйдите",
        "ушел", "ушла", "ушло", "ушли"]),
    ("выйт", &["выйти", "выйду", "выйдешь", "выйдет", "выйдем", "выйдете", "выйдут", "выйди",
        "выйдите", "вышел", "вышла", "вышло", "вышли"]),
    ("найт", &["найти", "найду", "найдешь", "найдет", "найдем", "найдете", "найдут", "найди",
        "найдите", "нашел", "нашла", "нашло", "нашли"]),
    ("войт", &["войти", "войду", "войдешь", "войдет", "войдем", "войдете", "войдут", "войди",
        "войдите", "вошел", "вошла", "вошло", "вошли"]),
    ("зайт", &["зайти", "зайду", "зайдешь", "зайдет", "зайдем", "зайдете", "зайдут", "зайди",
        "зайдите", "зашел", "зашла", "зашло", "зашли"]),
    ("пройт", &["пройти", "пройду", "пройдешь", "пройдет", "пройдем", "пройдете", "пройдут",
        "пройди", "пройдите", "прошел", "прошла", "прошло", "прошли"]),
    ("произойт", &["произойти", "произойдет", "произойдут", "произошел", "произошла", "произошло",
        "произошли"]),
    ("подойт", &["подойти", "подойду", "подойдешь", "подойдет", "подойдем", "подойдете",
        "подойдут", "подойди", "подойдите", "подошел", "подошла", "подошло", "подошли"]),
    ("перейт", &["перейти", "перейду", "перейдешь", "перейдет", "перейдем", "перейдете",
        "перейдут", "перейди", "перейдите", "перешел", "перешла", "перешло", "перешли"]),
];

/// Endings of the present tense, imperative, gerund and short passive
/// participle of the -овать/-евать verbs, each after the `у` of the present
/// stem (`рису|ет`, `рису|йте`, `рису|я`, `рису|емы`) ([`ovat_present`]).
pub const OVAT_ENDINGS: &[&str] = &[
    "ешь", "ет", "ем", "ете", "ют", "й", "йте", "я", "ема", "емо", "емы", "емте",
];

/// The 1st singular ending after the `у`, matched on the whole word: only
/// with the reflexive `-сь` (`рисуюсь`), as `-ую` alone is far more often an
/// adjective's (`новую`), and `-уюся` a participle's (`сделавшуюся`).
pub const OVAT_ENDINGS_REFLEXIVE: &[&str] = &["юсь"];

/// The participle suffixes of the -овать verbs' present stem (`рису|ющ|ий`,
/// `рису|ем|ый`), followed by an adjective ending.
pub const OVAT_PARTICIPLE_SUFFIXES: &[&str] = &["ующ", "уем"];

/// Letters after which the infinitive has -евать, not -овать (`танцевать`,
/// `ночевать`).
pub const OVAT_E_AFTER: &str = "жчшщц";

/// The present participle suffixes of the second conjugation
/// ([`present_participle`]).
pub const PARTICIPLE_SUFFIXES: &[&str] = &["ащ", "ящ"];

/// Snowball Russian's adjective endings (its `adjective` among), which
/// follow a participle suffix.
pub const ADJECTIVE_ENDINGS: &[&str] = &[
    "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его",
    "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
];

/// Reflexive endings, removed before the adjective ending.
pub const REFLEXIVE: &[&str] = &["ся", "сь"];

/// Added to the term of a word that ends in a reflexive ending and has at
/// least [`REFLEXIVE_MIN_LEN`] letters ([`stem`]): a reflexive verb is a word
/// of its own (`находиться` "be located", `находить` "find"), which Snowball
/// would merge with the verb without `-ся`.
pub const REFLEXIVE_MARK: &str = "ся";

/// Gerunds of -ать/-ять verbs that Snowball cuts like an adjective's
/// `-ая`/`-яя`, as `(ending, letters cut)`: the word without the cut letters
/// is the infinitive's stem.  Reflexive ones (`вбиваясь`, `вдохновляясь`:
/// `вбива`, `вдохновля`), and those in `-ывая` (`показывая`: `показыва`),
/// which no adjective has; other words in `-ая`/`-яя` are far more often
/// adjectives (`новая`, `красивая`, `синяя`).
pub const GERUNDS: &[(&str, usize)] = &[("аясь", 3), ("яясь", 3), ("ывая", 1)];

/// Shorter words ending in `-ся`/`-сь` are not verbs (`вся`, `весь`, `гусь`,
/// `лось`, `ось`).
pub const REFLEXIVE_MIN_LEN: usize = 5;

/// Endings of a Snowball stem rewritten by [`tidy`], as `(ending, letters
/// before, replacement)`: a stem that ends in `ending`, where the letter
/// before it is one of `letters before` (empty: any letter), ends in
/// `replacement` instead, provided that something is left before the ending
/// and the result has a vowel.  The first row that applies is used.
pub const STEM_ENDINGS: &[(&str, &str, &str)] = &[
    // -ать/-ять verbs: 1st plural and passive participle (читаем,
    // читаемте, читаема) meet the stem чита-.
    ("аемт", "", "а"),
    ("аем", "", "а"),
    ("яемт", "", "я"),
    ("яем", "", "я"),
    // -нуть verbs after a consonant (вернуть, вернул, вернувший, вернут):
    // the present stem верн-.
    ("нувш", CONSONANTS, "н"),
    ("нув", CONSONANTS, "н"),
    ("нут", CONSONANTS, "н"),
    ("нул", CONSONANTS, "н"),
    // -нуть verbs: the present tense (вернет, вернешь, вернете, вернемте).
    ("немт", CONSONANTS, "н"),
    ("нет", CONSONANTS, "н"),
    ("неш", CONSONANTS, "н"),
    // -азать verbs (сказать, скажу, скажет, кажется): present -аж-.
    ("ажет", "", "аза"),
    ("ажеш", "", "аза"),
    ("ажем", "", "аза"),
    ("ажут", "", "аза"),
    ("аж", "", "аза"),
    // Second conjugation 3rd plural -ат after a hissing consonant (лежат,
    // держат, учат), which Snowball leaves: the stem of лежит, держит.
    ("ат", "жчшщ", ""),
    // The fleeting vowel of -ок, -ек, -ец and -ен between consonants:
    // рисунок, рисунка; бабочек, бабочка; отец, отца; камень, камня.
    ("ок", CONSONANTS, "к"),
    ("ек", CONSONANTS, "к"),
    ("ец", CONSONANTS, "ц"),
    ("ен", CONSONANTS, "н"),
];

static IRREGULAR_MAP: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    IRREGULAR
        .iter()
        .flat_map(|&(term, words)| words.iter().map(move |&w| (w, term)))
        .collect()
});

/// The term of one normalised Russian word.
pub fn stem(word: &str) -> String {
    if let Some(term) = IRREGULAR_MAP.get(word) {
        return (*term).to_string();
    }
    let stem = if let Some(stem) = ovat_present(word) {
        stem
    } else if let Some(&(_, cut)) = GERUNDS.iter().find(|(g, _)| word.ends_with(g)) {
        let mut chars = word.chars();
        chars.nth_back(cut - 1);
        chars.as_str().to_string()
    } else if let Some(base) = present_participle(word) {
        base.to_string()
    } else {
        SNOWBALL.stem(word).into_owned()
    };
    let mut term = tidy(&stem);
    if REFLEXIVE.iter().any(|r| word.ends_with(r)) && word.chars().count() >= REFLEXIVE_MIN_LEN {
        term.push_str(REFLEXIVE_MARK);
    }
    term
}

fn has_vowel(s: &str) -> bool {
    s.chars().any(|c| VOWELS.contains(c))
}

/// The word without a reflexive ending and its longest adjective ending
/// (`None` if it has none of the latter).
fn without_adjective_ending(w: &str) -> Option<&str> {
    let ending = ADJECTIVE_ENDINGS
        .iter()
        .filter(|e| w.ends_with(*e))
        .max_by_key(|e| e.len())?;
    Some(&w[..w.len() - ending.len()])
}

/// The infinitive stem (`рисова`, `танцева`) of a present-stem form of an
/// -овать/-евать verb: the word without a reflexive ending, then either an
/// adjective ending after a suffix of [`OVAT_PARTICIPLE_SUFFIXES`], or `у`
/// and an ending of [`OVAT_ENDINGS`]; or the whole word without `у` and an
/// ending of [`OVAT_ENDINGS_REFLEXIVE`]; if what is left ends in a
/// consonant and has a vowel.
pub fn ovat_present(word: &str) -> Option<String> {
    let w = REFLEXIVE
        .iter()
        .find_map(|r| word.strip_suffix(r))
        .unwrap_or(word);
    let participle = without_adjective_ending(w).and_then(|rest| {
        OVAT_PARTICIPLE_SUFFIXES
            .iter()
            .find_map(|p| rest.strip_suffix(p))
    });
    let ending = |w: &'_ str, endings: &[&str]| -> Option<usize> {
        let e = endings.iter().find(|e| w.ends_with(**e))?;
        Some(w.len() - e.len())
    };
    let base = participle
        .or_else(|| ending(w, OVAT_ENDINGS).and_then(|at| w[..at].strip_suffix('у')))
        .or_else(|| {
            ending(word, OVAT_ENDINGS_REFLEXIVE).and_then(|at| word[..at].strip_suffix('у'))
        })?;
    let last = base.chars().next_back()?;
    if !CONSONANTS.contains(last) || !has_vowel(base) {
        return None;
    }
    let suffix = if OVAT_E_AFTER.contains(last) {
        "ева"
    } else {
        "ова"
    };
    Some(format!("{base}{suffix}"))
}

/// The word without a reflexive ending, an adjective ending (the longest of
/// [`ADJECTIVE_ENDINGS`]) and a participle suffix of
/// [`PARTICIPLE_SUFFIXES`], if it has the last two and what is left ends in
/// a consonant and has a vowel (`говорящийся` → `говор`).
pub fn present_participle(word: &str) -> Option<&str> {
    let w = REFLEXIVE
        .iter()
        .find_map(|r| word.strip_suffix(r))
        .unwrap_or(word);
    let rest = without_adjective_ending(w)?;
    let base = PARTICIPLE_SUFFIXES
        .iter()
        .find_map(|p| rest.strip_suffix(p))?;
    let last = base.chars().next_back()?;
    (CONSONANTS.contains(last) && has_vowel(base)).then_some(base)
}

/// A Snowball stem with its ending rewritten by the first row of
/// [`STEM_ENDINGS`] that applies.
pub fn tidy(stem: &str) -> String {
    for &(ending, before, replacement) in STEM_ENDINGS {
        let Some(rest) = stem.strip_suffix(ending) else {
            continue;
        };
        let Some(last) = rest.chars().next_back() else {
            continue;
        };
        if !before.is_empty() && !before.contains(last) {
            continue;
        }
        let out = format!("{rest}{replacement}");
        if has_vowel(&out) {
            return out;
        }
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(words: &[&str]) {
        let want = stem(words[0]);
        for w in words {
            assert_eq!(stem(w), want, "{w} should stem like {}", words[0]);
        }
    }

    fn apart(a: &str, b: &str) {
        assert_ne!(stem(a), stem(b), "{a} and {b} should not merge");
    }

    #[test]
    fn irregular_forms_meet_their_lemma() {
        same(&["человек", "человека", "люди", "людей", "людьми"]);
        same(&["ребенок", "ребенка", "ребенку", "дети", "детей", "детям"]);
        same(&["год", "года", "году", "лет"]);
        same(&["мочь", "могу", "может", "могут", "мог", "могла"]);
        same(&["идти", "иду", "идет", "идут", "шел", "шла", "шли", "идя"]);
        same(&["прийти", "приду", "придет", "пришел", "пришла"]);
        same(&["быть", "был", "была", "будет", "будут"]);
        same(&["время", "времени", "временем", "времена", "времен"]);
        same(&["мать", "матери", "матерью"]);
        same(&["знать", "знаю", "знает", "знал", "знали", "знаем"]);
        same(&["стать", "стал", "стала", "станет", "станут"]);
        same(&["должен", "должна", "должны", "должно"]);
        same(&["нужен", "нужна", "нужно", "нужный"]);
        apart("стать", "статья");
        apart("стать", "стан");
        // The terms of the table are not another word's stem.
        apart("быть", "быт");
        apart("брать", "брат");
        apart("дать", "дата");
        apart("жить", "жито");
    }

    #[test]
    fn every_irregular_word_is_listed_once_and_normalised() {
        let mut seen = std::collections::HashSet::new();
        for &(term, words) in IRREGULAR {
            assert!(!term.is_empty());
            for w in words {
                assert!(seen.insert(*w), "{w} is listed twice");
                assert!(
                    !w.contains('ё') && w.chars().all(|c| c.is_lowercase()),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn ovat_verbs_meet_their_present_stem() {
        same(&[
            "рисовать",
            "рисовал",
            "рисует",
            "рисуешь",
            "рисуем",
            "рисуете",
            "рисуют",
            "рисуя",
            "рисуй",
            "рисуйте",
            "рисующий",
            "рисуемый",
            "рисованный",
            "рисовавший",
        ]);
        same(&[
            "рисоваться",
            "рисуюсь",
            "рисуется",
            "рисуясь",
            "рисующийся",
            "рисовался",
        ]);
        same(&["организовать", "организует", "организуемый", "организован"]);
        same(&[
            "организоваться",
            "организуется",
            "организовались",
            "организуются",
        ]);
        same(&["танцевать", "танцует", "танцевал", "танцуют"]);
        // -евать after other letters is not -овать: успевать, успевает.
        same(&["успевать", "успевает", "успевал"]);
        // The verb keeps its -ова-: it does not meet the noun of its root.
        apart("действует", "действие");
        apart("рисует", "рис");
        apart("пользуются", "польза");
        // -ую without a reflexive ending is left to Snowball (новую).
        assert_eq!(ovat_present("новую"), None);
        assert_eq!(ovat_present("рисую"), None);
        assert_eq!(ovat_present("дует"), None);
        assert_eq!(ovat_present("сделавшуюся"), None);
    }

    #[test]
    fn nut_verbs_meet_their_present_stem() {
        same(&[
            "вернуть",
            "вернул",
            "вернула",
            "вернули",
            "вернувший",
            "вернув",
            "верну",
            "вернут",
        ]);
        same(&[
            "вернет",
            "вернешь",
            "вернете",
            "вернем",
            "вернемте",
            "вернуть",
        ]);
        same(&["достигнуть", "достигнут", "достигнув", "достигну"]);
        // минута: the н follows a vowel.
        apart("минута", "мина");
        same(&["минута", "минут", "минуты"]);
    }

    #[test]
    fn fleeting_vowels_between_consonants() {
        same(&["рисунок", "рисунка", "рисунки", "рисунком"]);
        same(&["порядок", "порядка", "порядку"]);
        same(&["бабочка", "бабочек", "бабочки"]);
        same(&["отец", "отца", "отцу", "отцом"]);
        same(&["конец", "конца", "концом"]);
        same(&["камень", "камня", "камнем"]);
        same(&["ремень", "ремня", "ремнем"]);
        // A vowel before the -ок/-ец/-ен is not a fleeting one.
        // (боец, бойца: the е after a vowel is left, so they stay apart.)
        apart("боец", "бойца");
        same(&["сцена", "сцен", "сцены"]);
        same(&["член", "члена"]);
    }

    #[test]
    fn azat_verbs_and_at_verbs() {
        same(&[
            "сказать",
            "скажу",
            "скажет",
            "скажешь",
            "скажем",
            "сказал",
            "скажи",
        ]);
        same(&["казаться", "кажется", "казалось", "кажутся"]);
        same(&[
            "читать",
            "читаем",
            "читает",
            "читаемый",
            "читал",
            "читаемте",
        ]);
    }

    #[test]
    fn second_conjugation_participles_meet_the_verb() {
        same(&["говорить", "говорит", "говорящий", "говорящих", "говорят"]);
        same(&["лежит", "лежат", "лежу", "лежащий", "лежащая", "лежащими"]);
        same(&[
            "находиться",
            "находится",
            "находящийся",
            "находящихся",
            "находясь",
        ]);
        // A vowel before -ящ- is the stem's: настоящий is not cut.
        assert_eq!(present_participle("настоящий"), None);
        assert_eq!(present_participle("ящик"), None);
    }

    #[test]
    fn reflexive_verbs_are_words_of_their_own() {
        same(&[
            "учиться",
            "учится",
            "учатся",
            "учились",
            "учись",
            "учащийся",
            "учась",
        ]);
        same(&["учить", "учит", "учат", "учил"]);
        apart("учиться", "учить");
        apart("находится", "находит");
        same(&["сделаться", "сделался", "сделавшись"]);
        same(&["вбиваться", "вбиваясь", "вбивается"]);
        same(&["вдохновляться", "вдохновляясь", "вдохновляется"]);
        same(&["показывать", "показывая", "показывает", "показывал"]);
        same(&["красивая", "красивый", "красивую"]);
        same(&["сделать", "сделал", "сделавши"]);
        same(&[
            "адаптироваться",
            "адаптируется",
            "адаптируюсь",
            "адаптирующийся",
        ]);
        // Short words in -ся/-сь are not verbs.
        assert_eq!(stem("вся"), "вся");
        assert!(!stem("весь").ends_with(REFLEXIVE_MARK));
        same(&["гусь", "гуся"]);
    }

    #[test]
    fn different_words_stay_apart() {
        apart("совет", "сова");
        apart("кабинет", "кабина");
        apart("минута", "мина");
        apart("рисунок", "рис");
        apart("лет", "лето");
        apart("сказка", "сказать");
        apart("мать", "мат");
        apart("имя", "им");
        apart("мочь", "моча");
    }
}
