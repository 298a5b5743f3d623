#pragma once
// What `gramt-cli train --resume DIR key=value...` may change. A resumed run keeps the
// configuration its checkpoint was made with (config.yaml), except for the keys below, which do not
// change what the model learns from a given step on:
//   trainer.steps                    the budget; the warm-up/cosine schedule is recomputed over the
//                                    new total (the cosine continues from the step reached, so the
//                                    learning rate jumps to cosine(step / new total) at the resume)
//   trainer.checkpoint.every, .keep_last, .keep_steps, trainer.log_every, trainer.log_images_every
//   data.num_workers                 loader threads (batches do not depend on them)
// (`--threads` is a command-line option and is always free.) Any other key, a group choice
// (data=audioset) or an added/removed key is refused, naming the key; repeating a saved value is
// accepted, so the original command line may be given again.
#include <string>
#include <vector>

#include "core/io/config/config.h"

namespace gramt::train {

const std::vector<std::string>& resume_adjustable_keys();

struct ConfigChange {
  std::string key;
  std::string from, to;  // values as YAML text; from is "" where the saved config lacked the key
};

struct ResumedConfig {
  config::Config config;
  std::vector<ConfigChange> changes;  // in override order, only real changes
};

// Applies Hydra-style value overrides to a run's saved configuration; throws gramt::Error naming the
// key (and the keys a resume may change) for an override that is not allowed.
ResumedConfig apply_resume_overrides(const config::Config& saved, const std::vector<std::string>& overrides);

// The first dotted key at which two resolved configurations (YAML text) differ, ignoring the
// adjustable keys; "" when they agree. Throws gramt::Error when either text is not YAML.
std::string first_fixed_difference(const std::string& saved_yaml, const std::string& new_yaml);

}  // namespace gramt::train
