#include "app/workbench/train_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <csignal>
#include <cmath>

#include "app/workbench/new_run_form.h"
#include "app/workbench/workspace.h"
#include "core/common/debiased_ema.h"
#include "widgets/labelled_image_grid.h"
#include "widgets/metric_chart.h"

namespace gramt::workbench {
namespace {

constexpr int kPollMs = 500;          // new points show within a second of being written
constexpr int kRescanMs = 2000;       // new run folders appear within two seconds
constexpr int kSmoothingSteps = 1000; // slider resolution over [0, 0.999]

enum Column { kName, kStatus, kStep, kLoss, kSpeed, kStarted, kColumns };

const QColor kRunColours[] = {QColor(31, 119, 180), QColor(214, 39, 40),  QColor(44, 160, 44),
                              QColor(148, 103, 189), QColor(255, 127, 14), QColor(23, 190, 207)};

double valueOf(const train::MetricPoint& p, TrainPanel::Metric metric) {
  switch (metric) {
    case TrainPanel::Metric::Loss: return p.loss;
    case TrainPanel::Metric::LearningRate: return p.lr;
    case TrainPanel::Metric::CropsPerSecond: return p.crops_per_s;
    case TrainPanel::Metric::DataWait: return p.data_wait;
  }
  return std::nan("");
}

QString metricName(TrainPanel::Metric metric) {
  switch (metric) {
    case TrainPanel::Metric::Loss: return QObject::tr("MSE loss");
    case TrainPanel::Metric::LearningRate: return QObject::tr("learning rate");
    case TrainPanel::Metric::CropsPerSecond: return QObject::tr("crops/s");
    case TrainPanel::Metric::DataWait: return QObject::tr("data-wait share");
  }
  return {};
}

QString formatSeconds(double s) {
  if (!std::isfinite(s) || s < 0) return QObject::tr("unknown");
  const qint64 t = static_cast<qint64>(std::llround(s));
  if (t < 60) return QObject::tr("%1 s").arg(t);
  if (t < 3600) return QObject::tr("%1 min %2 s").arg(t / 60).arg(t % 60);
  return QObject::tr("%1 h %2 min").arg(t / 3600).arg((t % 3600) / 60);
}

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 5) : (std::isnan(v) ? QStringLiteral("NaN") : QStringLiteral("inf")); }

// `gramt-cli train --schema CHOICES`: quick (it only composes configs), so it runs inline.
QJsonObject fetchSchema(const QStringList& choices, QString* error) {
  QProcess process;
  process.start(CliProcess::cliPath(), QStringList{QStringLiteral("train"), QStringLiteral("--schema")} + choices);
  if (!process.waitForFinished(20000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
    *error = QString::fromUtf8(process.readAllStandardError()).trimmed();
    if (error->isEmpty())
      *error = QObject::tr("could not run %1 train --schema (%2); set GRAMT_CLI to the gramt-cli program")
                   .arg(CliProcess::cliPath(), process.errorString());
    return {};
  }
  QJsonParseError parse{};
  const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput(), &parse);
  if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
    *error = QObject::tr("gramt-cli train --schema printed no JSON object: %1").arg(parse.errorString());
    return {};
  }
  return doc.object();
}

}  // namespace

TrainPanel::TrainPanel(QWidget* parent) : TrainPanel(nullptr, parent) {}

TrainPanel::TrainPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace != nullptr ? workspace : new Workspace({}, this)) {
  buildUi();
  poll_timer_.setInterval(kPollMs);
  connect(&poll_timer_, &QTimer::timeout, this, &TrainPanel::refresh);
  poll_timer_.start();
  connect(workspace_, &Workspace::runsRootChanged, this, &TrainPanel::watchRunsRoot);
  watchRunsRoot(workspace_->runsRoot());
}

TrainPanel::~TrainPanel() = default;

