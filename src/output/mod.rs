//! Where output goes: the [`Sink`] every format hands its files to, the
//! in-memory [`OutputSet`] (for `serve` and `bundle`), and the only writer
//! of the output folder ([`Staging`], for `build`).
//!
//! Formats import this module and nothing of each other; this module imports
//! no format.

mod staging;

pub use staging::{MARKER, Staging, Written, check_outside_sources, check_target};

use std::collections::BTreeMap;
use std::io::{self, Write};

/// The built site: output path (`/`-separated) -> bytes. Sorted, so writing
/// and zipping are deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputSet {
    /// The files.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl OutputSet {
    /// Add or replace a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}

/// Where output files go as they are made. Called from many threads.
pub trait Sink: Sync {
    /// Take one file: its `/`-separated path in the output, and its bytes.
    fn put(&self, path: String, bytes: Vec<u8>);

    /// Take one file written piece by piece by `write` (for files too large
    /// to assemble in memory first, like the print pages of a large book).
    fn put_stream(&self, path: String, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = write(&mut bytes);
        self.put(path, bytes);
    }
}

/// A [`Sink`] that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(std::sync::Mutex<OutputSet>);

impl Collect {
    /// The files collected.
    pub fn into_set(self) -> OutputSet {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path, bytes);
    }
}

/// A [`Sink`] that drops every file (`kitap check` renders only to find
/// template errors).
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: String, _bytes: Vec<u8>) {}
}

/// Content type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `SOURCE_DATE_EPOCH` as a zip timestamp (UTC), clamped to what zip can hold.
pub fn zip_time(epoch: Option<i64>) -> zip::DateTime {
    let default = zip::DateTime::default();
    let Some(secs) = epoch.filter(|s| *s >= 315_532_800) else {
        return default;
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    zip::DateTime::from_date_and_time(
        u16::try_from(y).unwrap_or(2107).min(2107),
        m,
        d,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
    .unwrap_or(default)
}

/// Rename, trying again for a moment when the system refuses: on Windows a
/// virus scanner or an indexer may hold a file that was just written.
/// Elsewhere a refusal is final at once.
pub fn rename_retrying(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    let tries = if cfg!(windows) { 6 } else { 0 };
    let mut wait = std::time::Duration::from_millis(10);
    for _ in 0..tries {
        match std::fs::rename(from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
    std::fs::rename(from, to)
}

/// The temp file a file is written to before it is renamed into place:
/// hidden, beside it (so the rename stays on one file system), named by
/// the process.
pub fn temp_beside(path: &std::path::Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.kitap-{}", std::process::id()))
}
