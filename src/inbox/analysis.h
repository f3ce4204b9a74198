// One inbound message decoded, classified and mined for keys: what `classify` prints and what
// the inbox decides on. The whole analysis — MIME, HTML to text, charsets, the reading of the
// request, the keys — is a pure function of the raw bytes and the settings, and the inbox runs
// it in a time-limited child process (AnalysisWorker): a message that crashes or hangs any
// stage costs only itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/isolated.h"
#include "inbox/classify.h"
#include "inbox/extract.h"
#include "inbox/message.h"
#include "text/morphology.h"

namespace sa::inbox {

struct Analysis {
    InboundMessage message;
    Classification classification;
    Extracted keys;
    std::vector<std::string> suppressions;  // why no automatic answer may go out
};

struct AnalysisSettings {
    MimeLimits limits;
    std::vector<std::string> own_addresses;              // the secretariat's
    std::shared_ptr<const text::Morphology> morphology;  // required
};

// The analysis in this process: for the worker's job, for tests and for fuzzing.
Analysis analyse(const std::string& raw, const AnalysisSettings& settings);

// The analysis of a message whose body could not be read (`why`): its header only.
Analysis unreadable(const std::string& raw, const std::string& why,
                    const AnalysisSettings& settings);

// analyse() in a child process with inbox.parse_timeout per message. A message whose analysis
// crashed, threw, ran out of time or memory comes back unreadable(), for a person. Not
// thread-safe.
class AnalysisWorker {
  public:
    explicit AnalysisWorker(AnalysisSettings settings);

    Analysis analyse(const std::string& raw);
    // The message the caller will analyse next, so that the child works on it meanwhile.
    void analyse_next(const std::string& raw) { worker_.run_next(raw); }

  private:
    AnalysisSettings settings_;
    IsolatedWorker worker_;
};

// The bytes between the worker and its parent.
std::string encode(const Analysis& a);
Result<Analysis> decode(const std::string& bytes);

// The JSON object of `sa-batch classify --json`.
std::string to_json(const Analysis& a);

}  // namespace sa::inbox
