//! Golden output: the `basic` fixture (three languages, footnotes, an image,
//! links across chapters, a fallback page, a draft) built, bundled as a zip
//! and as single files, and every output file's sha256 compared with
//! `tests/golden/basic.txt`. Any change to any byte of the output fails here
//! until the file is re-blessed with the command below (after checking that
//! the change is wanted).

mod common;

use common::{Tree, Workspace};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The one command that rewrites the golden files from the current output.
const BLESS: &str = "KITAP_BLESS=1 cargo test --test golden";

/// Run kitap in the workspace with a fixed SOURCE_DATE_EPOCH; panics unless it succeeds.
fn kitap(ws: &Workspace, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_kitap"))
        .args(args)
        .current_dir(ws.root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("KITAP_LOG")
        .output()
        .expect("run kitap");
    assert!(
        out.status.success(),
        "kitap {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `path -> sha256` of every file under each of `dirs` (paths keep the dir).
fn hashes(root: &Path, dirs: &[&str]) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for dir in dirs {
        for (path, bytes) in Tree::read(&root.join(dir)).files {
            let sum = sha256(&bytes);
            if path.ends_with(".zip") {
                all.extend(zip_entries(&format!("{dir}/{path}"), &bytes));
            }
            all.insert(format!("{dir}/{path}"), sum);
        }
    }
    all
}

/// `archive!entry -> sha256` of every entry of a zip, so that a changed
/// archive names the files that changed inside it.
fn zip_entries(name: &str, bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            (format!("{name}!{}", entry.name().unwrap()), sha256(&data))
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (sum, path) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("bad golden line {l:?}"));
            (path.to_string(), sum.to_string())
        })
        .collect()
}

fn render(sums: &BTreeMap<String, String>) -> String {
    sums.iter().map(|(p, s)| format!("{s}  {p}\n")).collect()
}

/// Compare `actual` with `tests/golden/<name>.txt`, or rewrite that file
/// when `KITAP_BLESS=1`.
fn check(name: &str, actual: &BTreeMap<String, String>) {
    let file = common::repo()
        .join("tests/golden")
        .join(format!("{name}.txt"));
    if std::env::var("KITAP_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, render(actual)).unwrap();
        eprintln!("blessed {}", file.display());
        return;
    }
    let Ok(text) = std::fs::read_to_string(&file) else {
        panic!("no golden file {}; create it with {BLESS}", file.display());
    };
    let want = parse(&text);
    let mut report = Vec::new();
    for (path, sum) in actual {
        match want.get(path) {
            None => report.push(format!("  added:   {path}")),
            Some(w) if w != sum => report.push(format!("  changed: {path}")),
            Some(_) => {}
        }
    }
    for path in want.keys().filter(|p| !actual.contains_key(*p)) {
        report.push(format!("  removed: {path}"));
    }
    assert!(
        report.is_empty(),
        "the output differs from {}:\n{}\nIf the change is intended, update the golden file with\n  {BLESS}\nand commit it.",
        file.display(),
        report.join("\n")
    );
}

#[test]
fn basic_fixture_output_matches_the_golden_hashes() {
    let ws = Workspace::fixture("basic");
    kitap(&ws, &["build"]);
    kitap(&ws, &["bundle", "--out", "zip"]);
    kitap(&ws, &["bundle", "--single-file", "--out", "single"]);
    let actual = hashes(ws.root(), &["public", "zip", "single"]);
    assert!(
        actual.keys().any(|p| p.starts_with("public/"))
            && actual.keys().any(|p| p.starts_with("zip/"))
            && actual.keys().any(|p| p.starts_with("single/")),
        "some output is missing: {:#?}",
        actual.keys().collect::<Vec<_>>()
    );
    check("basic", &actual);
}
