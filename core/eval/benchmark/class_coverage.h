#pragma once
// Whether a multiclass scene task can be scored at all: a class that occurs in a test split but in
// none of the splits its predictor trains on can never be predicted, so the task's score (and any
// mean over tasks) would be quietly wrong. evaluate fails such a task with this message instead.
#include <string>

#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::benchmark {

// "" when every class of every split is learnable; otherwise one line naming the task, the class,
// the split it is in and the splits it is missing from. Train/valid/test tasks: a class of valid or
// test must occur in train. K-fold tasks: a class of one fold must occur in another fold. Other
// prediction types (multilabel, events, localization) are not checked.
std::string class_coverage_problem(const tasks::TaskFolder& task);

}  // namespace gramt::eval::benchmark
