#include <algorithm>
#include <set>

#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

namespace {

const std::vector<std::string> kWords = {"yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"};
const std::vector<std::string> kAccents = {"en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan",
                                           "en-gb-x-gbcwmd"};
const std::vector<std::string> kVariants = {"m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2",
                                            "f3", "f4", "f5", "klatt", "klatt2", "klatt4"};

}  // namespace

TaskSpec make_keyword_task(RecipeContext& c) {
  const TaskSizes& s = c.sizes;
  const int rate = c.renderer.sample_rate();
  if (s.keyword_words < 2 || s.keyword_words > static_cast<int>(kWords.size()))
    throw Error("keyword task: between 2 and " + std::to_string(kWords.size()) + " words");
  TaskSpec task;
  task.task_name = "mini_keywords";
  task.mode = s.name;
  task.sample_duration = 1.0;
  task.evaluation = {"top1_acc", "mAP", "d_prime", "aucroc"};
  task.description = "Spoken command words, one per 1-s clip, by espeak-ng voices; every voice (accent + variant) "
                     "belongs to one split only.";
  task.sources = {espeak_source()};
  std::vector<std::string> words(kWords.begin(), kWords.begin() + s.keyword_words);
  std::vector<std::string> sorted = words;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& w : sorted) task.vocabulary.emplace_back(w);

  // Voices: accent x variant, shuffled, then dealt to the splits without overlap.
  std::vector<std::string> voices;
  for (const auto& a : kAccents)
    for (const auto& v : kVariants) voices.push_back(a + "+" + v);
  c.random.shuffle(voices);
  const int counts[3] = {s.keyword_train_voices, s.keyword_valid_voices, s.keyword_test_voices};
  const char* splits[3] = {"train", "valid", "test"};
  size_t next_voice = 0;
  for (int split = 0; split < 3; ++split) {
    for (int v = 0; v < counts[split]; ++v) {
      const std::string voice = voices.at(next_voice++);
      for (const std::string& word : words) {
        SpeechVoice speaker{voice, static_cast<int>(c.random.integer(35, 65)), static_cast<int>(c.random.integer(140, 185))};
        Signal spoken = c.renderer.speak(word, speaker);
        const size_t length = static_cast<size_t>(rate);
        if (spoken.size() > length) spoken.resize(length);
        apply_fades(spoken, 32, static_cast<size_t>(rate / 100));
        const size_t offset = static_cast<size_t>(c.random.below(length - spoken.size() + 1));
        Signal clip = place_in_clip(spoken, length, offset);
        const double level = c.random.uniform(0.3, 0.8);
        scale_to_peak(clip, level);
        TaskClip out;
        out.split = splits[split];
        out.file = word + "_" + file_safe(voice) + ".wav";
        out.audio = mono_buffer(std::move(clip), rate);
        out.labels = nlohmann::ordered_json::array({word});
        out.origin = {"espeak-ng", "voice " + voice + " pitch " + std::to_string(speaker.pitch) + " speed " +
                                       std::to_string(speaker.speed) + " text '" + word + "'",
                      espeak_source().licence,
                      "resampled to 32 kHz, quiet ends trimmed (-40 dB), placed at " +
                          std::to_string(offset) + " samples, peak " + std::to_string(level).substr(0, 4)};
        task.clips.push_back(std::move(out));
      }
    }
  }
  return task;
}

}  // namespace gramt::eval::taskmaker
