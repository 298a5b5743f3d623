// The min/max pyramid must give exactly what a plain scan gives, for any span and column count.
#include <QtTest>

#include <algorithm>
#include <random>

#include "widgets/waveform_envelope.h"

using gramt::widgets::SampleExtremes;
using gramt::widgets::WaveformEnvelope;

namespace {

SampleExtremes scan(const std::vector<float>& v, int64_t first, int64_t last) {
  const auto [lo, hi] = std::minmax_element(v.begin() + first, v.begin() + last);
  return {*lo, *hi};
}

}  // namespace

class WaveformEnvelopeTest : public QObject {
  Q_OBJECT

 private slots:
  void matchesAPlainScanOverRandomSpans() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    auto samples = std::make_shared<std::vector<float>>(300000);
    for (float& s : *samples) s = value(rng);
    const WaveformEnvelope envelope(samples);
    QCOMPARE(envelope.sampleCount(), int64_t{300000});
    std::uniform_int_distribution<int64_t> index(0, 300000);
    for (int trial = 0; trial < 200; ++trial) {
      int64_t a = index(rng), b = index(rng);
      if (a > b) std::swap(a, b);
      if (a == b) continue;
      const SampleExtremes got = envelope.extremesOf(a, b);
      const SampleExtremes want = scan(*samples, a, b);
      QCOMPARE(got.min, want.min);
      QCOMPARE(got.max, want.max);
    }
  }

  void columnsCoverTheSpanAndFindEveryPeak() {
    auto samples = std::make_shared<std::vector<float>>(1'000'000, 0.0f);
    (*samples)[123'457] = 0.9f;   // lone spikes must survive decimation
    (*samples)[987'000] = -0.7f;
    const WaveformEnvelope envelope(samples);
    const std::vector<SampleExtremes> columns = envelope.extremes(0, 1'000'000, 500);
    QCOMPARE(columns.size(), size_t{500});
    float top = 0, bottom = 0;
    for (const SampleExtremes& c : columns) {
      top = std::max(top, c.max);
      bottom = std::min(bottom, c.min);
    }
    QCOMPARE(top, 0.9f);
    QCOMPARE(bottom, -0.7f);
    // Column 61 holds samples [122000, 124000): the spike at 123457.
    QCOMPARE(columns[61].max, 0.9f);
    QCOMPARE(columns[60].max, 0.0f);
  }

  void clampsIndicesAndHandlesEmptySignals() {
    const WaveformEnvelope empty;
    QVERIFY(empty.extremes(0, 10, 5).empty());
    auto samples = std::make_shared<std::vector<float>>(std::vector<float>{0.5f, -0.25f, 0.125f});
    const WaveformEnvelope envelope(samples);
    const SampleExtremes all = envelope.extremesOf(-10, 99);
    QCOMPARE(all.min, -0.25f);
    QCOMPARE(all.max, 0.5f);
    // More columns than samples: every column still holds a real sample value.
    for (const SampleExtremes& c : envelope.extremes(0, 3, 8)) QVERIFY(c.max == 0.5f || c.max == -0.25f || c.max == 0.125f);
  }
};

QTEST_APPLESS_MAIN(WaveformEnvelopeTest)
#include "waveform_envelope_test.moc"
