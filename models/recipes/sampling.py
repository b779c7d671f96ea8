"""Reference samplers: exactly the math the TypeScript engine reimplements (see models/README.md).

Conventions: schedule coefficients are computed in float64 (Python floats) and applied to float32
tensors; timesteps are passed to models as float32 indices on the 1000-step grid; every stochastic
step takes its noise from an injected tensor noise[k] (k = step index)."""
import math

import torch
import torch.nn.functional as F

from .common import ABAR, T


def timesteps(n):
    """Descending grid: t_k = round_half_to_even(k * 999 / (n - 1)); n = 1 -> [999]."""
    if n == 1:
        return [T - 1]
    return [int(round(k * (T - 1) / (n - 1))) for k in range(n)][::-1]  # Python round = half-to-even


def to_x0(pred_type, out, x_t, t, clip_range):
    a = float(ABAR[t])
    if pred_type == "epsilon":
        x0 = (x_t - math.sqrt(1 - a) * out) / math.sqrt(a)
    elif pred_type == "sample":
        x0 = out
    elif pred_type == "v_prediction":
        x0 = math.sqrt(a) * x_t - math.sqrt(1 - a) * out
    else:
        raise ValueError(pred_type)
    return x0.clamp(-clip_range, clip_range)


def eps_from_x0(x0, x_t, t):
    a = float(ABAR[t])
    return (x_t - math.sqrt(a) * x0) / math.sqrt(1 - a)


def ddpm_step(x0, x_t, t, s, z, variance_type="fixed_small_log", var_out=None):
    a_t = float(ABAR[t])
    a_s = float(ABAR[s]) if s is not None else 1.0
    beta = 1 - a_t / a_s
    alpha = 1 - beta
    c0 = math.sqrt(a_s) * beta / (1 - a_t)
    ct = math.sqrt(alpha) * (1 - a_s) / (1 - a_t)
    mu = c0 * x0 + ct * x_t
    var = beta * (1 - a_s) / (1 - a_t)
    if t == 0:
        return mu
    if variance_type == "fixed_small_log":
        return mu + math.sqrt(max(var, 1e-20)) * z
    if variance_type == "learned_range":
        f = (var_out + 1) / 2
        logv = f * math.log(beta) + (1 - f) * math.log(max(var, 1e-20))
        return mu + torch.exp(0.5 * logv) * z
    raise ValueError(variance_type)


def ddim_step(x0, x_t, t, s, eta, z):
    a_t = float(ABAR[t])
    a_s = float(ABAR[s]) if s is not None else 1.0
    eps = eps_from_x0(x0, x_t, t)
    sigma = eta * math.sqrt((1 - a_s) / (1 - a_t)) * math.sqrt(1 - a_t / a_s)
    x = math.sqrt(a_s) * x0 + math.sqrt(max(1 - a_s - sigma * sigma, 0.0)) * eps
    if sigma > 0:
        x = x + sigma * z
    return x


def denoise(model_fn, x_T, noise, n_steps, sched, sampler="ddpm", eta=0.0):
    """model_fn(x_t, t:int) -> (guided) model output. noise: [n_steps, *x_T.shape] or None (eta=0 DDIM)."""
    ts = timesteps(n_steps)
    x = x_T
    for k, t in enumerate(ts):
        s = ts[k + 1] if k + 1 < len(ts) else None
        out = model_fn(x, t)
        var_out = None
        if sched["variance_type"] == "learned_range":
            out, var_out = out[:, :x.shape[1]], out[:, x.shape[1]:]
        x0 = to_x0(sched["prediction_type"], out, x, t, sched["clip_sample_range"])
        z = noise[k] if noise is not None else None
        if sampler == "ddpm":
            x = ddpm_step(x0, x, t, s, z, sched["variance_type"], var_out)
        elif sampler == "ddim":
            x = ddim_step(x0, x, t, s, eta, z)
        else:
            raise ValueError(sampler)
    return x


INVERSION_TOLERANCE = 0.01  # max |step_back(x_t') - x_t| / sqrt(abar_t) over a row, in image units
INVERSION_DAMPING = 0.5  # fraction of the error each fixed-point correction removes


def ddim_invert(model_fn, x0_img, n_steps, sched, refine=0):
    """Walk the grid upwards from the image: at t (ascending), x0 from the model, eps from x0, then
    x_{t'} = sqrt(abar_t') x0 + sqrt(1 - abar_t') eps at the next higher t'. With refine > 0, each row of
    x_{t'} is then corrected by fixed-point iteration x_{t'} -= DAMPING (step_back(x_{t'}) - x_t) (step_back = the
    DDIM(0) sampling step t' -> t with the model at x_{t'}) while its error exceeds INVERSION_TOLERANCE and
    falls, at most `refine` times; the model output at the kept x_{t'} serves the next step."""
    ts = timesteps(n_steps)[::-1]
    pred_type, clip = sched["prediction_type"], sched["clip_sample_range"]

    def predict(x, t):
        out = model_fn(x, t)
        return out[:, :x.shape[1]] if sched["variance_type"] == "learned_range" else out

    def ddim(out, x, t, s):  # DDIM(0) from t to s, either direction
        x0 = to_x0(pred_type, out, x, t, clip)
        a = float(ABAR[s])
        return math.sqrt(a) * x0 + math.sqrt(1 - a) * eps_from_x0(x0, x, t)

    x = x0_img
    out = None
    for k in range(len(ts) - 1):
        t, tn = ts[k], ts[k + 1]
        if out is None:
            out = predict(x, t)
        xn = ddim(out, x, t, tn)
        out = None
        if refine > 0:
            xn, out = _refine_step(predict, ddim, x, xn, t, tn, refine)
        x = xn
    return x


