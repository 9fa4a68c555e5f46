#!/usr/bin/env python3
"""The NumPy peer of `nlm bench`: the NLM training update written the straightforward way.

Everything is float32 and every matrix product goes through NumPy's BLAS (OpenBLAS in the wheels), as a
faithful port of the authors' training loop would do it. States are N x B (chains as columns), J is N x N
(row i = synapses onto neuron i), exactly the layout of the Swift code.

One Langevin step over X (N x B):
    P = tanh(X); D = 1 - P*P; R = X - J P - b; F = J^T R
    X <- X + dt (D*F - R) + sqrt(2 T dt) * xi
One training update (persistent chains, batch B, n_t steps, SGD with decay):
    batch = data[idx].T; n_t steps of the chains
    G = (R_m P_m^T / B - R_d P_d^T / B) / T, g_b = (sum R_m / B - sum R_d / B) / T
    J <- (1 - decay) J - lr G (diagonal kept), b <- b - lr g_b

Modes
    --threads N [--repeat R] [--quick]   time every row, print one JSON object on stdout
    --check DIR                          load the .npy files `nlm bench` dumps into DIR, recompute force,
                                         energies and learning gradient in float64 and print a JSON verdict
The thread count must be fixed before NumPy is imported, so the harness sets OPENBLAS_NUM_THREADS and
OMP_NUM_THREADS; this script sets them too when run by hand.
"""
import argparse
import json
import os
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="fewer and shorter repetitions (smoke test)")
    p.add_argument("--check", metavar="DIR", help="verify the .npy values `nlm bench` writes into DIR before timing")
    p.add_argument("--tolerance", type=float, default=1e-4)
    return p.parse_args()


ARGS = parse()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, str(ARGS.threads))

import numpy as np  # noqa: E402  (after the thread variables)

N = 784
DT, T, NT, LR, DECAY = 0.01, 1.0, 10, 5e-4, 2e-6


