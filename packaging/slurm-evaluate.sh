#!/usr/bin/env bash
# Example: HEAR / Nat-HEAR evaluation of one model on a SLURM cluster. Every task is embedded in
# SHARDS pieces at once (a job array over shards; each array task embeds its share of every task),
# and a job that starts when the array has finished predicts and writes the results matrix.
# Shards share the embeddings folder (a shared file system); the last shard to finish a task
# assembles the kits' files, byte-identical to a single process. Killed or preempted array tasks
# are simply resubmitted: each resumes from its first missing clip.
#
#   WEIGHTS=model.safetensors TASKS=hear-tasks EMB=embeddings SHARDS=16 packaging/slurm-evaluate.sh
#   packaging/slurm-evaluate.sh --dry-run     # print the two sbatch commands instead of submitting
#
# Settings (environment): WEIGHTS (file or hf://org/name), TASKS, EMB, SHARDS (default 8),
# GRAMT_CLI (default build/release/app/gramt-cli), DEVICE (cpu | cuda), PRECISION (32 | bf16),
# EXTRA_EMBED / EXTRA_EVALUATE (more options), SBATCH_EMBED / SBATCH_EVALUATE (more sbatch options).
set -euo pipefail

dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true
fail() { echo "slurm-evaluate: $*" >&2; exit 2; }

GRAMT_CLI="${GRAMT_CLI:-build/release/app/gramt-cli}"
SHARDS="${SHARDS:-8}"
DEVICE="${DEVICE:-cpu}"
PRECISION="${PRECISION:-32}"
: "${WEIGHTS:?set WEIGHTS to the model (a weights file, a checkpoint or hf://org/name)}"
: "${TASKS:?set TASKS to the folder of HEAR task folders}"
: "${EMB:?set EMB to the embeddings folder (on a file system every node sees)}"
[[ "$SHARDS" =~ ^[1-9][0-9]*$ ]] || fail "SHARDS must be a whole number of at least 1, not '$SHARDS'"
[ -d "$TASKS" ] || fail "TASKS: $TASKS is not a folder"

embed=("$GRAMT_CLI" embed-tasks --weights "$WEIGHTS" --tasks-dir "$TASKS" --embeddings-dir "$EMB"
       --device "$DEVICE" --precision "$PRECISION" ${EXTRA_EMBED:-})
evaluate=("$GRAMT_CLI" evaluate --weights "$WEIGHTS" --tasks-dir "$TASKS" --embeddings-dir "$EMB"
          --device "$DEVICE" --precision "$PRECISION" ${EXTRA_EVALUATE:-})

# Array task K embeds shard K/SHARDS of every task (sbatch --wrap runs it through sh).
embed_line="${embed[*]} --shard \${SLURM_ARRAY_TASK_ID}/$SHARDS"
embed_job=(sbatch --parsable --job-name=gramt-embed --array="0-$((SHARDS - 1))" --cpus-per-task=8
           --time=24:00:00 --output=gramt-embed-%A_%a.out ${SBATCH_EMBED:-} --wrap "$embed_line")
if $dry_run; then
  printf '%q ' "${embed_job[@]}"; echo
  echo "sbatch --dependency=afterok:<array job> --job-name=gramt-evaluate ... --wrap '${evaluate[*]}'"
  exit 0
fi
command -v sbatch >/dev/null || fail "sbatch not found: run this on a SLURM login node (or use --dry-run)"
array_id="$("${embed_job[@]}")"
# Every task is embedded by then: evaluate finds the folders complete and only predicts.
sbatch --dependency="afterok:${array_id}" --job-name=gramt-evaluate --cpus-per-task=8 --time=24:00:00 \
  --output=gramt-evaluate-%j.out ${SBATCH_EVALUATE:-} --wrap "${evaluate[*]}"
echo "submitted: embedding array $array_id (${SHARDS} shards), then evaluate"