def _refine_step(predict, ddim, x, xn, t, tn, iterations):
    scale = 1 / math.sqrt(float(ABAR[t]))
    rows = x.shape[0]
    err = lambda back: (back - x).abs().reshape(rows, -1).max(1).values * scale
    out = predict(xn, tn)
    back = ddim(out, xn, tn, t)
    e = err(back)
    active = e > INVERSION_TOLERANCE
    for _ in range(iterations):
        if not bool(active.any()):
            break
        m = active.view(-1, *([1] * (x.dim() - 1)))
        cand = torch.where(m, xn - INVERSION_DAMPING * (back - x), xn)
        cand_out = predict(cand, tn)
        ce = err(ddim(cand_out, cand, tn, t))
        better = active & (ce < e)
        b = better.view(-1, *([1] * (x.dim() - 1)))
        xn = torch.where(b, cand, xn)
        out = torch.where(b, cand_out, out)
        e = torch.where(better, ce, e)
        active = better & (e > INVERSION_TOLERANCE)
        back = ddim(out, xn, tn, t)
    return xn, out


def _tvec(t, n):
    return torch.full((n,), float(t), dtype=torch.float32)


def cfg_call(run, cond, uncond, guidance):
    """run(inputs_dict) -> output. cond/uncond: dicts of batched tensors (same batch B).
    One call with rows [uncond..., cond...]; out = u + s (c - u); uncond skipped when s == 1."""
    if guidance == 1.0:
        return run(cond)
    both = {k: torch.cat([uncond[k], cond[k]], 0) for k in cond}
    out = run(both)
    B = out.shape[0] // 2
    u, c = out[:B], out[B:]
    return u + guidance * (c - u)


def prior_model_fn(prior, text, empty, guidance):
    """text/empty: dicts text_embeds (L2-normalised), text_hidden_states, attention_mask (batch B)."""
    def fn(x, t):
        B = x.shape[0]
        cond = dict(sample=x, timestep=_tvec(t, B), **text)
        unc = dict(sample=x, timestep=_tvec(t, B), **empty)
        return cfg_call(lambda d: prior(d["sample"], d["timestep"], d["text_embeds"], d["text_hidden_states"],
                                        d["attention_mask"]), cond, unc, guidance)
    return fn


def sample_prior(prior, text, empty, x_T, noise, steps, guidance, sched, clip_mean, clip_std, sampler="ddpm",
                 eta=0.0):
    x0 = denoise(prior_model_fn(prior, text, empty, guidance), x_T, noise, steps, sched, sampler, eta)
    z = x0 * clip_std + clip_mean
    return F.normalize(z, dim=-1)


def decoder_model_fn(decoder, z, text, empty, guidance):
    """z: L2-normalised image embeddings [B,D]; text: caption encoding (or the "" encoding when no caption)."""
    def fn(x, t):
        B = x.shape[0]
        cond = dict(sample=x, timestep=_tvec(t, B), image_embeds=z, drop_image_embed=torch.zeros(B), **text)
        unc = dict(sample=x, timestep=_tvec(t, B), image_embeds=z, drop_image_embed=torch.ones(B), **empty)
        return cfg_call(lambda d: decoder(d["sample"], d["timestep"], d["image_embeds"], d["text_embeds"],
                                          d["text_hidden_states"], d["attention_mask"], d["drop_image_embed"]),
                        cond, unc, guidance)
    return fn


def sample_decoder(decoder, z, text, empty, x_T, noise, steps, guidance, sched, sampler="ddpm", eta=0.0):
    x = denoise(decoder_model_fn(decoder, z, text, empty, guidance), x_T, noise, steps, sched, sampler, eta)
    return x.clamp(-1, 1)


def bicubic_cond(prev, size):
    return F.interpolate(prev, size=(size, size), mode="bicubic", align_corners=False).clamp(-1, 1)


def upsampler_model_fn(up, low):
    def fn(x, t):
        return up(x, low, _tvec(t, x.shape[0]))
    return fn


def sample_upsampler(up, prev, x_T, noise, steps, sched, sampler="ddim", eta=0.0):
    low = bicubic_cond(prev, x_T.shape[-1])
    x = denoise(upsampler_model_fn(up, low), x_T, noise, steps, sched, sampler, eta)
    return x.clamp(-1, 1), low


def rerank(candidates, text_embeds):
    """candidates [K,B,D], text_embeds [B,D] -> [B,D]: the candidate with the highest cosine to the text."""
    sims = F.cosine_similarity(candidates, text_embeds[None].expand_as(candidates), dim=-1)  # [K,B]
    idx = sims.argmax(0)
    return candidates[idx, torch.arange(candidates.shape[1])]


def slerp(a, b, theta):
    a_n, b_n = F.normalize(a, dim=-1), F.normalize(b, dim=-1)
    dot = (a_n * b_n).sum(-1, keepdim=True).clamp(-1, 1)
    om = torch.acos(dot)
    so = torch.sin(om)
    lerp = (1 - theta) * a_n + theta * b_n
    sl = (torch.sin((1 - theta) * om) * a_n + torch.sin(theta * om) * b_n) / so.clamp_min(1e-8)
    return torch.where(so.abs() < 1e-6, lerp, sl)
