//! `cache info|clear|prune`: the function and score caches on disk.

use anyhow::Context;
use std::path::{Path, PathBuf};

use crate::ExitStatus;
use crate::cli::{CacheCommand, PruneArgs};
use crate::config::Config;
use crate::disk_cache;

pub fn run(command: CacheCommand) -> anyhow::Result<ExitStatus> {
    let (root, from) = location()?;
    match command {
        CacheCommand::Info => info(&root, from)?,
        CacheCommand::Clear => {
            let (files, bytes) = disk_cache::clear(&root)
                .with_context(|| format!("cannot clear the cache {}", root.display()))?;
            println!(
                "removed {files} entries ({}) from {}",
                human(bytes),
                root.display()
            );
        }
        CacheCommand::Prune(args) => {
            let limits = limits(&args)?;
            let done = disk_cache::prune(&root, limits);
            println!(
                "{}: removed {} entries ({}), kept {} ({}); limits {} days unused, {}",
                root.display(),
                done.removed_files,
                human(done.removed_bytes),
                done.kept_files,
                human(done.kept_bytes),
                limits.max_age_days,
                human(limits.max_bytes),
            );
        }
    }
    Ok(ExitStatus::Success)
}

/// The cache root and which setting chose it.
fn location() -> anyhow::Result<(PathBuf, &'static str)> {
    let root = crate::cache_dir::resolve()?;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let from = if set("DEDUPE_CHECK_CACHE_DIR") {
        "DEDUPE_CHECK_CACHE_DIR"
    } else if set("XDG_CACHE_HOME") {
        "XDG_CACHE_HOME"
    } else {
        "HOME"
    };
    Ok((root, from))
}

fn info(root: &Path, from: &str) -> anyhow::Result<()> {
    println!("cache: {} (from {from})", root.display());
    for c in disk_cache::info(root) {
        println!(
            "{:<14} {:>8} entries {:>10}  {}",
            c.kind,
            c.entries,
            human(c.bytes),
            c.name
        );
    }
    match disk_cache::last_prune(root) {
        Some(t) => {
            let ago = std::time::SystemTime::now()
                .duration_since(t)
                .unwrap_or_default();
            println!("last prune: {} hour(s) ago", ago.as_secs() / 3600);
        }
        None => println!("last prune: never"),
    }
    Ok(())
}

/// The limits from the flags, else the config of the repository, else the defaults.
fn limits(args: &PruneArgs) -> anyhow::Result<disk_cache::Limits> {
    let root = match crate::git::Git::open(&args.repo) {
        Ok(git) => git.root().to_path_buf(),
        // Outside a repository only an explicit --config applies.
        Err(_) if args.config.is_none() => args.repo.clone(),
        Err(e) => return Err(e.into()),
    };
    let mut limits = Config::load(args.config.as_deref(), &root)?.cache_limits();
    if let Some(days) = args.max_age_days {
        limits.max_age_days = days;
    }
    if let Some(mb) = args.max_mb {
        limits.max_bytes = mb.saturating_mul(1024 * 1024);
    }
    Ok(limits)
}

fn human(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
