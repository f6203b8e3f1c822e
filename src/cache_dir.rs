//! Where dedupe-check keeps what it can compute again: outside the repository, per user.

use std::ffi::OsString;
use std::path::PathBuf;

/// Why there is no cache directory: the check runs without a cache.
#[derive(Debug, thiserror::Error)]
pub enum NoCacheDir {
    #[error(
        "no cache: HOME ({home}) is not a directory, and no directory is created under it; \
         set DEDUPE_CHECK_CACHE_DIR or XDG_CACHE_HOME to cache extracted functions and scores"
    )]
    MissingHome { home: String },
    #[error(
        "no cache: neither DEDUPE_CHECK_CACHE_DIR, XDG_CACHE_HOME nor HOME is set; set one to \
         cache extracted functions and scores"
    )]
    Unset,
}

/// `$DEDUPE_CHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/dedupe-check`, else `~/.cache/dedupe-check`.
pub fn default_dir() -> Option<PathBuf> {
    resolve().ok()
}

/// [`default_dir`], or why there is none: empty variables count as unset, and a `HOME`
/// that is not a directory gets no cache under it (creating one would leave a stray tree
/// where a service account or a container has no home).
pub fn resolve() -> Result<PathBuf, NoCacheDir> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(d) = var("DEDUPE_CHECK_CACHE_DIR") {
        return Ok(PathBuf::from(d));
    }
    if let Some(d) = var("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(d).join("dedupe-check"));
    }
    let home: OsString = var("HOME").ok_or(NoCacheDir::Unset)?;
    let home = PathBuf::from(home);
    if !home.is_dir() {
        return Err(NoCacheDir::MissingHome {
            home: home.display().to_string(),
        });
    }
    Ok(home.join(".cache").join("dedupe-check"))
}
