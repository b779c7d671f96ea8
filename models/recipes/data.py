"""Synthetic captioned-shapes domain: deterministic scenes, renderer, captions, held-out combos.

Scene attribute vector (int array, ATTR_LEN): [nobj, shape, colour, size, pos, fill, bg,
shape2, colour2, fill2, relation]. Single-object scenes have nobj=1 and -1 in the second-object slots.
Two-object scenes put object A at one side and B at the other side of `relation`.
"""
import numpy as np

SHAPES = ["circle", "square", "triangle", "cross"]
COLOURS = ["red", "green", "blue", "yellow", "purple", "orange"]
SIZES = ["small", "large"]
POSITIONS = ["left", "right", "top", "bottom", "center"]
FILLS = ["filled", "outlined", "striped"]
BGS = ["white", "gray", "black"]
RELATIONS = ["left of", "right of", "above", "below"]

RGB = {
    "red": (0.90, 0.10, 0.10), "green": (0.10, 0.72, 0.20), "blue": (0.15, 0.30, 0.95),
    "yellow": (0.98, 0.87, 0.10), "purple": (0.58, 0.15, 0.80), "orange": (1.00, 0.55, 0.05),
}
BG_RGB = {"white": (0.96, 0.96, 0.96), "gray": (0.50, 0.50, 0.50), "black": (0.07, 0.07, 0.07)}
POS_XY = {"left": (0.29, 0.5), "right": (0.71, 0.5), "top": (0.5, 0.29), "bottom": (0.5, 0.71), "center": (0.5, 0.5)}
POS_PHRASE = {"left": "on the left", "right": "on the right", "top": "at the top", "bottom": "at the bottom",
              "center": "in the center"}
POS_SYN = {"left": ["on the left", "on the left side"], "right": ["on the right", "on the right side"],
           "top": ["at the top"], "bottom": ["at the bottom"], "center": ["in the center", "in the middle"]}
SIZE_R = {"small": 0.16, "large": 0.27}
SIZE_SYN = {"small": ["small", "little", "tiny"], "large": ["large", "big"]}
FILL_SYN = {"filled": ["filled", "solid"], "outlined": ["outlined", "hollow"], "striped": ["striped"]}
SHAPE_SYN = {"circle": ["circle"], "square": ["square"], "triangle": ["triangle"], "cross": ["cross", "plus"]}

NOBJ, SHAPE, COLOUR, SIZE, POS, FILL, BG, SHAPE2, COLOUR2, FILL2, REL = range(11)
ATTR_LEN = 11
STROKE_FRAC = 0.24  # outline width as a fraction of the object radius (thin enough that a small
                    # outlined cross or triangle still shows a hole)
STRIPE = 0.13      # stripe period perpendicular to the stripes


def is_heldout(shape, colour, fill):
    """12 of the 72 shape x colour x fill triples never appear in training (any object of a scene)."""
    return (shape * 7 + colour * 3 + fill) % 6 == 0


HELDOUT = [(s, c, f) for s in range(4) for c in range(6) for f in range(3) if is_heldout(s, c, f)]
TRAIN_TRIPLES = [(s, c, f) for s in range(4) for c in range(6) for f in range(3) if not is_heldout(s, c, f)]


def sample_scenes(n, seed, heldout=False, two_obj_frac=0.2):
    """n attribute vectors. heldout=True: single-object scenes whose triple is held out."""
    rng = np.random.default_rng(seed)
    out = np.full((n, ATTR_LEN), -1, dtype=np.int64)
    for i in range(n):
        a = out[i]
        a[BG] = rng.integers(3)
        if not heldout and rng.random() < two_obj_frac:
            a[NOBJ] = 2
            t1 = TRAIN_TRIPLES[rng.integers(len(TRAIN_TRIPLES))]
            while True:
                t2 = TRAIN_TRIPLES[rng.integers(len(TRAIN_TRIPLES))]
                if t2[:2] != t1[:2]:
                    break
            a[SHAPE], a[COLOUR], a[FILL] = t1
            a[SHAPE2], a[COLOUR2], a[FILL2] = t2
            a[REL] = rng.integers(4)
            a[SIZE] = 0
            a[POS] = -1
        else:
            a[NOBJ] = 1
            pool = HELDOUT if heldout else TRAIN_TRIPLES
            a[SHAPE], a[COLOUR], a[FILL] = pool[rng.integers(len(pool))]
            a[SIZE] = rng.integers(2)
            a[POS] = rng.integers(5)
    return out


