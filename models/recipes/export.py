"""Export: ONNX files, tokenizer.json, pca.json, manifest.json, golden fixtures; atomic bundle swap."""
import base64
import hashlib
import json
import os
import shutil
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import config, data, nets, sampling
from . import tokenizer as tk
from .bundle import load_bundle
from .common import BUNDLE, D, L, W, WORK, log, save_json
from .training import TextEncoder, clip_pixels, load_arrays, load_clip, load_stage, u8_to_pm1

OPSET = 17
DEC = config.IMAGE_SIZE["decoder"]  # the decoder's output side, px


def _export(model, args, path, inputs, outputs, dyn):
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, args, path, opset_version=OPSET, input_names=inputs, output_names=outputs,
                          dynamic_axes=dyn, do_constant_folding=False)


def export_onnx(wd, out):
    clip, ck = load_clip(wd)
    ids, mask = tk.batch(["a red circle on the left", "a blue square"])
    b = {0: "batch"}
    _export(clip.text, (ids,), os.path.join(out, "clip_text.onnx"), ["input_ids"],
            ["text_embeds", "last_hidden_state"], {"input_ids": b, "text_embeds": b, "last_hidden_state": b})
    _export(clip.image, (torch.randn(2, 3, 64, 64),), os.path.join(out, "clip_image.onnx"), ["pixel_values"],
            ["image_embeds"], {"pixel_values": b, "image_embeds": b})
    prior = load_stage(wd, "prior")
    pin = ["sample", "timestep", "text_embeds", "text_hidden_states", "attention_mask"]
    _export(prior, (torch.randn(2, D), torch.tensor([999.0, 10.0]), torch.randn(2, D), torch.randn(2, L, W), mask),
            os.path.join(out, "prior.onnx"), pin, ["predicted_image_embedding"],
            {k: b for k in pin + ["predicted_image_embedding"]})
    dec = load_stage(wd, "decoder")
    din = ["sample", "timestep", "image_embeds", "text_embeds", "text_hidden_states", "attention_mask",
           "drop_image_embed"]
    _export(dec, (torch.randn(2, 3, DEC, DEC), torch.tensor([999.0, 10.0]), torch.randn(2, D), torch.randn(2, D),
                  torch.randn(2, L, W), mask, torch.tensor([0.0, 1.0])),
            os.path.join(out, "decoder.onnx"), din, ["model_output"], {k: b for k in din + ["model_output"]})
    for name, s in (("upsampler1", 64), ("upsampler2", 128)):
        up = load_stage(wd, name)
        img = {0: "batch", 2: "height", 3: "width"}
        _export(up, (torch.randn(2, 3, s, s), torch.randn(2, 3, s, s), torch.tensor([999.0, 10.0])),
                os.path.join(out, f"{name}.onnx"), ["sample", "low_res", "timestep"], ["noise_pred"],
                {"sample": img, "low_res": img, "timestep": b, "noise_pred": img})
    return ck


def _f(xs):
    return [float(v) for v in xs]


def write_static(out, ck):
    save_json(os.path.join(out, "tokenizer.json"), tk.tokenizer_json())
    save_json(os.path.join(out, "pca.json"), {"mean": _f(ck["clip_mean"]),
                                               "components": [_f(r) for r in ck["pca_components"]],
                                               "explained_variance": _f(ck["pca_var"])})


