#!/usr/bin/python3
"""Independent safetensors reader/writer (json + struct + numpy only, following the spec) for checking rnn4j
files against PyTorch by hand. Not part of the build.

  safetensors_check.py read FILE                  validate FILE and print its tensors
  safetensors_check.py write-sample FILE VALUES   write a sample file (a seeded torch LSTM and every dtype)
                                                  and its values as JSON
  safetensors_check.py compare FILE VALUES        read FILE and check it holds exactly the values in VALUES

VALUES is JSON: {"metadata": {..}, "tensors": {name: {"dtype", "shape", "values": flat row-major list}}};
float values may be the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import struct
import sys

import numpy as np

# safetensors dtype -> numpy dtype of the stored bytes (BF16 is read as raw uint16 bits)
DTYPES = {
    "F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2",
    "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
    "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1", "BOOL": "?",
}


class FormatError(Exception):
    pass


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise FormatError("duplicate key in header")
    return dict(pairs)


def read(path):
    """Returns ({name: numpy array in file order}, metadata); BF16 comes back as float32."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise FormatError("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise FormatError("header length %d larger than the file" % n)
    header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=_no_duplicates)
    if not isinstance(header, dict):
        raise FormatError("header is not an object")
    buffer = data[8 + n:]
    metadata = header.pop("__metadata__", None) or {}
    if not all(isinstance(v, str) for v in metadata.values()):
        raise FormatError("metadata values must be strings")
    entries = []
    for name, info in header.items():
        dtype, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in DTYPES:
            raise FormatError("%s: unknown dtype %s" % (name, dtype))
        if any(not isinstance(d, int) or d < 0 for d in shape):
            raise FormatError("%s: bad shape %s" % (name, shape))
        if not 0 <= begin <= end <= len(buffer):
            raise FormatError("%s: bad data_offsets %s" % (name, [begin, end]))
        if end - begin != math.prod(shape) * np.dtype(DTYPES[dtype]).itemsize:
            raise FormatError("%s: byte count does not match shape" % name)
        entries.append((begin, end, name, dtype, shape))
    entries.sort(key=lambda e: (e[0], e[1]))
    covered = 0
    tensors = {}
    for begin, end, name, dtype, shape in entries:
        if begin != covered:
            raise FormatError("%s: hole or overlap at byte %d" % (name, covered))
        covered = end
        array = np.frombuffer(buffer[begin:end], dtype=DTYPES[dtype]).reshape(shape)
        if dtype == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        tensors[name] = (dtype, array)
    if covered != len(buffer):
        raise FormatError("byte buffer has %d bytes no tensor covers" % (len(buffer) - covered))
    return tensors, metadata


def _as_bytes(tensor):
    """(safetensors dtype, shape, little-endian bytes) of a torch tensor or numpy array."""
    import torch
    if isinstance(tensor, torch.Tensor):
        tensor = tensor.detach().contiguous()
        if tensor.dtype == torch.bfloat16:
            return "BF16", list(tensor.shape), tensor.view(torch.int16).numpy().astype("<i2").tobytes()
        tensor = tensor.numpy()
    names = {np.dtype(v): k for k, v in DTYPES.items() if k != "BF16"}
    array = np.asarray(tensor)
    little = array.astype(array.dtype.newbyteorder("<"))
    return names[little.dtype], list(array.shape), little.tobytes()  # tobytes() is C order


def _as_values(tensor):
    """(safetensors dtype, numpy array of the values) of a torch tensor, independently of the file format."""
    import torch
    if tensor.dtype == torch.bfloat16:
        return "BF16", tensor.float().numpy()
    return _as_bytes(tensor)[0], tensor.numpy()


def write(path, tensors, metadata=None):
    """Writes {name: torch tensor or numpy array}, ordered like the safetensors Python library does:
    larger element size first, then by name."""
    items = sorted(((name,) + _as_bytes(t) for name, t in tensors.items()),
                   key=lambda e: (-np.dtype(DTYPES[e[1]]).itemsize, e[0]))
    header = {"__metadata__": metadata} if metadata else {}
    offset = 0
    for name, dtype, shape, raw in items:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(raw for _, _, _, raw in items))


def _json_value(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def values_json(tensors, metadata):
    out = {}
    for name, (dtype, array) in tensors.items():
        flat = array.reshape(-1)
        values = [float(v) for v in flat.astype(np.float64)] if dtype in ("F64", "F32", "F16", "BF16") \
            else [int(v) for v in flat.astype(np.int64)]
        out[name] = {"dtype": dtype, "shape": list(array.shape), "values": [_json_value(v) for v in values]}
    return {"metadata": metadata, "tensors": out}


def sample():
    import torch
    torch.manual_seed(1234)
    lstm = torch.nn.LSTM(input_size=3, hidden_size=4)
    tensors = {"lstm." + k: v for k, v in lstm.state_dict().items()}
    tensors.update({
        "f64": torch.tensor([[math.pi, -1e-300], [float("inf"), float("nan")]], dtype=torch.float64),
        "f16": torch.tensor([1.0, -2.5, 65504.0, 6e-8, float("-inf")], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -3.140625, 1e38], dtype=torch.bfloat16),
        "i64": torch.tensor([-(2 ** 63), 2 ** 63 - 1, 0], dtype=torch.int64),
        "i32": torch.tensor([[-(2 ** 31)], [7]], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(0.5, dtype=torch.float32),
        "empty": torch.zeros((0, 3), dtype=torch.float32),
    })
    return tensors, {"format": "pt", "producer": "safetensors_check.py"}


def _same(expected, actual):
    if isinstance(expected, int) and isinstance(actual, int):
        return expected == actual
    return repr(float(expected)) == repr(float(actual))  # tells -0.0 from 0.0, and nan matches nan


def compare(tensors, metadata, expected):
    problems = []
    if metadata != expected["metadata"]:
        problems.append("metadata %r != %r" % (metadata, expected["metadata"]))
    actual = values_json(tensors, metadata)["tensors"]
    if sorted(actual) != sorted(expected["tensors"]):
        problems.append("names %s != %s" % (sorted(actual), sorted(expected["tensors"])))
    for name in sorted(set(actual) & set(expected["tensors"])):
        a, e = actual[name], expected["tensors"][name]
        if a["dtype"] != e["dtype"] or a["shape"] != e["shape"]:
            problems.append("%s: %s%s != %s%s" % (name, a["dtype"], a["shape"], e["dtype"], e["shape"]))
        elif len(a["values"]) != len(e["values"]) or not all(map(_same, e["values"], a["values"])):
            problems.append("%s: values differ" % name)
    return problems


def main(argv):
    if len(argv) == 3 and argv[1] == "read":
        tensors, metadata = read(argv[2])
        print("metadata:", metadata)
        for name, (dtype, array) in tensors.items():
            print("%s %s%s %s" % (name, dtype, list(array.shape), array.reshape(-1)[:6]))
    elif len(argv) == 4 and argv[1] == "write-sample":
        tensors, metadata = sample()
        write(argv[2], tensors, metadata)
        with open(argv[3], "w") as f:
            json.dump(values_json({k: _as_values(t) for k, t in tensors.items()}, metadata), f, allow_nan=False)
        print("wrote", argv[2], "and", argv[3])
    elif len(argv) == 4 and argv[1] == "compare":
        with open(argv[3]) as f:
            expected = json.load(f)
        tensors, metadata = read(argv[2])
        problems = compare(tensors, metadata, expected)
        for p in problems:
            print("MISMATCH", p)
        print("%s: %d tensors, %s" % (argv[2], len(tensors), "mismatch" if problems else "all values identical"))
        return 1 if problems else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
