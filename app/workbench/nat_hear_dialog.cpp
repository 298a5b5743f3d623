#include "app/workbench/nat_hear_dialog.h"

#include "app/workbench/checkable_list.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

#include "app/workbench/cli_process.h"
#include "core/eval/format/task_folder_layout.h"

namespace gramt::workbench {
namespace {

// The path with symbolic links resolved as far as it exists: an output folder not made yet can still
// be compared with the input (a link into the input would otherwise slip through).
QString resolvedPath(const QString& path) {
  if (path.isEmpty()) return {};
  QString existing = QDir::cleanPath(QDir(path).absolutePath());
  QStringList missing;
  while (!QFileInfo::exists(existing)) {
    const QString parent = QFileInfo(existing).path();
    if (parent == existing) break;
    missing.prepend(QFileInfo(existing).fileName());
    existing = parent;
  }
  const QString canonical = QFileInfo(existing).canonicalFilePath();
  QString out = canonical.isEmpty() ? existing : canonical;
  for (const QString& part : missing) out = QDir(out).filePath(part);
  return QDir::cleanPath(out);
}

bool isSameOrInside(const QString& path, const QString& folder) {
  const QString p = resolvedPath(path), f = resolvedPath(folder);
  if (p.isEmpty() || f.isEmpty()) return false;
  return p == f || p.startsWith(f.endsWith(QLatin1Char('/')) ? f : f + QLatin1Char('/'));
}

QStringList taskFoldersIn(const QString& dir) {
  QStringList out;
  if (dir.isEmpty()) return out;
  const QDir root(dir);
  for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (eval::format::TaskFolderLayout::is_task_folder(root.filePath(name).toStdString())) out << name;
  return out;
}

QDoubleSpinBox* snrBox(double value, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setRange(-30.0, 80.0);
  box->setDecimals(1);
  box->setSuffix(QStringLiteral(" dB"));
  box->setValue(value);
  return box;
}

QSpinBox* sourcesBox(int value, QWidget* parent) {
  auto* box = new QSpinBox(parent);
  box->setRange(1, 16);  // make-nat-hear's range
  box->setValue(value);
  return box;
}

QHBoxLayout* rangeRow(QWidget* lowest, QWidget* highest, QWidget* parent) {
  auto* row = new QHBoxLayout;
  row->addWidget(lowest);
  row->addWidget(new QLabel(QObject::tr("to"), parent));
  row->addWidget(highest);
  row->addStretch(1);
  return row;
}

}  // namespace

NatHearDialog::NatHearDialog(const QString& panel_tasks_dir, QWidget* parent)
    : QDialog(parent), panel_tasks_dir_(panel_tasks_dir) {
  setWindowTitle(tr("Make Nat-HEAR task folders"));
  buildUi();
  setInputDir(panel_tasks_dir);
}

QString NatHearDialog::defaultOutputDir(const QString& input_dir, const QString& panel_tasks_dir) {
  if (input_dir.isEmpty()) return panel_tasks_dir;
  if (!panel_tasks_dir.isEmpty() && !isSameOrInside(panel_tasks_dir, input_dir)) return QDir::cleanPath(panel_tasks_dir);
  const QFileInfo input(QDir::cleanPath(QDir(input_dir).absolutePath()));
  return QDir(input.path()).filePath(input.fileName() + QStringLiteral("-nat"));
}

void NatHearDialog::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Every clip of the chosen HEAR tasks heard as a scene: placed in a room around a "
                              "KEMAR head (or an ambisonic microphone), with spatialised noise; the test split's rooms are never "
                              "heard in training. Labels and splits stay as they are; each task becomes "
                              "<i>&lt;task&gt;-nat</i> (or <i>-nat-foa</i>). Finished "
                              "clips are kept, so running again resumes."),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto folder_row = [this](QLineEdit* line, const QString& title) {
    auto* row = new QHBoxLayout;
    auto* browse = new QPushButton(tr("Folder…"), this);
    row->addWidget(line, 1);
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, line, title] {
      const QString dir = QFileDialog::getExistingDirectory(this, title, line->text());
      if (dir.isEmpty()) return;
      line->setText(dir);
      emit line->textEdited(dir);  // as if typed: the output then stays the user's
      emit line->editingFinished();
    });
    return row;
  };

  input_ = new QLineEdit(this);
  input_->setObjectName(QStringLiteral("natHearInput"));
  input_->setToolTip(tr("A folder of HEAR task folders (each with task_metadata.json); only read"));
  form->addRow(tr("HEAR tasks folder"), folder_row(input_, tr("HEAR tasks folder")));

  output_ = new QLineEdit(this);
  output_->setObjectName(QStringLiteral("natHearOutput"));
  output_->setToolTip(
      tr("Where <task>-nat (and <task>-nat-loc) are written; the panel shows this folder's tasks when it is done.\n"
         "By default: beside the input (tasks → tasks-nat) when the input is the panel's tasks folder, so the originals "
         "stay as they are; the panel's tasks folder itself when the input is elsewhere, so the new tasks join the ones "
         "you evaluate.\nNever inside the input: the new folders would be read as HEAR tasks next time."));
  form->addRow(tr("Output folder"), folder_row(output_, tr("Output folder")));

  tasks_ = new QListWidget(this);
  tasks_->setObjectName(QStringLiteral("natHearTasks"));
  tasks_->setMinimumHeight(5 * tasks_->fontMetrics().height());
  tasks_->setMaximumHeight(10 * tasks_->fontMetrics().height());
  form->addRow(tr("Tasks"), tasks_);

  localization_ = new QComboBox(this);
  localization_->addItem(tr("off: <task>-nat only"), QStringLiteral("off"));
  localization_->addItem(tr("also: <task>-nat and <task>-nat-loc"), QStringLiteral("also"));
  localization_->addItem(tr("only: <task>-nat-loc"), QStringLiteral("only"));
  localization_->setToolTip(tr("<task>-nat-loc: the same scenes labelled with the source's direction (scene tasks)"));
  form->addRow(tr("Localization"), localization_);

  format_ = new QComboBox(this);
  format_->setObjectName(QStringLiteral("natHearFormat"));
  format_->addItem(tr("binaural: KEMAR's two ears (<task>-nat)"), QStringLiteral("binaural"));
  format_->addItem(tr("first-order ambisonics: an FOA microphone, AmbiX (<task>-nat-foa)"), QStringLiteral("foa"));
  format_->setToolTip(tr("The same rooms, places and SNRs either way, so binaural and ambisonic models can be compared "
                         "clip by clip"));
  form->addRow(tr("Heard by"), format_);

  seed_ = new QSpinBox(this);
  seed_->setRange(0, INT_MAX);
  seed_->setValue(42);
  seed_->setToolTip(tr("Each clip's scene depends only on the seed, the task, the split and the file name"));
  form->addRow(tr("Seed"), seed_);

  snr_min_ = snrBox(5.0, this);
  snr_max_ = snrBox(40.0, this);
  snr_min_->setToolTip(tr("Signal-to-noise ratio, drawn uniformly in dB per clip (the reference's training range: 5 to 40)"));
  snr_max_->setToolTip(snr_min_->toolTip());
  form->addRow(tr("SNR"), rangeRow(snr_min_, snr_max_, this));

  sources_min_ = sourcesBox(1, this);
  sources_max_ = sourcesBox(3, this);
  sources_min_->setToolTip(tr("How many noise sources a scene has, drawn uniformly"));
  sources_max_->setToolTip(sources_min_->toolTip());
  form->addRow(tr("Noise sources"), rangeRow(sources_min_, sources_max_, this));

  noise_dir_ = new QLineEdit(this);
  noise_dir_->setPlaceholderText(tr("the mini benchmark's sound effects"));
  noise_dir_->setToolTip(tr("A folder of noise recordings (e.g. WHAM! noise; any rate); empty: General-MIDI sound "
                            "effects, as the mini benchmark uses"));
  form->addRow(tr("Noise folder"), folder_row(noise_dir_, tr("Noise folder")));

  room_source_ = new QComboBox(this);
  room_source_->setObjectName(QStringLiteral("natHearRoomSource"));
  room_source_->addItem(tr("shoebox rooms around the KEMAR head"), QStringLiteral("sofa"));
  room_source_->addItem(tr("a folder of room responses (.json sidecars)"), QStringLiteral("folder"));
  room_source_->addItem(tr("BRIR shards (tar pattern; no directions)"), QStringLiteral("shards"));
  room_source_->setToolTip(tr("Where the rooms come from, as the trainer's data.rir_source"));
  room_data_ = new QLineEdit(this);
  room_data_->setPlaceholderText(tr("folder, or shard pattern such as /data/brirs/train-{000..099}.tar"));
  room_browse_ = new QPushButton(tr("Folder…"), this);
  connect(room_browse_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Room responses"), room_data_->text());
    if (!dir.isEmpty()) room_data_->setText(dir);
  });
  {
    auto* column = new QVBoxLayout;
    column->addWidget(room_source_);
    auto* row = new QHBoxLayout;
    row->addWidget(room_data_, 1);
    row->addWidget(room_browse_);
    column->addLayout(row);
    form->addRow(tr("Rooms"), column);
  }
  held_out_rooms_ = new QCheckBox(tr("hold out the test rooms (train and valid share rooms; test and each fold get their own)"), this);
  held_out_rooms_->setChecked(true);
  held_out_rooms_->setToolTip(tr("Off: every split hears the same rooms"));
  form->addRow(tr("Held out"), held_out_rooms_);

  threads_ = new QSpinBox(this);
  threads_->setRange(0, 256);
  threads_->setSpecialValueText(tr("every core"));
  threads_->setToolTip(tr("Clips rendered side by side; the files are the same whatever the count"));
  form->addRow(tr("Threads"), threads_);

  skip_bad_clips_ = new QCheckBox(tr("leave out clips that cannot be read or are silent (listed in skipped.json)"), this);
  skip_bad_clips_->setToolTip(tr("Without it, one broken clip fails its task"));
  form->addRow(tr("Bad clips"), skip_bad_clips_);
  layout->addLayout(form);

  layout->addWidget(new QLabel(tr("Command"), this));
  command_ = new QPlainTextEdit(this);
  command_->setReadOnly(true);
  command_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  command_->setFixedHeight(4 * command_->fontMetrics().lineSpacing() + 12);
  layout->addWidget(command_);
  problem_ = new QLabel(this);
  problem_->setObjectName(QStringLiteral("natHearProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
  layout->addWidget(problem_);
  layout->addStretch(1);  // the room kept for a refusal (see the resize below) stays empty until one shows

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Make Nat-HEAR"));
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  connect(input_, &QLineEdit::editingFinished, this, [this] { setInputDir(input_->text()); });
  connect(output_, &QLineEdit::textEdited, this, [this] { output_edited_ = true; });
  for (QLineEdit* line : {output_, noise_dir_}) connect(line, &QLineEdit::textChanged, this, &NatHearDialog::refresh);
  connect(tasks_, &QListWidget::itemChanged, this, &NatHearDialog::refresh);
  connect(localization_, &QComboBox::currentIndexChanged, this, &NatHearDialog::refresh);
  connect(format_, &QComboBox::currentIndexChanged, this, &NatHearDialog::refresh);
  connect(skip_bad_clips_, &QCheckBox::toggled, this, &NatHearDialog::refresh);
  connect(held_out_rooms_, &QCheckBox::toggled, this, &NatHearDialog::refresh);
  connect(room_source_, &QComboBox::currentIndexChanged, this, &NatHearDialog::refresh);
  connect(room_data_, &QLineEdit::textChanged, this, &NatHearDialog::refresh);
  connect(threads_, &QSpinBox::valueChanged, this, &NatHearDialog::refresh);
  for (QSpinBox* box : {seed_, sources_min_, sources_max_}) connect(box, &QSpinBox::valueChanged, this, &NatHearDialog::refresh);
  for (QDoubleSpinBox* box : {snr_min_, snr_max_}) connect(box, &QDoubleSpinBox::valueChanged, this, &NatHearDialog::refresh);
  // Room for a three-line refusal below the command, so the task list is not squeezed when one shows.
  resize(680, sizeHint().height() + 3 * fontMetrics().lineSpacing());
}

void NatHearDialog::setInputDir(const QString& dir) {
  input_->setText(dir);
  if (dir == listed_input_) return refresh();  // focus leaving the field: the ticks stay as they are
  listed_input_ = dir;
  {
    const QSignalBlocker block(tasks_);
    tasks_->clear();
    for (const QString& name : taskFoldersIn(dir)) {
      auto* item = new QListWidgetItem(name, tasks_);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(Qt::Checked);
    }
  }
  if (!output_edited_) output_->setText(defaultOutputDir(dir, panel_tasks_dir_));
  refresh();
}

QString NatHearDialog::inputDir() const { return input_->text().trimmed(); }

void NatHearDialog::setOutputDir(const QString& dir) {
  output_edited_ = true;
  output_->setText(dir);
}

QString NatHearDialog::outputDir() const { return output_->text().trimmed(); }

QStringList NatHearDialog::availableTasks() const { return listedNames(tasks_); }

void NatHearDialog::setSelectedTasks(const QStringList& tasks) {
  checkNames(tasks_, tasks);
  refresh();
}

QStringList NatHearDialog::selectedTasks() const { return checkedNames(tasks_); }

bool NatHearDialog::setLocalization(const QString& mode) {
  const int at = localization_->findData(mode);
  if (at < 0) return false;
  localization_->setCurrentIndex(at);
  return true;
}

void NatHearDialog::setSeed(int seed) { seed_->setValue(seed); }

void NatHearDialog::setSnrRange(double lowest_db, double highest_db) {
  snr_min_->setValue(lowest_db);
  snr_max_->setValue(highest_db);
}

void NatHearDialog::setNoiseSourcesRange(int fewest, int most) {
  sources_min_->setValue(fewest);
  sources_max_->setValue(most);
}

void NatHearDialog::setNoiseDir(const QString& dir) { noise_dir_->setText(dir); }

void NatHearDialog::setSkipBadClips(bool skip) { skip_bad_clips_->setChecked(skip); }

bool NatHearDialog::setRoomSource(const QString& kind, const QString& data) {
  const int at = room_source_->findData(kind);
  if (at < 0) return false;
  room_source_->setCurrentIndex(at);
  room_data_->setText(data);
  return true;
}

void NatHearDialog::setHeldOutRooms(bool held_out) { held_out_rooms_->setChecked(held_out); }

bool NatHearDialog::setFormat(const QString& format) {
  const int at = format_->findData(format);
  if (at < 0) return false;
  format_->setCurrentIndex(at);
  return true;
}

void NatHearDialog::setThreads(int threads) { threads_->setValue(threads); }

QStringList NatHearDialog::arguments() const {
  QStringList args{QStringLiteral("make-nat-hear"), QStringLiteral("--tasks-dir"), inputDir(),
                   QStringLiteral("--out"), outputDir()};
  const QStringList chosen = selectedTasks();
  if (chosen.size() != tasks_->count())
    for (const QString& task : chosen) args << QStringLiteral("--task") << task;
  // The scene draws are always spelled out: a copied line says which Nat-HEAR it made.
  args << QStringLiteral("--seed") << QString::number(seed_->value())  //
       << QStringLiteral("--localization") << localization_->currentData().toString()  //
       << QStringLiteral("--snr-min") << QString::number(snr_min_->value())  //
       << QStringLiteral("--snr-max") << QString::number(snr_max_->value())  //
       << QStringLiteral("--noise-sources-min") << QString::number(sources_min_->value())  //
       << QStringLiteral("--noise-sources-max") << QString::number(sources_max_->value());
  if (!noise_dir_->text().trimmed().isEmpty()) args << QStringLiteral("--noise-dir") << noise_dir_->text().trimmed();
  const QString rooms = room_source_->currentData().toString();
  if (rooms != QStringLiteral("sofa"))
    args << QStringLiteral("--rir-source") << rooms << QStringLiteral("--rir-data") << room_data_->text().trimmed();
  if (!held_out_rooms_->isChecked()) args << QStringLiteral("--held-out-rooms") << QStringLiteral("off");
  if (format_->currentData().toString() != QStringLiteral("binaural"))
    args << QStringLiteral("--format") << format_->currentData().toString();
  if (threads_->value() > 0) args << QStringLiteral("--threads") << QString::number(threads_->value());
  if (skip_bad_clips_->isChecked()) args << QStringLiteral("--skip-bad-clips");
  return args;
}

QString NatHearDialog::commandLine() const { return CliProcess::commandLine(QStringLiteral("gramt-cli"), arguments()); }

QString NatHearDialog::problem() const {
  const QString in = inputDir(), out = outputDir();
  if (in.isEmpty()) return tr("HEAR tasks folder: choose the folder that holds the task folders.");
  if (!QFileInfo(in).isDir()) return tr("HEAR tasks folder: %1 is not a folder.").arg(in);
  if (tasks_->count() == 0) return tr("HEAR tasks folder: %1 holds no task folders (task_metadata.json).").arg(in);
  if (selectedTasks().isEmpty()) return tr("Tasks: tick at least one.");
  if (out.isEmpty()) return tr("Output folder: choose where the Nat-HEAR task folders go.");
  if (isSameOrInside(out, in))
    return tr("Output folder: %1 is inside the HEAR tasks folder %2; the new task folders would be read as HEAR tasks "
              "next time. Choose a folder outside it, e.g. %3.")
        .arg(out, in, defaultOutputDir(in, {}));
  if (snr_min_->value() > snr_max_->value()) return tr("SNR: the lowest is above the highest.");
  if (sources_min_->value() > sources_max_->value()) return tr("Noise sources: the fewest is above the most.");
  const QString noise = noise_dir_->text().trimmed();
  if (!noise.isEmpty() && !QFileInfo(noise).isDir()) return tr("Noise folder: %1 is not a folder.").arg(noise);
  const QString rooms = room_source_->currentData().toString(), data = room_data_->text().trimmed();
  if (rooms == QStringLiteral("folder") && !QFileInfo(data).isDir())
    return data.isEmpty() ? tr("Rooms: choose the folder of room responses.") : tr("Rooms: %1 is not a folder.").arg(data);
  if (rooms == QStringLiteral("shards") && data.isEmpty()) return tr("Rooms: give the shards' file pattern.");
  if (rooms == QStringLiteral("shards") && localization_->currentData().toString() != QStringLiteral("off"))
    return tr("Localization: BRIR shards hold no source directions; choose shoebox rooms or a folder with sidecars.");
  return {};
}

void NatHearDialog::accept() {
  if (problem().isEmpty()) QDialog::accept();
}

void NatHearDialog::refresh() {
  const bool needs_data = room_source_->currentData().toString() != QStringLiteral("sofa");
  room_data_->setVisible(needs_data);
  room_browse_->setVisible(room_source_->currentData().toString() == QStringLiteral("folder"));
  command_->setPlainText(commandLine());
  const QString why = problem();
  problem_->setText(why);
  problem_->setVisible(!why.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

}  // namespace gramt::workbench
