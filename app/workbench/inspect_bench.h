#pragma once
// `gramt-workbench --bench inspect`: the Inspect panel on a one-hour stereo file made on the spot
// in a temporary folder: how long it takes to open (decode, log-mels, binaural cues, first draw),
// the longest the window stood still meanwhile, and the memory it took. Prints one line per figure.
#include <QString>

namespace gramt::workbench {

// Returns the process exit status (0 = ran). `seconds`: length of the generated file.
int runInspectBench(double seconds, QString* report);

}  // namespace gramt::workbench
