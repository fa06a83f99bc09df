"""PyTorch side of test/scale/torch-ddp.test.ts: the hand-off from mlpkit to PyTorch at scale.

usage: python3 torch_ddp.py WEIGHTS.safetensors DATA.json OUT.safetensors REPORT.json

Loads an mlpkit safetensors file into torch.nn.Sequential (json + struct, as docs/export.md
shows), fine-tunes it with DistributedDataParallel on two local processes (gloo backend over
127.0.0.1; each rank trains on its half of the rows through a DistributedSampler), saves the
result for `mlpkit import` (keeping the preprocessing that mlpkit wrote in the metadata), and
writes the fine-tuned network's outputs on every row, so the test can compare mlpkit's.
DATA.json: {"x": [[...], ...], "y": [class index, ...]}.
"""
import json
import os
import socket
import struct
import sys

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

DTYPES = {"F32": torch.float32, "F64": torch.float64}
WORLD = 2
EPOCHS = 3


def read_safetensors(path):
    """(header, metadata, state dict) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    state = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        raw = bytearray(data[8 + n + begin : 8 + n + end])
        state[name] = torch.frombuffer(raw, dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
    return meta, state


def load_mlpkit(path):
    """nn.Sequential with the weights of an mlpkit safetensors file, and the file's metadata."""
    meta, state = read_safetensors(path)
    modules = []
    for spec in json.loads(meta["modules"]):
        spec = dict(spec)
        modules.append(getattr(nn, spec.pop("type"))(**spec))
    model = nn.Sequential(*modules)
    model.load_state_dict(state)
    return model, meta


def save_for_mlpkit(model, path, extra):
    """Writes an nn.Sequential of Linear / activation / Dropout modules for `mlpkit import`."""
    modules = []
    for m in model:
        spec = {"type": type(m).__name__}
        if isinstance(m, nn.Linear):
            spec.update(in_features=m.in_features, out_features=m.out_features, bias=m.bias is not None)
        elif isinstance(m, nn.Softmax):
            spec["dim"] = m.dim
        elif isinstance(m, nn.Dropout):
            spec["p"] = m.p
        modules.append(spec)
    header = {"__metadata__": {**extra, "format": "mlpkit-sequential", "modules": json.dumps(modules)}}
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


def worker(rank, port, weights, data_path, out_path, report_path):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=WORLD)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model, meta = load_mlpkit(weights)
    before = [p.detach().clone() for p in model.parameters()]
    ddp = DistributedDataParallel(model)
    with open(data_path) as f:
        data = json.load(f)
    x = torch.tensor(data["x"], dtype=torch.float32)
    y = torch.tensor(data["y"], dtype=torch.long)
    sampler = DistributedSampler(TensorDataset(x, y), num_replicas=WORLD, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(TensorDataset(x, y), batch_size=32, sampler=sampler)
    optimizer = torch.optim.Adam(ddp.parameters(), lr=0.01)
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)
        for xb, yb in loader:
            optimizer.zero_grad()
            p = ddp(xb)  # the Sequential ends in Softmax: cross-entropy on its probabilities
            loss = nn.functional.nll_loss(torch.log(p.clamp_min(1e-12)), yb)
            loss.backward()  # DDP all-reduces (averages) the gradients over the two ranks here
            optimizer.step()
    # every rank holds the same weights after DDP training: gather a checksum from each
    flat = torch.cat([p.detach().flatten() for p in model.parameters()])
    sums = [torch.zeros(1, dtype=torch.float64) for _ in range(WORLD)]
    dist.all_gather(sums, flat.double().sum().reshape(1))
    if rank == 0:
        model.eval()
        with torch.no_grad():
            outputs = model(x)
        extra = {k: v for k, v in meta.items() if k not in ("format", "modules", "inputs")}
        save_for_mlpkit(model, out_path, extra)
        changed = max(float((a - b.detach()).abs().max()) for a, b in zip(before, model.parameters()))
        with open(report_path, "w") as f:
            json.dump(
                {
                    "outputs": outputs.tolist(),
                    "rank_checksums": [float(s) for s in sums],
                    "largest_weight_change": changed,
                    "world_size": dist.get_world_size(),
                    "backend": dist.get_backend(),
                    "rows_per_rank": len(sampler),
                },
                f,
            )
    dist.barrier()
    dist.destroy_process_group()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    weights, data_path, out_path, report_path = sys.argv[1:5]
    mp.spawn(worker, args=(free_port(), weights, data_path, out_path, report_path), nprocs=WORLD, join=True)
