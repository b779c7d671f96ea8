"""DDIM inversion test data from the shipped bundle alone (no training work dir needed):

- test/fixtures/inversion/<bg>-<shape>.png: 64 px scenes drawn with the recipe's renderer, one per
  background x shape, and captions.json (their canonical captions);
- models/shapes-tiny/fixtures/sample_inversion_refined.json: the torch reference of decoder inversion with
  fixed-point refinement (sampling.ddim_invert, refine > 0) and its DDIM(0) reconstruction, for one scene
  per background.

Run: cd models && /usr/bin/python3 -m recipes.inversion_fixture
"""
import json
import os

import numpy as np
import torch
from PIL import Image

from . import data, sampling
from .bundle import load_bundle
from .common import BUNDLE, MODELS, log
from .export import write_fixture
from .training import TextEncoder, clip_pixels, u8_to_pm1

OUT_PNG = os.path.join(os.path.dirname(MODELS), "test", "fixtures", "inversion")
STEPS, REFINE = 10, 10
# (shape, colour, size, position, fill) per shape; every shape is drawn on every background
OBJECTS = {"circle": (0, 2, 1, 4, 0), "square": (1, 0, 1, 4, 0), "triangle": (2, 1, 1, 2, 2), "cross": (3, 3, 0, 0, 1)}
GOLDEN = [("white", "square"), ("gray", "circle"), ("black", "triangle")]


def scene(bg, shape):
    a = np.full(data.ATTR_LEN, -1, dtype=np.int64)
    a[data.NOBJ] = 1
    a[data.SHAPE], a[data.COLOUR], a[data.SIZE], a[data.POS], a[data.FILL] = OBJECTS[shape]
    a[data.BG] = data.BGS.index(bg)
    return a


def render(a, seed):
    """As the training data: 128 px supersampled render, area-downsampled to 64 and 32, rounded to uint8."""
    im64 = data.area_down(data.render(a, 128, 2, jitter_seed=seed), 2)
    return np.round(im64 * 255).astype(np.uint8), np.round(data.area_down(im64, 2) * 255).astype(np.uint8)


@torch.no_grad()
def main():
    man, m, st = load_bundle(BUNDLE)
    os.makedirs(OUT_PNG, exist_ok=True)
    captions, golden = {}, {}
    for i, bg in enumerate(data.BGS):
        for j, shape in enumerate(OBJECTS):
            a = scene(bg, shape)
            i64, i32 = render(a, 100 + 10 * i + j)
            name = f"{bg}-{shape}.png"
            Image.fromarray(i64).save(os.path.join(OUT_PNG, name), optimize=True)
            captions[name] = data.canonical_caption(a)
            if (bg, shape) in GOLDEN:
                golden[name] = (i64, i32)
    with open(os.path.join(OUT_PNG, "captions.json"), "w") as f:
        json.dump(captions, f, indent=2)
        f.write("\n")

    names = list(golden)
    texts = [captions[n] for n in names]
    i64 = np.stack([golden[n][0] for n in names])
    img = u8_to_pm1(np.stack([golden[n][1] for n in names]))
    z = torch.nn.functional.normalize(m["clip_image"](clip_pixels(i64, st["pixel_mean"], st["pixel_std"])), dim=-1)
    enc = TextEncoder(m["clip_text"])
    sched = man["stages"]["decoder"]["scheduler"]
    fn = sampling.decoder_model_fn(m["decoder"], z, enc(texts), enc.empty_like(len(texts)), 1.0)
    x_T = sampling.ddim_invert(fn, img, STEPS, sched, refine=REFINE)
    recon = sampling.denoise(fn, x_T, None, STEPS, sched, "ddim", 0.0).clamp(-1, 1)
    plain = sampling.denoise(fn, sampling.ddim_invert(fn, img, STEPS, sched), None, STEPS, sched, "ddim", 0.0)
    psnr = lambda r: [round(float(10 * torch.log10(4 / (r[k] - img[k]).square().mean())), 1) for k in range(len(r))]
    write_fixture(os.path.join(BUNDLE, "fixtures", "sample_inversion_refined.json"),
                  {"files": names, "texts": texts, "steps": STEPS, "refine": REFINE, "guidance": 1.0, "eta": 0.0,
                   "tolerance": sampling.INVERSION_TOLERANCE,
                   "note": "x_T = ddim_invert(image, refine); recon = DDIM(eta 0) from x_T, clamped to [-1,1]",
                   "psnr_db": psnr(recon), "psnr_db_plain_inversion": psnr(plain.clamp(-1, 1))},
                  {"image": img, "image_embeds": z, "x_T": x_T, "recon": recon})
    log(f"inversion fixtures written: PSNR refined {psnr(recon)} dB, plain {psnr(plain.clamp(-1, 1))} dB")


if __name__ == "__main__":
    main()
