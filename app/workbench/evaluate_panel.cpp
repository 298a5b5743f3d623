#include "app/workbench/evaluate_panel.h"

#include "app/workbench/checkable_list.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/workbench/grid_point_text.h"
#include "app/workbench/published_weights_dialog.h"
#include "app/workbench/nat_hear_dialog.h"
#include "app/workbench/number_table_item.h"
#include "app/workbench/setting_field.h"
#include "app/workbench/weights_choice.h"
#include "app/workbench/workspace.h"
#include "core/common/error.h"
#include "core/eval/benchmark/task_detail.h"
#include "core/eval/format/task_folder_layout.h"
#include "core/eval/settings/evaluation_settings.h"
#include "core/hub/hub_reference.h"
#include "widgets/layer_heatmap_view.h"
#include "widgets/seed_score_charts.h"

namespace gramt::workbench {
namespace {

namespace bench = eval::benchmark;


QString score(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("—"); }

// Light colours from a pale red (worst in the column) through white to a pale green (best):
// dark text stays readable on every one of them.
QColor scaleColour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const QColor worst(244, 190, 190), middle(250, 250, 250), best(186, 228, 188);
  auto mix = [](const QColor& a, const QColor& b, double f) {
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                            a.blueF() + (b.blueF() - a.blueF()) * f);
  };
  return t < 0.5 ? mix(worst, middle, t * 2) : mix(middle, best, (t - 0.5) * 2);
}

bool isTaskFolder(const QDir& dir) {
  return eval::format::TaskFolderLayout::is_task_folder(dir.absolutePath().toStdString());
}

