#!/usr/bin/env python3
"""Writes the preprocessing goldens: what Hugging Face's VideoMAEImageProcessor makes of a frame.

Run with Debian's python3-pil and python3-numpy (no transformers needed: the processor's steps are
reproduced in hf_processing.py as transformers 4.x implements them).

    /usr/bin/python3 model-runtime/src/test/python/make_preprocess_goldens.py model-runtime/src/test/resources/goldens/preprocess
"""
import hashlib
import json
import os
import sys

import numpy as np
import PIL
from PIL import Image, ImageDraw

from hf_processing import center_crop, normalize, resize_shortest_edge


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
