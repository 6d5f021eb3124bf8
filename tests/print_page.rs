//! The print page prints like a publication (issue 16, part 1): the real
//! report, with an appendix holding what the report itself lacks (links to
//! the web and out of the document, a long table, a long unbreakable line),
//! built once; `kk/print.html` printed once to PDF by headless Chromium and
//! read back with poppler-utils and qpdf; the pages measured in Chromium at
//! phone widths.

mod common;

use common::browser::{file_url, headless};
use common::{Tree, Workspace, decode_entities, tools};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// An English appendix (shown as a fallback in Kazakh and Russian).
const APPENDIX: &str = "\
---
title: Print test appendix
---
This appendix cites [the ILO convention](https://www.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C029)
and <https://www.unodc.org/unodc/en/human-trafficking/>, the [Russian foreword](../ru/01-foreword.md),
a [file beside the page](../assets/referral-en.svg) and [its own table](#long-table).[^n]

A long unbreakable token: `Human-Rights-Commission/migrant-workers/victims-of-trafficking/annual-report-2024-final-version.pdf`.

```
curl https://example.org/a/very/long/path/that/does/not/wrap/by/itself/and/would/push/the/page/wider/than/a/phone
```

## The long table {#long-table}

| Year | Region | Cases | Referred |
| --- | --- | --- | --- |
ROWS
## After the table

Text after the table.

[^n]: A note of the appendix.
";

/// Rows of the appendix's table.
const ROWS: usize = 60;

const ILO: &str =
    "https://www.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C029";
const UNODC: &str = "https://www.unodc.org/unodc/en/human-trafficking/";

/// The page margins of the default theme's `@page` (style.css), in points:
/// a line centred above the top one is the running head, below the bottom
/// one the page number.
const TOP_MARGIN_PT: f64 = 22.0 * 72.0 / 25.4;
const BOTTOM_MARGIN_PT: f64 = 24.0 * 72.0 / 25.4;

/// The report with the appendix, built once for every test here.
fn site() -> &'static (Workspace, Tree) {
    static SITE: OnceLock<(Workspace, Tree)> = OnceLock::new();
    SITE.get_or_init(|| {
        let ws = Workspace::report();
        let rows: String = (1..=ROWS)
            .map(|i| {
                format!(
                    "| {} | Region {i} | {} cases reported and referred onwards | {} |\n",
                    2000 + i,
                    i * 7,
                    i * 3
                )
            })
            .collect();
        ws.write(
            "site/en/99-print-test.md",
            APPENDIX.replace("ROWS\n", &rows),
        );
        let tree = ws.build_ok();
        (ws, tree)
    })
}

/// `kk/print.html` printed by Chromium: the PDF, its text page by page, and
/// its objects uncompressed (qpdf's QDF form), made once.
struct Printed {
    pdf: PathBuf,
    pages: Vec<Page>,
    qdf: String,
    _dir: tempfile::TempDir,
}

/// One printed page: the running head, the body's lines and the page
/// number (the foot), each line's words joined by one space.
#[derive(Debug)]
struct Page {
    head: String,
    body: Vec<String>,
    foot: String,
}

fn printed() -> &'static Printed {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    PRINTED.get_or_init(|| {
        let (ws, _) = site();
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("kk.pdf");
        let profile = tempfile::tempdir().unwrap();
        let out = headless(&profile)
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(file_url(&ws.path("public/kk/print.html"), None))
            .output()
            .expect("start chromium");
        assert!(
            out.status.success() && pdf.exists(),
            "chromium could not print: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let qdf = dir.path().join("kk.qdf");
        tools::run(
            "qpdf",
            &["--qdf", "--object-streams=disable", pdf.to_str().unwrap()],
            &qdf,
        );
        let qdf = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
        let bbox = tools::run(
            "pdftotext",
            &["-bbox", pdf.to_str().unwrap()],
            Path::new("-"),
        );
        Printed {
            pdf,
            pages: pages(&bbox),
            qdf,
            _dir: dir,
        }
    })
}

/// Whether this machine can print and read PDFs; skips loudly if not.
fn can_print() -> bool {
    common::browser::available() && tools::available(&["pdfinfo", "pdftotext", "qpdf"])
}

/// The value of `name="…"` in a tag's text (poppler's names: `xMin`,
/// `yMax`, `height`..., none the end of another).
fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).unwrap() + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

