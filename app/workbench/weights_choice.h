#pragma once
// The weights box of the Evaluate and Attention panels: every run's checkpoints under a runs folder,
// newest first ("demo — step 150"), then the weights used lately elsewhere, and any file typed or
// browsed to.
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
