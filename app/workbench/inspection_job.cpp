#include "app/workbench/inspection_job.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "core/common/error.h"

namespace gramt::workbench {

InspectionJob::InspectionJob(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &InspectionJob::onFinished);
}

InspectionJob::~InspectionJob() {
  for (Run& run : runs_) run.cancel->store(true);
  for (Run& run : runs_) run.future.waitForFinished();
}

void InspectionJob::start(const QString& path, const InspectOptions& options) {
  cancel();
  // Forget runs that have ended; the abandoned ones still running are joined in the destructor.
  std::vector<Run> alive;
  for (Run& run : runs_)
    if (!run.future.isFinished()) alive.push_back(run);
  runs_ = std::move(alive);

  const int generation = ++generation_;
  auto flag = std::make_shared<std::atomic<bool>>(false);
  // Progress comes from the worker thread; it is posted to this object's thread and dropped when it
  // belongs to an abandoned run. The destructor joins all runs, so `this` outlives every post.
  auto report = [this, generation](double fraction, const std::string& stage) {
    const QString text = QString::fromStdString(stage);
    QMetaObject::invokeMethod(
        this,
        [this, generation, fraction, text] {
          if (generation == generation_ && running_) emit progressed(fraction, text);
        },
        Qt::QueuedConnection);
  };
  QFuture<Outcome> future = QtConcurrent::run(&InspectionJob::runInspection, path, options, flag, report);
  runs_.push_back({future, flag});
  running_ = true;
  watcher_.setFuture(future);
}

void InspectionJob::cancel() {
  if (!runs_.empty()) runs_.back().cancel->store(true);
}

InspectionJob::Outcome InspectionJob::runInspection(const QString& path, const InspectOptions& options,
                                                    std::shared_ptr<std::atomic<bool>> cancel,
                                                    const std::function<void(double, const std::string&)>& report) {
  Outcome outcome;
  ProgressSink sink;
  sink.on_progress = report;
  sink.cancel = cancel.get();
  const std::string file = path.toStdString();
  try {
    outcome.inspection = std::make_shared<const AudioInspection>(inspect_audio_file(file, sink, options));
  } catch (const Cancelled&) {
    outcome.cancelled = true;
  } catch (const std::exception& e) {
    // Core errors name the file; anything else (an allocation failure, a LibTorch error) gets it here.
    QString message = QString::fromStdString(e.what()).trimmed();
    if (!message.contains(path) && !message.contains(QFileInfo(path).fileName())) message = path + ": " + message;
    outcome.error = message;
  }
  return outcome;
}

void InspectionJob::onFinished() {
  running_ = false;
  const Outcome outcome = watcher_.future().result();
  if (outcome.cancelled)
    emit cancelled();
  else if (outcome.inspection)
    emit succeeded(outcome.inspection);
  else
    emit failed(outcome.error);
}

}  // namespace gramt::workbench
