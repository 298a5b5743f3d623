#include "app/workbench/attention_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/workbench/published_weights_dialog.h"
#include "app/workbench/weights_choice.h"
#include "app/workbench/workspace.h"
#include "core/model/attention_rollout.h"
#include "widgets/colour_map.h"
#include "widgets/head_atlas_view.h"
#include "widgets/patch_attention_view.h"

namespace gramt::workbench {
namespace {

constexpr int kAtlasColumns = 4;

QImage mapImage(const std::vector<float>& values, int rows, int cols) {
  QImage image(cols, rows, QImage::Format_RGB32);
  float lo = HUGE_VALF, hi = -HUGE_VALF;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  QCPColorGradient gradient = widgets::colourMaps().front().gradient;  // color() is not const
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double v = hi > lo ? (values[static_cast<size_t>(r * cols + c)] - lo) / (hi - lo) : 0.0;
      // Image row 0 is the top: the highest frequency band, as in the spectrogram views.
      image.setPixel(c, rows - 1 - r, gradient.color(v, QCPRange(0, 1)));
    }
  }
  return image;
}

}  // namespace

AttentionPanel::AttentionPanel(QWidget* parent) : AttentionPanel(nullptr, parent) {}

AttentionPanel::AttentionPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace != nullptr ? workspace : new Workspace({}, this)) {
  buildUi();
  connect(&watcher_, &QFutureWatcher<AttentionResult>::finished, this, [this] {
    result_ = watcher_.result();
    computing_ = false;
    if (result_.error.isEmpty()) workspace_->addRecentWeights(result_.weights_path);  // a model that loads
    showResult();
    if (pending_) {
      pending_ = false;
      recompute();
    }
  });
  connect(workspace_, &Workspace::runsRootChanged, this, &AttentionPanel::refillModels);
  connect(workspace_, &Workspace::recentWeightsChanged, this, &AttentionPanel::refillModels);
  refillModels();
}

AttentionPanel::~AttentionPanel() { watcher_.waitForFinished(); }

