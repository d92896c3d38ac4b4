#!/usr/bin/env python3
"""Reference logits from PyTorch for Tubelet's runtime to reproduce.

The model is VideoMAE's fine-tuning architecture as the official repository defines it
(modeling_finetune.VisionTransformer: Conv3d tubelet embedding, fixed sinusoid table, pre-norm
blocks with q/v biases, exact GELU, fc_norm over the mean of tokens or norm + token 0, linear
head), written out here so that no download is needed. Two jobs:

  export   random-initialized models exported with torch.onnx.export in both layouts
           (original code: x [B, 3, T, H, W]; Hugging Face: pixel_values [B, T, 3, H, W]),
           each in a model directory with config.json (one without preprocessor_config.json)
  builder  Tubelet's own builder models, their weights loaded into this PyTorch model
  checkpoints  fine-tuned checkpoints as people have them: original names saved with
           torch.save({'model': state_dict, ...}), original names as safetensors, Hugging Face
           names as safetensors with config.json (mean and first-token pooling, one in float16)

and for each model, logits for each frame set after Hugging Face's preprocessing.

    videomae_reference.py OUT_DIR --frames NAME=DIR ... [--builder NAME=MODEL_DIR ...] [--export] [--checkpoints]
"""
import argparse
import glob
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from hf_processing import preprocess_clip


