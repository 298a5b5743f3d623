#include "app/workbench/audio_player.h"

#include <rtaudio/RtAudio.h>

#include <algorithm>
#include <cmath>
#include <exception>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"

namespace gramt::workbench {

namespace {

constexpr unsigned int kBufferFrames = 512;

// The rate to open the device at: the file's when the device offers it, else the device's own.
unsigned int chooseDeviceRate(const RtAudio::DeviceInfo& info, int wanted) {
  const auto& rates = info.sampleRates;
  if (std::find(rates.begin(), rates.end(), static_cast<unsigned int>(wanted)) != rates.end() || rates.empty())
    return static_cast<unsigned int>(wanted);
  if (info.preferredSampleRate > 0) return info.preferredSampleRate;
  return rates.back();
}

}  // namespace

SpeakerPair routeSample(ListenMode mode, float left, float right) {
  switch (mode) {
    case ListenMode::Both: return {left, right};
    case ListenMode::LeftOnly: return {left, 0.0f};
    case ListenMode::RightOnly: return {0.0f, right};
    case ListenMode::Swapped: return {right, left};
    case ListenMode::Mid: {
      const float mid = 0.5f * (left + right);
      return {mid, mid};
    }
    case ListenMode::Side: {
      const float side = 0.5f * (left - right);
      return {side, side};
    }
  }
  return {left, right};
}

AudioPlayer::AudioPlayer(QObject* parent) : QObject(parent) {}

AudioPlayer::~AudioPlayer() { stop(); }

void AudioPlayer::setAudio(std::vector<Channel> channels, int sample_rate) {
  stop();
  channels_ = std::move(channels);
  device_channels_.clear();
  sample_rate_ = sample_rate;
  device_rate_ = 0;
  position_ = 0;
  loop_from_seconds_ = loop_to_seconds_ = 0.0;
}

void AudioPlayer::setLoop(double from_seconds, double to_seconds) {
  loop_from_seconds_ = from_seconds;
  loop_to_seconds_ = to_seconds;
}

double AudioPlayer::durationSeconds() const {
  if (channels_.empty() || sample_rate_ <= 0) return 0.0;
  return static_cast<double>(channels_.front()->size()) / sample_rate_;
}

bool AudioPlayer::playFile(const QString& path, QString* error) {
  try {
    const audio::AudioBuffer clip = audio::read_audio(path.toStdString());
    std::vector<Channel> channels;
    for (size_t c = 0; c < std::min<size_t>(2, clip.channels.size()); ++c)
      channels.push_back(std::make_shared<const std::vector<float>>(clip.channels[c]));
    stop();
    setAudio(std::move(channels), clip.sample_rate);
    return play(0.0, error);
  } catch (const Error& e) {
    *error = QString::fromStdString(e.what());
    return false;
  }
}

bool AudioPlayer::play(double from_seconds, QString* error) {
  stop();
  if (channels_.empty() || sample_rate_ <= 0) {
    if (error) *error = tr("Nothing to play: open an audio file first.");
    return false;
  }
  try {
    // Created per play: probing the sound system is slow and noisy, and many sessions never play.
    rtaudio_ = std::make_unique<RtAudio>();
    rtaudio_->showWarnings(false);
    if (rtaudio_->getDeviceCount() == 0) {
      rtaudio_.reset();
      if (error) *error = tr("No audio output device was found, so playback is off; everything else works.");
      return false;
    }
    const unsigned int device = rtaudio_->getDefaultOutputDevice();
    const RtAudio::DeviceInfo info = rtaudio_->getDeviceInfo(device);
    if (info.outputChannels == 0) {
      rtaudio_.reset();
      if (error) *error = tr("The default audio device \"%1\" has no outputs.").arg(QString::fromStdString(info.name));
      return false;
    }
    const auto rate = static_cast<int>(chooseDeviceRate(info, sample_rate_));
    if (rate != device_rate_ || device_channels_.empty()) {
      device_channels_.clear();
      for (const Channel& channel : channels_)
        device_channels_.push_back(rate == sample_rate_ ? channel
                                                        : std::make_shared<const std::vector<float>>(
                                                              audio::resample_channel(*channel, sample_rate_, rate)));
      device_rate_ = rate;
    }
    const int64_t total = static_cast<int64_t>(device_channels_.front()->size());
    loop_begin_ = loop_end_ = 0;
    if (isLooping()) {
      loop_begin_ = std::clamp<int64_t>(static_cast<int64_t>(std::llround(loop_from_seconds_ * device_rate_)), 0, total);
      loop_end_ = std::clamp<int64_t>(static_cast<int64_t>(std::llround(loop_to_seconds_ * device_rate_)), 0, total);
      // Starting outside the loop starts at its beginning.
      if (from_seconds * device_rate_ < loop_begin_ || from_seconds * device_rate_ >= loop_end_)
        from_seconds = static_cast<double>(loop_begin_) / device_rate_;
    }
    position_ = std::clamp<int64_t>(static_cast<int64_t>(std::llround(from_seconds * device_rate_)), 0, total);
    reached_end_ = position_ >= total;

    RtAudio::StreamParameters output;
    output.deviceId = device;
    output.nChannels = std::min(2u, info.outputChannels);
    output_channels_ = output.nChannels;  // set before the stream starts, read by its thread
    unsigned int buffer_frames = kBufferFrames;
    rtaudio_->openStream(&output, nullptr, RTAUDIO_FLOAT32, static_cast<unsigned int>(device_rate_), &buffer_frames,
                         &AudioPlayer::fillBuffer, this);
    rtaudio_->startStream();
    return true;
  } catch (const std::exception& e) {  // RtAudioError derives from std::runtime_error
    rtaudio_.reset();
    if (error) *error = tr("Playback failed: %1").arg(QString::fromStdString(e.what()));
    return false;
  }
}

void AudioPlayer::stop() {
  if (!rtaudio_) return;
  try {
    if (rtaudio_->isStreamRunning()) rtaudio_->abortStream();
    if (rtaudio_->isStreamOpen()) rtaudio_->closeStream();
  } catch (const std::exception&) {
    // Closing a device that went away must not take the application down; it is released below.
  }
  rtaudio_.reset();
}

bool AudioPlayer::isPlaying() const {
  return rtaudio_ && !reached_end_.load() && rtaudio_->isStreamRunning();
}

double AudioPlayer::positionSeconds() const {
  const int rate = device_rate_ > 0 ? device_rate_ : sample_rate_;
  return rate > 0 ? static_cast<double>(position_.load()) / rate : 0.0;
}

int AudioPlayer::fillBuffer(void* output, void* /*input*/, unsigned int frames, double /*stream_time*/,
                            unsigned int /*status*/, void* self) {
  // Runs on the audio thread: reads only immutable sample vectors and the atomic position.
  auto* player = static_cast<AudioPlayer*>(self);
  auto* out = static_cast<float*>(output);
  const auto& channels = player->device_channels_;
  const int64_t total = static_cast<int64_t>(channels.front()->size());
  const bool looping = player->loop_end_ > player->loop_begin_;
  const unsigned int device_channels = player->output_channels_;
  const ListenMode mode = player->mode_.load();
  const std::vector<float>& left = *channels.front();
  const std::vector<float>& right = *channels[std::min<size_t>(1, channels.size() - 1)];
  int64_t index = player->position_.load();
  for (unsigned int i = 0; i < frames; ++i, ++index) {
    if (looping && index >= player->loop_end_) index = player->loop_begin_;
    SpeakerPair pair;
    if (index < total) pair = routeSample(mode, left[static_cast<size_t>(index)], right[static_cast<size_t>(index)]);
    if (device_channels == 1) {
      out[i] = 0.5f * (pair.left + pair.right);
    } else {
      for (unsigned int c = 0; c < device_channels; ++c) out[i * device_channels + c] = c == 0 ? pair.left : pair.right;
    }
  }
  if (looping && index >= player->loop_end_) index = player->loop_begin_;
  const int64_t next = std::min<int64_t>(index, total);
  player->position_.store(next);
  if (next >= total) {
    player->reached_end_.store(true);
    return 1;  // drain what was handed over, then stop the stream
  }
  return 0;
}

}  // namespace gramt::workbench
