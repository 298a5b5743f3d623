#include "app/workbench/localization_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "app/workbench/clip_audio_path.h"
#include "app/workbench/number_table_item.h"
#include "app/workbench/workspace.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"
#include "widgets/polar_directions_view.h"

namespace gramt::workbench {
namespace {

namespace predict = eval::predict;
namespace scores = eval::scores;

constexpr double kHistogramBin = 10.0;
enum Column { kFile, kError, kTrueAz, kTrueEl, kPredAz, kPredEl, kConfusion, kFacts, kColumns };


QString degrees(double v) { return std::isfinite(v) ? QString::number(v, 'f', 1) + QStringLiteral("°") : QStringLiteral("—"); }

// Azimuth in (−180, 180]: left positive, so the map reads left-to-right as the listener faces.
double signedAzimuth(double a) {
  if (!std::isfinite(a)) return a;
  double s = std::fmod(a, 360.0);
  if (s > 180.0) s -= 360.0;
  if (s <= -180.0) s += 360.0;
  return s;
}

QString confusionText(const scores::DirectionResult& r) {
  QStringList parts;
  if (scores::is_front_back_confusion(r)) parts << QObject::tr("front–back");
  if (scores::is_left_right_confusion(r)) parts << QObject::tr("left–right");
  if (scores::is_up_down_confusion(r)) parts << QObject::tr("up–down");
  return parts.join(QStringLiteral(", "));
}

void stylePlot(QCustomPlot* plot, const QString& title) {
  plot->plotLayout()->insertRow(0);
  auto* text = new QCPTextElement(plot, title, QFont(plot->font().family(), plot->font().pointSize(), QFont::Bold));
  plot->plotLayout()->addElement(0, 0, text);
  plot->setMinimumSize(260, 200);
}

}  // namespace

LocalizationPanel::LocalizationPanel(QWidget* parent) : LocalizationPanel(nullptr, parent) {}

LocalizationPanel::LocalizationPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace != nullptr ? workspace : new Workspace({}, this)) {
  buildUi();
  connect(workspace_, &Workspace::tasksDirChanged, this, &LocalizationPanel::showTasksDir);
  showTasksDir(workspace_->tasksDir());
}

