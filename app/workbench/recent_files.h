#pragma once
// The most recently opened files, newest first, kept in the application settings.
#include <QStringList>

namespace gramt::workbench {

class RecentFiles {
 public:
  static constexpr int kMaximum = 10;

  QStringList paths() const;
  void add(const QString& path);
  void clear();
};

}  // namespace gramt::workbench
