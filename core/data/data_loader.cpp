#include "core/data/data_loader.h"

#include <omp.h>

#include <chrono>
#include <new>
#include <stdexcept>

#include "core/common/error.h"
#include "core/data/audio_decoding.h"

namespace gramt::data {
namespace {

// Fills failed slots with the next good slot of the same set (cyclically); returns false when no
// slot is good.
template <class Prepared>
bool fill_failed_slots(Prepared& set) {
  const size_t n = set.signals.size();
  std::vector<bool> good(n);
  bool any = false;
  for (size_t i = 0; i < n; ++i) any |= (good[i] = !set.signals[i].empty());
  if (!any) return false;
  for (size_t i = 0; i < n; ++i) {
    if (good[i]) continue;
    size_t j = (i + 1) % n;
    while (!good[j]) j = (j + 1) % n;
    set.signals[i] = set.signals[j];
    set.names[i] = set.names[j];
  }
  return true;
}

}  // namespace

void DataLoaderParams::validate() const {
  batch.validate();
  if (clips_per_batch < 1) throw Error("data: clips_per_batch must be at least 1");
  if (workers < 1) throw Error("data: workers must be at least 1");
  if (prefetch_batches < 1) throw Error("data: prefetch_batches must be at least 1");
  if (start_batch < 0) throw Error("data: start_batch must not be negative");
  if (max_replacements < 0) throw Error("data: max_replacements must not be negative");
}

DataLoader::DataLoader(DataLoaderParams params, std::shared_ptr<ClipSequence> clips,
                       std::shared_ptr<ClipSequence> noise, std::shared_ptr<const SceneRenderer> scenes,
                       std::shared_ptr<SkipLog> skips)
    : params_(std::move(params)),
      clips_(std::move(clips)),
      noise_(std::move(noise)),
      skips_(skips ? std::move(skips) : std::make_shared<SkipLog>()),
      builder_(params_.batch, std::move(scenes)),
      next_to_claim_(params_.start_batch),
      next_to_deliver_(params_.start_batch),
      next_to_fetch_(params_.start_batch) {
  params_.validate();
  if (!clips_) throw Error("data loader: no clip source");
  threads_.reserve(static_cast<size_t>(params_.workers));
  for (int i = 0; i < params_.workers; ++i) threads_.emplace_back([this] { work(); });
}

DataLoader::~DataLoader() { stop(); }

void DataLoader::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::lock_guard<std::mutex> sequence_lock(sequence_mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  ready_cv_.notify_all();
  sequence_cv_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
}

int64_t DataLoader::next_batch_index() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_to_deliver_;
}

bool DataLoader::exact_resume() const { return clips_->exact_resume() && (!noise_ || noise_->exact_resume()); }

LoaderCounters DataLoader::counters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  LoaderCounters c;
  c.batches_built = batches_built_;
  c.batches_delivered = batches_delivered_;
  c.items_skipped = static_cast<int64_t>(skips_->items().size());
  c.skip_events = skips_->count();
  c.wait_seconds_total = wait_total_;
  c.last_wait_seconds = wait_last_;
  return c;
}

TrainingBatch DataLoader::next() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  ready_cv_.wait(lock, [&] { return stopping_ || ready_.count(next_to_deliver_) > 0; });
  wait_last_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  wait_total_ += wait_last_;
  if (stopping_) throw Error("data loader was stopped");
  auto it = ready_.find(next_to_deliver_);
  // A failed batch stays in place, so every later call reports the same error.
  if (it->second.error) std::rethrow_exception(it->second.error);
  TrainingBatch batch = std::move(*it->second.batch);
  ready_.erase(it);
  ++next_to_deliver_;
  ++batches_delivered_;
  lock.unlock();
  work_cv_.notify_all();
  return batch;
}

void DataLoader::work() {
  // Workers run LibTorch ops (STFT, copies). With LibTorch's OpenMP backend a thread's parallel
  // regions use that thread's own OpenMP setting; one thread per worker keeps the workers from
  // each starting a team of all cores beside the trainer's forward pass. at::set_num_threads would
  // also change the process-wide default the trainer relies on.
  omp_set_num_threads(1);
  while (true) {
    int64_t index;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_cv_.wait(lock, [&] {
        return stopping_ || failure_ || next_to_claim_ < next_to_deliver_ + params_.prefetch_batches;
      });
      if (stopping_ || failure_) return;
      index = next_to_claim_++;
    }
    Slot slot;
    try {
      std::vector<AudioRecord> clip_records, noise_records;
      {
        std::unique_lock<std::mutex> lock(sequence_mutex_);
        sequence_cv_.wait(lock, [&] { return stopping_ || next_to_fetch_ == index; });
        if (stopping_) return;
        try {
          clip_records = clips_->batch_records(index, params_.clips_per_batch);
          if (noise_) noise_records = noise_->batch_records(index, params_.clips_per_batch);
        } catch (...) {
          ++next_to_fetch_;
          sequence_cv_.notify_all();
          throw;
        }
        ++next_to_fetch_;
      }
      sequence_cv_.notify_all();
      slot.batch = build_batch(index, clip_records, noise_records);
    } catch (const Cancelled&) {
      return;
    } catch (...) {
      slot.error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (slot.error) {
        if (!failure_) failure_ = slot.error;
      } else {
        ++batches_built_;
      }
      ready_[index] = std::move(slot);
    }
    ready_cv_.notify_all();
    work_cv_.notify_all();
  }
}

DataLoader::Prepared DataLoader::prepare_all(const std::vector<AudioRecord>& records, const ClipSequence& sequence,
                                             bool fixed_length) const {
  Prepared set;
  set.signals.resize(records.size());
  set.names.resize(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    std::optional<AudioRecord> candidate = records[i];
    for (int attempt = 1; candidate; ++attempt) {
      if (stopping_) throw Cancelled();
      try {
        const auto decoded = decode_record(*candidate);
        set.signals[i] = fixed_length ? prepare_clip(decoded, params_.batch.clip) : prepare_noise(decoded, params_.batch.clip);
        set.names[i] = candidate->name;
        break;
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        skips_->skip(candidate->name, e.what());
      } catch (const std::bad_alloc&) {  // sizes come from the item: a damaged one must not stop training
        skips_->skip(candidate->name, "decoding needs more memory than is available (damaged size fields?)");
      } catch (const std::length_error& e) {
        skips_->skip(candidate->name, std::string("decoding asked for an impossible size: ") + e.what());
      }
      candidate.reset();
      if (attempt <= params_.max_replacements) candidate = sequence.replacement(records[i], attempt);
    }
  }
  if (!fill_failed_slots(set)) {
    if (fixed_length)
      throw Error("data: none of the " + std::to_string(records.size()) + " clips of a batch could be decoded (first: " +
                  (records.empty() ? std::string("-") : records[0].name) + ")");
    set.names.assign(records.size(), "");  // no usable noise: these clips stay noise-free
  }
  return set;
}

TrainingBatch DataLoader::build_batch(int64_t index, const std::vector<AudioRecord>& clip_records,
                                      const std::vector<AudioRecord>& noise_records) const {
  auto clips = prepare_all(clip_records, *clips_, true);
  std::vector<std::vector<float>> noises;
  if (noise_) noises = prepare_all(noise_records, *noise_, false).signals;
  Rng rng(derive_seed(params_.seed, RandomStream::kBatch, static_cast<uint64_t>(index),
                      static_cast<uint64_t>(params_.rank)));
  auto batch = builder_.build(clips.signals, noises, rng, &stopping_);
  batch.index = index;
  batch.clip_names = std::move(clips.names);
  return batch;
}

}  // namespace gramt::data