/// Pages of `pdftotext -bbox` output: the words of each page gathered into
/// lines as they sit on the page (a table row is one line), top to bottom,
/// each line placed in the head, the body or the foot by where it lies.
fn pages(bbox: &str) -> Vec<Page> {
    bbox.split("<page ")
        .skip(1)
        .map(|page| {
            let height = attr(page, "height");
            let mut words: Vec<(f64, f64, String)> = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    let middle = (attr(w, "yMin") + attr(w, "yMax")) / 2.0;
                    (middle, attr(w, "xMin"), decode_entities(text))
                })
                .collect();
            words.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Words whose middles lie within this of the line's first word
            // are on that line.
            const SAME_LINE_PT: f64 = 3.0;
            let mut lines: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
            for (middle, x, text) in words {
                match lines.last_mut() {
                    Some((y, line)) if middle - *y < SAME_LINE_PT => line.push((x, text)),
                    _ => lines.push((middle, vec![(x, text)])),
                }
            }
            let mut p = Page {
                head: String::new(),
                body: Vec::new(),
                foot: String::new(),
            };
            for (middle, mut line) in lines {
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                let text = line
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
                    .join(" ");
                if middle < TOP_MARGIN_PT {
                    join_line(&mut p.head, &text);
                } else if middle > height - BOTTOM_MARGIN_PT {
                    join_line(&mut p.foot, &text);
                } else {
                    p.body.push(text);
                }
            }
            p
        })
        .collect()
}

fn join_line(to: &mut String, line: &str) {
    if !to.is_empty() {
        to.push(' ');
    }
    to.push_str(line);
}

/// Runs of white space as one space, trimmed.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML fragment: tags dropped, references decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squeeze(&decode_entities(&out))
}

/// The inner HTML of every `<tag …>…</tag>` (not nested) in `html`.
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let start = after.find('>').unwrap() + 1;
        let end = after.find(&close).unwrap();
        out.push(&after[start..end]);
        rest = &after[end..];
    }
    out
}

/// The kk print page's chapter titles, from its contents list, in order.
fn chapter_titles(html: &str) -> Vec<String> {
    let contents = elements(html, "nav")
        .into_iter()
        .find(|n| n.contains("<ol>"))
        .expect("a contents list");
    elements(contents, "a").into_iter().map(text_of).collect()
}

#[test]
fn prints_on_a4_with_page_numbers_running_heads_and_a_new_page_per_chapter() {
    if !can_print() {
        return;
    }
    let p = printed();
    let info = tools::run("pdfinfo", &[], &p.pdf);
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("pdfinfo gives a page size");
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (dims[0] - 595.3).abs() < 1.5 && (dims[1] - 841.9).abs() < 1.5,
        "not A4: {size}"
    );

    let pages = &p.pages;
    assert!(
        pages[0].head.is_empty() && pages[0].foot.is_empty(),
        "the title page has no running head or number: {:?}",
        pages[0]
    );
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert_eq!(page.foot, (n + 1).to_string(), "page {}: {page:?}", n + 1);
    }

    let (_, tree) = site();
    let html = tree.text("kk/print.html");
    let report_title = text_of(elements(&html, "h1")[0]);
    assert_eq!(squeeze(&pages[1].head), report_title, "the contents page");
    assert!(
        pages[1].body.iter().any(|l| l == "Мазмұны"),
        "{:?}",
        pages[1]
    );

    // Every chapter starts on a new page headed by its title, which the
    // following pages of the chapter carry too; chapters come in order.
    let titles = chapter_titles(&html);
    assert_eq!(titles.len(), 11, "{titles:?}");
    let mut last_start = 1;
    for title in &titles {
        let start = pages
            .iter()
            .position(|p| squeeze(&p.head) == *title)
            .unwrap_or_else(|| panic!("no page is headed {title:?}"));
        assert!(start > last_start, "{title:?} starts on page {}", start + 1);
        assert!(
            squeeze(&pages[start].body.join(" ")).contains(title.as_str()),
            "page {} should open the chapter {title:?}: {:?}",
            start + 1,
            pages[start]
        );
        last_start = start;
    }
    for (n, page) in pages.iter().enumerate().skip(2) {
        assert!(
            titles.contains(&squeeze(&page.head)),
            "page {} has the running head {:?}",
            n + 1,
            page.head
        );
    }

    // No heading ends a page.
    let headings: Vec<String> = ["h2", "h3", "h4"]
        .iter()
        .flat_map(|h| elements(&html, h))
        .map(text_of)
        .collect();
    for (n, page) in pages.iter().enumerate() {
        let Some(last) = page.body.last() else {
            continue;
        };
        assert!(
            !headings
                .iter()
                .any(|h| h == last || (last.chars().count() >= 8 && h.contains(last.as_str()))),
            "page {} ends with the heading line {last:?}",
            n + 1
        );
    }
}

