"""Evaluate the exported bundle on held-out attribute combinations (weights are read from the ONNX files).

Usage: /usr/bin/python3 models/recipes/evaluate.py [--bundle models/shapes-tiny] [--prompts 120] [--smoke]
Writes <bundle>/eval.json and <bundle>/sample-grid.png."""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from recipes import config, data, sampling  # noqa: E402
from recipes import tokenizer as tk  # noqa: E402
from recipes.bundle import load_bundle  # noqa: E402
from recipes.common import BUNDLE, CLIP_SIZE, D, MODELS, log, save_json, setup  # noqa: E402
from recipes.training import TextEncoder, pm1_to_clip_pixels, save_grid, u8_to_pm1  # noqa: E402


def distinct_groups(attrs, n_groups, size=20):
    """Groups of `size` scenes with pairwise distinct canonical captions."""
    groups, used = [], set()
    i = 0
    while len(groups) < n_groups and i < len(attrs):
        grp, caps = [], set()
        while len(grp) < size and i < len(attrs):
            c = data.canonical_caption(attrs[i])
            if c not in caps:
                grp.append(i)
                caps.add(c)
            i += 1
        if len(grp) == size:
            groups.append(grp)
    return groups


@torch.no_grad()
def image_embeds(m, st, x_pm1):
    return F.normalize(m["clip_image"](pm1_to_clip_pixels(x_pm1, st["pixel_mean"], st["pixel_std"])), dim=-1)


ZS_KEYS = {"shape": data.SHAPE, "colour": data.COLOUR, "position": data.POS, "fill": data.FILL}


@torch.no_grad()
def zero_shot_single(m, enc, z, attrs):
    """Zero-shot with one short prompt per class ("a circle", "a red shape", ...)."""
    res = {}
    for name, prompts in data.zero_shot_prompts().items():
        te = enc(prompts)["text_embeds"]
        pred = (z @ te.t()).argmax(1).numpy()
        res[name] = float((pred == attrs[:, ZS_KEYS[name]]).mean())
    return res


@torch.no_grad()
def zero_shot_contextual(m, enc, z, attrs):
    """Zero-shot where the prompts are the image's own full caption with only the attribute under test
    varied ("a small red filled {circle|square|triangle|cross} on the left"): argmax over those."""
    res = {}
    for name, k in ZS_KEYS.items():
        ncls = {data.SHAPE: 4, data.COLOUR: 6, data.POS: 5, data.FILL: 3}[k]
        caps = []
        for a in attrs:
            for v in range(ncls):
                b = a.copy()
                b[k] = v
                caps.append(data.canonical_caption(b))
        te = enc(caps)["text_embeds"].reshape(len(attrs), ncls, -1)
        pred = torch.einsum("bd,bcd->bc", z, te).argmax(1).numpy()
        res[name] = float((pred == attrs[:, k]).mean())
    return res


_ENS = {}


@torch.no_grad()
def zero_shot(m, enc, z, attrs):
    """Zero-shot with prompt ensembling: each class embedding is the normalised mean of the text
    embeddings of every full single-object caption with that attribute value (720 captions)."""
    if id(enc) not in _ENS:
        combos = np.array([[1, s, c, sz, p, f, 0] for s in range(4) for c in range(6) for sz in range(2)
                           for p in range(5) for f in range(3)])
        te = torch.cat([enc([data.canonical_caption(np.concatenate([a, [-1] * 4])) for a in combos[i:i + 240]])
                        ["text_embeds"] for i in range(0, len(combos), 240)])
        _ENS[id(enc)] = (combos, te)
    combos, te = _ENS[id(enc)]
    res = {}
    for name, k in ZS_KEYS.items():
        ncls = int(combos[:, k].max()) + 1
        cls = F.normalize(torch.stack([te[torch.from_numpy(combos[:, k] == v)].mean(0) for v in range(ncls)]), dim=-1)
        pred = (z @ cls.t()).argmax(1).numpy()
        res[name] = float((pred == attrs[:, k]).mean())
    return res


