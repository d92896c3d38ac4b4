"""Hugging Face VideoMAEImageProcessor's steps, reproduced with PIL and numpy (transformers 4.x semantics).

Used by the goldens and by the reference check, so that both compare against one definition:
PIL resize of the shortest edge (reducing_gap=None), center crop with (size - crop) // 2 and zero
padding, rescale in float64 cast to float32, normalize in float32.
"""
import math

import numpy as np
from PIL import Image

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def resize_shortest_edge(img, target, resample=Image.BILINEAR):
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


def normalize(arr, mean=IMAGENET_MEAN, std=IMAGENET_STD, factor=1 / 255):
    rescaled = (arr.astype(np.float64) * factor).astype(np.float32)
    return (rescaled - np.array(mean, dtype=np.float32)) / np.array(std, dtype=np.float32)


def preprocess_frame(img, shortest_edge=224, crop=224, resample=Image.BILINEAR):
    """One PIL RGB frame -> float32 [3, crop, crop]."""
    resized = resize_shortest_edge(img, shortest_edge, resample)
    cropped = center_crop(np.asarray(resized), crop, crop)
    return np.ascontiguousarray(normalize(cropped).transpose(2, 0, 1))


def preprocess_clip(paths, shortest_edge=224, crop=224):
    """Image files -> float32 [T, 3, crop, crop] (Hugging Face's pixel_values without the batch axis)."""
    return np.stack([preprocess_frame(Image.open(p).convert("RGB"), shortest_edge, crop) for p in paths])
