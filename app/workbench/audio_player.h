#pragma once
// Plays one or two channels through the default output device with RtAudio. Where there is no
// device (headless machines, CI) play() says so and returns false; nothing else depends on sound.
// A listening mode routes a stereo pair to the speakers (one ear, swapped, mid, side), and a loop
// range makes playback wrap instead of ending.
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class RtAudio;

namespace gramt::workbench {

// How a stereo pair reaches the two speakers. Left only / right only keep that ear's signal on its
// own side and silence the other, so headphones still say which ear hears what.
enum class ListenMode { Both, LeftOnly, RightOnly, Swapped, Mid, Side };

struct SpeakerPair {
  float left = 0.0f, right = 0.0f;
};
// The speaker signals of one stereo sample (mono input: pass the same sample as both).
SpeakerPair routeSample(ListenMode mode, float left, float right);

class AudioPlayer : public QObject {
  Q_OBJECT

 public:
  using Channel = std::shared_ptr<const std::vector<float>>;

  explicit AudioPlayer(QObject* parent = nullptr);
  ~AudioPlayer() override;

  // One channel plays on both speakers; with two, the first is left and the second right.
  void setAudio(std::vector<Channel> channels, int sample_rate);
  double durationSeconds() const;

  // Takes effect immediately, also while playing.
  void setListenMode(ListenMode mode) { mode_.store(mode); }
  ListenMode listenMode() const { return mode_.load(); }
  // Plays [from, to) seconds over and over; to <= from turns looping off. Takes effect at the next play().
  void setLoop(double from_seconds, double to_seconds);
  bool isLooping() const { return loop_to_seconds_ > loop_from_seconds_; }

  // Starts at `from_seconds`. Returns false with a message a user can read when it cannot play.
  bool play(double from_seconds, QString* error);
  // Reads an audio file (its first two channels) and plays it from the start; false with the reader's
  // or the device's message.
  bool playFile(const QString& path, QString* error);
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
  std::atomic<ListenMode> mode_{ListenMode::Both};
  double loop_from_seconds_ = 0.0, loop_to_seconds_ = 0.0;
  int64_t loop_begin_ = 0, loop_end_ = 0;  // device-rate frames; loop_end_ <= loop_begin_: no loop
};

}  // namespace gramt::workbench
