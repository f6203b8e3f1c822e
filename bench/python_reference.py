#!/usr/bin/env python3
"""The Python alternative dedupe-check is benchmarked against.

Scores (query, document) pairs with Python onnxruntime and the Qwen3-Reranker model card
recipe: transformers tokenizer, encode(prefix) + encode(body) + encode(suffix), batches
of a fixed number of pairs in input order (no length sorting), left padded to the longest
row, score = softmax([no, yes])[1]. Prints pairs/s and peak RSS.

  python_reference.py --model DIR --pairs pairs.json [--batch-size 16]
  python_reference.py --model DIR --count 256 [--seed 0] [--dump-pairs pairs.json]

DIR is a dedupe-check model directory (model.onnx, tokenizer.json, dedupe-model.json).
pairs.json: a list (or {"pairs": [...]}, e.g. fixtures/tiny-qwen3/reference-scores.json) of
objects with "query"/"document" (source text, or a path to an existing file), or
"query_file"/"document_file", and an optional "instruction".
--count N makes N synthetic pairs of Python functions of 50-800 tokens each, the same for
the same --seed (a third are renamed copies, the rest unrelated); --dump-pairs writes them
so the Rust tool can score the identical set.

Needs: pip install onnxruntime transformers numpy  (onnxruntime-gpu for --provider cuda)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore", message=".*max_length. is ignored")

PREFIX = (
    "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query "
    "and the Instruct provided. Note that the answer can only be \"yes\" or \"no\"."
    "<|im_end|>\n<|im_start|>user\n"
)
SUFFIX = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
DEFAULT_INSTRUCTION = (
    "Judge whether the Document, an existing function in the repository, already implements "
    "the same behaviour as the Query, a function added in a pull request, so that the Query "
    "duplicates it"
)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


# ---------------------------------------------------------------- pairs

def _text(item: dict, key: str, base: str) -> str:
    if key + "_file" in item:
        path = item[key + "_file"]
    else:
        value = item[key]
        path = value if "\n" not in value and len(value) < 4096 else None
        if path is None or not (os.path.isfile(path) or os.path.isfile(os.path.join(base, path))):
            return value
    for p in (path, os.path.join(base, path)):
        if os.path.isfile(p):
            with open(p, encoding="utf-8", newline="") as f:
                return f.read()
    raise SystemExit(f"missing file {path}")


def load_pairs(path: str):
    with open(path) as f:
        data = json.load(f)
    items = data["pairs"] if isinstance(data, dict) else data
    base = os.path.dirname(os.path.abspath(path))
    # reference-scores.json paths are relative to the repository root
    roots = [os.getcwd(), base, os.path.dirname(os.path.dirname(base))]
    out = []
    for it in items:
        for root in roots:
            try:
                q, d = _text(it, "query", root), _text(it, "document", root)
                break
            except SystemExit:
                continue
        else:
            raise SystemExit(f"cannot read pair {it}")
        out.append({"query": q, "document": d, "instruction": it.get("instruction")})
    return out


WORDS = ("user items value total count index path name data result buffer config record "
         "node key text size offset limit parts chunk line entry cache score token row col").split()
STATEMENTS = [
    "{a} = {b} + {n}",
    "{a} = [{b} for {b} in {c} if {b}]",
    "if {a} is None:\n    {a} = {n}",
    "for {a} in range({n}):\n    {b}.append({a} * {n})",
    "{a} = {b}.get({s!r}, {n})",
    "if {a} > {b}:\n    {a}, {b} = {b}, {a}",
    "{a} = sorted({b}, key=lambda x: x[{n}])",
    "with open({a}) as fh:\n    {b} = fh.read().splitlines()",
    "try:\n    {a} = int({b})\nexcept ValueError:\n    {a} = {n}",
    "{a} = {s!r}.join(str(x) for x in {b})",
    "while {a} < {n}:\n    {a} += 1\n    {b} = {b} * 2 % {n}",
    "{a}[{s!r}] = len({b}) - {n}",
    "assert {a} >= 0, {s!r}",
    "{a} = {{k: v for k, v in {b}.items() if v}}",
]


def synth_function(rng: random.Random, tok, target: int) -> str:
    name = "_".join(rng.sample(WORDS, 2))
    args = rng.sample(WORDS, rng.randint(1, 3))
    lines = [f"def {name}({', '.join(args)}):", f'    """Compute the {rng.choice(WORDS)} of {args[0]}."""']
    count = sum(len(tok.encode(l + "\n", add_special_tokens=False)) for l in lines)
    while count < target:
        st = rng.choice(STATEMENTS).format(a=rng.choice(WORDS), b=rng.choice(WORDS), c=rng.choice(WORDS),
                                           n=rng.randint(0, 99), s=rng.choice(WORDS))
        for l in st.splitlines():
            l = "    " + l
            lines.append(l)
            count += len(tok.encode(l + "\n", add_special_tokens=False))
    lines.append(f"    return {rng.choice(args)}")
    return "\n".join(lines) + "\n"


def rename(rng: random.Random, src: str) -> str:
    for w in rng.sample(WORDS, 6):
        src = src.replace(w, w[::-1])
    return src


def synthetic_pairs(tok, count: int, seed: int):
    rng = random.Random(seed)
    pairs = []
    for i in range(count):
        q = synth_function(rng, tok, rng.randint(50, 800))
        d = rename(rng, q) if i % 3 == 0 else synth_function(rng, tok, rng.randint(50, 800))
        pairs.append({"query": q, "document": d, "instruction": None})
    return pairs


# ---------------------------------------------------------------- scoring

class Reranker:
    def __init__(self, model_dir: str, provider: str, threads: int):
        import onnxruntime as ort
        from transformers import PreTrainedTokenizerFast

        with open(os.path.join(model_dir, "dedupe-model.json")) as f:
            self.manifest = json.load(f)
        self.tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(model_dir, "tokenizer.json"))
        self.tok.padding_side = "left"
        self.tok.pad_token = "<|endoftext|>"
        self.yes = self.tok.convert_tokens_to_ids(self.manifest.get("yes_token", "yes"))
        self.no = self.tok.convert_tokens_to_ids(self.manifest.get("no_token", "no"))
        self.max_length = int(self.manifest.get("max_length", 8192))
        self.prefix = self.tok.encode(PREFIX, add_special_tokens=False)
        self.suffix = self.tok.encode(SUFFIX, add_special_tokens=False)
        so = ort.SessionOptions()
        if threads:
            so.intra_op_num_threads = threads
        providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if provider == "cuda" else ["CPUExecutionProvider"]
        self.sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), so, providers=providers)
        self.inputs = {i.name for i in self.sess.get_inputs()}
        self.outputs = {o.name for o in self.sess.get_outputs()}
        self.model_seconds = 0.0
        self.tokens = 0
        self.padded_tokens = 0

    def score(self, pairs) -> list[float]:
        import numpy as np

        texts = [f"<Instruct>: {p['instruction'] or DEFAULT_INSTRUCTION}\n<Query>: {p['query']}\n"
                 f"<Document>: {p['document']}" for p in pairs]
        inputs = self.tok(texts, padding=False, truncation="longest_first", return_attention_mask=False,
                          max_length=self.max_length - len(self.prefix) - len(self.suffix))
        for i, ele in enumerate(inputs["input_ids"]):
            inputs["input_ids"][i] = self.prefix + ele + self.suffix
        self.tokens += sum(len(x) for x in inputs["input_ids"])
        inputs = self.tok.pad(inputs, padding=True, return_tensors="np", max_length=self.max_length)
        ids = inputs["input_ids"].astype(np.int64)
        mask = inputs["attention_mask"].astype(np.int64)
        self.padded_tokens += ids.size
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "position_ids" in self.inputs:
            feeds["position_ids"] = np.maximum(np.cumsum(mask, axis=1) - 1, 0).astype(np.int64)
        t = time.perf_counter()
        if "yes_minus_no" in self.outputs:
            diff = self.sess.run(["yes_minus_no"], feeds)[0].astype(np.float32)
        else:
            last = self.sess.run(["logits"], feeds)[0][:, -1, :].astype(np.float32)
            diff = last[:, self.yes] - last[:, self.no]
        self.model_seconds += time.perf_counter() - t
        # softmax([no, yes])[1] == sigmoid(yes - no), in fp32
        return (1.0 / (1.0 + np.exp(-diff))).tolist()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model directory (dedupe-model.json)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--pairs", help="JSON file of pairs")
    src.add_argument("--count", type=int, help="number of synthetic pairs")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic pairs")
    ap.add_argument("--batch-size", type=int, default=16, help="pairs per batch (default 16)")
    ap.add_argument("--provider", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0: onnxruntime default)")
    ap.add_argument("--warmup", type=int, default=1, help="batches scored before timing (default 1)")
    ap.add_argument("--dump-pairs", help="write the pairs (texts) as JSON here")
    ap.add_argument("--scores-out", help="write the scores as JSON here")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line")
    args = ap.parse_args()

    rss0 = peak_rss_mib()
    rr = Reranker(args.model, args.provider, args.threads)
    rss_loaded = peak_rss_mib()
    pairs = load_pairs(args.pairs) if args.pairs else synthetic_pairs(rr.tok, args.count, args.seed)
    if args.dump_pairs:
        with open(args.dump_pairs, "w") as f:
            json.dump(pairs, f, indent=1)
    bs = args.batch_size
    batches = [pairs[i:i + bs] for i in range(0, len(pairs), bs)]
    for b in batches[:args.warmup]:
        rr.score(b)
    rr.model_seconds, rr.tokens, rr.padded_tokens = 0.0, 0, 0

    t = time.perf_counter()
    scores = []
    for b in batches:
        scores.extend(rr.score(b))
    wall = time.perf_counter() - t

    result = {
        "model": rr.manifest.get("model"), "signature": rr.manifest.get("signature"),
        "precision": rr.manifest.get("precision"), "provider": args.provider,
        "providers": rr.sess.get_providers(), "pairs": len(pairs), "batch_size": bs,
        "seconds": round(wall, 4), "pairs_per_s": round(len(pairs) / wall, 3),
        "model_seconds": round(rr.model_seconds, 4), "tokens": rr.tokens, "padded_tokens": rr.padded_tokens,
        "peak_rss_mib": round(peak_rss_mib(), 1), "rss_after_load_mib": round(rss_loaded, 1),
        "rss_at_start_mib": round(rss0, 1),
    }
    if args.scores_out:
        with open(args.scores_out, "w") as f:
            json.dump(scores, f)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['pairs']} pairs in {wall:.3f} s: {result['pairs_per_s']} pairs/s "
              f"(model {rr.model_seconds:.3f} s; {rr.tokens} tokens, {rr.padded_tokens} padded; "
              f"batch {bs}, {args.provider}) peak RSS {result['peak_rss_mib']} MiB "
              f"(after load {result['rss_after_load_mib']} MiB)")


if __name__ == "__main__":
    sys.exit(main())
