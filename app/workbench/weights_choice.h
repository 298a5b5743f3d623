#pragma once
// The weights box of the Evaluate and Attention panels: every run's checkpoints under a runs folder,
// newest first ("demo — step 150"), the published models in the hub cache by name
// ("gramt-binaural-time @ 1a2b3c4", chosen as hf://org/name@commit), then the weights used lately
// elsewhere, and any file typed or browsed to.
#include <QString>
#include <QStringList>

class QComboBox;

namespace gramt::workbench {

// Refills `box` from the runs under `runs_root` and the recent weights files that still exist,
// keeping the current choice.
void fillWeightsChoices(QComboBox* box, const QString& runs_root, const QStringList& recent_weights = {});
// The chosen weights file: the checkpoint behind a listed entry, or the text typed.
QString chosenWeights(const QComboBox* box);
void chooseWeights(QComboBox* box, const QString& path);

}  // namespace gramt::workbench