def write_manifest(out, ck):
    files = ["clip_text.onnx", "clip_image.onnx", "prior.onnx", "decoder.onnx", "upsampler1.onnx",
             "upsampler2.onnx", "tokenizer.json", "pca.json"]
    fe = {}
    for fn in files:
        bts = open(os.path.join(out, fn), "rb").read()
        fe[fn] = {"sha256": hashlib.sha256(bts).hexdigest(), "bytes": len(bts)}
    dflt = config.DEFAULTS
    man = {
        "format": "unclip-studio/bundle", "version": 1, "name": "shapes-tiny",
        "title": "Shapes (tiny unCLIP)",
        "description": "A miniature unCLIP trained from scratch on a synthetic captioned-shapes domain "
                       "(4 shapes, 6 colours, 2 sizes, 5 positions, 3 fills, 3 backgrounds, two-object scenes): "
                       f"CLIP, diffusion prior, {DEC} px decoder, {DEC}->{config.IMAGE_SIZE['upsampler1']} and "
                       f"{config.IMAGE_SIZE['upsampler1']}->{config.IMAGE_SIZE['upsampler2']} upsamplers.",
        "license": "MIT",
        "dims": {"embedding": D, "text_width": W, "context_length": L},
        "embedding_norm": "l2",
        "tokenizer": {"file": "tokenizer.json", "pad_id": tk.PAD, "sot_id": tk.SOT, "eot_id": tk.EOT},
        "stages": {
            "clip_text": {"file": "clip_text.onnx"},
            "clip_image": {"file": "clip_image.onnx", "image_size": 64, "mean": ck["pixel_mean"],
                           "std": ck["pixel_std"]},
            "prior": {"file": "prior.onnx", "scheduler": config.PRIOR_SCHED, "clip_mean": _f(ck["clip_mean"]),
                      "clip_std": _f(ck["clip_std"]), "defaults": dflt["prior"]},
            "decoder": {"file": "decoder.onnx", "image_size": DEC, "scheduler": config.DECODER_SCHED,
                        "defaults": dflt["decoder"]},
            "upsampler1": {"file": "upsampler1.onnx", "image_size": 64, "scheduler": config.UP_SCHED,
                           "defaults": dflt["upsampler1"]},
            "upsampler2": {"file": "upsampler2.onnx", "image_size": 128, "scheduler": config.UP_SCHED,
                           "defaults": dflt["upsampler2"]},
        },
        "pca": {"file": "pca.json"},
        "files": fe,
    }
    save_json(os.path.join(out, "manifest.json"), man, indent=2)


# ------------------------------------------------------------------ fixtures
def ten(t):
    t = torch.as_tensor(t)
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        a = t.to(torch.int64).numpy().astype("<i8")
        dt = "int64"
    else:
        a = t.to(torch.float32).numpy().astype("<f4")
        dt = "float32"
    return {"dtype": dt, "dims": list(a.shape), "b64": base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()}


def write_fixture(path, meta, tensors):
    save_json(path, {"meta": meta, "tensors": {k: ten(v) for k, v in tensors.items()}})


