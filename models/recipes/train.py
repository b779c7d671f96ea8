"""Training stages: data, clip, prior, decoder, upsampler1, upsampler2. Checkpoints in models/.work/<full|smoke>/."""
import copy
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

from . import config, data, nets, sampling
from . import tokenizer as tk
from .common import ABAR, T, Timer, log, save_json, seed_all

ABAR_T = torch.tensor(ABAR, dtype=torch.float32)


# ----------------------------------------------------------------- helpers
def load_data(wd, which=("attrs", "i64")):
    return {k: np.load(os.path.join(wd, f"{k}.npy")) for k in which}


def load_eval(wd, which=("eval_attrs", "eval_i64")):
    return {k: np.load(os.path.join(wd, f"{k}.npy")) for k in which}


def u8_to_pm1(x):
    """uint8 NHWC numpy -> float32 NCHW in [-1, 1]."""
    return torch.from_numpy(x).permute(0, 3, 1, 2).float().div(127.5).sub(1.0).contiguous()


def clip_pixels(x_u8, mean, std):
    x = torch.from_numpy(x_u8).permute(0, 3, 1, 2).float().div(255.0)
    return ((x - torch.tensor(mean)[None, :, None, None]) / torch.tensor(std)[None, :, None, None]).contiguous()


def pm1_to_clip_pixels(x, mean, std, size=64):
    """[-1,1] NCHW image -> CLIP pixel_values: area-resize to `size`, (rgb01 - mean) / std."""
    if x.shape[-1] != size:
        x = F.adaptive_avg_pool2d(x, size) if x.shape[-1] % size == 0 else F.interpolate(
            x, size=(size, size), mode="bicubic", align_corners=False)
    x = (x.clamp(-1, 1) + 1) / 2
    return (x - torch.tensor(mean)[None, :, None, None]) / torch.tensor(std)[None, :, None, None]


def lr_at(step, steps, base, warmup=50):
    if step < warmup:
        return base * (step + 1) / warmup
    p = (step - warmup) / max(1, steps - warmup)
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p)))


class EMA:
    def __init__(self, model, decay):
        self.m = copy.deepcopy(model).eval()
        self.decay = decay
        for p in self.m.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model, step):
        d = min(self.decay, (1 + step) / (10 + step))
        for pe, p in zip(self.m.parameters(), model.parameters()):
            pe.mul_(d).add_(p.detach(), alpha=1 - d)


def build_clip():
    return nets.Clip(len(tk.VOCAB))


def load_clip(wd):
    ck = torch.load(os.path.join(wd, "clip.pt"))
    clip = build_clip()
    clip.load_state_dict(ck["state"])
    clip.eval()
    return clip, ck


class TextEncoder:
    """Frozen CLIP text tower: texts -> dict(text_embeds L2-normalised, text_hidden_states, attention_mask)."""

    def __init__(self, clip_text):
        self.m = clip_text
        self.empty = None

    @torch.no_grad()
    def __call__(self, texts):
        ids, mask = tk.batch(texts)
        e, h = self.m(ids)
        return dict(text_embeds=F.normalize(e, dim=-1), text_hidden_states=h, attention_mask=mask)

    def empty_like(self, n):
        if self.empty is None:
            self.empty = self([""])
        return {k: v.expand(n, *v.shape[1:]).contiguous() for k, v in self.empty.items()}


def q_sample(x0, t, noise):
    a = ABAR_T[t].view(-1, *([1] * (x0.dim() - 1)))
    return a.sqrt() * x0 + (1 - a).sqrt() * noise, a


