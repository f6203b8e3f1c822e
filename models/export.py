#!/usr/bin/env python3
"""Export Qwen3-Reranker to an ONNX model directory that `dedupe-check --model DIR` loads.

Modes
-----
  export.py --model Qwen/Qwen3-Reranker-0.6B --output DIR [options]   # hub id or local dir
  export.py --random tiny|full --tokenizer tokenizer.json --output DIR  # random weights
  export.py --manifest-only DIR [--model-name NAME] [--max-length N]    # hash an existing export

The output directory holds model.onnx (+ model.onnx.data when the model is over 2 GB),
tokenizer.json and dedupe-model.json (see models/README.md for the manifest format).

Signatures
----------
  logit-diff  (default): inputs input_ids, attention_mask -> output yes_minus_no [batch]
              position ids are computed inside the graph (cumsum(mask) - 1, clamped at 0),
              only the last position's hidden state meets the LM head, and only the two rows
              "yes" and "no" of it: yes_minus_no = h_last . (W[yes] - W[no]).
              With --prefix-cache (the default) the graph also takes past_attention_mask [1, past]
              and past_key_values.N.key/value [1, kv_heads, past, head_dim] (the keys and values
              of a prompt head every row continues) and returns present.N.key/value, the first
              row's own keys and values: a query's head runs once for all its candidates.
  full-logits: inputs input_ids, attention_mask, position_ids -> output logits [batch, seq, vocab]
              (the layout of community exports).
Batches are left padded; the graph builds a finite additive causal + padding mask whose
diagonal is always open, so padding rows never produce NaN.

Requires: torch, transformers, onnx, onnxruntime, onnxscript.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile

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
MANIFEST = "dedupe-model.json"
YES, NO, PAD = "yes", "no", "<|endoftext|>"
TWO_GB = 2 * 1024**3

# Qwen3-Reranker-0.6B architecture (config.json of the hub model), used for --random full.
FULL_CONFIG = dict(
    vocab_size=151669,
    hidden_size=1024,
    intermediate_size=3072,
    num_hidden_layers=28,
    num_attention_heads=16,
    num_key_value_heads=8,
    head_dim=128,
    hidden_act="silu",
    max_position_embeddings=40960,
    rms_norm_eps=1e-6,
    rope_theta=1000000.0,
    attention_bias=False,
    tie_word_embeddings=True,
    initializer_range=0.02,
    bos_token_id=151643,
    eos_token_id=151645,
)
# The test fixture: real vocabulary (so the real tokenizer works), everything else tiny.
# hidden 8 keeps the tied 151669 x 8 fp32 embedding at 4.9 MB per ONNX file.
# A large init range spreads the scores (the default 0.02 gives ~0.5 for every pair);
# with seed 0 the reference pairs score 0.16-0.33.
TINY_CONFIG = dict(
    FULL_CONFIG,
    hidden_size=8,
    intermediate_size=16,
    num_hidden_layers=2,
    num_attention_heads=2,
    num_key_value_heads=1,
    head_dim=4,
    initializer_range=0.5,
)


# ---------------------------------------------------------------- prompt helpers

def format_body(query: str, doc: str, instruction: str | None = None) -> str:
    instruction = DEFAULT_INSTRUCTION if instruction is None else instruction
    return f"<Instruct>: {instruction}\n<Query>: {query}\n<Document>: {doc}"


def load_tokenizer(path: str):
    """The reference (transformers) tokenizer from a tokenizer.json file."""
    from transformers import PreTrainedTokenizerFast

    tok = PreTrainedTokenizerFast(tokenizer_file=path)
    tok.padding_side = "left"
    tok.pad_token = PAD
    return tok


def token_ids(tok):
    yes, no, pad = tok.convert_tokens_to_ids([YES, NO, PAD])
    return yes, no, pad


def query_head_ids(tok, query: str, instruction: str | None = None) -> list[int]:
    """The ids every candidate of one query shares: prefix, instruction and query. The body
    splits into pre-tokens before `<Document>`, so they are the first ids of prompt_ids."""
    instruction = DEFAULT_INSTRUCTION if instruction is None else instruction
    enc = lambda s: tok(s, add_special_tokens=False)["input_ids"]  # noqa: E731
    return enc(PREFIX) + enc(f"<Instruct>: {instruction}\n<Query>: {query}\n")


def prompt_ids(tok, query: str, doc: str, instruction: str | None = None) -> list[int]:
    enc = lambda s: tok(s, add_special_tokens=False)["input_ids"]  # noqa: E731
    return enc(PREFIX) + enc(format_body(query, doc, instruction)) + enc(SUFFIX)


def left_pad(seqs: list[list[int]], pad_id: int):
    import numpy as np

    n = max(len(s) for s in seqs)
    ids = np.full((len(seqs), n), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), n), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, n - len(s):] = s
        mask[i, n - len(s):] = 1
    return ids, mask


def position_ids_np(mask):
    import numpy as np

    return np.maximum(np.cumsum(mask, axis=-1) - 1, 0).astype(np.int64)


# ---------------------------------------------------------------- model building

def build_random_model(kind: str, seed: int):
    import torch
    from transformers import AutoModelForCausalLM, Qwen3Config

    cfg = Qwen3Config(**(TINY_CONFIG if kind == "tiny" else FULL_CONFIG))
    cfg._attn_implementation = "eager"
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(cfg, attn_implementation="eager", dtype=torch.float32)
    return model.eval()


def load_hub_model(name: str):
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(name, attn_implementation="eager", dtype=torch.float32)
    return model.eval()


def additive_mask(attention_mask, dtype):
    """[batch, 1, seq, seq] additive mask: 0 where a query may attend (causal, not padding,
    or its own position), the dtype's finite minimum elsewhere."""
    import torch

    seq = attention_mask.shape[-1]
    idx = torch.arange(seq, device=attention_mask.device)
    causal = idx[None, :] <= idx[:, None]  # [q, k]: k <= q
    diag = idx[None, :] == idx[:, None]
    keep = (causal[None, None] & (attention_mask[:, None, None, :] > 0)) | diag[None, None]
    zero = torch.zeros((), dtype=dtype, device=attention_mask.device)
    neg = torch.full((), torch.finfo(dtype).min, dtype=dtype, device=attention_mask.device)
    return torch.where(keep, zero, neg)