void AttentionPanel::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  model_box_ = new QComboBox(this);
  model_box_->setEditable(true);
  model_box_->setInsertPolicy(QComboBox::NoInsert);
  model_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  model_box_->setMinimumContentsLength(20);
  auto* model_file = new QPushButton(tr("File…"), this);
  clip_edit_ = new QLineEdit(this);
  clip_edit_->setPlaceholderText(tr("an audio clip"));
  auto* clip_open = new QPushButton(tr("Open…"), this);
  chunk_box_ = new QSpinBox(this);
  chunk_box_->setRange(0, 0);
  chunk_box_->setPrefix(tr("chunk "));
  chunk_box_->setToolTip(tr("2-s chunk of the clip, as the HEAR embedding cuts it"));
  top->addWidget(new QLabel(tr("Model"), this));
  top->addWidget(model_box_, 2);
  top->addWidget(model_file);
  auto* model_published = new QPushButton(tr("Get published…"), this);
  model_published->setToolTip(tr("Download the published GRAM-T models from the Hugging Face hub"));
  top->addWidget(model_published);
  connect(model_published, &QPushButton::clicked, this, [this] {
    const QString pulled = getPublishedWeights(this);
    workspace_->noteWeightsChoicesChanged();
    if (!pulled.isEmpty()) setModel(pulled);
  });
  top->addSpacing(8);
  top->addWidget(new QLabel(tr("Clip"), this));
  top->addWidget(clip_edit_, 3);
  top->addWidget(clip_open);
  top->addWidget(chunk_box_);
  layout->addLayout(top);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(splitter);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  // Until a model has looked at a clip, the plots' place says what to do first and offers it
  // (empty plots with placeholder axes told a new user nothing).
  plots_ = new QStackedWidget(left);
  auto* empty = new QWidget(plots_);
  auto* empty_layout = new QVBoxLayout(empty);
  empty_text_ = new QLabel(empty);
  empty_text_->setWordWrap(true);
  empty_text_->setAlignment(Qt::AlignCenter);
  empty_text_->setObjectName(QStringLiteral("attentionEmptyState"));
  auto* empty_buttons = new QHBoxLayout;
  auto* empty_published = new QPushButton(tr("Get published weights…"), empty);
  auto* empty_clip = new QPushButton(tr("Open a clip…"), empty);
  empty_buttons->addStretch(1);
  empty_buttons->addWidget(empty_published);
  empty_buttons->addWidget(empty_clip);
  empty_buttons->addStretch(1);
  empty_layout->addStretch(1);
  empty_layout->addWidget(empty_text_);
  empty_layout->addLayout(empty_buttons);
  empty_layout->addStretch(2);
  plots_->addWidget(empty);
  auto* views = new QWidget(plots_);
  auto* views_layout = new QVBoxLayout(views);
  views_layout->setContentsMargins(0, 0, 0, 0);
  plots_->addWidget(views);
  left_layout->addWidget(plots_, 1);
  connect(empty_published, &QPushButton::clicked, model_published, &QPushButton::click);
  connect(empty_clip, &QPushButton::clicked, clip_open, &QPushButton::click);
  for (auto*& view : views_) {
    view = new widgets::PatchAttentionView(views);
    view->setMinimumHeight(180);
    views_layout->addWidget(view, 1);
    connect(view, &widgets::PatchAttentionView::patchClicked, this, [this](int row, int col) {
      if (overlay_ != Overlay::Patch) setOverlay(Overlay::Patch);
      selectPatch(row, col);
    });
  }
  auto* play_row = new QHBoxLayout;
  auto* play_chunk = new QPushButton(tr("▶ Chunk"), left);
  auto* play_patch = new QPushButton(tr("▶ Patch"), left);
  play_patch->setToolTip(tr("Play the chosen patch's time span (80 ms for 16×8 patches)"));
  status_ = new QLabel(left);
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  play_row->addWidget(play_chunk);
  play_row->addWidget(play_patch);
  play_row->addWidget(status_, 1);
  left_layout->addLayout(play_row);
  splitter->addWidget(left);

  auto* right = new QWidget(splitter);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QGroupBox(tr("Attention"), right);
  auto* form = new QFormLayout(controls);
  layer_box_ = new QSpinBox(controls);
  head_box_ = new QSpinBox(controls);
  auto* head_row = new QHBoxLayout;
  head_row->addWidget(new QLabel(tr("layer"), controls));
  head_row->addWidget(layer_box_);
  head_row->addWidget(new QLabel(tr("head"), controls));
  head_row->addWidget(head_box_);
  head_row->addStretch(1);
  form->addRow(tr("Showing"), head_row);
  overlay_box_ = new QComboBox(controls);
  overlay_box_->addItem(tr("where the chosen patch attends"), static_cast<int>(Overlay::Patch));
  overlay_box_->addItem(tr("rollout, CLS row"), static_cast<int>(Overlay::RolloutCls));
  overlay_box_->addItem(tr("rollout, mean of patch rows"), static_cast<int>(Overlay::RolloutPatches));
  overlay_box_->addItem(tr("none"), static_cast<int>(Overlay::None));
  form->addRow(tr("Overlay"), overlay_box_);
  fusion_box_ = new QComboBox(controls);
  fusion_box_->addItems({tr("mean"), tr("max"), tr("min")});
  fusion_box_->setToolTip(tr("How a layer's heads are combined for the rollout"));
  discard_box_ = new QDoubleSpinBox(controls);
  discard_box_->setRange(0.0, 0.99);
  discard_box_->setSingleStep(0.05);
  discard_box_->setToolTip(tr("Share of each layer's weakest attention set to zero before the rollout (CLS→CLS kept)"));
  auto* rollout_row = new QHBoxLayout;
  rollout_row->addWidget(fusion_box_);
  rollout_row->addWidget(new QLabel(tr("discard"), controls));
  rollout_row->addWidget(discard_box_);
  form->addRow(tr("Rollout heads"), rollout_row);
  ranking_box_ = new QComboBox(controls);
  ranking_box_->addItems({tr("layer by layer"), tr("entropy (focused first)"), tr("time distance (far first)"),
                          tr("frequency distance (far first)")});
  form->addRow(tr("Atlas order"), ranking_box_);
  head_text_ = new QLabel(controls);
  head_text_->setWordWrap(true);
  form->addRow(head_text_);
  right_layout->addWidget(controls);
  atlas_ = new widgets::HeadAtlasView(right);
  auto* scroll = new QScrollArea(right);
  scroll->setWidget(atlas_);
  scroll->setWidgetResizable(false);
  scroll->setMinimumWidth(atlas_->sizeHint().width() + 24);
  right_layout->addWidget(new QLabel(tr("Every layer and head (click one):"), right));
  right_layout->addWidget(scroll, 1);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  layout->addWidget(splitter, 1);

  connect(model_file, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Model weights"), QFileInfo(model()).absolutePath(),
                                                      tr("Weights (*.safetensors);;All files (*)"));
    if (file.isEmpty()) return;
    setModel(file);
    workspace_->addRecentWeights(file);
  });
  connect(model_box_, &QComboBox::currentTextChanged, this, [this] { recompute(); });
  connect(clip_open, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Clip"), QFileInfo(clip()).absolutePath(),
                                                      tr("Audio (*.wav *.flac *.ogg);;All files (*)"));
    if (!file.isEmpty()) openClip(file);
  });
  connect(clip_edit_, &QLineEdit::editingFinished, this, [this] { recompute(); });
  connect(chunk_box_, qOverload<int>(&QSpinBox::valueChanged), this, [this] { recompute(); });
  connect(layer_box_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int l) { selectHead(l, head_); });
  connect(head_box_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int h) { selectHead(layer_, h); });
  connect(overlay_box_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { setOverlay(static_cast<Overlay>(overlay_box_->currentData().toInt())); });
  connect(fusion_box_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int f) { setRollout(f, discard_); });
  connect(discard_box_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double d) { setRollout(fusion_, d); });
  connect(ranking_box_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int r) { setRanking(static_cast<Ranking>(r)); });
  connect(atlas_, &widgets::HeadAtlasView::tileClicked, this, [this](int id) {
    if (result_.maps.heads > 0) selectHead(id / static_cast<int>(result_.maps.heads), id % static_cast<int>(result_.maps.heads));
  });
  connect(play_chunk, &QPushButton::clicked, this, [this] {
    QString error;
    if (!playChunk(&error)) emit statusMessage(error);
  });
  connect(play_patch, &QPushButton::clicked, this, [this] {
    QString error;
    if (!playPatch(&error)) emit statusMessage(error);
  });
  showEmptyState();
}

