//! What a long command is doing, for a progress line on a terminal.
//!
//! The library never prints: stages call [`stage`], and the binary, when
//! it shows progress, installs a reporter with [`set_reporter`] (once, at
//! start). Without one, [`stage`] does nothing.

use std::sync::OnceLock;

type Reporter = Box<dyn Fn(&str) + Send + Sync>;

static REPORTER: OnceLock<Reporter> = OnceLock::new();

/// Install the function told of each stage (the first call wins).
pub fn set_reporter(f: impl Fn(&str) + Send + Sync + 'static) {
    let _ = REPORTER.set(Box::new(f));
}

/// Say what is being done now ("typesetting the PDF (kk)").
pub fn stage(what: &str) {
    if let Some(f) = REPORTER.get() {
        f(what);
    }
}
