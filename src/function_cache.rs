//! Extracted functions on disk, keyed by the git blob id of their file, so that a check
//! parses only the files it has not seen before. Parsing is most of a cold check on a
//! large repository; a blob's functions never change, so they are computed once.

use std::path::{Path, PathBuf};

use crate::extract::FileFunctions;
use crate::lang::Language;

/// Bump (in `disk_cache`) when `Function` or the extractor's output changes.
const VERSION: &str = crate::disk_cache::FUNCTIONS_DIR;

#[derive(Clone)]
pub struct FunctionCache {
    dir: Option<PathBuf>,
}

impl FunctionCache {
    pub fn disabled() -> FunctionCache {
        FunctionCache { dir: None }
    }

    /// The cache a configuration asks for: the default cache directory, or none when
    /// `cache` is off or there is no directory to hold it.
    pub fn for_config(config: &crate::config::Config) -> FunctionCache {
        match (config.cache, crate::cache_dir::default_dir()) {
            (true, Some(dir)) => FunctionCache::open(&dir),
            _ => FunctionCache::disabled(),
        }
    }

    pub fn open(root: &Path) -> FunctionCache {
        FunctionCache {
            dir: Some(root.join(VERSION)),
        }
    }

    fn file(&self, lang: Language, blob: git2::Oid) -> Option<PathBuf> {
        let hex = blob.to_string();
        Some(
            self.dir
                .as_ref()?
                .join(lang.name())
                .join(&hex[..2])
                .join(&hex[2..]),
        )
    }

    /// The functions of a blob, with `path` set, if they were stored before.
    pub fn get(&self, lang: Language, blob: git2::Oid, path: &str) -> Option<FileFunctions> {
        // A damaged entry reads as absent: the file is parsed again and the entry replaced.
        let bytes = crate::disk_cache::read_entry(&self.file(lang, blob)?)?;
        let mut got: FileFunctions = postcard::from_bytes(&bytes).ok()?;
        for f in &mut got.functions {
            f.path = path.to_string();
        }
        Some(got)
    }

    /// Stores a blob's functions; a cache that cannot be written is only slower.
    pub fn put(&self, lang: Language, blob: git2::Oid, functions: &FileFunctions) {
        let Some(file) = self.file(lang, blob) else {
            return;
        };
        let Ok(bytes) = postcard::to_allocvec(functions) else {
            return;
        };
        // Atomic, so a concurrent run never reads half a record.
        let _ = crate::disk_cache::write_entry(&file, &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    #[test]
    fn functions_round_trip_with_the_path_of_the_lookup() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FunctionCache::open(dir.path());
        let src = "def f(a):\n    b = a + 1\n    return b\n";
        let blob = git2::Oid::hash_object(git2::ObjectType::Blob, src.as_bytes()).unwrap();
        assert!(cache.get(Language::Python, blob, "x.py").is_none());
        let got = extract(Language::Python, "a.py", src);
        cache.put(Language::Python, blob, &got);
        let back = cache.get(Language::Python, blob, "moved/b.py").unwrap();
        assert_eq!(back.functions.len(), 1);
        assert_eq!(back.functions[0].path, "moved/b.py");
        assert_eq!(back.functions[0].shape, got.functions[0].shape);
        // The text stays out of the cache and comes back from the file as it was.
        assert!(!back.functions[0].has_text());
        assert!(back.functions[0].load_text(src));
        assert_eq!(back.functions[0].text(), got.functions[0].text());
        assert!(
            FunctionCache::disabled()
                .get(Language::Python, blob, "x.py")
                .is_none()
        );
    }
}