void AttentionPanel::setRunsRoot(const QString& root) {
  if (!workspace_->setRunsRoot(root)) refillModels();  // a change comes back through the workspace's signal
}

void AttentionPanel::refillModels() {
  fillWeightsChoices(model_box_, workspace_->runsRoot(), workspace_->recentWeights());
  if (showsEmptyState()) showEmptyState();  // the box may now hold a model: the first step changes
}

void AttentionPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  refillModels();
}

void AttentionPanel::setModel(const QString& weights_path) { chooseWeights(model_box_, weights_path); }

QString AttentionPanel::model() const { return chosenWeights(model_box_); }

QStringList AttentionPanel::modelChoices() const {
  QStringList out;
  for (int i = 0; i < model_box_->count(); ++i) out << model_box_->itemData(i).toString();
  return out;
}

void AttentionPanel::openClip(const QString& path) {
  clip_edit_->setText(path);
  const QSignalBlocker block(chunk_box_);
  chunk_box_->setValue(0);
  recompute();
}

QString AttentionPanel::clip() const { return clip_edit_->text().trimmed(); }

void AttentionPanel::setChunk(int chunk) { chunk_box_->setValue(chunk); }

bool AttentionPanel::isComputing() const { return computing_; }

void AttentionPanel::recompute() {
  if (model().isEmpty() || clip().isEmpty()) {
    message_ = model().isEmpty() ? tr("Choose a model: a run's checkpoint or a weights file.") : tr("Open a clip.");
    status_->setText(message_);
    showEmptyState();
    return;
  }
  if (computing_) {
    pending_ = true;  // the newest request runs when this one is done
    return;
  }
  AttentionRequest request;
  request.weights_path = model();
  request.clip_path = clip();
  request.chunk = chunk_box_->value();
  message_ = tr("Computing attention of chunk %1 …").arg(request.chunk);
  status_->setText(message_);
  computing_ = true;
  watcher_.setFuture(QtConcurrent::run([this, request] { return computer_.compute(request); }));
}

