#pragma once
// Long work of the panels (training, evaluation, making tasks) runs in a gramt-cli child process,
// never inside the workbench: a crash or an out-of-memory there cannot take the window down, and the
// same command line runs unchanged on a cluster. The child is started with `--progress json`, so
// its stdout is one JSON object per line, which arrives here as progress(); every other line (its
// stderr, say) is kept, the last ones for the message shown when the child fails.
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <deque>

namespace gramt::workbench {

class CliProcess : public QObject {
  Q_OBJECT

 public:
  explicit CliProcess(QObject* parent = nullptr);
  ~CliProcess() override;

  // $GRAMT_CLI when set, else gramt-cli beside this program (build tree and installs alike), else
  // gramt-cli on PATH.
  static QString cliPath();

  // False (with the reason in errorString()) when the program cannot be started.
  bool start(const QStringList& arguments, const QString& working_directory = {});
  // SIGTERM, which gramt-cli handles like Ctrl-C: training saves a checkpoint and stops, evaluation
  // stops and keeps finished work for the next run.
  void stop();
  void kill();
  bool isRunning() const;
  qint64 processId() const;
  QString errorString() const { return error_; }

  // The command as a user would type it in a shell (quoted where needed).
  QString commandLine() const;
  static QString commandLine(const QString& program, const QStringList& arguments);

  QStringList lastLines(int count) const;  // non-JSON output, newest last

 signals:
  void progress(const QJsonObject& record);
  void outputLine(const QString& line);
  // crashed: killed by a signal (not a plain non-zero exit); summary says what happened in words.
  void finished(int exit_code, bool crashed, const QString& summary);

 private:
  void readStdout();
  void readStderr();
  void takeLine(const QString& line, bool may_be_json);

  QProcess process_;
  QStringList arguments_;
  QByteArray stdout_buffer_, stderr_buffer_;
  std::deque<QString> last_lines_;
  QString error_;
};

}  // namespace gramt::workbench