def sinusoid_table(positions, width):
    angles = np.array([[pos / np.power(10000, 2 * (j // 2) / width) for j in range(width)] for pos in range(positions)])
    angles[:, 0::2] = np.sin(angles[:, 0::2])
    angles[:, 1::2] = np.cos(angles[:, 1::2])
    return torch.FloatTensor(angles).unsqueeze(0)


class TubeletEmbedding(nn.Module):
    def __init__(self, image_size, patch_size, frames, tubelet, width):
        super().__init__()
        self.tokens = (image_size // patch_size) ** 2 * (frames // tubelet)
        self.proj = nn.Conv3d(3, width, kernel_size=(tubelet, patch_size, patch_size), stride=(tubelet, patch_size, patch_size))

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    """cos_attn: VideoMAE V2's cosine attention (unit q and k, a learned logit scale per head, clamped at ln 100)."""

    def __init__(self, width, heads, cos_attn=False):
        super().__init__()
        self.heads = heads
        self.cos_attn = cos_attn
        if cos_attn:
            self.scale = nn.Parameter(torch.log(10 * torch.ones((heads, 1, 1))))
        else:
            self.scale = (width // heads) ** -0.5
        self.qkv = nn.Linear(width, width * 3, bias=False)
        self.q_bias = nn.Parameter(torch.zeros(width))
        self.v_bias = nn.Parameter(torch.zeros(width))
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        b, n, c = x.shape
        bias = torch.cat((self.q_bias, torch.zeros_like(self.v_bias, requires_grad=False), self.v_bias))
        qkv = F.linear(x, self.qkv.weight, bias).reshape(b, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if self.cos_attn:
            scores = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
            attn = (scores * torch.clamp(self.scale, max=4.6052).exp()).softmax(dim=-1)
        else:
            attn = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, -1))


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    """init_values: VideoMAE V2's layer scale (gamma_1, gamma_2); mlp_hidden: an MLP width that is no multiple."""

    def __init__(self, width, heads, mlp_ratio, eps, init_values=None, cos_attn=False, mlp_hidden=None):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=eps)
        self.attn = Attention(width, heads, cos_attn)
        self.norm2 = nn.LayerNorm(width, eps=eps)
        self.mlp = Mlp(width, mlp_hidden or width * mlp_ratio)
        if init_values:
            self.gamma_1 = nn.Parameter(init_values * torch.ones(width))
            self.gamma_2 = nn.Parameter(init_values * torch.ones(width))
        else:
            self.gamma_1 = self.gamma_2 = None

    def forward(self, x):
        if self.gamma_1 is None:
            x = x + self.attn(self.norm1(x))
            return x + self.mlp(self.norm2(x))
        x = x + self.gamma_1 * self.attn(self.norm1(x))
        return x + self.gamma_2 * self.mlp(self.norm2(x))


class VideoMAEClassifier(nn.Module):
    """Input [B, 3, T, H, W], as the original code takes it."""

    def __init__(self, width, depth, heads, classes, frames=16, image_size=224, patch_size=16, tubelet=2,
                 mlp_ratio=4, use_mean_pooling=True, eps=1e-6, fc_norm_eps=None, init_values=None, cos_attn=False,
                 mlp_hidden=None):
        super().__init__()
        self.patch_embed = TubeletEmbedding(image_size, patch_size, frames, tubelet, width)
        self.register_buffer("pos_embed", sinusoid_table(self.patch_embed.tokens, width), persistent=False)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio, eps, init_values, cos_attn, mlp_hidden)
                                     for _ in range(depth)])
        self.norm = nn.Identity() if use_mean_pooling else nn.LayerNorm(width, eps=eps)
        self.fc_norm = nn.LayerNorm(width, eps=eps if fc_norm_eps is None else fc_norm_eps) if use_mean_pooling else None
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        x = self.patch_embed(x)
        x = x + self.pos_embed.type_as(x).to(x.device).clone().detach()
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        x = self.fc_norm(x.mean(1)) if self.fc_norm is not None else x[:, 0]
        return self.head(x)


class HuggingFaceLayout(nn.Module):
    """pixel_values [B, T, 3, H, W], permuted as Hugging Face's VideoMAEEmbeddings does."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values.permute(0, 2, 1, 3, 4))


def perturb(model, seed):
    """Random weights in which every parameter matters (nonzero biases, LayerNorm scales away from one)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * noise)
            elif name.endswith("attn.scale"):
                # V2's logit scales: one head's above ln 100, so that the clamp matters
                p.copy_(torch.linspace(2.0, 5.0, p.shape[0]).view(-1, 1, 1))
            elif ".gamma_" in name:
                p.copy_(0.5 + 0.2 * noise)
            else:
                p.copy_(0.02 * noise)


def config_json(model, classes, frames, image_size, layout=None, eps=1e-6):
    blocks = model.blocks
    width = model.head.in_features
    cfg = {
        "architectures": ["VideoMAEForVideoClassification"], "model_type": "videomae", "num_frames": frames,
        "tubelet_size": 2, "image_size": image_size, "patch_size": 16, "hidden_size": width,
        "num_hidden_layers": len(blocks), "num_attention_heads": blocks[0].attn.heads,
        "intermediate_size": blocks[0].mlp.fc1.out_features, "layer_norm_eps": eps,
        "use_mean_pooling": model.fc_norm is not None, "problem_type": "single_label_classification",
        "id2label": {str(i): f"action_{i}" for i in range(classes)},
    }
    if layout:
        cfg["tubelet_input_layout"] = layout
    return cfg


PREPROCESSOR = {
    "image_processor_type": "VideoMAEImageProcessor", "do_resize": True, "size": {"shortest_edge": 224},
    "resample": 2, "do_center_crop": True, "crop_size": {"height": 224, "width": 224}, "do_rescale": True,
    "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
}


def export(out_dir, frames=16, image_size=224, classes=7):
    """Exports in both layouts and both poolings; returns {name: (torch model taking [B,3,T,H,W], dir)}."""
    models = {}
    for name, layout, mean_pool, with_preprocessor in [
        ("export_original_mean", "BCTHW", True, False),
        ("export_hf_first_token", "BTCHW", False, True),
    ]:
        torch.manual_seed(7)
        model = VideoMAEClassifier(width=96, depth=2, heads=3, classes=classes, frames=frames, image_size=image_size,
                                   use_mean_pooling=mean_pool).eval()
        perturb(model, seed=len(models) + 11)
        target = os.path.join(out_dir, name)
        os.makedirs(target, exist_ok=True)
        if layout == "BCTHW":
            # the original code's forward(x): exported with torch's own input/output names and a fixed batch of 1
            torch.onnx.export(model, torch.zeros(1, 3, frames, image_size, image_size), os.path.join(target, "model.onnx"),
                              opset_version=17)
        else:
            torch.onnx.export(HuggingFaceLayout(model), torch.zeros(1, frames, 3, image_size, image_size),
                              os.path.join(target, "model.onnx"), opset_version=17, input_names=["pixel_values"],
                              output_names=["logits"], dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}})
        with open(os.path.join(target, "config.json"), "w") as f:
            json.dump(config_json(model, classes, frames, image_size), f, indent=2)
        if with_preprocessor:
            with open(os.path.join(target, "preprocessor_config.json"), "w") as f:
                json.dump(PREPROCESSOR, f, indent=2)
        models[name] = (model, target)
    return models