void AttentionPanel::showResult() {
  if (!result_.error.isEmpty()) {
    message_ = result_.error;
    status_->setText(tr("<span style='color:#b00020'>%1</span>").arg(result_.error.toHtmlEscaped()));
    atlas_->setTiles({}, kAtlasColumns);
    emit computed();
    return;
  }
  plots_->setCurrentIndex(1);
  const model::AttentionMaps& maps = result_.maps;
  {
    const QSignalBlocker a(chunk_box_), b(layer_box_), c(head_box_);
    chunk_box_->setRange(0, std::max(0, result_.chunk_count - 1));
    chunk_box_->setValue(result_.chunk);
    layer_box_->setRange(0, static_cast<int>(maps.layers) - 1);
    head_box_->setRange(0, static_cast<int>(maps.heads) - 1);
  }
  layer_ = std::min<int>(layer_, static_cast<int>(maps.layers) - 1);
  head_ = std::min<int>(head_, static_cast<int>(maps.heads) - 1);
  if (patch_row_ >= maps.grid_rows || patch_col_ >= maps.grid_cols) patch_row_ = patch_col_ = -1;
  const int channels = static_cast<int>(result_.chunk_levels.size());
  const QString names[] = {tr("Left"), tr("Right")};
  for (int v = 0; v < 2; ++v) {
    views_[v]->setVisible(v < channels);
    if (v >= channels) continue;
    const QString name = channels == 2 ? names[v] : tr("Channel %1").arg(v + 1);
    views_[v]->setSpectrogram(result_.chunk_levels[static_cast<size_t>(v)], result_.frames, result_.bins, 0.01,
                              tr("%1 log-mel, chunk %2").arg(name).arg(result_.chunk));
    views_[v]->setPatchGrid(static_cast<int>(maps.grid_rows), static_cast<int>(maps.grid_cols), result_.frames_per_patch,
                            result_.bins_per_patch);
  }
  message_ = tr("%1 · chunk %2 of %3 (%4 s clip)%5")
                 .arg(result_.model_text)
                 .arg(result_.chunk + 1)
                 .arg(result_.chunk_count)
                 .arg(result_.clip_seconds, 0, 'f', 1)
                 .arg(channels > 2 ? tr(" · the first two of %1 input channels shown").arg(channels) : QString());
  status_->setText(message_);
  layer_box_->setValue(layer_);
  head_box_->setValue(head_);
  refreshAtlas();
  refreshOverlay();
  emit computed();
}

std::vector<float> AttentionPanel::headMap(int layer, int head) const {
  const model::AttentionMaps& maps = result_.maps;
  const int64_t patches = maps.grid_rows * maps.grid_cols, offset = maps.has_cls ? 1 : 0;
  std::vector<float> out(static_cast<size_t>(patches), 0.0f);
  if (maps.tokens == 0) return out;
  auto add_row = [&](int64_t query, float scale) {
    const float* row = maps.row(layer, head, query);
    for (int64_t p = 0; p < patches; ++p) out[static_cast<size_t>(p)] += scale * row[p + offset];
  };
  if (patch_row_ >= 0) {
    add_row(offset + patch_row_ * maps.grid_cols + patch_col_, 1.0f);  // where the chosen patch looks
  } else if (maps.has_cls) {
    add_row(0, 1.0f);  // what the CLS token gathers
  } else {
    for (int64_t q = 0; q < patches; ++q) add_row(q, 1.0f / static_cast<float>(patches));
  }
  return out;
}

