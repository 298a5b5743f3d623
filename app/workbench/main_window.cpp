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

#include "app/workbench/inspect_panel.h"
#include "app/workbench/placeholder_panel.h"

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

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(QApplication::applicationName());
  setAcceptDrops(true);

  navigation_ = new QListWidget(this);
  panels_ = new QStackedWidget(this);
  const struct {
    QString name;
    QString description;
  } placeholders[] = {
      {tr("Train"), tr("Pre-train GRAM-T as a masked autoencoder on binaural scenes: choose data and a "
                       "configuration, start the run in its own process, and follow loss, learning rate and "
                       "reconstructed spectrograms as they come in.")},
      {tr("Evaluate"), tr("Score a checkpoint on HEAR-style tasks with a chosen grid and seeds, and compare models "
                          "across tasks in a results matrix.")},
      {tr("Inspect"), {}},
      {tr("Attention"), tr("See where the encoder attends: attention maps of each layer and head laid over the "
                           "spectrogram patches of a clip.")},
      {tr("Localization"), tr("Compare predicted and true directions of arrival clip by clip, with angular-error "
                              "histograms split by signal-to-noise ratio.")},
  };
  for (const auto& entry : placeholders) {
    navigation_->addItem(entry.name);
    if (entry.description.isEmpty()) {
      inspect_ = new InspectPanel(panels_);
      panels_->addWidget(inspect_);
    } else {
      panels_->addWidget(new PlaceholderPanel(entry.name, entry.description, panels_));
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

void MainWindow::showPanel(Panel panel) { navigation_->setCurrentRow(static_cast<int>(panel)); }

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