# ---------------------------------------------------------------- rendering
def _sdf(shape, px, py, cx, cy, r):
    dx, dy = px - cx, py - cy
    if shape == 0:
        return np.sqrt(dx * dx + dy * dy) - r
    if shape == 1:
        h = r * 0.86
        return np.maximum(np.abs(dx), np.abs(dy)) - h
    if shape == 2:  # equilateral triangle pointing up, bounding box centred on (cx, cy)
        R = r * 1.35
        dy = dy + R * 0.25
        e0 = dy - R * 0.5
        e1 = dx * 0.8660254 - dy * 0.5 - R * 0.5
        e2 = -dx * 0.8660254 - dy * 0.5 - R * 0.5
        return np.maximum(e0, np.maximum(e1, e2))
    # cross / plus
    a, b = r * 1.0, r * 0.40
    adx, ady = np.abs(dx), np.abs(dy)
    return np.minimum(np.maximum(adx - a, ady - b), np.maximum(adx - b, ady - a))


def _cov(sdf, px_size):
    return np.clip(0.5 - sdf / px_size, 0.0, 1.0)


def _draw(img, shape, colour, fill, cx, cy, r, px, py, pxs, bg):
    # only touch a window around the object
    S = img.shape[0]
    stroke = STROKE_FRAC * r
    ext = r * 1.35 + stroke
    x0, x1 = max(0, int((cx - ext) * S)), min(S, int((cx + ext) * S) + 2)
    y0, y1 = max(0, int((cy - ext) * S)), min(S, int((cy + ext) * S) + 2)
    img = img[y0:y1, x0:x1]
    px, py = px[y0:y1, x0:x1], py[y0:y1, x0:x1]
    sdf = _sdf(shape, px, py, cx, cy, r)
    col = np.array(RGB[COLOURS[colour]], dtype=np.float32)
    inside = _cov(sdf, pxs)
    if fill == 0:
        m = inside
    elif fill == 1:
        m = _cov(np.abs(sdf + stroke / 2) - stroke / 2, pxs)
    else:
        u = (px + py) / (STRIPE * 1.41421356)
        tri = np.abs(u - np.floor(u) - 0.5) * STRIPE  # 0..STRIPE/2
        stripes = _cov(tri - STRIPE * 0.25, pxs)
        ring = _cov(np.abs(sdf + stroke / 3) - stroke / 3, pxs)
        m = np.maximum(np.minimum(stripes, inside), ring)
    m = m[..., None]
    img *= (1 - m)
    img += m * col


def render(attrs, size=128, ss=2, jitter_seed=None):
    """Render one scene to float32 [size,size,3] in [0,1]: supersampled ss x, area-downsampled."""
    rng = np.random.default_rng(jitter_seed)
    S = size * ss
    c = (np.arange(S, dtype=np.float32) + 0.5) / S
    py, px = np.meshgrid(c, c, indexing="ij")
    pxs = 1.0 / S
    bg = np.array(BG_RGB[BGS[attrs[BG]]], dtype=np.float32)
    img = np.empty((S, S, 3), dtype=np.float32)
    img[:] = bg
    j = lambda s: rng.uniform(-s, s)
    if attrs[NOBJ] == 1:
        cx, cy = POS_XY[POSITIONS[attrs[POS]]]
        r = SIZE_R[SIZES[attrs[SIZE]]] * (1 + j(0.06))
        _draw(img, attrs[SHAPE], attrs[COLOUR], attrs[FILL], cx + j(0.02), cy + j(0.02), r, px, py, pxs, bg)
    else:
        rel = attrs[REL]
        # object A is left of / right of / above / below object B
        if rel in (0, 1):
            pa, pb = ((0.28, 0.5), (0.72, 0.5)) if rel == 0 else ((0.72, 0.5), (0.28, 0.5))
        else:
            pa, pb = ((0.5, 0.28), (0.5, 0.72)) if rel == 2 else ((0.5, 0.72), (0.5, 0.28))
        r = SIZE_R["small"] * 1.05
        _draw(img, attrs[SHAPE], attrs[COLOUR], attrs[FILL], pa[0] + j(0.02), pa[1] + j(0.02), r * (1 + j(0.05)), px, py, pxs, bg)
        _draw(img, attrs[SHAPE2], attrs[COLOUR2], attrs[FILL2], pb[0] + j(0.02), pb[1] + j(0.02), r * (1 + j(0.05)), px, py, pxs, bg)
    return area_down(img, ss)


