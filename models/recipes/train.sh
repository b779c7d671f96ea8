#!/usr/bin/env bash
# Train the shapes-tiny unCLIP bundle end to end (CPU, fixed seeds).
#   bash models/recipes/train.sh                 # full run (~57 min on an idle 2-core machine)
#   bash models/recipes/train.sh --smoke         # tiny step counts (~2-3 min), same outputs
#   bash models/recipes/train.sh --stages decoder,upsampler1,export,eval   # reuse earlier checkpoints
# Needs: apt-get install -y --no-install-recommends python3-torch python3-numpy python3-onnx python3-pil libopenblas0-openmp
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 -m recipes.run "$@"
