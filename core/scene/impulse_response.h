#pragma once
// A multichannel impulse response: channels[c][n], all channels the same length. A binaural room
// impulse response (BRIR) has two channels, left then right.
#include <vector>

namespace gramt::scene {

using ImpulseResponse = std::vector<std::vector<float>>;

}  // namespace gramt::scene