#[test]
fn printed_links_stay_in_the_document_or_go_to_the_web() {
    if !can_print() {
        return;
    }
    let p = printed();
    let uris: Vec<&str> = p
        .qdf
        .split("/URI (")
        .skip(1)
        .map(|s| &s[..s.find(')').unwrap()])
        .collect();
    assert!(
        !p.qdf.contains("/URI <"),
        "a URI written in hex escaped this check"
    );
    for uri in &uris {
        assert!(
            uri.starts_with("https://") || uri.starts_with("http://"),
            "a link in the PDF leaves for {uri} (every link must stay in the document or go to the web)"
        );
    }
    let distinct: BTreeSet<&str> = uris.iter().copied().collect();
    assert_eq!(distinct, BTreeSet::from([ILO, UNODC]), "{uris:?}");
    // In-document links (the contents, cross-references, footnotes) are
    // destinations inside the PDF.
    let internal = p.qdf.matches("/Dest ").count();
    assert!(internal > 100, "only {internal} links within the document");
}

#[test]
fn web_links_print_their_address_after_their_text_once() {
    if !can_print() {
        return;
    }
    let text: String = printed()
        .pages
        .iter()
        .flat_map(|p| &p.body)
        .flat_map(|l| l.split_whitespace())
        .collect();
    let ilo = format!("theILOconvention({ILO})");
    assert!(text.contains(&ilo), "no {ilo} in the printed text");
    // The address written as the link's text is not printed again.
    assert_eq!(text.matches(UNODC).count(), 1, "{UNODC} printed twice");
    // Links out of the document print as their text alone.
    assert!(text.contains("theRussianforeword,afile"), "{text}");
    for href in ["foreword.html", "referral-en.svg", "#long-table"] {
        assert!(!text.contains(href), "{href} printed");
    }
}

