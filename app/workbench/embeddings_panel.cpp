// LibTorch before Qt: its headers use names that Qt's keyword macros (slots, emit) replace.
#include "core/eval/projection/embedding_clips.h"
#include "core/eval/projection/pca.h"
#include "core/eval/projection/tsne.h"

#include "app/workbench/embeddings_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>

#include <cmath>

#include "app/workbench/cli_process.h"
#include "app/workbench/clip_audio_path.h"
#include "app/workbench/clip_colouring.h"
#include "app/workbench/workspace.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"
#include "widgets/scatter_map_view.h"

namespace gramt::workbench {

namespace {

namespace projection = eval::projection;
constexpr int kNeighbours = 10;

bool isTaskFolder(const QString& dir) { return QFileInfo(QDir(dir).filePath(QStringLiteral("task_metadata.json"))).isFile(); }

// Sub-folders that are task folders (a model folder) or hold some (an embeddings root).
QStringList taskFoldersIn(const QString& dir) {
  QStringList out;
  for (const QString& child : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (!child.startsWith(QLatin1Char('.')) && isTaskFolder(QDir(dir).filePath(child))) out << child;
  return out;
}

QString factsText(const eval::format::ClipFacts& facts) {
  QStringList parts;
  for (const auto& [k, v] : facts.numbers) parts << QStringLiteral("%1 %2").arg(QString::fromStdString(k)).arg(v, 0, 'g', 4);
  for (const auto& [k, v] : facts.labels) parts << QStringLiteral("%1 %2").arg(QString::fromStdString(k), QString::fromStdString(v));
  return parts.join(QStringLiteral(" · "));
}

}  // namespace

struct EmbeddingsPanel::Rows {
  torch::Tensor rows;  // (N, D) float32, one per clip
};

EmbeddingsPanel::EmbeddingsPanel(QWidget* parent) : EmbeddingsPanel(nullptr, parent) {}

EmbeddingsPanel::EmbeddingsPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace != nullptr ? workspace : new Workspace({}, this)) {
  buildUi();
  watcher_ = new QFutureWatcher<void>(this);
  connect(watcher_, &QFutureWatcher<void>::finished, this, &EmbeddingsPanel::finishTsne);
  auto* poll = new QTimer(this);
  poll->setInterval(150);
  connect(poll, &QTimer::timeout, this, [this] {
    if (progress_ && projectionRunning()) progress_bar_->setValue(static_cast<int>(1000 * progress_->load()));
  });
  poll->start();
  const QString embeddings = workspace_->embeddingsDir();
  if (!embeddings.isEmpty() && QFileInfo(embeddings).isDir()) path_edit_->setText(embeddings);
}

EmbeddingsPanel::~EmbeddingsPanel() {
  if (cancel_) cancel_->store(true);
  if (watcher_) watcher_->waitForFinished();
}

void EmbeddingsPanel::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  path_edit_ = new QLineEdit(this);
  path_edit_->setPlaceholderText(tr("embeddings folder (embed-tasks output), a model folder in it, or one task's folder"));
  auto* open = new QPushButton(tr("Open…"), this);
  model_box_ = new QComboBox(this);
  task_box_ = new QComboBox(this);
  model_box_->setMinimumContentsLength(18);
  task_box_->setMinimumContentsLength(16);
  model_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  task_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  top->addWidget(new QLabel(tr("Embeddings"), this));
  top->addWidget(path_edit_, 3);
  top->addWidget(open);
  top->addWidget(new QLabel(tr("Model"), this));
  top->addWidget(model_box_, 2);
  top->addWidget(new QLabel(tr("Task"), this));
  top->addWidget(task_box_, 1);
  layout->addLayout(top);

