//! Test helpers: a workspace builder over fixture sites, running the kitap
//! binary, reading output trees, and a link checker over built HTML.
#![allow(dead_code)]

pub mod browser;
pub mod tools;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary workspace, copied from `tests/fixtures/<name>` or the real report.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// Copy `tests/fixtures/<name>/` into a temp folder.
    pub fn fixture(name: &str) -> Workspace {
        let ws = Workspace::empty();
        copy_tree(&repo().join("tests/fixtures").join(name), ws.root());
        ws
    }

    /// Copy the project's own `site/` into a temp folder.
    pub fn report() -> Workspace {
        let ws = Workspace::empty();
        copy_tree(&repo().join("site"), &ws.root().join("site"));
        ws
    }

    /// An English-only book of `chapters` chapters `c0001`, `c0002`, …,
    /// titled "Chapter N", with `text(n)` as chapter n's body.
    pub fn numbered_book(chapters: usize, text: impl Fn(usize) -> String) -> Workspace {
        let ws = Workspace::empty();
        ws.write(
            "site/site.yaml",
            "title: {en: Large}\nlanguages: [en]\ndefault_language: en\n",
        );
        for n in 1..=chapters {
            ws.write(
                &format!("site/en/{n:04}-c{n:04}.md"),
                format!("---\ntitle: Chapter {n}\n---\n{}\n", text(n)),
            );
        }
        ws
    }

    /// An empty temp folder.
    pub fn empty() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (parents created), relative to the workspace.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Run the kitap binary with `args` inside the workspace.
    pub fn kitap(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_kitap"))
            .args(args)
            .current_dir(self.root())
            .env_remove("KITAP_LOG")
            .output()
            .expect("run kitap");
        Run::from(out)
    }

    /// `kitap build` into `public/`; panics with stderr unless it succeeds.
    pub fn build_ok(&self) -> Tree {
        let run = self.kitap(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        Tree::read(&self.root().join("public"))
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
}

/// The outcome of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A folder read into memory: relative path -> bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Tree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Tree {
    pub fn read(dir: &Path) -> Tree {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
        Tree { files }
    }

    /// A file as text; panics if missing.
    pub fn text(&self, rel: &str) -> String {
        let bytes = self.files.get(rel).unwrap_or_else(|| {
            panic!(
                "no {rel} in output; have {:?}",
                self.files.keys().collect::<Vec<_>>()
            )
        });
        String::from_utf8(bytes.clone()).unwrap()
    }

    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Decode the HTML character references kitap's templates and pulldown-cmark write.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e < 10);
        let decoded = end.and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "#39" => Some('\''),
                _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Values of `attr="…"` in an HTML text (decoded).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        let tail = &rest[i + pat.len()..];
        let end = tail.find('"').unwrap_or(tail.len());
        out.push(decode_entities(&tail[..end]));
        rest = &tail[end..];
    }
    out
}

/// Every relative `href`/`src` in every HTML file resolves to a file in the
/// tree, and every `#fragment` to an `id` in the target page. The 404 pages,
/// which a host serves at any address, link from the site's root (`/…`, or
/// `base_url`): their root-absolute links are resolved from the tree's top.
/// Returns the problems found.
pub fn broken_links(tree: &Tree) -> Vec<String> {
    let ids: BTreeMap<&str, BTreeSet<String>> = tree
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            let html = String::from_utf8_lossy(b);
            (p.as_str(), attr_values(&html, "id").into_iter().collect())
        })
        .collect();
    let mut problems = Vec::new();
    for (page, bytes) in tree.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
            {
                continue;
            }
            let not_found_page = page == "404.html" || page.ends_with("/404.html");
            if url.starts_with('/') && !not_found_page {
                problems.push(format!("{page}: root-absolute link {url}"));
                continue;
            }
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap();
            let from = if path.starts_with('/') { "" } else { dir };
            let target = if path.is_empty() {
                page.clone()
            } else {
                match kitap::markdown::normalise(&format!(
                    "{from}/{}",
                    path.trim_start_matches('/')
                )) {
                    Some(t) => t,
                    None => {
                        problems.push(format!("{page}: {url} leaves the site"));
                        continue;
                    }
                }
            };
            if !tree.files.contains_key(&target) {
                problems.push(format!("{page}: {url} -> missing {target}"));
                continue;
            }
            if let Some(f) = frag {
                let f = kitap::markdown::percent_decode(f);
                if !f.is_empty() && !ids.get(target.as_str()).is_some_and(|s| s.contains(&f)) {
                    problems.push(format!("{page}: {url} -> no id {f} in {target}"));
                }
            }
        }
    }
    problems
}