void TrainPanel::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* tabs = new QTabWidget(this);
  tabs_ = tabs;
  layout->addWidget(tabs);

  // ---- Runs: table, curves, reconstructions
  auto* runs_page = new QWidget(tabs);
  auto* runs_layout = new QVBoxLayout(runs_page);
  auto* root_row = new QHBoxLayout;
  root_edit_ = new QLineEdit(runs_page);
  auto* browse = new QPushButton(tr("Browse…"), runs_page);
  stop_button_ = new QPushButton(tr("Stop"), runs_page);
  stop_button_->setToolTip(tr("Save a checkpoint and stop (the same as Ctrl-C)"));
  resume_button_ = new QPushButton(tr("Resume"), runs_page);
  resume_button_->setToolTip(tr("Continue from the newest checkpoint"));
  root_row->addWidget(new QLabel(tr("Runs folder"), runs_page));
  root_row->addWidget(root_edit_, 1);
  root_row->addWidget(browse);
  root_row->addSpacing(12);
  root_row->addWidget(stop_button_);
  root_row->addWidget(resume_button_);
  runs_layout->addLayout(root_row);
  // A first launch has no runs: say what to do first and offer it.
  empty_runs_ = new QWidget(runs_page);
  auto* empty_row = new QHBoxLayout(empty_runs_);
  empty_row->setContentsMargins(0, 4, 0, 4);
  empty_runs_->setObjectName(QStringLiteral("noRuns"));
  empty_runs_text_ = new QLabel(empty_runs_);
  empty_runs_text_->setObjectName(QStringLiteral("noRunsText"));
  empty_runs_text_->setWordWrap(true);
  auto* empty_new_run = new QPushButton(tr("New run…"), empty_runs_);
  empty_row->addWidget(empty_runs_text_, 1);
  empty_row->addWidget(empty_new_run);
  runs_layout->addWidget(empty_runs_);
  connect(empty_new_run, &QPushButton::clicked, this, &TrainPanel::showNewRunForm);

  auto* splitter = new QSplitter(Qt::Vertical, runs_page);
  table_ = new QTableWidget(0, kColumns, splitter);
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Step"), tr("Loss"), tr("Crops/s"), tr("Started")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
  for (int c = kStatus; c < kColumns; ++c) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  splitter->addWidget(table_);

  auto* curves = new QWidget(splitter);
  auto* curves_layout = new QVBoxLayout(curves);
  curves_layout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QHBoxLayout;
  metric_box_ = new QComboBox(curves);
  for (Metric m : {Metric::Loss, Metric::LearningRate, Metric::CropsPerSecond, Metric::DataWait})
    metric_box_->addItem(metricName(m), static_cast<int>(m));
  x_axis_box_ = new QComboBox(curves);
  x_axis_box_->addItem(tr("step"), static_cast<int>(XAxis::Step));
  x_axis_box_->addItem(tr("relative time (s)"), static_cast<int>(XAxis::RelativeTime));
  x_axis_box_->addItem(tr("wall time"), static_cast<int>(XAxis::WallTime));
  smoothing_slider_ = new QSlider(Qt::Horizontal, curves);
  smoothing_slider_->setRange(0, kSmoothingSteps - 1);
  smoothing_box_ = new QDoubleSpinBox(curves);
  smoothing_box_->setRange(0.0, 0.999);
  smoothing_box_->setDecimals(3);
  smoothing_box_->setSingleStep(0.05);
  smoothing_box_->setValue(0.6);
  smoothing_slider_->setValue(600);
  log_y_box_ = new QCheckBox(tr("log y"), curves);
  eta_label_ = new QLabel(curves);
  controls->addWidget(new QLabel(tr("Metric"), curves));
  controls->addWidget(metric_box_);
  controls->addWidget(new QLabel(tr("x axis"), curves));
  controls->addWidget(x_axis_box_);
  controls->addWidget(new QLabel(tr("Smoothing"), curves));
  controls->addWidget(smoothing_slider_, 1);
  controls->addWidget(smoothing_box_);
  controls->addWidget(log_y_box_);
  controls->addSpacing(12);
  controls->addWidget(eta_label_);
  curves_layout->addLayout(controls);
  chart_ = new widgets::MetricChart(curves);
  chart_->setMinimumHeight(200);
  curves_layout->addWidget(chart_, 1);
  hover_label_ = new QLabel(curves);
  hover_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  curves_layout->addWidget(hover_label_);
  splitter->addWidget(curves);
  curves_panel_ = curves;
  curves->setObjectName(QStringLiteral("trainCurves"));

  auto* recon = new QWidget(splitter);
  auto* recon_layout = new QVBoxLayout(recon);
  recon_layout->setContentsMargins(0, 0, 0, 0);
  auto* step_row = new QHBoxLayout;
  step_slider_ = new QSlider(Qt::Horizontal, recon);
  step_slider_->setEnabled(false);
  step_label_ = new QLabel(tr("No reconstructions yet"), recon);
  step_row->addWidget(new QLabel(tr("Reconstructions"), recon));
  step_row->addWidget(step_slider_, 1);
  step_row->addWidget(step_label_);
  recon_layout->addLayout(step_row);
  images_ = new widgets::LabelledImageGrid(4, recon);
  images_->setMinimumHeight(140);
  recon_layout->addWidget(images_, 1);
  splitter->addWidget(recon);
  recon_panel_ = recon;

  run_message_ = new QLabel(runs_page);
  run_message_->setWordWrap(true);
  run_message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  output_ = new QPlainTextEdit(splitter);
  output_->setReadOnly(true);
  output_->setMaximumBlockCount(500);
  output_->setPlaceholderText(tr("Output of runs started here appears in this box."));
  splitter->addWidget(output_);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 5);
  splitter->setStretchFactor(2, 3);
  splitter->setStretchFactor(3, 1);
  splitter->setSizes({90, 330, 250, 60});
  runs_layout->addWidget(splitter, 1);
  runs_layout->addWidget(run_message_);
  tabs->addTab(runs_page, tr("Runs"));

  // ---- New run
  form_ = new NewRunForm(fetchSchema, tabs);
  form_page_ = form_;
  tabs->addTab(form_, tr("New run"));
  connect(tabs, &QTabWidget::currentChanged, this, [this, tabs](int index) {
    if (tabs->widget(index) == form_page_ && form_->overrides().isEmpty())
      form_->load({QStringLiteral("data=demo"), QStringLiteral("trainer=cpu_demo"), QStringLiteral("model=demo")});
  });
  connect(form_, &NewRunForm::startRequested, this, [this, tabs](const QStringList& args, const QString& dir) {
    if (startRun(args, dir)) {
      tabs->setCurrentIndex(0);
      selectRuns({QFileInfo(dir).fileName()});
    }
  });

  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Runs folder"), runs_root_);
    if (!dir.isEmpty()) setRunsRoot(dir);
  });
  connect(root_edit_, &QLineEdit::editingFinished, this, [this] { setRunsRoot(root_edit_->text()); });
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
    updateImageSteps();
    updateChart(false);
    updateButtons();
  });
  connect(metric_box_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { setMetric(static_cast<Metric>(metric_box_->currentData().toInt())); });
  connect(x_axis_box_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { setXAxis(static_cast<XAxis>(x_axis_box_->currentData().toInt())); });
  connect(smoothing_slider_, &QSlider::valueChanged, this, [this](int v) {
    const double w = 0.999 * v / (kSmoothingSteps - 1);
    if (std::abs(smoothing_box_->value() - w) > 5e-4) smoothing_box_->setValue(w);
  });
  connect(smoothing_box_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double w) {
    const QSignalBlocker block(smoothing_slider_);
    smoothing_slider_->setValue(static_cast<int>(std::lround(w / 0.999 * (kSmoothingSteps - 1))));
    updateChart(true);
  });
  connect(log_y_box_, &QCheckBox::toggled, chart_, &widgets::MetricChart::setLogY);
  connect(chart_, &widgets::MetricChart::hovered, hover_label_, &QLabel::setText);
  connect(chart_, &widgets::MetricChart::clicked, this, [this](double x) {
    // A click on the curves shows the reconstruction nearest to that point.
    WatchedRun* r = currentRun();
    if (r == nullptr || image_steps_.empty()) return;
    const auto& points = r->metrics.points();
    int64_t step = static_cast<int64_t>(std::llround(x));
    if (x_axis_ != XAxis::Step && !points.empty()) {
      size_t best = 0;
      for (size_t i = 0; i < points.size(); ++i)
        if (std::abs(xOf(*r, i) - x) < std::abs(xOf(*r, best) - x)) best = i;
      step = points[best].step;
    }
    auto it = std::lower_bound(image_steps_.begin(), image_steps_.end(), step);
    if (it == image_steps_.end()) --it;
    if (it != image_steps_.begin() && std::abs(*(it - 1) - step) < std::abs(*it - step)) --it;
    showImageStep(*it);
  });
  connect(step_slider_, &QSlider::valueChanged, this, [this](int index) {
    if (index >= 0 && index < static_cast<int>(image_steps_.size())) showImageStep(image_steps_[static_cast<size_t>(index)]);
  });
  connect(stop_button_, &QPushButton::clicked, this, [this] {
    for (const QString& name : selectedRuns()) stopRun(name);
  });
  connect(resume_button_, &QPushButton::clicked, this, [this] {
    const QStringList names = selectedRuns();
    if (!names.isEmpty()) resumeRun(names.front());
  });
}

