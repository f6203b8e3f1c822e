//! Models from a Hugging Face-compatible hub: `hub:OWNER/NAME[@REVISION][:FILE]` pulled
//! once into the cache directory and pinned there.
//!
//! Layout: `<cache>/hub/<owner>--<name>/<commit>/` holds the repository's files at their
//! paths (the ONNX graph, its external data, `tokenizer.json`, `config.json`) and a
//! generated `dedupe-model.json` with each file's sha256 and the commit; `refs/<revision>`
//! holds the commit a branch or tag resolved to, the first time. A directory with its
//! manifest and files is used without asking the hub again, offline included; the
//! manifest's hashes are verified as for any model directory.

pub mod http;
pub mod spec;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::manifest::{self, HubSource, Manifest, Signature};
use crate::config::Device;
use crate::progress::Progress;
use http::{Answer, Http};
pub use spec::{Spec, is_commit, is_hub_spec};

/// The hub folder inside the cache directory.
pub const HUB_DIR: &str = "hub";
const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
/// The variables, as huggingface_hub reads them.
pub const ENDPOINT_ENV: &str = "HF_ENDPOINT";
pub const TOKEN_ENV: &str = "HF_TOKEN";
pub const OFFLINE_ENV: &str = "HF_HUB_OFFLINE";

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("model {spec:?}: {message}")]
    Spec { spec: String, message: String },
    #[error(
        "no cache directory to pull the model into: set DEDUPE_CHECK_CACHE_DIR (or XDG_CACHE_HOME or HOME)"
    )]
    NoCache,
    #[error("cannot set up the HTTP client: {message}")]
    Client { message: String },
    #[error("cannot reach the model hub at {url}: {message} (check the network, or HF_ENDPOINT)")]
    Connect { url: String, message: String },
    #[error("{repo}: the hub answered {status} for {what}: {hint}")]
    Auth {
        repo: String,
        what: String,
        status: u16,
        hint: String,
    },
    #[error(
        "{repo}: {what} not found at revision {revision} (404): check the repository name, the revision and \
         the file (hub:OWNER/NAME[@REVISION][:FILE])"
    )]
    NotFound {
        repo: String,
        what: String,
        revision: String,
    },
    #[error("{repo}: the hub failed on {what} ({status}); try again later")]
    Server {
        repo: String,
        what: String,
        status: u16,
    },
    #[error("{repo}: the hub answered {status} for {what}")]
    Status {
        repo: String,
        what: String,
        status: u16,
    },
    #[error("{repo}: unexpected answer for {what}: {message}")]
    Malformed {
        repo: String,
        what: String,
        message: String,
    },
    #[error(
        "{repo}: the download of {file} was cut after {got} of {total} bytes ({message}); run again to resume it"
    )]
    Interrupted {
        repo: String,
        file: String,
        got: u64,
        total: String,
        message: String,
    },
    #[error(
        "{repo}: {file} arrived corrupt (sha256 {got}, the hub says {expected}); run again to download it anew"
    )]
    Corrupt {
        repo: String,
        file: String,
        got: String,
        expected: String,
    },
    #[error(
        "{at}: the sha256 of {file} is not the one pinned in {} ({pinned}, now {got}): the file \
         changed under the same revision; it is refused. Remove that directory to accept the new file, or \
         pin another revision",
        .manifest.display()
    )]
    Changed {
        /// OWNER/NAME@COMMIT.
        at: String,
        file: String,
        manifest: PathBuf,
        pinned: String,
        got: String,
    },
    #[error(
        "{repo}: the repository lists none of the graphs this device uses ({tried}); name one with \
         hub:{repo}@REVISION:FILE, or use another --device"
    )]
    NoGraph { repo: String, tried: String },
    #[error(
        "HF_HUB_OFFLINE is set and {repo}@{revision} is not in the cache ({}): pull it while online \
         (dedupe-check model pull), or unset HF_HUB_OFFLINE",
        .dir.display()
    )]
    Offline {
        repo: String,
        revision: String,
        dir: PathBuf,
    },
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> HubError + '_ {
    move |e| HubError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The hub's settings from the environment (no `Debug`: it holds the token).
pub struct HubEnv {
    pub endpoint: String,
    token: Option<String>,
    pub offline: bool,
    pub cache: PathBuf,
}