std::vector<float> AttentionPanel::overlayValues() const {
  if (result_.maps.tokens == 0) return {};
  switch (overlay_) {
    case Overlay::Patch: return headMap(layer_, head_);
    case Overlay::RolloutCls:
    case Overlay::RolloutPatches: {
      if (!result_.maps.has_cls) return {};
      const auto fusion = fusion_ == 1 ? model::HeadFusion::max : fusion_ == 2 ? model::HeadFusion::min : model::HeadFusion::mean;
      const auto rollout = model::attention_rollout(result_.maps, fusion, discard_);
      return model::rollout_map(rollout, result_.maps.tokens, overlay_ == Overlay::RolloutCls);
    }
    case Overlay::None: return {};
  }
  return {};
}

void AttentionPanel::refreshOverlay() {
  if (result_.maps.tokens == 0) return;
  QString label;
  switch (overlay_) {
    case Overlay::Patch:
      label = patch_row_ >= 0 ? tr("layer %1 head %2, patch (%3, %4)").arg(layer_).arg(head_).arg(patch_row_).arg(patch_col_)
                              : tr("layer %1 head %2, %3").arg(layer_).arg(head_).arg(result_.maps.has_cls ? tr("CLS row") : tr("mean row"));
      break;
    case Overlay::RolloutCls: label = tr("rollout from CLS"); break;
    case Overlay::RolloutPatches: label = tr("rollout, mean of patches"); break;
    case Overlay::None: break;
  }
  const std::vector<float> values = overlayValues();
  for (auto* view : views_) {
    view->setOverlay(values, label);
    view->setSelectedPatch(patch_row_, patch_col_);
  }
  const size_t index = static_cast<size_t>(layer_ * result_.maps.heads + head_);
  if (index < result_.heads.size()) {
    const model::HeadSummary& s = result_.heads[index];
    head_text_->setText(tr("Layer %1, head %2: entropy %3 nats (uniform: %4) · mean distance %5 ms in time, %6 patch rows in "
                           "frequency · %7% to CLS")
                            .arg(layer_)
                            .arg(head_)
                            .arg(s.entropy, 0, 'f', 2)
                            .arg(std::log(static_cast<double>(result_.maps.tokens)), 0, 'f', 2)
                            .arg(s.distance_time_s * 1000.0, 0, 'f', 0)
                            .arg(s.distance_freq_patches, 0, 'f', 2)
                            .arg(s.attention_to_cls * 100.0, 0, 'f', 1));
  }
  atlas_->setSelectedId(layer_ * static_cast<int>(result_.maps.heads) + head_);
}

