"""PyTorch reference for Tubelet's detection graph (AVA-style head, as in SlowFast's ResNetRoIHead
that VideoMAE's AVA fine-tuning uses): the encoder of videomae_reference.VideoMAEClassifier with the
final norm over every token, the token grid as a feature map [B, C, T', H', W'], mean over time,
torchvision's roi_align (aligned=True, sampling_ratio=0, spatial_scale=1/patch, 7x7), max over the
7x7, the linear head.

  videomae_detection_reference.py MODEL_DIR CLIPS.f32 BOXES.json OUT.json

CLIPS.f32: little-endian float32 [B, T, 3, H, W], already normalized; BOXES.json: [[batch, x1, y1, x2, y2], ...]
in input pixels. OUT.json: logits [K][classes].
"""
import json
import sys

import numpy as np
import torch
from torchvision.ops import roi_align

from videomae_reference import load_builder_model


def main():
    model_dir, clips_path, boxes_path, out_path = sys.argv[1:5]
    torch.set_num_threads(1)
    model, _ = load_builder_model(model_dir)
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    frames, size, patch, tubelet = cfg["num_frames"], cfg["image_size"], cfg["patch_size"], cfg["tubelet_size"]
    clips = np.fromfile(clips_path, dtype="<f4").reshape(-1, frames, 3, size, size)
    with open(boxes_path) as f:
        rois = torch.tensor(json.load(f), dtype=torch.float32)
    with torch.no_grad():
        x = torch.from_numpy(clips).permute(0, 2, 1, 3, 4)  # [B, 3, T, H, W]
        x = model.patch_embed(x)
        x = x + model.pos_embed.type_as(x)
        for block in model.blocks:
            x = block(x)
        x = model.norm(x)  # [B, N, C], N = T' * H' * W' in the Conv3d's (t, h, w) order
        b, n, c = x.shape
        grid = size // patch
        fmap = x.transpose(1, 2).reshape(b, c, frames // tubelet, grid, grid).mean(2)  # [B, C, H', W']
        pooled = roi_align(fmap, rois, output_size=(7, 7), spatial_scale=1.0 / patch, sampling_ratio=0, aligned=True)
        pooled = pooled.amax(dim=(2, 3))
        logits = model.head(pooled)
    with open(out_path, "w") as f:
        json.dump(logits.double().tolist(), f)


if __name__ == "__main__":
    main()
