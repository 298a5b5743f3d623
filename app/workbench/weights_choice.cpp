#include "app/workbench/weights_choice.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QSignalBlocker>

#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_settings.h"
#include "core/hub/hub_weights.h"
#include "core/hub/published_models.h"
#include "core/train/run_folder.h"

namespace gramt::workbench {

void fillWeightsChoices(QComboBox* box, const QString& runs_root, const QStringList& recent_weights) {
  const QString keep = chosenWeights(box);
  {
    const QSignalBlocker block(box);
    box->clear();
    for (const train::RunFolder& run : train::find_run_folders(runs_root.toStdString())) {
      const auto steps = run.checkpoint_steps();
      // Newest first: the checkpoint people evaluate most.
      for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        box->addItem(QObject::tr("%1 — step %2").arg(QFileInfo(QString::fromStdString(run.dir())).fileName()).arg(*it),
                     QString::fromStdString(run.checkpoint_weights_path(*it)));
    }
    // Every cached snapshot of a published model, pinned to its commit: the CLI and the Attention
    // panel then read it from the cache without asking the network.
    const hub::HubCacheLayout cache(hub::hub_settings_from_environment().cache_root);
    for (const auto& m : hub::published_models())
      for (const std::string& commit : cache.snapshot_commits(m.repo)) {
        const hub::HubReference ref{m.repo, commit};
        if (!cache.cached_file(ref, hub::kWeightsFileName)) continue;
        box->addItem(QString::fromStdString(hub::hub_display_name(ref, commit)), QString::fromStdString("hf://" + m.repo + "@" + commit));
        box->setItemData(box->count() - 1, QString::fromStdString("hf://" + m.repo + "@" + commit + "\n" + m.purpose), Qt::ToolTipRole);
      }
    for (const QString& path : recent_weights) {
      const QFileInfo file(path);
      if (!file.isFile() || box->findData(file.absoluteFilePath()) >= 0) continue;
      // The file with its folder: names like weights.safetensors repeat from model to model.
      box->addItem(QObject::tr("%1/%2 (recent)").arg(file.dir().dirName(), file.fileName()), file.absoluteFilePath());
      box->setItemData(box->count() - 1, file.absoluteFilePath(), Qt::ToolTipRole);
    }
  }
  if (!keep.isEmpty()) chooseWeights(box, keep);
}

QString chosenWeights(const QComboBox* box) {
  const int index = box->currentIndex();
  if (index >= 0 && box->itemText(index) == box->currentText()) return box->itemData(index).toString();
  return box->currentText().trimmed();
}

void chooseWeights(QComboBox* box, const QString& path) {
  const int index = box->findData(path);
  if (index >= 0) {
    box->setCurrentIndex(index);
  } else {
    box->setEditText(path);
  }
}

}  // namespace gramt::workbench
