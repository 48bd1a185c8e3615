#!/usr/bin/python3
"""PyTorch's side of int8 sampling. A char model -- an rnn4j model file loaded through tools/model_interop.py,
or, without --model, a fresh one of the given shape (PyTorch's default initialisation, seed 0; the vocabulary of
--data) -- is quantized the way PyTorch users quantize one, torch.quantization.quantize_dynamic on nn.LSTM /
nn.GRU / nn.RNN / nn.Linear with qint8 weights, and batch-1 sampling is timed as ../shared/bench/pytorch_charlm.py
times it (median over runs of --sample-length characters after a warm-up). Prints one JSON object on the last
line, with the keys of pytorch_charlm.py (chars_per_sec is for --weights). With --model and --text it also gives
the whole-text loss of TEXT in float32 and int8, what `./rnn4j eval --checkpoint MODEL --data TEXT
[--quantize int8] --json` reports as loss_nats. Run under ../shared/bench/with-openblas, as bench/compare does:

  ../shared/bench/with-openblas /usr/bin/python3 bench/pytorch_int8_sample.py --hidden-size 512 --threads 2
  ../shared/bench/with-openblas /usr/bin/python3 bench/pytorch_int8_sample.py --model MODEL --text TEXT
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
DEFAULT_DATA = os.path.join(ROOT, os.pardir, "shared", "data", "tinyshakespeare", "input.txt")


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="an rnn4j model file (.safetensors) or a checkpoint directory")
    ap.add_argument("--text", help="with --model: UTF-8 text whose whole-text loss to report in both weight types")
    ap.add_argument("--weights", choices=["int8", "float32"], default="int8", help="what chars_per_sec times")
    ap.add_argument("--engine", default="qnnpack", help="torch.backends.quantized.engine (this build: qnnpack, "
                                                        "onednn)")
    ap.add_argument("--data", default=DEFAULT_DATA, help="without --model: the text whose characters are the "
                                                         "vocabulary")
    ap.add_argument("--cell", choices=["lstm", "gru", "rnn_tanh", "rnn_relu"], default="lstm")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden-size", type=int, default=512)
    ap.add_argument("--embedding-size", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=1, help="accepted for bench/compare; sampling is batch 1")
    ap.add_argument("--seq-length", type=int, default=100, help="accepted for bench/compare; unused")
    ap.add_argument("--sample-length", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=8.0, help="timed budget after warm-up")
    ap.add_argument("--warmup-steps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="torch threads")
    ap.add_argument("--blas-threads", type=int, default=2)
    return ap.parse_args()


def main():
    args = parse()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)  # read when OpenBLAS loads, i.e. at import
    import torch
    import torch.nn as nn
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import model_interop

    torch.set_num_threads(args.threads)
    torch.backends.quantized.engine = args.engine
    torch.manual_seed(0)
    if args.model:
        path = os.path.join(args.model, "model.safetensors") if os.path.isdir(args.model) else args.model
        model, vocab = model_interop.load_model(path)
        meta = {"model": path}
    else:
        with open(args.data, encoding="utf-8") as f:
            vocab = sorted(set(f.read()))
        model = model_interop.CharModel(args.cell, len(vocab), args.embedding_size, args.hidden_size,
                                        args.layers).eval()
        meta = {"cell": args.cell, "layers": args.layers, "hidden_size": args.hidden_size,
                "embedding_size": args.embedding_size}
    int8 = torch.quantization.quantize_dynamic(model, {nn.LSTM, nn.GRU, nn.RNN, nn.Linear}, dtype=torch.qint8)
    timed = int8 if args.weights == "int8" else model

    gen = torch.Generator().manual_seed(0)

    @torch.no_grad()
    def run():
        state, x = None, torch.tensor([[0]])
        for _ in range(args.sample_length):
            logits, state = timed(x, state)
            x = torch.multinomial(torch.softmax(logits[0, -1], -1), 1, generator=gen).view(1, 1)

    for _ in range(args.warmup_steps):
        run()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds or len(times) < 3:
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    E, H, L = model.embedding.embedding_dim, model.rnn.hidden_size, model.rnn.num_layers
    gates = {"LSTM": 4, "GRU": 3}.get(type(model.rnn).__name__, 1)
    flops = args.sample_length * (sum(2 * ((E if l == 0 else H) + H) * gates * H for l in range(L))
                                  + 2 * H * len(vocab))
    result = dict(meta, program="pytorch", torch=torch.__version__, mode="sample", weights=args.weights,
                  engine=args.engine, vocab=len(vocab), batch_size=1, threads=args.threads,
                  blas_threads=args.blas_threads, steps=len(times),
                  chars_per_sec=round(args.sample_length / med, 1),
                  chars_per_sec_min=round(args.sample_length / max(times), 1),
                  chars_per_sec_max=round(args.sample_length / min(times), 1),
                  gflops=round(flops / med / 1e9, 2),
                  peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    if args.model and args.text:
        with open(args.text, encoding="utf-8", newline="") as f:
            text = f.read()
        index = {c: i for i, c in enumerate(vocab)}
        unknown = sorted(set(text) - set(index))
        if unknown:
            raise SystemExit("the text has characters the model does not know: %r" % unknown)
        ids = [index[c] for c in text]
        result.update(text=args.text, predictions=len(ids) - 1,
                      loss_nats_float32=model_interop.whole_text_loss(model, ids),
                      loss_nats_int8=model_interop.whole_text_loss(int8, ids))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
