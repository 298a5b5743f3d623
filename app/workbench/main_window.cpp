#include "app/workbench/main_window.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include <memory>

#include "app/workbench/attention_panel.h"
#include "app/workbench/embeddings_panel.h"
#include "app/workbench/evaluate_panel.h"
#include "app/workbench/inspect_panel.h"
#include "app/workbench/localization_panel.h"
#include "app/workbench/published_weights_dialog.h"
#include "app/workbench/train_panel.h"

namespace gramt::workbench {

namespace {

constexpr int kStatusTimeoutMs = 8000;
const QString kLastDirectoryKey = QStringLiteral("lastAudioDirectory");

QString firstLocalFile(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasUrls()) return {};
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) return url.toLocalFile();
  return {};
}

}  // namespace

MainWindow::MainWindow(const WorkspaceFolders& folders, QWidget* parent)
    : QMainWindow(parent), workspace_(new Workspace(folders, this)) {
  setWindowTitle(QApplication::applicationName());
  setAcceptDrops(true);
  workspace_->keepRecentWeightsInSettings();

  navigation_ = new QListWidget(this);
  panels_ = new QStackedWidget(this);
  const struct {
    Panel panel;
    QString name;
  } entries[] = {
      {Train, tr("Train")},
      {Evaluate, tr("Evaluate")},
      {Inspect, tr("Inspect")},
      {Attention, tr("Attention")},
      {Localization, tr("Localization")},
      {Embeddings, tr("Embeddings")},
  };
  for (const auto& entry : entries) {
    navigation_->addItem(entry.name);
    switch (entry.panel) {
      case Train:
        train_ = new TrainPanel(workspace_, panels_);
        panels_->addWidget(train_);
        break;
      case Evaluate:
        evaluate_ = new EvaluatePanel(workspace_, panels_);
        panels_->addWidget(evaluate_);
        break;
      case Inspect:
        inspect_ = new InspectPanel(panels_);
        panels_->addWidget(inspect_);
        break;
      case Attention:
        attention_ = new AttentionPanel(workspace_, panels_);
        panels_->addWidget(attention_);
        break;
      case Localization:
        localization_ = new LocalizationPanel(workspace_, panels_);
        panels_->addWidget(localization_);
        break;
      case Embeddings:
        embeddings_ = new EmbeddingsPanel(workspace_, panels_);
        panels_->addWidget(embeddings_);
        break;
    }
  }
  navigation_->setSpacing(3);
  connect(navigation_, &QListWidget::currentRowChanged, panels_, &QStackedWidget::setCurrentIndex);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(navigation_);
  splitter->addWidget(panels_);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({140, 1060});
  splitter->setChildrenCollapsible(false);
  setCentralWidget(splitter);

  for (auto* source : {static_cast<QObject*>(train_), static_cast<QObject*>(evaluate_), static_cast<QObject*>(attention_),
                        static_cast<QObject*>(localization_), static_cast<QObject*>(embeddings_)})
    connect(source, SIGNAL(statusMessage(QString)), this, SLOT(showStatus(QString)));
  // A run's new checkpoints become choices in Evaluate (the folders themselves come from the workspace).
  connect(train_, &TrainPanel::runFinished, evaluate_, &EvaluatePanel::rescanWeights);
  // Evaluate → Localization → Inspect / Attention: a localization score opens its clips; a clip opens
  // with its directions in Inspect, or in Attention with the model that was evaluated.
  connect(evaluate_, &EvaluatePanel::localizationTaskChosen, this, [this](const QString& task_dir) {
    if (localization_->openPredictions(task_dir)) showPanel(Localization);
  });
  connect(localization_, &LocalizationPanel::inspectRequested, this,
          [this](const QString& audio, double true_az, double true_el, double predicted_az, double predicted_el) {
            openAudioFile(audio);
            auto once = std::make_shared<QMetaObject::Connection>();
            *once = connect(inspect_, &InspectPanel::loadFinished, this, [=](const QString&) {
              inspect_->showDirections(true_az, true_el, predicted_az, predicted_el);
              disconnect(*once);
            });
          });
  connect(localization_, &LocalizationPanel::attentionRequested, this, [this](const QString& audio) {
    if (attention_->model().isEmpty()) attention_->setModel(evaluate_->weights());
    attention_->openClip(audio);
    showPanel(Attention);
  });

  connect(embeddings_, &EmbeddingsPanel::inspectRequested, this, [this](const QString& audio) { openAudioFile(audio); });
  connect(embeddings_, &EmbeddingsPanel::attentionRequested, this, [this](const QString& audio) {
    if (attention_->model().isEmpty()) attention_->setModel(evaluate_->weights());
    attention_->openClip(audio);
    showPanel(Attention);
  });
  connect(inspect_, &InspectPanel::openRequested, this, &MainWindow::chooseAudioFile);
  connect(inspect_, &InspectPanel::statusMessage, this,
          [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
  connect(inspect_, &InspectPanel::loadFinished, this, [this](const QString& path) {
    recent_files_.add(path);
    setWindowTitle(QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), QApplication::applicationName()));
  });

  buildMenus();
  statusBar()->showMessage(tr("Ready"));
  showPanel(Inspect);
  resize(1200, 800);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open audio…"), this, &MainWindow::chooseAudioFile);
  open->setShortcut(QKeySequence::Open);
  recent_menu_ = file->addMenu(tr("Open &recent"));
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  rebuildRecentMenu();
  file->addSeparator();
  // The published models, downloaded into the hub cache; every weights box then offers them.
  file->addAction(tr("&Get published weights…"), this, [this] {
    getPublishedWeights(this);
    workspace_->noteWeightsChoicesChanged();
  });
  QAction* export_image = file->addAction(tr("&Export image…"), this, &MainWindow::exportImage);
  export_image->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About GRAM-T Workbench"), this, &MainWindow::showAbout);
}

