#!/usr/bin/env python3
"""Writes the preprocessing goldens: what Hugging Face's VideoMAEImageProcessor makes of a frame.

Run with Debian's python3-pil and python3-numpy (no transformers needed: the processor's steps are
reproduced here as transformers 4.x implements them: PIL resize of the shortest edge with
reducing_gap=None, center crop with (size - crop) // 2 and zero padding, rescale in float64 cast to
float32, normalize in float32).

    /usr/bin/python3 model-runtime/src/test/python/make_preprocess_goldens.py model-runtime/src/test/resources/goldens/preprocess
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import PIL
from PIL import Image, ImageDraw

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def source_image(width, height, seed):
    """Random shapes over a smooth field plus fine noise: edges and texture that resampling must get right."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    base = np.stack([(xx * 255 // max(width - 1, 1)), (yy * 255 // max(height - 1, 1)), ((xx + yy) * 3) % 256], axis=-1)
    img = Image.fromarray(base.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(4, width // 2)), y0 + int(rng.integers(4, height // 2))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
    arr = np.asarray(img).astype(np.int16) + rng.integers(-6, 7, (height, width, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def resize_shortest_edge(img, target, resample):
    width, height = img.size
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = target, int(target * long / short)
    new_h, new_w = (new_long, new_short) if width <= height else (new_short, new_long)
    return img.resize((new_w, new_h), resample=resample, reducing_gap=None)


def center_crop(arr, crop_h, crop_w):
    h, w = arr.shape[:2]
    top, left = (h - crop_h) // 2, (w - crop_w) // 2
    bottom, right = top + crop_h, left + crop_w
    if top >= 0 and bottom <= h and left >= 0 and right <= w:
        return arr[top:bottom, left:right]
    new_h, new_w = max(crop_h, h), max(crop_w, w)
    padded = np.zeros((new_h, new_w, arr.shape[2]), dtype=arr.dtype)
    top_pad, left_pad = math.ceil((new_h - h) / 2), math.ceil((new_w - w) / 2)
    padded[top_pad:top_pad + h, left_pad:left_pad + w] = arr
    top, bottom, left, right = top + top_pad, bottom + top_pad, left + left_pad, right + left_pad
    return padded[max(0, top):min(new_h, bottom), max(0, left):min(new_w, right)]


def normalize(arr):
    rescaled = (arr.astype(np.float64) * (1 / 255)).astype(np.float32)
    return (rescaled - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)


CASES = [
    # name, source size, seed, shortest edge (0 = no resize), crop, PIL filter
    ("downscale_wide_bilinear", (400, 300), 1, 112, 112, Image.BILINEAR),
    ("downscale_wide_bicubic", (400, 300), 1, 112, 112, Image.BICUBIC),
    ("downscale_portrait_bilinear", (150, 250), 2, 128, 112, Image.BILINEAR),
    ("downscale_slight_bilinear", (240, 180), 3, 168, 160, Image.BILINEAR),
    ("upscale_bilinear", (90, 70), 4, 112, 112, Image.BILINEAR),
    ("pad_no_resize", (100, 90), 5, 0, 112, Image.BILINEAR),
    ("at_crop_size", (112, 112), 6, 112, 112, Image.BILINEAR),
]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    manifest = {"pillow": PIL.__version__, "cases": []}
    sources = {}
    for name, (w, h), seed, shortest, crop, resample in CASES:
        key = (w, h, seed)
        if key not in sources:
            src_name = f"source_{w}x{h}_{seed}.png"
            source_image(w, h, seed).save(os.path.join(out_dir, src_name), optimize=True)
            sources[key] = src_name
        img = Image.open(os.path.join(out_dir, sources[key])).convert("RGB")
        resized = resize_shortest_edge(img, shortest, resample) if shortest else img
        cropped = center_crop(np.asarray(resized), crop, crop)
        Image.fromarray(np.ascontiguousarray(cropped), "RGB").save(os.path.join(out_dir, name + ".png"), optimize=True)
        chw = np.ascontiguousarray(normalize(cropped).transpose(2, 0, 1)).astype("<f4")
        manifest["cases"].append({
            "name": name, "source": sources[key], "shortest_edge": shortest, "crop": crop,
            "resample": int(resample), "expected": name + ".png", "resized_size": list(resized.size),
            "normalized_float32_sha256": hashlib.sha256(chw.tobytes()).hexdigest(),
        })
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
