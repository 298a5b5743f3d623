#pragma once
#include "core/model/model_config.h"

// A GRAM-T small enough to train in a test: 1 encoder block of width 32, 1 decoder block of width 32.
inline gramt::model::ModelConfig tiny_training_config() {
  gramt::model::ModelConfig c = gramt::model::ModelConfig::base("frame");
  c.size = "custom";
  c.encoder = {1, 32, 2, 64, 1e-6};
  c.decoder.depth = 1;
  c.decoder.dim = 32;
  c.decoder.heads = 8;
  c.mask_patch = 100;
  return c;
}

// Wider (≈ 2.6 M parameters, ≈ 30 MB of checkpoint files per step) but still quick to step: most of
// a step's time goes into writing its checkpoint, so a kill at a random moment usually lands mid-write.
inline gramt::model::ModelConfig checkpoint_heavy_config() {
  gramt::model::ModelConfig c = tiny_training_config();
  c.encoder = {2, 256, 4, 1024, 1e-6};
  c.decoder.dim = 256;
  return c;
}
