#pragma once
// How the Embeddings panel colours its clips: by label, by split, or by a clip fact. Categories
// get distinct colours (the rarest lumped into "other" beyond 12); numbers are binned along a
// dark-to-light scale; an azimuth goes round a hue circle, so 355° and 5° look alike.
#include <QString>
#include <QStringList>

#include <vector>

#include "core/eval/projection/embedded_clip.h"
#include "widgets/scatter_map_view.h"

namespace gramt::workbench {

struct ClipColouring {
  std::vector<int> group_of;  // per clip
  std::vector<widgets::ScatterGroup> groups;
  QString description;  // one line for the legend's caption
};

// "label", "split", then the facts' keys (numbers and labels) of any clip, sorted.
QStringList colouringKeys(const std::vector<eval::projection::EmbeddedClip>& clips);
bool isCircularKey(const QString& key);  // an azimuth

ClipColouring colourClips(const std::vector<eval::projection::EmbeddedClip>& clips, const QString& key);

}  // namespace gramt::workbench
