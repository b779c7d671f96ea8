"""Read an exported bundle back into torch modules (weights taken from the ONNX initializers)."""
import json
import os

import onnx
import torch
from onnx import numpy_helper

from . import config, nets
from . import tokenizer as tk


def onnx_state(path):
    m = onnx.load(path)
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in m.graph.initializer}


def _load(module, path):
    st = onnx_state(path)
    want = module.state_dict()
    missing = [k for k in want if k not in st]
    if missing:
        raise RuntimeError(f"{path}: initializers missing for {missing[:5]}")
    module.load_state_dict({k: st[k] for k in want})
    return module.eval()


def load_bundle(path):
    man = json.load(open(os.path.join(path, "manifest.json")))
    s = man["stages"]
    f = lambda n: os.path.join(path, s[n]["file"])
    clip = nets.Clip(len(tk.VOCAB))
    mods = {
        "clip_text": _load(clip.text, f("clip_text")),
        "clip_image": _load(clip.image, f("clip_image")),
        "prior": _load(nets.Prior(**config.ARCH["prior"]), f("prior")),
        "decoder": _load(nets.Decoder(**config.ARCH["decoder"]), f("decoder")),
        "upsampler1": _load(nets.Upsampler(**config.ARCH["upsampler1"]), f("upsampler1")),
        "upsampler2": _load(nets.Upsampler(**config.ARCH["upsampler2"]), f("upsampler2")),
    }
    stats = {
        "clip_mean": torch.tensor(s["prior"]["clip_mean"], dtype=torch.float32),
        "clip_std": torch.tensor(s["prior"]["clip_std"], dtype=torch.float32),
        "pixel_mean": s["clip_image"]["mean"], "pixel_std": s["clip_image"]["std"],
    }
    return man, mods, stats
