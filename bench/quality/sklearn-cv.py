#!/usr/bin/python3
"""scikit-learn on the folds of bench/quality/cv-defaults.ts (a JSON file from write-folds.ts):
mean R² or accuracy over the folds of its MLP (defaults, seeds given), linear model and
HistGradientBoosting (defaults, and with max_depth 1 and 2: how much of its score needs
interactions), preprocessed as ../shared/data/tabular/refs.py does. Numeric tables only.
  node --import tsx bench/quality/write-folds.ts randhie 1 3 > /tmp/randhie-folds.json
  /usr/bin/python3 bench/quality/sklearn-cv.py randhie /tmp/randhie-folds.json 1,2,3"""
import csv, json, os, sys, warnings
import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
warnings.filterwarnings('ignore')

name, fold_file = sys.argv[1], sys.argv[2]
seeds = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else '1').split(',')]
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, '..', '..', '..', 'shared', 'data', 'tabular', f'{name}-train.csv'), newline='') as f:
    rows = list(csv.reader(f))[1:]
classify = any(not r[-1].replace('.', '', 1).replace('-', '', 1).isdigit() for r in rows)
X = np.array([[float(v) if v != '' else np.nan for v in r[:-1]] for r in rows])
X = np.where(np.isnan(X), np.nanmean(X, axis=0), X)
y = np.array([r[-1] if classify else float(r[-1]) for r in rows])
folds = json.load(open(fold_file))

def cv(make):
    scores = []
    for test in folds:
        mask = np.zeros(len(y), bool)
        mask[test] = True
        scores.append(make().fit(X[~mask], y[~mask]).score(X[mask], y[mask]))
    return round(float(np.mean(scores)), 4), [round(float(s), 4) for s in scores]

reg = lambda m: TransformedTargetRegressor(m, transformer=StandardScaler())
for s in seeds:
    print(name, f'mlp seed {s}', *cv(lambda: make_pipeline(StandardScaler(), MLPClassifier(random_state=s) if classify else reg(MLPRegressor(random_state=s)))), flush=True)
print(name, 'linear', *cv(lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000) if classify else LinearRegression())), flush=True)
hgb = HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor
print(name, 'hgb', *cv(lambda: hgb(random_state=1)), flush=True)
for depth in (1, 2):
    print(name, f'hgb max_depth {depth}', *cv(lambda: hgb(max_depth=depth, max_iter=500 if depth == 1 else 100, random_state=1)), flush=True)
