//! Finding and loading the ONNX Runtime shared library (the one the PyPI wheels carry).

use ort::environment::Environment;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use super::RerankError;

pub const INSTALL_HINT: &str = "install it with `pip install 'dedupe-check[model]'` into the environment of the \
     dedupe-check executable, or `python3 -m pip install onnxruntime` (CPU) or `onnxruntime-gpu` (CUDA), \
     or pass --ort-lib /path/to/libonnxruntime.so.1.x (also ORT_DYLIB_PATH or model.ort_lib in the config)";

/// The library to load: the explicit path (flag, ORT_DYLIB_PATH, config) if given,
/// else one found in the onnxruntime package of the Python environment the executable
/// is installed in, in python3's onnxruntime package, or in the usual library folders.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, RerankError> {
    if let Some(p) = explicit {
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
        return Err(RerankError::Runtime {
            message: format!(
                "ONNX Runtime library {} does not exist; {INSTALL_HINT}",
                p.display()
            ),
        });
    }
    let mut dirs = Vec::new();
    // `pip install 'dedupe-check[model]'` puts onnxruntime next to the executable, which
    // may be in a venv that is not python3's (pipx, pre-commit, a project venv).
    if let Ok(exe) = std::env::current_exe() {
        let canonical = std::fs::canonicalize(&exe).ok();
        dirs.extend(
            environment_package_dirs(&exe)
                .into_iter()
                .map(|d| d.join("capi")),
        );
        if let Some(canonical) = canonical.filter(|c| *c != exe) {
            dirs.extend(
                environment_package_dirs(&canonical)
                    .into_iter()
                    .map(|d| d.join("capi")),
            );
        }
    }
    if let Some(dir) = python_package_dir() {
        dirs.push(dir.join("capi"));
    }
    dirs.extend(["/usr/local/lib", "/usr/lib", "/usr/lib/x86_64-linux-gnu"].map(PathBuf::from));
    for dir in dirs {
        if let Some(lib) = newest_lib(&dir) {
            return Ok(lib);
        }
    }
    Err(RerankError::Runtime {
        message: format!("no ONNX Runtime library found; {INSTALL_HINT}"),
    })
}

/// Where python3 would import `onnxruntime` from, without importing it.
fn python_package_dir() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import importlib.util as u; s = u.find_spec('onnxruntime'); print(s.submodule_search_locations[0] if s else '')",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// Where the onnxruntime package would be in the Python environment that holds `exe`:
/// `<prefix>/bin/dedupe-check` with `<prefix>/lib{,64}/python3.X/site-packages` (a venv,
/// pipx, `pip install --user`), `<prefix>/lib/python/site-packages` (a macOS user
/// install), or `<prefix>\Scripts\dedupe-check.exe` with `<prefix>\Lib\site-packages`.
fn environment_package_dirs(exe: &Path) -> Vec<PathBuf> {
    let Some(prefix) = exe.parent().and_then(Path::parent) else {
        return Vec::new();
    };
    let mut site = Vec::new();
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(prefix.join(lib)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with("python") || n.starts_with("pypy"))
            })
            .map(|e| e.path().join("site-packages"))
            .collect();
        found.sort();
        site.extend(found);
    }
    site.push(prefix.join("Lib").join("site-packages"));
    site.into_iter()
        .map(|d| d.join("onnxruntime"))
        .filter(|d| d.is_dir())
        .collect()
}

fn newest_lib(dir: &Path) -> Option<PathBuf> {
    let mut libs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("libonnxruntime.so")
                    || (n.starts_with("libonnxruntime.") && n.ends_with(".dylib"))
                    || n == "onnxruntime.dll"
            })
        })
        .collect();
    libs.sort();
    libs.pop()
}

/// ONNX Runtime allows one environment per process: the library it was loaded from and it.
static ENVIRONMENT: Mutex<Option<(PathBuf, Environment)>> = Mutex::new(None);

/// Loads the library and builds the ort environment, once per process.
pub fn environment(lib: &Path) -> Result<Environment, RerankError> {
    let mut slot = ENVIRONMENT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((loaded, env)) = slot.as_ref() {
        if loaded != lib {
            return Err(RerankError::Runtime {
                message: format!(
                    "ONNX Runtime is already loaded from {}; cannot also load {}",
                    loaded.display(),
                    lib.display()
                ),
            });
        }
        return Ok(env.clone());
    }
    let builder = ort::init_from(lib).map_err(|e| RerankError::Runtime {
        message: format!(
            "cannot load ONNX Runtime from {}: {e}; {INSTALL_HINT}",
            lib.display()
        ),
    })?;
    let env = builder
        .with_name("dedupe-check")
        .build()
        .map_err(|e| RerankError::Runtime {
            message: format!("cannot start ONNX Runtime from {}: {e}", lib.display()),
        })?;
    *slot = Some((lib.to_path_buf(), env.clone()));
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"").unwrap();
    }

    #[test]
    fn finds_onnxruntime_in_the_venv_of_the_executable() {
        let tmp = tempfile::tempdir().unwrap();
        let venv = tmp.path().join("venv");
        let exe = venv.join("bin/dedupe-check");
        touch(&exe);
        let capi = venv.join("lib/python3.12/site-packages/onnxruntime/capi");
        touch(&capi.join("libonnxruntime.so.1.31.1"));
        touch(&capi.join("libonnxruntime_providers_shared.so"));
        touch(&capi.join("onnxruntime_pybind11_state.so"));

        let dirs = environment_package_dirs(&exe);
        assert_eq!(dirs, [capi.parent().unwrap()]);
        assert_eq!(
            newest_lib(&dirs[0].join("capi")),
            Some(capi.join("libonnxruntime.so.1.31.1"))
        );
    }

    #[test]
    fn finds_onnxruntime_in_a_windows_venv_and_a_macos_wheel() {
        let tmp = tempfile::tempdir().unwrap();
        let venv = tmp.path().join("venv");
        let exe = venv.join("Scripts/dedupe-check.exe");
        touch(&exe);
        let capi = venv.join("Lib/site-packages/onnxruntime/capi");
        touch(&capi.join("onnxruntime.dll"));
        touch(&capi.join("onnxruntime_providers_shared.dll"));
        assert_eq!(environment_package_dirs(&exe), [capi.parent().unwrap()]);
        assert_eq!(newest_lib(&capi), Some(capi.join("onnxruntime.dll")));

        let mac = tmp.path().join("mac/capi");
        touch(&mac.join("libonnxruntime.1.31.1.dylib"));
        touch(&mac.join("libonnxruntime_providers_shared.dylib"));
        assert_eq!(
            newest_lib(&mac),
            Some(mac.join("libonnxruntime.1.31.1.dylib"))
        );
    }

    #[test]
    fn an_executable_outside_any_environment_has_no_package_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let exe = tmp.path().join("bin/dedupe-check");
        touch(&exe);
        // A lib folder without Python in it.
        touch(&tmp.path().join("lib/libfoo.so"));
        assert!(environment_package_dirs(&exe).is_empty());
    }
}
