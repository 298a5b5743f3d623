#pragma once
// `gramt-workbench --bench dashboard`: the Train panel's figures on a run of a million metric lines,
// made on the spot in a temporary folder: how long the run takes to open (read, smooth, decimate,
// draw), a redraw after a pan or a zoom, a new smoothing weight, a poll that finds nothing new, and
// the memory the run costs. Timings belong here, not in the tests. Prints one line per figure.
#include <QString>

namespace gramt::workbench {

// Returns the process exit status (0 = ran).
int runDashboardBench(int metric_lines, QString* report);

}  // namespace gramt::workbench