void LocalizationPanel::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  path_edit_ = new QLineEdit(this);
  path_edit_->setPlaceholderText(tr("a task's embeddings folder or its <fold>.localization-predictions.json"));
  auto* open = new QPushButton(tr("Open…"), this);
  tasks_edit_ = new QLineEdit(this);
  tasks_edit_->setPlaceholderText(tr("tasks folder (for the audio)"));
  top->addWidget(new QLabel(tr("Predictions"), this));
  top->addWidget(path_edit_, 3);
  top->addWidget(open);
  top->addWidget(new QLabel(tr("Audio from"), this));
  top->addWidget(tasks_edit_, 2);
  layout->addLayout(top);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(splitter);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  summary_ = new QLabel(left);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  left_layout->addWidget(summary_);
  table_ = new QTableWidget(0, kColumns, left);
  table_->setHorizontalHeaderLabels({tr("Clip"), tr("Error"), tr("True az"), tr("True el"), tr("Pred az"), tr("Pred el"),
                                     tr("Confusion"), tr("Facts")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  left_layout->addWidget(table_, 1);
  auto* buttons = new QHBoxLayout;
  auto* play = new QPushButton(tr("▶ Play"), left);
  auto* inspect = new QPushButton(tr("Open in Inspect"), left);
  auto* attention = new QPushButton(tr("Open in Attention"), left);
  buttons->addWidget(play);
  buttons->addWidget(inspect);
  buttons->addWidget(attention);
  buttons->addStretch(1);
  left_layout->addLayout(buttons);
  splitter->addWidget(left);

  auto* tabs = new QTabWidget(splitter);
  auto* directions = new QWidget(tabs);
  auto* directions_layout = new QHBoxLayout(directions);
  polar_ = new widgets::PolarDirectionsView(directions);
  map_ = new QCustomPlot(directions);
  stylePlot(map_, tr("Azimuth–elevation: true ● to predicted ○"));
  map_->xAxis->setLabel(tr("azimuth (°, + = left)"));
  map_->yAxis->setLabel(tr("elevation (°)"));
  directions_layout->addWidget(polar_, 1);
  directions_layout->addWidget(map_, 1);
  tabs->addTab(directions, tr("Directions"));
  auto* errors = new QWidget(tabs);
  auto* errors_layout = new QGridLayout(errors);
  histogram_ = new QCustomPlot(errors);
  stylePlot(histogram_, tr("Angular error: histogram and cumulative share"));
  histogram_->xAxis->setLabel(tr("angular error (°)"));
  histogram_->yAxis->setLabel(tr("clips"));
  histogram_->yAxis2->setVisible(true);
  histogram_->yAxis2->setLabel(tr("cumulative %"));
  by_azimuth_ = new QCustomPlot(errors);
  stylePlot(by_azimuth_, tr("Error against true azimuth"));
  by_azimuth_->xAxis->setLabel(tr("true azimuth (°, + = left)"));
  by_azimuth_->yAxis->setLabel(tr("angular error (°)"));
  errors_layout->addWidget(histogram_, 0, 0);
  errors_layout->addWidget(by_azimuth_, 0, 1);
  tabs->addTab(errors, tr("Errors"));
  auto* facts = new QWidget(tabs);
  auto* facts_layout = new QVBoxLayout(facts);
  auto* facts_row = new QHBoxLayout;
  split_box_ = new QComboBox(facts);
  facts_row->addWidget(new QLabel(tr("Split errors by"), facts));
  facts_row->addWidget(split_box_);
  facts_row->addStretch(1);
  facts_layout->addLayout(facts_row);
  split_ = new QCustomPlot(facts);
  stylePlot(split_, tr("Mean angular error per group (clips in brackets)"));
  split_->yAxis->setLabel(tr("mean angular error (°)"));
  facts_layout->addWidget(split_, 1);
  tabs->addTab(facts, tr("By clip facts"));
  splitter->addWidget(tabs);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  layout->addWidget(splitter, 1);

  for (QCustomPlot* plot : {map_, by_azimuth_}) {
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(plot, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int index, QMouseEvent*) {
      const QVariant clips = p->property("clip_indices");
      if (!clips.isValid()) return;
      const QList<QVariant> list = clips.toList();
      if (index >= 0 && index < list.size()) selectClip(list[index].toInt());
    });
  }
  connect(open, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Localization predictions"), path_,
                                                      tr("Localization predictions (*.localization-predictions.json);;All files (*)"));
    if (!file.isEmpty()) openPredictions(file);
  });
  connect(path_edit_, &QLineEdit::editingFinished, this, [this] {
    if (path_edit_->text() != path_) openPredictions(path_edit_->text());
  });
  connect(tasks_edit_, &QLineEdit::editingFinished, this, [this] { setTasksDir(tasks_edit_->text()); });
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
    const auto rows = table_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) selectClip(table_->item(rows.front().row(), kFile)->data(Qt::UserRole).toInt());
  });
  connect(polar_, &widgets::PolarDirectionsView::clipClicked, this, &LocalizationPanel::selectClip);
  connect(split_box_, &QComboBox::currentTextChanged, this, &LocalizationPanel::splitBy);
  connect(play, &QPushButton::clicked, this, [this] {
    QString error;
    if (!playClip(selected_, &error)) emit statusMessage(error);
  });
  connect(inspect, &QPushButton::clicked, this, [this] {
    const QString audio = clipAudioPath(selected_);
    if (audio.isEmpty()) {
      emit statusMessage(tr("The clip's audio was not found: set the tasks folder (Audio from)."));
      return;
    }
    const auto& c = predictions_.clips[static_cast<size_t>(selected_)];
    emit inspectRequested(audio, c.true_azimuth_deg, c.true_elevation_deg, c.predicted_azimuth_deg, c.predicted_elevation_deg);
  });
  connect(attention, &QPushButton::clicked, this, [this] {
    const QString audio = clipAudioPath(selected_);
    if (audio.isEmpty()) {
      emit statusMessage(tr("The clip's audio was not found: set the tasks folder (Audio from)."));
      return;
    }
    emit attentionRequested(audio);
  });
  summary_->setText(tr("Open a localization task's predictions: evaluate a model on mini_localization (Evaluate panel), "
                       "then click its score, or open the task's embeddings folder here."));
}

