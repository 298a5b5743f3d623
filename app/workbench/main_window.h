#pragma once
// The workbench window: a navigation list of panels (Train, Evaluate, Inspect, Attention,
// Localization, Embeddings) beside the panel itself, the File and Help menus, and a status bar. Files dropped
// on the window or named on the command line open in Inspect. The window owns the workspace (the
// runs, tasks and embeddings folders) that every panel shows.
#include <QMainWindow>

#include "app/workbench/recent_files.h"
#include "app/workbench/workspace.h"

class QListWidget;
class QMenu;
class QStackedWidget;

namespace gramt::workbench {

class AttentionPanel;
class EmbeddingsPanel;
class EvaluatePanel;
class InspectPanel;
class LocalizationPanel;
class TrainPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum Panel { Train, Evaluate, Inspect, Attention, Localization, Embeddings };

  explicit MainWindow(const WorkspaceFolders& folders = {}, QWidget* parent = nullptr);

  void openAudioFile(const QString& path);
  void showPanel(Panel panel);
  bool showPanelNamed(const QString& name);  // "train", "evaluate", ... (case-insensitive)
  Panel currentPanel() const;
  InspectPanel* inspectPanel() const { return inspect_; }
  TrainPanel* trainPanel() const { return train_; }
  EvaluatePanel* evaluatePanel() const { return evaluate_; }
  AttentionPanel* attentionPanel() const { return attention_; }
  LocalizationPanel* localizationPanel() const { return localization_; }
  EmbeddingsPanel* embeddingsPanel() const { return embeddings_; }
  Workspace* workspace() const { return workspace_; }

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private slots:
  void showStatus(const QString& text);

 private:
  void buildMenus();
  void chooseAudioFile();
  void exportImage();
  void rebuildRecentMenu();
  void showAbout();

  Workspace* workspace_ = nullptr;
  QListWidget* navigation_ = nullptr;
  QStackedWidget* panels_ = nullptr;
  InspectPanel* inspect_ = nullptr;
  TrainPanel* train_ = nullptr;
  EvaluatePanel* evaluate_ = nullptr;
  AttentionPanel* attention_ = nullptr;
  LocalizationPanel* localization_ = nullptr;
  EmbeddingsPanel* embeddings_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  RecentFiles recent_files_;
};

}  // namespace gramt::workbench
