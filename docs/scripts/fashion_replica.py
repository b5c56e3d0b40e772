# Diagnostic peer (docs/benchmarks.md): resnet-small's architecture in PyTorch on Fashion-MNIST at 32x32 with the
# Fashion run's recipe (8 epochs, 1 warm-up, SGD 0.9, lr 0.1 @128, wd 1e-4, cosine per iteration, flip + crop
# 0.6-1 from 36), synchronously and with dl4j-spark's parameter averaging simulated. Needs a CUDA GPU.
#   python3 docs/scripts/fashion_replica.py [FASHION_MNIST_IDX_DIR]
import gzip, json, math, os, sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
DATA = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"  # Debian dataset-fashion-mnist
torch.manual_seed(1); dev = "cuda"
def idx(name, off): return np.frombuffer(gzip.open(os.path.join(DATA, name), "rb").read(), np.uint8, offset=off)
xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28); ytr = idx("train-labels-idx1-ubyte.gz", 8)
xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28); yte = idx("t10k-labels-idx1-ubyte.gz", 8)
def prep(x, size):
    t = torch.tensor(x, dtype=torch.float32, device=dev) / 255
    t = F.interpolate(t, size=(32, 32), mode="bilinear", align_corners=False)  # the import's 32x32 PNGs
    t = F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False).repeat(1, 3, 1, 1)
    mean = torch.tensor([0.485, 0.456, 0.406], device=dev).view(1, 3, 1, 1); std = torch.tensor([0.229, 0.224, 0.225], device=dev).view(1, 3, 1, 1)
    return (t - mean) / std
Xtr, Xte = prep(xtr, 36), prep(xte, 32); Ytr = torch.tensor(ytr, device=dev).long(); Yte = torch.tensor(yte, device=dev).long()
def cbr(i, o, s): return [nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]
class Block(nn.Module):
    def __init__(s, i, o, st):
        super().__init__(); s.a = nn.Sequential(*cbr(i, o, st), nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o))
        s.sc = nn.Sequential() if i == o and st == 1 else nn.Sequential(nn.Conv2d(i, o, 1, st, bias=False), nn.BatchNorm2d(o))
    def forward(s, x): return F.relu(s.a(x) + s.sc(x))
def net(stem_stride):
    layers = [*cbr(3, 32, stem_stride), *cbr(32, 32, 1), nn.MaxPool2d(3, 2, 1)] if stem_stride else [*cbr(3, 32, 1), *cbr(32, 32, 1)]
    c = 32
    for st, w in enumerate([48, 96, 192]):
        for b in range(2): layers.append(Block(c, w, 2 if st > 0 and b == 0 else 1)); c = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(192, 10)).to(dev)
def crop_batch(x):  # random-sized crop (area 0.6-1, aspect 0.8-1.2) of 36x36 resized to 32, and flip: one affine grid
    n = x.shape[0]; area = torch.empty(n, device=dev).uniform_(0.6, 1.0) * 36 * 36
    r = torch.exp(torch.empty(n, device=dev).uniform_(math.log(0.8), math.log(1.2)))
    w = torch.sqrt(area * r).clamp(max=36); h = torch.sqrt(area / r).clamp(max=36)
    x0 = torch.rand(n, device=dev) * (36 - w); y0 = torch.rand(n, device=dev) * (36 - h)
    sign = torch.where(torch.rand(n, device=dev) < 0.5, -1.0, 1.0)
    theta = torch.zeros(n, 2, 3, device=dev)
    theta[:, 0, 0] = sign * w / 36; theta[:, 0, 2] = (2 * x0 + w) / 36 - 1
    theta[:, 1, 1] = h / 36; theta[:, 1, 2] = (2 * y0 + h) / 36 - 1
    grid = F.affine_grid(theta, (n, 3, 32, 32), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", align_corners=False)
res = {}
def lr_at(it, ipe, warm, T):
    return 0.1 * (it + 1) / (warm * ipe) if it < warm * ipe else 0.05 * (1 + math.cos(math.pi * (it - warm * ipe) / T))
def evaluate(m):
    m.eval()
    with torch.no_grad():
        return sum((m(Xte[i:i+1000]).argmax(1) == Yte[i:i+1000]).sum().item() for i in range(0, 10000, 1000)) / 100
# Parameter averaging as dl4j-spark does it: W replicas, each steps on its own B/W slice of every global batch with
# the full lr, and every F steps parameters, BN buffers and momentum buffers are averaged.
for name, workers, freq, stem in (("sync SGD, batch 128", 1, 1, 2), ("2 workers x 64, averaging every 10", 2, 10, 2),
                                  ("2 workers x 64, averaging every 1", 2, 1, 2),
                                  ("sync SGD, no stem downsampling", 1, 1, 0)):
    torch.manual_seed(1); np.random.seed(1)
    models = [net(stem) for _ in range(workers)]
    for m in models[1:]: m.load_state_dict(models[0].state_dict())
    opts = [torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4) for m in models]
    epochs, warm, bs = 8, 1, 128; ipe = len(Xtr) // bs; T = (epochs - warm) * ipe; it = 0; hist = []
    for ep in range(epochs):
        for m in models: m.train()
        perm = torch.randperm(len(Xtr), device=dev)
        for k in range(ipe):
            lr = lr_at(it, ipe, warm, T)
            batch = perm[k*bs:(k+1)*bs]
            for w, (m, opt) in enumerate(zip(models, opts)):
                for g in opt.param_groups: g["lr"] = lr; g["weight_decay"] = 0 if it < warm * ipe else 1e-4
                idx_ = batch[w::workers]
                loss = F.cross_entropy(m(crop_batch(Xtr[idx_])), Ytr[idx_])
                opt.zero_grad(); loss.backward(); opt.step()
            it += 1
            if workers > 1 and (it % freq == 0 or k == ipe - 1):
                with torch.no_grad():
                    sds = [m.state_dict() for m in models]
                    avg = {key: (sum(sd[key].float() for sd in sds) / workers).to(sds[0][key].dtype) for key in sds[0]}
                    for m in models: m.load_state_dict(avg)
                    for group in zip(*[o.param_groups[0]["params"] for o in opts]):
                        bufs = [opts[i].state[p]["momentum_buffer"] for i, p in enumerate(group)]
                        mean = sum(bufs) / workers
                        for b in bufs: b.copy_(mean)
        acc = evaluate(models[0]); hist.append(acc); print(name, "epoch", ep + 1, "val top-1", acc, flush=True)
    res[name] = hist
json.dump(res, open(os.path.join(os.environ.get("OUT", "."), "fashion_peer_averaging.json"), "w"), indent=1)