bool LocalizationPanel::openPredictions(const QString& path) {
  QString file = path;
  if (QFileInfo(path).isDir()) {
    // test.* for train/valid/test tasks, else the first fold.
    QStringList found = QDir(path).entryList({QStringLiteral("*.localization-predictions.json")}, QDir::Files, QDir::Name);
    found.sort();
    const QString test = QStringLiteral("test.localization-predictions.json");
    if (found.contains(test)) found = {test};
    if (found.isEmpty()) {
      message_ = tr("%1 holds no *.localization-predictions.json: is it a localization task's embeddings folder, "
                    "predicted with this version of gramt-cli?")
                     .arg(path);
      summary_->setText(message_);
      return false;
    }
    file = QDir(path).filePath(found.front());
  }
  try {
    predictions_ = predict::read_localization_predictions(file.toStdString());
  } catch (const Error& e) {
    message_ = QString::fromStdString(e.what());
    summary_->setText(tr("<span style='color:#b00020'>%1</span>").arg(message_.toHtmlEscaped()));
    return false;
  }
  path_ = file;
  path_edit_->setText(file);
  message_.clear();
  results_.clear();
  for (const auto& c : predictions_.clips) {
    scores::DirectionResult r;
    r.true_azimuth_deg = signedAzimuth(c.true_azimuth_deg);
    r.true_elevation_deg = c.true_elevation_deg;
    r.predicted_azimuth_deg = signedAzimuth(c.predicted_azimuth_deg);
    r.predicted_elevation_deg = c.predicted_elevation_deg;
    r.error_deg = c.angular_error_deg;
    r.numbers = c.metadata.numbers;
    r.labels = c.metadata.labels;
    results_.push_back(std::move(r));
  }
  confusions_ = scores::count_confusions(results_);
  selected_ = -1;
  fillViews();
  fillTable();
  {
    const QSignalBlocker block(split_box_);
    split_box_->clear();
    for (const auto& key : scores::fact_keys(results_)) split_box_->addItem(QString::fromStdString(key));
  }
  fillSplit();
  if (!predictions_.clips.empty()) selectClip(tableOrder().front());
  emit statusMessage(tr("Opened %1 clips of %2").arg(predictions_.clips.size()).arg(QString::fromStdString(predictions_.task_name)));
  return true;
}

void LocalizationPanel::setTasksDir(const QString& dir) {
  if (!workspace_->setTasksDir(dir)) showTasksDir(workspace_->tasksDir());  // a change comes back through the signal
}

void LocalizationPanel::showTasksDir(const QString& dir) {
  tasks_dir_ = dir;
  tasks_edit_->setText(dir);
}

QStringList LocalizationPanel::facts() const {
  QStringList out;
  for (int i = 0; i < split_box_->count(); ++i) out << split_box_->itemText(i);
  return out;
}

