#pragma once
// A torch.Tensor inside a pickle the way Python's pickle.dump stores one:
// torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, collections.OrderedDict()), with
// the storage as torch.storage._load_from_bytes(<torch.save of that storage in its legacy, non-zip
// format>). Python with torch installed reads the result with pickle.load, as it reads the kits'
// files. The values around it are written with io::PickleWriter.
#include <torch/types.h>

#include "core/io/pickle_writer.h"

namespace gramt::eval::predict {

// float32, float64, int64, int32 or bool; any device (copied to the CPU), any layout.
void write_tensor(io::PickleWriter& writer, const torch::Tensor& value);

}  // namespace gramt::eval::predict
