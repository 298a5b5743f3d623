#pragma once
// A clip's scene facts (its task folder's <split>.clip-metadata.json entry) in words, for Inspect:
// one compact line of what a listener wants first, and a table of every fact for the tooltip.
#include <QString>

#include "core/eval/format/clip_metadata.h"

namespace gramt::workbench {

// e.g. "Scene: source 85.4° az, 19.7° el, 2.31 m · room 8.25x7.91x3.95 m · RT60 0.54 s · SNR 17.2 dB ·
// noise rain ×2"; the parts the facts lack are left out, "" when none is there.
QString clipFactsLine(const eval::format::ClipFacts& facts);

// Every fact, one row each (HTML).
QString clipFactsTableHtml(const eval::format::ClipFacts& facts);

}  // namespace gramt::workbench