// The settings the form shows up front, in this order, with the panel's own label; `always_named`
// ones are on the command line even at their default.
struct MainSetting {
  const char* key;
  const char* label;
  bool always_named;
};
constexpr MainSetting kMainSettings[] = {
    {"strategy", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Strategy"), true},
    {"precision", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Precision"), false},
    {"grid", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Grid"), true},
    {"grid-points", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Grid points"), true},
    {"seeds", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Seeds"), true},
    {"kit", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Kit"), false},
    {"with-baselines", QT_TRANSLATE_NOOP("gramt::workbench::EvaluatePanel", "Baselines"), false},
};

bool isMainSetting(const QString& key) {
  for (const MainSetting& main : kMainSettings)
    if (key == QLatin1String(main.key)) return true;
  return false;
}

}  // namespace

EvaluatePanel::EvaluatePanel(QWidget* parent) : EvaluatePanel(nullptr, parent) {}

EvaluatePanel::EvaluatePanel(Workspace* workspace, QWidget* parent, SettingsSchemaSource settings_schema)
    : QWidget(parent), workspace_(workspace != nullptr ? workspace : new Workspace({}, this)) {
  settings_schema_ = settings_schema ? settings_schema(&schema_error_) : declaredSettingsSchema(&schema_error_);
  buildUi();
  connect(&child_, &CliProcess::progress, this, &EvaluatePanel::onProgress);
  connect(&child_, &CliProcess::outputLine, this, [this](const QString& line) { progress_label_->setText(line); });
  connect(&child_, &CliProcess::finished, this, &EvaluatePanel::onChildFinished);
  connect(workspace_, &Workspace::runsRootChanged, this, &EvaluatePanel::rescanWeights);
  connect(workspace_, &Workspace::recentWeightsChanged, this, &EvaluatePanel::rescanWeights);
  connect(workspace_, &Workspace::tasksDirChanged, this, &EvaluatePanel::showTasksDir);
  connect(workspace_, &Workspace::embeddingsDirChanged, this, &EvaluatePanel::showEmbeddingsDir);
  rescanWeights();
  showTasksDir(workspace_->tasksDir());
  showEmbeddingsDir(workspace_->embeddingsDir());
}

EvaluatePanel::~EvaluatePanel() = default;

void EvaluatePanel::buildUi() {
  auto* layout = new QHBoxLayout(this);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  layout->addWidget(splitter);

  // ---- the form
  auto* form_box = new QGroupBox(tr("Evaluate a model"), splitter);
  auto* form_layout = new QVBoxLayout(form_box);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  weights_ = new QComboBox(form_box);
  weights_->setEditable(true);
  weights_->setInsertPolicy(QComboBox::NoInsert);
  weights_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  weights_->setMinimumContentsLength(22);
  weights_->setToolTip(tr("A run's checkpoint, or any safetensors weights file"));
  auto* weights_browse = new QPushButton(tr("File…"), form_box);
  auto* weights_published = new QPushButton(tr("Get published…"), form_box);
  weights_published->setToolTip(tr("Download the published GRAM-T models from the Hugging Face hub"));
  auto* weights_row = new QHBoxLayout;
  weights_row->addWidget(weights_, 1);
  weights_row->addWidget(weights_browse);
  weights_row->addWidget(weights_published);
  connect(weights_published, &QPushButton::clicked, this, [this] {
    const QString pulled = getPublishedWeights(this);
    workspace_->noteWeightsChoicesChanged();
    if (!pulled.isEmpty()) setWeights(pulled);
  });
  form->addRow(tr("Weights"), weights_row);

  tasks_dir_ = new QLineEdit(form_box);
  auto* tasks_browse = new QPushButton(tr("Folder…"), form_box);
  auto* tasks_row = new QHBoxLayout;
  tasks_row->addWidget(tasks_dir_, 1);
  tasks_row->addWidget(tasks_browse);
  form->addRow(tr("Tasks folder"), tasks_row);
  make_tasks_ = new QPushButton(tr("Make the mini benchmark here"), form_box);
  make_tasks_->setToolTip(tr("gramt-cli make-tasks: keyword, pitch, instrument, event and localization tasks "
                             "from sounds Debian packages provide"));
  // The size box is the declared `size` setting (its choices and default); the Make button runs
  // make-tasks with it, so evaluate itself never needs --size.
  make_size_ = addSettingField(QStringLiteral("size"), form_box);
  if (make_size_ != nullptr)
    make_size_->widget()->setToolTip(tr("small: the benchmark (a couple of minutes to evaluate); medium: larger valid and test "
                                        "splits, for comparisons that hold across seeds; tiny: a quick check"));
  auto* make_row = new QHBoxLayout;
  make_row->addWidget(make_tasks_, 1);
  if (make_size_ != nullptr) make_row->addWidget(make_size_->widget());
  form->addRow(QString(), make_row);
  make_nat_hear_ = new QPushButton(tr("Make Nat-HEAR from a HEAR tasks folder…"), form_box);
  make_nat_hear_->setToolTip(tr("gramt-cli make-nat-hear: each clip of HEAR tasks heard in a room through two ears, with "
                                "spatialised noise, as <task>-nat task folders"));
  form->addRow(QString(), make_nat_hear_);
  tasks_ = new QListWidget(form_box);
  tasks_->setMaximumHeight(150);
  tasks_->setMinimumHeight(6 * tasks_->fontMetrics().height());  // with Advanced open the settings scroll instead
  form->addRow(tr("Tasks"), tasks_);

  embeddings_dir_ = new QLineEdit(form_box);
  auto* emb_browse = new QPushButton(tr("Folder…"), form_box);
  auto* emb_row = new QHBoxLayout;
  emb_row->addWidget(embeddings_dir_, 1);
  emb_row->addWidget(emb_browse);
  form->addRow(tr("Embeddings folder"), emb_row);

  // The protocol's settings up front, every other declared evaluate setting under Advanced: each
  // field's choices, range, default and tooltip come from the settings schema.
  for (const MainSetting& main : kMainSettings) {
    if (SettingField* field = addSettingField(QString::fromLatin1(main.key), form_box))
      form->addRow(tr(main.label), field->widget());
  }
  if (SettingField* seeds = setting(QStringLiteral("seeds")); seeds != nullptr && seeds->text().isEmpty()) {
    // No --seeds means one run with --seed: the field starts at that seed.
    if (const QJsonObject seed = settingSpec(QStringLiteral("seed")); !seed.isEmpty())
      seeds->setText(QString::number(seed.value(QStringLiteral("default")).toInteger()));
  }
  if (SettingField* baselines = setting(QStringLiteral("with-baselines"))) {
    // On here, unlike the command's default: the matrix is read against the reference rows.
    auto* box = static_cast<QCheckBox*>(baselines->widget());
    box->setText(tr("log-mel and initial weights beside the model"));
    box->setChecked(true);
  }
  // The settings scroll when Advanced is open on a short screen; the command, the buttons and the
  // progress below them stay in view.
  auto* settings_page = new QWidget(form_box);
  auto* settings_layout = new QVBoxLayout(settings_page);
  settings_layout->setContentsMargins(0, 0, 0, 0);
  settings_layout->addLayout(form);

  auto* advanced_toggle = new QToolButton(form_box);
  advanced_toggle->setText(tr("Advanced"));
  advanced_toggle->setCheckable(true);
  advanced_toggle->setArrowType(Qt::RightArrow);
  advanced_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  advanced_toggle->setAutoRaise(true);
  advanced_toggle->setToolTip(tr("Every other setting of gramt-cli evaluate; only values changed from their defaults "
                                 "reach the command line"));
  auto* advanced = new QWidget(form_box);
  auto* advanced_form = new QFormLayout(advanced);
  advanced_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  advanced_form->setContentsMargins(12, 0, 0, 0);
  for (const QJsonValue& row : settings_schema_.value(QStringLiteral("settings")).toArray()) {
    const QString key = row.toObject().value(QStringLiteral("key")).toString();
    if (setting(key) != nullptr || isKeptOffTheForm(key)) continue;
    if (SettingField* field = addSettingField(key, advanced)) advanced_form->addRow(field->label(), field->widget());
  }
  advanced->setVisible(false);
  connect(advanced_toggle, &QToolButton::toggled, this, [advanced, advanced_toggle](bool open) {
    advanced->setVisible(open);
    advanced_toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
  });
  settings_layout->addWidget(advanced_toggle);
  settings_layout->addWidget(advanced);
  settings_layout->addStretch(1);
  auto* settings_scroll = new QScrollArea(form_box);
  settings_scroll->setWidget(settings_page);
  settings_scroll->setWidgetResizable(true);
  settings_scroll->setFrameShape(QFrame::NoFrame);
  // As wide as the fields need (a scroll area alone would let the splitter squeeze them).
  settings_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  settings_scroll->setMinimumWidth(settings_page->minimumSizeHint().width() +
                                   settings_scroll->verticalScrollBar()->sizeHint().width());
  form_layout->addWidget(settings_scroll, 1);

  command_ = new QLineEdit(form_box);
  command_->setReadOnly(true);
  auto* copy = new QPushButton(tr("Copy"), form_box);
  auto* command_row = new QHBoxLayout;
  command_row->addWidget(command_, 1);
  command_row->addWidget(copy);
  form_layout->addWidget(new QLabel(tr("Command"), form_box));
  form_layout->addLayout(command_row);
  form_status_ = new QLabel(form_box);
  form_status_->setWordWrap(true);
  form_status_->setStyleSheet(QStringLiteral("color: #b00020;"));
  form_layout->addWidget(form_status_);
  auto* buttons = new QHBoxLayout;
  run_ = new QPushButton(tr("Evaluate"), form_box);
  run_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), form_box);
  cancel_->setToolTip(tr("Stop; finished tasks are kept and the next run resumes"));
  buttons->addStretch(1);
  buttons->addWidget(cancel_);
  buttons->addWidget(run_);
  form_layout->addLayout(buttons);
  progress_ = new QProgressBar(form_box);
  progress_->setRange(0, 100);
  progress_->setValue(0);
  progress_label_ = new QLabel(form_box);
  progress_label_->setWordWrap(true);
  progress_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  progress_label_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  // Room for a wrapped command line: the buttons above stay put while the text changes length.
  progress_label_->setMinimumHeight(3 * progress_label_->fontMetrics().lineSpacing());
  form_layout->addWidget(progress_);
  form_layout->addWidget(progress_label_);
  splitter->addWidget(form_box);

  // ---- results
  auto* results = new QWidget(splitter);
  auto* results_layout = new QVBoxLayout(results);
  results_layout->setContentsMargins(0, 0, 0, 0);
  auto* results_bar = new QHBoxLayout;
  auto* reload = new QPushButton(tr("Reload"), results);
  auto* export_csv = new QPushButton(tr("CSV…"), results);
  auto* export_md = new QPushButton(tr("Markdown…"), results);
  auto* export_tex = new QPushButton(tr("LaTeX…"), results);
  auto* results_title = new QLabel(tr("<b>Results</b>"), results);
  results_title->setToolTip(tr("Every results.json under the embeddings folder"));
  results_bar->addWidget(results_title, 1);
  results_bar->addWidget(reload);
  results_bar->addWidget(new QLabel(tr("Export"), results));
  results_bar->addWidget(export_csv);
  results_bar->addWidget(export_md);
  results_bar->addWidget(export_tex);
  results_layout->addLayout(results_bar);
  auto* results_split = new QSplitter(Qt::Vertical, results);
  results_split_ = results_split;
  table_ = new QTableWidget(results_split);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setSortingEnabled(true);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  results_split->addWidget(table_);
  matrix_status_ = new QLabel(results);
  matrix_status_->setWordWrap(true);
  auto* below = new QTabWidget(results_split);
  detail_ = new QTextBrowser(below);
  detail_->setPlaceholderText(tr("Click a score to see its grid points, per-fold test scores and protocol."));
  below->addTab(detail_, tr("Detail"));
  auto* charts_page = new QWidget(below);
  auto* charts_layout = new QVBoxLayout(charts_page);
  charts_layout->setContentsMargins(0, 0, 0, 0);
  charts_ = new widgets::SeedScoreCharts(charts_page);
  charts_layout->addWidget(charts_, 1);
  auto* charts_bar = new QHBoxLayout;
  auto* save_box = new QPushButton(tr("Save box plot…"), charts_page);
  auto* save_bars = new QPushButton(tr("Save s(m) bars…"), charts_page);
  charts_bar->addStretch(1);
  charts_bar->addWidget(save_box);
  charts_bar->addWidget(save_bars);
  charts_layout->addLayout(charts_bar);
  below->addTab(charts_page, tr("Charts"));
  auto* layers_page = new QWidget(below);
  auto* layers_layout = new QVBoxLayout(layers_page);
  layers_layout->setContentsMargins(0, 0, 0, 0);
  auto* layers_bar = new QHBoxLayout;
  sweep_box_ = new QComboBox(layers_page);
  layers_bar->addWidget(new QLabel(tr("Layer sweep of"), layers_page));
  layers_bar->addWidget(sweep_box_, 1);
  layers_layout->addLayout(layers_bar);
  heatmap_ = new widgets::LayerHeatmapView(layers_page);
  layers_layout->addWidget(heatmap_, 1);
  below->addTab(layers_page, tr("Layers"));
  results_split->addWidget(below);
  const auto save_chart = [this](int chart, const QString& name) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), QDir(exportFolder()).filePath(name + QStringLiteral(".png")),
                                                      tr("PNG (*.png);;PDF, vector (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    emit statusMessage(charts_->savePicture(chart, path, &error) ? tr("Saved %1").arg(path) : error);
  };
  connect(save_box, &QPushButton::clicked, this, [=] { save_chart(0, QStringLiteral("seed-scores")); });
  connect(save_bars, &QPushButton::clicked, this, [=] { save_chart(1, QStringLiteral("normalised-scores")); });
  connect(sweep_box_, &QComboBox::currentIndexChanged, this, &EvaluatePanel::showLayerSweep);
  results_split->setStretchFactor(0, 3);
  results_split->setStretchFactor(1, 2);
  results_layout->addWidget(results_split, 1);
  results_layout->addWidget(matrix_status_);
  splitter->addWidget(results);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  splitter->setSizes({440, 760});

  connect(weights_browse, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Weights"), QFileInfo(weights()).absolutePath(),
                                                      tr("Weights (*.safetensors);;All files (*)"));
    if (file.isEmpty()) return;
    setWeights(file);
    workspace_->addRecentWeights(file);
  });
  connect(tasks_browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Tasks folder"), tasks_dir_->text());
    if (!dir.isEmpty()) setTasksDir(dir);
  });
  connect(emb_browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Embeddings folder"), embeddings_dir_->text());
    if (!dir.isEmpty()) setEmbeddingsDir(dir);
  });
  // What the user types becomes the workspace's folder, so the other panels follow.
  connect(tasks_dir_, &QLineEdit::editingFinished, this, [this] { setTasksDir(tasks_dir_->text()); });
  connect(embeddings_dir_, &QLineEdit::editingFinished, this, [this] { setEmbeddingsDir(embeddings_dir_->text()); });
  connect(weights_, &QComboBox::currentTextChanged, this, &EvaluatePanel::refreshForm);
  for (const auto& [key, field] : settings_) connect(field, &SettingField::changed, this, &EvaluatePanel::refreshForm);
  connect(tasks_, &QListWidget::itemChanged, this, &EvaluatePanel::refreshForm);
  connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(command_->text()); });
  connect(run_, &QPushButton::clicked, this, &EvaluatePanel::startEvaluation);
  connect(cancel_, &QPushButton::clicked, this, &EvaluatePanel::cancel);
  connect(make_tasks_, &QPushButton::clicked, this, &EvaluatePanel::makeMiniBenchmark);
  connect(make_nat_hear_, &QPushButton::clicked, this, &EvaluatePanel::openNatHearDialog);
  connect(reload, &QPushButton::clicked, this, &EvaluatePanel::reloadResults);
  auto export_as = [this](ExportFormat format, const QString& filter, const QString& suffix) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the results matrix"),
                                                      QDir(exportFolder()).filePath(QStringLiteral("results.") + suffix), filter);
    if (path.isEmpty()) return;
    QString error;
    emit statusMessage(exportMatrix(path, format, &error) ? tr("Saved %1").arg(path) : error);
  };
  connect(export_csv, &QPushButton::clicked, this, [=] { export_as(ExportFormat::Csv, tr("CSV (*.csv)"), QStringLiteral("csv")); });
  connect(export_md, &QPushButton::clicked, this, [=] { export_as(ExportFormat::Markdown, tr("Markdown (*.md)"), QStringLiteral("md")); });
  connect(export_tex, &QPushButton::clicked, this, [=] { export_as(ExportFormat::Latex, tr("LaTeX (*.tex)"), QStringLiteral("tex")); });
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int column) {
    const QTableWidgetItem* item = table_->item(row, column);
    if (item == nullptr) return;
    const QVariant model_row = item->data(Qt::UserRole + 1), task_column = item->data(Qt::UserRole + 2);
    if (!model_row.isValid() || !task_column.isValid()) return;
    showCellDetail(model_row.toInt(), task_column.toInt());
    // A localization task's clips open in the Localization panel.
    if (QDir(shown_task_dir_).entryList({QStringLiteral("*.localization-predictions.json")}, QDir::Files).size() > 0)
      emit localizationTaskChosen(shown_task_dir_);
  });
}

