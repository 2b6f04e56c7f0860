#pragma once
// The subcommands of sampling-cli. Each takes its arguments (after the subcommand name)
// and streams, returns the process exit code, and throws nothing: errors go to `err`.
// They are compiled into the wasm module too, so both builds print the same text.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/text/language_model.hpp"
#include "core/text/masked_lm.hpp"
#include "core/tokenize/tokenizer.hpp"

namespace sampling::cli {

// Step limits a command and its benchmark share (past them a run takes hours).
inline constexpr std::uint64_t kMaxTextSteps = 10'000'000;   // gibbs (and mh-gibbs), cgmh
inline constexpr std::uint64_t kMaxFlowSteps = 100'000'000;  // flow train

int mcmc_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int tokenize_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
// Seconds for one pass of `method` over `lines` (normalization included), best of
// `repeats`; used by the native and wasm benchmarks alike.
double tokenize_pass_seconds(const tokenize::UnigramModel& model, const std::vector<std::string>& lines,
                             tokenize::Method method, double alpha, int repeats);
// Goodness of fit, chi-square tails and the energy distance (core/stats) on numbers from stdin.
int stats_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
int bench_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int flow_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int mlm_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
int gibbs_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The gibbs subcommand on a model already loaded (the wasm module's gibbsCommand): the
// same flags without --model, the same output.
int gibbs_command_with_model(text::MaskedLm& lm, const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err);
int cgmh_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The cgmh subcommand on models already loaded (the wasm module): the same flags without
// --model and --lm, the same output.
int cgmh_command_with_models(text::MaskedLm& mlm, text::LanguageModel& lm, const std::vector<std::string>& args,
                             std::ostream& out, std::ostream& err);

}  // namespace sampling::cli
