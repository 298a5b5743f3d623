#pragma once
// Runs inspect_audio_file on a worker thread and reports back on the UI thread: progress, then
// exactly one of succeeded / failed / cancelled. Starting a new file abandons the one in flight.
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "app/workbench/audio_inspection.h"

namespace gramt::workbench {

class InspectionJob : public QObject {
  Q_OBJECT

 public:
  explicit InspectionJob(QObject* parent = nullptr);
  // Cancels whatever runs and waits for it, so no worker outlives the job.
  ~InspectionJob() override;

  void start(const QString& path, const InspectOptions& options = {});
  void cancel();
  bool isRunning() const { return running_; }

 signals:
  void progressed(double fraction, const QString& stage);
  void succeeded(std::shared_ptr<const gramt::workbench::AudioInspection> inspection);
  void failed(const QString& message);
  void cancelled();

 private:
  struct Outcome {
    std::shared_ptr<const AudioInspection> inspection;
    QString error;
    bool cancelled = false;
  };
  struct Run {
    QFuture<Outcome> future;
    std::shared_ptr<std::atomic<bool>> cancel;
  };

  static Outcome runInspection(const QString& path, const InspectOptions& options,
                               std::shared_ptr<std::atomic<bool>> cancel,
                               const std::function<void(double, const std::string&)>& report);
  void onFinished();

  QFutureWatcher<Outcome> watcher_;
  std::vector<Run> runs_;  // the current run last; earlier ones were abandoned and only need joining
  int generation_ = 0;
  bool running_ = false;
};

}  // namespace gramt::workbench