def save_grid(path, imgs_pm1, ncol, scale=1):
    from PIL import Image
    x = ((imgs_pm1.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()
    n, h, w, _ = x.shape
    nrow = (n + ncol - 1) // ncol
    g = np.zeros((nrow * h, ncol * w, 3), np.uint8)
    for i in range(n):
        r, c = divmod(i, ncol)
        g[r * h:(r + 1) * h, c * w:(c + 1) * w] = x[i]
    im = Image.fromarray(g)
    if scale != 1:
        im = im.resize((g.shape[1] * scale, g.shape[0] * scale), Image.NEAREST)
    im.save(path)


# ----------------------------------------------------------------- stages
def stage_data(cfg, wd):
    seed = config.SEEDS["data"]
    attrs = data.sample_scenes(cfg["n_train"], seed)
    i128, i64, i32 = data.render_many(attrs, seed)
    ev = data.sample_scenes(cfg["n_eval"], config.SEEDS["eval"], heldout=True)
    e128, e64, e32 = data.render_many(ev, config.SEEDS["eval"])
    for k, v in dict(attrs=attrs, i128=i128, i64=i64, i32=i32, eval_attrs=ev, eval_i128=e128, eval_i64=e64,
                     eval_i32=e32).items():
        np.save(os.path.join(wd, f"{k}.npy"), v)
    # no held-out triple may appear in training
    for a in attrs:
        assert not data.is_heldout(a[1], a[2], a[5])
        if a[0] == 2:
            assert not data.is_heldout(a[7], a[8], a[9])
    save_grid(os.path.join(wd, "data_preview.png"), u8_to_pm1(i128[:16]), 4)
    log(f"data: {len(attrs)} train scenes, {len(ev)} held-out eval scenes")


def stage_clip(cfg, wd):
    c = cfg["clip"]
    seed_all(config.SEEDS["clip"])
    rng = np.random.default_rng(config.SEEDS["clip"])
    d = load_data(wd)
    attrs, imgs = d["attrs"], d["i64"]
    mean = [round(float(v), 4) for v in (imgs[:5000].reshape(-1, 3).mean(0) / 255.0)]
    std = [round(float(v), 4) for v in (imgs[:5000].reshape(-1, 3).std(0) / 255.0)]
    clip = build_clip()
    clip.image = clip.image.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(clip.parameters(), lr=c["lr"], weight_decay=0.02)
    N = len(attrs)
    batches = data.HardNegativeBatches(attrs, rng)
    tm = Timer()
    for step in range(c["steps"]):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, c["steps"], c["lr"])
        idx = batches(c["batch"])
        caps, cons = zip(*[data.random_caption(attrs[i], rng, partial_p=c["partial_p"]) for i in idx])
        M = torch.from_numpy(data.compat_matrix(list(cons), attrs[idx]))
        ids, _ = tk.batch(caps)
        te, _ = clip.text(ids)
        px = clip_pixels(imgs[idx], mean, std).contiguous(memory_format=torch.channels_last)
        ie = clip.image(px)
        logits = clip.logit_scale.exp().clamp(max=100) * F.normalize(te, dim=-1) @ F.normalize(ie, dim=-1).t()
        tgt_t = M / M.sum(1, keepdim=True)
        tgt_i = (M / M.sum(0, keepdim=True)).t()
        loss = 0.5 * (-(tgt_t * F.log_softmax(logits, 1)).sum(1).mean()
                      - (tgt_i * F.log_softmax(logits.t(), 1)).sum(1).mean())
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == c["steps"] - 1:
            log(f"clip step {step} loss {loss.item():.4f} scale {clip.logit_scale.exp().item():.1f} ({tm():.0f}s)")
    clip.image = clip.image.to(memory_format=torch.contiguous_format)
    clip.eval()
    # image-embedding statistics of the training set (L2-normalised)
    embs = []
    with torch.no_grad():
        for i in range(0, N, 500):
            embs.append(F.normalize(clip.image(clip_pixels(imgs[i:i + 500], mean, std)), dim=-1))
    embs = torch.cat(embs)
    clip_mean = embs.mean(0)
    clip_std = embs.std(0)
    cen = (embs - clip_mean).double()
    cov = cen.t() @ cen / (N - 1)
    evals, evecs = torch.linalg.eigh(cov)
    order = torch.argsort(evals, descending=True)
    torch.save({"state": clip.state_dict(), "pixel_mean": mean, "pixel_std": std, "clip_mean": clip_mean,
                "clip_std": clip_std, "pca_components": evecs[:, order].t().float(),
                "pca_var": evals[order].float(), "embs": embs}, os.path.join(wd, "clip.pt"))
    log(f"clip done in {tm():.0f}s")


def stage_prior(cfg, wd):
    c = cfg["prior"]
    seed_all(config.SEEDS["prior"])
    rng = np.random.default_rng(config.SEEDS["prior"])
    clip, ck = load_clip(wd)
    enc = TextEncoder(clip.text)
    attrs = load_data(wd, ("attrs",))["attrs"]
    x_all = (ck["embs"] - ck["clip_mean"]) / ck["clip_std"]
    prior = nets.Prior(**config.ARCH["prior"])
    ema = EMA(prior, 0.995)
    opt = torch.optim.AdamW(prior.parameters(), lr=c["lr"], weight_decay=0.01)
    N = len(attrs)
    tm = Timer()
    for step in range(c["steps"]):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, c["steps"], c["lr"])
        idx = rng.choice(N, c["batch"], replace=False)
        caps = [data.random_caption(attrs[i], rng)[0] if rng.random() >= 0.1 else "" for i in idx]
        txt = enc(caps)
        x0 = x_all[idx]
        t = torch.from_numpy(rng.integers(0, T, c["batch"]))
        xt, _ = q_sample(x0, t, torch.randn_like(x0))
        pred = prior(xt, t.float(), txt["text_embeds"], txt["text_hidden_states"], txt["attention_mask"])
        loss = F.mse_loss(pred, x0)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(prior.parameters(), 1.0)
        opt.step()
        ema.update(prior, step)
        if step % 50 == 0 or step == c["steps"] - 1:
            log(f"prior step {step} loss {loss.item():.4f} ({tm():.0f}s)")
    torch.save({"state": ema.m.state_dict()}, os.path.join(wd, "prior.pt"))
    log(f"prior done in {tm():.0f}s")


