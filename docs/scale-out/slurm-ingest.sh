#!/bin/bash
# Slurm job array: one task per shard of the cohort. Submit with
#   sbatch --array=1-20 docs/scale-out/slurm-ingest.sh /shared/cerberus-results /shared/atlas-dataset
# Every task writes its slides' partitions into the same dataset folder (a shared file system);
# the task that completes the last slide writes slides.parquet and manifest.json. If tasks
# finish out of order, run the same command once more with --resume and no --shard to finalize.
#SBATCH --job-name=atlas-ingest
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=02:00:00
set -euo pipefail
RESULTS=$1
DATASET=$2
cd "${ATLAS_HOME:-$HOME/cerberus-atlas}"
npm run pipeline -- ingest "$RESULTS" --slides "$RESULTS/slides.csv" --out "$DATASET" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --jobs "${SLURM_CPUS_PER_TASK}" --resume
