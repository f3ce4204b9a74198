#include "store/records.h"

namespace sa {

const char* to_string(IntakeOutcome o) {
    switch (o) {
        case IntakeOutcome::kIssued:
            return "issued";
        case IntakeOutcome::kDuplicate:
            return "duplicate";
        case IntakeOutcome::kRejected:
            return "rejected";
    }
    return "rejected";
}

const char* to_string(InboundOutcome o) {
    switch (o) {
        case InboundOutcome::kAnswered:
            return "answered";
        case InboundOutcome::kNeedsPerson:
            return "needs_person";
        case InboundOutcome::kIgnored:
            return "ignored";
    }
    return "needs_person";
}

}  // namespace sa
