#!/usr/bin/env bash
# Retrain the model on 2 CPU cores (Debian python3-torch), or with a first argument naming another
# script here (ensemble.py), run that one the same way. OpenBLAS must stay single-threaded, or it
# adds a third busy thread that slows everything down on 2 cores. Paths are relative to this folder.
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c "import torch, numpy" 2>/dev/null; then
  echo "Training needs PyTorch and NumPy for /usr/bin/python3: apt-get install python3-torch python3-numpy" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2
script=train.py
if [[ "${1:-}" == *.py ]]; then script=$1; shift; fi
exec /usr/bin/python3 "$script" "$@"
