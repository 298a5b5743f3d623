#pragma once
// Plays one or two channels through the default output device with RtAudio. Where there is no
// device (headless machines, CI) play() says so and returns false; nothing else depends on sound.
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class RtAudio;

namespace gramt::workbench {

class AudioPlayer : public QObject {
  Q_OBJECT

 public:
  using Channel = std::shared_ptr<const std::vector<float>>;

  explicit AudioPlayer(QObject* parent = nullptr);
  ~AudioPlayer() override;

  // One channel plays on both speakers; with two, the first is left and the second right.
  void setAudio(std::vector<Channel> channels, int sample_rate);
  double durationSeconds() const;

  // Starts at `from_seconds`. Returns false with a message a user can read when it cannot play.
  bool play(double from_seconds, QString* error);
  void stop();
  // True from play() until stop() or the end of the audio.
  bool isPlaying() const;
  // Seconds into the audio of the samples last handed to the device.
  double positionSeconds() const;

 private:
  static int fillBuffer(void* output, void* input, unsigned int frames, double stream_time, unsigned int status,
                        void* self);

  std::unique_ptr<RtAudio> rtaudio_;
  std::vector<Channel> channels_;       // as given
  std::vector<Channel> device_channels_;  // at the device's rate (the same objects when it matches)
  int sample_rate_ = 0;
  int device_rate_ = 0;
  unsigned int output_channels_ = 2;
  std::atomic<int64_t> position_{0};    // in device-rate frames
  std::atomic<bool> reached_end_{false};
};

}  // namespace gramt::workbench
