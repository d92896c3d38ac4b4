#!/usr/bin/env python3
"""Reference reconstruction scores from PyTorch for Tubelet's anomaly models to reproduce.

The model is VideoMAE's pretraining architecture as the authors' repository defines it
(modeling_pretrain.PretrainVisionTransformer: the encoder on the visible tokens with its fixed
sinusoid table and final norm, encoder_to_decoder without bias, the decoder on the visible tokens
plus mask_token, each with the decoder's sinusoid table, visible first, then its norm and head on
the masked tokens), written out here from that description so that nothing is downloaded.

The score, exactly as the README states it:
  - tokens in (t', h', w') order, spatial index s = h' * (W / p) + w', S spatial positions;
  - M = round(1 / (1 - mask_ratio)) tube masks; in mask m the positions with s mod M == m are visible
    in every time slice, all others masked;
  - per mask: the encoder on the visible tokens, the decoder on [visible, masked] (each group in
    ascending token order), predictions for the masked tokens;
  - target per token: pixels back in [0, 1] (x * std + mean), the tubelet x p x p block normalized per
    channel with its mean and unbiased std (+1e-6), flattened with the channel fastest, as the authors'
    pretraining loss does with normlize_target;
  - token error = mean squared error over its values, averaged over the masks that hid it;
    window score = mean token error.

Checkpoints written (both from the same kind of random model):
  pretrain_original   the authors' torch.save({'model': state_dict, ...}): encoder.*, encoder_to_decoder.weight,
                      mask_token, decoder.*; mask ratio 0.9 (10 masks); a 96-wide decoder (needs --decoder-heads 3)
  pretrain_hf         Hugging Face's VideoMAEForPreTraining as safetensors + config.json (videomae.*,
                      encoder_to_decoder, mask_token, decoder.decoder_layers.*, decoder.norm, decoder.head),
                      mask_ratio 0.75 in config.json (4 masks)
  pretrain_evil.pth   a pretraining checkpoint whose pickle calls os.system (must be refused, never run)

    videomae_anomaly_reference.py OUT_DIR --frames NAME=DIR ... [--marker FILE]
"""
import argparse
import glob
import json
import os

import torch
import torch.nn as nn

from hf_processing import IMAGENET_MEAN, IMAGENET_STD, preprocess_clip
from videomae_reference import Block, TubeletEmbedding, perturb, sinusoid_table, write_safetensors


class PretrainEncoder(nn.Module):
    def __init__(self, width, depth, heads, frames, image_size, patch_size, tubelet, eps):
        super().__init__()
        self.patch_embed = TubeletEmbedding(image_size, patch_size, frames, tubelet, width)
        self.register_buffer("pos_embed", sinusoid_table(self.patch_embed.tokens, width), persistent=False)
        self.blocks = nn.ModuleList([Block(width, heads, 4, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=eps)

    def forward(self, x, mask):
        x = self.patch_embed(x) + self.pos_embed
        b, _, c = x.shape
        x = x[~mask].reshape(b, -1, c)  # visible tokens, ascending
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


class PretrainDecoder(nn.Module):
    def __init__(self, width, depth, heads, outputs, eps, norm_eps):
        super().__init__()
        self.blocks = nn.ModuleList([Block(width, heads, 4, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=norm_eps)
        self.head = nn.Linear(width, outputs)

    def forward(self, x, return_tokens):
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x[:, -return_tokens:]))


class PretrainVideoMAE(nn.Module):
    """Input [B, 3, T, H, W] and a boolean mask [B, N] (True: masked), as the authors' code takes them."""

    def __init__(self, width, depth, heads, decoder_width, decoder_depth, decoder_heads, frames=16, image_size=224,
                 patch_size=16, tubelet=2, eps=1e-6, decoder_norm_eps=None):
        super().__init__()
        self.encoder = PretrainEncoder(width, depth, heads, frames, image_size, patch_size, tubelet, eps)
        self.decoder = PretrainDecoder(decoder_width, decoder_depth, decoder_heads, 3 * tubelet * patch_size ** 2, eps,
                                       eps if decoder_norm_eps is None else decoder_norm_eps)
        self.encoder_to_decoder = nn.Linear(width, decoder_width, bias=False)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, decoder_width))
        self.register_buffer("pos_embed", sinusoid_table(self.encoder.patch_embed.tokens, decoder_width),
                             persistent=False)
        self.frames, self.image_size, self.patch_size, self.tubelet = frames, image_size, patch_size, tubelet

    def forward(self, x, mask):
        x_vis = self.encoder_to_decoder(self.encoder(x, mask))
        b, _, c = x_vis.shape
        pos = self.pos_embed.expand(b, -1, -1)
        pos_vis = pos[~mask].reshape(b, -1, c)
        pos_mask = pos[mask].reshape(b, -1, c)
        full = torch.cat([x_vis + pos_vis, self.mask_token + pos_mask], dim=1)
        return self.decoder(full, pos_mask.shape[1])


