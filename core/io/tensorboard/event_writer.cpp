#include "core/io/tensorboard/event_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/common/error.h"
#include "core/io/tensorboard/tfrecord.h"

namespace gramt::tensorboard {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileVersion = "brain.Event:2";

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

double wall_time_now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

EventWriter::EventWriter(const std::string& log_dir) {
  std::error_code ec;
  fs::create_directories(log_dir, ec);
  if (ec) throw Error(log_dir + ": cannot create the TensorBoard folder: " + ec.message());
  const auto seconds = static_cast<long long>(wall_time_now());
  const std::string base = (fs::path(log_dir) / ("events.out.tfevents." + std::to_string(seconds) + "." + host_name())).string();
  // O_EXCL: two writers started in the same second (a resumed run, say) get different files.
  for (int attempt = 0; fd_ < 0; ++attempt) {
    path_ = attempt == 0 ? base : base + "." + std::to_string(attempt);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0 && (errno != EEXIST || attempt >= 1000))
      throw Error(path_ + ": cannot create the event file: " + std::strerror(errno));
  }
  proto::Event first;
  first.set_file_version(kFileVersion);
  add_event(std::move(first));
}

EventWriter::~EventWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void EventWriter::add_scalar(const std::string& tag, double value, int64_t step) {
  proto::Event event;
  event.set_step(step);
  auto* v = event.mutable_summary()->add_value();
  v->set_tag(tag);
  v->set_simple_value(static_cast<float>(value));
  add_event(std::move(event));
}

void EventWriter::add_image(const std::string& tag, const std::string& png, int height, int width, int64_t step) {
  proto::Event event;
  event.set_step(step);
  auto* v = event.mutable_summary()->add_value();
  v->set_tag(tag);
  auto* image = v->mutable_image();
  image->set_height(height);
  image->set_width(width);
  image->set_colorspace(3);  // RGB
  image->set_encoded_image_string(png);
  add_event(std::move(event));
}

void EventWriter::add_event(proto::Event event) {
  if (event.wall_time() == 0.0) event.set_wall_time(wall_time_now());
  std::string data;
  if (!event.SerializeToString(&data)) throw Error(path_ + ": cannot serialise an event");
  write_record(frame_record(data));
}

void EventWriter::write_record(const std::string& bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path_ + ": write failed: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

void EventWriter::sync() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (::fsync(fd_) != 0) throw Error(path_ + ": fsync failed: " + std::strerror(errno));
}

}  // namespace gramt::tensorboard