impl HubEnv {
    pub fn from_env() -> Result<HubEnv, HubError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let endpoint = var(ENDPOINT_ENV).unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        let offline = var(OFFLINE_ENV).is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        });
        Ok(HubEnv {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token: var(TOKEN_ENV),
            offline,
            cache: crate::cache_dir::default_dir().ok_or(HubError::NoCache)?,
        })
    }
}

/// A model directory pulled (or found) in the cache.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub dir: PathBuf,
    pub repo: String,
    pub commit: String,
    /// The revision that was resolved to `commit` by this pull (a branch or tag named for
    /// the first time): worth printing, so that it can be pinned.
    pub resolved: Option<String>,
    /// Each file of the model and its size in bytes.
    pub files: Vec<(String, u64)>,
    /// The files this pull downloaded (none when the cache had them).
    pub downloaded: Vec<String>,
}

/// [`pull`] of a spec as written (`hub:…` or a named model), with the environment's settings.
pub fn pull_spec(spec: &str, device: Device, progress: &Progress) -> Result<Pulled, HubError> {
    pull(&Spec::parse(spec)?, device, &HubEnv::from_env()?, progress)
}

/// What to say when a branch or tag was resolved: the commit, and how to pin it.
pub fn pin_notice(pulled: &Pulled, revision: &str) -> String {
    format!(
        "model hub: {}@{revision} resolved to commit {}; pin it with --model hub:{}@{}",
        pulled.repo, pulled.commit, pulled.repo, pulled.commit
    )
}

/// Brings `spec` into the cache, or finds it there, and returns its model directory.
/// A download shows a byte bar on `progress` (a terminal only).
pub fn pull(
    spec: &Spec,
    device: Device,
    env: &HubEnv,
    progress: &Progress,
) -> Result<Pulled, HubError> {
    let repo_dir = env.cache.join(HUB_DIR).join(spec.repo.replace('/', "--"));
    let known = if is_commit(&spec.revision) {
        Some(spec.revision.to_ascii_lowercase())
    } else {
        read_ref(&repo_dir, &spec.revision)
    };
    if let Some(commit) = &known
        && let Some(found) = cached(&repo_dir.join(commit), spec, device, commit)?
    {
        return Ok(found);
    }
    if env.offline {
        return Err(HubError::Offline {
            repo: spec.repo.clone(),
            revision: spec.revision.clone(),
            dir: repo_dir,
        });
    }
    let http = Http::new(&env.endpoint, env.token.as_deref())?;
    let asked = known.as_deref().unwrap_or(&spec.revision);
    let info = model_info(&http, env, spec, asked)?;
    let resolved = match known {
        Some(_) => None,
        None => {
            write_atomic(&ref_path(&repo_dir, &spec.revision), info.sha.as_bytes())?;
            (!is_commit(&spec.revision)).then(|| spec.revision.clone())
        }
    };
    let dir = repo_dir.join(&info.sha);
    let graph = choose_graph(spec, device, info.siblings.as_deref())?;
    let wanted = needed(&graph, info.siblings.as_deref());
    let pinned = read_manifest(&dir)?.map(|m| m.files).unwrap_or_default();
    let mut downloaded = Vec::new();
    for file in &wanted {
        if !dir.join(file).is_file() {
            let fetch = Fetch {
                http: &http,
                env,
                repo: &spec.repo,
                commit: &info.sha,
                dir: &dir,
                progress,
            };
            fetch.download(file, pinned.get(file).map(String::as_str))?;
            downloaded.push(file.clone());
        }
    }
    let files = write_manifest(&dir, &spec.repo, &info.sha, &graph, &wanted, &pinned)?;
    Ok(Pulled {
        dir,
        repo: spec.repo.clone(),
        commit: info.sha,
        resolved,
        files,
        downloaded,
    })
}

/// The directory of `commit` when its manifest names the graph `spec` wants and every
/// file it lists is there.
fn cached(
    dir: &Path,
    spec: &Spec,
    device: Device,
    commit: &str,
) -> Result<Option<Pulled>, HubError> {
    let Some(manifest) = read_manifest(dir)? else {
        return Ok(None);
    };
    let graph = manifest.graph();
    let fits = match &spec.file {
        Some(f) => f == graph,
        None => default_graphs(device).contains(&graph),
    };
    let mut files = Vec::new();
    for name in manifest.files.keys() {
        match std::fs::metadata(dir.join(name)) {
            Ok(m) if m.is_file() => files.push((name.clone(), m.len())),
            _ => return Ok(None),
        }
    }
    Ok(fits.then(|| Pulled {
        dir: dir.to_path_buf(),
        repo: spec.repo.clone(),
        commit: commit.to_string(),
        resolved: None,
        files,
        downloaded: Vec::new(),
    }))
}

