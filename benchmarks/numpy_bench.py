#!/usr/bin/env python3
"""The usual hand-written numpy versions of the vectorized workloads, timed like the JMH runs.

Each workload runs 4 warm-up iterations of 1 s, then 8 measured iterations of 1 s; the figure is
the median over the measured iterations of the mean time per call (JMH's AverageTime mode per
iteration; the report takes medians of JMH's iterations too), with half the interquartile range. Shapes and input distributions are the Java benchmarks' (Data.java); the
values come from numpy's generator, which does not change the work done.

    python3 benchmarks/numpy_bench.py [--threads N] [--out results/numpy.json] [--quick]

--threads sets OPENBLAS_NUM_THREADS (and friends) before numpy is imported; by default numpy's
OpenBLAS uses every core (2 here).
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=0, help="BLAS threads (0: numpy's default)")
parser.add_argument("--out", default=None, help="write JSON results here")
parser.add_argument("--quick", action="store_true", help="1 warm-up, 2 measured iterations")
args = parser.parse_args()
if args.threads:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)

rng = np.random.default_rng(0)


def gaussian(shape, scale):
    return scale * rng.standard_normal(shape)


# ---- the workloads, written the way the exercises' solutions are ---------------------------------

def svm_forward(W, X, y, reg):
    n = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(n), y]
    margins = np.maximum(0, scores - correct[:, None] + 1)
    margins[np.arange(n), y] = 0
    return margins.sum() / n + reg * np.sum(W * W)


def svm_loss_vectorized(W, X, y, reg):
    n = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(n), y]
    margins = np.maximum(0, scores - correct[:, None] + 1)
    margins[np.arange(n), y] = 0
    loss = margins.sum() / n + reg * np.sum(W * W)
    binary = (margins > 0).astype(X.dtype)
    binary[np.arange(n), y] = -binary.sum(axis=1)
    dW = X.T.dot(binary) / n + 2 * reg * W
    return loss, dW


def softmax_forward(W, X, y, reg):
    n = X.shape[0]
    scores = X.dot(W)
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    probs = exp / exp.sum(axis=1, keepdims=True)
    return -np.sum(np.log(probs[np.arange(n), y])) / n + reg * np.sum(W * W)


def softmax_loss_vectorized(W, X, y, reg):
    n = X.shape[0]
    scores = X.dot(W)
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(n), y])) / n + reg * np.sum(W * W)
    dscores = probs
    dscores[np.arange(n), y] -= 1
    dscores /= n
    dW = X.T.dot(dscores) + 2 * reg * W
    return loss, dW


def two_layer_forward(X, y, W1, b1, W2, b2, reg):
    n = X.shape[0]
    h1 = np.maximum(0, X.dot(W1) + b1)
    scores = h1.dot(W2) + b2
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    probs = exp / exp.sum(axis=1, keepdims=True)
    return -np.sum(np.log(probs[np.arange(n), y])) / n + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))


def two_layer_loss(X, y, W1, b1, W2, b2, reg):
    n = X.shape[0]
    h1 = np.maximum(0, X.dot(W1) + b1)
    scores = h1.dot(W2) + b2
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(n), y])) / n + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs
    dscores[np.arange(n), y] -= 1
    dscores /= n
    dW2 = h1.T.dot(dscores) + 2 * reg * W2
    db2 = dscores.sum(axis=0)
    dh1 = dscores.dot(W2.T)
    dh1[h1 <= 0] = 0
    dW1 = X.T.dot(dh1) + 2 * reg * W1
    db1 = dh1.sum(axis=0)
    return loss, dW1, db1, dW2, db2


# ---- timing ---------------------------------------------------------------------------------------

WARMUP, MEASURE, SECONDS = (1, 3, 0.5) if args.quick else (4, 8, 1.0)


def iteration(fn):
    calls = 0
    start = time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= SECONDS:
            return elapsed / calls


def measure(fn):
    for _ in range(WARMUP):
        iteration(fn)
    means = sorted(iteration(fn) for _ in range(MEASURE))
    q = lambda p: float(np.quantile(means, p))
    return q(0.5) * 1e9, (q(0.75) - q(0.25)) / 2 * 1e9


def linear(n, dim, classes):
    return gaussian((dim, classes), 1e-3), gaussian((n, dim), 1.0), rng.integers(0, classes, n), 2.5e-4


results = {}


def bench(name, fn, flops=None):
    ns, err = measure(fn)
    results[name] = {"ns": ns, "error": err}
    extra = ""
    if flops:
        results[name]["gflops"] = flops / ns
        extra = f"  {flops / ns:6.1f} GFLOP/s"
    print(f"{name:32s} {ns:14.0f} ns/op  ± {err:10.0f}{extra}", flush=True)


W, X, y, reg = linear(256, 100, 10)
bench("SoftmaxSmall.forward", lambda: softmax_forward(W, X, y, reg))
bench("SoftmaxSmall.valueGrad", lambda: softmax_loss_vectorized(W, X, y, reg))

W, X, y, reg = linear(500, 3073, 10)
bench("Linear.svmForward", lambda: svm_forward(W, X, y, reg))
bench("Linear.svmValueGrad", lambda: svm_loss_vectorized(W, X, y, reg))
bench("Linear.softmaxForward", lambda: softmax_forward(W, X, y, reg))
bench("Linear.softmaxValueGrad", lambda: softmax_loss_vectorized(W, X, y, reg))

X = gaussian((256, 3072), 1.0)
y = rng.integers(0, 10, 256)
W1, b1 = gaussian((3072, 100), 1e-2), gaussian(100, 1e-2)
W2, b2 = gaussian((100, 10), 1e-1), gaussian(10, 1e-2)
bench("TwoLayer.forward", lambda: two_layer_forward(X, y, W1, b1, W2, b2, 0.05))
bench("TwoLayer.valueGrad", lambda: two_layer_loss(X, y, W1, b1, W2, b2, 0.05))

x = gaussian((256, 3072), 1.0)
w = gaussian((3072, 100), 1.0)
dy = gaussian((256, 100), 1.0)
flops = 2.0 * 256 * 3072 * 100
bench("Dot.dot", lambda: x.dot(w), flops)
bench("Dot.transposeDot", lambda: x.T.dot(dy), flops)
bench("Dot.dotTranspose", lambda: dy.dot(w.T), flops)

if args.out:
    config = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    blas = config.get("Build Dependencies", {}).get("blas", {}) if isinstance(config, dict) else {}
    meta = {
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "blas": f"{blas.get('name', '?')} {blas.get('version', '')}".strip(),
        "threads": args.threads or os.cpu_count(),
    }
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