def area_down(img, f):
    if f == 1:
        return img
    acc = None
    for dy in range(f):
        for dx in range(f):
            v = img[dy::f, dx::f]
            acc = v.copy() if acc is None else acc + v
    return acc * (1.0 / (f * f))


def _render_chunk(args):
    attrs, seed0 = args
    out = np.empty((len(attrs), 128, 128, 3), dtype=np.uint8)
    o64 = np.empty((len(attrs), 64, 64, 3), dtype=np.uint8)
    o32 = np.empty((len(attrs), 32, 32, 3), dtype=np.uint8)
    for i, a in enumerate(attrs):
        im = render(a, 128, 2, jitter_seed=seed0 + i)
        out[i] = np.round(im * 255)
        im64 = area_down(im, 2)
        o64[i] = np.round(im64 * 255)
        o32[i] = np.round(area_down(im64, 2) * 255)
    return out, o64, o32


def render_many(attrs, seed, procs=2):
    import multiprocessing as mp
    chunks = [(attrs[i:i + 500], seed * 1000003 + i) for i in range(0, len(attrs), 500)]
    if procs > 1 and len(chunks) > 1:
        with mp.get_context("fork").Pool(procs) as p:
            res = p.map(_render_chunk, chunks)
    else:
        res = [_render_chunk(c) for c in chunks]
    return tuple(np.concatenate([r[k] for r in res]) for k in range(3))


# ---------------------------------------------------------------- captions
def _pick(rng, xs):
    return xs[rng.integers(len(xs))]


def canonical_caption(a):
    if a[NOBJ] == 2:
        return f"a {COLOURS[a[COLOUR]]} {SHAPES[a[SHAPE]]} {RELATIONS[a[REL]]} a {COLOURS[a[COLOUR2]]} {SHAPES[a[SHAPE2]]}"
    return (f"a {SIZES[a[SIZE]]} {COLOURS[a[COLOUR]]} {FILLS[a[FILL]]} {SHAPES[a[SHAPE]]} "
            f"{POS_PHRASE[POSITIONS[a[POS]]]}")


def random_caption(a, rng, partial_p=0.0):
    """A varied caption and its constraint vector (-1 = unconstrained; None = only matches its own image)."""
    if a[NOBJ] == 2:
        rel = a[REL]
        o1 = (a[SHAPE], a[COLOUR], a[FILL])
        o2 = (a[SHAPE2], a[COLOUR2], a[FILL2])
        if rng.random() < 0.5:  # swap the description order
            o1, o2 = o2, o1
            rel = {0: 1, 1: 0, 2: 3, 3: 2}[rel]

        def obj(o):
            f = (_pick(rng, FILL_SYN[FILLS[o[2]]]) + " ") if rng.random() < 0.3 else ""
            return f"a {COLOURS[o[1]]} {f}{_pick(rng, SHAPE_SYN[SHAPES[o[0]]])}"
        relw = RELATIONS[rel]
        if rel in (0, 1) and rng.random() < 0.3:
            relw = "to the " + relw
        return f"{obj(o1)} {relw} {obj(o2)}", None
    cons = np.full(7, -1, dtype=np.int64)
    cons[NOBJ] = 1
    words = {}
    if partial_p and rng.random() < partial_p:
        k = 1 if rng.random() < 0.7 else 2
        keys = list(rng.choice([SHAPE, COLOUR, POS, FILL, SIZE], size=k, replace=False))
        inc = {x: (x in keys) for x in (SIZE, COLOUR, FILL, SHAPE, POS, BG)}
    else:
        inc = {SIZE: rng.random() < 0.7, COLOUR: rng.random() < 0.92, FILL: rng.random() < 0.75,
               SHAPE: rng.random() < 0.92, POS: rng.random() < 0.8, BG: rng.random() < 0.25}
    for k in inc:
        if inc[k]:
            cons[k] = a[k]
    words["size"] = _pick(rng, SIZE_SYN[SIZES[a[SIZE]]]) if inc[SIZE] else ""
    words["colour"] = COLOURS[a[COLOUR]] if inc[COLOUR] else ""
    words["fill"] = _pick(rng, FILL_SYN[FILLS[a[FILL]]]) if inc[FILL] else ""
    words["shape"] = _pick(rng, SHAPE_SYN[SHAPES[a[SHAPE]]]) if inc[SHAPE] else _pick(rng, ["shape", "object", "thing"])
    pos = _pick(rng, POS_SYN[POSITIONS[a[POS]]]) if inc[POS] else ""
    bg = ""
    if inc[BG]:
        bg = _pick(rng, [f"on a {BGS[a[BG]]} background", f"on {BGS[a[BG]]}"])
    adj = " ".join(w for w in (words["size"], words["colour"], words["fill"]) if w)
    noun = (adj + " " + words["shape"]).strip()
    only_pos = not any(inc[k] for k in (SIZE, COLOUR, FILL, SHAPE))
    if only_pos and pos:
        noun = _pick(rng, ["something", "a shape", "an object"])
    else:
        noun = ("an " if noun[0] in "aeiou" else "a ") + noun
    tmpl = rng.integers(4) if pos else 0
    if tmpl == 0:
        s = " ".join(x for x in (noun, pos, bg) if x)
    elif tmpl == 1:
        s = f"{pos}, {noun}" + (f" {bg}" if bg else "")
    elif tmpl == 2:
        s = f"{pos} there is {noun}" + (f" {bg}" if bg else "")
    else:
        s = f"{noun} {pos}" + (f", {bg}" if bg else "")
    if rng.random() < 0.1:
        s = s + "."
    return s, cons


