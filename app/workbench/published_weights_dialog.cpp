#include "app/workbench/published_weights_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/workbench/cli_process.h"
#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_settings.h"
#include "core/hub/hub_weights.h"
#include "core/hub/published_models.h"

namespace gramt::workbench {
namespace {

enum Column { kName, kKind, kPurpose, kStatus, kColumns };

QString megabytes(double bytes) { return QString::number(bytes / 1e6, 'f', 1); }

}  // namespace

PublishedWeightsDialog::PublishedWeightsDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Get published weights"));
  buildUi();
  resize(980, 380);
  refresh();
}

PublishedWeightsDialog::~PublishedWeightsDialog() {
  if (process_ && process_->isRunning()) process_->kill();
}

void PublishedWeightsDialog::buildUi() {
  auto* layout = new QVBoxLayout(this);
  const hub::HubSettings settings = hub::hub_settings_from_environment();
  auto* intro = new QLabel(tr("The GRAM-T models published by their authors on the Hugging Face hub (MIT licence). "
                              "Downloads go to the hub's cache (%1), shared with Python's tools; "
                              "once there, a model is a choice in every weights box.")
                               .arg(QString::fromStdString(settings.cache_root)),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  table_ = new QTableWidget(static_cast<int>(hub::published_models().size()), kColumns, this);
  table_->setHorizontalHeaderLabels({tr("Model"), tr("Patching, channels"), tr("For"), tr("In the cache")});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setWordWrap(true);
  int row = 0;
  for (const auto& m : hub::published_models()) {
    auto* name = new QTableWidgetItem(QString::fromStdString(m.name()));
    name->setData(Qt::UserRole, QString::fromStdString(m.repo));
    name->setToolTip(QStringLiteral("hf://") + QString::fromStdString(m.repo));
    table_->setItem(row, kName, name);
    const QString channels = m.channels == 1 ? tr("1 channel") : tr("%1 channels").arg(m.channels);
    table_->setItem(row, kKind, new QTableWidgetItem(QStringLiteral("%1, %2").arg(QString::fromStdString(m.patching), channels)));
    table_->setItem(row, kPurpose, new QTableWidgetItem(QString::fromStdString(m.purpose)));
    table_->setItem(row, kStatus, new QTableWidgetItem);
    ++row;
  }
  table_->horizontalHeader()->setSectionResizeMode(kPurpose, QHeaderView::Stretch);
  table_->resizeColumnToContents(kName);
  table_->resizeColumnToContents(kKind);
  table_->setColumnWidth(kStatus, 150);
  table_->setMinimumSize(820, 240);
  layout->addWidget(table_, 1);

  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setVisible(false);
  layout->addWidget(progress_);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(message_);

  auto* buttons = new QDialogButtonBox(this);
  download_ = buttons->addButton(tr("&Download"), QDialogButtonBox::ActionRole);
  cancel_ = buttons->addButton(tr("&Cancel download"), QDialogButtonBox::ActionRole);
  buttons->addButton(QDialogButtonBox::Close);
  layout->addWidget(buttons);
  connect(download_, &QPushButton::clicked, this, &PublishedWeightsDialog::download);
  connect(cancel_, &QPushButton::clicked, this, &PublishedWeightsDialog::cancel);
  connect(buttons, &QDialogButtonBox::rejected, this, &PublishedWeightsDialog::reject);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &PublishedWeightsDialog::updateButtons);
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this] { download(); });
  table_->selectRow(0);
  updateButtons();
}

void PublishedWeightsDialog::showEvent(QShowEvent* event) {
  QDialog::showEvent(event);
  // Wrapped rows get their height once the columns have their widths.
  table_->resizeRowsToContents();
}

void PublishedWeightsDialog::refresh() {
  const hub::HubCacheLayout cache(hub::hub_settings_from_environment().cache_root);
  for (int row = 0; row < table_->rowCount(); ++row) {
    const std::string repo = table_->item(row, kName)->data(Qt::UserRole).toString().toStdString();
    const hub::HubReference ref{repo, "main"};
    QString status = tr("not cached");
    if (cache.cached_file(ref, hub::kWeightsFileName))
      status = tr("cached @ %1").arg(QString::fromStdString(cache.cached_commit(ref)->substr(0, 7)));
    if (QString::fromStdString(repo) == downloading_) status = tr("downloading…");
    table_->item(row, kStatus)->setText(status);
  }
  updateButtons();
}

