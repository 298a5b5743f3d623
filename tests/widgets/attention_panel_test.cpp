// The Attention panel on the golden tiny models (frame 16×8 and time 128×2 patching): maps of
// every layer and head, a clicked patch's row as the overlay, rollout overlays, the atlas order,
// and bad input (no model, a clip shorter than one frame) said in words.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>

#include "app/workbench/attention_panel.h"
#include "core/audio/audio_file.h"
#include "widgets/head_atlas_view.h"
#include "widgets/patch_attention_view.h"

using gramt::workbench::AttentionPanel;

namespace {

const QString kGolden = QStringLiteral(GRAMT_TEST_DATA_DIR "/golden");

// Setting the model and then the clip may start two computations (the second queued behind the
// first): wait for the answer to this very request.
bool computeWith(AttentionPanel& panel, const QString& model, const QString& clip) {
  panel.setModel(model);
  panel.openClip(clip);
  return QTest::qWaitFor(
      [&] { return !panel.isComputing() && panel.result().weights_path == model && panel.result().clip_path == clip; },
      120000);
}

}  // namespace

class AttentionPanelTest : public QObject {
  Q_OBJECT

 private slots:
  void aFirstLaunchSaysWhatToDoFirst() {
    AttentionPanel panel;
    panel.setModel(QString());
    QVERIFY(panel.showsEmptyState());
    QVERIFY2(panel.emptyStateText().contains(QStringLiteral("Get published weights")), qPrintable(panel.emptyStateText()));
    QVERIFY(panel.emptyStateText().contains(QStringLiteral("clip")));
    QVERIFY(computeWith(panel, kGolden + "/frame/weights.safetensors", kGolden + "/frame/audio.wav"));
    QVERIFY(!panel.showsEmptyState());
  }

  void framePatchingShowsEveryHeadAndTheClickedPatch() {
    AttentionPanel panel;
    QVERIFY(computeWith(panel, kGolden + "/frame/weights.safetensors", kGolden + "/frame/audio.wav"));
    const auto& result = panel.result();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.maps.tokens, int64_t(201));  // CLS + 8 × 25 patches
    QCOMPARE(result.maps.grid_rows, int64_t(8));
    QCOMPARE(result.maps.grid_cols, int64_t(25));
    QCOMPARE(panel.atlas()->tiles().size(), static_cast<size_t>(result.maps.layers * result.maps.heads));
    QVERIFY(result.chunk_count >= 2);  // a 3.3-s clip: two 2-s chunks
    QCOMPARE(panel.view(0)->patchRows(), 8);

    // A click on patch (row 2, col 3) overlays that query's row of the chosen head.
    panel.selectHead(1, 2);
    emit panel.view(0)->patchClicked(2, 3);
    const std::vector<float> overlay = panel.overlayValues();
    QCOMPARE(overlay.size(), size_t(200));
    const float* row = result.maps.row(1, 2, 1 + 2 * 25 + 3);
    for (size_t p = 0; p < overlay.size(); ++p) QCOMPARE(overlay[p], row[p + 1]);

    // Rollout overlays: the CLS row's share over the patches is at most 1 (the rest stays on CLS).
    panel.setOverlay(AttentionPanel::Overlay::RolloutCls);
    const std::vector<float> rollout = panel.overlayValues();
    QCOMPARE(rollout.size(), size_t(200));
    const double total = std::accumulate(rollout.begin(), rollout.end(), 0.0);
    QVERIFY(total > 0.0 && total <= 1.0 + 1e-5);
    panel.setRollout(1, 0.5);  // max fusion, half the weakest entries discarded
    QVERIFY(panel.overlayValues() != rollout);

    // The atlas ranked by entropy: focused heads first.
    panel.setRanking(AttentionPanel::Ranking::Entropy);
    const auto& tiles = panel.atlas()->tiles();
    double previous = -1;
    for (const auto& tile : tiles) {
      const double entropy = result.heads[static_cast<size_t>(tile.id)].entropy;
      QVERIFY(entropy >= previous);
      previous = entropy;
    }
    // Stepping to the second chunk recomputes.
    QSignalSpy done(&panel, &AttentionPanel::computed);
    panel.setChunk(1);
    QVERIFY(QTest::qWaitFor([&] { return done.count() >= 1 && !panel.isComputing(); }, 60000));
    QCOMPARE(panel.result().chunk, 1);
  }

  void timePatchingWorksToo() {
    AttentionPanel panel;
    QVERIFY(computeWith(panel, kGolden + "/time/weights.safetensors", kGolden + "/time/audio.wav"));
    const auto& result = panel.result();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.maps.grid_rows, int64_t(1));
    QCOMPARE(result.maps.grid_cols, int64_t(100));
    QCOMPARE(result.maps.tokens, int64_t(101));
    emit panel.view(1)->patchClicked(0, 42);
    QCOMPARE(panel.overlayValues().size(), size_t(100));
  }

  void badInputIsSaidInWords() {
    AttentionPanel panel;
    panel.openClip(kGolden + "/frame/audio.wav");
    QVERIFY(panel.message().contains(QStringLiteral("model")));
    QTemporaryDir dir;
    gramt::audio::AudioBuffer tiny;
    tiny.sample_rate = 32000;
    tiny.channels.assign(2, std::vector<float>(10, 0.1f));
    const QString path = QDir(dir.path()).filePath(QStringLiteral("tiny.wav"));
    gramt::audio::write_wav(path.toStdString(), tiny);
    QVERIFY(computeWith(panel, kGolden + "/frame/weights.safetensors", path));
    // Either a clear error or a (padded) chunk; never a crash.
    if (!panel.result().error.isEmpty()) QVERIFY(panel.message().contains(QStringLiteral("tiny.wav")));
    QVERIFY(computeWith(panel, QDir(dir.path()).filePath(QStringLiteral("missing.safetensors")), path));
    QVERIFY(!panel.result().error.isEmpty());
    QVERIFY(panel.message().contains(QStringLiteral("missing.safetensors")));
  }
};

QTEST_MAIN(AttentionPanelTest)
#include "attention_panel_test.moc"
