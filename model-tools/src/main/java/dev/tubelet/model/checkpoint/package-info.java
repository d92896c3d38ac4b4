/**
 * Checkpoint import: safetensors and PyTorch zips (a restricted unpickler that runs no Python) into a model
 * directory.
 */
package dev.tubelet.model.checkpoint;