  auto* controls = new QHBoxLayout;
  method_box_ = new QComboBox(this);
  method_box_->addItem(tr("PCA (exact)"), QStringLiteral("pca"));
  method_box_->addItem(tr("t-SNE (neighbours)"), QStringLiteral("tsne"));
  colour_box_ = new QComboBox(this);
  colour_box_->setMinimumContentsLength(12);
  cancel_button_ = new QPushButton(tr("Cancel"), this);
  cancel_button_->setEnabled(false);
  progress_bar_ = new QProgressBar(this);
  progress_bar_->setRange(0, 1000);
  progress_bar_->setTextVisible(false);
  progress_bar_->setMaximumWidth(160);
  progress_bar_->setVisible(false);
  controls->addWidget(new QLabel(tr("Map"), this));
  controls->addWidget(method_box_);
  controls->addWidget(progress_bar_);
  controls->addWidget(cancel_button_);
  controls->addSpacing(16);
  controls->addWidget(new QLabel(tr("Colour by"), this));
  controls->addWidget(colour_box_);
  legend_caption_ = new QLabel(this);
  controls->addWidget(legend_caption_, 1);
  layout->addLayout(controls);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  map_ = new widgets::ScatterMapView(splitter);
  map_->setLegendVisible(true);
  splitter->addWidget(map_);
  auto* side = new QWidget(splitter);
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(0, 0, 0, 0);
  summary_ = new QLabel(side);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  side_layout->addWidget(summary_);
  clip_text_ = new QLabel(side);
  clip_text_->setWordWrap(true);
  clip_text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  side_layout->addWidget(clip_text_);
  side_layout->addWidget(new QLabel(tr("<b>Nearest clips</b> (cosine of the embeddings)"), side));
  neighbour_list_ = new QListWidget(side);
  side_layout->addWidget(neighbour_list_, 1);
  auto* buttons = new QHBoxLayout;
  auto* play = new QPushButton(tr("▶ Play"), side);
  auto* inspect = new QPushButton(tr("Open in Inspect"), side);
  auto* attention = new QPushButton(tr("Open in Attention"), side);
  attention->setObjectName(QStringLiteral("embeddingsOpenInAttention"));
  attention->setToolTip(tr("The clip in the Attention panel, through the model chosen there (or the Evaluate panel's)"));
  buttons->addWidget(play);
  buttons->addWidget(inspect);
  buttons->addWidget(attention);
  buttons->addStretch(1);
  side_layout->addLayout(buttons);
  splitter->addWidget(side);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  layout->addWidget(splitter, 1);
  command_ = new QLabel(this);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setWordWrap(true);
  command_->setStyleSheet(QStringLiteral("color: #444; font-family: monospace;"));
  layout->addWidget(command_);

  connect(open, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Embeddings folder"), path_edit_->text());
    if (!dir.isEmpty()) openFolder(dir);
  });
  connect(path_edit_, &QLineEdit::editingFinished, this, [this] {
    if (path_edit_->text() != root_) openFolder(path_edit_->text());
  });
  connect(model_box_, &QComboBox::currentTextChanged, this, [this](const QString& model) {
    if (model.isEmpty()) return;
    model_dir_ = QDir(root_).filePath(model);
    fillTasks();
    if (task_box_->count() > 0) openTask(QDir(model_dir_).filePath(task_box_->currentText()));
  });
  connect(task_box_, &QComboBox::currentTextChanged, this, [this](const QString& task) {
    if (!task.isEmpty()) openTask(QDir(model_dir_).filePath(task));
  });
  connect(method_box_, &QComboBox::currentIndexChanged, this,
          [this](int index) { setProjection(method_box_->itemData(index).toString()); });
  connect(colour_box_, &QComboBox::currentTextChanged, this, [this](const QString& key) {
    if (!key.isEmpty()) colourBy(key);
  });
  connect(cancel_button_, &QPushButton::clicked, this, &EmbeddingsPanel::cancelProjection);
  connect(map_, &widgets::ScatterMapView::pointClicked, this, [this](int index) {
    selectClip(index);
    QString error;
    if (!clipAudioPath(index).isEmpty() && !playClip(index, &error)) emit statusMessage(error);
  });
  connect(neighbour_list_, &QListWidget::itemDoubleClicked, this,
          [this](QListWidgetItem* item) { selectClip(item->data(Qt::UserRole).toInt()); });
  connect(play, &QPushButton::clicked, this, [this] {
    QString error;
    if (!playClip(selected_, &error)) emit statusMessage(error);
  });
  connect(inspect, &QPushButton::clicked, this, [this] {
    const QString audio = clipAudioPath(selected_);
    if (audio.isEmpty()) {
      emit statusMessage(tr("The clip's audio was not found: set the workspace's tasks folder (Evaluate panel)."));
      return;
    }
    emit inspectRequested(audio);
  });
  connect(attention, &QPushButton::clicked, this, [this] {
    const QString audio = clipAudioPath(selected_);
    if (audio.isEmpty()) {
      emit statusMessage(tr("The clip's audio was not found: set the workspace's tasks folder (Evaluate panel)."));
      return;
    }
    emit attentionRequested(audio);
  });
  summary_->setText(tr("Open an embeddings folder (written by embed-tasks or evaluate) and choose a task: its clips are "
                       "mapped to 2-D, one point per clip."));
}

