#pragma once
// The GRAM-T models published on the Hugging Face hub (MIT licence), with what each is for. The
// patching and channel counts are what the model card states; loading checks them against the
// tensors (see `gramt-cli info hf://…`).
#include <string>
#include <vector>

namespace gramt::hub {

struct PublishedModel {
  std::string repo;      // "labhamlet/gramt-binaural"
  std::string patching;  // "frame" (16x8) or "time" (128x2)
  int channels = 2;      // model input channels: 1 mono, 2 binaural, 7 ambisonic (4 log-mel + 3 intensity)
  std::string purpose;   // one line for listings

  std::string name() const { return repo.substr(repo.find('/') + 1); }
};

const std::vector<PublishedModel>& published_models();

// The entry for `repo` ("org/name"), or nullptr for any other repository.
const PublishedModel* find_published_model(const std::string& repo);

}  // namespace gramt::hub
