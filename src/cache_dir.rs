//! Where dedupe-check keeps what it can compute again: outside the repository, per user.

use std::path::PathBuf;

/// `$DEDUPE_CHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/dedupe-check`, else `~/.cache/dedupe-check`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("DEDUPE_CHECK_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("dedupe-check"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("dedupe-check"))
}
