//! The change computation and the handling of repository paths.
//!
//! Input: old text, a 0xFF byte (never part of UTF-8 text), new text, and optionally a
//! second 0xFF and a repository path. The added lines of new must be sorted, disjoint,
//! inside the new text, and every line of new outside them must be an old line, in order.
#![no_main]

use std::sync::OnceLock;

use dedupe_check::config::{Config, FileFilter};
use dedupe_check::git::{ChangedFile, added_lines};
use dedupe_check::lang::Language;
use dedupe_check::report::sarif::relative_uri;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let old = parts.next().unwrap_or_default();
    let new = parts.next().unwrap_or_default();
    if let Some(path) = parts.next() {
        check_path(&String::from_utf8_lossy(path));
    }

    let Some(added) = added_lines(old, new).expect("a diff of two buffers") else {
        return;
    };
    let new_lines: Vec<&[u8]> = new.split_inclusive(|&b| b == b'\n').collect();
    let old_lines: Vec<&[u8]> = old.split_inclusive(|&b| b == b'\n').collect();
    let mut prev_end = 0u32;
    for &(a, b) in &added {
        assert!(a >= 1 && a <= b, "range {a}-{b}");
        assert!(
            a > prev_end.saturating_add(1) || prev_end == 0,
            "ranges overlap or touch: {added:?}"
        );
        assert!(
            b as usize <= new_lines.len(),
            "{b} past {} lines",
            new_lines.len()
        );
        prev_end = b;
    }
    let file = ChangedFile {
        path: "f".into(),
        old_path: None,
        added: added.clone(),
    };
    // The lines the change keeps are old lines, in their old order.
    let mut old_iter = old_lines.iter();
    for (i, line) in new_lines.iter().enumerate() {
        let n = i as u32 + 1;
        if file.touches(n, n) {
            continue;
        }
        assert!(
            old_iter.any(|o| o == line),
            "line {n} {:?} is neither added nor an old line",
            String::from_utf8_lossy(line)
        );
    }
    if old == new {
        assert!(added.is_empty(), "no change, yet added lines {added:?}");
    }
});

/// Whatever a path holds, classifying it and writing it as a URI never fails, and the URI
/// holds no character that would end or split it.
fn check_path(path: &str) {
    let lang = Language::from_path(path);
    for l in Language::ALL {
        let _ = l.is_test_path(path);
        let _ = l.is_vendored_path(path);
    }
    let _ = lang.map(|l| l.is_generated_text(path));
    static FILTER: OnceLock<FileFilter> = OnceLock::new();
    let _ = FILTER
        .get_or_init(|| Config::default().file_filter())
        .accepts(path);
    let uri = relative_uri(path);
    assert!(
        !uri.contains(|c: char| c.is_whitespace() || c.is_control() || c == '#' || c == '?'),
        "{uri:?}"
    );
    assert!(uri.is_ascii(), "{uri:?}");
}