@torch.no_grad()
def generate(man, m, st, enc, caps, seed, defaults=None):
    dflt = defaults or {k: man["stages"][k]["defaults"] for k in ("prior", "decoder", "upsampler1", "upsampler2")}
    sch = {k: man["stages"][k]["scheduler"] for k in dflt}
    g = torch.Generator().manual_seed(seed)
    B = len(caps)
    txt, empty = enc(caps), enc.empty_like(B)
    n = dflt["prior"]["steps"]
    z = sampling.sample_prior(m["prior"], txt, empty, torch.randn(B, D, generator=g),
                              torch.randn(n, B, D, generator=g), n, dflt["prior"]["guidance"], sch["prior"],
                              st["clip_mean"], st["clip_std"])
    n = dflt["decoder"]["steps"]
    size = config.IMAGE_SIZE["decoder"]
    x = sampling.sample_decoder(m["decoder"], z, txt, empty, torch.randn(B, 3, size, size, generator=g),
                                torch.randn(n, B, 3, size, size, generator=g), n, dflt["decoder"]["guidance"],
                                sch["decoder"])
    outs = {size: x}
    for name in ("upsampler1", "upsampler2"):
        s = config.IMAGE_SIZE[name]
        n = dflt[name]["steps"]
        x, _ = sampling.sample_upsampler(m[name], x, torch.randn(B, 3, s, s, generator=g), None, n, sch[name],
                                         "ddim", 0.0)
        outs[s] = x
    return z, outs


