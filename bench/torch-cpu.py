"""PyTorch on the CPU, one thread: the reference figures of bench/wasm-node.ts.

Usage: /usr/bin/python3 bench/torch-cpu.py SPEC.json   (prints one JSON object)

SPEC (written by wasm-node.ts): {"threads": 1, "reps": R,
  "mlp": [{"name", "layers": [[in, out, "relu" | null], ...], "dir": folder of x.f32, y.u32,
           w<i>.f32 / b<i>.f32 (our [in, out] layout), "batch", "batches", "lr", "checkSteps", "iters"}],
  "gemm": [[M, N, K, iters]]}
The MLP trains from our initial weights on our data, in our batch order (batch k of the
step is rows [k*batch, (k+1)*batch) with k = step mod batches), Adam with PyTorch's defaults
but lr, cross-entropy averaged over the batch: the same step as ours, so its first losses are
checked against ours.
"""
import json
import os
import sys
import time

import numpy as np
import torch


def mlp_case(c, reps):
    d = c["dir"]
    x = torch.from_numpy(np.fromfile(os.path.join(d, "x.f32"), dtype=np.float32)).reshape(-1, c["layers"][0][0])
    y = torch.from_numpy(np.fromfile(os.path.join(d, "y.u32"), dtype=np.uint32).astype(np.int64))

    def build():
        mods = []
        for i, (n_in, n_out, act) in enumerate(c["layers"]):
            lin = torch.nn.Linear(n_in, n_out)
            w = np.fromfile(os.path.join(d, f"w{i}.f32"), dtype=np.float32).reshape(n_in, n_out)
            b = np.fromfile(os.path.join(d, f"b{i}.f32"), dtype=np.float32)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(w.T.copy()))
                lin.bias.copy_(torch.from_numpy(b))
            mods.append(lin)
            if act == "relu":
                mods.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*mods)
        return model, torch.optim.Adam(model.parameters(), lr=c["lr"], betas=(0.9, 0.999), eps=1e-8)

    model, opt = build()
    loss_fn = torch.nn.CrossEntropyLoss()
    state = {"step": 0}

    def step():
        k = state["step"] % c["batches"]
        xb, yb = x[k * c["batch"]:(k + 1) * c["batch"]], y[k * c["batch"]:(k + 1) * c["batch"]]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        state["step"] += 1
        return loss.item()

    losses = [step() for _ in range(c["checkSteps"])]
    for _ in range(3):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(c["iters"]):
            step()
        times.append((time.perf_counter() - t0) * 1000 / c["iters"])
    return {"name": c["name"], "msPerIter": times, "losses": losses}


def gemm_case(M, N, K, iters, reps):
    g = torch.Generator().manual_seed(1)
    a = torch.rand(M, K, generator=g) - 0.5
    b = torch.rand(K, N, generator=g) - 0.5
    for _ in range(3):
        torch.mm(a, b)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(iters):
            torch.mm(a, b)
        times.append((time.perf_counter() - t0) * 1000 / iters)
    return {"name": f"gemm NN {M}x{N}x{K}", "msPerIter": times}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    torch.set_num_threads(spec["threads"])
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "mlp": [mlp_case(c, spec["reps"]) for c in spec["mlp"]],
        "gemm": [gemm_case(M, N, K, iters, spec["reps"]) for M, N, K, iters in spec["gemm"]],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