def _wrappers():
    import torch

    class LogitDiff(torch.nn.Module):
        def __init__(self, lm, diff):
            super().__init__()
            self.body = lm.model
            self.register_buffer("yes_minus_no_row", diff.detach().to(torch.float32).clone())

        def forward(self, input_ids, attention_mask):
            pos = torch.clamp(torch.cumsum(attention_mask, dim=-1) - 1, min=0)
            mask = additive_mask(attention_mask, self.body.embed_tokens.weight.dtype)
            h = self.body(input_ids=input_ids, attention_mask=mask, position_ids=pos, use_cache=False)
            last = h.last_hidden_state[:, -1, :].to(torch.float32)
            return torch.matmul(last, self.yes_minus_no_row)

    class FullLogits(torch.nn.Module):
        def __init__(self, lm):
            super().__init__()
            self.lm = lm

        def forward(self, input_ids, attention_mask, position_ids):
            mask = additive_mask(attention_mask, self.lm.model.embed_tokens.weight.dtype)
            out = self.lm(input_ids=input_ids, attention_mask=mask, position_ids=position_ids, use_cache=False)
            return out.logits.to(torch.float32)

    class PrefixCache(torch.nn.Module):
        """logit-diff with a key/value cache: the tokens of this call attend to a shared
        past (the prompt's prefix, run once per query) before themselves.

        The decoder is spelled out layer by layer (the eager attention of transformers'
        Qwen3, same operations in the same order) so that the cache is plain tensors in
        and out, whatever cache classes the installed transformers has."""

        def __init__(self, lm, diff):
            super().__init__()
            self.body = lm.model
            self.register_buffer("yes_minus_no_row", diff.detach().to(torch.float32).clone())
            cfg = lm.config
            self.head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
            self.groups = cfg.num_attention_heads // cfg.num_key_value_heads

        def forward(self, input_ids, attention_mask, past_attention_mask, *past):
            from transformers.models.qwen3.modeling_qwen3 import apply_rotary_pos_emb

            b, s = input_ids.shape
            p = past_attention_mask.shape[1]
            dtype = self.body.embed_tokens.weight.dtype
            # Keys are [past | this call's tokens]; the past is one row shared by every row.
            keys_mask = torch.cat([past_attention_mask.expand(b, -1), attention_mask], dim=1)
            pos = torch.clamp(torch.cumsum(keys_mask, dim=-1) - 1, min=0)[:, p:]
            # Query j sits at key p + j: causal over past + tokens, padding closed, its own
            # position always open (finite mask: padding rows never give NaN).
            q_at = torch.arange(s, device=input_ids.device)[:, None] + p
            k_at = torch.arange(p + s, device=input_ids.device)[None, :]
            keep = ((k_at <= q_at)[None, None] & (keys_mask[:, None, None, :] > 0)) | (k_at == q_at)[None, None]
            mask = torch.where(keep, torch.zeros((), dtype=dtype), torch.full((), torch.finfo(dtype).min, dtype=dtype))

            h = self.body.embed_tokens(input_ids)
            cos, sin = self.body.rotary_emb(h, pos)
            present = []
            for i, layer in enumerate(self.body.layers):
                attn = layer.self_attn
                x = layer.input_layernorm(h)
                shape = (b, s, -1, self.head_dim)
                q = attn.q_norm(attn.q_proj(x).view(shape)).transpose(1, 2)
                k = attn.k_norm(attn.k_proj(x).view(shape)).transpose(1, 2)
                v = attn.v_proj(x).view(shape).transpose(1, 2)
                q, k = apply_rotary_pos_emb(q, k, cos, sin)
                # The first row's own keys and values: after a prefix run, the cache.
                present += [k[:1], v[:1]]
                k_all = torch.cat([past[2 * i].expand(b, -1, -1, -1), k], dim=2)
                v_all = torch.cat([past[2 * i + 1].expand(b, -1, -1, -1), v], dim=2)
                k_all = torch.repeat_interleave(k_all, self.groups, dim=1)
                v_all = torch.repeat_interleave(v_all, self.groups, dim=1)
                w = torch.matmul(q, k_all.transpose(2, 3)) * attn.scaling + mask
                w = torch.nn.functional.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
                o = torch.matmul(w, v_all).transpose(1, 2).reshape(b, s, -1)
                h = h + attn.o_proj(o)
                h = h + layer.mlp(layer.post_attention_layernorm(h))
            h = self.body.norm(h)
            last = h[:, -1, :].to(torch.float32)
            return (torch.matmul(last, self.yes_minus_no_row), *present)

    return LogitDiff, FullLogits, PrefixCache


