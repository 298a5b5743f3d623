// gramt-cli bench: performance figures (never asserted in tests). Each setting prints one JSON line.
#include <sys/resource.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/profiler_legacy.h>

#include "app/cli/bench_cpu_peak.h"
#include "app/cli/commands.h"
#include "core/audio/audio_buffer.h"
#include "core/model/attention_capture.h"
#include "core/model/attention_rollout.h"
#include "core/model/bf16_matmul_scope.h"
#include "core/model/compute_precision.h"
#include "core/model/compute_threads.h"
#include "core/model/hear_embedder.h"
#include "core/model/int8_linear_scope.h"
#include "core/model/onednn_int8_matmul.h"
#include "core/model/linear_kernel.h"
#include "core/model/onednn_matmul.h"
#include "core/io/config/config_composer.h"
#include "core/io/config/config_dir.h"
#include "core/train/train_settings.h"
#include "core/train/trainer.h"
#include "core/train/training_setup.h"

namespace gramt::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Best-of-n wall time of fn().
template <typename F>
double best_time(int n, F&& fn) {
  double best = 1e30;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

struct MatmulRates {
  double blas = 0;    // torch::mm through the system BLAS
  double onednn = 0;  // the same product through oneDNN (what the encoder's linear layers use)
  double best() const { return std::max(blas, onednn); }
};

MatmulRates matmul_gflops() {
  // A product of the encoder's typical shape (8 chunks of tokens × width × MLP width), large enough
  // for either library to reach its steady rate.
  const torch::Tensor a = torch::randn({1608, 768}), b = torch::randn({768, 3072}), bt = b.t().contiguous();
  const torch::Tensor bias = torch::zeros({3072});
  const double flops = 2.0 * 1608 * 768 * 3072;
  MatmulRates r;
  torch::Tensor c = torch::mm(a, b);
  r.blas = flops / best_time(5, [&] { c = torch::mm(a, b); }) / 1e9;
  c = model::linear_forward(a, bt, bias);
  r.onednn = flops / best_time(5, [&] { c = model::linear_forward(a, bt, bias); }) / 1e9;
  return r;
}

// The encoder's products at 8 chunks per batch (1608 tokens, base width 768, 12 heads of 64 over 201
// tokens), each in fp32, in bf16 where the CPU multiplies bf16 natively (the kernel alone on bf16
// operands, and as the model runs it: activations converted per call, weights once) and in int8 where
// it has VNNI (linear layers only, as the model runs it: activations quantised per call, weights once;
// attention's own products stay fp32). Each rate also as a share of the matching measured peak.
void bench_matmul_precisions(int threads, bool with_bf16, bool with_int8, const BenchPeak& peak) {
  struct Shape { const char* what; int64_t batch, m, k, n; bool linear; };
  const std::vector<Shape> shapes{{"qkv projection", 1, 1608, 768, 2304, true},
                                  {"output projection", 1, 1608, 768, 768, true},
                                  {"MLP in", 1, 1608, 768, 3072, true},
                                  {"MLP out", 1, 1608, 3072, 768, true},
                                  {"attention scores q.k", 96, 201, 64, 201, false},
                                  {"attention weights.v", 96, 201, 201, 64, false}};
  torch::manual_seed(1);
  for (const Shape& s : shapes) {
    const double flops = 2.0 * static_cast<double>(s.batch * s.m * s.k * s.n);
    const torch::Tensor a = s.batch > 1 ? torch::randn({s.batch, s.m, s.k}) : torch::randn({s.m, s.k});
    // Linear layers hold (out, in) weights and multiply by their transpose, as the model does.
    const torch::Tensor w = s.batch > 1 ? torch::randn({s.batch, s.k, s.n}) : torch::randn({s.n, s.k});
    const torch::Tensor bias = torch::zeros({s.n});
    auto product = [&] { return s.linear ? model::linear_forward(a, w, bias) : model::onednn_matmul(a, w); };
    const torch::Tensor a16 = model::to_bf16(a), w16 = model::to_bf16(s.linear ? w.t() : w);
    auto kernel = [&] { return model::onednn_matmul(a16, w16, s.linear ? bias : torch::Tensor()); };
    const bool int8_here = with_int8 && s.linear;
    product();  // primitives built, memory warm
    if (with_bf16) kernel();
    // Alternating rounds, so load from other processes hits every precision alike.
    double fp32 = 1e30, bf16 = 1e30, bf16_model = 1e30, int8 = 1e30;
    auto cache = std::make_shared<model::Bf16WeightCache>();
    auto int8_cache = std::make_shared<model::Int8WeightCache>();
    for (int round = 0; round < 3; ++round) {
      fp32 = std::min(fp32, best_time(2, product));
      if (with_bf16) {
        bf16 = std::min(bf16, best_time(2, kernel));
        const model::Bf16MatmulScope scope(true, cache);
        bf16_model = std::min(bf16_model, best_time(2, product));
      }
      if (int8_here) {
        const model::Int8LinearScope scope(true, int8_cache);
        product();
        int8 = std::min(int8, best_time(2, product));
      }
    }
    nlohmann::json line{{"bench", "matmul_precision"}, {"product", s.what}, {"threads", threads},
                        {"shape", std::to_string(s.batch) + "x" + std::to_string(s.m) + "x" + std::to_string(s.k) + " @ " +
                                      std::to_string(s.k) + "x" + std::to_string(s.n)},
                        {"fp32_gflops", flops / fp32 / 1e9}, {"fp32_share_of_peak", share_of(flops / fp32 / 1e9, peak.fp32_gflops)}};
    if (with_bf16)
      line.update({{"bf16_gflops", flops / bf16 / 1e9}, {"bf16_share_of_peak", share_of(flops / bf16 / 1e9, peak.bf16_gflops)},
                   {"bf16_speedup", fp32 / bf16}, {"bf16_with_conversion_gflops", flops / bf16_model / 1e9},
                   {"bf16_with_conversion_speedup", fp32 / bf16_model}});
    if (int8_here)
      line.update({{"int8_with_quantization_gops", flops / int8 / 1e9},
                   {"int8_share_of_peak", share_of(flops / int8 / 1e9, peak.int8_gops)}, {"int8_speedup", fp32 / int8}});
    else if (with_int8)
      line["int8"] = "stays fp32 (attention's own products)";
    std::cout << line.dump() << std::endl;
  }
}

// Multiply-accumulates of one encoder pass over one chunk (conv + blocks), times two = FLOPs.
double encoder_flops_per_chunk(const model::ModelConfig& c) {
  const double n = c.num_patches() + 1, d = c.encoder.dim, mlp = c.encoder.mlp_dim;
  const double per_block = n * 3 * d * d + 2 * n * n * d + n * d * d + 2 * n * d * mlp;
  const double conv = static_cast<double>(c.num_patches()) * d * c.patch_dim();
  return 2.0 * (c.encoder.layers * per_block + conv);
}

// Multiply-accumulates of one masked-autoencoder step's products, times two = FLOPs: the encoder
// over the visible tokens (and the patch embedding over all patches), the decoder over every patch,
// forward once and backward twice (one product for the inputs' gradient, one for the weights').
double training_step_flops_per_crop(const model::ModelConfig& c) {
  const double patches = c.num_patches(), visible = patches - c.mask_patch + 1;
  const double d = c.encoder.dim, mlp = c.encoder.mlp_dim, dd = c.decoder.dim, dmlp = c.decoder.dim * c.decoder.mlp_ratio;
  const double encoder_block = visible * (4 * d * d + 2 * d * mlp) + 2 * visible * visible * d;
  const double decoder_block = patches * (4 * dd * dd + 2 * dd * dmlp) + 2 * patches * patches * dd;
  const double forward = c.encoder.layers * encoder_block + c.decoder.depth * decoder_block + patches * d * c.patch_dim() +
                         visible * d * dd + patches * dd * c.patch_dim();
  return 2.0 * 3.0 * forward;
}

audio::AudioBuffer noise_clip(double seconds, int rate, int channels, uint64_t seed) {
  torch::manual_seed(seed);
  audio::AudioBuffer a;
  a.sample_rate = rate;
  const int64_t n = static_cast<int64_t>(seconds * rate);
  for (int c = 0; c < channels; ++c) {
    const torch::Tensor t = torch::randn({n}) * 0.1;
    a.channels.emplace_back(t.data_ptr<float>(), t.data_ptr<float>() + n);
  }
  return a;
}

long minor_page_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Minimum over rows of cos(a_i, b_i): how far bf16 embeddings turn from fp32's.
double min_row_cosine(const torch::Tensor& a, const torch::Tensor& b) {
  return torch::cosine_similarity(a.to(torch::kFloat64), b.to(torch::kFloat64), 1).min().item<double>();
}

void bench_embed(int threads, bool long_file, const std::string& patching) {
  const int used = model::use_compute_threads(threads);
  const BenchPeak peak = measure_and_print_cpu_peak(used);
  const model::PrecisionChoice bf16_choice = model::choose_cpu_precision(model::ComputePrecision::bf16);
  const bool with_bf16 = bf16_choice.precision == model::ComputePrecision::bf16;
  if (!with_bf16) std::cerr << "gramt-cli: note: bench embed: no bf16 figures: " << bf16_choice.notice << "\n";
  const model::PrecisionChoice int8_choice = model::choose_cpu_precision(model::ComputePrecision::int8);
  const bool with_int8 = int8_choice.precision == model::ComputePrecision::int8;
  if (!with_int8) std::cerr << "gramt-cli: note: bench embed: no int8 figures: " << int8_choice.notice << "\n";
  torch::NoGradGuard no_grad;
  const model::ModelConfig config = model::ModelConfig::base(patching);
  model::GramtModel net(config);
  net->eval();
  const MatmulRates rates = matmul_gflops();
  const double mm = rates.best();
  const double flops = encoder_flops_per_chunk(config);
  std::cout << nlohmann::json{{"bench", "matmul"}, {"threads", used}, {"shape", "1608x768 @ 768x3072"},
                              {"blas_gflops", rates.blas}, {"onednn_gflops", rates.onednn},
                              {"onednn_share_of_peak", share_of(rates.onednn, peak.fp32_gflops)},
                              {"onednn_in_use", model::onednn_matmul_available()}}.dump()
            << std::endl;
  bench_matmul_precisions(used, with_bf16, with_int8, peak);
  auto bf16_weights = std::make_shared<model::Bf16WeightCache>();
  auto int8_weights = std::make_shared<model::Int8WeightCache>();
  for (int b : {1, 4, 8, 16}) {
    const torch::Tensor x = torch::randn({b, config.in_channels, config.input_tdim, config.num_mel_bins});
    auto forward = [&] { net->representation(x, model::Strategy::Raw); };
    forward();  // warm-up
    double t = best_time(2, forward), t16 = 0, t8 = 0;
    if (with_bf16) {
      const model::Bf16MatmulScope scope(true, bf16_weights);
      forward();
      t16 = best_time(2, forward);
    }
    if (with_int8) {
      const model::Int8LinearScope scope(true, int8_weights);
      forward();
      t8 = best_time(2, forward);
    }
    if (with_bf16 || with_int8) t = std::min(t, best_time(1, forward));  // fp32 once more: load hits all alike
    const double g = b * flops / t / 1e9;
    nlohmann::json line{{"bench", "encoder_forward"}, {"model", "base-" + patching}, {"chunks_per_batch", b},
                        {"seconds", t}, {"gflops", g}, {"fraction_of_matmul", g / mm},
                        {"share_of_peak", share_of(g, peak.fp32_gflops)}};
    if (with_bf16)
      line.update({{"bf16_seconds", t16}, {"bf16_gflops", b * flops / t16 / 1e9}, {"bf16_speedup", t / t16},
                   {"bf16_share_of_peak", share_of(b * flops / t16 / 1e9, peak.bf16_gflops)}});
    // The encoder's operations per second in int8 mode (≈96 % of them int8 products, the rest fp32)
    // against the int8 peak.
    if (with_int8)
      line.update({{"int8_seconds", t8}, {"int8_gops", b * flops / t8 / 1e9}, {"int8_speedup", t / t8},
                   {"int8_share_of_peak", share_of(b * flops / t8 / 1e9, peak.int8_gops)}});
    std::cout << line.dump() << std::endl;
  }
  const int clips_total = 8;
  std::vector<audio::AudioBuffer> clips;
  std::vector<std::string> names;
  for (int i = 0; i < clips_total; ++i) clips.push_back(noise_clip(10.0, config.sample_rate, 2, 100 + i)), names.push_back("clip");
  // One embedding of all clips at `precision`: seconds, and the worst cosine to `reference` when given.
  struct EmbedRun { double seconds = 0; std::vector<model::ClipEmbeddings> out; };
  auto embed_at = [&](model::ComputePrecision precision, int chunk_batch) {
    model::EmbedOptions options;
    options.chunk_batch = chunk_batch;
    options.precision = precision;
    model::HearEmbedder embedder(net, options);
    const auto t0 = std::chrono::steady_clock::now();
    EmbedRun r;
    r.out = embedder.embed_many(clips, names);
    r.seconds = seconds_since(t0);
    return r;
  };
  auto worst_cosine = [](const EmbedRun& ours, const EmbedRun& reference) {
    double cosine = 1.0;
    for (size_t i = 0; i < ours.out.size(); ++i)
      cosine = std::min(cosine, min_row_cosine(ours.out[i].timestamp_embeddings, reference.out[i].timestamp_embeddings));
    return cosine;
  };
  const double audio_seconds = clips_total * 10.0;
  // Each precision twice, alternating, best kept: on a shared machine the load changes within seconds,
  // and alternating lets it hit every precision alike.
  std::vector<model::ComputePrecision> precisions{model::ComputePrecision::fp32};
  if (with_bf16) precisions.push_back(model::ComputePrecision::bf16);
  if (with_int8) precisions.push_back(model::ComputePrecision::int8);
  for (int chunk_batch : {6, 12, 24}) {
    std::vector<EmbedRun> best(precisions.size());
    for (int round = 0; round < 2; ++round)
      for (size_t p = 0; p < precisions.size(); ++p) {
        EmbedRun r = embed_at(precisions[p], chunk_batch);
        if (round == 0 || r.seconds < best[p].seconds) best[p] = std::move(r);
      }
    const EmbedRun& fp32 = best[0];
    const double t = fp32.seconds;
    nlohmann::json line{{"bench", "embed"}, {"model", "base-" + patching}, {"clips", clips_total},
                        {"clip_seconds", 10.0}, {"channels", 2}, {"chunks_per_batch", chunk_batch},
                        {"seconds", t}, {"clips_per_second", clips_total / t},
                        {"real_time_factor", audio_seconds / t}, {"threads", used},
                        {"bf16_real_time_factor", nullptr}, {"int8_real_time_factor", nullptr}};
    for (size_t p = 1; p < precisions.size(); ++p) {
      const std::string name = model::precision_name(precisions[p]);
      const EmbedRun& r = best[p];
      line.update({{name + "_seconds", r.seconds}, {name + "_real_time_factor", audio_seconds / r.seconds},
                   {name + "_speedup", t / r.seconds}, {name + "_min_cosine_to_fp32", worst_cosine(r, fp32)}});
    }
    if (precisions.size() > 1) line["weights"] = "random (initial)";
    std::cout << line.dump() << std::endl;
  }
  if (long_file) {
    clips.clear();
    const auto a = noise_clip(600.0, config.sample_rate, 2, 7);
    model::EmbedOptions options;
    model::HearEmbedder embedder(net, options);
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = embedder.embed(a, "10-minute clip");
    const double t = seconds_since(t0);
    std::cout << nlohmann::json{{"bench", "embed_long"}, {"model", "base-" + patching}, {"clip_seconds", 600.0},
                                {"seconds", t}, {"real_time_factor", 600.0 / t},
                                {"timestamp_rows", out.timestamp_embeddings.size(0)}, {"peak_rss_mb", peak_rss_mb()}}
                     .dump()
              << std::endl;
  }
}

// One masked-autoencoder step (forward, backward, AdamW) of `config` on synthetic batches.
void bench_train_model(const std::string& label, const model::ModelConfig& config, int crops, int steps,
                       const std::string& profile_path, bool bf16_mixed, const BenchPeak& peak) {
  model::GramtModel net(config);
  train::SyntheticBatchSource data(1, crops, config.in_channels, config.input_tdim, config.num_mel_bins,
                                   config.num_patches(), config.mask_patch);
  train::DataParallel single(train::DistributedEnv{});
  train::TrainerParams p;
  p.run_dir = "";
  p.steps = steps + 1;
  p.warmup_steps = 1;
  p.checkpoint_every = 0;
  p.images_every = 0;
  p.bf16_mixed = bf16_mixed;
  std::vector<double> seconds;
  train::TrainerCallbacks cb;
  // With --profile, the last step is traced op by op (chrome://tracing format); by then the
  // allocator holds every block a step needs, as in a long run.
  std::unique_ptr<torch::autograd::profiler::RecordProfile> profile;
  std::vector<long> faults;  // minor page faults per step: fresh memory touched instead of reused
  long faults_before = minor_page_faults();
  cb.on_step = [&](const train::StepReport& r) {
    seconds.push_back(r.seconds);
    const long now = minor_page_faults();
    faults.push_back(now - faults_before);
    faults_before = now;
    if (profile_path.empty()) return;
    if (r.step == steps) profile = std::make_unique<torch::autograd::profiler::RecordProfile>(profile_path);
    if (r.step == steps + 1) profile.reset();
  };
  // Checkpointing is off except at the very end; write that one into a scratch folder.
  const std::string scratch = "/tmp/gramt-bench-train-" + std::to_string(::getpid());
  p.run_dir = scratch;
  train::train(net, data, p, single, cb);
  std::filesystem::remove_all(scratch);
  double best = 1e30;
  long best_faults = 0;
  for (size_t i = 1; i < seconds.size(); ++i)  // step 1 warms up
    if (seconds[i] < best) best = seconds[i], best_faults = faults[i];
  const double gflops = crops * training_step_flops_per_crop(config) / best / 1e9;
  std::cout << nlohmann::json{{"bench", "train_step"}, {"model", label}, {"precision", bf16_mixed ? "bf16-mixed" : "32"},
                              {"crops_per_step", crops},
                              {"masked_patches", config.mask_patch}, {"patches", config.num_patches()},
                              {"seconds_per_step", best}, {"crops_per_second", crops / best},
                              {"product_gflops", gflops},
                              {"share_of_peak", share_of(gflops, bf16_mixed ? peak.bf16_gflops : peak.fp32_gflops)},
                              {"peak", bf16_mixed ? "bf16 dot product" : "fp32 FMA"},
                              {"int8", "embedding only: training refuses int8"},
                              {"page_faults_per_step", best_faults},
                              {"data", "synthetic (no loading)"}}.dump()
            << std::endl;
}

// Training through the real data pipeline (scenes rendered from the demo corpus by the threaded
// loader, `workers` threads): crops/s and the share of each step spent waiting for data.
void bench_train_pipeline(const std::string& label, const std::vector<std::string>& model_overrides, int steps,
                          int workers, const std::string& data_root, bool bf16_mixed) {
  config::ComposeRequest request;
  request.config_dir = config::locate_config_dir("");
  request.overrides = {"data=demo", "trainer=cpu_demo"};
  request.overrides.insert(request.overrides.end(), model_overrides.begin(), model_overrides.end());
  request.overrides.push_back("data.num_workers=" + std::to_string(workers));
  request.overrides.push_back(std::string("trainer.precision=") + (bf16_mixed ? "bf16-mixed" : "32"));
  if (!data_root.empty()) request.overrides.push_back("data.root=" + data_root);
  const config::Config cfg = config::compose_config(request);
  const train::TrainSettings settings = train::read_train_settings(cfg);
  auto setup = train::prepare_training(cfg, settings, train::DistributedEnv{});
  train::TrainerParams p = settings.trainer;
  p.steps = steps + 1;  // step 1 warms up (and fills the prefetch queue)
  p.checkpoint_every = 0;
  p.images_every = 0;
  const std::string scratch = "/tmp/gramt-bench-train-" + std::to_string(::getpid());
  p.run_dir = scratch;
  std::vector<train::StepReport> reports;
  train::TrainerCallbacks cb;
  cb.on_step = [&](const train::StepReport& r) { reports.push_back(r); };
  train::DataParallel single(train::DistributedEnv{});
  train::train(setup.model, *setup.batches, p, single, cb);
  std::filesystem::remove_all(scratch);
  double seconds = 0, wait = 0;
  for (size_t i = 1; i < reports.size(); ++i) seconds += reports[i].seconds, wait += reports[i].data_wait_fraction * reports[i].seconds;
  const int64_t crops = static_cast<int64_t>(settings.clips_per_batch) * cfg.get<int64_t>("data.samples_per_audio");
  const double timed_steps = static_cast<double>(reports.size() - 1);
  std::cout << nlohmann::json{{"bench", "train_pipeline"}, {"model", label}, {"precision", bf16_mixed ? "bf16-mixed" : "32"},
                              {"crops_per_step", crops},
                              {"loader_workers", workers}, {"timed_steps", reports.size() - 1},
                              {"seconds_per_step", seconds / timed_steps},
                              {"crops_per_second", static_cast<double>(crops) * timed_steps / seconds},
                              {"data_wait_fraction", seconds > 0 ? wait / seconds : 0.0},
                              {"data", "demo corpus, scenes rendered per crop (KEMAR, shoebox rooms, noise)"}}.dump()
            << std::endl;
}

void bench_train(int threads, int steps, const std::string& profile_path, bool synthetic_only, int workers,
                 const std::string& data_root, const std::string& precision) {
  model::refuse_int8_for_training(precision, "bench train --precision");
  const int used = model::use_compute_threads(threads);
  const BenchPeak peak = measure_and_print_cpu_peak(used);
  // fp32, bf16-mixed or both (the default where the CPU has native bf16), measured back to back.
  // Never int8: it is an embedding precision (see refuse_int8_for_training).
  std::vector<bool> runs;
  if (precision != "both") {
    runs = {model::parse_compute_precision(precision, "--precision") == model::ComputePrecision::bf16};
  } else {
    runs = {false};
    const model::PrecisionChoice choice = model::choose_cpu_precision(model::ComputePrecision::bf16);
    if (choice.notice.empty()) runs.push_back(true);
    else std::cerr << "gramt-cli: note: bench train: fp32 only: " << choice.notice << "\n";
  }
  model::ModelConfig base = model::ModelConfig::base("frame");
  base.mask_patch = 160;
  // The profile (if asked for) traces the last precision's step.
  for (size_t i = 0; i < runs.size(); ++i)
    bench_train_model("base-frame", base, 16, steps, i + 1 == runs.size() ? profile_path : "", runs[i], peak);
  if (synthetic_only) return;
  for (bool bf16 : runs) bench_train_pipeline("demo", {"model=demo"}, std::max(steps, 10), workers, data_root, bf16);
  for (bool bf16 : runs)
    bench_train_pipeline("base-frame", {"model=base", "trainer.batch_size=4"}, steps, workers, data_root, bf16);
}

// Attention capture on a 10-s stereo clip with the base model (random weights: speed only), next to
// the plain forward of the same chunks, plus rollout and head summaries per chunk.
void bench_attention(int threads, const std::string& patching) {
  const int used = model::use_compute_threads(threads);
  torch::NoGradGuard no_grad;
  const model::ModelConfig config = model::ModelConfig::base(patching);
  model::GramtModel net(config);
  net->eval();
  model::HearEmbedder embedder(net, model::EmbedOptions{});
  const torch::Tensor logmel = embedder.features(noise_clip(10.0, config.sample_rate, 2, 21), "10-s clip");
  const int64_t chunks = model::hear_chunk_count(logmel.size(1), config.input_tdim);
  std::vector<torch::Tensor> inputs;
  for (int64_t i = 0; i < chunks; ++i) inputs.push_back(model::hear_chunk(logmel, i, config.input_tdim));
  model::capture_attention(net, inputs[0]);  // warm-up
  // Capture and plain forward alternate chunk by chunk, so load from other processes hits both alike.
  std::vector<model::AttentionMaps> maps;
  double capture = 0, forward = 0;
  for (const auto& chunk : inputs) {
    const auto t0 = std::chrono::steady_clock::now();
    maps.push_back(model::capture_attention(net, chunk));
    capture += seconds_since(t0) / static_cast<double>(chunks);
    const auto t1 = std::chrono::steady_clock::now();
    net->encode(chunk.unsqueeze(0));
    forward += seconds_since(t1) / static_cast<double>(chunks);
  }
  const auto t2 = std::chrono::steady_clock::now();
  for (const auto& m : maps) {
    model::attention_rollout(m, model::HeadFusion::mean, 0.0);
    model::summarise_heads(m);
  }
  const double analysis = seconds_since(t2) / static_cast<double>(chunks);
  std::cout << nlohmann::json{{"bench", "attention_capture"}, {"model", "base-" + patching}, {"clip_seconds", 10.0},
                              {"channels", 2}, {"chunks", chunks}, {"tokens", maps[0].tokens},
                              {"capture_seconds_per_chunk", capture}, {"forward_seconds_per_chunk", forward},
                              {"rollout_and_summaries_seconds_per_chunk", analysis},
                              {"maps_mb_per_chunk", static_cast<double>(maps[0].weights.size()) * 4 / 1e6},
                              {"threads", used}}.dump()
            << std::endl;
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Performance figures as JSON lines (benchmarks, not tests)");
  bench->require_subcommand(1);
  auto* embed = bench->add_subcommand("embed", "Base-model embedding speed on CPU: the CPU's measured peak, encoder GFLOP/s and shares of that peak, real-time factor; fp32, bf16 and int8 side by side");
  auto threads = std::make_shared<int>(0);
  auto long_file = std::make_shared<bool>(false);
  auto patching = std::make_shared<std::string>("frame");
  embed->add_option("--threads", *threads, "compute threads (0 = all cores)");
  embed->add_flag("--long", *long_file, "also embed a 10-minute stereo clip and report peak memory");
  embed->add_option("--patching", *patching, "frame | time")->capture_default_str();
  embed->callback([=] { bench_embed(*threads, *long_file, *patching); });

  auto* trainb = bench->add_subcommand("train", "Masked-autoencoder training speed (crops/s) on CPU: synthetic batches, then the real data pipeline");
  auto steps = std::make_shared<int>(3);
  trainb->add_option("--threads", *threads, "compute threads (0 = all cores)");
  trainb->add_option("--steps", *steps, "timed steps per model")->capture_default_str();
  auto profile_path = std::make_shared<std::string>();
  trainb->add_option("--profile", *profile_path, "write an op-level trace of one step (chrome://tracing JSON)");
  auto synthetic_only = std::make_shared<bool>(false);
  auto workers = std::make_shared<int>(2);
  auto data_root = std::make_shared<std::string>();
  trainb->add_flag("--synthetic-only", *synthetic_only, "only the base model on synthetic batches (no data pipeline)");
  trainb->add_option("--workers", *workers, "data loader threads for the pipeline runs")->capture_default_str();
  trainb->add_option("--data-root", *data_root, "demo corpus folder (default: the demo config's; made if missing)");
  auto precision = std::make_shared<std::string>("both");
  trainb->add_option("--precision", *precision,
                     "both (fp32 then bf16-mixed where the CPU has native bf16) | 32 | fp32 | bf16 | bf16-mixed (int8 is for embedding only)")
      ->capture_default_str();
  trainb->callback([=] { bench_train(*threads, *steps, *profile_path, *synthetic_only, *workers, *data_root, *precision); });

  auto* attention = bench->add_subcommand("attention", "Attention capture (all layers and heads) per 2-s chunk of a 10-s stereo clip, base model on CPU");
  attention->add_option("--threads", *threads, "compute threads (0 = all cores)");
  attention->add_option("--patching", *patching, "frame | time")->capture_default_str();
  attention->callback([=] { bench_attention(*threads, *patching); });

  add_bench_eval_subcommand(*bench);
  add_bench_nat_hear_subcommand(*bench);
}

}  // namespace gramt::cli