def tube_masks(model, mask_ratio):
    """M masks of [N] booleans (True: masked): position s visible in mask m when s mod M == m."""
    count = round(1 / (1 - mask_ratio))
    side = model.image_size // model.patch_size
    slices = model.frames // model.tubelet
    spatial = torch.arange(side * side) % count
    return [(spatial != m).repeat(slices) for m in range(count)]


def targets(model, clip_cthw, mean=IMAGENET_MEAN, std=IMAGENET_STD):
    """[N, tubelet * p * p * 3]: normalized pixel blocks, channel fastest (the authors' normlize_target)."""
    mean = torch.tensor(mean).view(3, 1, 1, 1)
    std = torch.tensor(std).view(3, 1, 1, 1)
    video = clip_cthw * std + mean  # back in [0, 1]
    c, t, h, w = video.shape
    p, ts = model.patch_size, model.tubelet
    # 'c (t p0) (h p1) (w p2) -> (t h w) (p0 p1 p2) c'
    blocks = video.reshape(c, t // ts, ts, h // p, p, w // p, p).permute(1, 3, 5, 2, 4, 6, 0)
    blocks = blocks.reshape((t // ts) * (h // p) * (w // p), ts * p * p, c)
    normed = (blocks - blocks.mean(dim=-2, keepdim=True)) / (blocks.var(dim=-2, unbiased=True, keepdim=True).sqrt()
                                                               + 1e-6)
    return normed.reshape(normed.shape[0], -1)


def score(model, clip_tchw, mask_ratio):
    clip = torch.from_numpy(clip_tchw).permute(1, 0, 2, 3)  # [3, T, H, W]
    target = targets(model, clip)
    errors = torch.zeros(target.shape[0], dtype=torch.float64)
    hidden = torch.zeros(target.shape[0], dtype=torch.float64)
    with torch.no_grad():
        for mask in tube_masks(model, mask_ratio):
            predicted = model(clip.unsqueeze(0), mask.unsqueeze(0))[0]  # [masked, values]
            per_token = ((predicted - target[mask]) ** 2).mean(dim=-1).double()
            errors[mask] += per_token
            hidden[mask] += 1
    token_errors = errors / hidden
    return {"score": token_errors.mean().item(), "token_errors": token_errors.tolist()}


HF_LAYER_PARTS = {
    "attn.q_bias": "attention.attention.q_bias", "attn.v_bias": "attention.attention.v_bias",
    "attn.proj.weight": "attention.output.dense.weight", "attn.proj.bias": "attention.output.dense.bias",
    "mlp.fc1.weight": "intermediate.dense.weight", "mlp.fc1.bias": "intermediate.dense.bias",
    "mlp.fc2.weight": "output.dense.weight", "mlp.fc2.bias": "output.dense.bias",
    "norm1.weight": "layernorm_before.weight", "norm1.bias": "layernorm_before.bias",
    "norm2.weight": "layernorm_after.weight", "norm2.bias": "layernorm_after.bias",
}


def hugging_face_pretraining_names(state):
    """The authors' names -> VideoMAEForPreTraining's, each qkv split into query, key and value."""
    out = {}
    for name, tensor in state.items():
        parts = name.split(".")
        if parts[0] in ("encoder", "decoder") and parts[1] == "blocks":
            layer = (f"videomae.encoder.layer.{parts[2]}." if parts[0] == "encoder"
                     else f"decoder.decoder_layers.{parts[2]}.")
            rest = ".".join(parts[3:])
            if rest == "attn.qkv.weight":
                for part, chunk in zip(("query", "key", "value"), tensor.chunk(3, dim=0)):
                    out[layer + f"attention.attention.{part}.weight"] = chunk
            else:
                out[layer + HF_LAYER_PARTS[rest]] = tensor
            continue
        out[{"encoder.patch_embed.proj.weight": "videomae.embeddings.patch_embeddings.projection.weight",
             "encoder.patch_embed.proj.bias": "videomae.embeddings.patch_embeddings.projection.bias",
             "encoder.norm.weight": "videomae.layernorm.weight",
             "encoder.norm.bias": "videomae.layernorm.bias"}.get(name, name)] = tensor
    return out


class Evil:
    """Unpickling this runs os.system: an importer must refuse it without running it."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, ("touch " + self.marker,)


def spread(model, seed):
    """perturb's weights, the decoder's head 15 times larger: predictions that differ from the targets by
    more than the targets' own spread, so that the score measures the model, not the pixels."""
    perturb(model, seed)
    with torch.no_grad():
        model.decoder.head.weight.mul_(15)


def checkpoints(out_dir, marker):
    made = {}
    # the authors' form: ViT-Ti encoder (a standard width), a 96-wide decoder (not one: --decoder-heads 3)
    model = PretrainVideoMAE(width=192, depth=2, heads=3, decoder_width=96, decoder_depth=2, decoder_heads=3).eval()
    spread(model, seed=301)
    target = os.path.join(out_dir, "pretrain_original")
    os.makedirs(target, exist_ok=True)
    path = os.path.join(target, "checkpoint.pth")
    torch.save({"model": model.state_dict(), "epoch": 799,
                "args": argparse.Namespace(model="pretrain_videomae_tiny", mask_ratio=0.9)}, path)
    made["pretrain_original"] = (model, path, 0.9)
    torch.save({"model": model.state_dict(), "hook": Evil(marker)}, os.path.join(out_dir, "pretrain_evil.pth"))

    # Hugging Face's form: layer_norm_eps 1e-12 for every block and the encoder's norm, PyTorch's 1e-5 for decoder.norm
    model = PretrainVideoMAE(width=192, depth=2, heads=3, decoder_width=128, decoder_depth=1, decoder_heads=4,
                             eps=1e-12, decoder_norm_eps=1e-5).eval()
    spread(model, seed=302)
    target = os.path.join(out_dir, "pretrain_hf")
    os.makedirs(target, exist_ok=True)
    path = os.path.join(target, "model.safetensors")
    write_safetensors(path, hugging_face_pretraining_names(model.state_dict()))
    config = {
        "architectures": ["VideoMAEForPreTraining"], "model_type": "videomae", "num_frames": 16, "tubelet_size": 2,
        "image_size": 224, "patch_size": 16, "num_channels": 3, "hidden_size": 192, "num_hidden_layers": 2,
        "num_attention_heads": 3, "intermediate_size": 768, "layer_norm_eps": 1e-12, "qkv_bias": True,
        "use_mean_pooling": False, "decoder_hidden_size": 128, "decoder_num_hidden_layers": 1,
        "decoder_num_attention_heads": 4, "decoder_intermediate_size": 512, "norm_pix_loss": True,
        "mask_ratio": 0.75,
    }
    with open(os.path.join(target, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    made["pretrain_hf"] = (model, path, 0.75)
    return made


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--frames", action="append", default=[], help="NAME=DIR of image files")
    parser.add_argument("--marker", default="/nonexistent/marker", help="file the evil pickle would create")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    clips = {}
    for spec in args.frames:
        name, directory = spec.split("=", 1)
        clips[name] = preprocess_clip(sorted(glob.glob(os.path.join(directory, "*.png"))))
    reference = {"torch": torch.__version__, "models": {}}
    for name, (model, path, mask_ratio) in checkpoints(args.out, args.marker).items():
        reference["models"][name] = {
            "checkpoint": path,
            "mask_ratio": mask_ratio,
            "masks": round(1 / (1 - mask_ratio)),
            "scores": {clip_name: score(model, clip, mask_ratio) for clip_name, clip in clips.items()},
        }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference, f)


if __name__ == "__main__":
    main()
