#!/usr/bin/env python3
"""Pretrains the demo anomaly model: a small VideoMAE masked autoencoder of the demo scene.

The clips are the demo model's (DemoTrainingSet.java: the project's own scene generator through the
runtime's preprocessing, 8-bit planes; their labels are not used). The model is the PyTorch
reference of VideoMAE's pretraining architecture in model-runtime/src/test/python/
videomae_anomaly_reference.py, at the demo classifier's size so that both take the same frames:
encoder width 96, 4 blocks, 3 heads, 16 frames of 64x64; decoder width 64, 2 blocks, 2 heads.
Trained as the authors pretrain: random tube masks (the same positions hidden in every time slice),
mean squared error of the hidden tokens' normalized pixels. The mask ratio is 0.75 rather than
VideoMAE's 0.9: a 64x64 input has only 16 positions per slice, and 0.9 would show one or two.
Seed 2026, CPU. Writes the authors' tensor names as float16 safetensors, config.json (with the
decoder's heads and the mask ratio) and preprocessor_config.json, which `tubelet import` reads.

    train_demo_anomaly_model.py DATA_DIR OUT_DIR [--epochs 20]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "model-runtime", "src", "test", "python"))
from videomae_anomaly_reference import PretrainVideoMAE  # noqa: E402
from videomae_reference import PREPROCESSOR, write_safetensors  # noqa: E402

FRAMES, SIZE, PATCH, TUBELET = 16, 64, 16, 2
MASK_RATIO = 0.75
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1, 1)


def load(data_dir):
    clips = np.fromfile(os.path.join(data_dir, "clips.u8"), dtype=np.uint8)
    return torch.from_numpy(clips.reshape(-1, FRAMES, 3, SIZE, SIZE))


def model_input(batch):
    """[B, T, 3, H, W] bytes -> [B, 3, T, H, W] normalized, as the runtime feeds the model."""
    x = batch.permute(0, 2, 1, 3, 4).float() / 255.0
    return (x - MEAN) / STD


def targets(x):
    """[B, N, tubelet*p*p*3]: the authors' normalized pixel targets, channel fastest."""
    video = x * STD + MEAN
    b, c, t, h, w = video.shape
    blocks = video.reshape(b, c, t // TUBELET, TUBELET, h // PATCH, PATCH, w // PATCH, PATCH)
    blocks = blocks.permute(0, 2, 4, 6, 3, 5, 7, 1).reshape(b, -1, TUBELET * PATCH * PATCH, c)
    normed = (blocks - blocks.mean(dim=-2, keepdim=True)) / (blocks.var(dim=-2, unbiased=True, keepdim=True).sqrt()
                                                               + 1e-6)
    return normed.reshape(b, normed.shape[1], -1)


def tube_masks(batch, generator):
    """The authors' tube masking: per clip, the same random positions hidden in every time slice."""
    spatial = (SIZE // PATCH) ** 2
    hidden = int(MASK_RATIO * spatial)
    masks = torch.zeros(batch, spatial, dtype=torch.bool)
    for i in range(batch):
        masks[i, torch.randperm(spatial, generator=generator)[:hidden]] = True
    return masks.repeat(1, FRAMES // TUBELET)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    torch.manual_seed(2026)
    generator = torch.Generator().manual_seed(2026)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    clips = load(args.data_dir)
    model = PretrainVideoMAE(width=96, depth=4, heads=3, decoder_width=64, decoder_depth=2, decoder_heads=2,
                             frames=FRAMES, image_size=SIZE, patch_size=PATCH, tubelet=TUBELET)
    opt = torch.optim.AdamW(model.parameters(), lr=1.5e-3, betas=(0.9, 0.95), weight_decay=0.05)
    batch = 32
    steps = args.epochs * ((len(clips) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.5e-3, total_steps=steps, pct_start=0.1)
    order = torch.randperm(len(clips), generator=generator)
    for epoch in range(args.epochs):
        model.train()
        start, seen, loss_sum = time.time(), 0, 0.0
        for i in range(0, len(clips), batch):
            x = model_input(clips[order[i: i + batch]])
            flip = torch.rand(len(x), generator=generator) < 0.5
            x[flip] = x[flip].flip(-1)
            mask = tube_masks(len(x), generator)
            predicted = model(x, mask)
            target = targets(x)[mask].reshape(len(x), -1, predicted.shape[-1])
            loss = ((predicted - target) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            seen += len(x)
            loss_sum += loss.item() * len(x)
        order = order[torch.randperm(len(order), generator=generator)]
        print(f"epoch {epoch + 1}: reconstruction loss {loss_sum / seen:.4f} ({time.time() - start:.0f} s)", flush=True)

    os.makedirs(args.out_dir, exist_ok=True)
    write_safetensors(os.path.join(args.out_dir, "model.safetensors"), model.state_dict(), torch.float16)
    config = {
        "architectures": ["VideoMAEForPreTraining"], "model_type": "videomae", "num_frames": FRAMES,
        "tubelet_size": TUBELET, "image_size": SIZE, "patch_size": PATCH, "num_channels": 3, "hidden_size": 96,
        "num_hidden_layers": 4, "num_attention_heads": 3, "intermediate_size": 384, "decoder_hidden_size": 64,
        "decoder_num_hidden_layers": 2, "decoder_num_attention_heads": 2, "decoder_intermediate_size": 256,
        "mask_ratio": MASK_RATIO, "norm_pix_loss": True,
    }
    with open(os.path.join(args.out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    pre = dict(PREPROCESSOR, size={"shortest_edge": SIZE}, crop_size={"height": SIZE, "width": SIZE})
    with open(os.path.join(args.out_dir, "preprocessor_config.json"), "w") as f:
        json.dump(pre, f, indent=2)


if __name__ == "__main__":
    main()