void TrainPanel::setRunsRoot(const QString& root) {
  // A change comes back through the workspace's signal; the same folder only resets the field.
  if (!workspace_->setRunsRoot(root)) watchRunsRoot(workspace_->runsRoot());
}

void TrainPanel::watchRunsRoot(const QString& root) {
  const QString absolute = QDir(root).absolutePath();
  root_edit_->setText(absolute);
  if (absolute == runs_root_) return;
  runs_root_ = absolute;
  form_->setRunsRoot(absolute);
  // Runs with a child process of ours keep watching their folder; the others are forgotten.
  for (auto it = runs_.begin(); it != runs_.end();) {
    if (it->second->child && it->second->child->isRunning()) {
      ++it;
    } else {
      it = runs_.erase(it);
    }
  }
  rescanRoot();
  refresh();
}

void TrainPanel::rescanRoot() {
  since_rescan_.restart();
  for (const train::RunFolder& folder : train::find_run_folders(runs_root_.toStdString())) {
    const QString name = QFileInfo(QString::fromStdString(folder.dir())).fileName();
    if (runs_.count(name) == 0) runs_.emplace(name, std::make_unique<WatchedRun>(folder));
  }
}

void TrainPanel::refresh() {
  if (!since_rescan_.isValid() || since_rescan_.elapsed() > kRescanMs) rescanRoot();
  bool current_changed = false;
  WatchedRun* current = currentRun();
  for (auto& [name, r] : runs_) {
    const bool fresh = r->metrics.poll();
    r->status = train::read_run_status(r->folder);
    r->changed = r->changed || fresh;
    if (fresh && r.get() == current) current_changed = true;
  }
  const bool rows_changed = table_->rowCount() != static_cast<int>(runs_.size());
  updateTable();
  empty_runs_->setVisible(runs_.empty());
  // Empty axes and an empty image grid would only say "nothing here" less clearly than the hint.
  curves_panel_->setVisible(!runs_.empty());
  recon_panel_->setVisible(!runs_.empty());
  empty_runs_text_->setText(tr("No runs under %1 yet. <b>New run</b> trains the CPU demo (a small model on generated "
                               "binaural scenes) in about a minute, no GPU needed; runs started elsewhere appear here "
                               "when their folder is under this one.")
                                .arg(runs_root_.toHtmlEscaped()));
  if (selectedRuns().isEmpty() && !runs_.empty()) {
    // Nothing chosen yet: show the run that started last, the one people usually come to watch.
    QString newest;
    double newest_time = -HUGE_VAL;
    for (const auto& [name, r] : runs_) {
      const double t = r->metrics.first_time();
      if (newest.isEmpty() || (std::isfinite(t) && t > newest_time)) {
        newest = name;
        if (std::isfinite(t)) newest_time = t;
      }
    }
    selectRuns({newest});
    return;
  }
  bool any_selected_changed = false;
  for (const QString& name : selectedRuns())
    if (WatchedRun* r = run(name); r != nullptr && r->changed) any_selected_changed = true;
  if (any_selected_changed || rows_changed) updateChart(true);
  for (auto& [name, r] : runs_) r->changed = false;
  if (current != nullptr && (current_changed || current->metrics.image_event_steps().size() != current->image_events))
    updateImageSteps();
  updateButtons();
}