void PublishedWeightsDialog::selectModel(const QString& repo) {
  for (int row = 0; row < table_->rowCount(); ++row)
    if (table_->item(row, kName)->data(Qt::UserRole).toString() == repo) table_->selectRow(row);
}

QString PublishedWeightsDialog::selectedModel() const {
  const auto rows = table_->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString() : table_->item(rows.first().row(), kName)->data(Qt::UserRole).toString();
}

QString PublishedWeightsDialog::statusOf(const QString& repo) const {
  for (int row = 0; row < table_->rowCount(); ++row)
    if (table_->item(row, kName)->data(Qt::UserRole).toString() == repo) return table_->item(row, kStatus)->text();
  return {};
}

bool PublishedWeightsDialog::isDownloading() const { return process_ && process_->isRunning(); }

QString PublishedWeightsDialog::message() const { return message_->text(); }

void PublishedWeightsDialog::updateButtons() {
  download_->setEnabled(!isDownloading() && !selectedModel().isEmpty());
  cancel_->setEnabled(isDownloading());
}

void PublishedWeightsDialog::download() {
  const QString repo = selectedModel();
  if (repo.isEmpty() || isDownloading()) return;
  delete process_;
  process_ = new CliProcess(this);
  downloading_ = repo;
  progress_->setValue(0);
  progress_->setVisible(true);
  message_->setText(tr("Asking the hub for %1…").arg(repo));
  connect(process_, &CliProcess::progress, this, [this](const QJsonObject& record) {
    const QString stage = record.value(QStringLiteral("stage")).toString();
    if (stage == QLatin1String("download")) {
      const double done = record.value(QStringLiteral("done")).toDouble(), total = record.value(QStringLiteral("total")).toDouble();
      if (total > 0) progress_->setValue(static_cast<int>(1000 * done / total));
      const QJsonValue eta = record.value(QStringLiteral("eta"));
      message_->setText(tr("%1: %2 of %3 MB, %4 MB/s%5")
                            .arg(record.value(QStringLiteral("file")).toString(), megabytes(done), megabytes(total),
                                 megabytes(record.value(QStringLiteral("bytes_per_s")).toDouble()),
                                 eta.isDouble() ? tr(", about %1 s left").arg(qRound(eta.toDouble())) : QString()));
    } else if (stage == QLatin1String("done")) {
      progress_->setValue(1000);
      emit weightsPulled(QStringLiteral("hf://%1@%2").arg(record.value(QStringLiteral("repo")).toString(),
                                                        record.value(QStringLiteral("commit")).toString()));
      message_->setText(tr("%1 is in the cache: choose it in any weights box.").arg(record.value(QStringLiteral("name")).toString()));
    } else if (stage == QLatin1String("error")) {
      message_->setText(record.value(QStringLiteral("message")).toString());
    }
  });
  connect(process_, &CliProcess::finished, this, [this](int exit_code, bool crashed, const QString& summary) {
    const QString repo = downloading_;
    downloading_.clear();
    progress_->setVisible(exit_code == 0 && !crashed);
    // gramt-cli's own error line (through its JSON "error" record) says it best; the summary covers a crash.
    if (exit_code == 130) message_->setText(tr("Cancelled: the part downloaded so far is kept and the next download of %1 resumes it.").arg(repo));
    else if ((exit_code != 0 || crashed) && message_->text().startsWith(tr("Asking"))) message_->setText(summary);
    refresh();
  });
  if (!process_->start({QStringLiteral("pull"), repo, QStringLiteral("--progress"), QStringLiteral("json")})) {
    message_->setText(process_->errorString());
    downloading_.clear();
    progress_->setVisible(false);
  }
  refresh();
}

void PublishedWeightsDialog::cancel() {
  if (isDownloading()) process_->stop();  // SIGTERM: gramt-cli stops the transfer and keeps the part
}

void PublishedWeightsDialog::reject() {
  if (isDownloading()) {
    cancel();
    process_->kill();
  }
  QDialog::reject();
}

QString getPublishedWeights(QWidget* parent) {
  PublishedWeightsDialog dialog(parent);
  QString last;
  QObject::connect(&dialog, &PublishedWeightsDialog::weightsPulled, &dialog, [&last](const QString& ref) { last = ref; });
  dialog.exec();
  return last;
}

}  // namespace gramt::workbench