def minsnr_v_weight(a, gamma=5.0):
    snr = a / (1 - a)
    return torch.clamp(snr, max=gamma) / (snr + 1)


@torch.no_grad()
def decoder_preview(dec, enc, z, caps, path, steps=25, guidance=3.0, seed=0):
    g = torch.Generator().manual_seed(seed)
    B = z.shape[0]
    x_T = torch.randn(B, 3, 32, 32, generator=g)
    noise = torch.randn(steps, B, 3, 32, 32, generator=g)
    out = sampling.sample_decoder(dec, z, enc(caps), enc.empty_like(B), x_T, noise, steps, guidance,
                                  config.DECODER_SCHED)
    save_grid(path, out, 8, scale=4)
    return out


def stage_decoder(cfg, wd):
    c = cfg["decoder"]
    seed_all(config.SEEDS["decoder"])
    rng = np.random.default_rng(config.SEEDS["decoder"])
    clip, ck = load_clip(wd)
    enc = TextEncoder(clip.text)
    d = load_data(wd, ("attrs", "i32"))
    attrs, imgs = d["attrs"], d["i32"]
    embs = ck["embs"]
    ev = load_eval(wd, ("eval_attrs", "eval_i64"))
    with torch.no_grad():
        ev_z = F.normalize(clip.image(clip_pixels(ev["eval_i64"][:16], ck["pixel_mean"], ck["pixel_std"])), dim=-1)
    ev_caps = [data.canonical_caption(a) for a in ev["eval_attrs"][:16]]
    dec = nets.Decoder(**config.ARCH["decoder"])
    log(f"decoder params {nets.nparams(dec) / 1e6:.2f}M")
    ema = EMA(dec, 0.998)
    opt = torch.optim.AdamW(dec.parameters(), lr=c["lr"], weight_decay=0.01)
    N = len(attrs)
    B = c["batch"]
    tm = Timer()
    for step in range(c["steps"]):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, c["steps"], c["lr"], warmup=100)
        idx = rng.choice(N, B, replace=False)
        caps = [data.random_caption(attrs[i], rng)[0] if rng.random() >= 0.5 else "" for i in idx]
        drop = torch.from_numpy((rng.random(B) < 0.1).astype(np.float32))
        txt = enc(caps)
        x0 = u8_to_pm1(imgs[idx])
        t = torch.from_numpy(rng.integers(0, T, B))
        eps = torch.randn_like(x0)
        xt, a = q_sample(x0, t, eps)
        v = a.sqrt() * eps - (1 - a).sqrt() * x0
        pred = dec(xt, t.float(), embs[idx], txt["text_embeds"], txt["text_hidden_states"], txt["attention_mask"],
                   drop)
        w = minsnr_v_weight(a.view(-1))
        loss = (w * (pred - v).square().mean(dim=(1, 2, 3))).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(dec.parameters(), 1.0)
        opt.step()
        ema.update(dec, step)
        if step % 50 == 0 or step == c["steps"] - 1:
            log(f"decoder step {step} loss {loss.item():.4f} ({tm():.0f}s)")
        if (step + 1) % c["preview_every"] == 0 or step == c["steps"] - 1:
            torch.save({"state": ema.m.state_dict()}, os.path.join(wd, "decoder.pt"))
            decoder_preview(ema.m, enc, ev_z, ev_caps, os.path.join(wd, f"preview_decoder_{step + 1:05d}.png"))
    torch.save({"state": ema.m.state_dict()}, os.path.join(wd, "decoder.pt"))
    with open(os.path.join(wd, "preview_captions.txt"), "w") as f:
        f.write("\n".join(ev_caps))
    log(f"decoder done in {tm():.0f}s")


