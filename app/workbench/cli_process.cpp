#include "app/workbench/cli_process.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <csignal>

namespace gramt::workbench {
namespace {

constexpr size_t kKeptLines = 200;

QString shellQuote(const QString& word) {
  static const QString safe = QStringLiteral("@%+=:,./-_");
  bool plain = !word.isEmpty();
  for (QChar c : word)
    if (!(c.isLetterOrNumber() || safe.contains(c))) plain = false;
  if (plain) return word;
  QString quoted = word;
  quoted.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
  return QStringLiteral("'") + quoted + QStringLiteral("'");
}

}  // namespace

CliProcess::CliProcess(QObject* parent) : QObject(parent) {
  connect(&process_, &QProcess::readyReadStandardOutput, this, &CliProcess::readStdout);
  connect(&process_, &QProcess::readyReadStandardError, this, &CliProcess::readStderr);
  connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    readStdout();
    readStderr();
    if (!stdout_buffer_.isEmpty()) takeLine(QString::fromUtf8(stdout_buffer_), true);
    if (!stderr_buffer_.isEmpty()) takeLine(QString::fromUtf8(stderr_buffer_), false);
    stdout_buffer_.clear();
    stderr_buffer_.clear();
    const bool crashed = status == QProcess::CrashExit;
    QString summary;
    if (crashed) {
      summary = tr("gramt-cli was killed (a crash, out of memory, or a kill signal)");
    } else if (code == 0) {
      summary = tr("finished");
    } else if (code == 130) {
      summary = tr("stopped on request");
    } else {
      summary = tr("gramt-cli exited with status %1").arg(code);
    }
    emit finished(code, crashed, summary);
  });
  connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart) {
      error_ = tr("could not start %1: %2").arg(cliPath(), process_.errorString());
      emit finished(-1, true, error_);
    }
  });
}

CliProcess::~CliProcess() {
  // A child outliving the window would keep training unseen: ask it to stop, as Ctrl-C would.
  if (process_.state() != QProcess::NotRunning) {
    stop();
    if (!process_.waitForFinished(15000)) process_.kill();
  }
}

QString CliProcess::cliPath() {
  const QString from_env = qEnvironmentVariable("GRAMT_CLI");
  if (!from_env.isEmpty()) return from_env;
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("gramt-cli"));
  if (QFileInfo(beside).isExecutable()) return beside;
  const QString on_path = QStandardPaths::findExecutable(QStringLiteral("gramt-cli"));
  return on_path.isEmpty() ? QStringLiteral("gramt-cli") : on_path;
}

bool CliProcess::start(const QStringList& arguments, const QString& working_directory) {
  if (isRunning()) {
    error_ = tr("a gramt-cli process is still running");
    return false;
  }
  error_.clear();
  last_lines_.clear();
  stdout_buffer_.clear();
  stderr_buffer_.clear();
  arguments_ = arguments;
  if (!working_directory.isEmpty()) process_.setWorkingDirectory(working_directory);
  process_.start(cliPath(), arguments);
  if (!process_.waitForStarted(10000)) {
    error_ = tr("could not start %1: %2").arg(cliPath(), process_.errorString());
    return false;
  }
  return true;
}

void CliProcess::stop() {
  if (process_.state() == QProcess::NotRunning) return;
  process_.terminate();  // SIGTERM on Unix
}

void CliProcess::kill() { process_.kill(); }

bool CliProcess::isRunning() const { return process_.state() != QProcess::NotRunning; }

qint64 CliProcess::processId() const { return process_.processId(); }

QString CliProcess::commandLine(const QString& program, const QStringList& arguments) {
  QStringList words{shellQuote(program)};
  for (const QString& a : arguments) words << shellQuote(a);
  return words.join(QLatin1Char(' '));
}

QString CliProcess::commandLine() const { return commandLine(QFileInfo(cliPath()).fileName(), arguments_); }

QStringList CliProcess::lastLines(int count) const {
  QStringList out;
  const size_t n = std::min(last_lines_.size(), static_cast<size_t>(std::max(0, count)));
  for (size_t i = last_lines_.size() - n; i < last_lines_.size(); ++i) out << last_lines_[i];
  return out;
}

void CliProcess::readStdout() {
  stdout_buffer_ += process_.readAllStandardOutput();
  qsizetype newline;
  while ((newline = stdout_buffer_.indexOf('\n')) >= 0) {
    takeLine(QString::fromUtf8(stdout_buffer_.left(newline)), true);
    stdout_buffer_.remove(0, newline + 1);
  }
}

void CliProcess::readStderr() {
  stderr_buffer_ += process_.readAllStandardError();
  qsizetype newline;
  // A progress bar redraws its line with '\r': each redraw counts as a line of its own.
  while ((newline = stderr_buffer_.indexOf('\n')) >= 0 || (newline = stderr_buffer_.indexOf('\r')) >= 0) {
    takeLine(QString::fromUtf8(stderr_buffer_.left(newline)), false);
    stderr_buffer_.remove(0, newline + 1);
  }
}

void CliProcess::takeLine(const QString& line, bool may_be_json) {
  const QString text = line.trimmed();
  if (text.isEmpty()) return;
  if (may_be_json && text.startsWith(QLatin1Char('{'))) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && doc.isObject()) {
      emit progress(doc.object());
      return;
    }
  }
  last_lines_.push_back(text);
  if (last_lines_.size() > kKeptLines) last_lines_.pop_front();
  emit outputLine(text);
}

}  // namespace gramt::workbench