fn read_manifest(dir: &Path) -> Result<Option<Manifest>, HubError> {
    let path = dir.join(manifest::FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&path)(e)),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| HubError::Io {
            path,
            message: format!("{e}: remove the file to pull the model again"),
        })
}

fn ref_path(repo_dir: &Path, revision: &str) -> PathBuf {
    repo_dir.join("refs").join(revision.replace('/', "%2F"))
}

fn read_ref(repo_dir: &Path, revision: &str) -> Option<String> {
    let text = std::fs::read_to_string(ref_path(repo_dir, revision)).ok()?;
    let commit = text.trim();
    is_commit(commit).then(|| commit.to_ascii_lowercase())
}

/// Writes `bytes` to a temp file beside `path`, then renames it over `path`.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), HubError> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_error(path))
}

/// Graphs a device uses when none is named, best first: int8 on CPU (fast, small), fp16 then
/// fp32 on CUDA; then this project's own export layout.
pub fn default_graphs(device: Device) -> &'static [&'static str] {
    match device {
        Device::Cpu => &[
            "onnx/model_quantized.onnx",
            "onnx/model_int8.onnx",
            "onnx/model_uint8.onnx",
            "onnx/model.onnx",
            "model.onnx",
        ],
        Device::Cuda => &[
            "onnx/model_fp16.onnx",
            "onnx/model.onnx",
            "model_fp16.onnx",
            "model.onnx",
        ],
    }
}

fn choose_graph(
    spec: &Spec,
    device: Device,
    siblings: Option<&[String]>,
) -> Result<String, HubError> {
    if let Some(file) = &spec.file {
        return Ok(file.clone());
    }
    let candidates = default_graphs(device);
    let Some(listed) = siblings else {
        return Ok(candidates[0].to_string());
    };
    candidates
        .iter()
        .find(|c| listed.iter().any(|s| s == *c))
        .map(|c| c.to_string())
        .ok_or_else(|| HubError::NoGraph {
            repo: spec.repo.clone(),
            tried: candidates.join(", "),
        })
}

/// The files a graph needs: itself, its external data files as the hub lists them
/// (`<graph>_data`, `<graph>_data_1`, …, `<graph>.data`), the tokenizer and the config.
fn needed(graph: &str, siblings: Option<&[String]>) -> Vec<String> {
    let mut files = vec![graph.to_string()];
    let listed = siblings.unwrap_or_default();
    let mut data: Vec<String> = listed
        .iter()
        .filter(|s| {
            s.strip_prefix(graph)
                .is_some_and(|rest| rest.starts_with("_data") || rest == ".data")
        })
        .cloned()
        .collect();
    data.sort();
    files.extend(data);
    files.push("tokenizer.json".into());
    if siblings.is_none() || listed.iter().any(|s| s == "config.json") {
        files.push("config.json".into());
    }
    files
}

/// The precision a graph's file name says.
fn precision_of(graph: &str) -> &'static str {
    let stem = graph.rsplit('/').next().unwrap_or(graph);
    [
        ("quantized", "int8"),
        ("int8", "int8"),
        ("uint8", "uint8"),
        ("q4f16", "q4f16"),
        ("q4", "q4"),
        ("bnb4", "bnb4"),
        ("fp16", "fp16"),
    ]
    .iter()
    .find(|(needle, _)| stem.contains(needle))
    .map_or("fp32", |(_, p)| p)
}