def export_onnx(model, signature: str, precision: str, yes_id: int, no_id: int, path: str):
    """Write model.onnx (and model.onnx.data when needed) for the signature/precision."""
    import copy

    import torch
    from torch.export import Dim

    LogitDiff, FullLogits, PrefixCache = _wrappers()
    if precision == "fp16":
        w = model.get_output_embeddings().weight.detach().float()
        diff = w[yes_id] - w[no_id]
        model = copy.deepcopy(model).half()
    else:
        w = model.get_output_embeddings().weight.detach()
        diff = w[yes_id] - w[no_id]

    ids = torch.tensor([[1, 2, 3, 4, 5], [0, 0, 3, 4, 5]], dtype=torch.int64)
    mask = torch.tensor([[1, 1, 1, 1, 1], [0, 0, 1, 1, 1]], dtype=torch.int64)
    batch, seq = Dim("batch"), Dim("seq")
    if signature == "logit-diff":
        wrapper = LogitDiff(model, diff).eval()
        args = (ids, mask)
        in_names, out_names = ["input_ids", "attention_mask"], ["yes_minus_no"]
        shapes = {"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}}
    elif signature == "prefix-cache":
        wrapper = PrefixCache(model, diff).eval()
        cfg = model.config
        head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
        past_len = Dim("past")
        dtype = model.get_input_embeddings().weight.dtype
        layers = range(cfg.num_hidden_layers)
        past = [torch.randn(1, cfg.num_key_value_heads, 3, head_dim, dtype=dtype) for _ in layers for _ in (0, 1)]
        args = (ids, mask, torch.tensor([[0, 1, 1]], dtype=torch.int64), *past)
        kv_names = [f"{{}}.{i}.{kv}" for i in layers for kv in ("key", "value")]
        in_names = ["input_ids", "attention_mask", "past_attention_mask"] + [
            n.format("past_key_values") for n in kv_names]
        out_names = ["yes_minus_no"] + [n.format("present") for n in kv_names]
        # forward(input_ids, attention_mask, past_attention_mask, *past): the past is one argument
        shapes = ({0: batch, 1: seq}, {0: batch, 1: seq}, {1: past_len}, tuple({2: past_len} for _ in past))
    else:
        wrapper = FullLogits(model).eval()
        pos = torch.clamp(torch.cumsum(mask, -1) - 1, min=0)
        args = (ids, mask, pos)
        in_names, out_names = ["input_ids", "attention_mask", "position_ids"], ["logits"]
        shapes = {k: {0: batch, 1: seq} for k in in_names}

    with torch.no_grad():
        prog = torch.onnx.export(
            wrapper, args, None, dynamo=True, input_names=in_names, output_names=out_names,
            dynamic_shapes=shapes, optimize=True,
        )
    nbytes = sum(p.numel() * p.element_size() for p in wrapper.parameters())
    nbytes += sum(b.numel() * b.element_size() for b in wrapper.buffers())
    big = nbytes > TWO_GB - 64 * 1024**2
    if precision == "int8":
        tmp = tempfile.mkdtemp(prefix="dedupe-export-")
        try:
            fp32 = os.path.join(tmp, "model.onnx")
            prog.save(fp32, external_data=big)
            quantize_int8(fp32, path, big)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        prog.save(path, external_data=big)
    _name_dims(path)


def quantize_int8(src: str, dst: str, big: bool):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Only MatMul weights are quantized: the embedding stays fp32 (its rows are looked up,
    # not multiplied, and per-tensor int8 rows hurt the scores for little speed).
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                     use_external_data_format=big)
    for f in os.listdir(os.path.dirname(os.path.abspath(dst))):  # quantize writes data files 0600
        if f.startswith(os.path.basename(dst)):
            os.chmod(os.path.join(os.path.dirname(os.path.abspath(dst)), f), 0o644)


def _name_dims(path: str):
    """Give the dynamic axes stable names (batch, seq) in the saved graph, and drop the
    exporter's stack traces (they hold the exporting machine's file paths)."""
    import onnx

    m = onnx.load(path, load_external_data=False)
    for vi in list(m.graph.input) + list(m.graph.output):
        dims = vi.type.tensor_type.shape.dim
        if vi.name.startswith("past_"):  # past_attention_mask [1, past], past_key_values.* [1, kv, past, dim]
            names = {len(dims) - 1: "past"} if len(dims) == 2 else {2: "past"}
        elif vi.name.startswith("present."):  # [1, kv, seq, dim]
            names = {2: "seq"}
        else:
            names = {0: "batch", 1: "seq"}
        for i, d in enumerate(dims):
            if not d.HasField("dim_value") and i in names:
                d.dim_param = names[i]
    strip_stack_traces(m)
    # Rewrite only the graph proto; external data stays where it is.
    onnx.save(m, path)


def strip_stack_traces(m) -> None:
    """Clear node doc strings and stack-trace metadata, in the graph, its subgraphs and
    its functions: the computation is untouched."""
    def nodes(graph):
        for n in graph.node:
            yield n
            for a in n.attribute:
                if a.HasField("g"):
                    yield from nodes(a.g)
                for g in a.graphs:
                    yield from nodes(g)

    every = list(nodes(m.graph)) + [n for f in m.functions for n in f.node]
    for n in every:
        n.doc_string = ""
        keep = [p for p in n.metadata_props if "stack_trace" not in p.key]
        del n.metadata_props[:]
        n.metadata_props.extend(keep)
    m.graph.doc_string = ""


# ---------------------------------------------------------------- manifest

def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def is_cache_input(name: str) -> bool:
    return name == "past_attention_mask" or name.startswith("past_key_values.")


def onnx_info(model_path: str):
    """(signature, precision, input names, external data files, prefix_cache) of an ONNX file."""
    import onnx
    from onnx import TensorProto

    m = onnx.load(model_path, load_external_data=False)
    outs = [o.name for o in m.graph.output]
    init_names = {t.name for t in m.graph.initializer}
    ins = [i.name for i in m.graph.input if i.name not in init_names]
    if "yes_minus_no" in outs:
        sig = "logit-diff"
    elif "logits" in outs:
        sig = "full-logits"
    else:
        raise SystemExit(f"{model_path}: outputs {outs}: expected 'yes_minus_no' or 'logits'")
    # The prefix-cache graph of this script: a past (attention mask + keys/values) in, the
    # first row's keys/values out, beside yes_minus_no.
    prefix_cache = sig == "logit-diff" and "past_attention_mask" in ins and any(o.startswith("present.") for o in outs)
    # A generation export (optimum '-with-past', Transformers.js): past key values in,
    # present out, beside logits; dedupe-check feeds it an empty past.
    generation_past = sig == "full-logits" and all(
        i.startswith("past_key_values.") for i in ins if is_cache_input(i))
    extra = [i for i in ins if i not in ("input_ids", "attention_mask", "position_ids")
             and not ((prefix_cache or generation_past) and is_cache_input(i))]
    if extra or "input_ids" not in ins or "attention_mask" not in ins:
        raise SystemExit(
            f"{model_path}: inputs {ins}: need input_ids, attention_mask, optionally position_ids and "
            "optionally past_key_values.N.key/value (a full-logits graph) or this script's prefix-cache past")
    size = {TensorProto.FLOAT: 4, TensorProto.FLOAT16: 2, TensorProto.BFLOAT16: 2,
            TensorProto.INT8: 1, TensorProto.UINT8: 1}
    by_type: dict[int, int] = {}
    files = []
    for t in m.graph.initializer:
        n = 1
        for d in t.dims:
            n *= d
        by_type[t.data_type] = by_type.get(t.data_type, 0) + n * size.get(t.data_type, 4)
        for kv in t.external_data:
            if kv.key == "location" and kv.value not in files:
                files.append(kv.value)
    quant_ops = {"MatMulInteger", "DynamicQuantizeLinear", "DynamicQuantizeMatMul", "MatMulIntegerToFloat",
                 "QLinearMatMul", "QuantizeLinear", "MatMulNBits", "GatherBlockQuantized"}
    quantized = any(n.op_type in quant_ops for n in m.graph.node)
    h = by_type.get(TensorProto.FLOAT16, 0)
    f = by_type.get(TensorProto.FLOAT, 0)
    prec = "int8" if quantized else ("fp16" if h > f else "fp32")
    return sig, prec, ins, files, prefix_cache


def write_manifest(out_dir: str, model_name: str, max_length: int,
                   signature: str | None = None, precision: str | None = None,
                   tokenizer_sha256: str | None = None) -> dict:
    model_path = os.path.join(out_dir, "model.onnx")
    if not os.path.isfile(model_path):
        raise SystemExit(f"{out_dir}: no model.onnx (rename the chosen ONNX file to model.onnx)")
    sig, prec, _, ext, prefix_cache = onnx_info(model_path)
    if signature and signature != sig:
        raise SystemExit(f"signature {signature} requested but model.onnx has {sig}")
    files = {"model.onnx": sha256_file(model_path)}
    for name in ext:
        p = os.path.join(out_dir, name)
        if not os.path.isfile(p):
            raise SystemExit(f"{out_dir}: model.onnx refers to external data {name}, which is missing")
        files[name] = sha256_file(p)
    tok = os.path.join(out_dir, "tokenizer.json")
    if os.path.isfile(tok):
        files["tokenizer.json"] = sha256_file(tok)
    elif tokenizer_sha256:
        files["tokenizer.json"] = tokenizer_sha256
    else:
        raise SystemExit(f"{out_dir}: no tokenizer.json")
    manifest = {
        "format": 1,
        "model": model_name,
        "signature": sig,
        "precision": precision or prec,
        "max_length": max_length,
        "yes_token": YES,
        "no_token": NO,
        "files": dict(sorted(files.items())),
    }
    if prefix_cache:
        manifest["prefix_cache"] = True
    with open(os.path.join(out_dir, MANIFEST), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


# ---------------------------------------------------------------- verification

SAMPLES = [
    ("def add(a, b):\n    return a + b", "def plus(x, y):\n    return x + y"),
    ("def read_lines(path):\n    with open(path) as f:\n        return [l.rstrip('\\n') for l in f]",
     "def load(path):\n    out = []\n    with open(path, encoding='utf-8') as fh:\n        for line in fh:\n"
     "            out.append(line.rstrip('\\n'))\n    return out"),
    ("def mean(xs):\n    if not xs:\n        raise ValueError('empty')\n    total = 0\n    for x in xs:\n"
     "        total += x\n    return total / len(xs)",
     "def slugify(s):\n    return '-'.join(w.lower() for w in s.split())"),
]


def torch_logit_diff(model, ids: list[int], yes: int, no: int) -> float:
    import torch

    with torch.no_grad():
        logits = model(input_ids=torch.tensor([ids])).logits[0, -1].float()
    return float(logits[yes] - logits[no])


def ort_logit_diff(sess, sig: str, ids, mask, yes: int, no: int):
    feeds = {"input_ids": ids, "attention_mask": mask}
    names = {i.name for i in sess.get_inputs()}
    if "past_attention_mask" in names:
        feeds.update(dummy_past(sess))
    if "position_ids" in names:
        feeds["position_ids"] = position_ids_np(mask)
    if sig == "logit-diff":
        return sess.run(["yes_minus_no"], feeds)[0].astype("float64")
    logits = sess.run(["logits"], feeds)[0]
    return (logits[:, -1, yes].astype("float64") - logits[:, -1, no])


def dummy_past(sess):
    """The empty past of a prefix-cache graph: one key/value position, masked out."""
    import numpy as np

    feeds = {"past_attention_mask": np.zeros((1, 1), dtype=np.int64)}
    for i in sess.get_inputs():
        if i.name.startswith("past_key_values."):
            dtype = np.float16 if "float16" in i.type else np.float32
            feeds[i.name] = np.zeros((1, i.shape[1], 1, i.shape[3]), dtype=dtype)
    return feeds


def ort_cached_logit_diff(sess, head: list[int], tails: list[list[int]], pad: int):
    """yes-no of head + tail for each tail, the head run once: its keys/values are the past of
    one left-padded batch of the tails."""
    import numpy as np

    feeds = dummy_past(sess)
    feeds["input_ids"] = np.array([head], dtype=np.int64)
    feeds["attention_mask"] = np.ones((1, len(head)), dtype=np.int64)
    names = [o.name for o in sess.get_outputs() if o.name.startswith("present.")]
    presents = sess.run(names, feeds)
    past = {"past_attention_mask": np.ones((1, len(head)), dtype=np.int64)}
    for n, v in zip(names, presents):
        past["past_key_values." + n[len("present."):]] = v
    ids, mask = left_pad(tails, pad)
    return sess.run(["yes_minus_no"], dict(past, input_ids=ids, attention_mask=mask))[0].astype("float64")


def sigmoid(x):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def verify(out_dir: str, model, tok, precision: str, tol: float) -> dict:
    import numpy as np
    import onnxruntime as ort

    yes, no, pad = token_ids(tok)
    sig, _, _, _, prefix_cache = onnx_info(os.path.join(out_dir, "model.onnx"))
    sess = ort.InferenceSession(os.path.join(out_dir, "model.onnx"), providers=["CPUExecutionProvider"])
    seqs = [prompt_ids(tok, q, d) for q, d in SAMPLES]
    ref = np.array([torch_logit_diff(model, s, yes, no) for s in seqs])
    single = np.array([ort_logit_diff(sess, sig, *left_pad([s], pad), yes, no)[0] for s in seqs])
    batch = ort_logit_diff(sess, sig, *left_pad(seqs, pad), yes, no)
    err = {
        "lengths": [len(s) for s in seqs],
        "torch_logit_diff": ref.tolist(),
        "batch_vs_single_logit_diff": float(np.abs(batch - single).max()),
        "batch_vs_single_score": float(np.abs(sigmoid(batch) - sigmoid(single)).max()),
        "onnx_vs_torch_logit_diff": float(np.abs(single - ref).max()),
        "onnx_vs_torch_score": float(np.abs(sigmoid(single) - sigmoid(ref)).max()),
    }
    if prefix_cache:
        # Every query against every document: the query's head run once, the documents as
        # one left-padded batch after it.
        cached, full = [], []
        for q, _ in SAMPLES:
            head = query_head_ids(tok, q)
            seqs = [prompt_ids(tok, q, d) for _, d in SAMPLES]
            assert all(x[:len(head)] == head for x in seqs), "the query head is not a prefix of the prompt"
            cached.extend(ort_cached_logit_diff(sess, head, [x[len(head):] for x in seqs], pad))
            full.extend(torch_logit_diff(model, x, yes, no) for x in seqs)
        cached, full = np.array(cached), np.array(full)
        err["cached_vs_torch_logit_diff"] = float(np.abs(cached - full).max())
        err["cached_vs_torch_score"] = float(np.abs(sigmoid(cached) - sigmoid(full)).max())
    print(f"verify {sig}/{precision}: lengths {err['lengths']}, torch scores "
          f"{[round(float(s), 6) for s in sigmoid(ref)]}", file=sys.stderr)
    for k in [k for k, v in err.items() if isinstance(v, float)]:
        print(f"  max |{k}| = {err[k]:.3g}", file=sys.stderr)
    if not np.all(np.isfinite(batch)):
        raise SystemExit("verification failed: non-finite output")
    worst = max(err["batch_vs_single_score"], err["onnx_vs_torch_score"], err.get("cached_vs_torch_score", 0.0))
    if worst > tol:
        msg = f"verification: max score error {worst:.3g} > tolerance {tol:g}"
        if precision == "fp32":
            raise SystemExit(msg)
        print("warning: " + msg + f" ({precision} is expected to differ from fp32 torch)", file=sys.stderr)
    return err


# ---------------------------------------------------------------- main

def copy_tokenizer(args, out_dir: str):
    dst = os.path.join(out_dir, "tokenizer.json")
    if args.tokenizer:
        shutil.copyfile(args.tokenizer, dst)
    elif args.model and os.path.isfile(os.path.join(args.model, "tokenizer.json")):
        shutil.copyfile(os.path.join(args.model, "tokenizer.json"), dst)
    elif args.model:
        try:
            from huggingface_hub import hf_hub_download

            shutil.copyfile(hf_hub_download(args.model, "tokenizer.json"), dst)
        except Exception:  # no tokenizer.json in the repo: save the fast tokenizer's
            from transformers import AutoTokenizer

            AutoTokenizer.from_pretrained(args.model).backend_tokenizer.save(dst)
    else:
        raise SystemExit("--random needs --tokenizer FILE (the Qwen3 tokenizer.json)")
    return dst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="hub id or local dir of a Qwen3-Reranker (e.g. Qwen/Qwen3-Reranker-0.6B)")
    src.add_argument("--random", choices=["tiny", "full"], help="random weights: tiny fixture or full 0.6B architecture")
    src.add_argument("--manifest-only", metavar="DIR", help="only (re)write DIR/dedupe-model.json for existing files")
    ap.add_argument("--output", "-o", help="output model directory")
    ap.add_argument("--tokenizer", help="tokenizer.json to copy (default: from the model)")
    ap.add_argument("--signature", choices=["logit-diff", "full-logits"], default="logit-diff")
    ap.add_argument("--prefix-cache", action=argparse.BooleanOptionalAction, default=True,
                    help="logit-diff: the graph takes a past (the shared prompt prefix's keys/values) and "
                         "returns the first row's keys/values (--no-prefix-cache: the plain graph)")
    ap.add_argument("--precision", choices=["fp32", "fp16", "int8"],
                    help="weights precision (default fp32; with --manifest-only: detected)")
    ap.add_argument("--seed", type=int, default=0, help="seed of --random weights")
    ap.add_argument("--max-length", type=int, help="max_length in the manifest (default 8192; tiny: 512)")
    ap.add_argument("--model-name", help="'model' field of the manifest")
    ap.add_argument("--tol", type=float, help="verification tolerance on scores (fp32 default 1e-5)")
    ap.add_argument("--no-verify", action="store_true", help="skip the onnxruntime check")
    ap.add_argument("--keep-tokenizer", action=argparse.BooleanOptionalAction, default=True,
                    help="keep tokenizer.json in the output (--no-keep-tokenizer: only record its sha256)")
    args = ap.parse_args(argv)

    if args.manifest_only:
        m = write_manifest(args.manifest_only, args.model_name or "unknown", args.max_length or 8192,
                           precision=args.precision)
        print(json.dumps(m, indent=2))
        return
    if not args.output:
        ap.error("--output is required")
    precision = args.precision or "fp32"
    os.makedirs(args.output, exist_ok=True)
    for stale in ("model.onnx", "model.onnx.data", MANIFEST):
        if os.path.exists(os.path.join(args.output, stale)):
            os.remove(os.path.join(args.output, stale))

    tok_path = copy_tokenizer(args, args.output)
    tok = load_tokenizer(tok_path)
    yes, no, _ = token_ids(tok)
    if args.random:
        model = build_random_model(args.random, args.seed)
        name = args.model_name or f"{args.random}-random-qwen3"
        max_length = args.max_length or (512 if args.random == "tiny" else 8192)
    else:
        model = load_hub_model(args.model)
        name = args.model_name or args.model.rstrip("/")
        max_length = args.max_length or 8192
    if len(tok) > model.config.vocab_size:
        raise SystemExit(f"tokenizer has {len(tok)} tokens, model vocabulary {model.config.vocab_size}")

    onnx_path = os.path.join(args.output, "model.onnx")
    graph = "prefix-cache" if args.signature == "logit-diff" and args.prefix_cache else args.signature
    print(f"exporting {name} ({graph}, {precision}) to {onnx_path}", file=sys.stderr)
    export_onnx(model, graph, precision, yes, no, onnx_path)
    if not args.no_verify:
        tol = args.tol if args.tol is not None else {"fp32": 1e-5, "fp16": 2e-2, "int8": 5e-2}[precision]
        verify(args.output, model, tok, precision, tol)
    tok_sha = sha256_file(tok_path)
    if not args.keep_tokenizer:
        os.remove(tok_path)
    m = write_manifest(args.output, name, max_length, args.signature, precision, tokenizer_sha256=tok_sha)
    total = sum(os.path.getsize(os.path.join(args.output, f)) for f in m["files"]
                if os.path.exists(os.path.join(args.output, f)))
    print(f"wrote {args.output}: {', '.join(m['files'])} ({total / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
