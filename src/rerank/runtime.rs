//! Finding and loading the ONNX Runtime shared library (the one the PyPI wheels carry).

use ort::environment::Environment;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use super::RerankError;

pub const INSTALL_HINT: &str = "install it with `python3 -m pip install onnxruntime` (CPU) or `onnxruntime-gpu` (CUDA), \
     or pass --ort-lib /path/to/libonnxruntime.so.1.x (also ORT_DYLIB_PATH or model.ort_lib in the config)";

/// The library to load: the explicit path (flag, ORT_DYLIB_PATH, config) if given,
/// else one found in python3's onnxruntime package or the usual library folders.
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

fn newest_lib(dir: &Path) -> Option<PathBuf> {
    let mut libs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so") || n == "libonnxruntime.dylib")
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
