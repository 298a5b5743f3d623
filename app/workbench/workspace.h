#pragma once
// The workbench's document: the folders every panel works in (runs, tasks, embeddings) and the
// weights files used lately. Panels observe it and write a change the user makes back to it, so a
// folder chosen in one panel is the folder of every panel; MainWindow makes one from the command
// line. A panel built without one (a test, a bench) makes its own.
#include <QObject>
#include <QString>
#include <QStringList>

namespace gramt::workbench {

// The folders a workspace starts with; an empty one is ./runs, ./tasks or ./embeddings.
struct WorkspaceFolders {
  QString runs_root, tasks_dir, embeddings_dir;
};

class Workspace : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaximumRecentWeights = 10;

  explicit Workspace(const WorkspaceFolders& folders = {}, QObject* parent = nullptr);

  QString runsRoot() const { return runs_root_; }
  QString tasksDir() const { return tasks_dir_; }
  QString embeddingsDir() const { return embeddings_dir_; }
  // Each setter stores the absolute, clean path (an empty one stays empty: the panels say what is
  // missing) and returns true, after emitting, only when the folder really changed.
  bool setRunsRoot(const QString& dir);
  bool setTasksDir(const QString& dir);
  bool setEmbeddingsDir(const QString& dir);

  // Weights files used lately, newest first.
  QStringList recentWeights() const { return recent_weights_; }
  void addRecentWeights(const QString& path);
  void clearRecentWeights();
  // From now on the recent weights are read from and kept in the application settings (the window
  // does this; panels built alone in tests keep theirs in memory).
  void keepRecentWeightsInSettings();
  // Something beside the recent list changed what the weights boxes offer (a published model came
  // into the hub cache): they refill as on recentWeightsChanged.
  void noteWeightsChoicesChanged() { emit recentWeightsChanged(); }

 signals:
  void runsRootChanged(const QString& dir);
  void tasksDirChanged(const QString& dir);
  void embeddingsDirChanged(const QString& dir);
  void recentWeightsChanged();

 private:
  void setRecentWeights(const QStringList& paths);

  QString runs_root_, tasks_dir_, embeddings_dir_;
  QStringList recent_weights_;
  bool in_settings_ = false;
};

}  // namespace gramt::workbench