QString EvaluatePanel::exportFolder() const {
  return embeddings_dir_->text().isEmpty() ? QDir::currentPath() : embeddings_dir_->text();
}

void EvaluatePanel::setRunsRoot(const QString& root) {
  if (!workspace_->setRunsRoot(root)) rescanWeights();  // a change comes back through the workspace's signal
}

void EvaluatePanel::rescanWeights() {
  fillWeightsChoices(weights_, workspace_->runsRoot(), workspace_->recentWeights());
  refreshForm();
}

void EvaluatePanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  rescanWeights();
  if (fitted_rows_ < 0) fitMatrixHeight();  // the first time the pane has a height
}

// The matrix gets the height of its rows (a quarter to half of the pane) and the detail the rest,
// so a few models leave no empty table above a squeezed detail. Only a new row count refits: a
// splitter the user moved stays where it is on Reload.
void EvaluatePanel::fitMatrixHeight() {
  const int total = results_split_->height();
  if (!isVisible() || total <= 0) return;
  int wanted = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth() +
               table_->horizontalScrollBar()->sizeHint().height();
  for (int row = 0; row < table_->rowCount(); ++row) wanted += table_->rowHeight(row);
  wanted = std::clamp(wanted, total / 4, total / 2);
  results_split_->setSizes({wanted, total - wanted});
  fitted_rows_ = table_->rowCount();
}

