#include "app/workbench/clip_audio_path.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>

#include "core/eval/format/task_folder_layout.h"

namespace gramt::workbench {

QString findClipAudio(const QString& tasks_dir, const QString& near, const QString& task, const QString& split,
                      const QString& file) {
  QStringList roots;
  if (!tasks_dir.isEmpty()) roots << tasks_dir;
  QDir up(QFileInfo(near).absoluteFilePath());
  for (int level = 0; level < 4 && up.cdUp(); ++level)
    for (const QString& child : up.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) roots << up.filePath(child);
  for (const QString& root : roots) {
    const QDir task_dir(QDir(root).filePath(task));
    if (!eval::format::TaskFolderLayout::is_task_folder(task_dir.absolutePath().toStdString())) continue;
    QStringList rates = task_dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(rates.begin(), rates.end(), [](const QString& a, const QString& b) {
      return (a == QLatin1String("32000")) > (b == QLatin1String("32000"));  // the model's rate first
    });
    for (const QString& rate : rates) {
      const QString candidate = task_dir.filePath(rate + QLatin1Char('/') + split + QLatin1Char('/') + file);
      if (QFileInfo(candidate).isFile()) return candidate;
      const QString flat = task_dir.filePath(rate + QLatin1Char('/') + file);
      if (QFileInfo(flat).isFile()) return flat;
    }
  }
  return {};
}

}  // namespace gramt::workbench
