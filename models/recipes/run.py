"""Run the recipe: python -m recipes.run [--smoke] [--stages data,clip,prior,decoder,upsampler1,upsampler2,export,eval]"""
import argparse
import json
import os
import time

from . import config
from .common import log, save_json, setup, workdir

ALL = ["data", "clip", "prior", "decoder", "upsampler1", "upsampler2", "export", "eval"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--stages", default=",".join(ALL))
    a = ap.parse_args()
    stages = [s.strip() for s in a.stages.split(",") if s.strip()]
    bad = [s for s in stages if s not in ALL]
    if bad:
        raise SystemExit(f"unknown stages {bad}; choose from {ALL}")
    cfg = config.SMOKE if a.smoke else config.FULL
    wd = workdir(a.smoke)
    tpath = os.path.join(wd, "timings.json")
    timings = json.load(open(tpath)) if os.path.exists(tpath) else {}
    from . import export, train
    from . import evaluate
    for s in ALL:
        if s not in stages:
            continue
        setup(config.SEEDS.get(s, 0))
        log(f"=== stage {s} ({'smoke' if a.smoke else 'full'})")
        t0 = time.time()
        if s == "data":
            train.stage_data(cfg, wd)
        elif s == "clip":
            train.stage_clip(cfg, wd)
        elif s == "prior":
            train.stage_prior(cfg, wd)
        elif s == "decoder":
            train.stage_decoder(cfg, wd)
        elif s in ("upsampler1", "upsampler2"):
            train.stage_upsampler(cfg, wd, s)
        elif s == "export":
            export.stage_export(cfg, wd)
        elif s == "eval":
            evaluate.main(["--smoke"] if a.smoke else [])
        timings[s] = round(time.time() - t0, 1)
        save_json(tpath, timings, indent=2)
        log(f"=== stage {s} took {timings[s]:.0f}s")
    log("timings:", json.dumps(timings))


if __name__ == "__main__":
    main()