QStringList EvaluatePanel::weightChoices() const {
  QStringList out;
  for (int i = 0; i < weights_->count(); ++i) out << weights_->itemData(i).toString();
  return out;
}

void EvaluatePanel::setWeights(const QString& path) {
  chooseWeights(weights_, path);
  refreshForm();
}

QString EvaluatePanel::weights() const { return chosenWeights(weights_); }

void EvaluatePanel::setTasksDir(const QString& dir) {
  if (!workspace_->setTasksDir(dir)) showTasksDir(workspace_->tasksDir());  // the same folder: read it again
}

void EvaluatePanel::showTasksDir(const QString& dir) {
  tasks_dir_->setText(dir);
  const QStringList keep = selectedTasks();
  const bool everything = keep.size() == tasks_->count();
  const QSignalBlocker block(tasks_);
  tasks_->clear();
  QDir root(dir);
  for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (!isTaskFolder(QDir(root.filePath(name)))) continue;
    auto* item = new QListWidgetItem(name, tasks_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(everything || keep.contains(name) ? Qt::Checked : Qt::Unchecked);
  }
  refreshForm();
}

QStringList EvaluatePanel::availableTasks() const { return listedNames(tasks_); }

void EvaluatePanel::setSelectedTasks(const QStringList& tasks) {
  checkNames(tasks_, tasks);
  refreshForm();
}

QStringList EvaluatePanel::selectedTasks() const { return checkedNames(tasks_); }

void EvaluatePanel::setEmbeddingsDir(const QString& dir) {
  if (!workspace_->setEmbeddingsDir(dir)) showEmbeddingsDir(workspace_->embeddingsDir());
}

void EvaluatePanel::showEmbeddingsDir(const QString& dir) {
  embeddings_dir_->setText(dir);
  reloadResults();
  refreshForm();
}

QString EvaluatePanel::embeddingsDir() const { return workspace_->embeddingsDir(); }

void EvaluatePanel::setGrid(const QString& grid, int grid_points) {
  setSetting(QStringLiteral("grid"), grid);
  setSetting(QStringLiteral("grid-points"), QString::number(grid_points));
}

void EvaluatePanel::setSeeds(const QString& seeds) { setSetting(QStringLiteral("seeds"), seeds); }

void EvaluatePanel::setWithBaselines(bool on) {
  setSetting(QStringLiteral("with-baselines"), on ? QStringLiteral("true") : QStringLiteral("false"));
}

bool EvaluatePanel::setSetting(const QString& key, const QString& text) {
  SettingField* field = setting(key);
  return field != nullptr && field->setText(text);
}

QString EvaluatePanel::settingText(const QString& key) const {
  const SettingField* field = setting(key);
  return field != nullptr ? field->text() : QString();
}

SettingField* EvaluatePanel::setting(const QString& key) const {
  const auto it = settings_.find(key);
  return it == settings_.end() ? nullptr : it->second;
}

QJsonObject EvaluatePanel::settingSpec(const QString& key) const {
  for (const QJsonValue& row : settings_schema_.value(QStringLiteral("settings")).toArray())
    if (row.toObject().value(QStringLiteral("key")).toString() == key) return row.toObject();
  return {};
}

SettingField* EvaluatePanel::addSettingField(const QString& key, QWidget* parent) {
  const QJsonObject spec = settingSpec(key);
  if (spec.isEmpty()) return nullptr;  // a schema without it: the panel goes without
  auto* field = new SettingField(spec, parent);
  settings_[key] = field;
  return field;
}