void LocalizationPanel::fillViews() {
  const scores::ErrorSummary s = scores::summarise_errors(results_);
  summary_->setText(tr("<b>%1</b> · %2 · fold %3 · %4 clips<br>angular error: mean <b>%5</b>, median %6, 90th percentile %7 · "
                       "within 10°: %8%, within 30°: %9%<br>confusions: front–back %10, left–right %11, up–down %12 "
                       "(of %13 clips)")
                        .arg(QString::fromStdString(predictions_.task_name).toHtmlEscaped(),
                             QString::fromStdString(predictions_.prediction_type).toHtmlEscaped(),
                             QString::fromStdString(predictions_.fold).toHtmlEscaped())
                        .arg(s.clips)
                        .arg(degrees(s.mean), degrees(s.median), degrees(s.p90))
                        .arg(std::isfinite(s.within_10) ? s.within_10 * 100 : 0.0, 0, 'f', 0)
                        .arg(std::isfinite(s.within_30) ? s.within_30 * 100 : 0.0, 0, 'f', 0)
                        .arg(confusions_.front_back)
                        .arg(confusions_.left_right)
                        .arg(confusions_.up_down)
                        .arg(confusions_.judged));
  std::vector<widgets::DirectionPair> pairs;
  for (const auto& c : predictions_.clips) pairs.push_back({c.true_azimuth_deg, c.predicted_azimuth_deg, c.angular_error_deg});
  polar_->setDirections(std::move(pairs));

  // Azimuth–elevation map: one curve of joining lines (NaN breaks between clips), two scatters.
  map_->clearPlottables();
  QVector<double> lx, ly;
  QVector<double> tx, ty, px, py;
  QList<QVariant> true_ids, predicted_ids;
  for (size_t i = 0; i < results_.size(); ++i) {
    const auto& r = results_[i];
    if (!std::isfinite(r.error_deg)) continue;
    lx << r.true_azimuth_deg << r.predicted_azimuth_deg << qQNaN();
    ly << r.true_elevation_deg << r.predicted_elevation_deg << qQNaN();
    tx << r.true_azimuth_deg;
    ty << r.true_elevation_deg;
    px << r.predicted_azimuth_deg;
    py << r.predicted_elevation_deg;
    true_ids << static_cast<int>(i);
    predicted_ids << static_cast<int>(i);
  }
  // QCPCurve keeps the order and breaks at NaN, so each clip's segment stands alone.
  auto* joins = new QCPCurve(map_->xAxis, map_->yAxis);
  joins->setPen(QPen(QColor(150, 150, 150, results_.size() > 2000 ? 40 : 120)));
  joins->setData(lx, ly);
  auto* truth = new QCPCurve(map_->xAxis, map_->yAxis);
  truth->setLineStyle(QCPCurve::lsNone);
  truth->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(30, 110, 40), 6));
  truth->setData(tx, ty);
  truth->setProperty("clip_indices", true_ids);
  truth->setName(tr("true"));
  auto* predicted = new QCPCurve(map_->xAxis, map_->yAxis);
  predicted->setLineStyle(QCPCurve::lsNone);
  predicted->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(40, 70, 200), 6));
  predicted->setData(px, py);
  predicted->setProperty("clip_indices", predicted_ids);
  predicted->setName(tr("predicted"));
  map_->xAxis->setRange(-180, 180);
  map_->yAxis->setRange(-90, 90);
  map_->xAxis->setRangeReversed(true);  // left (+) on the left
  map_->replot(QCustomPlot::rpQueuedReplot);

  // Histogram with the cumulative share on the right axis.
  histogram_->clearPlottables();
  const auto counts = scores::error_histogram(results_, kHistogramBin);
  auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
  bars->setWidth(kHistogramBin * 0.9);
  bars->setBrush(QColor(70, 120, 190));
  bars->setPen(Qt::NoPen);
  QVector<double> centres, values, cumulative_x, cumulative;
  double total = 0, running = 0, highest = 0;
  for (size_t c : counts) total += static_cast<double>(c);
  cumulative_x << 0;
  cumulative << 0;
  for (size_t b = 0; b < counts.size(); ++b) {
    centres << (static_cast<double>(b) + 0.5) * kHistogramBin;
    values << static_cast<double>(counts[b]);
    highest = std::max(highest, static_cast<double>(counts[b]));
    running += static_cast<double>(counts[b]);
    cumulative_x << (static_cast<double>(b) + 1) * kHistogramBin;
    cumulative << (total > 0 ? 100.0 * running / total : 0.0);
  }
  bars->setData(centres, values);
  auto* curve = histogram_->addGraph(histogram_->xAxis, histogram_->yAxis2);
  curve->setPen(QPen(QColor(200, 80, 30), 2));
  curve->setData(cumulative_x, cumulative);
  histogram_->xAxis->setRange(0, 180);
  histogram_->yAxis->setRange(0, std::max(1.0, highest * 1.1));
  histogram_->yAxis2->setRange(0, 100);
  histogram_->replot(QCustomPlot::rpQueuedReplot);

  by_azimuth_->clearPlottables();
  auto* scatter = new QCPCurve(by_azimuth_->xAxis, by_azimuth_->yAxis);
  scatter->setLineStyle(QCPCurve::lsNone);
  scatter->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(70, 120, 190, results_.size() > 2000 ? 60 : 200), 5));
  QVector<double> ax, ae;
  QList<QVariant> ids;
  for (size_t i = 0; i < results_.size(); ++i) {
    if (!std::isfinite(results_[i].error_deg)) continue;
    ax << results_[i].true_azimuth_deg;
    ae << results_[i].error_deg;
    ids << static_cast<int>(i);
  }
  scatter->setData(ax, ae);
  scatter->setProperty("clip_indices", ids);
  by_azimuth_->xAxis->setRange(-180, 180);
  by_azimuth_->xAxis->setRangeReversed(true);
  by_azimuth_->yAxis->setRange(0, 180);
  by_azimuth_->replot(QCustomPlot::rpQueuedReplot);
}