def timed(body, repeat, target=0.02):
    """Median, min and max seconds per call over `repeat` repetitions, each at least `target` seconds long."""
    body()
    t0 = time.perf_counter()
    body()
    once = max(time.perf_counter() - t0, 1e-7)
    inner = max(1, int(target / once))
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(inner):
            body()
        samples.append((time.perf_counter() - t0) / inner)
    samples.sort()
    return {"median": samples[len(samples) // 2], "min": samples[0], "max": samples[-1], "reps": repeat,
            "inner": inner}


def langevin_step(X, J, b, rng):
    P = np.tanh(X)
    D = 1 - P * P
    R = X - J @ P - b[:, None]
    F = J.T @ R
    X += DT * (D * F - R) + np.float32(np.sqrt(2 * T * DT)) * rng.standard_normal(X.shape, dtype=np.float32)


def training_update(state, data, rng):
    J, b, chains = state["J"], state["b"], state["chains"]
    B = chains.shape[1]
    idx = rng.permutation(data.shape[0])[:B]
    batch = np.ascontiguousarray(data[idx].T)
    for _ in range(NT):
        langevin_step(chains, J, b, rng)
    Pm = np.tanh(chains)
    Rm = chains - J @ Pm - b[:, None]
    Pd = np.tanh(batch)
    Rd = batch - J @ Pd - b[:, None]
    G = (Rm @ Pm.T / B - Rd @ Pd.T / B) / T
    gb = (Rm.sum(axis=1) / B - Rd.sum(axis=1) / B) / T
    mismatch = float(np.mean(G * G))
    e_model = float(np.mean(0.5 * np.sum(Rm * Rm, axis=0)))
    e_data = float(np.mean(0.5 * np.sum(Rd * Rd, axis=0)))
    diag = np.diag(J).copy()
    J *= np.float32(1 - DECAY)
    J -= np.float32(LR) * G
    np.fill_diagonal(J, diag)
    b -= np.float32(LR) * gb
    return mismatch, e_model, e_data


def rate(result, work):
    return {k: result[k] for k in ("median", "min", "max", "reps")} | {"work": work}


def bench():
    rng = np.random.default_rng(1)
    repeat = 3 if ARGS.quick else ARGS.repeat
    rows = {}
    J = (rng.standard_normal((N, N), dtype=np.float32) / np.float32(np.sqrt(N))).astype(np.float32)
    np.fill_diagonal(J, 0)
    for n in (1, 100, 256, 1000):
        Bm = rng.standard_normal((N, n), dtype=np.float32)
        C = np.empty((N, n), dtype=np.float32)
        rows[f"gemm {n}"] = rate(timed(lambda: np.matmul(J, Bm, out=C), repeat), 2.0 * N * N * n)
    x = rng.standard_normal(N, dtype=np.float32)
    y = np.empty(N, dtype=np.float32)
    rows["gemv"] = rate(timed(lambda: np.matmul(J, x, out=y), repeat), 2.0 * N * N)
    rows["gemv transposed"] = rate(timed(lambda: np.matmul(J.T, x, out=y), repeat), 2.0 * N * N)
    big = rng.standard_normal(1 << 20, dtype=np.float32)
    out = np.empty_like(big)
    rows["tanh"] = rate(timed(lambda: np.tanh(big, out=out), repeat), float(big.size))
    g = np.random.default_rng(7)
    rows["gaussian"] = rate(timed(lambda: g.standard_normal(out=out, dtype=np.float32), repeat), float(out.size))
    b = np.zeros(N, dtype=np.float32)
    for B in (100, 1000):
        X = rng.standard_normal((N, B), dtype=np.float32)
        rows[f"langevin step {B}"] = rate(timed(lambda: langevin_step(X, J, b, g), repeat), float(N * B))
    for B in (100, 1000):
        data = np.tanh(rng.standard_normal((B, N), dtype=np.float32)) * np.float32(1.5)
        state = {"J": J.copy(), "b": b.copy(), "chains": rng.standard_normal((N, B), dtype=np.float32)}
        r = timed(lambda: training_update(state, data, g), max(3, repeat if B == 100 else min(repeat, 5)),
                  target=0.0)
        rows[f"training update {B}"] = rate(r, 1.0)
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"peer": "numpy", "numpy": np.__version__, "threads": ARGS.threads,
                      "blas": blas_name(), "rows": rows, "peak_bytes": peak}))


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f'{blas.get("name", "?")} {blas.get("version", "?")}'
    except Exception:  # older NumPy
        return "unknown"


def relative(ours, exact):
    """max |ours - exact| / max |exact|: an error relative to the quantity's scale."""
    scale = max(float(np.max(np.abs(exact))), 1e-30)
    return float(np.max(np.abs(ours.astype(np.float64) - exact))) / scale


def check(directory):
    load = lambda name: np.load(os.path.join(directory, name + ".npy"))
    J = load("couplings").astype(np.float64)
    b = load("bias").astype(np.float64)
    X = load("states").astype(np.float64)
    data = load("data").astype(np.float64)
    B, Bd = X.shape[1], data.shape[1]
    P = np.tanh(X)
    R = X - J @ P - b[:, None]
    force = (1 - P * P) * (J.T @ R) - R
    energy = 0.5 * np.sum(R * R, axis=0)
    Pd = np.tanh(data)
    Rd = data - J @ Pd - b[:, None]
    gradient = (R @ P.T / B - Rd @ Pd.T / Bd) / T
    bias_gradient = (R.sum(axis=1) / B - Rd.sum(axis=1) / Bd) / T
    errors = {"force": relative(load("force"), force), "energy": relative(load("energy"), energy),
              "gradient": relative(load("gradient"), gradient),
              "bias gradient": relative(load("bias_gradient"), bias_gradient)}
    ok = all(e <= ARGS.tolerance for e in errors.values())
    print(json.dumps({"check": "pass" if ok else "fail", "tolerance": ARGS.tolerance, "errors": errors}))
    return 0 if ok else 1


if __name__ == "__main__":
    if ARGS.check:
        sys.exit(check(ARGS.check))
    bench()
