"""Fixed recipe configuration: architectures, step counts (full and smoke), seeds."""
ARCH = {
    "prior": dict(width=128, layers=3, heads=4),
    "decoder": dict(chans=(64, 96, 160), attn=(False, True, True), nres=1, ctx=128),
    "upsampler1": dict(chans=(32, 64), nres=1, residual=True),
    "upsampler2": dict(chans=(32, 64), nres=1, residual=True),
}
# Output side of each image stage, px (the data stage renders every one: 128 px, area-downsampled to 64 and 32).
IMAGE_SIZE = {"decoder": 32, "upsampler1": 64, "upsampler2": 128}
# Each upsampler's (input, output) sides: it enlarges the output of the stage before it.
UPSAMPLER_SIZES = {"upsampler1": (IMAGE_SIZE["decoder"], IMAGE_SIZE["upsampler1"]),
                   "upsampler2": (IMAGE_SIZE["upsampler1"], IMAGE_SIZE["upsampler2"])}
# Upsamplers train on random crops of this side when their output is larger (convolutional, any size works).
UPSAMPLER_CROP = 64
FULL = {
    "n_train": 30000, "n_eval": 400,
    "clip": dict(steps=1500, batch=128, lr=1e-3, partial_p=0.5),
    "prior": dict(steps=400, batch=256, lr=6e-4),
    "decoder": dict(steps=2600, batch=64, lr=4e-4, preview_every=650),
    "upsampler1": dict(steps=1000, batch=32, lr=5e-4),
    "upsampler2": dict(steps=1000, batch=32, lr=5e-4),
    "eval_prompts": 120,
}
SMOKE = {
    "n_train": 1200, "n_eval": 120,
    "clip": dict(steps=12, batch=64, lr=1e-3, partial_p=0.5),
    "prior": dict(steps=10, batch=64, lr=6e-4),
    "decoder": dict(steps=12, batch=16, lr=4e-4, preview_every=10),
    "upsampler1": dict(steps=6, batch=8, lr=5e-4),
    "upsampler2": dict(steps=6, batch=8, lr=5e-4),
    "eval_prompts": 20,
}
SEEDS = {"data": 1234, "eval": 999, "clip": 11, "prior": 12, "decoder": 13, "upsampler1": 14, "upsampler2": 15,
         "fixtures": 77}
PRIOR_SCHED = {"beta_schedule": "squaredcos_cap_v2", "num_train_timesteps": 1000, "prediction_type": "sample",
               "variance_type": "fixed_small_log", "clip_sample_range": 10.0}
DECODER_SCHED = {"beta_schedule": "squaredcos_cap_v2", "num_train_timesteps": 1000,
                 "prediction_type": "v_prediction", "variance_type": "fixed_small_log", "clip_sample_range": 1.0}
# upsamplers predict x0 ("sample"), parametrised inside the graph as low_res + residual
UP_SCHED = dict(DECODER_SCHED, prediction_type="sample")
DEFAULTS = {"prior": {"steps": 25, "guidance": 4.0}, "decoder": {"steps": 25, "guidance": 3.0},
            "upsampler1": {"steps": 10}, "upsampler2": {"steps": 10}}
