"""PyTorch side of test/export/safetensors.test.ts. Standard library + torch only (no safetensors package).

usage: python3 torch_safetensors.py JOBS.json
Each job is {"load": FILE, "inputs": [[...]], "out": FILE}: load an mlpkit safetensors file into
nn.Sequential and write its predictions; or {"save": FILE, "inputs": [[...]], "out": FILE}: build
a Sequential in torch (seeded), save it for mlpkit, and write torch's predictions.
"""
import json
import struct
import sys

import torch
from torch import nn

DTYPES = {"F32": torch.float32, "F64": torch.float64}


# --- the loader of docs/export.md -------------------------------------------------------------
def load_mlpkit(path):
    """nn.Sequential with the weights of an mlpkit safetensors file (json + struct, no extra package)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    modules = []
    for spec in json.loads(meta["modules"]):
        spec = dict(spec)
        modules.append(getattr(nn, spec.pop("type"))(**spec))
    model = nn.Sequential(*modules)
    state = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        raw = bytearray(data[8 + n + begin : 8 + n + end])
        state[name] = torch.frombuffer(raw, dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
    model.to(next(iter(state.values())).dtype)
    model.load_state_dict(state)
    return model.eval()


# --- the saver of docs/export.md ---------------------------------------------------------------
def save_for_mlpkit(model, path):
    """Writes an nn.Sequential of Linear / activation / Dropout modules for `mlpkit import`."""
    modules = []
    for m in model:
        spec = {"type": type(m).__name__}
        if isinstance(m, nn.Linear):
            spec.update(in_features=m.in_features, out_features=m.out_features, bias=m.bias is not None)
        elif isinstance(m, nn.LeakyReLU):
            spec["negative_slope"] = m.negative_slope
        elif isinstance(m, nn.ELU):
            spec["alpha"] = m.alpha
        elif isinstance(m, nn.Softmax):
            spec["dim"] = m.dim
        elif isinstance(m, nn.Dropout):
            spec["p"] = m.p
        modules.append(spec)
    header = {"__metadata__": {"format": "mlpkit-sequential", "modules": json.dumps(modules)}}
    blobs, offset = [], 0
    for name, t in model.state_dict().items():
        values = t.detach().flatten().tolist()
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def torch_made():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(5, 8), nn.GELU(), nn.Dropout(0.1),
        nn.Linear(8, 6, bias=False), nn.LeakyReLU(0.1),
        nn.Linear(6, 4), nn.ELU(0.5),
        nn.Linear(4, 3), nn.Softmax(dim=-1),
    ).eval()


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    for job in jobs:
        if "load" in job:
            model = load_mlpkit(job["load"])
            dtype = next(model.parameters()).dtype
        else:
            model = torch_made()
            save_for_mlpkit(model, job["save"])
            dtype = torch.float32
        with torch.no_grad():
            y = model(torch.tensor(job["inputs"], dtype=dtype))
        with open(job["out"], "w") as f:
            json.dump({"outputs": y.tolist(), "modules": [type(m).__name__ for m in model]}, f)


if __name__ == "__main__":
    main()