def write_safetensors(path, state, dtype=torch.float32):
    """The safetensors layout: u64 little-endian header length, JSON header, little-endian row-major data."""
    code = {torch.float32: "F32", torch.float16: "F16"}[dtype]
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in state.items():
        data = tensor.detach().to(dtype).contiguous().numpy().astype("<" + ("f4" if dtype == torch.float32 else "f2")).tobytes()
        header[name] = {"dtype": code, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)


def hugging_face_names(state):
    """Original names -> VideoMAEForVideoClassification's, qkv split into query, key and value."""
    out = {}
    for name, tensor in state.items():
        parts = name.split(".")
        if parts[0] == "blocks":
            layer = f"videomae.encoder.layer.{parts[1]}."
            rest = ".".join(parts[2:])
            if rest == "attn.qkv.weight":
                for part, chunk in zip(("query", "key", "value"), tensor.chunk(3, dim=0)):
                    out[layer + f"attention.attention.{part}.weight"] = chunk
                continue
            rest = {"attn.q_bias": "attention.attention.q_bias", "attn.v_bias": "attention.attention.v_bias",
                    "attn.proj.weight": "attention.output.dense.weight", "attn.proj.bias": "attention.output.dense.bias",
                    "mlp.fc1.weight": "intermediate.dense.weight", "mlp.fc1.bias": "intermediate.dense.bias",
                    "mlp.fc2.weight": "output.dense.weight", "mlp.fc2.bias": "output.dense.bias",
                    "norm1.weight": "layernorm_before.weight", "norm1.bias": "layernorm_before.bias",
                    "norm2.weight": "layernorm_after.weight", "norm2.bias": "layernorm_after.bias"}[rest]
            out[layer + rest] = tensor
        else:
            out[{"patch_embed.proj.weight": "videomae.embeddings.patch_embeddings.projection.weight",
                 "patch_embed.proj.bias": "videomae.embeddings.patch_embeddings.projection.bias",
                 "norm.weight": "videomae.layernorm.weight", "norm.bias": "videomae.layernorm.bias",
                 "head.weight": "classifier.weight", "head.bias": "classifier.bias"}.get(name, name)] = tensor
    return out


def checkpoints(out_dir, frames=16, image_size=224, classes=5):
    """Fine-tuned checkpoints in the forms people download; returns {name: (reference model, checkpoint file)}."""
    made = {}
    specs = [
        # name, pooling, form, dtype
        ("ckpt_original_pth_mean", True, "pth", torch.float32),
        ("ckpt_original_safetensors_first_token", False, "original-safetensors", torch.float32),
        ("ckpt_hf_safetensors_mean", True, "hf-safetensors", torch.float32),
        ("ckpt_hf_safetensors_first_token_fp16", False, "hf-safetensors", torch.float16),
        # VideoMAE V2 as its authors save it: layer scale, cosine attention, patch 14 and an MLP width that is no
        # multiple of the embedding's (ViT-g's 48/11, here 836 for ViT-Ti's 192)
        ("ckpt_v2_original_pth_mean", True, "pth", torch.float32),
    ]
    for index, (name, mean_pool, form, dtype) in enumerate(specs):
        hf = form == "hf-safetensors"
        # Hugging Face's port: blocks and final norm use layer_norm_eps (1e-12 in its config), fc_norm PyTorch's 1e-5
        # ViT-Ti's width and heads (a standard size, so no --heads is needed), two blocks to stay quick
        v2 = "_v2_" in name
        model = VideoMAEClassifier(width=192, depth=2, heads=3, classes=classes, frames=frames, image_size=image_size,
                                   use_mean_pooling=mean_pool, eps=1e-12 if hf else 1e-6,
                                   fc_norm_eps=1e-5 if hf else None, patch_size=14 if v2 else 16,
                                   init_values=0.1 if v2 else None, cos_attn=v2,
                                   mlp_hidden=836 if v2 else None).eval()
        perturb(model, seed=100 + index)
        if dtype == torch.float16:
            with torch.no_grad():
                for p in model.parameters():
                    p.copy_(p.half().float())  # the reference runs the weights the file holds
        target = os.path.join(out_dir, name)
        os.makedirs(target, exist_ok=True)
        state = model.state_dict()
        if form == "pth":
            path = os.path.join(target, "checkpoint.pth")
            torch.save({"model": state, "epoch": 29, "args": argparse.Namespace(model="vit_small", nb_classes=classes)}, path)
        elif form == "original-safetensors":
            path = os.path.join(target, "model.safetensors")
            write_safetensors(path, state, dtype)
        else:
            path = os.path.join(target, "model.safetensors")
            write_safetensors(path, hugging_face_names(state), dtype)
            cfg = config_json(model, classes, frames, image_size, eps=1e-12)
            cfg.pop("problem_type")
            with open(os.path.join(target, "config.json"), "w") as f:
                json.dump(cfg, f, indent=2)
        made[name] = (model, path)
    return made


