// The Embeddings panel on small embeddings folders: PCA at once, colour keys from the clip facts,
// the azimuth round a hue circle, nearest clips, t-SNE off the UI thread (finished and cancelled),
// hover lookup, and bad folders refused in one line with nothing drawn.
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <limits>

#include "app/workbench/clip_colouring.h"
#include "app/workbench/embeddings_bench.h"
#include "app/workbench/embeddings_panel.h"
#include "widgets/scatter_map_view.h"

using gramt::workbench::EmbeddingsPanel;

class EmbeddingsPanelTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir root_;
  QString task_dir_;

 private slots:
  void initTestCase() {
    task_dir_ = QDir(root_.path()).filePath(QStringLiteral("embeddings/model-a/bench_embeddings"));
    gramt::workbench::writeSyntheticEmbeddingsTask(task_dir_, 200, 16);
  }

  void opensARootAndDrawsPca() {
    EmbeddingsPanel panel;
    QVERIFY(panel.openFolder(QDir(root_.path()).filePath(QStringLiteral("embeddings"))));
    QCOMPARE(panel.models(), QStringList{QStringLiteral("model-a")});
    QCOMPARE(panel.tasks(), QStringList{QStringLiteral("bench_embeddings")});
    QCOMPARE(panel.clipCount(), 200);
    QCOMPARE(panel.points().size(), size_t{400});
    for (double v : panel.points()) QVERIFY(std::isfinite(v));
    QVERIFY(panel.message().isEmpty());
    for (const char* key : {"label", "split", "azimuth_deg", "elevation_deg", "rt60_s", "snr_db"})
      QVERIFY2(panel.colourKeys().contains(QLatin1String(key)), key);
    QVERIFY(panel.commandLine().startsWith(QStringLiteral("gramt-cli project ")));
    QVERIFY(panel.commandLine().contains(QStringLiteral("--method pca")));
    QCOMPARE(panel.clips()[0].file, std::string("train_0.wav"));  // rows named from the per-file embeddings
  }

  void azimuthGoesRoundAHueCircle() {
    std::vector<gramt::eval::projection::EmbeddedClip> clips;
    for (double azimuth : {5.0, 355.0, 180.0}) {
      gramt::eval::projection::EmbeddedClip c;
      c.facts.numbers["azimuth_deg"] = azimuth;
      clips.push_back(c);
    }
    clips.push_back({});  // no value
    const auto colouring = gramt::workbench::colourClips(clips, QStringLiteral("azimuth_deg"));
    QCOMPARE(colouring.group_of.size(), size_t{4});
    const QColor low = colouring.groups[static_cast<size_t>(colouring.group_of[0])].colour;
    const QColor high = colouring.groups[static_cast<size_t>(colouring.group_of[1])].colour;
    const QColor middle = colouring.groups[static_cast<size_t>(colouring.group_of[2])].colour;
    // 5° and 355° sit side by side on the wheel; 180° is across it.
    const auto hue_gap = [](const QColor& a, const QColor& b) {
      const double d = std::abs(a.hueF() - b.hueF());
      return std::min(d, 1.0 - d);
    };
    QVERIFY(hue_gap(low, high) < 0.1);
    QVERIFY(hue_gap(low, middle) > 0.4);
    QCOMPARE(colouring.groups[static_cast<size_t>(colouring.group_of[3])].name, QStringLiteral("no value"));
  }

  void pickListsTenNearestClips() {
    EmbeddingsPanel panel;
    QVERIFY(panel.openTask(task_dir_));
    panel.selectClip(3);
    QCOMPARE(panel.selectedClip(), 3);
    QCOMPARE(panel.neighbours().size(), size_t{10});
    int same = 0;
    for (int64_t n : panel.neighbours()) {
      QVERIFY(n != 3);
      same += panel.clips()[static_cast<size_t>(n)].label == panel.clips()[3].label;
    }
    QVERIFY(same >= 8);  // the classes are well apart in the synthetic embeddings
  }

  void openInAttentionNeedsTheClipsAudio() {
    // The synthetic task has no audio beside it: the button says so instead of opening nothing.
    EmbeddingsPanel panel;
    QVERIFY(panel.openTask(task_dir_));
    panel.selectClip(3);
    auto* button = panel.findChild<QPushButton*>(QStringLiteral("embeddingsOpenInAttention"));
    QVERIFY(button != nullptr);
    QSignalSpy status(&panel, &EmbeddingsPanel::statusMessage);
    QSignalSpy attention(&panel, &EmbeddingsPanel::attentionRequested);
    button->click();
    QCOMPARE(attention.count(), 0);
    QCOMPARE(status.count(), 1);
    QVERIFY(status.at(0).at(0).toString().contains(QStringLiteral("audio was not found")));
  }

  void hoverFindsThePointUnderTheMouse() {
    EmbeddingsPanel panel;
    panel.resize(1200, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.openTask(task_dir_));
    panel.redrawAll();
    gramt::widgets::ScatterMapView* map = panel.mapView();
    for (int i : {0, 57, 199}) {
      const int found = map->pointAt(map->pixelOf(i), 1.0);
      QVERIFY(found >= 0);
      QVERIFY(map->pixelOf(found) == map->pixelOf(i));  // that point, or one drawn on the same pixel
    }
  }

  void tsneRunsOffTheUiThreadAndCanBeCancelled() {
    EmbeddingsPanel panel;
    QVERIFY(panel.openTask(task_dir_));
    const std::vector<double> pca = panel.points();
    QSignalSpy finished(&panel, &EmbeddingsPanel::projectionFinished);
    panel.setProjection(QStringLiteral("tsne"));
    QVERIFY(panel.projectionRunning());
    panel.cancelProjection();
    QVERIFY(finished.wait(10000) || finished.count() > 0);
    QCOMPARE(finished.takeFirst().at(0).toBool(), false);
    QCOMPARE(panel.points(), pca);  // the cancelled map never replaced the one shown
    panel.setProjection(QStringLiteral("tsne"));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QCOMPARE(panel.points().size(), size_t{400});
    QVERIFY(panel.points() != pca);
    QVERIFY(panel.commandLine().contains(QStringLiteral("--method tsne")));
  }

  void badFoldersAreOneLineAndNothingIsDrawn() {
    EmbeddingsPanel panel;
    QVERIFY(panel.openTask(task_dir_));
    QTemporaryDir other;
    QVERIFY(!panel.openFolder(other.path()));
    QVERIFY(panel.message().contains(QStringLiteral("holds no embeddings task folders")));
    // A copy of the task with a NaN in its valid split.
    const QString bad = QDir(other.path()).filePath(QStringLiteral("m/bad_task"));
    gramt::workbench::writeSyntheticEmbeddingsTask(bad, 40, 8);
    {
      std::fstream f(QDir(bad).filePath(QStringLiteral("valid.embeddings.npy")).toStdString(),
                     std::ios::in | std::ios::out | std::ios::binary);
      const float nan = std::numeric_limits<float>::quiet_NaN();
      f.seekp(8 * 4 + 4);  // row 1
      f.write(reinterpret_cast<const char*>(&nan), 4);
    }
    QVERIFY(!panel.openTask(bad));
    QVERIFY2(panel.message().contains(QStringLiteral("valid.embeddings.npy: row 1")), qPrintable(panel.message()));
    QVERIFY(!panel.message().contains(QLatin1Char('\n')));
    QCOMPARE(panel.clipCount(), 0);
    QCOMPARE(panel.mapView()->pointCount(), 0);
  }
};

QTEST_MAIN(EmbeddingsPanelTest)
#include "embeddings_panel_test.moc"
