//! `rerank`: score documents against a query by hand, best first.

use anyhow::Context;
use serde::Serialize;
use std::io::Write;

use crate::ExitStatus;
use crate::cli::{RerankArgs, RerankFormat};
use crate::config::ModelConfig;
use crate::detect::PairJudge;
use crate::rerank::Reranker;
use crate::rerank::remote::{self, RemoteJudge};

#[derive(serde::Deserialize)]
struct PairText {
    query: String,
    document: String,
}

#[derive(Serialize)]
struct Scored {
    score: f32,
    logit: f32,
}

/// The judge the flags name: a model server (--reranker-url) or a model directory.
fn judge(args: &RerankArgs, config: &ModelConfig) -> anyhow::Result<Box<dyn PairJudge>> {
    if let Some(url) = args.model.server_url()? {
        let judge = RemoteJudge::new(config, &url, remote::token_from_env())?;
        return Ok(Box::new(judge));
    }
    let mut dir = args.model.model.clone().context(
        "--model DIR or --reranker-url URL is required (or DEDUPE_CHECK_MODEL, DEDUPE_CHECK_RERANKER_URL)",
    )?;
    if let Some(spec) = dir.to_str().filter(|s| crate::rerank::hub::is_hub_spec(s)) {
        let progress = crate::progress::Progress::new(false);
        dir = crate::rerank::hub::pull_spec(spec, config.device, &progress)?.dir;
    }
    Ok(Box::new(Reranker::load(
        &dir,
        config,
        args.model.ort_lib.as_deref(),
    )?))
}

#[derive(Serialize)]
struct Ranked {
    document: String,
    score: f32,
    logit: f32,
}

pub fn run(args: RerankArgs) -> anyhow::Result<ExitStatus> {
    let mut config = ModelConfig {
        instruction: args.instruction.clone(),
        cache: !args.no_cache,
        ..ModelConfig::default()
    };
    if let Some(d) = args.model.device {
        config.device = d;
    }
    if let Some(n) = args.max_length {
        config.max_length = n;
    }
    if let Some(n) = args.batch_tokens {
        config.batch_tokens = n;
    }
    if let Some(n) = args.threads {
        config.threads = n;
    }
    if let Some(api) = args.model.reranker_api {
        config.api = api;
    }
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    if let Some(pairs) = &args.pairs {
        let pairs: Vec<PairText> = serde_json::from_str(&read(pairs)?).with_context(|| {
            format!(
                "{}: expected [{{\"query\": TEXT, \"document\": TEXT}}, ...]",
                pairs.display()
            )
        })?;
        let mut judge = judge(&args, &config)?;
        let texts: Vec<(&str, &str)> = pairs
            .iter()
            .map(|p| (p.query.as_str(), p.document.as_str()))
            .collect();
        let scored: Vec<Scored> = judge
            .judge(&texts)?
            .into_iter()
            .map(|s| Scored {
                score: s.score,
                logit: s.logit,
            })
            .collect();
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &scored)?;
        writeln!(out)?;
        return Ok(ExitStatus::Success);
    }
    let query_path = args.query.clone().context("--query FILE is required")?;
    let query = read(&query_path)?;
    let docs: Vec<String> = args
        .documents
        .iter()
        .map(|p| read(p))
        .collect::<anyhow::Result<_>>()?;

    let mut judge = judge(&args, &config)?;
    let pairs: Vec<(&str, &str)> = docs.iter().map(|d| (query.as_str(), d.as_str())).collect();
    let scores = judge.judge(&pairs)?;
    let mut ranked: Vec<Ranked> = args
        .documents
        .iter()
        .zip(scores)
        .map(|(p, s)| Ranked {
            document: p.display().to_string(),
            score: s.score,
            logit: s.logit,
        })
        .collect();
    ranked.sort_by(|a, b| b.logit.total_cmp(&a.logit));

    let mut out = std::io::stdout().lock();
    match args.format {
        RerankFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &ranked)?;
            writeln!(out)?;
        }
        RerankFormat::Text => {
            for r in &ranked {
                writeln!(out, "{:.6}\t{:+.4}\t{}", r.score, r.logit, r.document)?;
            }
        }
    }
    for w in judge.notices() {
        eprintln!("note: {w}");
    }
    Ok(ExitStatus::Success)
}
