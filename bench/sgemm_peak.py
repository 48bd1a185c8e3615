#!/usr/bin/python3
"""The machine's float32 GEMM peak of the moment, as the speed issue defines it: OpenBLAS's sgemm (through
PyTorch's torch.mm) on square matrices, best of several timed calls, printed as one JSON object.

Run under ../shared/bench/with-openblas (PyTorch's BLAS is then Debian's OpenBLAS), with OPENBLAS_CORETYPE set
to pick its kernels as bench/compare does:
  ../shared/bench/with-openblas /usr/bin/python3 bench/sgemm_peak.py --threads 2
"""
import argparse
import json
import os
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2, help="OpenBLAS threads")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2048, 4096])
    ap.add_argument("--calls", type=int, default=10, help="timed calls per size, after three untimed ones")
    a = ap.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(a.threads)     # read when OpenBLAS loads, i.e. at import
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(0)
    best = {}
    for n in a.sizes:
        x, y, out = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
        for _ in range(3):
            torch.mm(x, y, out=out)
        rates = []
        for _ in range(a.calls):
            t0 = time.perf_counter()
            torch.mm(x, y, out=out)
            rates.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
        best[str(n)] = round(max(rates), 1)
    print(json.dumps({"gflops": max(best.values()), "by_size": best, "threads": a.threads,
                      "coretype": os.environ.get("OPENBLAS_CORETYPE", "debian")}))


if __name__ == "__main__":
    main()