void LocalizationPanel::fillTable() {
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(false);
  table_->setRowCount(static_cast<int>(predictions_.clips.size()));
  for (size_t i = 0; i < predictions_.clips.size(); ++i) {
    const auto& c = predictions_.clips[i];
    const int row = static_cast<int>(i);
    auto* file = new QTableWidgetItem(QString::fromStdString(c.file));
    file->setData(Qt::UserRole, row);
    table_->setItem(row, kFile, file);
    table_->setItem(row, kError, new NumberTableItem(degrees(c.angular_error_deg), c.angular_error_deg));
    table_->setItem(row, kTrueAz, new NumberTableItem(degrees(c.true_azimuth_deg), c.true_azimuth_deg));
    table_->setItem(row, kTrueEl, new NumberTableItem(degrees(c.true_elevation_deg), c.true_elevation_deg));
    table_->setItem(row, kPredAz, new NumberTableItem(degrees(c.predicted_azimuth_deg), c.predicted_azimuth_deg));
    table_->setItem(row, kPredEl, new NumberTableItem(degrees(c.predicted_elevation_deg), c.predicted_elevation_deg));
    table_->setItem(row, kConfusion, new QTableWidgetItem(confusionText(results_[i])));
    QStringList facts;
    for (const auto& [k, v] : c.metadata.numbers) facts << QStringLiteral("%1 %2").arg(QString::fromStdString(k)).arg(v, 0, 'g', 3);
    for (const auto& [k, v] : c.metadata.labels) facts << QStringLiteral("%1 %2").arg(QString::fromStdString(k), QString::fromStdString(v));
    table_->setItem(row, kFacts, new QTableWidgetItem(facts.join(QStringLiteral(" · "))));
  }
  table_->setSortingEnabled(true);
  table_->sortItems(kError, Qt::DescendingOrder);  // worst first
}

std::vector<int> LocalizationPanel::tableOrder() const {
  std::vector<int> order;
  for (int row = 0; row < table_->rowCount(); ++row) order.push_back(table_->item(row, kFile)->data(Qt::UserRole).toInt());
  return order;
}

void LocalizationPanel::splitBy(const QString& fact) {
  const QSignalBlocker block(split_box_);
  split_box_->setCurrentText(fact);
  fillSplit();
}

