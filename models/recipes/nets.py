"""Model definitions. All export to ONNX opset 17 (hand-written attention, GroupNorm, pixel (un)shuffle)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import D, L, W


def timestep_embedding(t, dim):
    """Sinusoidal embedding of float timesteps t [B] -> [B, dim]."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None, :]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class MHA(nn.Module):
    """Multi-head attention: q from x [B,N,C], k/v from kv [B,M,C]; bias additive [B or 1,1 or N,M]."""

    def __init__(self, dim, heads, kv_dim=None):
        super().__init__()
        self.h = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(kv_dim or dim, 2 * dim)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, kv, bias=None):
        B, N, C = x.shape
        M = kv.shape[1]
        hd = C // self.h
        q = self.q(x).reshape(B, N, self.h, hd).transpose(1, 2)
        k, v = self.kv(kv).reshape(B, M, 2, self.h, hd).permute(2, 0, 3, 1, 4)
        a = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
        if bias is not None:
            a = a + bias[:, None]
        a = torch.softmax(a, dim=-1)
        y = torch.matmul(a, v).transpose(1, 2).reshape(B, N, C)
        return self.o(y)


class TBlock(nn.Module):
    def __init__(self, dim, heads, mlp=4):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = MHA(dim, heads)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * mlp), nn.GELU(), nn.Linear(dim * mlp, dim))

    def forward(self, x, bias=None):
        h = self.ln1(x)
        x = x + self.attn(h, h, bias)
        return x + self.mlp(self.ln2(x))