#[test]
fn long_tables_split_across_pages_and_repeat_their_header() {
    if !can_print() {
        return;
    }
    let pages = &printed().pages;
    let row = |l: &str, i: usize| l.starts_with(&format!("{} Region {i} ", 2000 + i));
    let mut seen = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let rows: Vec<usize> = (1..=ROWS)
            .filter(|&i| page.body.iter().any(|l| row(l, i)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let header = page
            .body
            .iter()
            .position(|l| l == "Year Region Cases Referred");
        let first = page.body.iter().position(|l| row(l, rows[0])).unwrap();
        assert!(
            header.is_some_and(|h| h < first),
            "page {} holds rows {rows:?} without the header row above them: {:?}",
            n + 1,
            page.body
        );
        seen.push((n, rows));
    }
    assert!(seen.len() >= 2, "the table did not split: {seen:?}");
    let all: Vec<usize> = seen.iter().flat_map(|(_, r)| r.iter().copied()).collect();
    assert_eq!(all, (1..=ROWS).collect::<Vec<_>>(), "rows lost or repeated");
}

/// `document.documentElement.scrollWidth` of each page at each width,
/// measured in one Chromium run: a page in the output folder holds every
/// page in an iframe of that width and writes the widths into its DOM.
fn widths(pages: &[&str], viewports: &[u32]) -> Vec<(String, u32, u32, u32)> {
    let (ws, _) = site();
    let mut frames = String::new();
    for p in pages {
        for w in viewports {
            frames.push_str(&format!(
                "<iframe src=\"{p}\" data-page=\"{p}\" style=\"width:{w}px;height:600px;border:0\"></iframe>\n"
            ));
        }
    }
    let measure = format!(
        "<!doctype html><html><body>{frames}<script>
addEventListener('load', () => {{
  const r = [...document.querySelectorAll('iframe')].map(f =>
    [f.dataset.page, f.contentWindow.innerWidth, f.contentDocument.documentElement.scrollWidth].join(' '));
  document.body.setAttribute('data-widths', r.join(';'));
}});
</script></body></html>"
    );
    ws.write("public/measure-widths.html", measure);
    let profile = tempfile::tempdir().unwrap();
    let out = headless(&profile)
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(file_url(&ws.path("public/measure-widths.html"), None))
        .output()
        .expect("start chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom
        .find("data-widths=\"")
        .expect("the widths were measured")
        + 13;
    let list = &dom[at..at + dom[at..].find('"').unwrap()];
    list.split(';')
        .zip(viewports.iter().cycle())
        .map(|(m, &w)| {
            let f: Vec<&str> = m.split(' ').collect();
            (
                f[0].to_string(),
                w,
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_print_page_and_chapter_pages_fit_a_phone_screen() {
    if !common::browser::available() {
        return;
    }
    let pages = [
        "kk/print.html",
        "ru/print.html",
        "en/print.html",
        "en/print-test.html",
        "kk/legal-framework.html",
        "ru/labour-rights.html",
        "kk/index.html",
        "kk/search.html",
    ];
    let measured = widths(&pages, &[320, 390]);
    assert_eq!(measured.len(), pages.len() * 2);
    let too_wide: Vec<_> = measured
        .iter()
        .filter(|(_, w, inner, scroll)| inner != w || scroll > w)
        .collect();
    assert!(
        too_wide.is_empty(),
        "pages wider than the screen (page, screen, inner width, scroll width): {too_wide:?}"
    );
}

#[test]
fn print_rules_keep_black_on_white_in_the_dark_scheme() {
    // Chromium prints in the light scheme whatever the reader's, so a PDF
    // cannot show this; a browser that keeps the dark scheme when printing
    // applies the dark rules too. Here the theme's print rules are applied
    // on screen, in the dark scheme, and every element of the page must be
    // dark text on a light or transparent background.
    if !common::browser::available() {
        return;
    }
    let (ws, tree) = site();
    let css = tree
        .text("static/style.css")
        .replace("@media print", "@media all");
    assert!(css.contains("@media all"));
    ws.write("public/static/print-on-screen.css", css);
    let page = tree
        .text("kk/print.html")
        .replace("../static/style.css", "../static/print-on-screen.css")
        .replace(
            "</body>",
            "<script>
addEventListener('load', () => {
  const lum = c => { const m = c.match(/[\\d.]+/g).map(Number);
    return m.length > 3 && m[3] === 0 ? null : (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255; };
  const bad = new Set();
  for (const e of [document.documentElement, document.body, ...document.querySelectorAll('main, main *')]) {
    const s = getComputedStyle(e);
    if (s.display === 'none') continue;
    const fg = lum(s.color), bg = lum(s.backgroundColor);
    if (fg !== null && fg > 0.35) bad.add('text ' + s.color + ' ' + e.tagName + '.' + e.className);
    if (bg !== null && bg < 0.8) bad.add('background ' + s.backgroundColor + ' ' + e.tagName + '.' + e.className);
  }
  document.body.setAttribute('data-dark', matchMedia('(prefers-color-scheme: dark)').matches);
  document.body.setAttribute('data-bad', [...bad].join('; '));
});
</script></body>",
        );
    ws.write("public/kk/print-dark.html", page);
    let profile = tempfile::tempdir().unwrap();
    let out = headless(&profile)
        .arg("--blink-settings=preferredColorScheme=0")
        .arg("--virtual-time-budget=3000")
        .arg("--dump-dom")
        .arg(file_url(&ws.path("public/kk/print-dark.html"), None))
        .output()
        .expect("start chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("data-dark=\"true\""), "not in the dark scheme");
    let bad = common::attr_values(&dom, "data-bad");
    assert_eq!(
        bad,
        [""],
        "printed in the dark scheme, these are not dark on light"
    );
}

#[test]
fn the_print_page_repeats_no_id_and_keeps_footnotes_in_their_chapter() {
    let (_, tree) = site();
    let html = tree.text("kk/print.html");
    let ids = common::attr_values(&html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id is repeated");
    for href in common::attr_values(&html, "href") {
        if let Some(id) = href.strip_prefix('#') {
            assert!(unique.contains(&id.to_string()), "#{id} leads nowhere");
        }
    }
    // Each chapter's notes close that chapter, and link back into it.
    let chapters: Vec<&str> = html
        .split("<div class=\"print-chapter\" id=\"ch-")
        .skip(1)
        .collect();
    assert_eq!(chapters.len(), 11);
    let mut with_notes = 0;
    for c in chapters {
        let id = &c[..c.find('"').unwrap()];
        let Some(notes) = c.find("<div class=\"footnotes\"") else {
            continue;
        };
        with_notes += 1;
        let notes = &c[notes..];
        let notes = &notes[..notes.find("</ol>\n</div>").unwrap()];
        let backs = common::attr_values(notes, "href");
        assert!(!backs.is_empty(), "{id}: notes without links back");
        for b in backs {
            assert!(
                b.starts_with(&format!("#{id}--fnref-")),
                "{id}: a note links back to {b}"
            );
        }
    }
    assert!(with_notes >= 2, "only {with_notes} chapters with notes");
}