void EmbeddingsPanel::showMessage(const QString& text, bool error) {
  message_ = text;
  summary_->setText(error ? tr("<span style='color:#b00020'>%1</span>").arg(text.toHtmlEscaped()) : text);
}

bool EmbeddingsPanel::openFolder(const QString& path) {
  const QString dir = QFileInfo(path).absoluteFilePath();
  if (!QFileInfo(dir).isDir()) {
    showMessage(tr("%1 is not a folder").arg(path), true);
    return false;
  }
  path_edit_->setText(dir);
  if (isTaskFolder(dir)) {  // one task: its model folder above, its root above that
    root_ = QFileInfo(QFileInfo(dir).absolutePath()).absolutePath();
  } else if (!taskFoldersIn(dir).isEmpty()) {
    root_ = QFileInfo(dir).absolutePath();
  } else {
    root_ = dir;
  }
  QStringList models;
  for (const QString& child : QDir(root_).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (!taskFoldersIn(QDir(root_).filePath(child)).isEmpty()) models << child;
  if (models.isEmpty()) {
    showMessage(tr("%1 holds no embeddings task folders (folders with a task_metadata.json, as embed-tasks writes them)")
                    .arg(path),
                true);
    return false;
  }
  QString model = models.front();
  if (isTaskFolder(dir)) model = QFileInfo(QFileInfo(dir).absolutePath()).fileName();
  else if (!taskFoldersIn(dir).isEmpty()) model = QFileInfo(dir).fileName();
  {
    const QSignalBlocker block(model_box_);
    model_box_->clear();
    model_box_->addItems(models);
    model_box_->setCurrentText(model);
  }
  model_dir_ = QDir(root_).filePath(model);
  fillTasks();
  if (isTaskFolder(dir)) {
    const QSignalBlocker block(task_box_);
    task_box_->setCurrentText(QFileInfo(dir).fileName());
    return openTask(dir);
  }
  return task_box_->count() > 0 ? openTask(QDir(model_dir_).filePath(task_box_->currentText())) : false;
}

void EmbeddingsPanel::fillTasks() {
  const QString previous = task_box_->currentText();
  const QSignalBlocker block(task_box_);
  task_box_->clear();
  task_box_->addItems(taskFoldersIn(model_dir_));
  if (task_box_->findText(previous) >= 0) task_box_->setCurrentText(previous);
}

QStringList EmbeddingsPanel::models() const {
  QStringList out;
  for (int i = 0; i < model_box_->count(); ++i) out << model_box_->itemText(i);
  return out;
}

QStringList EmbeddingsPanel::tasks() const {
  QStringList out;
  for (int i = 0; i < task_box_->count(); ++i) out << task_box_->itemText(i);
  return out;
}

bool EmbeddingsPanel::openTask(const QString& task_dir) {
  cancelProjection();
  projection::EmbeddingClips clips;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    clips = projection::read_embedding_clips(task_dir.toStdString());
    if (clips.clips.size() < 2) throw Error(task_dir.toStdString() + ": a map needs at least 2 clips");
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    // Nothing half-drawn: the previous picture goes, the reason stays.
    clips_.clear();
    rows_.reset();
    task_name_.clear();
    clip_means_ = false;
    points_.clear();
    selected_ = -1;
    neighbours_.clear();
    map_->setPoints({}, {}, {});
    neighbour_list_->clear();
    clip_text_->clear();
    command_->clear();
    showMessage(QString::fromStdString(e.what()), true);
    return false;
  }
  QApplication::restoreOverrideCursor();
  rows_ = std::make_shared<Rows>(Rows{clips.rows});
  clips_ = std::move(clips.clips);
  task_name_ = clips.task_name;
  clip_means_ = clips.clip_means;
  task_dir_ = task_dir;
  selected_ = -1;
  neighbours_.clear();
  {
    const QSignalBlocker block(colour_box_);
    colour_box_->clear();
    colour_box_->addItems(colouringKeys(clips_));
    if (colour_box_->findText(colour_key_) < 0) colour_key_ = QStringLiteral("label");
    colour_box_->setCurrentText(colour_key_);
  }
  QStringList notes;
  for (const std::string& note : clips.notes) notes << QString::fromStdString(note).toHtmlEscaped();
  summary_->setText(tr("<b>%1</b> · %2 clips · %3 dimensions%4")
                        .arg(QString::fromStdString(task_name_).toHtmlEscaped())
                        .arg(clips_.size())
                        .arg(rows_->rows.size(1))
                        .arg(notes.isEmpty() ? QString() : QStringLiteral("<br><i>") + notes.join(QStringLiteral("<br>")) + QStringLiteral("</i>")));
  message_.clear();
  const QString method = method_;
  method_.clear();
  setProjection(method);
  emit statusMessage(tr("Opened %1 clips of %2").arg(clips_.size()).arg(QString::fromStdString(task_name_)));
  return true;
}