QString TrainPanel::statusText(const WatchedRun& r) const {
  if (r.child && r.child->isRunning()) return tr("running (here)");
  return QString::fromStdString(train::to_string(r.status.state));
}

void TrainPanel::updateTable() {
  const QStringList keep = selectedRuns();
  const QSignalBlocker block(table_);
  const bool was_sorting = table_->isSortingEnabled();
  table_->setSortingEnabled(false);
  table_->setRowCount(static_cast<int>(runs_.size()));
  int row = 0;
  for (const auto& [name, r] : runs_) {
    const auto& points = r->metrics.points();
    const train::MetricPoint* last = points.empty() ? nullptr : &points.back();
    auto set = [&](int column, const QString& text, const QString& tip = {}) {
      QTableWidgetItem* item = table_->item(row, column);
      if (item == nullptr) {
        item = new QTableWidgetItem;
        table_->setItem(row, column, item);
      }
      item->setText(text);
      item->setToolTip(tip);
    };
    const QString total = r->status.steps_total > 0 ? QStringLiteral(" / %1").arg(r->status.steps_total) : QString();
    set(kName, name, QString::fromStdString(r->folder.dir()));
    set(kStatus, statusText(*r), QString::fromStdString(r->status.message));
    set(kStep, last ? QString::number(last->step) + total : QStringLiteral("—"));
    set(kLoss, last ? number(last->loss) : QStringLiteral("—"));
    set(kSpeed, last ? QString::number(last->crops_per_s, 'f', 1) : QStringLiteral("—"));
    const double first = r->metrics.first_time();
    set(kStarted, std::isfinite(first) ? QDateTime::fromSecsSinceEpoch(static_cast<qint64>(first)).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                       : QStringLiteral("—"));
    ++row;
  }
  table_->setSortingEnabled(was_sorting);
  if (!keep.isEmpty() && selectedRuns() != keep) selectRuns(keep);
}

