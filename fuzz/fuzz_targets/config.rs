//! The config loader over arbitrary YAML: a config is either accepted with every value
//! in range, or refused with an error that names the file.
#![no_main]

use std::path::Path;

use dedupe_check::config::{Config, ServerUrl};
use libfuzzer_sys::fuzz_target;

const PATH: &str = "fuzz/.dedupe-check.yml";

fuzz_target!(|data: &[u8]| {
    // Config files are read as UTF-8 text; anything else is refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text, Path::new(PATH)) {
        Ok(config) => {
            for v in [
                config.threshold,
                config.model.threshold,
                config.introduced_margin,
            ] {
                assert!((0.0..=1.0).contains(&v), "accepted {v} outside [0, 1]");
            }
            assert!(config.top_k >= 1);
            assert!(config.model.max_length >= 64);
            let filter = config.file_filter();
            for p in ["a.py", "src/lib.rs", "vendor/x/y.go", ""] {
                let _ = filter.accepts(p);
            }
            if let Some(url) = &config.model.url {
                assert!(url.as_str().starts_with("http"));
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.starts_with(PATH),
                "the error does not name the file: {message}"
            );
        }
    }
    if let Some(line) = text.lines().next() {
        if let Ok(url) = ServerUrl::parse(line) {
            let rest = url.as_str().split_once("://").map_or("", |(_, r)| r);
            let authority = rest.split('/').next().unwrap_or("");
            assert!(!authority.contains('@'), "credentials kept in {url}");
        }
    }
});
