#!/usr/bin/python3
"""Model files between PyTorch and rnn4j, both directions (docs/model-format.md describes the format).

Run from the repository root with a Python that has PyTorch (1.13 was used) and numpy; the `safetensors`
package is not needed (tools/safetensors_check.py reads and writes the format):

  /usr/bin/python3 tools/model_interop.py write-fixtures
      PyTorch -> rnn4j. Trains a small LSTM and a small GRU char model on a short text with non-ASCII
      characters, writes each as a model file, and records the exact whole-text loss:
        rnn4j-core/src/test/resources/fixtures/interop_lstm.safetensors
        rnn4j-core/src/test/resources/fixtures/interop_gru.safetensors
        rnn4j-core/src/test/resources/fixtures/interop_models.json
      ModelInteropFixtureTest loads them with ModelFile.load and checks Evaluation.wholeText against the loss.
      Everything is seeded; CI does not need PyTorch, the files are committed.

  /usr/bin/python3 tools/model_interop.py check MODEL TEXT [--expect LOSS]
      rnn4j -> PyTorch (a manual check, not part of CI). Loads MODEL (a model file, or a checkpoint directory
      holding model.safetensors) into torch.nn modules with load_state_dict(strict=True) and prints, as JSON,
      the mean cross-entropy in nats of every character of the UTF-8 file TEXT after the first, state zero at
      the start and carried to the end: what `./rnn4j eval --checkpoint MODEL --data TEXT --json` reports as
      loss_nats. With --expect, exits 1 unless the float64 loss is within relative 1e-5 of LOSS. For a checkpoint
      directory it also checks that training-state.safetensors holds the same weights under model/.

      ./rnn4j train --data some.txt --steps 20 --checkpoint-dir /tmp/run
      ./rnn4j eval --checkpoint /tmp/run --data some.txt --json          # note loss_nats
      /usr/bin/python3 tools/model_interop.py check /tmp/run some.txt --expect <loss_nats>

Losses are computed twice: with the float32 weights upcast to float64 (the reference, "loss_nats") and in
plain float32 ("loss_nats_float32"), to show how much float32 rounding alone moves the result.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_check  # noqa: E402  (the json/struct/numpy safetensors reader and writer)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
FIXTURES = os.path.join(ROOT, "rnn4j-core", "src", "test", "resources", "fixtures")
METADATA_KEY = "rnn4j"
TOLERANCE = 1e-5


# ---------------------------------------------------------------------------------------------------------
# The model, exactly as docs/model-format.md describes it

class CharModel(nn.Module):
    def __init__(self, cell, vocab, embedding_size, hidden_size, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding_size)
        rnn_class = {"lstm": nn.LSTM, "gru": nn.GRU}.get(cell)
        if rnn_class is not None:
            self.rnn = rnn_class(embedding_size, hidden_size, layers, batch_first=True)
        else:
            self.rnn = nn.RNN(embedding_size, hidden_size, layers, nonlinearity=cell[len("rnn_"):],
                              batch_first=True)
        self.decoder = nn.Linear(hidden_size, vocab)

    def forward(self, ids, state=None):
        out, state = self.rnn(self.embedding(ids), state)
        return self.decoder(out), state


def load_model(path, dtype=torch.float32):
    """(model, vocab) from an rnn4j model file, loaded with strict=True."""
    tensors, metadata = safetensors_check.read(path)
    meta = json.loads(metadata[METADATA_KEY])
    model = CharModel(meta["cell"], len(meta["vocab"]), meta["embedding_size"], meta["hidden_size"],
                      meta["layers"])
    state = {name: torch.from_numpy(np.array(array)) for name, (_, array) in tensors.items()}
    model.load_state_dict(state, strict=True)
    return model.to(dtype).eval(), meta["vocab"]


def whole_text_loss(model, ids):
    """Mean cross-entropy of ids[1:] given everything before, one stream from a zero state, in the model's
    dtype (a float64 model accumulates in float64)."""
    x = torch.tensor(ids[:-1], dtype=torch.int64).unsqueeze(0)  # (1, T)
    y = torch.tensor(ids[1:], dtype=torch.int64)
    with torch.no_grad():
        logits, _ = model(x)
        return F.cross_entropy(logits[0], y, reduction="mean").item()


def losses(path, text):
    """The whole-text loss of a model file on a text, in float64 and float32."""
    m64, vocab = load_model(path, torch.float64)
    m32, _ = load_model(path, torch.float32)
    index = {c: i for i, c in enumerate(vocab)}
    unknown = sorted(set(text) - set(index))
    if unknown:
        raise SystemExit("the text has characters the model does not know: %r" % unknown)
    ids = [index[c] for c in text]
    return whole_text_loss(m64, ids), whole_text_loss(m32, ids), len(ids) - 1


# ---------------------------------------------------------------------------------------------------------
# PyTorch -> rnn4j fixtures

# Non-ASCII on purpose: 'é', 'è', 'à', 'ç', 'ô' (two UTF-8 bytes each) and '🙂' (outside the BMP: four UTF-8
# bytes, a surrogate pair in Java and in the JSON header's \\u escapes).
TEXT = ("le café de l'été est très bon.\n"
        "à paris, le thé se boit chaud; le café aussi. 🙂\n"
        "ça va? très bien, merci. le garçon boit son café à côté.\n"
        "l'été est chaud, l'hiver est froid.\n")

MODELS = [
    # name, cell, E, H, layers, vocabulary order, seed
    ("interop_lstm", "lstm", 6, 12, 2, "sorted", 4001),
    ("interop_gru", "gru", 5, 9, 2, "shuffled", 4002),
]


def train(cell, vocab, E, H, L, ids, seed, updates=150):
    """A few Adam updates over the whole text (one sequence), so the weights are not just an initialisation."""
    torch.manual_seed(seed)
    model = CharModel(cell, len(vocab), E, H, L)
    opt = torch.optim.Adam(model.parameters(), lr=2e-2)
    x = torch.tensor(ids[:-1]).unsqueeze(0)
    y = torch.tensor(ids[1:])
    for _ in range(updates):
        opt.zero_grad()
        logits, _ = model(x)
        loss = F.cross_entropy(logits[0], y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
    return model


def write_fixtures():
    torch.use_deterministic_algorithms(True)
    os.makedirs(FIXTURES, exist_ok=True)
    chars = sorted(set(TEXT))
    expected = {
        "description": "Char models trained briefly in PyTorch and written as rnn4j model files by "
                       "tools/model_interop.py. loss_nats: the mean cross-entropy of every character of text "
                       "after the first given all before it (one stream, state zero at the start, carried to "
                       "the end), computed in float64 from the files' float32 weights; loss_nats_float32: the "
                       "same in float32 PyTorch. The vocabulary of the GRU model is deliberately not in "
                       "code-point order: ids follow the metadata's vocab array.",
        "generator": "tools/model_interop.py, torch " + torch.__version__,
        "text": TEXT,
        "models": {},
    }
    for name, cell, E, H, L, order, seed in MODELS:
        vocab = list(chars)
        if order == "shuffled":
            perm = torch.randperm(len(vocab), generator=torch.Generator().manual_seed(seed)).tolist()
            vocab = [vocab[i] for i in perm]
        index = {c: i for i, c in enumerate(vocab)}
        ids = [index[c] for c in TEXT]
        model = train(cell, vocab, E, H, L, ids, seed)
        meta = {"cell": cell, "layers": L, "hidden_size": H, "embedding_size": E, "vocab": vocab,
                "format_version": 1,
                "written_by": "tools/model_interop.py"}  # an unknown key: readers ignore it
        path = os.path.join(FIXTURES, name + ".safetensors")
        tensors = {k: v.detach().to(torch.float32).contiguous() for k, v in model.state_dict().items()}
        # "format": "pt" is what the safetensors library's own PyTorch helpers put there; rnn4j ignores it
        safetensors_check.write(path, tensors, {METADATA_KEY: json.dumps(meta, ensure_ascii=False),
                                                "format": "pt"})
        loss64, loss32, predictions = losses(path, TEXT)
        expected["models"][name] = {
            "file": name + ".safetensors", "cell": cell, "layers": L, "hidden_size": H, "embedding_size": E,
            "vocab": vocab, "predictions": predictions,
            "loss_nats": float("%.12g" % loss64), "loss_nats_float32": float("%.9g" % loss32),
            "uniform_loss_nats": float("%.12g" % math.log(len(vocab))),
        }
        print("%s: %d bytes, loss %.12g nats (float32 %.9g, rel. diff %.2g; uniform %.4f)"
              % (os.path.relpath(path), os.path.getsize(path), loss64, loss32, abs(loss32 - loss64) / loss64,
                 math.log(len(vocab))))
    out = os.path.join(FIXTURES, "interop_models.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(out))


# ---------------------------------------------------------------------------------------------------------
# rnn4j -> PyTorch check

def check(model_path, text_path, expect):
    directory = None
    if os.path.isdir(model_path):
        directory = model_path
        model_path = os.path.join(directory, "model.safetensors")
    with open(text_path, encoding="utf-8", newline="") as f:  # newline="": keep \r\n as rnn4j reads it
        text = f.read()
    loss64, loss32, predictions = losses(model_path, text)
    tensors, metadata = safetensors_check.read(model_path)
    result = {"model": model_path, "metadata": json.loads(metadata[METADATA_KEY]),
              "tensors": {name: [dtype] + list(array.shape) for name, (dtype, array) in tensors.items()},
              "predictions": predictions, "loss_nats": loss64, "loss_nats_float32": loss32}
    result["metadata"]["vocab"] = "".join(result["metadata"]["vocab"])
    ok = True
    if directory is not None:
        state_path = os.path.join(directory, "training-state.safetensors")
        state, state_meta = safetensors_check.read(state_path)
        same = sorted(tensors) == sorted(k[len("model/"):] for k in state if k.startswith("model/")) and all(
            np.array_equal(array, state["model/" + name][1]) for name, (_, array) in tensors.items())
        result["training_state"] = {"same_weights_as_model_file": same,
                                    "tensors": {k: [d] + list(a.shape) for k, (d, a) in state.items()},
                                    "metadata_keys": sorted(state_meta)}
        ok = ok and same
    if expect is not None:
        result["expected_loss_nats"] = expect
        result["relative_error"] = abs(loss64 - expect) / abs(expect)
        ok = ok and result["relative_error"] <= TOLERANCE
    result["ok"] = ok
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if ok else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write-fixtures", help="PyTorch -> rnn4j: write the committed test fixtures")
    c = sub.add_parser("check", help="rnn4j -> PyTorch: load an rnn4j model and compute its loss on a text")
    c.add_argument("model", help="a model file or a checkpoint directory")
    c.add_argument("text", help="a UTF-8 text file")
    c.add_argument("--expect", type=float, help="the loss rnn4j reported (eval --json's loss_nats)")
    args = parser.parse_args(argv)
    if args.command == "write-fixtures":
        write_fixtures()
        return 0
    return check(args.model, args.text, args.expect)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
