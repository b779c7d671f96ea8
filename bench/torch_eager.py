"""PyTorch eager on the same bundle, for `npm run bench -- torch`: the ONNX initializers are read into the
recipe's own torch modules (models/recipes/bundle.py) and the recipe's own sampling chain runs
(models/recipes/evaluate.py generate: prior DDPM + CFG, decoder DDPM + CFG, upsamplers DDIM eta 0, the
manifest's default steps and guidance).

Usage: echo "1 8 8" | /usr/bin/python3 bench/torch_eager.py [--bundle DIR] [--threads 2]
Prints one JSON object per line: first {"parity": ...} (the decoder on the bench's fixed feeds), then for
each batch size read from stdin (whitespace-separated, as they come, so a caller can interleave its own
runs) {"batch": B, "ms": total, "stage_ms": {...}}. The first run of each batch size is a warm-up, not
printed."""
import argparse
import base64
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models"))

import torch  # noqa: E402

from recipes.bundle import load_bundle  # noqa: E402
from recipes.evaluate import generate  # noqa: E402
from recipes.train import TextEncoder  # noqa: E402

PROMPT = "a large yellow filled circle in the center"


class Timed:
    """A stage module whose forward calls add up their wall time under its name."""

    def __init__(self, name, module, totals):
        self.name, self.module, self.totals = name, module, totals

    def __call__(self, *args):
        t0 = time.perf_counter()
        out = self.module(*args)
        self.totals[self.name] = self.totals.get(self.name, 0.0) + (time.perf_counter() - t0) * 1000
        return out


def fixed(shape, dtype=torch.float32):
    """The bench's deterministic feed: element i is sin(i) * 0.5 (int64 feeds are all ones)."""
    n = math.prod(shape)
    if dtype == torch.int64:
        return torch.ones(shape, dtype=torch.int64)
    return (torch.sin(torch.arange(n, dtype=torch.float64)) * 0.5).to(torch.float32).reshape(shape)


@torch.no_grad()
def decoder_parity(man, mods):
    """The decoder's output at 2 rows on fixed feeds, for the TypeScript side to compare with ORT."""
    d, size = man["dims"], man["stages"]["decoder"]["image_size"]
    rows, emb, width, ctx = 2, d["embedding"], d["text_width"], d["context_length"]
    feeds = dict(sample=fixed((rows, 3, size, size)), timestep=fixed((rows,)), image_embeds=fixed((rows, emb)),
                 text_embeds=fixed((rows, emb)), text_hidden_states=fixed((rows, ctx, width)),
                 attention_mask=fixed((rows, ctx), torch.int64), drop_image_embed=fixed((rows,)))
    out = mods["decoder"](*feeds.values()).contiguous().numpy().astype("<f4")
    return {"stage": "decoder", "rows": rows, "dims": list(out.shape),
            "b64": base64.b64encode(out.tobytes()).decode()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default=os.path.join(os.path.dirname(__file__), "..", "models", "shapes-tiny"))
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    man, mods, st = load_bundle(a.bundle)
    print(json.dumps({"parity": decoder_parity(man, mods), "threads": torch.get_num_threads(),
                      "torch": torch.__version__}), flush=True)
    totals = {}
    timed = {k: Timed(k, v, totals) if k != "clip_text" else v for k, v in mods.items()}
    enc = TextEncoder(mods["clip_text"])
    warm = set()
    for word in (w for line in sys.stdin for w in line.split()):
        batch = int(word)
        if batch not in warm:
            generate(man, timed, st, enc, [PROMPT] * batch, seed=1)
            warm.add(batch)
        totals.clear()
        enc.empty = None  # the "" encoding is part of every run, as in the engine
        t0 = time.perf_counter()
        generate(man, timed, st, enc, [PROMPT] * batch, seed=1)
        ms = (time.perf_counter() - t0) * 1000
        print(json.dumps({"batch": batch, "ms": round(ms, 1), "stage_ms": {k: round(v, 1) for k, v in totals.items()}}),
              flush=True)


if __name__ == "__main__":
    main()
