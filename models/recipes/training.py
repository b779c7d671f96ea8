"""What every training stage shares: the one training loop, EMA weights, the learning-rate schedule, pixel
conversions, the frozen CLIP text encoder, forward diffusion and checkpoints."""
import copy
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

from . import config, nets
from . import tokenizer as tk
from .common import ABAR, Timer, log

ABAR_T = torch.tensor(ABAR, dtype=torch.float32)
LOG_EVERY = 50


def load_arrays(wd, names):
    """The named .npy arrays of the work dir (written by the data stage)."""
    return {name: np.load(os.path.join(wd, f"{name}.npy")) for name in names}


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


def learning_rate_at(step, steps, base, warmup=50):
    """Linear warm-up, then cosine decay to a tenth of `base`."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


class EMA:
    """An exponential moving average of a model's weights (decay warmed up over the first steps)."""

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


def train_loop(name, model, stage_cfg, batch_loss, *, weight_decay, warmup=50, ema_decay=None, clip_grad=None,
               describe=None, checkpoint_every=None, on_checkpoint=None):
    """The training loop of every stage: AdamW with a warm-up + cosine learning rate, optional gradient-norm
    clipping and EMA weights, a log line every LOG_EVERY steps (plus `describe()` when given).

    `batch_loss(step)` draws one batch and returns its loss. `on_checkpoint(step, weights)` runs every
    `checkpoint_every` steps and after the last one. Returns the weights to keep: the EMA copy when there is
    one, else the trained model."""
    steps, base_lr = stage_cfg["steps"], stage_cfg["lr"]
    ema = EMA(model, ema_decay) if ema_decay else None
    optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr, weight_decay=weight_decay)
    kept = ema.m if ema else model
    timer = Timer()
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate_at(step, steps, base_lr, warmup)
        loss = batch_loss(step)
        optimizer.zero_grad()
        loss.backward()
        if clip_grad is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip_grad)
        optimizer.step()
        if ema:
            ema.update(model, step)
        last = step == steps - 1
        if step % LOG_EVERY == 0 or last:
            extra = f" {describe()}" if describe else ""
            log(f"{name} step {step} loss {loss.item():.4f}{extra} ({timer():.0f}s)")
        if on_checkpoint and ((step + 1) % checkpoint_every == 0 or last):
            on_checkpoint(step, kept)
    log(f"{name} trained in {timer():.0f}s")
    return kept


def build_clip():
    return nets.Clip(len(tk.VOCAB))


def load_clip(wd):
    checkpoint = torch.load(os.path.join(wd, "clip.pt"))
    clip = build_clip()
    clip.load_state_dict(checkpoint["state"])
    clip.eval()
    return clip, checkpoint


def build_stage(name):
    """A fresh network of a diffusion stage, shaped by config.ARCH."""
    if name == "prior":
        return nets.Prior(**config.ARCH["prior"])
    if name == "decoder":
        return nets.Decoder(**config.ARCH["decoder"])
    return nets.Upsampler(**config.ARCH[name])


def save_stage(wd, name, model):
    torch.save({"state": model.state_dict()}, os.path.join(wd, f"{name}.pt"))


def load_stage(wd, name):
    model = build_stage(name)
    model.load_state_dict(torch.load(os.path.join(wd, f"{name}.pt"))["state"])
    return model.eval()


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
    """Forward diffusion: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) noise; also returns abar_t (broadcastable)."""
    abar = ABAR_T[t].view(-1, *([1] * (x0.dim() - 1)))
    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise, abar


def minsnr_v_weight(abar, gamma=5.0):
    """Min-SNR-gamma loss weight for v-prediction."""
    snr = abar / (1 - abar)
    return torch.clamp(snr, max=gamma) / (snr + 1)


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