def zero_shot_prompts():
    """Per attribute: list of class prompts (index = class id)."""
    return {
        "shape": [f"a {s}" for s in SHAPES],
        "colour": [f"a {c} shape" for c in COLOURS],
        "position": [f"a shape {POS_PHRASE[p]}" for p in POSITIONS],
        "fill": [f"a {f} shape" for f in FILLS],
    }


def vocab_words():
    words = set()
    for lst in (SHAPES, COLOURS, SIZES, FILLS, BGS):
        words.update(lst)
    for d in (POS_SYN, SIZE_SYN, FILL_SYN, SHAPE_SYN):
        for v in d.values():
            for p in v:
                words.update(p.split())
    for r in RELATIONS:
        words.update(r.split())
    words.update("a an the to on at in of is there that something shape object thing background side and "
                 "with".split())
    return sorted(words)


class HardNegativeBatches:
    """CLIP batches where half the scenes come in counterfactual pairs: two single-object training scenes
    identical except for the shape (70%) or the fill (30%). Without them a tiny CLIP reads shape and fill
    off colour (the held-out triples recombine colour with shape and fill), and its zero-shot shape
    accuracy on held-out scenes stalls; with them every batch holds negatives that only shape/fill tell apart."""

    VARY = (SHAPE, FILL)
    KEY = (COLOUR, SIZE, POS, FILL, BG, SHAPE)

    def __init__(self, attrs, rng, pair_frac=0.5, shape_p=0.7):
        self.attrs, self.rng, self.pair_frac, self.shape_p = attrs, rng, pair_frac, shape_p
        self.single = np.where(attrs[:, NOBJ] == 1)[0]
        self.groups = {d: {} for d in self.VARY}
        for i in self.single:
            for d in self.VARY:
                self.groups[d].setdefault(self._key(attrs[i], d), []).append(i)

    def _key(self, a, drop):
        return tuple(int(a[k]) for k in self.KEY if k != drop)

    def __call__(self, B):
        n_rand = B - int(B * self.pair_frac)
        out = list(self.rng.choice(len(self.attrs), n_rand, replace=False))
        while len(out) < B:
            i = self.single[self.rng.integers(len(self.single))]
            d = SHAPE if self.rng.random() < self.shape_p else FILL
            cands = [j for j in self.groups[d][self._key(self.attrs[i], d)] if self.attrs[j, d] != self.attrs[i, d]]
            if cands:
                out += [i, cands[self.rng.integers(len(cands))]]
        return np.array(out[:B])


def compat_matrix(cons_list, attrs):
    """[B,B] float: caption i is a true description of image j."""
    B = len(cons_list)
    M = np.eye(B, dtype=np.float32)
    A = attrs[:, :7]
    idx = [i for i, c in enumerate(cons_list) if c is not None]
    if idx:
        C = np.stack([cons_list[i] for i in idx])
        ok = ((C[:, None, :] == -1) | (C[:, None, :] == A[None, :, :])).all(-1)
        M[idx] = np.maximum(M[idx], ok.astype(np.float32))
    return M