bool EvaluatePanel::isKeptOffTheForm(const QString& key) {
  // seed: the Seeds field gives --seeds, which the command refuses beside --seed. size and
  // task-seed make tasks, which the Make button does (the form wants the tasks made first).
  return key == QLatin1String("seed") || key == QLatin1String("size") || key == QLatin1String("task-seed");
}

QJsonObject EvaluatePanel::declaredSettingsSchema(QString* /*error*/) {
  const std::string text = eval::settings::evaluation_settings_schema(eval::settings::kEvaluate).dump();
  return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

QStringList EvaluatePanel::evaluateArguments() const {
  QStringList args{QStringLiteral("evaluate"), QStringLiteral("--weights"), weights(),
                   QStringLiteral("--tasks-dir"), tasksDir(),
                   QStringLiteral("--embeddings-dir"), embeddingsDir()};
  // The protocol is always spelled out (a line copied to a cluster says what it did); the rest only
  // where it differs from the declared default.
  for (const MainSetting& main : kMainSettings)
    if (const SettingField* field = setting(QString::fromLatin1(main.key))) args << field->arguments(main.always_named);
  for (const auto& [key, field] : settings_)
    if (!isMainSetting(key) && field != make_size_) args << field->arguments();
  if (const int at = static_cast<int>(args.indexOf(QStringLiteral("--seeds"))); at >= 0 && at + 1 < args.size())
    args[at + 1].remove(QLatin1Char(' '));
  const QStringList chosen = selectedTasks();
  if (chosen.size() != tasks_->count())
    for (const QString& task : chosen) args << QStringLiteral("--task") << task;
  return args;
}

QString EvaluatePanel::commandLine() const { return CliProcess::commandLine(QStringLiteral("gramt-cli"), evaluateArguments()); }

QString EvaluatePanel::formError() const {
  if (!schema_error_.isEmpty()) return tr("Settings: %1").arg(schema_error_);
  const QString w = weights();
  if (w.isEmpty()) return tr("Weights: choose a checkpoint or a weights file.");
  if (!w.startsWith(QLatin1String(hub::kHubScheme)) && !QFileInfo(w).isFile()) return tr("Weights: %1 is not a file.").arg(w);
  if (tasksDir().isEmpty()) return tr("Tasks folder: empty.");
  if (tasks_->count() == 0)
    return tr("Tasks folder: %1 holds no task folders (task_metadata.json); make the mini benchmark there first.")
        .arg(tasksDir());
  if (selectedTasks().isEmpty()) return tr("Tasks: tick at least one.");
  if (embeddingsDir().isEmpty()) return tr("Embeddings folder: empty.");
  const QString seeds = settingText(QStringLiteral("seeds"));
  for (const QString& seed : seeds.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    seed.trimmed().toULongLong(&ok);
    if (!ok) return tr("Seeds: '%1' is not a whole number (write e.g. 1,2,3).").arg(seed.trimmed());
  }
  if (setting(QStringLiteral("seeds")) != nullptr && seeds.trimmed().isEmpty()) return tr("Seeds: give at least one.");
  return {};
}

void EvaluatePanel::refreshForm() {
  command_->setText(commandLine());
  const QString problem = formError();
  form_status_->setText(problem);
  run_->setEnabled(problem.isEmpty() && !child_.isRunning());
  make_tasks_->setEnabled(!child_.isRunning());
  make_nat_hear_->setEnabled(!child_.isRunning());
  cancel_->setEnabled(child_.isRunning());
}

bool EvaluatePanel::startEvaluation() {
  const QString problem = formError();
  if (!problem.isEmpty() || child_.isRunning()) {
    emit statusMessage(problem.isEmpty() ? tr("An evaluation is running already") : problem);
    return false;
  }
  workspace_->addRecentWeights(weights());
  progress_->setValue(0);
  progress_percent_ = 0;
  child_work_ = ChildWork::Evaluation;
  child_error_.clear();
  if (!child_.start(evaluateArguments() + QStringList{QStringLiteral("--progress"), QStringLiteral("json")})) {
    progress_text_ = child_.errorString();
    progress_label_->setText(progress_text_);
    return false;
  }
  progress_text_ = tr("started: %1").arg(child_.commandLine());
  progress_label_->setText(progress_text_);
  refreshForm();
  return true;
}

bool EvaluatePanel::makeMiniBenchmark() {
  const QString dir = tasksDir();
  if (dir.isEmpty() || child_.isRunning()) return false;
  progress_->setRange(0, 0);  // make-tasks reports no fractions: a busy bar
  child_work_ = ChildWork::MiniBenchmark;
  child_error_.clear();
  QStringList make{QStringLiteral("make-tasks"), QStringLiteral("--out"), dir};
  if (make_size_ != nullptr) make << QStringLiteral("--size") << make_size_->text();
  if (!child_.start(make)) {
    progress_->setRange(0, 100);
    progress_label_->setText(child_.errorString());
    return false;
  }
  progress_label_->setText(tr("Making the mini benchmark in %1 …").arg(dir));
  connect(&child_, &CliProcess::finished, progress_, [this] { progress_->setRange(0, 100); }, Qt::SingleShotConnection);
  refreshForm();
  return true;
}

void EvaluatePanel::setMiniBenchmarkSize(const QString& size) {
  if (make_size_ != nullptr) make_size_->setText(size);
}

NatHearDialog* EvaluatePanel::openNatHearDialog() {
  auto* dialog = new NatHearDialog(tasksDir(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    makeNatHear(dialog->arguments(), dialog->outputDir(), dialog->selectedTasks());
  });
  dialog->open();  // window-modal, not a nested event loop: the panel keeps painting
  return dialog;
}

bool EvaluatePanel::makeNatHear(const QStringList& make_nat_hear_arguments, const QString& output_dir,
                                const QStringList& input_tasks) {
  if (child_.isRunning()) {
    emit statusMessage(tr("Another job is running; wait for it or cancel it first"));
    return false;
  }
  child_work_ = ChildWork::NatHear;
  child_error_.clear();
  nat_hear_out_ = output_dir;
  nat_hear_tasks_ = input_tasks;
  nat_hear_made_.clear();
  progress_->setRange(0, 100);
  progress_->setValue(0);
  progress_percent_ = 0;
  if (!child_.start(make_nat_hear_arguments + QStringList{QStringLiteral("--progress"), QStringLiteral("json")})) {
    progress_text_ = child_.errorString();
    progress_label_->setText(progress_text_);
    return false;
  }
  progress_text_ = tr("started: %1").arg(child_.commandLine());
  progress_label_->setText(progress_text_);
  emit statusMessage(tr("Running %1").arg(child_.commandLine()));  // the line to copy for a cluster
  refreshForm();
  return true;
}

void EvaluatePanel::onChildFinished(int code, bool crashed, const QString& summary) {
  const ChildWork work = child_work_;
  const QString title = work == ChildWork::NatHear         ? tr("Make Nat-HEAR")
                        : work == ChildWork::MiniBenchmark ? tr("Make the mini benchmark")
                                                           : tr("Evaluation");
  QString text = tr("%1: %2").arg(title, summary);
  const bool failed = crashed || (code != 0 && code != 130);
  if (failed) {
    QStringList lines = child_.lastLines(6);
    if (!child_error_.isEmpty()) {
      lines.removeIf([this](const QString& line) { return line.contains(child_error_); });  // said once is enough
      lines.prepend(child_error_);
    }
    text += QStringLiteral("\n") + lines.join(QLatin1Char('\n'));
  } else if (work == ChildWork::NatHear && code == 0) {
    text += QStringLiteral(" · ") + nat_hear_made_ + tr(" → %1").arg(nat_hear_out_);
  } else if (code == 130 && work == ChildWork::NatHear) {
    text += tr("\nFinished clips are kept: the same command resumes.");
  }
  progress_text_ = text.trimmed();
  progress_label_->setText(progress_text_);
  emit statusMessage(tr("%1: %2").arg(title, summary));
  emit evaluationFinished(code, crashed);
  if (work == ChildWork::NatHear && code == 0 && !crashed) {
    showNatHearOutput();
  } else {
    showTasksDir(workspace_->tasksDir());  // make-tasks may have filled it
  }
  reloadResults();
  refreshForm();
}

// The new task folders in the task list, ticked: what the researcher evaluates next.
void EvaluatePanel::showNatHearOutput() {
  if (QDir(nat_hear_out_).absolutePath() != QDir(workspace_->tasksDir()).absolutePath())
    setTasksDir(nat_hear_out_);
  else
    showTasksDir(workspace_->tasksDir());
  QStringList made;
  for (const QString& task : availableTasks())
    for (const QString& input : nat_hear_tasks_)
      if (task == input + QStringLiteral("-nat") || task == input + QStringLiteral("-nat-loc")) made << task;
  if (!made.isEmpty()) setSelectedTasks(made);
}

void EvaluatePanel::cancel() {
  child_.stop();
  progress_label_->setText(child_work_ == ChildWork::NatHear ? tr("Stopping… finished clips are kept; the same command resumes.")
                                                             : tr("Stopping… finished tasks are kept."));
}

bool EvaluatePanel::isRunning() const { return child_.isRunning(); }

QString EvaluatePanel::progressText() const { return progress_text_; }

int EvaluatePanel::progressPercent() const { return progress_percent_; }

void EvaluatePanel::onProgress(const QJsonObject& record) {
  const QString stage = record.value(QStringLiteral("stage")).toString();
  const QString task = record.value(QStringLiteral("task")).toString();
  const double done = record.value(QStringLiteral("done")).toDouble(), total = record.value(QStringLiteral("total")).toDouble();
  const QJsonValue eta = record.value(QStringLiteral("eta"));
  if (stage == QLatin1String("error")) {
    child_error_ = record.value(QStringLiteral("message")).toString();
    progress_text_ = tr("error · %1").arg(child_error_);
    progress_label_->setText(progress_text_);
    return;
  }
  if (total > 0) progress_percent_ = static_cast<int>(std::lround(100.0 * done / total));
  if (stage == QLatin1String("done")) progress_percent_ = 100;
  progress_->setValue(progress_percent_);
  QString text = stage;
  if (!task.isEmpty()) text += QStringLiteral(" · ") + task;
  const QString what = record.value(QStringLiteral("what")).toString();
  if (!what.isEmpty()) text += QStringLiteral(" · ") + what;
  if (child_work_ == ChildWork::NatHear) {
    // Its done/total are thousandths of the whole run; `what` already counts the clips.
    if (total > 0) text += tr(" · %1%").arg(progress_percent_);
    if (stage == QLatin1String("done")) {
      nat_hear_made_ = tr("%1 clips rendered, %2 reused, %3 left out")
                           .arg(record.value(QStringLiteral("rendered")).toInteger())
                           .arg(record.value(QStringLiteral("reused")).toInteger())
                           .arg(record.value(QStringLiteral("skipped")).toInteger());
      text += QStringLiteral(" · ") + nat_hear_made_;
    }
  } else if (total > 0) {
    text += tr(" · %1/%2").arg(done).arg(total);
  }
  if (eta.isDouble()) text += tr(" · ETA %1 s").arg(std::lround(eta.toDouble()));
  progress_text_ = text;
  progress_label_->setText(text);
}

void EvaluatePanel::reloadResults() {
  files_.clear();
  read_problems_.clear();
  for (const std::string& path : bench::find_results_files(embeddingsDir().toStdString())) {
    try {
      files_.push_back(bench::read_results_file(path));
    } catch (const Error& e) {
      read_problems_ << QString::fromStdString(e.what());  // shown under the matrix; the rest still loads
    }
  }
  matrix_ = bench::build_results_matrix(files_);
  fillTable();
  fillCharts();
}

void EvaluatePanel::fillCharts() {
  QStringList tasks, models;
  for (const std::string& t : matrix_.tasks) tasks << QString::fromStdString(t);
  for (const std::string& m : matrix_.models) models << QString::fromStdString(m);
  std::vector<std::vector<double>> normalised(matrix_.models.size());
  for (size_t m = 0; m < matrix_.models.size(); ++m)
    for (size_t t = 0; t < matrix_.tasks.size(); ++t) normalised[m].push_back(matrix_.cells[m][t].normalised);
  charts_->setNormalisedScores(tasks, models, normalised);
  if (!matrix_.tasks.empty()) showTaskChart(matrix_.tasks.front());
  layer_tables_ = bench::layer_tables(files_);
  const QSignalBlocker block(sweep_box_);
  sweep_box_->clear();
  for (const QString& name : layerSweeps()) sweep_box_->addItem(name);
  showLayerSweep(layer_tables_.empty() ? -1 : 0);
}

void EvaluatePanel::showTaskChart(const std::string& task) {
  std::vector<widgets::ModelSeedScores> models;
  double naive = NAN;
  bool lower = false;
  QString score_name;
  for (size_t m = 0; m < matrix_.models.size() && m < matrix_.source_paths.size(); ++m) {
    for (const bench::ResultsFile& f : files_) {
      if (f.path != matrix_.source_paths[m]) continue;
      for (const bench::TaskScore& s : f.tasks) {
        if (s.task != task) continue;
        models.push_back({QString::fromStdString(matrix_.models[m]), s.values});
        if (std::isfinite(s.naive)) naive = s.naive;
        lower = s.lower_is_better;
        score_name = QString::fromStdString(s.primary_score);
      }
    }
  }
  charts_->setTaskScores(QString::fromStdString(task), score_name, models, naive, lower);
}

QStringList EvaluatePanel::layerSweeps() const {
  QStringList out;
  for (const bench::LayerTable& t : layer_tables_)
    out << QString::fromStdString(t.model) +
               (t.probe == bench::kMlpProbe ? QString() : QStringLiteral(" [%1]").arg(QString::fromStdString(t.probe)));
  return out;
}

void EvaluatePanel::showLayerSweep(int index) {
  if (index < 0 || static_cast<size_t>(index) >= layer_tables_.size()) {
    heatmap_->setTable(tr("No layer sweep under this embeddings folder (gramt-cli evaluate --layers 0,4,8,11 or all)"), {}, {},
                       {}, {}, {});
    return;
  }
  const bench::LayerTable& t = layer_tables_[static_cast<size_t>(index)];
  QStringList tasks;
  for (const std::string& task : t.tasks) tasks << QString::fromStdString(task);
  std::vector<long long> layers(t.layers.begin(), t.layers.end());
  heatmap_->setTable(tr("%1: primary test score per task and encoder layer").arg(layerSweeps()[index]), tasks, layers, t.scores,
                     t.best_layer, t.lower_is_better);
}

QString EvaluatePanel::matrixMessage() const {
  QStringList lines;
  if (matrix_.models.empty()) {
    // A first launch: say what to do first, in the order the form needs it.
    lines << tr("No results yet under %1. To make the first row:").arg(embeddingsDir());
    QStringList steps;
    if (weights().isEmpty())
      steps << tr("Weights: pick a run's checkpoint (Train → New run makes one in about a minute), a file, or "
                  "\"Get published…\" for the GRAM-T models.");
    if (tasks_->count() == 0) steps << tr("Tasks: \"Make the mini benchmark here\" (a few minutes), or choose a HEAR tasks folder.");
    steps << tr("Evaluate: the scores of every model evaluated into this folder appear here side by side.");
    for (int i = 0; i < steps.size(); ++i) lines << QStringLiteral("%1. %2").arg(i + 1).arg(steps[i]);
  }
  for (size_t m = 0; m < matrix_.models.size(); ++m)
    if (!matrix_.complete[m])
      lines << tr("%1: s(m) is incomplete (a task is missing or failed) and marked †.")
                   .arg(QString::fromStdString(matrix_.models[m]));
  lines << read_problems_;
  return lines.join(QLatin1Char('\n'));
}

void EvaluatePanel::fillTable() {
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(false);
  table_->clear();
  const int tasks = static_cast<int>(matrix_.tasks.size());
  table_->setColumnCount(tasks + 2);
  table_->setRowCount(static_cast<int>(matrix_.models.size()));
  // Columns: model, s(m) (visible without scrolling), then the tasks. Task names break onto two
  // header lines at their version suffix, so nine tasks fit a laptop screen.
  QStringList headers{tr("Model"), tr("s(m)")};
  for (const auto& t : matrix_.tasks) {
    QString name = QString::fromStdString(t);
    const int dash = name.indexOf(QLatin1Char('-'));
    if (dash > 0) name.replace(dash, 1, QLatin1Char('\n'));
    headers << name;
  }
  table_->setHorizontalHeaderLabels(headers);
  table_->horizontalHeaderItem(1)->setToolTip(tr("mean normalised score over the tasks (higher is better); † incomplete"));
  for (int t = 0; t < tasks; ++t) {
    const bool lower = static_cast<size_t>(t) < matrix_.lower_is_better.size() && matrix_.lower_is_better[static_cast<size_t>(t)];
    table_->horizontalHeaderItem(t + 2)->setToolTip(QString::fromStdString(matrix_.tasks[static_cast<size_t>(t)]) +
                                                    (lower ? tr(": lower is better") : tr(": higher is better")));
  }
  for (size_t m = 0; m < matrix_.models.size(); ++m) {
    const int row = static_cast<int>(m);
    auto* name = new QTableWidgetItem(QString::fromStdString(matrix_.models[m]));
    name->setToolTip(QString::fromStdString(matrix_.source_paths[m]));
    table_->setItem(row, 0, name);
    for (int t = 0; t < tasks; ++t) {
      const bench::MatrixCell& cell = matrix_.cells[m][static_cast<size_t>(t)];
      QString text = QStringLiteral("missing");
      if (cell.present && cell.status != "ok") {
        text = tr("failed");
      } else if (cell.present) {
        text = score(cell.mean);
        if (std::isfinite(cell.std)) text += QStringLiteral(" ± ") + score(cell.std);
      }
      auto* item = new NumberTableItem(text, cell.present && cell.status == "ok" ? cell.mean : std::nan(""));
      item->setData(Qt::UserRole + 1, row);
      item->setData(Qt::UserRole + 2, t);
      item->setToolTip(cell.present ? tr("%1 seed(s); normalised %2; %3").arg(cell.seeds).arg(score(cell.normalised),
                                                                                            QString::fromStdString(cell.status))
                                    : tr("this model has no score for this task"));
      if (!cell.present || cell.status != "ok") item->setForeground(QColor(140, 140, 140));
      table_->setItem(row, t + 2, item);
    }
    QString mean = score(matrix_.mean_normalised[m]);
    if (std::isfinite(matrix_.mean_normalised[m]) && std::isfinite(matrix_.mean_normalised_std[m]))
      mean += QStringLiteral(" ± ") + score(matrix_.mean_normalised_std[m]);
    if (!matrix_.complete[m]) mean += QStringLiteral(" †");
    auto* item = new NumberTableItem(mean, matrix_.mean_normalised[m]);
    item->setToolTip(matrix_.complete[m] ? tr("mean normalised score over every task")
                                         : tr("incomplete: a task is missing or failed, so this mean is not comparable"));
    table_->setItem(row, 1, item);
  }
  // Colour each task column on its own scale, best green to worst red (direction per task).
  for (int t = 0; t < tasks; ++t) {
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t m = 0; m < matrix_.models.size(); ++m) {
      const auto& cell = matrix_.cells[m][static_cast<size_t>(t)];
      if (cell.present && std::isfinite(cell.mean)) {
        lo = std::min(lo, cell.mean);
        hi = std::max(hi, cell.mean);
      }
    }
    const bool lower = static_cast<size_t>(t) < matrix_.lower_is_better.size() && matrix_.lower_is_better[static_cast<size_t>(t)];
    for (size_t m = 0; m < matrix_.models.size(); ++m) {
      const auto& cell = matrix_.cells[m][static_cast<size_t>(t)];
      if (!cell.present || !std::isfinite(cell.mean) || !(hi > lo)) continue;
      double f = (cell.mean - lo) / (hi - lo);
      if (lower) f = 1.0 - f;
      table_->item(static_cast<int>(m), t + 2)->setBackground(scaleColour(f));
    }
  }
  table_->setSortingEnabled(true);
  if (table_->rowCount() != fitted_rows_) fitMatrixHeight();
  matrix_status_->setText(matrixMessage());
  // Something to read at once: the first model's first task.
  if (!matrix_.models.empty() && !matrix_.tasks.empty()) showCellDetail(0, 0);
}

