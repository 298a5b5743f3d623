#include "app/workbench/workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace gramt::workbench {

namespace {

const QString kRecentWeightsKey = QStringLiteral("recentWeights");

QString folderPath(const QString& dir) {
  const QString trimmed = dir.trimmed();
  return trimmed.isEmpty() ? QString() : QDir::cleanPath(QDir(trimmed).absolutePath());
}

QString folderOrDefault(const QString& dir, const QString& name) {
  return folderPath(dir.trimmed().isEmpty() ? QDir::current().filePath(name) : dir);
}

// One setter body for the three folders.
template <typename Signal>
bool changeFolder(Workspace* workspace, QString& stored, const QString& dir, Signal changed) {
  const QString path = folderPath(dir);
  if (path == stored) return false;
  stored = path;
  emit(workspace->*changed)(path);
  return true;
}

}  // namespace

Workspace::Workspace(const WorkspaceFolders& folders, QObject* parent)
    : QObject(parent),
      runs_root_(folderOrDefault(folders.runs_root, QStringLiteral("runs"))),
      tasks_dir_(folderOrDefault(folders.tasks_dir, QStringLiteral("tasks"))),
      embeddings_dir_(folderOrDefault(folders.embeddings_dir, QStringLiteral("embeddings"))) {}

bool Workspace::setRunsRoot(const QString& dir) { return changeFolder(this, runs_root_, dir, &Workspace::runsRootChanged); }

bool Workspace::setTasksDir(const QString& dir) { return changeFolder(this, tasks_dir_, dir, &Workspace::tasksDirChanged); }

bool Workspace::setEmbeddingsDir(const QString& dir) {
  return changeFolder(this, embeddings_dir_, dir, &Workspace::embeddingsDirChanged);
}

void Workspace::addRecentWeights(const QString& path) {
  if (path.trimmed().isEmpty()) return;
  const QString absolute = QFileInfo(path.trimmed()).absoluteFilePath();
  QStringList list = recent_weights_;
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMaximumRecentWeights) list.removeLast();
  setRecentWeights(list);
}

void Workspace::clearRecentWeights() { setRecentWeights({}); }

void Workspace::keepRecentWeightsInSettings() {
  in_settings_ = true;
  setRecentWeights(QSettings().value(kRecentWeightsKey).toStringList().mid(0, kMaximumRecentWeights));
}

void Workspace::setRecentWeights(const QStringList& paths) {
  if (in_settings_) {
    if (paths.isEmpty())
      QSettings().remove(kRecentWeightsKey);
    else
      QSettings().setValue(kRecentWeightsKey, paths);
  }
  if (paths == recent_weights_) return;
  recent_weights_ = paths;
  emit recentWeightsChanged();
}

}  // namespace gramt::workbench
