#!/usr/bin/env python3
"""Trains the demo model: a small VideoMAE that knows the demo scene's five actions.

The clips come from the project's own scene generator (DemoTrainingSet.java writes them with the
runtime's preprocessing, 8-bit planes); the model is the PyTorch reference of VideoMAE's
fine-tuning architecture in model-runtime/src/test/python/videomae_reference.py (the one the
runtime's parity tests use), at a reduced size: ViT width 96, 4 blocks, 3 heads, 64x64 input,
16 frames, mean pooling. Trained from scratch (no pretraining: the scene is simple), seed 2026, on
CPU with Debian's python3-torch. Writes the original code's tensor names as float16 safetensors,
config.json (with the labels) and preprocessor_config.json, which `tubelet import` reads.

    train_demo_model.py DATA_DIR OUT_DIR [--epochs 30]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "model-runtime", "src", "test", "python"))
from videomae_reference import PREPROCESSOR, VideoMAEClassifier, config_json, write_safetensors  # noqa: E402

LABELS = ["standing", "walking", "running", "jumping", "falling"]
FRAMES, SIZE = 16, 64
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1, 1)


def load(data_dir):
    labels = np.fromfile(os.path.join(data_dir, "labels.u8"), dtype=np.uint8).astype(np.int64)
    clips = np.fromfile(os.path.join(data_dir, "clips.u8"), dtype=np.uint8)
    clips = clips.reshape(len(labels), FRAMES, 3, SIZE, SIZE)
    return torch.from_numpy(clips), torch.from_numpy(labels)


def model_input(batch):
    """[B, T, 3, H, W] bytes -> [B, 3, T, H, W] normalized, as the runtime feeds the model."""
    x = batch.permute(0, 2, 1, 3, 4).float() / 255.0
    return (x - MEAN) / STD


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    torch.manual_seed(2026)
    np.random.seed(2026)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    clips, labels = load(args.data_dir)
    order = torch.randperm(len(labels))
    held = len(labels) // 10
    val, train = order[:held], order[held:]
    model = VideoMAEClassifier(width=96, depth=4, heads=3, classes=len(LABELS), frames=FRAMES, image_size=SIZE,
                               use_mean_pooling=True)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    batch = 32
    steps = args.epochs * ((len(train) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    for epoch in range(args.epochs):
        model.train()
        start, seen, loss_sum = time.time(), 0, 0.0
        for i in range(0, len(train), batch):
            idx = train[i: i + batch]
            x = model_input(clips[idx])
            # mirror half the clips: an action is the same either way round
            flip = torch.rand(len(idx)) < 0.5
            x[flip] = x[flip].flip(-1)
            loss = F.cross_entropy(model(x), labels[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            seen += len(idx)
            loss_sum += loss.item() * len(idx)
        train = train[torch.randperm(len(train))]
        acc = accuracy(model, clips[val], labels[val])
        print(f"epoch {epoch + 1}: loss {loss_sum / seen:.3f}, held-out accuracy {acc:.3f} ({time.time() - start:.0f} s)",
              flush=True)

    os.makedirs(args.out_dir, exist_ok=True)
    write_safetensors(os.path.join(args.out_dir, "model.safetensors"), model.state_dict(), torch.float16)
    cfg = config_json(model, len(LABELS), FRAMES, SIZE)
    cfg["id2label"] = {str(i): name for i, name in enumerate(LABELS)}
    cfg["label2id"] = {name: i for i, name in enumerate(LABELS)}
    with open(os.path.join(args.out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    pre = dict(PREPROCESSOR, size={"shortest_edge": SIZE}, crop_size={"height": SIZE, "width": SIZE})
    with open(os.path.join(args.out_dir, "preprocessor_config.json"), "w") as f:
        json.dump(pre, f, indent=2)


def accuracy(model, clips, labels):
    model.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(labels), 64):
            right += (model(model_input(clips[i: i + 64])).argmax(1) == labels[i: i + 64]).sum().item()
    return right / len(labels)


if __name__ == "__main__":
    main()
