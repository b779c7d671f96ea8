"""Training stages: data, clip, prior, decoder, upsampler1, upsampler2. Checkpoints in models/.work/<full|smoke>/.

Each stage draws its batches and computes its loss; training.train_loop runs the optimisation of all five."""
import os

import numpy as np
import torch
import torch.nn.functional as F

from . import config, data, nets, sampling
from . import tokenizer as tk
from .common import CLIP_SIZE, T, log, seed_all
from .training import (TextEncoder, build_clip, build_stage, clip_pixels, load_arrays, load_clip,
                       minsnr_v_weight, q_sample, save_grid, save_stage, train_loop, u8_to_pm1)


def begin_stage(cfg, name):
    """The stage's config and its own seeded numpy generator (torch's and numpy's global seeds are set too)."""
    seed_all(config.SEEDS[name])
    return cfg[name], np.random.default_rng(config.SEEDS[name])


def frozen_text_encoder(wd):
    """The trained CLIP, its checkpoint (pixel and embedding statistics) and its frozen text encoder."""
    clip, clip_ckpt = load_clip(wd)
    return clip, clip_ckpt, TextEncoder(clip.text)


def image_key(size, held_out=False):
    """The work-dir array of the training renders at `size` px (eval_… for the held-out scenes)."""
    return f"{'eval_' if held_out else ''}i{size}"


def stage_data(cfg, wd):
    seed = config.SEEDS["data"]
    scenes = data.sample_scenes(cfg["n_train"], seed)
    held_out = data.sample_scenes(cfg["n_eval"], config.SEEDS["eval"], heldout=True)
    arrays = {"attrs": scenes, "eval_attrs": held_out}
    for images in data.render_many(scenes, seed):
        arrays[image_key(images.shape[1])] = images
    for images in data.render_many(held_out, config.SEEDS["eval"]):
        arrays[image_key(images.shape[1], held_out=True)] = images
    missing = [size for size in config.IMAGE_SIZE.values() if image_key(size) not in arrays]
    assert not missing, f"the renderer makes no {missing} px images"
    for name, array in arrays.items():
        np.save(os.path.join(wd, f"{name}.npy"), array)
    # no held-out (shape, colour, fill) triple may appear in training
    for a in scenes:
        assert not data.is_heldout(a[1], a[2], a[5])
        if a[0] == 2:
            assert not data.is_heldout(a[7], a[8], a[9])
    largest = max(config.IMAGE_SIZE.values())
    save_grid(os.path.join(wd, "data_preview.png"), u8_to_pm1(arrays[image_key(largest)][:16]), 4)
    log(f"data: {len(scenes)} train scenes, {len(held_out)} held-out eval scenes")


def stage_clip(cfg, wd):
    stage_cfg, rng = begin_stage(cfg, "clip")
    arrays = load_arrays(wd, ("attrs", image_key(CLIP_SIZE)))
    scenes, images = arrays["attrs"], arrays[image_key(CLIP_SIZE)]
    pixel_mean = [round(float(v), 4) for v in (images[:5000].reshape(-1, 3).mean(0) / 255.0)]
    pixel_std = [round(float(v), 4) for v in (images[:5000].reshape(-1, 3).std(0) / 255.0)]
    clip = build_clip()
    clip.image = clip.image.to(memory_format=torch.channels_last)
    batches = data.HardNegativeBatches(scenes, rng)

    def batch_loss(_step):
        idx = batches(stage_cfg["batch"])
        captions, constraints = zip(*[data.random_caption(scenes[i], rng, partial_p=stage_cfg["partial_p"])
                                      for i in idx])
        # compatible[i, j]: caption i describes image j (several can), the contrastive targets
        compatible = torch.from_numpy(data.compat_matrix(list(constraints), scenes[idx]))
        ids, _ = tk.batch(captions)
        text_embeds, _ = clip.text(ids)
        pixels = clip_pixels(images[idx], pixel_mean, pixel_std).contiguous(memory_format=torch.channels_last)
        image_embeds = clip.image(pixels)
        scale = clip.logit_scale.exp().clamp(max=100)
        logits = scale * F.normalize(text_embeds, dim=-1) @ F.normalize(image_embeds, dim=-1).t()
        text_targets = compatible / compatible.sum(1, keepdim=True)
        image_targets = (compatible / compatible.sum(0, keepdim=True)).t()
        return 0.5 * (-(text_targets * F.log_softmax(logits, 1)).sum(1).mean()
                      - (image_targets * F.log_softmax(logits.t(), 1)).sum(1).mean())

    train_loop("clip", clip, stage_cfg, batch_loss, weight_decay=0.02,
               describe=lambda: f"scale {clip.logit_scale.exp().item():.1f}")
    clip.image = clip.image.to(memory_format=torch.contiguous_format)
    clip.eval()
    # image-embedding statistics of the training set (L2-normalised): the prior's normalisation and the PCA
    with torch.no_grad():
        embeds = torch.cat([F.normalize(clip.image(clip_pixels(images[i:i + 500], pixel_mean, pixel_std)), dim=-1)
                            for i in range(0, len(scenes), 500)])
    centred = (embeds - embeds.mean(0)).double()
    eigenvalues, eigenvectors = torch.linalg.eigh(centred.t() @ centred / (len(scenes) - 1))
    order = torch.argsort(eigenvalues, descending=True)
    torch.save({"state": clip.state_dict(), "pixel_mean": pixel_mean, "pixel_std": pixel_std,
                "clip_mean": embeds.mean(0), "clip_std": embeds.std(0),
                "pca_components": eigenvectors[:, order].t().float(), "pca_var": eigenvalues[order].float(),
                "embs": embeds}, os.path.join(wd, "clip.pt"))


