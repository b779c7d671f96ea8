"""Shared paths, seeding, schedule and small helpers."""
import json
import math
import os
import random
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
WORK = os.path.join(MODELS, ".work")
BUNDLE = os.path.join(MODELS, "shapes-tiny")

D = 64          # CLIP embedding
W = 128         # text width
L = 32          # context length
CLIP_SIZE = 64  # CLIP image size
T = 1000


def setup(seed=0):
    torch.set_num_threads(2)
    seed_all(seed)


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed % (2 ** 32))
    torch.manual_seed(seed)


def workdir(smoke):
    d = os.path.join(WORK, "smoke" if smoke else "full")
    os.makedirs(d, exist_ok=True)
    return d


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def alphas_cumprod():
    """squaredcos_cap_v2 in float64 (numpy array of length T)."""
    def abar(tau):
        return math.cos((tau + 0.008) / 1.008 * math.pi / 2) ** 2
    betas = np.array([min(1 - abar((i + 1) / T) / abar(i / T), 0.999) for i in range(T)], dtype=np.float64)
    return np.cumprod(1.0 - betas)


ABAR = alphas_cumprod()


def save_json(path, obj, indent=None):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=indent)
    os.replace(tmp, path)


class Timer:
    def __init__(self):
        self.t0 = time.time()

    def __call__(self):
        return time.time() - self.t0