void LocalizationPanel::fillSplit() {
  split_->clearPlottables();
  groups_.clear();
  const QString key = split_box_->currentText();
  if (key.isEmpty()) {
    split_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  groups_ = scores::split_errors(results_, key.toStdString());
  auto* bars = new QCPBars(split_->xAxis, split_->yAxis);
  bars->setBrush(QColor(70, 120, 190));
  bars->setPen(Qt::NoPen);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  QVector<double> x, y;
  double highest = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    x << static_cast<double>(g + 1);
    y << (std::isfinite(groups_[g].mean) ? groups_[g].mean : 0.0);
    highest = std::max(highest, y.back());
    ticker->addTick(static_cast<double>(g + 1),
                    QStringLiteral("%1\n(%2)").arg(QString::fromStdString(groups_[g].label)).arg(groups_[g].clips));
  }
  bars->setData(x, y);
  split_->xAxis->setTicker(ticker);
  split_->xAxis->setLabel(key);
  split_->xAxis->setRange(0.4, static_cast<double>(groups_.size()) + 0.6);
  split_->yAxis->setRange(0, std::max(1.0, highest * 1.15));
  split_->replot(QCustomPlot::rpQueuedReplot);
}

void LocalizationPanel::selectClip(int index) {
  if (index < 0 || index >= clipCount()) return;
  selected_ = index;
  highlight();
}

void LocalizationPanel::highlight() {
  polar_->setSelected(selected_);
  {
    const QSignalBlocker block(table_);
    for (int row = 0; row < table_->rowCount(); ++row) {
      if (table_->item(row, kFile)->data(Qt::UserRole).toInt() == selected_) {
        table_->selectRow(row);
        table_->scrollToItem(table_->item(row, kFile));
        break;
      }
    }
  }
  for (QCustomPlot* plot : {map_, by_azimuth_}) {
    for (int i = plot->itemCount() - 1; i >= 0; --i) plot->removeItem(i);
    const auto& r = results_[static_cast<size_t>(selected_)];
    auto* mark = new QCPItemEllipse(plot);
    const double x = plot == map_ ? r.predicted_azimuth_deg : r.true_azimuth_deg;
    const double y = plot == map_ ? r.predicted_elevation_deg : r.error_deg;
    if (std::isfinite(x) && std::isfinite(y)) {
      mark->topLeft->setCoords(x + 5, y + 5);
      mark->bottomRight->setCoords(x - 5, y - 5);
      mark->setPen(QPen(QColor(0, 170, 220), 2));
    }
    if (plot == map_ && std::isfinite(r.true_azimuth_deg)) {
      auto* line = new QCPItemLine(plot);
      line->start->setCoords(r.true_azimuth_deg, r.true_elevation_deg);
      line->end->setCoords(r.predicted_azimuth_deg, r.predicted_elevation_deg);
      line->setPen(QPen(Qt::black, 2.5));
      line->setHead(QCPLineEnding::esSpikeArrow);
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
  }
}

QString LocalizationPanel::clipAudioPath(int index) const {
  if (index < 0 || index >= clipCount()) return {};
  const QString file = QString::fromStdString(predictions_.clips[static_cast<size_t>(index)].file);
  const QString fold = QString::fromStdString(predictions_.fold);
  const QString task = QFileInfo(QString::fromStdString(predictions_.embedding_path)).fileName();
  // Without a tasks folder: a sibling of some ancestor of the embeddings (root/tasks beside root/emb).
  return findClipAudio(tasks_dir_, QFileInfo(path_).absolutePath(), task, fold, file);
}

bool LocalizationPanel::playClip(int index, QString* error) {
  const QString path = clipAudioPath(index);
  if (path.isEmpty()) {
    *error = tr("The clip's audio was not found: set the tasks folder (Audio from).");
    return false;
  }
  return player_.playFile(path, error);
}

void LocalizationPanel::redrawAll() {
  polar_->repaint();
  for (QCustomPlot* plot : {map_, histogram_, by_azimuth_, split_}) plot->replot(QCustomPlot::rpImmediateRefresh);
}

}  // namespace gramt::workbench
