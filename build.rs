//! Build script: the version `kitap --version` prints, with the git commit
//! the binary was built from when it is built from a git checkout.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let full = match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(commit) => {
            let date = git(&["log", "-1", "--format=%cs", "HEAD"]).unwrap_or_default();
            format!("{version} (commit {commit}, {date})")
        }
        None => format!("{version} (built outside a git checkout)"),
    };
    println!("cargo:rustc-env=KITAP_VERSION={full}");
    // Run again when HEAD moves (a commit, a checkout). Edits not yet
    // committed are not noticed: the commit is the one built upon.
    if let Some(path) = git(&["rev-parse", "--git-path", "HEAD"]) {
        println!("cargo:rerun-if-changed={path}");
    }
    if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &head_ref])
    {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
