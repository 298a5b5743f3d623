#include "app/workbench/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace gramt::workbench {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

QStringList RecentFiles::paths() const { return QSettings().value(kKey).toStringList(); }

void RecentFiles::add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QStringList list = paths();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMaximum) list.removeLast();
  QSettings().setValue(kKey, list);
}

void RecentFiles::clear() { QSettings().remove(kKey); }

}  // namespace gramt::workbench
