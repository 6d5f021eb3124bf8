//! The workspace as a whole: finding it from any folder inside it (as git
//! and cargo do), and `kitap init`, which makes a new one.
//!
//! Sits on top of the pipeline with the other commands; the pipeline itself
//! is always handed a workspace root.

use crate::error::{Error, Result};
use crate::lang::Lang;
use std::fs;
use std::path::{Path, PathBuf};

/// The file that marks a workspace: `site/site.yaml` under its root.
pub const MARKER: &str = "site/site.yaml";

/// The workspace holding `start`: `start` itself or the nearest folder above
/// it that has `site/site.yaml` (failing that, the nearest with a `site/`
/// folder, whose problems the build then names). `start` is made absolute
/// first, so the error names the full path that was searched.
pub fn find(start: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(start).map_err(|e| Error::io(start, e))?;
    let found = start
        .ancestors()
        .find(|dir| dir.join(MARKER).is_file())
        .or_else(|| start.ancestors().find(|dir| dir.join("site").is_dir()));
    match found {
        Some(dir) => Ok(dir.to_path_buf()),
        None => Err(Error::NoWorkspace(start)),
    }
}

/// What `kitap init` makes.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new workspace's folder (made if absent).
    pub dir: PathBuf,
    /// Its languages; the first is the source language.
    pub languages: Vec<String>,
    /// The report's title (in every language until translated); a title per
    /// language in the built-in strings otherwise.
    pub title: Option<String>,
    /// Go on in a folder that is not empty (existing files are kept).
    pub force: bool,
}

/// What `kitap init` did.
#[derive(Debug, Clone, Default)]
pub struct Initialised {
    /// Files written, in the order written.
    pub created: Vec<PathBuf>,
    /// Files that existed and were left as they were (`--force`).
    pub kept: Vec<PathBuf>,
}

/// The id of the first chapter `kitap init` writes.
pub const FIRST_CHAPTER: &str = "introduction";

/// Make a new workspace: `site/site.yaml`, a first chapter in the source
/// language, its translations counted as missing (front matter only: their
/// pages show the source text under the "not yet translated" notice until
/// someone writes them), `site/assets/`, a README for the team and a
/// `.gitignore` for the output folders. Refuses a folder that is not empty
/// unless `force`; never overwrites a file.
pub fn init(opts: &InitOptions) -> Result<Initialised> {
    let langs = languages(&opts.languages)?;
    let dir = &opts.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file, not a folder",
            shown(dir).display()
        )));
    }
    if !opts.force && dir.is_dir() && !is_empty(dir)? {
        return Err(Error::Usage(format!(
            "{} is not empty: give an empty or new folder (kitap init my-report), or --force to add a workspace to it (existing files are kept)",
            shown(dir).display()
        )));
    }
    let source = &langs[0];
    let mut files: Vec<(PathBuf, String)> = vec![
        (dir.join(MARKER), site_yaml(&langs, opts.title.as_deref())),
        (dir.join("README.md"), team_readme(&langs)),
        (dir.join(".gitignore"), "/public/\n/dist/\n".to_string()),
    ];
    for lang in &langs {
        let text = if lang == source {
            first_chapter(lang)
        } else {
            untranslated_chapter(lang, source)
        };
        files.push((
            dir.join("site")
                .join(lang.as_str())
                .join(format!("01-{FIRST_CHAPTER}.md")),
            text,
        ));
    }
    let mut done = Initialised::default();
    let assets = dir.join("site").join("assets");
    fs::create_dir_all(&assets).map_err(|e| Error::io(&assets, e))?;
    for (path, text) in files {
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_new(&path, text.as_bytes())?;
        done.created.push(path);
    }
    Ok(done)
}

/// Parse `--languages`: known codes, no repeats, at least one.
fn languages(codes: &[String]) -> Result<Vec<Lang>> {
    let mut out: Vec<Lang> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let lang = Lang::parse(code).ok_or_else(|| {
            Error::Usage(format!(
                "`{code}` is not a language code (give codes such as en, kk, ru: --languages en,kk,ru)"
            ))
        })?;
        if out.contains(&lang) {
            return Err(Error::Usage(format!(
                "`{code}` is given twice in --languages"
            )));
        }
        out.push(lang);
    }
    if out.is_empty() {
        return Err(Error::Usage(
            "--languages names no language (for example --languages en,kk,ru)".into(),
        ));
    }
    Ok(out)
}

fn is_empty(dir: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(entries.next().is_none())
}

/// `path` made absolute for messages (as given when that fails).
fn shown(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Create a file that must not exist yet (a file made meanwhile is kept).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// Text of the starter files in a language: the built-in one when kitap has
/// it, else English.
fn pick<'a>(lang: &Lang, en: &'a str, kk: &'a str, ru: &'a str) -> &'a str {
    match lang.language() {
        "kk" => kk,
        "ru" => ru,
        _ => en,
    }
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn site_yaml(langs: &[Lang], title: Option<&str>) -> String {
    let mut out = String::from(
        "# The report's settings; every key is described in kitap's docs/content.md.\n\
         # Each text has one entry per language.\n",
    );
    out.push_str("title:\n");
    for lang in langs {
        let t = title.unwrap_or_else(|| pick(lang, "Report", "Баяндама", "Доклад"));
        out.push_str(&format!("  {}: {}\n", lang.as_str(), quoted(t)));
    }
    out.push_str("# description: {en: \"One sentence under the title.\"}\n");
    out.push_str("# author: {en: \"Who issues the report\"}\n");
    out.push_str("# edition: {en: \"Working draft, January 2027\"}\n");
    let codes: Vec<&str> = langs.iter().map(Lang::as_str).collect();
    out.push_str(&format!("languages: [{}]\n", codes.join(", ")));
    out.push_str(&format!("default_language: {}\n", langs[0].as_str()));
    out.push_str(
        "# The address the site will have (https://example.org/report): absolute links,\n\
         # sitemap.xml and the 404 pages need it. Empty: the site works from any place.\n\
         base_url: \"\"\n",
    );
    out
}