def gaussian_blur(x, sigmas):
    """Per-sample Gaussian blur (5-tap separable, reflect padding)."""
    B, C, H, Wd = x.shape
    r = torch.arange(-2, 3, dtype=torch.float32)
    k = torch.exp(-r[None] ** 2 / (2 * sigmas[:, None] ** 2))
    k = k / k.sum(1, keepdim=True)
    k = k.repeat_interleave(C, 0)  # [B*C, 5]
    y = x.reshape(1, B * C, H, Wd)
    y = F.conv2d(F.pad(y, (2, 2, 0, 0), mode="reflect"), k[:, None, None, :], groups=B * C)
    y = F.conv2d(F.pad(y, (0, 0, 2, 2), mode="reflect"), k[:, None, :, None], groups=B * C)
    return y.reshape(B, C, H, Wd)


def stage_upsampler(cfg, wd, which):
    c = cfg[which]
    seed_all(config.SEEDS[which])
    rng = np.random.default_rng(config.SEEDS[which])
    lo_key, hi_key = ("i32", "i64") if which == "upsampler1" else ("i64", "i128")
    d = load_data(wd, (lo_key, hi_key))
    lo_all, hi_all = d[lo_key], d[hi_key]
    up = nets.Upsampler(**config.ARCH[which])
    log(f"{which} params {nets.nparams(up) / 1e6:.2f}M")
    ema = EMA(up, 0.995)
    opt = torch.optim.AdamW(up.parameters(), lr=c["lr"], weight_decay=0.01)
    N = len(lo_all)
    B = c["batch"]
    size = hi_all.shape[1]
    crop = 64
    tm = Timer()
    for step in range(c["steps"]):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, c["steps"], c["lr"])
        idx = rng.choice(N, B, replace=False)
        hi = u8_to_pm1(hi_all[idx])
        lo = u8_to_pm1(lo_all[idx])
        blur = rng.random(B) < 0.7
        sig = torch.from_numpy(rng.uniform(0.4, 0.8, B).astype(np.float32))
        lo_b = gaussian_blur(lo, sig)
        lo = torch.where(torch.from_numpy(blur)[:, None, None, None], lo_b, lo)
        low = sampling.bicubic_cond(lo, size)
        if size > crop:
            oy, ox = rng.integers(0, size - crop + 1, 2)
            hi = hi[:, :, oy:oy + crop, ox:ox + crop]
            low = low[:, :, oy:oy + crop, ox:ox + crop]
        t = torch.from_numpy(rng.integers(0, T, B))
        eps = torch.randn_like(hi)
        xt, a = q_sample(hi, t, eps)
        pred = up(xt, low, t.float())
        if config.UP_SCHED["prediction_type"] == "sample":
            snr = a.view(-1) / (1 - a.view(-1))
            w = snr.clamp(0.2, 5.0)  # min-SNR-5 in x0 terms, floored so high-noise steps still learn
            loss = (w * (pred - hi).square().mean(dim=(1, 2, 3))).mean()
        else:
            v = a.sqrt() * eps - (1 - a).sqrt() * hi
            w = minsnr_v_weight(a.view(-1))
            loss = (w * (pred - v).square().mean(dim=(1, 2, 3))).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(up.parameters(), 1.0)
        opt.step()
        ema.update(up, step)
        if step % 50 == 0 or step == c["steps"] - 1:
            log(f"{which} step {step} loss {loss.item():.4f} ({tm():.0f}s)")
    torch.save({"state": ema.m.state_dict()}, os.path.join(wd, f"{which}.pt"))
    log(f"{which} done in {tm():.0f}s")


def load_stage(wd, name):
    if name == "prior":
        m = nets.Prior(**config.ARCH["prior"])
    elif name == "decoder":
        m = nets.Decoder(**config.ARCH["decoder"])
    else:
        m = nets.Upsampler(**config.ARCH[name])
    m.load_state_dict(torch.load(os.path.join(wd, f"{name}.pt"))["state"])
    return m.eval()
