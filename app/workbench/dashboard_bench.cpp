#include "app/workbench/dashboard_bench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>
#include <fstream>

#include "app/workbench/train_panel.h"
#include "widgets/metric_chart.h"

namespace gramt::workbench {
namespace {

double residentMegabytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
    status.ignore(1 << 20, '\n');
  }
  return std::nan("");
}

// Median of `repeats` runs of `work`, in milliseconds (the panel's timer is stopped meanwhile).
template <typename Work>
double medianMs(int repeats, Work work) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    QElapsedTimer clock;
    clock.start();
    work(i);
    times.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int runDashboardBench(int metric_lines, QString* report) {
  QTextStream out(report);
  QTemporaryDir root;
  const QString run_dir = QDir(root.path()).filePath(QStringLiteral("million"));
  QDir().mkpath(run_dir);
  {
    // Lines as the trainer writes them, with a resume replaying 500 steps in the middle.
    QFile metrics(QDir(run_dir).filePath(QStringLiteral("metrics.jsonl")));
    if (!metrics.open(QIODevice::WriteOnly)) return 1;
    QByteArray chunk;
    const int resume_at = metric_lines / 2;
    int step = 0;
    for (int line = 0; line < metric_lines; ++line) {
      step = line == resume_at ? step - 500 : step + 1;
      const double loss = 2.0 * std::exp(-step / 2e5) + 0.3 * std::sin(step * 0.37) * std::exp(-step / 5e5) + 0.5;
      chunk += QByteArray("{\"event\":\"step\",\"step\":") + QByteArray::number(step) + ",\"time\":" +
               QByteArray::number(1.7e9 + step * 0.25, 'f', 3) + ",\"loss\":" + QByteArray::number(loss, 'g', 8) +
               ",\"lr\":0.0002,\"crops_per_s\":64.5,\"data_wait\":0.04,\"step_seconds\":0.25}\n";
      if (chunk.size() > (1 << 22)) {
        metrics.write(chunk);
        chunk.clear();
      }
    }
    metrics.write(chunk);
  }
  const double file_mb = static_cast<double>(QFileInfo(QDir(run_dir).filePath(QStringLiteral("metrics.jsonl"))).size()) / 1e6;

  const double rss_before = residentMegabytes();
  TrainPanel panel;
  panel.resize(1200, 800);
  panel.show();
  QApplication::processEvents();
  QElapsedTimer clock;
  clock.start();
  panel.setRunsRoot(root.path());
  panel.selectRuns({QStringLiteral("million")});
  panel.chart()->replot(QCustomPlot::rpImmediateRefresh);
  const double open_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  const double rss_after = residentMegabytes();

  widgets::MetricChart* chart = panel.chart();
  const QCPRange all = chart->xAxis->range();
  const double pan_ms = medianMs(21, [&](int i) {
    const double width = all.size() / 10;
    const double start = all.lower + (all.size() - width) * (i % 10) / 10.0;
    chart->xAxis->setRange(start, start + width);  // the chart re-decimates the visible range
    chart->replot(QCustomPlot::rpImmediateRefresh);
  });
  const double zoom_ms = medianMs(21, [&](int i) {
    const double width = all.size() / std::pow(2.0, 1 + i % 12);
    chart->xAxis->setRange(all.center() - width / 2, all.center() + width / 2);
    chart->replot(QCustomPlot::rpImmediateRefresh);
  });
  chart->fitAll();
  const double smoothing_ms = medianMs(5, [&](int i) {
    panel.setSmoothing(i % 2 == 0 ? 0.9 : 0.6);
    chart->replot(QCustomPlot::rpImmediateRefresh);
  });
  const double poll_ms = medianMs(21, [&](int) { panel.refresh(); });

  out << "dashboard: " << metric_lines << " metric lines (" << QString::number(file_mb, 'f', 1) << " MB, one resume)\n";
  out << "  open run (read, smooth, decimate, draw): " << QString::number(open_ms, 'f', 0) << " ms\n";
  out << "  redraw after a pan: " << QString::number(pan_ms, 'f', 1) << " ms; after a zoom: " << QString::number(zoom_ms, 'f', 1)
      << " ms (median of 21)\n";
  out << "  new smoothing weight over every point: " << QString::number(smoothing_ms, 'f', 0) << " ms\n";
  out << "  poll with nothing new (twice a second while watching): " << QString::number(poll_ms, 'f', 2) << " ms\n";
  out << "  points drawn: " << chart->drawnPointCount() << " (of " << 2 * chart->series().at(0).x->size() << " in the curves)\n";
  out << "  resident memory for the run: " << QString::number(rss_after - rss_before, 'f', 0) << " MB\n";
  return 0;
}

}  // namespace gramt::workbench