/// The model's context length from its config.json (`max_position_embeddings`).
fn max_length(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("config.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["max_position_embeddings"].as_u64())
        .map_or(32_768, |n| n as usize)
}

/// Hashes every file, refusing one whose hash is not the pinned one, and writes the
/// manifest; returns each file's size.
fn write_manifest(
    dir: &Path,
    repo: &str,
    commit: &str,
    graph: &str,
    wanted: &[String],
    pinned: &BTreeMap<String, String>,
) -> Result<Vec<(String, u64)>, HubError> {
    let mut hashes = BTreeMap::new();
    let mut sizes = Vec::new();
    for file in wanted {
        let path = dir.join(file);
        let sha = manifest::sha256_file(&path).map_err(io_error(&path))?;
        if let Some(p) = pinned.get(file)
            && !p.eq_ignore_ascii_case(&sha)
        {
            return Err(HubError::Changed {
                at: format!("{repo}@{commit}"),
                file: file.clone(),
                manifest: dir.join(manifest::FILE_NAME),
                pinned: p.clone(),
                got: sha,
            });
        }
        let len = std::fs::metadata(&path).map_err(io_error(&path))?.len();
        sizes.push((file.clone(), len));
        hashes.insert(file.clone(), sha);
    }
    let manifest = Manifest {
        format: 1,
        model: repo.to_string(),
        // What community exports give; the graph itself decides when it loads.
        signature: Signature::FullLogits,
        precision: precision_of(graph).to_string(),
        max_length: max_length(dir),
        yes_token: "yes".into(),
        no_token: "no".into(),
        files: hashes,
        prefix_cache: false,
        graph: Some(graph.to_string()),
        hub: Some(HubSource {
            repo: repo.to_string(),
            commit: commit.to_string(),
        }),
    };
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
    write_atomic(
        &dir.join(manifest::FILE_NAME),
        format!("{text}\n").as_bytes(),
    )?;
    Ok(sizes)
}

#[derive(Deserialize)]
struct ModelInfo {
    sha: String,
    #[serde(default)]
    siblings: Option<Vec<Sibling>>,
}

#[derive(Deserialize)]
struct Sibling {
    rfilename: String,
}

struct Info {
    sha: String,
    siblings: Option<Vec<String>>,
}

/// `GET {endpoint}/api/models/{repo}/revision/{revision}`: the commit and the file list.
fn model_info(http: &Http, env: &HubEnv, spec: &Spec, revision: &str) -> Result<Info, HubError> {
    let url = format!(
        "{}/api/models/{}/revision/{}",
        env.endpoint,
        spec.repo,
        revision.replace('/', "%2F")
    );
    let what = format!("revision {revision}");
    let answer = http.get(&url, None)?;
    check_status(&answer, &spec.repo, &what, revision, http.has_token())?;
    let body = http.read_all(answer)?;
    let malformed = |message: String| HubError::Malformed {
        repo: spec.repo.clone(),
        what: url.clone(),
        message,
    };
    let info: ModelInfo = serde_json::from_slice(&body)
        .map_err(|e| malformed(format!("not the hub's model info JSON ({e})")))?;
    if !is_commit(&info.sha) {
        return Err(malformed(format!(
            "`sha` {:?} is not a commit id",
            info.sha
        )));
    }
    Ok(Info {
        sha: info.sha.to_ascii_lowercase(),
        siblings: info
            .siblings
            .map(|s| s.into_iter().map(|s| s.rfilename).collect()),
    })
}

/// A non-2xx answer as the error that says what to do.
fn check_status(
    answer: &Answer,
    repo: &str,
    what: &str,
    revision: &str,
    has_token: bool,
) -> Result<(), HubError> {
    let status = answer.status.as_u16();
    let (repo, what) = (repo.to_string(), what.to_string());
    match status {
        200..=299 => Ok(()),
        401 | 403 => Err(HubError::Auth {
            repo,
            what,
            status,
            hint: if has_token {
                format!(
                    "the token in {TOKEN_ENV} was refused: check that it can read this repository, and accept \
                     the model's terms on its page if it is gated"
                )
            } else {
                format!(
                    "the repository is private, gated or does not exist: set {TOKEN_ENV} to a token that can \
                     read it"
                )
            },
        }),
        404 => Err(HubError::NotFound {
            repo,
            what,
            revision: revision.to_string(),
        }),
        500..=599 => Err(HubError::Server { repo, what, status }),
        _ => Err(HubError::Status { repo, what, status }),
    }
}

/// One file's download into a model directory.
struct Fetch<'a> {
    http: &'a Http,
    env: &'a HubEnv,
    repo: &'a str,
    commit: &'a str,
    dir: &'a Path,
    progress: &'a Progress,
}

mod fetch;
