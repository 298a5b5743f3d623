#pragma once
// Where a task clip's audio lives: <tasks>/<task>/<rate>/<split>/<file> (or <rate>/<file> for
// k-fold tasks), the model's rate first. Without a tasks folder, task folders that sit beside some
// ancestor of `near` (root/tasks beside root/embeddings) are searched.
#include <QString>

namespace gramt::workbench {

// "" when the audio is not found.
QString findClipAudio(const QString& tasks_dir, const QString& near, const QString& task, const QString& split,
                      const QString& file);

}  // namespace gramt::workbench