def stage_prior(cfg, wd):
    stage_cfg, rng = begin_stage(cfg, "prior")
    _, clip_ckpt, encode = frozen_text_encoder(wd)
    scenes = load_arrays(wd, ("attrs",))["attrs"]
    # the prior predicts standardised CLIP image embeddings
    targets = (clip_ckpt["embs"] - clip_ckpt["clip_mean"]) / clip_ckpt["clip_std"]
    prior = build_stage("prior")
    batch = stage_cfg["batch"]

    def batch_loss(_step):
        idx = rng.choice(len(scenes), batch, replace=False)
        # 10 % empty captions: the unconditional branch of classifier-free guidance
        text = encode([data.random_caption(scenes[i], rng)[0] if rng.random() >= 0.1 else "" for i in idx])
        x0 = targets[idx]
        t = torch.from_numpy(rng.integers(0, T, batch))
        xt, _ = q_sample(x0, t, torch.randn_like(x0))
        pred = prior(xt, t.float(), text["text_embeds"], text["text_hidden_states"], text["attention_mask"])
        return F.mse_loss(pred, x0)

    save_stage(wd, "prior", train_loop("prior", prior, stage_cfg, batch_loss, weight_decay=0.01,
                                       ema_decay=0.995, clip_grad=1.0))


@torch.no_grad()
def decoder_preview(decoder, encode, image_embeds, captions, path, steps=25, guidance=3.0, seed=0):
    generator = torch.Generator().manual_seed(seed)
    size = config.IMAGE_SIZE["decoder"]
    n = image_embeds.shape[0]
    x_T = torch.randn(n, 3, size, size, generator=generator)
    noise = torch.randn(steps, n, 3, size, size, generator=generator)
    out = sampling.sample_decoder(decoder, image_embeds, encode(captions), encode.empty_like(n), x_T, noise, steps,
                                  guidance, config.DECODER_SCHED)
    save_grid(path, out, 8, scale=4)
    return out


