#include "app/workbench/inspect_bench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>

#include "app/workbench/inspect_panel.h"
#include "widgets/stacked_time_plots.h"

namespace gramt::workbench {
namespace {

constexpr int kRate = 32000;

// A /proc/self/status field in MB (VmRSS: now, VmHWM: the peak since start or the last reset).
double statusMegabytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == field + ":") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
    status.ignore(1 << 20, '\n');
  }
  return std::nan("");
}

void putLittleEndian(QByteArray& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.append(static_cast<char>((value >> (8 * i)) & 0xff));
}

// 16-bit stereo WAV written in slices, so making an hour of it costs no memory: noise from a
// source that wanders between the ears (right = left delayed and scaled), with a quiet stretch
// every minute.
bool writeWanderingNoise(const QString& path, int64_t frames) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return false;
  const auto data_bytes = static_cast<uint32_t>(frames * 4);
  QByteArray header("RIFF");
  putLittleEndian(header, 36 + data_bytes, 4);
  header.append("WAVEfmt ");
  putLittleEndian(header, 16, 4);
  putLittleEndian(header, 1, 2);  // PCM
  putLittleEndian(header, 2, 2);
  putLittleEndian(header, kRate, 4);
  putLittleEndian(header, kRate * 4, 4);
  putLittleEndian(header, 4, 2);
  putLittleEndian(header, 16, 2);
  header.append("data");
  putLittleEndian(header, data_bytes, 4);
  file.write(header);

  uint64_t state = 0x9e3779b97f4a7c15ull;
  const auto noise = [&state] {  // xorshift64*: uniform in [-1, 1)
    state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
    return static_cast<double>((state * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0 * 2.0 - 1.0;
  };
  constexpr int kMaxDelay = 24;
  std::vector<double> history(kMaxDelay + 1, 0.0);  // a ring: history[(i - d) mod size] is sample i − d
  QByteArray slice;
  for (int64_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / kRate;
    const double position = std::sin(2.0 * M_PI * t / 20.0);  // −1 left … +1 right, every 20 s
    const bool quiet = std::fmod(t, 60.0) < 2.0;
    const double sample = quiet ? 0.0 : 0.3 * noise();
    const auto size = static_cast<int64_t>(history.size());
    history[static_cast<size_t>(i % size)] = sample;
    const int delay = static_cast<int>(std::lround(std::abs(position) * kMaxDelay));
    const double near = sample,
                 far = history[static_cast<size_t>((i - delay + size) % size)] * (1.0 - 0.5 * std::abs(position));
    const double left = position > 0 ? far : near, right = position > 0 ? near : far;
    putLittleEndian(slice, static_cast<uint16_t>(static_cast<int16_t>(std::lround(left * 32767))), 2);
    putLittleEndian(slice, static_cast<uint16_t>(static_cast<int16_t>(std::lround(right * 32767))), 2);
    if (slice.size() >= (1 << 22)) {
      file.write(slice);
      slice.clear();
    }
  }
  file.write(slice);
  return file.error() == QFile::NoError;
}

}  // namespace

int runInspectBench(double seconds, QString* report) {
  QTextStream out(report);
  QTemporaryDir root;
  const QString path = QDir(root.path()).filePath(QStringLiteral("one_hour_stereo.wav"));
  const auto frames = static_cast<int64_t>(seconds * kRate);
  if (!writeWanderingNoise(path, frames)) {
    out << "inspect: could not write " << path << "\n";
    return 1;
  }

  InspectPanel panel;
  panel.resize(1200, 800);
  panel.show();
  QApplication::processEvents();
  const double rss_before = statusMegabytes("VmRSS");
  {
    // Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak below is the open's alone.
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
  }

  // The longest gap between ticks of a 10-ms timer: how long the window stood still.
  QElapsedTimer since_tick;
  double longest_stall_ms = 0.0;
  QTimer ticker;
  ticker.setInterval(10);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    longest_stall_ms = std::max(longest_stall_ms, static_cast<double>(since_tick.nsecsElapsed()) / 1e6);
    since_tick.restart();
  });

  QEventLoop loop;
  bool ok = false;
  QObject::connect(&panel, &InspectPanel::loadFinished, &loop, [&] {
    ok = true;
    loop.quit();
  });
  QObject::connect(&panel, &InspectPanel::loadFailed, &loop, [&](const QString& message) {
    out << "inspect: the open failed: " << message << "\n";
    loop.quit();
  });
  QElapsedTimer clock;
  clock.start();
  since_tick.start();
  ticker.start();
  panel.openFile(path);
  loop.exec();
  // The panel's last step (handing the data to the views) runs on the UI thread just before the
  // finished signal ends the loop, so the tick after it never comes: count that gap too.
  longest_stall_ms = std::max(longest_stall_ms, static_cast<double>(since_tick.nsecsElapsed()) / 1e6);
  panel.timePlots()->replotNow();
  const double open_s = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  ticker.stop();
  if (!ok) return 1;
  const double rss_after = statusMegabytes("VmRSS");
  const double peak = statusMegabytes("VmHWM");

  // A redraw after a pan at one-minute zoom, with every view shown.
  panel.setViewShown(InspectPanel::View::MidSide, true);
  QElapsedTimer pan;
  pan.start();
  for (int i = 0; i < 10; ++i) {
    panel.timePlots()->setTimeRange(QCPRange(i * seconds / 10, i * seconds / 10 + 60.0));
    panel.timePlots()->replotNow();
  }
  const double pan_ms = static_cast<double>(pan.nsecsElapsed()) / 1e6 / 10;

  out << "inspect: " << QString::number(seconds / 3600.0, 'f', 2) << " h stereo WAV, 16-bit, 32 kHz ("
      << QString::number(QFileInfo(path).size() / 1e6, 'f', 0) << " MB)\n";
  out << "  open (decode, 2 log-mels, ILD/ITD/coherence, first draw): " << QString::number(open_s, 'f', 1) << " s on "
      << QThread::idealThreadCount() << " cores\n";
  out << "  longest the window stood still meanwhile: " << QString::number(longest_stall_ms, 'f', 0) << " ms\n";
  out << "  resident memory: " << QString::number(rss_before, 'f', 0) << " MB before, "
      << QString::number(rss_after, 'f', 0) << " MB after, peak " << QString::number(peak, 'f', 0) << " MB\n";
  out << "  redraw after a pan at 1-minute zoom, all views (mid/side too): " << QString::number(pan_ms, 'f', 0)
      << " ms\n";
  return 0;
}

}  // namespace gramt::workbench
