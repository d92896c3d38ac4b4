#!/usr/bin/env bash
# Checks a GPU node the way the TaskManagers will use it: inside the GPU Flink image, with the GPU the
# NVIDIA container runtime hands it, ONNX Runtime's providers each open and run a model alone (no
# fallback). Prints ONNX Runtime's version and providers, the CUDA, cuDNN and TensorRT libraries in
# the image, the GPUs nvidia-smi sees, and per provider the open time (a TensorRT engine build
# included) and a batch's run time. Exit code 0 when a GPU provider ran the model.
#
#   docker/gpu-check.sh [MODEL_DIR] [IMAGE]
#     MODEL_DIR  a model directory on this host (default: a tiny model written by the cli image)
#     IMAGE      the GPU Flink image (default: tubelet/flink:0.1.0-gpu; build it with docker compose
#                --profile gpu build, or the docker build line at the top of docker/Dockerfile)
set -euo pipefail
image=${2:-tubelet/flink:0.1.0-gpu}
if [ $# -ge 1 ]; then
  models=$(cd "$1" && pwd)
else
  models=$(mktemp -d)
  chmod 777 "$models"
  docker run --rm -v "$models:/models" tubelet/cli:0.1.0 gen-model --size small --out /models/check >/dev/null
  models="$models/check"
fi
exec docker run --rm --gpus all -v "$models:/model:ro" --entrypoint java "$image" \
  -Donnxruntime.native.path=/opt/onnxruntime/lib -cp '/opt/flink/lib/*:/opt/flink/usrlib/*' \
  dev.tubelet.model.runtime.ProviderCheck /model