@torch.no_grad()
def write_fixtures(out, wd):
    fx = os.path.join(out, "fixtures")
    os.makedirs(fx, exist_ok=True)
    man, m, st = load_bundle(out)
    g = torch.Generator().manual_seed(config.SEEDS["fixtures"])
    rn = lambda *s: torch.randn(*s, generator=g)
    enc = TextEncoder(m["clip_text"])
    ev = load_arrays(wd, ("eval_attrs", f"eval_i{DEC}", "eval_i64", "eval_i128"))
    caps = [data.canonical_caption(a) for a in ev["eval_attrs"][:2]]

    # tokens
    texts = ["a red circle on the left", "A BIG Blue SQUARE, at the top!", "", "a zebra-striped UNICORN?",
             "  something   in the middle  ", "a purple plus; hollow.", "naïve café — über",
             "on the right there is a small yellow striped triangle on a black background",
             " ".join(["a red circle left of a blue square"] * 6), "circle", "x" * 120, "red,green;blue"]
    ids, mask = tk.batch(texts)
    write_fixture(os.path.join(fx, "tokens.json"), {"texts": texts, "context_length": L, "pad_id": tk.PAD,
                                                    "sot_id": tk.SOT, "eot_id": tk.EOT},
                  {"input_ids": ids, "attention_mask": mask})
    # clip_text
    ids, mask = tk.batch([caps[0], ""])
    te, h = m["clip_text"](ids)
    write_fixture(os.path.join(fx, "stage_clip_text.json"), {"texts": [caps[0], ""]},
                  {"in.input_ids": ids, "out.text_embeds": te, "out.last_hidden_state": h})
    # clip_image
    px = clip_pixels(ev["eval_i64"][:2], st["pixel_mean"], st["pixel_std"])
    ie = m["clip_image"](px)
    write_fixture(os.path.join(fx, "stage_clip_image.json"), {}, {"in.pixel_values": px, "out.image_embeds": ie})
    # prior
    txt = enc([caps[0], ""])
    pin = dict(sample=rn(2, D), timestep=torch.tensor([999.0, 333.0]), **txt)
    pout = m["prior"](**pin)
    write_fixture(os.path.join(fx, "stage_prior.json"), {"texts": [caps[0], ""]},
                  {**{f"in.{k}": v for k, v in pin.items()}, "out.predicted_image_embedding": pout})
    # decoder (row 1: uncond row: "" text + drop_image_embed = 1)
    z = F.normalize(ie, dim=-1)
    din = dict(sample=rn(2, 3, DEC, DEC), timestep=torch.tensor([999.0, 250.0]), image_embeds=z, **txt,
               drop_image_embed=torch.tensor([0.0, 1.0]))
    dout = m["decoder"](**din)
    write_fixture(os.path.join(fx, "stage_decoder.json"), {"texts": [caps[0], ""]},
                  {**{f"in.{k}": v for k, v in din.items()}, "out.model_output": dout})
    # upsamplers
    # upsampler2's fixture runs at 96x96 (centre 48 px crop of a 64 px image): exercises the dynamic H/W
    for name, lo_key, s in (("upsampler1", f"eval_i{DEC}", 64), ("upsampler2", "eval_i64", 96)):
        lo = u8_to_pm1(ev[lo_key][:2])
        if name == "upsampler2":
            lo = lo[:, :, 8:56, 8:56]
        low = sampling.bicubic_cond(lo, s)
        uin = dict(sample=rn(2, 3, s, s), low_res=low, timestep=torch.tensor([999.0, 100.0]))
        write_fixture(os.path.join(fx, f"stage_{name}.json"), {"height": s, "width": s},
                      {**{f"in.{k}": v for k, v in uin.items()}, "out.noise_pred": m[name](**uin)})

    # timesteps
    save_json(os.path.join(fx, "timesteps.json"),
              {"meta": {"rule": "round_half_to_even(k*999/(N-1)), descending; N=1 -> [999]"},
               "grids": {str(n): sampling.timesteps(n) for n in (1, 2, 7, 10, 25, 50)}})

    # whole text -> image chain, batch 1
    prompt = caps[0]
    P = {"steps": 5, "guidance": 4.0, "sampler": "ddpm"}
    Dd = {"steps": 5, "guidance": 3.0, "sampler": "ddpm"}
    U1 = {"steps": 3, "sampler": "ddim", "eta": 0.0}
    U2 = {"steps": 2, "sampler": "ddim", "eta": 0.0}
    ids, mask = tk.batch([prompt])
    te_raw, h = m["clip_text"](ids)
    txt = enc([prompt])
    empty = enc.empty_like(1)
    sch = man["stages"]
    t = {"input_ids": ids, "attention_mask": mask, "text.text_embeds": te_raw, "text.last_hidden_state": h}
    t["prior.x_T"], t["prior.noise"] = rn(1, D), rn(P["steps"], 1, D)
    t["prior.out"] = sampling.sample_prior(m["prior"], txt, empty, t["prior.x_T"], t["prior.noise"], P["steps"],
                                           P["guidance"], sch["prior"]["scheduler"], st["clip_mean"], st["clip_std"])
    t["decoder.x_T"], t["decoder.noise"] = rn(1, 3, DEC, DEC), rn(Dd["steps"], 1, 3, DEC, DEC)
    t["decoder.out"] = sampling.sample_decoder(m["decoder"], t["prior.out"], txt, empty, t["decoder.x_T"],
                                               t["decoder.noise"], Dd["steps"], Dd["guidance"],
                                               sch["decoder"]["scheduler"])
    prev = t["decoder.out"]
    for name, s, U in (("upsampler1", 64, U1), ("upsampler2", 128, U2)):
        t[f"{name}.x_T"], t[f"{name}.noise"] = rn(1, 3, s, s), rn(U["steps"], 1, 3, s, s)
        t[f"{name}.out"], t[f"{name}.low_res"] = sampling.sample_upsampler(
            m[name], prev, t[f"{name}.x_T"], t[f"{name}.noise"], U["steps"], sch[name]["scheduler"], U["sampler"],
            U["eta"])
        prev = t[f"{name}.out"]
    write_fixture(os.path.join(fx, "sample_text_to_image.json"),
                  {"prompt": prompt, "prior": P, "decoder": Dd, "upsampler1": U1, "upsampler2": U2,
                   "note": "prior.out is the final L2-normalised z_i; noise[k] is used at step k"}, t)

    # decoder DDIM eta 0.5 with guidance, batch 2 (row 0 caption, row 1 no caption -> "" encoding)
    n, gd, eta = 5, 3.0, 0.5
    txt2 = enc([caps[1], ""])
    ids2, mask2 = tk.batch([caps[1], ""])
    z2 = z
    x_T, noise = rn(2, 3, DEC, DEC), rn(n, 2, 3, DEC, DEC)
    outd = sampling.sample_decoder(m["decoder"], z2, txt2, enc.empty_like(2), x_T, noise, n, gd,
                                   sch["decoder"]["scheduler"], "ddim", eta)
    write_fixture(os.path.join(fx, "sample_ddim.json"),
                  {"texts": [caps[1], ""], "steps": n, "guidance": gd, "sampler": "ddim", "eta": eta,
                   "note": "row 1 has no caption: its cond rows use the empty-string encoding"},
                  {"input_ids": ids2, "attention_mask": mask2, "image_embeds": z2, "x_T": x_T, "noise": noise,
                   "out": outd})

    # DDIM inversion of a decoder image (real held-out image at the decoder's size), guidance 1, and reconstruction
    n = 10
    img = u8_to_pm1(ev[f"eval_i{DEC}"][:1])
    txt1 = enc([caps[0]])
    fn = sampling.decoder_model_fn(m["decoder"], z[:1], txt1, enc.empty_like(1), 1.0)
    xT = sampling.ddim_invert(fn, img, n, sch["decoder"]["scheduler"])
    rec = sampling.denoise(fn, xT, None, n, sch["decoder"]["scheduler"], "ddim", 0.0).clamp(-1, 1)
    write_fixture(os.path.join(fx, "sample_inversion.json"),
                  {"text": caps[0], "steps": n, "guidance": 1.0, "eta": 0.0,
                   "note": "x_T = ddim_invert(image); recon = DDIM(eta 0) from x_T, clamped to [-1,1]"},
                  {"input_ids": tk.batch([caps[0]])[0], "attention_mask": tk.batch([caps[0]])[1],
                   "image_embeds": z[:1], "image": img, "x_T": xT, "recon": rec})
    log(f"fixtures written; inversion recon max abs err {float((rec - img).abs().max()):.3f}")


def stage_export(cfg, wd):
    tmp = os.path.join(WORK, f"bundle_tmp_{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    ck = export_onnx(wd, tmp)
    write_static(tmp, ck)
    write_manifest(tmp, ck)
    write_fixtures(tmp, wd)
    old = os.path.join(WORK, f"bundle_old_{int(time.time())}")
    if os.path.exists(BUNDLE):
        os.rename(BUNDLE, old)
    os.rename(tmp, BUNDLE)
    shutil.rmtree(old, ignore_errors=True)
    sizes = {f: os.path.getsize(os.path.join(BUNDLE, f)) for f in sorted(os.listdir(BUNDLE))
             if os.path.isfile(os.path.join(BUNDLE, f))}
    log("bundle written:", json.dumps(sizes))