def ort_check(bundle):
    """Max abs error ORT (onnxruntime-node) vs torch on the stage fixtures; None if node/ORT unavailable."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ort_check.mjs")
    if not shutil.which("node"):
        return None
    try:
        r = subprocess.run(["node", script, bundle], capture_output=True, text=True, timeout=300,
                           cwd=os.path.dirname(MODELS))
        return json.loads(r.stdout.strip().splitlines()[-1])
    except Exception as e:  # noqa: BLE001
        log("ORT check skipped:", e)
        return None


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default=BUNDLE)
    ap.add_argument("--prompts", type=int, default=config.FULL["eval_prompts"])
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args(argv)
    setup(config.SEEDS["eval"])
    n_prompts = config.SMOKE["eval_prompts"] if a.smoke else a.prompts
    t0 = time.time()
    man, m, st = load_bundle(a.bundle)
    enc = TextEncoder(m["clip_text"])
    n_groups = max(1, n_prompts // 20)
    attrs = data.sample_scenes(max(400, n_groups * 40), config.SEEDS["eval"], heldout=True)
    groups = distinct_groups(attrs, n_groups)
    idx = [i for g in groups for i in g]
    sel = attrs[idx]
    caps = [data.canonical_caption(x) for x in sel]
    i128, i64, _ = data.render_many(sel, config.SEEDS["eval"], procs=1)
    # (a) CLIP retrieval on real held-out images
    z_real = image_embeds(m, st, u8_to_pm1(i64))
    te = enc(caps)["text_embeds"]
    t2i = i2t = 0
    for gi in range(len(groups)):
        s = slice(gi * 20, gi * 20 + 20)
        sim = te[s] @ z_real[s].t()
        t2i += int((sim.argmax(1) == torch.arange(20)).sum())
        i2t += int((sim.argmax(0) == torch.arange(20)).sum())
    res = {"heldout_triples": [[data.SHAPES[x], data.COLOURS[y], data.FILLS[f]] for x, y, f in data.HELDOUT],
           "n_prompts": len(caps),
           "clip_text_to_image_top1_of20": t2i / len(caps), "clip_image_to_text_top1_of20": i2t / len(caps),
           "clip_zero_shot_real_images": zero_shot(m, enc, z_real, sel),
           "clip_zero_shot_real_images_single_prompt": zero_shot_single(m, enc, z_real, sel),
           "clip_zero_shot_real_images_contextual": zero_shot_contextual(m, enc, z_real, sel)}
    log("CLIP real:", res["clip_text_to_image_top1_of20"], res["clip_zero_shot_real_images"])
    # (b) full chain with the bundle defaults
    decoded, final = config.IMAGE_SIZE["decoder"], config.IMAGE_SIZE["upsampler2"]
    gen = {size: [] for size in config.IMAGE_SIZE.values()}
    zs = []
    for gi in range(len(groups)):
        z, outs = generate(man, m, st, enc, caps[gi * 20:(gi + 1) * 20], seed=1000 + gi)
        zs.append(z)
        for k in gen:
            gen[k].append(outs[k])
        log(f"generated group {gi + 1}/{len(groups)}")
    gen = {k: torch.cat(v) for k, v in gen.items()}
    z_prior = torch.cat(zs)
    z_gen = image_embeds(m, st, gen[final])
    hits = 0
    for gi in range(len(groups)):
        s = slice(gi * 20, gi * 20 + 20)
        hits += int(((z_gen[s] @ te[s].t()).argmax(1) == torch.arange(20)).sum())
    res["chain_image_to_caption_top1_of20"] = hits / len(caps)
    res["chain_zero_shot"] = zero_shot(m, enc, z_gen, sel)
    res["chain_zero_shot_single_prompt"] = zero_shot_single(m, enc, z_gen, sel)
    res["chain_zero_shot_contextual"] = zero_shot_contextual(m, enc, z_gen, sel)
    res["chain_zero_shot_32px"] = zero_shot(m, enc, image_embeds(m, st, F.interpolate(gen[decoded], size=CLIP_SIZE,
                                                                                      mode="nearest")), sel)
    res["prior_cosine_to_true_image_embedding"] = float((z_prior * z_real).sum(1).mean())
    res["generated_cosine_to_true_image_embedding"] = float((z_gen * z_real).sum(1).mean())
    # upsampler fidelity on real images (PSNR vs plain bicubic)
    real64, real128 = u8_to_pm1(i64[:20]), u8_to_pm1(i128[:20])
    g = torch.Generator().manual_seed(5)
    with torch.no_grad():
        up2, low2 = sampling.sample_upsampler(m["upsampler2"], real64, torch.randn(20, 3, final, final, generator=g),
                                              None, man["stages"]["upsampler2"]["defaults"]["steps"],
                                              man["stages"]["upsampler2"]["scheduler"])
    psnr = lambda x, y: float(10 * torch.log10(4.0 / (x - y).square().mean()))
    res["upsampler2_psnr_real_db"] = {"upsampler": psnr(up2, real128), "bicubic": psnr(low2, real128)}
    # (d) grid
    path = os.path.join(a.bundle, "sample-grid.png")
    save_grid(path, gen[final][:16], 4)
    res["grid"] = {"file": "sample-grid.png", "layout": f"4x4, row-major, {final} px each", "captions": caps[:16]}
    res["defaults"] = {k: man["stages"][k]["defaults"] for k in ("prior", "decoder", "upsampler1", "upsampler2")}
    res["ort_vs_torch_max_abs_err"] = ort_check(a.bundle)
    res["eval_seconds"] = round(time.time() - t0, 1)
    res["versions"] = {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__}
    save_json(os.path.join(a.bundle, "eval.json"), res, indent=2)
    save_grid(os.path.join(a.bundle, "..", ".work", f"eval_grid{decoded}.png"), gen[decoded][:16], 4, scale=4) \
        if os.path.isdir(os.path.join(a.bundle, "..", ".work")) else None
    log("eval:", json.dumps({k: v for k, v in res.items() if k not in ("grid", "heldout_triples")}))
    return res


if __name__ == "__main__":
    main()