# ------------------------------------------------------------------ CLIP
class ClipText(nn.Module):
    def __init__(self, vocab, layers=2, heads=4):
        super().__init__()
        self.tok = nn.Embedding(vocab, W)
        self.pos = nn.Parameter(torch.randn(L, W) * 0.01)
        self.blocks = nn.ModuleList([TBlock(W, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(W)
        self.proj = nn.Linear(W, D, bias=False)
        self.register_buffer("causal", torch.triu(torch.full((L, L), -1e9), diagonal=1)[None], persistent=False)

    def forward(self, input_ids):
        x = self.tok(input_ids) + self.pos[None]
        for b in self.blocks:
            x = b(x, self.causal)
        h = self.ln(x)
        last = (input_ids != 0).to(torch.float32).sum(1) - 1.0
        onehot = (torch.arange(L, dtype=torch.float32)[None, :] == last[:, None]).to(torch.float32)
        pooled = (onehot[:, :, None] * h).sum(1)
        return self.proj(pooled), h


def conv_gn(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.GroupNorm(8, cout), nn.SiLU())


class ClipImage(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            conv_gn(3, 32, 2),      # 32
            conv_gn(32, 64, 2),     # 16
            conv_gn(64, 64, 1),
            conv_gn(64, 128, 2),    # 8
            conv_gn(128, 128, 1),
            conv_gn(128, 192, 2),   # 4
        )
        self.proj = nn.Linear(192, D)

    def forward(self, pixel_values):
        return self.proj(self.net(pixel_values).mean(dim=(2, 3)))


class Clip(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.text = ClipText(vocab)
        self.image = ClipImage()
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))


# ------------------------------------------------------------------ prior
class Prior(nn.Module):
    """Transformer over [text hidden (L), text emb, time emb, x_t, query] -> x0 (standardised space)."""

    def __init__(self, width=128, layers=3, heads=4):
        super().__init__()
        self.width = width
        self.hid = nn.Linear(W, width)
        self.temb = nn.Linear(D, width)
        self.time = nn.Sequential(nn.Linear(width, width), nn.SiLU(), nn.Linear(width, width))
        self.xin = nn.Linear(D, width)
        self.query = nn.Parameter(torch.randn(width) * 0.02)
        self.pos = nn.Parameter(torch.randn(L + 4, width) * 0.01)
        self.blocks = nn.ModuleList([TBlock(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width)
        self.out = nn.Linear(width, D)

    def forward(self, sample, timestep, text_embeds, text_hidden_states, attention_mask):
        B = sample.shape[0]
        te = self.time(timestep_embedding(timestep, self.width))
        toks = torch.cat([
            self.hid(text_hidden_states),
            self.temb(text_embeds)[:, None],
            te[:, None],
            self.xin(sample)[:, None],
            self.query[None, None].expand(B, 1, self.width),
        ], dim=1) + self.pos[None]
        keep = torch.cat([attention_mask.to(torch.float32), torch.ones(B, 4)], dim=1)
        bias = ((1.0 - keep) * -1e9)[:, None, :]
        for b in self.blocks:
            toks = b(toks, bias)
        return self.out(self.ln(toks[:, -1]))


# ------------------------------------------------------------------ UNet parts
class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb):
        super().__init__()
        self.n1 = nn.GroupNorm(8, cin)
        self.c1 = nn.Conv2d(cin, cout, 3, 1, 1)
        self.e = nn.Linear(emb, 2 * cout)
        self.n2 = nn.GroupNorm(8, cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.c1(F.silu(self.n1(x)))
        s, b = self.e(emb)[:, :, None, None].chunk(2, dim=1)
        h = self.n2(h) * (1 + s) + b
        h = self.c2(F.silu(h))
        return self.skip(x) + h


class AttnBlock(nn.Module):
    """GLIDE-style: self-attention whose keys/values also include projected context tokens."""

    def __init__(self, ch, ctx_dim, heads=4):
        super().__init__()
        self.n = nn.GroupNorm(8, ch)
        self.ctx = nn.Linear(ctx_dim, ch)
        self.attn = MHA(ch, heads)
        nn.init.zeros_(self.attn.o.weight)
        nn.init.zeros_(self.attn.o.bias)

    def forward(self, x, ctx, ctx_bias):
        B, C, H, Wd = x.shape
        h = self.n(x).reshape(B, C, H * Wd).transpose(1, 2)
        kv = torch.cat([self.ctx(ctx), h], dim=1)
        bias = torch.cat([ctx_bias, torch.zeros(B, 1, H * Wd)], dim=2)
        y = self.attn(h, kv, bias)
        return x + y.transpose(1, 2).reshape(B, C, H, Wd)


class Down(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = nn.Conv2d(c, c, 3, 2, 1)

    def forward(self, x):
        return self.c(x)


class Up(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = nn.Conv2d(c, c, 3, 1, 1)

    def forward(self, x):
        return self.c(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class UNet(nn.Module):
    """Pixel-unshuffle(2) UNet. chans per level; attn flags per level; ctx_dim=None -> conv-only."""

    def __init__(self, cin, cout, chans, attn, nres=2, emb=256, ctx_dim=None):
        super().__init__()
        self.emb_dim = emb
        self.time = nn.Sequential(nn.Linear(128, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.inp = nn.Conv2d(cin * 4, chans[0], 3, 1, 1)
        self.down = nn.ModuleList()
        skips = [chans[0]]
        c = chans[0]
        for i, ch in enumerate(chans):
            for _ in range(nres):
                blk = nn.ModuleList([ResBlock(c, ch, emb)])
                if attn[i]:
                    blk.append(AttnBlock(ch, ctx_dim))
                self.down.append(blk)
                c = ch
                skips.append(c)
            if i < len(chans) - 1:
                self.down.append(nn.ModuleList([Down(c)]))
                skips.append(c)
        self.mid = nn.ModuleList([ResBlock(c, c, emb)] + ([AttnBlock(c, ctx_dim)] if attn[-1] else []) +
                                 [ResBlock(c, c, emb)])
        self.up = nn.ModuleList()
        for i, ch in reversed(list(enumerate(chans))):
            for _ in range(nres + 1):
                blk = nn.ModuleList([ResBlock(c + skips.pop(), ch, emb)])
                if attn[i]:
                    blk.append(AttnBlock(ch, ctx_dim))
                self.up.append(blk)
                c = ch
            if i > 0:
                self.up.append(nn.ModuleList([Up(c)]))
        self.out = nn.Sequential(nn.GroupNorm(8, c), nn.SiLU(), nn.Conv2d(c, cout * 4, 3, 1, 1))
        nn.init.zeros_(self.out[-1].weight)
        nn.init.zeros_(self.out[-1].bias)

    def _run(self, blk, h, emb, ctx, cb):
        for m in blk:
            if isinstance(m, ResBlock):
                h = m(h, emb)
            elif isinstance(m, AttnBlock):
                h = m(h, ctx, cb)
            else:
                h = m(h)
        return h

    def trunk(self, x, emb, ctx=None, cb=None):
        h = self.inp(F.pixel_unshuffle(x, 2))
        hs = [h]
        for blk in self.down:
            h = self._run(blk, h, emb, ctx, cb)
            hs.append(h)
        h = self._run(self.mid, h, emb, ctx, cb)
        for blk in self.up:
            if isinstance(blk[0], ResBlock):
                h = torch.cat([h, hs.pop()], dim=1)
            h = self._run(blk, h, emb, ctx, cb)
        return F.pixel_shuffle(self.out(h), 2)


class Decoder(nn.Module):
    """32x32 decoder: image embedding -> time embedding + 4 context tokens; text emb -> time embedding;
    text hidden states -> context tokens. drop_image_embed=1 swaps in a learned null embedding."""

    def __init__(self, chans=(96, 160, 224), attn=(False, True, True), nres=2, ctx=192, n_img_tok=4):
        super().__init__()
        self.unet = UNet(3, 3, chans, attn, nres=nres, emb=256, ctx_dim=ctx)
        self.null = nn.Parameter(torch.zeros(D))
        self.img_emb = nn.Linear(D, 256)
        self.txt_emb = nn.Linear(D, 256)
        self.img_tok = nn.Linear(D, n_img_tok * ctx)
        self.hid = nn.Linear(W, ctx)
        self.ln_ctx = nn.LayerNorm(ctx)
        self.n_img_tok = n_img_tok
        self.ctx = ctx

    def forward(self, sample, timestep, image_embeds, text_embeds, text_hidden_states, attention_mask,
                drop_image_embed):
        B = sample.shape[0]
        d = drop_image_embed[:, None]
        z = image_embeds * (1 - d) + self.null[None] * d
        emb = self.unet.time(timestep_embedding(timestep, 128)) + self.img_emb(z) + self.txt_emb(text_embeds)
        ctx = torch.cat([self.img_tok(z).reshape(B, self.n_img_tok, self.ctx), self.hid(text_hidden_states)], dim=1)
        ctx = self.ln_ctx(ctx)
        keep = torch.cat([torch.ones(B, self.n_img_tok), attention_mask.to(torch.float32)], dim=1)
        cb = ((1.0 - keep) * -1e9)[:, None, :]
        return self.unet.trunk(sample, emb, ctx, cb)


class Upsampler(nn.Module):
    """Conv-only UNet on concat(sample, low_res); H, W must be multiples of 2 * 2**(levels-1)."""

    def __init__(self, chans=(64, 128), nres=2, residual=False):
        super().__init__()
        self.unet = UNet(6, 3, chans, (False,) * len(chans), nres=nres, emb=128)
        self.residual = residual

    def forward(self, sample, low_res, timestep):
        """residual=True: x0 ("sample") prediction parametrised as low_res + net(...)."""
        emb = self.unet.time(timestep_embedding(timestep, 128))
        out = self.unet.trunk(torch.cat([sample, low_res], dim=1), emb)
        return low_res + out if self.residual else out


def nparams(m):
    return sum(p.numel() for p in m.parameters())
