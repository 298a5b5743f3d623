#pragma once
// The workbench window: a navigation list of panels (Train, Evaluate, Inspect, Attention,
// Localization) beside the panel itself, the File and Help menus, and a status bar. Files dropped
// on the window or named on the command line open in Inspect.
#include <QMainWindow>

#include "app/workbench/recent_files.h"

class QListWidget;
class QMenu;
class QStackedWidget;

namespace gramt::workbench {

class InspectPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum Panel { Train, Evaluate, Inspect, Attention, Localization };

  explicit MainWindow(QWidget* parent = nullptr);

  void openAudioFile(const QString& path);
  void showPanel(Panel panel);
  Panel currentPanel() const;
  InspectPanel* inspectPanel() const { return inspect_; }

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void chooseAudioFile();
  void exportImage();
  void rebuildRecentMenu();
  void showAbout();

  QListWidget* navigation_ = nullptr;
  QStackedWidget* panels_ = nullptr;
  InspectPanel* inspect_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  RecentFiles recent_files_;
};

}  // namespace gramt::workbench
