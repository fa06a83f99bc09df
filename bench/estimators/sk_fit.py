"""Whole fit() calls of scikit-learn's MLPClassifier / MLPRegressor on every data set and solver,
timed in this process, printed as one JSON line. Usage: sk_fit.py (not sklearn.py, which would shadow the package) <data dir> <spec JSON>"""
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

data_dir, spec = sys.argv[1], json.loads(sys.argv[2])
warnings.simplefilter("ignore", ConvergenceWarning)
manifest = json.load(open(os.path.join(data_dir, "manifest.json")))


def read(entry):
    x = np.fromfile(os.path.join(data_dir, entry["name"] + ".x.f64"), dtype="<f8").reshape(entry["rows"], entry["features"])
    y = np.fromfile(os.path.join(data_dir, entry["name"] + ".y.f64"), dtype="<f8")
    if entry["task"] == "classification":
        y = y.astype(np.int64)
    return x, y


def fit(entry, x, y, solver):
    est_class = MLPRegressor if entry["task"] == "regression" else MLPClassifier
    est = est_class(solver=solver, max_iter=spec["maxIter"], random_state=spec["seed"])
    t = time.perf_counter()
    est.fit(x, y)
    return {"seconds": time.perf_counter() - t, "nIter": int(est.n_iter_)}


result = {}
warm = next((e for e in manifest if e["name"] == "iris"), manifest[0])
wx, wy = read(warm)
for solver in spec["solvers"]:
    fit(warm, wx, wy, solver)
for entry in manifest:
    x, y = read(entry)
    for solver in spec["solvers"]:
        result[entry["name"] + " " + solver] = fit(entry, x, y, solver)
print(json.dumps(result))
