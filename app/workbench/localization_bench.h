#pragma once
// `gramt-workbench --bench localization`: the Localization panel with 10,000 predictions made up on
// the spot (directions, errors and clip facts): time to open them (read, sort, every view drawn),
// to redraw every view, and to pick a clip. Prints one line per figure.
#include <QString>

namespace gramt::workbench {

int runLocalizationBench(int clips, QString* report);

}  // namespace gramt::workbench
