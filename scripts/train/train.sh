#!/usr/bin/env bash
# Retrain the model on 2 CPU cores (Debian python3-torch). OpenBLAS must stay single-threaded,
# or it adds a third busy thread that slows everything down on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c "import torch, numpy" 2>/dev/null; then
  echo "Training needs PyTorch and NumPy for /usr/bin/python3: apt-get install python3-torch python3-numpy" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2
exec /usr/bin/python3 train.py "$@"