def stage_decoder(cfg, wd):
    stage_cfg, rng = begin_stage(cfg, "decoder")
    clip, clip_ckpt, encode = frozen_text_encoder(wd)
    size_key = image_key(config.IMAGE_SIZE["decoder"])
    arrays = load_arrays(wd, ("attrs", size_key))
    scenes, images = arrays["attrs"], arrays[size_key]
    image_embeds = clip_ckpt["embs"]
    held_out = load_arrays(wd, ("eval_attrs", image_key(CLIP_SIZE, held_out=True)))
    with torch.no_grad():
        preview_pixels = clip_pixels(held_out[image_key(CLIP_SIZE, held_out=True)][:16],
                                     clip_ckpt["pixel_mean"], clip_ckpt["pixel_std"])
        preview_embeds = F.normalize(clip.image(preview_pixels), dim=-1)
    preview_captions = [data.canonical_caption(a) for a in held_out["eval_attrs"][:16]]
    decoder = build_stage("decoder")
    log(f"decoder params {nets.nparams(decoder) / 1e6:.2f}M")
    batch = stage_cfg["batch"]

    def batch_loss(_step):
        idx = rng.choice(len(scenes), batch, replace=False)
        text = encode([data.random_caption(scenes[i], rng)[0] if rng.random() >= 0.5 else "" for i in idx])
        # 10 % of rows drop the image embedding too: the unconditional branch of guidance
        drop = torch.from_numpy((rng.random(batch) < 0.1).astype(np.float32))
        x0 = u8_to_pm1(images[idx])
        t = torch.from_numpy(rng.integers(0, T, batch))
        eps = torch.randn_like(x0)
        xt, abar = q_sample(x0, t, eps)
        v = abar.sqrt() * eps - (1 - abar).sqrt() * x0
        pred = decoder(xt, t.float(), image_embeds[idx], text["text_embeds"], text["text_hidden_states"],
                       text["attention_mask"], drop)
        return (minsnr_v_weight(abar.view(-1)) * (pred - v).square().mean(dim=(1, 2, 3))).mean()

    def checkpoint(step, weights):
        save_stage(wd, "decoder", weights)
        decoder_preview(weights, encode, preview_embeds, preview_captions,
                        os.path.join(wd, f"preview_decoder_{step + 1:05d}.png"))

    kept = train_loop("decoder", decoder, stage_cfg, batch_loss, weight_decay=0.01, warmup=100, ema_decay=0.998,
                      clip_grad=1.0, checkpoint_every=stage_cfg["preview_every"], on_checkpoint=checkpoint)
    save_stage(wd, "decoder", kept)
    with open(os.path.join(wd, "preview_captions.txt"), "w") as f:
        f.write("\n".join(preview_captions))


def gaussian_blur(x, sigmas):
    """Per-sample Gaussian blur (5-tap separable, reflect padding)."""
    n, channels, height, width = x.shape
    r = torch.arange(-2, 3, dtype=torch.float32)
    k = torch.exp(-r[None] ** 2 / (2 * sigmas[:, None] ** 2))
    k = (k / k.sum(1, keepdim=True)).repeat_interleave(channels, 0)  # [n * channels, 5]
    y = x.reshape(1, n * channels, height, width)
    y = F.conv2d(F.pad(y, (2, 2, 0, 0), mode="reflect"), k[:, None, None, :], groups=n * channels)
    y = F.conv2d(F.pad(y, (0, 0, 2, 2), mode="reflect"), k[:, None, :, None], groups=n * channels)
    return y.reshape(n, channels, height, width)


def stage_upsampler(cfg, wd, which):
    stage_cfg, rng = begin_stage(cfg, which)
    low_size, size = config.UPSAMPLER_SIZES[which]
    arrays = load_arrays(wd, (image_key(low_size), image_key(size)))
    low_images, high_images = arrays[image_key(low_size)], arrays[image_key(size)]
    upsampler = build_stage(which)
    log(f"{which} params {nets.nparams(upsampler) / 1e6:.2f}M")
    batch, crop = stage_cfg["batch"], config.UPSAMPLER_CROP

    def batch_loss(_step):
        idx = rng.choice(len(low_images), batch, replace=False)
        high = u8_to_pm1(high_images[idx])
        low = u8_to_pm1(low_images[idx])
        # 70 % of the low-res inputs are slightly blurred, so the upsampler does not rely on sharp inputs
        blurred = rng.random(batch) < 0.7
        sigmas = torch.from_numpy(rng.uniform(0.4, 0.8, batch).astype(np.float32))
        low = torch.where(torch.from_numpy(blurred)[:, None, None, None], gaussian_blur(low, sigmas), low)
        low = sampling.bicubic_cond(low, size)
        if size > crop:
            oy, ox = rng.integers(0, size - crop + 1, 2)
            high = high[:, :, oy:oy + crop, ox:ox + crop]
            low = low[:, :, oy:oy + crop, ox:ox + crop]
        t = torch.from_numpy(rng.integers(0, T, batch))
        eps = torch.randn_like(high)
        xt, abar = q_sample(high, t, eps)
        pred = upsampler(xt, low, t.float())
        if config.UP_SCHED["prediction_type"] == "sample":
            snr = abar.view(-1) / (1 - abar.view(-1))
            weight = snr.clamp(0.2, 5.0)  # min-SNR-5 in x0 terms, floored so high-noise steps still learn
            return (weight * (pred - high).square().mean(dim=(1, 2, 3))).mean()
        v = abar.sqrt() * eps - (1 - abar).sqrt() * high
        return (minsnr_v_weight(abar.view(-1)) * (pred - v).square().mean(dim=(1, 2, 3))).mean()

    save_stage(wd, which, train_loop(which, upsampler, stage_cfg, batch_loss, weight_decay=0.01, ema_decay=0.995,
                                     clip_grad=1.0))
