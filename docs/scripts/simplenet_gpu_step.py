# Per-step cost of SimpleNet (the reference layer table) on one GPU, fp32, for the on-paper estimate in
# docs/benchmarks.md. Needs a CUDA GPU:  python3 docs/scripts/simplenet_gpu_step.py
import json, os, time, torch, torch.nn as nn
torch.backends.cudnn.benchmark = True
def simplenet(n=100):
    c = lambda i, o, k, s=1, p=0: [nn.Conv2d(i, o, k, s, p), nn.ReLU(inplace=True)]
    mp = lambda: [nn.MaxPool2d(3, 2, 1)]
    return nn.Sequential(*c(3,64,7,2,3), *mp(), *c(64,64,1), *c(64,64,3,1,1), *c(64,256,1), *mp(),
        *c(256,64,1), *c(64,64,3,1,1), *c(64,256,1), *mp(), *c(256,512,3,1,1),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, n))
dev = "cuda"
net = simplenet().to(dev)
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
loss = nn.CrossEntropyLoss()
out = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__,
       "params": sum(p.numel() for p in net.parameters())}
for batch in (32, 64, 128, 256):
    x = torch.randn(batch, 3, 128, 128, device=dev); y = torch.randint(0, 100, (batch,), device=dev)
    for _ in range(20):
        opt.zero_grad(); loss(net(x), y).backward(); opt.step()
    torch.cuda.synchronize(); t = time.perf_counter(); n = 100
    for _ in range(n):
        opt.zero_grad(); loss(net(x), y).backward(); opt.step()
    torch.cuda.synchronize(); s = (time.perf_counter() - t) / n
    xe = torch.randn(100, 3, 160, 160, device=dev)
    with torch.no_grad():
        for _ in range(10): net(xe)
        torch.cuda.synchronize(); t = time.perf_counter()
        for _ in range(50): net(xe)
        torch.cuda.synchronize(); e = (time.perf_counter() - t) / 50
    out[f"batch{batch}"] = {"train_step_ms": s * 1e3, "train_images_per_s": batch / s,
                            "eval_batch100_at160_ms": e * 1e3}
# host<->device copy of a parameter set (5.5 MB) and momentum, as each averaging round moves them
p = torch.randn(1368676 * 2, device=dev); torch.cuda.synchronize(); t = time.perf_counter()
for _ in range(50): h = p.cpu(); p.copy_(h.to(dev))
torch.cuda.synchronize(); out["params_and_momentum_roundtrip_ms"] = (time.perf_counter() - t) / 50 * 1e3
print(json.dumps(out, indent=1))
json.dump(out, open(os.path.join(os.environ.get("OUT", "."), "gpu_step.json"), "w"), indent=1)