void AttentionPanel::refreshAtlas() {
  const model::AttentionMaps& maps = result_.maps;
  std::vector<size_t> order(result_.heads.size());
  std::iota(order.begin(), order.end(), size_t(0));
  auto key = [&](size_t i) {
    const model::HeadSummary& s = result_.heads[i];
    switch (ranking_) {
      case Ranking::Entropy: return s.entropy;
      case Ranking::TimeDistance: return -s.distance_time_s;
      case Ranking::FrequencyDistance: return -s.distance_freq_patches;
      case Ranking::LayerOrder: break;
    }
    return static_cast<double>(i);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  std::vector<widgets::AtlasTile> tiles;
  for (size_t i : order) {
    const model::HeadSummary& s = result_.heads[i];
    widgets::AtlasTile tile;
    tile.id = static_cast<int>(s.layer * maps.heads + s.head);
    tile.image = mapImage(headMap(static_cast<int>(s.layer), static_cast<int>(s.head)), static_cast<int>(maps.grid_rows),
                          static_cast<int>(maps.grid_cols));
    tile.caption = tr("L%1 H%2 · %3").arg(s.layer).arg(s.head).arg(s.entropy, 0, 'f', 2);
    tile.tooltip = tr("layer %1, head %2\nentropy %3 nats\ntime distance %4 ms\nfrequency distance %5 rows")
                       .arg(s.layer)
                       .arg(s.head)
                       .arg(s.entropy, 0, 'f', 3)
                       .arg(s.distance_time_s * 1000, 0, 'f', 0)
                       .arg(s.distance_freq_patches, 0, 'f', 2);
    tiles.push_back(std::move(tile));
  }
  atlas_->setTiles(std::move(tiles), kAtlasColumns);
}

void AttentionPanel::selectHead(int layer, int head) {
  layer_ = std::max(0, layer);
  head_ = std::max(0, head);
  {
    const QSignalBlocker a(layer_box_), b(head_box_);
    layer_box_->setValue(layer_);
    head_box_->setValue(head_);
  }
  if (overlay_ != Overlay::Patch && overlay_ != Overlay::None) {
    const QSignalBlocker block(overlay_box_);
    overlay_ = Overlay::Patch;
    overlay_box_->setCurrentIndex(0);
  }
  refreshOverlay();
}

void AttentionPanel::selectPatch(int row, int col) {
  patch_row_ = row;
  patch_col_ = col;
  refreshOverlay();
  refreshAtlas();  // the atlas shows every head's view of the same patch
}

void AttentionPanel::setOverlay(Overlay overlay) {
  overlay_ = overlay;
  const QSignalBlocker block(overlay_box_);
  overlay_box_->setCurrentIndex(overlay_box_->findData(static_cast<int>(overlay)));
  refreshOverlay();
}

void AttentionPanel::setRollout(int fusion, double discard_ratio) {
  fusion_ = fusion;
  discard_ = discard_ratio;
  {
    const QSignalBlocker a(fusion_box_), b(discard_box_);
    fusion_box_->setCurrentIndex(fusion);
    discard_box_->setValue(discard_ratio);
  }
  if (overlay_ == Overlay::RolloutCls || overlay_ == Overlay::RolloutPatches) refreshOverlay();
}

void AttentionPanel::setRanking(Ranking ranking) {
  ranking_ = ranking;
  const QSignalBlocker block(ranking_box_);
  ranking_box_->setCurrentIndex(static_cast<int>(ranking));
  refreshAtlas();
}

QString AttentionPanel::message() const { return message_; }

bool AttentionPanel::showsEmptyState() const { return plots_->currentIndex() == 0; }

QString AttentionPanel::emptyStateText() const { return empty_text_->text(); }

void AttentionPanel::showEmptyState() {
  const bool no_model = model().isEmpty(), no_clip = clip().isEmpty();
  QString first;
  if (no_model && no_clip)
    first = tr("Choose weights (a run's checkpoint, a weights file, or the published GRAM-T models: <b>Get published weights…</b>) and a clip.");
  else if (no_model)
    first = tr("Choose weights: a run's checkpoint, a weights file, or the published GRAM-T models (<b>Get published weights…</b>).");
  else
    first = tr("Open a clip (any audio file; stereo for the two ears).");
  empty_text_->setText(tr("<p>Attention shows where a model looks in one 2-s chunk of a clip: per ear, every layer and head.</p><p>%1</p>").arg(first));
  plots_->setCurrentIndex(0);
}

bool AttentionPanel::playChunk(QString* error) {
  if (result_.chunk_audio.empty()) {
    *error = tr("Nothing to play yet");
    return false;
  }
  std::vector<AudioPlayer::Channel> channels;
  for (const auto& c : result_.chunk_audio) channels.push_back(std::make_shared<const std::vector<float>>(c));
  if (channels.size() > 2) channels.resize(2);
  player_.stop();
  player_.setAudio(std::move(channels), result_.sample_rate);
  return player_.play(0.0, error);
}

bool AttentionPanel::playPatch(QString* error) {
  if (result_.chunk_audio.empty() || patch_col_ < 0) {
    *error = tr("Click a patch first");
    return false;
  }
  const int64_t hop = result_.sample_rate / 100;
  const int64_t first = static_cast<int64_t>(patch_col_) * result_.frames_per_patch * hop;
  std::vector<AudioPlayer::Channel> channels;
  for (const auto& c : result_.chunk_audio) {
    const int64_t begin = std::min<int64_t>(first, static_cast<int64_t>(c.size()));
    const int64_t end = std::min<int64_t>(begin + result_.frames_per_patch * hop, static_cast<int64_t>(c.size()));
    channels.push_back(std::make_shared<const std::vector<float>>(c.begin() + begin, c.begin() + end));
  }
  if (channels.size() > 2) channels.resize(2);
  player_.stop();
  player_.setAudio(std::move(channels), result_.sample_rate);
  return player_.play(0.0, error);
}

}  // namespace gramt::workbench
