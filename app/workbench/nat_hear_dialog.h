#pragma once
// The form of `gramt-cli make-nat-hear`: which HEAR task folders become Nat-HEAR ones, where they
// go, and the scene draws (seed, SNR range, noise sources, noise recordings, localization). It only
// builds the command; the Evaluate panel runs it as a child process. OK stays disabled, with the
// reason shown, while the command could not run (an output folder inside the input, say).
#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace gramt::workbench {

class NatHearDialog : public QDialog {
  Q_OBJECT

 public:
  // `panel_tasks_dir`: the tasks folder the panel shows, the input's default.
  explicit NatHearDialog(const QString& panel_tasks_dir, QWidget* parent = nullptr);

  // Where the output goes unless the user says otherwise: beside the input (`<input>-nat`) when the
  // input is the panel's tasks folder (or holds it), else the panel's tasks folder itself.
  static QString defaultOutputDir(const QString& input_dir, const QString& panel_tasks_dir);

  void setInputDir(const QString& dir);  // rereads its task folders; the output follows unless edited
  QString inputDir() const;
  void setOutputDir(const QString& dir);
  QString outputDir() const;
  QStringList availableTasks() const;
  void setSelectedTasks(const QStringList& tasks);  // empty: every task
  QStringList selectedTasks() const;
  bool setLocalization(const QString& mode);  // off | also | only
  bool setFormat(const QString& format);      // binaural | foa
  void setSeed(int seed);
  void setSnrRange(double lowest_db, double highest_db);
  void setNoiseSourcesRange(int fewest, int most);
  void setNoiseDir(const QString& dir);  // empty: the mini benchmark's sound effects
  void setSkipBadClips(bool skip);
  bool setRoomSource(const QString& kind, const QString& data = {});  // sofa | folder | shards (+ folder or pattern)
  void setHeldOutRooms(bool held_out);
  void setThreads(int threads);  // 0: every core

  QStringList arguments() const;  // make-nat-hear ... (without --progress json)
  QString commandLine() const;
  QString problem() const;        // "" when the command can run
  void accept() override;         // refused (the dialog stays open) while problem() is not empty

 private:
  void buildUi();
  void refresh();

  QString panel_tasks_dir_;
  bool output_edited_ = false;  // a folder the user chose is kept when the input changes
  QString listed_input_;        // the input whose task folders the list shows
  QLineEdit* input_ = nullptr;
  QLineEdit* output_ = nullptr;
  QListWidget* tasks_ = nullptr;
  QComboBox* localization_ = nullptr;
  QComboBox* format_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QDoubleSpinBox* snr_min_ = nullptr;
  QDoubleSpinBox* snr_max_ = nullptr;
  QSpinBox* sources_min_ = nullptr;
  QSpinBox* sources_max_ = nullptr;
  QLineEdit* noise_dir_ = nullptr;
  QCheckBox* skip_bad_clips_ = nullptr;
  QComboBox* room_source_ = nullptr;
  QLineEdit* room_data_ = nullptr;
  QPushButton* room_browse_ = nullptr;
  QCheckBox* held_out_rooms_ = nullptr;
  QSpinBox* threads_ = nullptr;
  QPlainTextEdit* command_ = nullptr;
  QLabel* problem_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace gramt::workbench
