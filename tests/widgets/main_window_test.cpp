// The workbench window: its panels, opening files (menu path, drop), recent files.
#include <QListWidget>
#include <QtTest>

#include <cmath>

#include "app/workbench/application_icon.h"
#include "app/workbench/inspect_panel.h"
#include "app/workbench/main_window.h"
#include "app/workbench/recent_files.h"
#include "core/audio/audio_file.h"

using gramt::workbench::MainWindow;

class MainWindowTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString path_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GRAM-T-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("main-window-test"));
    gramt::workbench::RecentFiles().clear();
    gramt::audio::AudioBuffer audio;
    audio.sample_rate = 16000;
    audio.channels.assign(2, std::vector<float>(8000, 0.1f));
    path_ = dir_.filePath(QStringLiteral("short.wav"));
    gramt::audio::write_wav(path_.toStdString(), audio);
  }

  void hasSixPanelsAndStartsOnInspect() {
    MainWindow window;
    QCOMPARE(window.currentPanel(), MainWindow::Inspect);
    window.showPanel(MainWindow::Localization);
    QCOMPARE(window.currentPanel(), MainWindow::Localization);
    QVERIFY(window.findChild<QListWidget*>() != nullptr);
    QCOMPARE(window.findChild<QListWidget*>()->count(), 6);
    QVERIFY(window.showPanelNamed(QStringLiteral("embeddings")));
    QCOMPARE(window.currentPanel(), MainWindow::Embeddings);
  }

  void applicationIconIsCompiledIn() {
    const QIcon icon = gramt::workbench::applicationIcon();
    QVERIFY(!icon.isNull());
    const QList<QSize> sizes = icon.availableSizes();
    QVERIFY(sizes.contains(QSize(16, 16)));
    QVERIFY(sizes.contains(QSize(256, 256)));
    // The picture itself loads (not just its file name): a 256-px image with opaque pixels.
    const QImage image = icon.pixmap(QSize(256, 256)).toImage();
    QCOMPARE(image.size(), QSize(256, 256));
    QVERIFY(qAlpha(image.pixel(128, 128)) > 0);
  }

  void openingAFileShowsInspectAndRemembersIt() {
    MainWindow window;
    window.showPanel(MainWindow::Train);
    QSignalSpy finished(window.inspectPanel(), &gramt::workbench::InspectPanel::loadFinished);
    window.openAudioFile(path_);
    QCOMPARE(window.currentPanel(), MainWindow::Inspect);
    QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, 60000));
    QVERIFY(window.windowTitle().contains(QStringLiteral("short.wav")));
    QCOMPARE(gramt::workbench::RecentFiles().paths().value(0), QFileInfo(path_).absoluteFilePath());
  }

  void droppingAFileOpensIt() {
    MainWindow window;
    QSignalSpy started(window.inspectPanel(), &gramt::workbench::InspectPanel::loadStarted);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path_)});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toString(), path_);
    QVERIFY(QTest::qWaitFor([&] { return !window.inspectPanel()->isLoading(); }, 60000));
    QCOMPARE(window.inspectPanel()->loadedPath(), path_);
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