void EmbeddingsPanel::setProjection(const QString& method) {
  if (method != QLatin1String("pca") && method != QLatin1String("tsne")) return;
  cancelProjection();
  method_ = method;
  {
    const QSignalBlocker block(method_box_);
    method_box_->setCurrentIndex(method_box_->findData(method));
  }
  command_->setText(commandLine());
  if (clips_.empty()) return;
  if (method == QLatin1String("pca")) {
    const projection::PcaProjection pca = projection::pca_project(rows_->rows, 2);
    points_.assign(pca.points.data_ptr<double>(), pca.points.data_ptr<double>() + pca.points.numel());
    explained_ = pca.explained;
    drawPoints();
    emit projectionFinished(true);
    return;
  }
  // t-SNE off the UI thread; the picture changes only when it is done.
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  progress_ = std::make_shared<std::atomic<double>>(0.0);
  tsne_result_ = std::make_shared<std::vector<double>>();
  tsne_error_ = std::make_shared<QString>();
  progress_bar_->setValue(0);
  progress_bar_->setVisible(true);
  cancel_button_->setEnabled(true);
  const torch::Tensor rows = rows_->rows;
  auto cancel = cancel_;
  auto progress = progress_;
  auto result = tsne_result_;
  auto error = tsne_error_;
  watcher_->setFuture(QtConcurrent::run([rows, cancel, progress, result, error] {
    ProgressSink sink;
    sink.cancel = cancel.get();
    sink.on_progress = [progress](double f, const std::string&) { progress->store(f); };
    try {
      const torch::Tensor map = projection::tsne_2d(rows, projection::TsneOptions{}, sink);
      result->assign(map.data_ptr<double>(), map.data_ptr<double>() + map.numel());
    } catch (const Cancelled&) {
      *error = QObject::tr("t-SNE cancelled");
    } catch (const std::exception& e) {
      *error = QString::fromStdString(e.what());
    }
  }));
  emit statusMessage(tr("t-SNE of %1 clips started").arg(clips_.size()));
}

bool EmbeddingsPanel::projectionRunning() const { return watcher_ != nullptr && watcher_->isRunning(); }

void EmbeddingsPanel::cancelProjection() {
  if (!projectionRunning()) return;
  cancel_->store(true);
  watcher_->waitForFinished();  // stops at the next iteration
}

void EmbeddingsPanel::finishTsne() {
  progress_bar_->setVisible(false);
  cancel_button_->setEnabled(false);
  if (!tsne_error_ || !tsne_error_->isEmpty() || !tsne_result_ || tsne_result_->size() != 2 * clips_.size()) {
    const QString why = tsne_error_ && !tsne_error_->isEmpty() ? *tsne_error_ : tr("t-SNE gave no map");
    emit statusMessage(why);
    emit projectionFinished(false);
    return;
  }
  points_ = *tsne_result_;
  explained_.clear();
  drawPoints();
  emit projectionFinished(true);
}

void EmbeddingsPanel::drawPoints() {
  std::vector<QPointF> points;
  std::vector<QString> texts;
  for (size_t i = 0; i < clips_.size(); ++i) {
    const auto& c = clips_[i];
    points.emplace_back(points_[2 * i], points_[2 * i + 1]);
    const QString facts = factsText(c.facts);
    texts.push_back(QStringLiteral("%1\n%2 · %3%4")
                        .arg(QString::fromStdString(c.file), QString::fromStdString(c.split), QString::fromStdString(c.label),
                             facts.isEmpty() ? QString() : QStringLiteral("\n") + facts));
  }
  const ClipColouring colouring = colourClips(clips_, colour_key_);
  legend_caption_->setText(colouring.description);
  map_->setPoints(std::move(points), colouring.group_of, colouring.groups, std::move(texts));
  const QString what = clip_means_ ? tr("clip means of the timestamp embeddings") : tr("scene embeddings");
  if (method_ == QLatin1String("pca") && explained_.size() >= 2) {
    map_->setTitle(tr("%1: PCA of the %2").arg(QString::fromStdString(task_name_), what));
    map_->setAxisLabels(tr("PC 1 (%1% of the variance)").arg(100 * explained_[0], 0, 'f', 1),
                        tr("PC 2 (%1%)").arg(100 * explained_[1], 0, 'f', 1));
  } else {
    map_->setTitle(tr("%1: t-SNE of the %2 (perplexity 30)").arg(QString::fromStdString(task_name_), what));
    map_->setAxisLabels(tr("t-SNE 1"), tr("t-SNE 2"));
  }
  if (selected_ >= 0) showSelection();
}

