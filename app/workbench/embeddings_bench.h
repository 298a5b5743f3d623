#pragma once
// gramt-workbench --bench embeddings: the Embeddings panel on a synthetic embeddings task folder of
// `clips` clips with clip facts: open (read, PCA, draw), recolour, redraw, pick a clip (its nearest
// clips), and a t-SNE map. Prints the times; returns non-zero when the panel failed.
#include <QString>

namespace gramt::workbench {

int runEmbeddingsBench(int clips, QString* report);

// The bench's task folder (also the panel tests'): a scene task "bench_embeddings" of `clips` clips
// in ten classes, each embedding its class's centre plus a part that turns with the clip's azimuth
// plus noise, with per-file embeddings and clip facts (azimuth_deg, elevation_deg, rt60_s, snr_db).
void writeSyntheticEmbeddingsTask(const QString& dir, int clips, int width);

}  // namespace gramt::workbench
