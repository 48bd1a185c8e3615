#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures that rnn4j's tests compare against.

Run from the repository root, with a Python that has PyTorch (1.13 was used) and numpy:

    /usr/bin/python3 tools/pytorch_fixtures.py

It (re)writes rnn4j-core/src/test/resources/fixtures/*.json. Everything is seeded, so a rerun with the same
PyTorch version gives the same files. CI does not need PyTorch: the JSON files are committed.

Conventions of every file:
  * Arrays are objects {"shape": [...], "values": [...]}, values flattened in row-major (C) order.
  * Sequence arrays (x, out, R, ids, targets and their gradients) are in PyTorch's batch_first layout
    (B, T, F); the Java tests transpose them to rnn4j's time-major (T, B, F).
  * States (h0, c0, h_n, c_n, S, U) are (layers * directions, B, H), as PyTorch's h_n / c_n and rnn4j's
    RecurrentState.
  * Parameters are named as PyTorch names them (weight_ih_l0, bias_hh_l1_reverse, ...).
  * Inputs (parameters, x, h0, c0, R, S, U) are float32 values, written with 9 significant digits so that they
    read back exactly as float32; the reference computation runs in float64 on those same values, and its
    results are written with 12 significant digits.
"""

import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                       "rnn4j-core", "src", "test", "resources", "fixtures")

CELLS = ["rnn_tanh", "rnn_relu", "lstm", "gru"]
I, H, B, T = 3, 4, 3, 5
LENGTHS = [5, 2, 4]  # deliberately not sorted


# ---------------------------------------------------------------------------------------------------------
# JSON encoding

def _input_array(t):
    """A float32 input, 9 significant digits: reads back exactly as the same float32."""
    a = t.detach().to(torch.float32).cpu().numpy()
    return {"shape": list(a.shape), "values": [float("%.9g" % v) for v in a.reshape(-1)]}


def _result_array(t):
    """A float64 reference result, 12 significant digits."""
    a = t.detach().to(torch.float64).cpu().numpy()
    return {"shape": list(a.shape), "values": [float("%.12g" % v) for v in a.reshape(-1)]}


def _int_array(t):
    a = np.asarray(t.detach().cpu().numpy() if torch.is_tensor(t) else t, dtype=np.int64)
    return {"shape": list(a.shape), "values": [int(v) for v in a.reshape(-1)]}


def _write(name, obj):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s (%d bytes)" % (os.path.relpath(path), os.path.getsize(path)))


def _rel_err(a, b):
    a = a.detach().to(torch.float64)
    b = b.detach().to(torch.float64)
    return (a - b).abs().max().item() / max(1e-8, b.abs().max().item())


def _f32(gen, *shape, lo=-1.0, hi=1.0):
    """Uniform float32 values in (lo, hi), returned as float64 (exactly representable in float32)."""
    return (torch.rand(*shape, generator=gen, dtype=torch.float32) * (hi - lo) + lo).to(torch.float64)


# ---------------------------------------------------------------------------------------------------------
# Recurrent stacks: cell x layers x directions, padded variable-length batch

def _make_rnn(cell, layers, bidirectional, dtype):
    kwargs = dict(input_size=I, hidden_size=H, num_layers=layers, bidirectional=bidirectional,
                  batch_first=True, dropout=0.0)
    if cell == "lstm":
        m = nn.LSTM(**kwargs)
    elif cell == "gru":
        m = nn.GRU(**kwargs)
    else:
        m = nn.RNN(nonlinearity=cell[len("rnn_"):], **kwargs)
    return m.to(dtype)


def _run_rnn(cell, layers, bidirectional, dtype, params, x, lengths, h0, c0, R, S, U):
    """Forward + backward of L = sum(out*R) + sum(h_n*S) (+ sum(c_n*U)) in the given dtype."""
    m = _make_rnn(cell, layers, bidirectional, dtype)
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(params[name].to(dtype))
    x = x.to(dtype).clone().requires_grad_(True)
    h0 = h0.to(dtype).clone().requires_grad_(True)
    c0 = c0.to(dtype).clone().requires_grad_(True) if c0 is not None else None
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    if cell == "lstm":
        out_packed, (h_n, c_n) = m(packed, (h0, c0))
    else:
        out_packed, h_n = m(packed, h0)
        c_n = None
    out, out_lengths = pad_packed_sequence(out_packed, batch_first=True, total_length=x.shape[1])
    assert out_lengths.tolist() == list(lengths)
    loss = (out * R.to(dtype)).sum() + (h_n * S.to(dtype)).sum()
    if c_n is not None:
        loss = loss + (c_n * U.to(dtype)).sum()
    loss.backward()
    grads = {name: p.grad for name, p in m.named_parameters()}
    grads["x"] = x.grad
    grads["h0"] = h0.grad
    if c0 is not None:
        grads["c0"] = c0.grad
    return {"loss": loss, "out": out, "h_n": h_n, "c_n": c_n, "grads": grads}


def recurrent_fixture(cell, layers, bidirectional, seed):
    gen = torch.Generator().manual_seed(seed)
    D = 2 if bidirectional else 1
    shapes = [(name, tuple(p.shape)) for name, p in
              _make_rnn(cell, layers, bidirectional, torch.float64).named_parameters()]
    # Random parameters a little wider than PyTorch's default (-1/sqrt(H), 1/sqrt(H)) = (-0.5, 0.5).
    params = {name: _f32(gen, *shape, lo=-0.7, hi=0.7) for name, shape in shapes}
    x = _f32(gen, B, T, I, lo=-1.5, hi=1.5)
    for b, n in enumerate(LENGTHS):
        x[b, n:] = 0.0  # padding; ignored by the packed sequence either way
    h0 = _f32(gen, layers * D, B, H, lo=-0.8, hi=0.8)
    c0 = _f32(gen, layers * D, B, H, lo=-0.8, hi=0.8) if cell == "lstm" else None
    R = _f32(gen, B, T, D * H)  # nonzero at padded positions too: out is zero there, so they add nothing
    S = _f32(gen, layers * D, B, H)
    U = _f32(gen, layers * D, B, H) if cell == "lstm" else None

    ref = _run_rnn(cell, layers, bidirectional, torch.float64, params, x, LENGTHS, h0, c0, R, S, U)
    # The same computation in float32 shows how far plain float32 rounding moves each tensor; a fixture whose
    # float32 error is not tiny (e.g. a ReLU pre-activation within rounding of zero) would be a poor test.
    f32 = _run_rnn(cell, layers, bidirectional, torch.float32, params, x, LENGTHS, h0, c0, R, S, U)
    f32_err = {}
    for key in ["out", "h_n", "c_n"]:
        if ref[key] is not None:
            f32_err[key] = _rel_err(f32[key], ref[key])
    for key in ref["grads"]:
        f32_err["grad." + key] = _rel_err(f32["grads"][key], ref["grads"][key])
    worst = max(f32_err.values())
    assert worst < 1e-5, "%s: float32 PyTorch differs from float64 by %g; pick another seed" % (cell, worst)

    # Padded outputs and the gradient of padded inputs are exactly zero.
    for b, n in enumerate(LENGTHS):
        assert ref["out"][b, n:].abs().sum().item() == 0.0
        assert ref["grads"]["x"][b, n:].abs().sum().item() == 0.0

    fixture = {
        "description": "torch.nn.%s(batch_first=True) float64 reference: padded batch packed with "
                       "pack_padded_sequence(enforce_sorted=False), output padded back with "
                       "pad_packed_sequence(total_length=T); loss = sum(out*R) + sum(h_n*S)%s. "
                       "Sequence arrays are batch_first (B, T, F); states are (layers*directions, B, H)."
                       % ({"lstm": "LSTM", "gru": "GRU"}.get(cell, "RNN"),
                          " + sum(c_n*U)" if cell == "lstm" else ""),
        "generator": "tools/pytorch_fixtures.py, torch " + torch.__version__,
        "config": {"cell": cell, "input_size": I, "hidden_size": H, "num_layers": layers,
                   "bidirectional": bidirectional, "batch": B, "steps": T, "seed": seed},
        "lengths": list(LENGTHS),
        "params": {name: _input_array(params[name]) for name, _ in shapes},
        "x": _input_array(x),
        "h0": _input_array(h0),
        "R": _input_array(R),
        "S": _input_array(S),
        "loss": float("%.12g" % ref["loss"].item()),
        "out": _result_array(ref["out"]),
        "h_n": _result_array(ref["h_n"]),
        "grads": {key: _result_array(g) for key, g in ref["grads"].items()},
        "float32_torch_rel_err": {k: float("%.3g" % v) for k, v in f32_err.items()},
    }
    if cell == "lstm":
        fixture["c0"] = _input_array(c0)
        fixture["U"] = _input_array(U)
        fixture["c_n"] = _result_array(ref["c_n"])
    return fixture


# ---------------------------------------------------------------------------------------------------------
# Embedding -> 2-layer LSTM -> Linear -> cross-entropy with ignored targets

class CharModel(nn.Module):
    def __init__(self, vocab, emb, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, layers, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        out, state = self.rnn(self.embedding(ids), state)
        return self.decoder(out), state


def model_fixture(seed):
    V, E, Hm, L, Bm, Tm = 7, 3, 4, 2, 3, 5
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    m = CharModel(V, E, Hm, L)
    with torch.no_grad():
        for p in m.parameters():  # float32 values, as the Java model holds them
            p.copy_(_f32(gen, *p.shape, lo=-0.7, hi=0.7).to(torch.float32))
    ids = torch.randint(0, V, (Bm, Tm), generator=gen)
    targets = torch.randint(0, V, (Bm, Tm), generator=gen)
    targets[0, 3] = -1
    targets[1, 0] = -1
    targets[2, 4] = -1
    targets[1, 4] = -1

    def run(dtype):
        mm = CharModel(V, E, Hm, L).to(dtype)
        mm.load_state_dict({k: v.to(dtype) for k, v in m.state_dict().items()})
        logits, _ = mm(ids)
        loss = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=-1)
        loss.backward()
        return mm, loss

    ref, loss = run(torch.float64)
    m32, loss32 = run(torch.float32)
    f32_err = {name: _rel_err(p32.grad, p.grad) for (name, p), (_, p32)
               in zip(ref.named_parameters(), m32.named_parameters())}
    f32_err["loss"] = abs(loss32.item() - loss.item()) / abs(loss.item())
    assert max(f32_err.values()) < 1e-5, f32_err
    return {
        "description": "Embedding(V, E) -> nn.LSTM(E, H, layers, batch_first=True) -> Linear(H, V) -> "
                       "F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=-1), zero "
                       "initial state, float64 reference. ids and targets are batch_first (B, T); -1 targets "
                       "are ignored and the loss is the mean over the others.",
        "generator": "tools/pytorch_fixtures.py, torch " + torch.__version__,
        "config": {"vocab": V, "embedding_size": E, "hidden_size": Hm, "num_layers": L, "batch": Bm,
                   "steps": Tm, "cell": "lstm", "seed": seed},
        "params": {name: _input_array(p) for name, p in m.named_parameters()},
        "ids": _int_array(ids),
        "targets": _int_array(targets),
        "loss": float("%.12g" % loss.item()),
        "grads": {name: _result_array(p.grad) for name, p in ref.named_parameters()},
        "float32_torch_rel_err": {k: float("%.3g" % v) for k, v in f32_err.items()},
    }


# ---------------------------------------------------------------------------------------------------------
# Ten Adam steps of a small char model, truncated BPTT with the state carried across steps

TEXT = ("the quick brown fox jumps over the lazy dog. "
        "a recurrent network reads one character at a time and guesses the next. "
        "the lazy dog does not mind.")


def adam_fixture(seed, CLIP):
    E, Hm, L, Bm, Tm, STEPS, LR = 5, 8, 2, 2, 6, 10, 1e-2
    chars = sorted(set(TEXT))
    V = len(chars)
    data = torch.tensor([chars.index(c) for c in TEXT], dtype=torch.int64)
    per_stream = len(data) // Bm
    streams = data[:per_stream * Bm].reshape(Bm, per_stream)  # stream b = data[b*per_stream : (b+1)*per_stream]
    assert per_stream >= STEPS * Tm + 1

    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    init = CharModel(V, E, Hm, L)
    with torch.no_grad():
        for p in init.parameters():
            p.copy_(_f32(gen, *p.shape, lo=-0.4, hi=0.4).to(torch.float32))

    inputs, targets = [], []
    for s in range(STEPS):
        inputs.append(streams[:, s * Tm:(s + 1) * Tm])
        targets.append(streams[:, s * Tm + 1:(s + 1) * Tm + 1])

    def train(dtype):
        m = CharModel(V, E, Hm, L).to(dtype)
        m.load_state_dict({k: v.to(dtype) for k, v in init.state_dict().items()})
        opt = torch.optim.Adam(m.parameters(), lr=LR)
        state = None
        losses, norms = [], []
        for s in range(STEPS):
            opt.zero_grad()
            logits, state = m(inputs[s], state)
            loss = F.cross_entropy(logits.reshape(-1, V), targets[s].reshape(-1))
            loss.backward()
            norms.append(torch.nn.utils.clip_grad_norm_(m.parameters(), CLIP).item())
            opt.step()
            state = tuple(t.detach() for t in state)
            losses.append(loss.item())
        return m, losses, norms

    m32, losses32, norms32 = train(torch.float32)
    m64, losses64, norms64 = train(torch.float64)
    return {
        "description": "Ten training steps of Embedding(V, E) -> nn.LSTM(E, H, layers, batch_first=True) -> "
                       "Linear(H, V) in float32 (as rnn4j). The id sequence is cut into B contiguous streams "
                       "(stream b = ids[b*n : (b+1)*n], n = len(ids) // B); step s feeds inputs[s] = "
                       "streams[:, s*T:(s+1)*T] with targets[s] shifted by one, starting from a zero state and "
                       "carrying the (detached) final state to the next step. Each step: zero_grad, mean "
                       "cross-entropy, backward, clip_grad_norm_(all parameters, clip), "
                       "Adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0).step(). losses[s] is the loss "
                       "before update s; grad_norms[s] is the total L2 norm of all gradients before clipping, "
                       "which then multiplies every gradient by min(1, clip / (norm + 1e-6)). "
                       "float64 losses from the same start show how far float32 rounding drifts.",
        "generator": "tools/pytorch_fixtures.py, torch " + torch.__version__,
        "config": {"vocab": V, "embedding_size": E, "hidden_size": Hm, "num_layers": L, "batch": Bm,
                   "steps_per_update": Tm, "updates": STEPS, "cell": "lstm", "lr": LR, "beta1": 0.9,
                   "beta2": 0.999, "eps": 1e-8, "clip_norm": CLIP, "seed": seed},
        "text": TEXT,
        "vocabulary": "".join(chars),
        "ids": _int_array(data),
        "inputs": _int_array(torch.stack(inputs)),    # (updates, B, T)
        "targets": _int_array(torch.stack(targets)),  # (updates, B, T)
        "params": {name: _input_array(p) for name, p in init.named_parameters()},
        "losses": [float("%.9g" % v) for v in losses32],
        "grad_norms": [float("%.9g" % v) for v in norms32],
        "losses_float64": [float("%.12g" % v) for v in losses64],
        "grad_norms_float64": [float("%.12g" % v) for v in norms64],
        "final_params": {name: _input_array(p) for name, p in m32.named_parameters()},
    }


def main():
    torch.use_deterministic_algorithms(True)
    seed = 1000
    for cell in CELLS:
        for layers in (1, 2):
            for bidirectional in (False, True):
                seed += 1
                name = "%s_l%d_%s.json" % (cell, layers, "bi" if bidirectional else "uni")
                _write(name, recurrent_fixture(cell, layers, bidirectional, seed))
    _write("char_model_cross_entropy.json", model_fixture(2001))
    # With clip 5.0 (the usual setting) these small gradients (norm < 0.5) are never clipped; the second file
    # clips at 0.3, so that most steps are scaled down and the clipping arithmetic is checked too.
    _write("char_model_adam_10_steps.json", adam_fixture(3001, 5.0))
    _write("char_model_adam_10_steps_clip_0.3.json", adam_fixture(3001, 0.3))


if __name__ == "__main__":
    main()