void EmbeddingsPanel::colourBy(const QString& key) {
  colour_key_ = key;
  {
    const QSignalBlocker block(colour_box_);
    colour_box_->setCurrentText(key);
  }
  if (clips_.empty() || points_.empty()) return;
  const ClipColouring colouring = colourClips(clips_, key);
  legend_caption_->setText(colouring.description);
  map_->setGroups(colouring.group_of, colouring.groups);
}

QStringList EmbeddingsPanel::colourKeys() const {
  QStringList out;
  for (int i = 0; i < colour_box_->count(); ++i) out << colour_box_->itemText(i);
  return out;
}

void EmbeddingsPanel::selectClip(int index) {
  if (index < 0 || index >= clipCount()) return;
  selected_ = index;
  neighbours_ = projection::nearest_clips(rows_->rows, index, kNeighbours);
  showSelection();
}

void EmbeddingsPanel::showSelection() {
  std::vector<int> ring(neighbours_.begin(), neighbours_.end());
  map_->setSelection(selected_, ring);
  const auto& c = clips_[static_cast<size_t>(selected_)];
  const QString facts = factsText(c.facts);
  clip_text_->setText(tr("<b>%1</b><br>%2 · label <b>%3</b>%4")
                          .arg(QString::fromStdString(c.file).toHtmlEscaped(), QString::fromStdString(c.split).toHtmlEscaped(),
                               QString::fromStdString(c.label).toHtmlEscaped(),
                               facts.isEmpty() ? QString() : QStringLiteral("<br>") + facts.toHtmlEscaped()));
  neighbour_list_->clear();
  const torch::Tensor unit = rows_->rows / rows_->rows.norm(2, 1, true).clamp_min(1e-12);
  int same = 0;
  for (int64_t n : neighbours_) {
    const auto& other = clips_[static_cast<size_t>(n)];
    const double cosine = (unit[selected_] * unit[n]).sum().item<double>();
    same += other.label == c.label;
    auto* item = new QListWidgetItem(QStringLiteral("%1  %2  ·  %3")
                                         .arg(cosine, 0, 'f', 3)
                                         .arg(QString::fromStdString(other.label), QString::fromStdString(other.file)),
                                     neighbour_list_);
    item->setData(Qt::UserRole, static_cast<int>(n));
    if (other.label == c.label) item->setForeground(QColor(0, 110, 60));
  }
  if (!neighbours_.empty())
    neighbour_list_->setToolTip(tr("%1 of %2 share the clip's label (green)").arg(same).arg(neighbours_.size()));
}

QString EmbeddingsPanel::clipAudioPath(int index) const {
  if (index < 0 || index >= clipCount()) return {};
  const auto& c = clips_[static_cast<size_t>(index)];
  return findClipAudio(workspace_->tasksDir(), task_dir_, QFileInfo(task_dir_).fileName(), QString::fromStdString(c.split),
                       QString::fromStdString(c.file));
}

bool EmbeddingsPanel::playClip(int index, QString* error) {
  const QString path = clipAudioPath(index);
  if (path.isEmpty()) {
    *error = tr("The clip's audio was not found: set the workspace's tasks folder (Evaluate panel).");
    return false;
  }
  return player_.playFile(path, error);
}

QString EmbeddingsPanel::commandLine() const {
  if (task_dir_.isEmpty()) return {};
  QStringList args{QStringLiteral("project"), task_dir_, QStringLiteral("--method"), method_};
  if (method_ == QLatin1String("tsne")) args << QStringLiteral("--perplexity") << QStringLiteral("30");
  args << QStringLiteral("--out") << QFileInfo(task_dir_).fileName() + QLatin1Char('.') + method_ + QStringLiteral(".json");
  return CliProcess::commandLine(QStringLiteral("gramt-cli"), args);
}

void EmbeddingsPanel::redrawAll() { map_->replotNow(); }

}  // namespace gramt::workbench
