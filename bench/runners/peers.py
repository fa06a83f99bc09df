"""Runs the benchmark's workloads on PyTorch, scikit-learn or numpy (OpenBLAS) and prints one JSON line.

Usage: /usr/bin/python3 runners/peers.py <data dir> <torch|sklearn|numpy> <workloads as JSON>
Run with Debian's system interpreter, which has python3-torch and python3-sklearn.
Exits with status 3 (and a JSON line with "skipped") when the library is missing.
"""
import json
import resource
import sys
import time
import warnings

import numpy as np

data_dir, lib, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
A, B, C, GEMMS, TARGET = spec["A"], spec["B"], spec["C"], spec["GEMMS"], spec["TARGET_SECONDS"]
B_STEPS = B["epochs"] * -(-B["rows"] // B["batch"])


def read(name, dtype, cols=None):
    a = np.fromfile(f"{data_dir}/{name}", dtype=dtype)
    return a.reshape(-1, cols) if cols else a


xA, yA = read("a_x.f32", "<f4", A["inputs"]), read("a_y.i32", "<i4")
xB, yB = read("b_x.f32", "<f4", B["inputs"]), read("b_y.i32", "<i4")
xC = read("c_x.f32", "<f4", A["inputs"])


def training_throughput(train, total_rows, batch):
    """samples/s: a warm-up batch, a rate estimate on two batches, then one run of about TARGET seconds"""
    train(min(total_rows, batch), 1)
    rows = min(total_rows, 2 * batch)
    t = time.perf_counter()
    train(rows, 1)
    rate = rows / (time.perf_counter() - t)
    epochs = 1
    wanted = rate * TARGET
    if wanted >= total_rows:
        rows, epochs = total_rows, max(1, round(wanted / total_rows))
    else:
        rows = max(batch, int(wanted // batch) * batch)
    t = time.perf_counter()
    train(rows, epochs)
    return rows * epochs / (time.perf_counter() - t)


def latency(fn):
    """median seconds per call: a short warm-up, then 5 blocks of about TARGET / 5 seconds"""
    t = time.perf_counter()
    for _ in range(20):
        fn()
        if time.perf_counter() - t > 0.2:
            break
    t, calls = time.perf_counter(), 0
    while time.perf_counter() - t < 0.05 or calls == 0:
        fn()
        calls += 1
    per_call = (time.perf_counter() - t) / calls
    blocks = 3 if per_call > TARGET / 5 else 5
    per_block = max(1, round(TARGET / 5 / per_call))
    times = []
    for _ in range(blocks):
        t = time.perf_counter()
        for _ in range(per_block):
            fn()
        times.append((time.perf_counter() - t) / per_block)
    return sorted(times)[blocks // 2]


def gflops(fn, m, k, n):
    fn()
    t = time.perf_counter()
    fn()
    once = time.perf_counter() - t
    reps = max(1, round(TARGET / 3 / once))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t) / reps)
    return 2 * m * k * n / best / 1e9


def median_seconds(fn):
    """median seconds of 3 timed calls (after the caller's warm-up run)"""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[1]


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


result = {"A": {}, "B": {}, "C": {}, "D": {}, "gemm": {}, "info": {}}


def run_torch():
    import torch

    torch.manual_seed(1)
    result["info"] = {"torch": torch.__version__, "threads": torch.get_num_threads()}

    def network(spec, output):
        layers, width = [], spec["inputs"]
        for units in spec["hidden"]:
            layers += [torch.nn.Linear(width, units), torch.nn.ReLU()]
            width = units
        return torch.nn.Sequential(*layers, torch.nn.Linear(width, output))

    loss_fn = torch.nn.CrossEntropyLoss()
    xa, ya = torch.from_numpy(xA), torch.from_numpy(yA).long()

    def trainer(model, opt, x, y, batch):
        def train(rows, epochs):
            for _ in range(epochs):
                order = torch.randperm(rows)
                for s in range(0, rows, batch):
                    idx = order[s:s + batch]
                    opt.zero_grad()
                    loss_fn(model(x[idx]), y[idx]).backward()
                    opt.step()
        return train

    trained = None
    for batch in A["batches"]:
        model = network(A, A["classes"])
        opt = torch.optim.Adam(model.parameters(), lr=A["lr"])
        result["A"][str(batch)] = training_throughput(trainer(model, opt, xa, ya, batch), A["rows"], batch)
        if batch == 128:
            trained = model
    result["D"]["peakRssMiB"] = peak_rss_mib()

    tiny = network(B, B["classes"])
    opt = torch.optim.SGD(tiny.parameters(), lr=B["lr"])
    train_b = trainer(tiny, opt, torch.from_numpy(xB), torch.from_numpy(yB).long(), B["batch"])
    train_b(B["rows"], B["epochs"])
    seconds = median_seconds(lambda: train_b(B["rows"], B["epochs"]))
    result["B"] = {"stepsPerSecond": B_STEPS / seconds, "samplesPerSecond": B["epochs"] * B["rows"] / seconds}

    xc = torch.from_numpy(xC)
    softmax = torch.nn.Softmax(dim=1)
    with torch.no_grad():
        def predict_all():
            for s in range(0, C["rows"], C["batch"]):
                softmax(trained(xc[s:s + C["batch"]])).numpy()
        result["C"]["rowsPerSecond"] = C["rows"] / latency(predict_all)
        row = xc[0:1]
        result["C"]["latencyMicros"] = 1e6 * latency(lambda: softmax(trained(row)).numpy())
        tiny_row = torch.from_numpy(xB[0:1])
        result["C"]["tinyLatencyMicros"] = 1e6 * latency(lambda: softmax(tiny(tiny_row)).numpy())
        for g in GEMMS:
            a, b = torch.full((g["m"], g["k"]), 0.5), torch.full((g["k"], g["n"]), 0.25)
            result["gemm"][g["name"]] = gflops(lambda: torch.mm(a, b), g["m"], g["k"], g["n"])


def run_sklearn():
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    result["info"] = {"sklearn": sklearn.__version__}

    def classifier(spec, solver, lr, batch, epochs):
        return MLPClassifier(hidden_layer_sizes=tuple(spec["hidden"]), activation="relu", solver=solver,
                             learning_rate_init=lr, batch_size=batch, max_iter=epochs, shuffle=True, tol=0.0,
                             n_iter_no_change=10 ** 9, momentum=0.0, nesterovs_momentum=False, random_state=1)

    trained = None
    for batch in A["batches"]:
        holder = {}

        def train(rows, epochs, batch=batch, holder=holder):
            holder["model"] = classifier(A, "adam", A["lr"], batch, epochs).fit(xA[:rows], yA[:rows])
        result["A"][str(batch)] = training_throughput(train, A["rows"], batch)
        if batch == 128:
            trained = holder["model"]
    result["D"]["peakRssMiB"] = peak_rss_mib()

    holder = {}

    def train_b():
        holder["model"] = classifier(B, "sgd", B["lr"], B["batch"], B["epochs"]).fit(xB, yB)
    train_b()
    seconds = median_seconds(train_b)
    tiny = holder["model"]
    result["B"] = {"stepsPerSecond": B_STEPS / seconds, "samplesPerSecond": B["epochs"] * B["rows"] / seconds}

    def predict_all():
        for s in range(0, C["rows"], C["batch"]):
            trained.predict_proba(xC[s:s + C["batch"]])
    result["C"]["rowsPerSecond"] = C["rows"] / latency(predict_all)
    result["C"]["latencyMicros"] = 1e6 * latency(lambda: trained.predict_proba(xC[0:1]))
    result["C"]["tinyLatencyMicros"] = 1e6 * latency(lambda: tiny.predict_proba(xB[0:1]))


def run_numpy():
    result["info"] = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info
        result["info"]["blas"] = [{k: i.get(k) for k in ("internal_api", "num_threads", "architecture")} for i in threadpool_info()]
    except ImportError:
        pass
    for g in GEMMS:
        a = np.full((g["m"], g["k"]), 0.5, dtype=np.float32)
        b = np.full((g["k"], g["n"]), 0.25, dtype=np.float32)
        result["gemm"][g["name"]] = gflops(lambda: a @ b, g["m"], g["k"], g["n"])


try:
    {"torch": run_torch, "sklearn": run_sklearn, "numpy": run_numpy}[lib]()
except ImportError as e:
    print(json.dumps({"skipped": f"{lib} is not installed ({e})"}))
    sys.exit(3)
print(json.dumps(result))
