#!/usr/bin/env python3
"""Writes rnn4j-core/src/test/resources/fixtures/optim.json: reference values from PyTorch 1.13 for the
optimizers, gradient clipping and learning-rate schedules of org.rnn4j.optim.

Run from the repository root with the Python that has torch:  /usr/bin/python3 tools/optim_fixtures.py

Every optimizer case starts from the same ten float32 parameters, held as two tensors of shapes (4,) and
(2, 3) like two rnn4j Params in one flat buffer, and applies five steps with fixed gradients. Tensors are
float32 (the default dtype); the values after each step are written as float64, repr precision.

An optimizer case's "constructor" says which Java constructor the test calls: "defaults" (all of torch's
defaults), "lr" (defaults but the learning rate) or "full" (every hyperparameter, from "hyper").
"""
import json
import math
import os
import random
import warnings

import torch

# SequentialLR calls scheduler.step(0) at a milestone, which torch 1.13 reports as deprecated
warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")

STEPS = 5
SHAPES = [(4,), (2, 3)]
N = sum(math.prod(s) for s in SHAPES)
OUT = os.path.join("rnn4j-core", "src", "test", "resources", "fixtures", "optim.json")

rand = random.Random(20240601)
INITIAL = [round(rand.uniform(-1.5, 1.5), 4) for _ in range(N)]
GRADS = [[round(rand.uniform(-2.0, 2.0), 4) for _ in range(N)] for _ in range(STEPS)]
GRADS[2][3] = 0.0  # one exact zero gradient


def split(flat):
    tensors, start = [], 0
    for shape in SHAPES:
        n = math.prod(shape)
        tensors.append(torch.tensor(flat[start:start + n], dtype=torch.float32).reshape(shape))
        start += n
    return tensors


def flatten(tensors):
    return [float(v) for t in tensors for v in t.detach().reshape(-1).double().tolist()]


# name, java type, constructor, torch class, kwargs
OPTIMIZERS = [
    ("sgd_plain", "sgd", "lr", torch.optim.SGD, dict(lr=0.1)),
    ("sgd_momentum", "sgd", "full", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1)),
    ("sgd_nesterov_wd", "sgd", "full", torch.optim.SGD,
     dict(lr=0.05, momentum=0.9, weight_decay=0.01, nesterov=True)),
    ("adagrad_defaults", "adagrad", "defaults", torch.optim.Adagrad, dict()),
    ("adagrad_decay_wd", "adagrad", "full", torch.optim.Adagrad,
     dict(lr=0.1, lr_decay=0.05, weight_decay=0.02, initial_accumulator_value=0.1, eps=1e-10)),
    ("rmsprop_defaults", "rmsprop", "defaults", torch.optim.RMSprop, dict()),
    ("rmsprop_centered_momentum", "rmsprop", "full", torch.optim.RMSprop,
     dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5, centered=True)),
    ("adam_defaults", "adam", "defaults", torch.optim.Adam, dict()),
    ("adam_lr", "adam", "lr", torch.optim.Adam, dict(lr=0.05)),
    ("adam_amsgrad", "adam", "full", torch.optim.Adam,
     dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.0, amsgrad=True)),
    ("adam_weight_decay", "adam", "full", torch.optim.Adam,
     dict(lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1, amsgrad=False)),
    ("adamw_defaults", "adamw", "defaults", torch.optim.AdamW, dict()),
    ("adamw_amsgrad", "adamw", "full", torch.optim.AdamW,
     dict(lr=0.05, betas=(0.85, 0.995), eps=1e-7, weight_decay=0.1, amsgrad=True)),
]

HYPER_KEYS = ["lr", "momentum", "dampening", "weight_decay", "nesterov", "lr_decay",
              "initial_accumulator_value", "eps", "alpha", "centered", "betas", "amsgrad"]


def optimizer_case(name, java_type, constructor, cls, kwargs):
    params = [torch.nn.Parameter(t) for t in split(INITIAL)]
    opt = cls(params, **kwargs)
    group = opt.param_groups[0]
    hyper = {k: (list(group[k]) if k == "betas" else group[k]) for k in HYPER_KEYS if k in group}
    expected = []
    for grads in GRADS:
        for p, g in zip(params, split(grads)):
            p.grad = g
        opt.step()
        expected.append(flatten(params))
    return dict(name=name, type=java_type, constructor=constructor, hyper=hyper, expected=expected)


def clip_case(name, grads, max_norm):
    params = [torch.nn.Parameter(t) for t in split(INITIAL)]
    for p, g in zip(params, split(grads)):
        p.grad = g
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return dict(name=name, grads=grads, max_norm=max_norm, total_norm=float(total),
                clipped=flatten([p.grad for p in params]))


def schedule_case(name, java, steps, make):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=0.1)
    scheduler = make(opt)
    rates = []
    for _ in range(steps):
        rates.append(opt.param_groups[0]["lr"])
        param.grad = torch.zeros(1)
        opt.step()
        scheduler.step()
    return dict(name=name, base_rate=0.1, java=java, rates=rates)


S = torch.optim.lr_scheduler
SCHEDULES = [
    schedule_case("step", dict(type="step", step_size=3, gamma=0.5), 20,
                  lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
    schedule_case("exponential", dict(type="exponential", gamma=0.9), 20,
                  lambda o: S.ExponentialLR(o, gamma=0.9)),
    # steps 0..T_max: after T_max torch's recursive form rises again, rnn4j holds eta_min
    schedule_case("cosine", dict(type="cosine", t_max=20, eta_min=0.001), 21,
                  lambda o: S.CosineAnnealingLR(o, T_max=20, eta_min=0.001)),
    schedule_case("warmup_cosine",
                  dict(type="warmup", warmup_steps=5, start_factor=0.1,
                       inner=dict(type="cosine", t_max=15, eta_min=0.001)), 21,
                  lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5),
                                               S.CosineAnnealingLR(o, T_max=15, eta_min=0.001)],
                                           milestones=[5])),
    schedule_case("warmup_step",
                  dict(type="warmup", warmup_steps=4, start_factor=0.25,
                       inner=dict(type="step", step_size=4, gamma=0.5)), 20,
                  lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, total_iters=4),
                                               S.StepLR(o, step_size=4, gamma=0.5)],
                                           milestones=[4])),
]

fixtures = dict(
    generator="tools/optim_fixtures.py",
    torch_version=torch.__version__,
    shapes=[list(s) for s in SHAPES],
    initial=INITIAL,
    grads=GRADS,
    optimizers=[optimizer_case(*c) for c in OPTIMIZERS],
    clip_grad_norm=[
        clip_case("clipped", GRADS[0], 1.0),
        clip_case("unchanged", GRADS[1], 100.0),
        clip_case("small_max", GRADS[2], 0.01),
    ],
    schedules=SCHEDULES,
)



def dump(obj, indent=0):
    """JSON with one line per list of scalars, so the file reads and diffs well."""
    pad = " " * indent
    if isinstance(obj, dict):
        items = [f'{pad} {json.dumps(k)}: {dump(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        items = [pad + " " + dump(v, indent + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj)


os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    f.write(dump(fixtures) + "\n")
