#!/usr/bin/env bash
# Example: data-parallel GRAM-T pretraining on a SLURM cluster, one process per GPU (or per node on
# CPU). gramt-cli reads SLURM_PROCID / SLURM_NTASKS / SLURM_LOCALID for its rank and world size and
# MASTER_ADDR / MASTER_PORT for the rendezvous (c10d: NCCL on CUDA builds, Gloo on CPU).
#
#   sbatch packaging/slurm-train.sh
#
#SBATCH --job-name=gramt-pretrain
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=4
#SBATCH --gpus-per-node=4
#SBATCH --cpus-per-task=8
#SBATCH --time=72:00:00
#SBATCH --output=%x-%j.out
set -euo pipefail

export MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"
export MASTER_PORT="${MASTER_PORT:-29500}"
GRAMT_CLI="${GRAMT_CLI:-build/release/app/gramt-cli}"
RUN_DIR="${RUN_DIR:-runs/pretrain-${SLURM_JOB_ID}}"

# Each task reads its own share of the shards; rank 0 writes logs and checkpoints into RUN_DIR.
# To continue a stopped job: "$GRAMT_CLI" train --resume "$RUN_DIR" [trainer.steps=N] (the run keeps
# its config.yaml; a resume may change only the budget and the checkpoint/logging cadence)
srun "$GRAMT_CLI" train --run-dir "$RUN_DIR" \
  data=audioset data.sr=32000 patching=frame data.mask_patch=160 trainer.batch_size=96 trainer.steps=500000
