#!/usr/bin/env bash
# Retrain the model on 2 CPU cores (Debian python3-torch). OpenBLAS must stay single-threaded,
# or it adds a third busy thread that slows everything down on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2
exec /usr/bin/python3 train.py "$@"