fn first_chapter(lang: &Lang) -> String {
    let (title, summary, body) = match lang.language() {
        "kk" => (
            "Кіріспе",
            "Баяндама не туралы.",
            "Баяндаманың бірінші тарауын осында жазыңыз. Әр тарау — `site/kk/` қалтасындағы\n\
             бір Markdown файлы; файл атауындағы нөмір (`01-`) оның кітаптағы орнын анықтайды.\n\n\
             ## Қамту аясы {#scope}\n\n\
             Тақырыптар тарауды бөлімдерге бөледі; `{#scope}` бұл бөлімге тұрақты белгі\n\
             береді, сондықтан басқа тараулар оған `[қамту аясы](@introduction#scope)` түрінде\n\
             сілтеме жасай алады.\n",
        ),
        "ru" => (
            "Введение",
            "О чём этот доклад.",
            "Напишите здесь первую главу доклада. Каждая глава — отдельный файл Markdown\n\
             в папке `site/ru/`; номер в имени файла (`01-`) задаёт её место в книге.\n\n\
             ## Рамки доклада {#scope}\n\n\
             Заголовки делят главу на разделы; `{#scope}` присваивает этому разделу\n\
             постоянную метку, и другие главы могут ссылаться на него:\n\
             `[рамки доклада](@introduction#scope)`.\n",
        ),
        _ => (
            "Introduction",
            "What this report is about.",
            "Write the report's first chapter here. Each chapter is one Markdown file in\n\
             `site/LANG/`; the number in its file name (`01-`) sets its place in the book.\n\n\
             ## Scope {#scope}\n\n\
             Headings make sections; `{#scope}` gives this one a lasting anchor, so that\n\
             other chapters can link to it as `[the scope](@introduction#scope)`.\n",
        ),
    };
    let body = body.replace("LANG", lang.as_str());
    format!("---\ntitle: {title}\nsummary: {summary}\n---\n{body}")
}

fn untranslated_chapter(lang: &Lang, source: &Lang) -> String {
    let title = pick(lang, "Introduction", "Кіріспе", "Введение");
    format!(
        "---\n\
         # Not translated yet: until text is written below the closing line, readers\n\
         # of the {lang} site see the {source} chapter under a \"not yet translated\"\n\
         # notice. Once translated, run: kitap translated {lang} {FIRST_CHAPTER}\n\
         title: {title}\n\
         ---\n",
        lang = lang.as_str(),
        source = source.as_str(),
    )
}

fn team_readme(langs: &[Lang]) -> String {
    let source = langs[0].as_str();
    let others: Vec<&str> = langs[1..].iter().map(Lang::as_str).collect();
    let translate = if others.is_empty() {
        String::new()
    } else {
        let lang = others[0];
        format!(
            "\n## Translating\n\n\
             A translation is a file of the same name in `site/{lang}/` (and the other\n\
             language folders). While its body is empty, readers see the {source} text\n\
             under a \"not yet translated\" notice. Once a chapter is translated, say so:\n\n\
             ```sh\nkitap translated {lang} {FIRST_CHAPTER}\n```\n\n\
             When the {source} chapter changes later, `kitap check` reports the\n\
             translation as stale, and `kitap serve` lists every chapter's state at\n\
             http://127.0.0.1:4000/_kitap/status.\n"
        )
    };
    format!(
        "# Report\n\n\
         The chapters of this report, in Markdown, published with kitap as a website,\n\
         an offline copy, a PDF and an e-book in {langs}.\n\n\
         ## Writing\n\n\
         ```sh\n\
         kitap serve --open     # preview at http://127.0.0.1:4000/, updated as you save\n\
         kitap new chapter NAME # a new chapter at the end (--after ID to put it elsewhere)\n\
         kitap check            # broken links, missing and stale translations\n\
         ```\n\n\
         Chapters are in `site/{source}/`, one file each, numbered (`01-introduction.md`);\n\
         images go in `site/assets/`. Run kitap from this folder or any folder inside it.\n\
         {translate}\n\
         ## Publishing\n\n\
         ```sh\n\
         kitap build            # the website in public/, for any static host\n\
         kitap bundle           # dist/report.zip: the site, PDFs and e-books for offline use\n\
         ```\n\n\
         Keep this folder in its own repository; `public/` and `dist/` are made by\n\
         kitap and are not committed (see `.gitignore`).\n",
        langs = langs
            .iter()
            .map(Lang::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(quoted(r#"A "b" \ c"#), r#""A \"b\" \\ c""#);
        assert_eq!(quoted("a\nb"), "\"a b\"");
    }

    #[test]
    fn languages_are_checked() {
        assert!(languages(&["en".into(), "en".into()]).is_err());
        assert!(languages(&[]).is_err());
        assert!(languages(&["e n".into()]).is_err());
        let l = languages(&["kk".into(), " ru".into()]).unwrap();
        assert_eq!(l[0].as_str(), "kk");
    }
}