def load_builder_model(model_dir):
    """A Tubelet builder model's ONNX initializers loaded into the PyTorch reference."""
    import onnx
    from onnx import numpy_helper

    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(os.path.join(model_dir, "model.onnx")).graph.initializer}
    model = VideoMAEClassifier(width=cfg["hidden_size"], depth=cfg["num_hidden_layers"], heads=cfg["num_attention_heads"],
                               classes=len(cfg["id2label"]), frames=cfg["num_frames"], image_size=cfg["image_size"],
                               patch_size=cfg["patch_size"], tubelet=cfg["tubelet_size"],
                               mlp_ratio=cfg["intermediate_size"] // cfg["hidden_size"],
                               use_mean_pooling=cfg["use_mean_pooling"], eps=cfg["layer_norm_eps"]).eval()
    state = {}
    for name, tensor in model.state_dict().items():
        if name.endswith("attn.q_bias") or name.endswith("attn.v_bias"):
            fused = weights[name.rsplit(".", 1)[0] + ".qkv.bias"]
            width = fused.shape[0] // 3
            value = fused[:width] if name.endswith("q_bias") else fused[2 * width:]
        else:
            value = weights[name]
            if value.ndim == 2:
                value = value.T  # stored [in, out] for MatMul
        assert tuple(value.shape) == tuple(tensor.shape), (name, value.shape, tensor.shape)
        state[name] = torch.from_numpy(np.ascontiguousarray(value))
    model.load_state_dict(state)
    layout = cfg.get("tubelet_input_layout", "BTCHW")
    return model, layout


def logits(model, clip_tchw):
    with torch.no_grad():
        x = torch.from_numpy(clip_tchw).unsqueeze(0).permute(0, 2, 1, 3, 4)  # [1, 3, T, H, W]
        return model(x)[0].double().tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--frames", action="append", default=[], help="NAME=DIR of image files")
    parser.add_argument("--builder", action="append", default=[], help="NAME=MODEL_DIR")
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--checkpoints", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)

    clips = {}
    for spec in args.frames:
        name, directory = spec.split("=", 1)
        paths = sorted(glob.glob(os.path.join(directory, "*.png")))
        clips[name] = preprocess_clip(paths)

    models = {}
    if args.export:
        for name, (model, target) in export(args.out).items():
            models[name] = {"dir": target, "model": model}
    if args.checkpoints:
        for name, (model, path) in checkpoints(args.out).items():
            models[name] = {"dir": os.path.dirname(path), "checkpoint": path, "model": model}
    for spec in args.builder:
        name, directory = spec.split("=", 1)
        model, _ = load_builder_model(directory)
        models[name] = {"dir": directory, "model": model}

    reference = {"torch": torch.__version__, "models": {}}
    for name, entry in models.items():
        model = entry["model"]
        reference["models"][name] = {
            "dir": entry["dir"],
            "checkpoint": entry.get("checkpoint"),
            "parameters": sum(p.numel() for p in model.parameters()),
            "logits": {clip_name: logits(model, clip) for clip_name, clip in clips.items()},
        }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference, f)


if __name__ == "__main__":
    main()