void MainWindow::rebuildRecentMenu() {
  recent_menu_->clear();
  const QStringList paths = recent_files_.paths();
  for (const QString& path : paths) {
    QAction* action = recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openAudioFile(path); });
    action->setToolTip(path);
    action->setStatusTip(path);
  }
  if (paths.isEmpty()) recent_menu_->addAction(tr("(none)"))->setEnabled(false);
  recent_menu_->addSeparator();
  QAction* clear = recent_menu_->addAction(tr("Clear list"), this, [this] { recent_files_.clear(); });
  clear->setEnabled(!paths.isEmpty());
}

void MainWindow::chooseAudioFile() {
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open audio"), settings.value(kLastDirectoryKey).toString(),
      tr("Audio files (*.wav *.flac *.ogg *.oga *.mp3 *.aif *.aiff *.au *.w64 *.caf);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
  openAudioFile(path);
}

void MainWindow::exportImage() {
  QSettings settings;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export image"),
                                                    settings.value(kLastDirectoryKey).toString(),
                                                    tr("PNG image (*.png);;JPEG image (*.jpg)"));
  if (path.isEmpty()) return;
  QString error;
  if (inspect_->exportImage(path, &error))
    statusBar()->showMessage(tr("Saved %1").arg(path), kStatusTimeoutMs);
  else
    QMessageBox::warning(this, tr("Export image"), error);
}

void MainWindow::openAudioFile(const QString& path) {
  showPanel(Inspect);
  statusBar()->showMessage(tr("Opening %1…").arg(path));
  inspect_->openFile(path);
}

void MainWindow::showStatus(const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); }

void MainWindow::showPanel(Panel panel) { navigation_->setCurrentRow(static_cast<int>(panel)); }

bool MainWindow::showPanelNamed(const QString& name) {
  for (int row = 0; row < navigation_->count(); ++row) {
    if (navigation_->item(row)->text().compare(name, Qt::CaseInsensitive) == 0) {
      showPanel(static_cast<Panel>(row));
      return true;
    }
  }
  return false;
}

MainWindow::Panel MainWindow::currentPanel() const { return static_cast<Panel>(panels_->currentIndex()); }

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!firstLocalFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = firstLocalFile(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  openAudioFile(path);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About GRAM-T Workbench"),
      tr("<h3>GRAM-T Workbench %1</h3>"
         "<p>A native home for GRAM-T, a masked-autoencoder Transformer over binaural log-mel spectrograms: "
         "inspect audio as the model sees it, train, evaluate and look inside.</p>"
         "<p>Built with Qt %2, LibTorch, QCustomPlot and RtAudio.</p>")
          .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

}  // namespace gramt::workbench