QStringList TrainPanel::runNames() const {
  QStringList names;
  for (const auto& [name, r] : runs_) names << name;
  return names;
}

void TrainPanel::selectRuns(const QStringList& names) {
  {
    const QSignalBlocker block(table_);
    table_->clearSelection();
    QItemSelection selection;
    for (int row = 0; row < table_->rowCount(); ++row) {
      if (names.contains(table_->item(row, kName)->text()))
        table_->selectionModel()->select(table_->model()->index(row, 0),
                                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    // The first name becomes the current row, whose reconstructions show.
    for (int row = 0; row < table_->rowCount() && !names.isEmpty(); ++row)
      if (table_->item(row, kName)->text() == names.front())
        table_->selectionModel()->setCurrentIndex(table_->model()->index(row, 0), QItemSelectionModel::NoUpdate);
  }
  updateImageSteps();
  updateChart(false);
  updateButtons();
}

QStringList TrainPanel::selectedRuns() const {
  QStringList names;
  const QModelIndex current = table_->selectionModel()->currentIndex();
  const auto rows = table_->selectionModel()->selectedRows();
  if (current.isValid() && table_->selectionModel()->isRowSelected(current.row(), {}))
    names << table_->item(current.row(), kName)->text();
  for (const QModelIndex& index : rows) {
    const QString name = table_->item(index.row(), kName)->text();
    if (!names.contains(name)) names << name;
  }
  return names;
}

TrainPanel::WatchedRun* TrainPanel::run(const QString& name) const {
  auto it = runs_.find(name);
  return it == runs_.end() ? nullptr : it->second.get();
}

TrainPanel::WatchedRun* TrainPanel::currentRun() const {
  const QStringList names = selectedRuns();
  return names.isEmpty() ? nullptr : run(names.front());
}

double TrainPanel::xOf(const WatchedRun& r, size_t index) const {
  const train::MetricPoint& p = r.metrics.points()[index];
  switch (x_axis_) {
    case XAxis::Step: return static_cast<double>(p.step);
    case XAxis::RelativeTime: return p.time - r.metrics.first_time();
    case XAxis::WallTime: return p.time;
  }
  return 0;
}

void TrainPanel::updateChart(bool keep_view) {
  std::vector<widgets::ChartSeries> series;
  const double weight = smoothing_box_->value();
  const QStringList names = selectedRuns();
  size_t colour = 0;
  for (const QString& name : names) {
    WatchedRun* r = run(name);
    if (r == nullptr) continue;
    const auto& points = r->metrics.points();
    auto x = std::make_shared<std::vector<double>>();
    auto y = std::make_shared<std::vector<double>>();
    x->reserve(points.size());
    y->reserve(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
      x->push_back(xOf(*r, i));
      y->push_back(valueOf(points[i], metric_));
    }
    widgets::ChartSeries s;
    s.name = name;
    s.colour = kRunColours[colour++ % std::size(kRunColours)];
    // Smoothed over every point of the run, then decimated for drawing (never the other way round).
    s.smoothed = std::make_shared<const std::vector<double>>(gramt::debiased_ema(*y, weight));
    s.x = x;
    s.raw = y;
    for (int64_t resume_step : r->metrics.resume_steps()) {
      auto it = std::lower_bound(points.begin(), points.end(), resume_step,
                                 [](const train::MetricPoint& p, int64_t step) { return p.step < step; });
      if (it != points.end()) s.markers.push_back(xOf(*r, static_cast<size_t>(it - points.begin())));
    }
    series.push_back(std::move(s));
  }
  const QString x_label = x_axis_ == XAxis::Step ? tr("step") : x_axis_ == XAxis::RelativeTime ? tr("seconds since start") : tr("unix time (s)");
  chart_->setAxisLabels(x_label, metricName(metric_));
  chart_->setHoverText([this, names](size_t k, size_t i) -> QString {
    if (k >= static_cast<size_t>(names.size())) return {};
    WatchedRun* r = run(names[static_cast<int>(k)]);
    const auto& all = chart_->series();
    if (r == nullptr || k >= all.size() || i >= r->metrics.points().size()) return {};
    const train::MetricPoint& p = r->metrics.points()[i];
    return tr("%1 · step %2 · %3 %4 · smoothed %5 · %6")
        .arg(names[static_cast<int>(k)])
        .arg(p.step)
        .arg(metricName(metric_), number((*all[k].raw)[i]), number((*all[k].smoothed)[i]),
             QDateTime::fromSecsSinceEpoch(static_cast<qint64>(p.time)).toString(QStringLiteral("HH:mm:ss")));
  });
  chart_->setSeries(std::move(series), keep_view);
  if (shown_image_step_ >= 0) showImageStep(shown_image_step_);
  eta_label_->setText(etaText());
}

QString TrainPanel::etaText() const {
  WatchedRun* r = currentRun();
  if (r == nullptr) return {};
  const auto& points = r->metrics.points();
  if (points.size() < 2) return {};
  const int64_t total = r->status.steps_total;
  const bool live = r->status.state == train::RunState::running || (r->child && r->child->isRunning());
  if (total <= 0 || !live) return {};
  // Throughput from the last (up to) 50 logged steps: responsive to a slowdown, steady enough.
  const size_t from = points.size() > 50 ? points.size() - 50 : 0;
  const double dt = points.back().time - points[from].time;
  const double ds = static_cast<double>(points.back().step - points[from].step);
  if (dt <= 0 || ds <= 0) return {};
  const double remaining = static_cast<double>(total - points.back().step) * dt / ds;
  return tr("ETA %1 (%2 steps/s)").arg(formatSeconds(remaining)).arg(ds / dt, 0, 'f', 2);
}

void TrainPanel::updateImageSteps() {
  WatchedRun* r = currentRun();
  image_steps_.clear();
  if (r != nullptr) {
    r->image_events = r->metrics.image_event_steps().size();
    for (const auto& [step, tags] : r->folder.image_steps()) image_steps_.push_back(step);
  }
  const QSignalBlocker block(step_slider_);
  step_slider_->setEnabled(!image_steps_.empty());
  step_slider_->setRange(0, std::max(0, static_cast<int>(image_steps_.size()) - 1));
  if (image_steps_.empty()) {
    shown_image_step_ = -1;
    step_label_->setText(r == nullptr ? tr("Select a run") : tr("No reconstructions logged yet"));
    images_->setImages({});
    chart_->setCursorX(std::nan(""));
    return;
  }
  // Follow the newest step unless the user is looking at an older one.
  const bool follow = shown_image_step_ < 0 || std::find(image_steps_.begin(), image_steps_.end(), shown_image_step_) == image_steps_.end() ||
                      shown_image_step_ == image_steps_.back() || step_slider_->value() == step_slider_->maximum();
  showImageStep(follow ? image_steps_.back() : shown_image_step_);
}

void TrainPanel::showImageStep(int64_t step) {
  WatchedRun* r = currentRun();
  auto it = std::find(image_steps_.begin(), image_steps_.end(), step);
  if (r == nullptr || it == image_steps_.end()) return;
  shown_image_step_ = step;
  {
    const QSignalBlocker block(step_slider_);
    step_slider_->setValue(static_cast<int>(it - image_steps_.begin()));
  }
  step_label_->setText(tr("step %1 (%2 of %3) · left ear above right").arg(step).arg(it - image_steps_.begin() + 1).arg(image_steps_.size()));
  const QString titles[] = {tr("Input"), tr("Masked"), tr("Target"), tr("Reconstruction")};
  std::vector<widgets::LabelledImage> shown;
  for (size_t k = 0; k < std::size(train::kImageTags); ++k) {
    widgets::LabelledImage image;
    image.title = titles[k];
    const QString path = QString::fromStdString(r->folder.image_path(step, train::kImageTags[k]));
    image.image = QImage(path);
    if (image.image.isNull()) image.missing = tr("no %1 image at step %2").arg(titles[k].toLower()).arg(step);
    shown.push_back(std::move(image));
  }
  images_->setImages(std::move(shown));
  // The cursor on the curves marks the step shown.
  const auto& points = r->metrics.points();
  auto p = std::lower_bound(points.begin(), points.end(), step, [](const train::MetricPoint& a, int64_t s) { return a.step < s; });
  if (p != points.end()) chart_->setCursorX(xOf(*r, static_cast<size_t>(p - points.begin())));
}

void TrainPanel::updateButtons() {
  const QStringList names = selectedRuns();
  bool can_stop = false, can_resume = false;
  for (const QString& name : names) {
    WatchedRun* r = run(name);
    if (r == nullptr) continue;
    const bool ours = r->child && r->child->isRunning();
    const bool running_here = r->status.state == train::RunState::running && r->status.host == train::this_host_name();
    can_stop = can_stop || ours || running_here;
  }
  if (WatchedRun* r = currentRun(); r != nullptr) {
    const bool busy = (r->child && r->child->isRunning()) || r->status.state == train::RunState::running;
    can_resume = !busy && !r->folder.checkpoint_steps().empty();
    run_message_->setText(r->message.isEmpty() ? QString::fromStdString(r->status.message) : r->message);
  } else {
    run_message_->clear();
  }
  stop_button_->setEnabled(can_stop);
  resume_button_->setEnabled(can_resume);
}

bool TrainPanel::startRun(const QStringList& train_arguments, const QString& run_directory) {
  const QString name = QFileInfo(run_directory).fileName();
  if (WatchedRun* existing = run(name); existing != nullptr && existing->child && existing->child->isRunning()) {
    emit statusMessage(tr("%1 is running already").arg(name));
    return false;
  }
  QDir().mkpath(QFileInfo(run_directory).absolutePath());
  auto& slot = runs_[name];
  if (!slot) slot = std::make_unique<WatchedRun>(train::RunFolder(QDir(run_directory).absolutePath().toStdString()));
  WatchedRun* r = slot.get();
  r->child = std::make_unique<CliProcess>();
  CliProcess* child = r->child.get();
  connect(child, &CliProcess::outputLine, this, [this, name](const QString& line) {
    output_->appendPlainText(name + QStringLiteral(": ") + line);
  });
  connect(child, &CliProcess::finished, this, [this, name](int code, bool crashed, const QString& summary) {
    WatchedRun* w = run(name);
    if (w == nullptr) return;
    QString message = tr("%1: %2").arg(name, summary);
    if (crashed || (code != 0 && code != 130)) {
      const QStringList tail = w->child ? w->child->lastLines(8) : QStringList();
      message += tr(". Last output:\n") + tail.join(QLatin1Char('\n'));
    }
    w->message = message;
    emit statusMessage(tr("%1: %2").arg(name, summary));
    emit runFinished(name, code, crashed);
    refresh();
  });
  const QStringList args = train_arguments + QStringList{QStringLiteral("--progress"), QStringLiteral("json")};
  if (!child->start(args)) {
    r->message = child->errorString();
    emit statusMessage(r->message);
    updateButtons();
    return false;
  }
  r->message = tr("started: %1").arg(child->commandLine());
  output_->appendPlainText(QStringLiteral("$ ") + child->commandLine());
  emit statusMessage(r->message);
  updateTable();
  updateButtons();
  return true;
}

bool TrainPanel::stopRun(const QString& name) {
  WatchedRun* r = run(name);
  if (r == nullptr) return false;
  if (r->child && r->child->isRunning()) {
    r->child->stop();
    r->message = tr("%1: stopping (saving a checkpoint)…").arg(name);
    emit statusMessage(r->message);
    return true;
  }
  // A run started by hand on this machine: the same signal, to the pid its status names.
  if (r->status.state == train::RunState::running && r->status.host == train::this_host_name() && r->status.pid > 0) {
    if (::kill(static_cast<pid_t>(r->status.pid), SIGTERM) == 0) {
      r->message = tr("%1: asked process %2 to stop (saving a checkpoint)").arg(name).arg(r->status.pid);
      emit statusMessage(r->message);
      return true;
    }
  }
  return false;
}

bool TrainPanel::resumeRun(const QString& name) {
  WatchedRun* r = run(name);
  if (r == nullptr) return false;
  if (r->folder.checkpoint_steps().empty()) {
    r->message = tr("%1 has no checkpoint to resume from").arg(name);
    emit statusMessage(r->message);
    updateButtons();
    return false;
  }
  const QString dir = QString::fromStdString(r->folder.dir());
  return startRun({QStringLiteral("train"), QStringLiteral("--resume"), dir}, dir);
}

bool TrainPanel::isChildRunning(const QString& name) const {
  WatchedRun* r = run(name);
  return r != nullptr && r->child && r->child->isRunning();
}

QString TrainPanel::runMessage(const QString& name) const {
  WatchedRun* r = run(name);
  return r == nullptr ? QString() : r->message;
}

QString TrainPanel::lastChildOutput(const QString& name) const {
  WatchedRun* r = run(name);
  return r == nullptr || !r->child ? QString() : r->child->lastLines(20).join(QLatin1Char('\n'));
}

void TrainPanel::showNewRunForm() { tabs_->setCurrentWidget(form_page_); }

void TrainPanel::setMetric(Metric metric) {
  metric_ = metric;
  const QSignalBlocker block(metric_box_);
  metric_box_->setCurrentIndex(metric_box_->findData(static_cast<int>(metric)));
  updateChart(false);
}

void TrainPanel::setXAxis(XAxis axis) {
  x_axis_ = axis;
  const QSignalBlocker block(x_axis_box_);
  x_axis_box_->setCurrentIndex(x_axis_box_->findData(static_cast<int>(axis)));
  updateChart(false);
}

void TrainPanel::setSmoothing(double weight) { smoothing_box_->setValue(weight); }

double TrainPanel::smoothing() const { return smoothing_box_->value(); }

void TrainPanel::setLogY(bool on) { log_y_box_->setChecked(on); }

}  // namespace gramt::workbench