bool EvaluatePanel::exportMatrix(const QString& path, ExportFormat format, QString* error) const {
  std::string text;
  switch (format) {
    case ExportFormat::Csv: text = bench::results_matrix_csv(matrix_); break;
    case ExportFormat::Markdown: text = bench::results_matrix_markdown(matrix_); break;
    case ExportFormat::Latex: text = bench::results_matrix_latex(matrix_); break;
  }
  QSaveFile file(path);  // temporary file + rename: never a half-written export
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0 || !file.commit()) {
    if (error) *error = tr("Could not write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

void EvaluatePanel::showCellDetail(int row, int column) {
  if (row < 0 || column < 0 || static_cast<size_t>(row) >= matrix_.models.size() || static_cast<size_t>(column) >= matrix_.tasks.size()) return;
  const std::string& task = matrix_.tasks[static_cast<size_t>(column)];
  showTaskChart(task);
  // The task folder of this model: from its results file.
  // The kit writes a task's folder beside the model's results.json; a path recorded relative to
  // where evaluate ran would not resolve from here.
  std::string task_dir;
  for (const bench::ResultsFile& f : files_) {
    if (f.path != matrix_.source_paths[static_cast<size_t>(row)]) continue;
    for (const bench::TaskScore& s : f.tasks) {
      if (s.task != task) continue;
      const QString beside = QFileInfo(QString::fromStdString(f.path)).dir().filePath(QString::fromStdString(task));
      task_dir = QFileInfo(QString::fromStdString(s.task_dir)).isAbsolute() && QDir(QString::fromStdString(s.task_dir)).exists()
                     ? s.task_dir
                     : beside.toStdString();
    }
  }
  QString html = tr("<h3>%1 — %2</h3>").arg(QString::fromStdString(matrix_.models[static_cast<size_t>(row)]).toHtmlEscaped(),
                                             QString::fromStdString(task).toHtmlEscaped());
  if (task_dir.empty()) {
    detail_->setHtml(html + tr("<p>This model has no folder for this task.</p>"));
    return;
  }
  const bench::TaskDetail detail = bench::read_task_detail(task_dir);
  html += tr("<p>Primary score: <b>%1</b></p>").arg(QString::fromStdString(detail.primary_score).toHtmlEscaped());
  if (!detail.test_per_fold.empty()) {
    html += tr("<p><b>Test score per fold</b></p><table border=1 cellspacing=0 cellpadding=3><tr><th>fold</th><th>score</th></tr>");
    for (const auto& [fold, value] : detail.test_per_fold)
      html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(QString::fromStdString(fold).toHtmlEscaped(), score(value));
    html += QStringLiteral("</table>");
  }
  if (!detail.grid.empty()) html += gridPointsHtml(detail.grid);
  if (!detail.protocol_text.empty())
    html += tr("<p><b>Protocol</b></p><p>%1</p>").arg(protocolHtml(detail.protocol_text));
  for (const auto& note : detail.notes) html += QStringLiteral("<p><i>%1</i></p>").arg(QString::fromStdString(note).toHtmlEscaped());
  detail_->setHtml(html);
  shown_task_dir_ = QString::fromStdString(task_dir);
}

QString EvaluatePanel::detailText() const { return detail_->toPlainText(); }

QString EvaluatePanel::tasksDir() const { return workspace_->tasksDir(); }

}  // namespace gramt::workbench
