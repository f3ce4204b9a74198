// The staff's daily digest: what waits for a person (oldest first), mails that did not go
// out (deferred, failed, unknown), bounced contact addresses, the open flags (oldest first),
// recently rejected intake records
// with their reasons, the files received recently with the encoding each was read in and
// why, and a chart of the last 30 days' intake, answers and backlog. Rendered
// as text (the mail), as an HTML page (report --html), and as a mail with the chart as an
// inline SVG part and the page attached. All in Japanese, for the clerks: intents, kinds and
// states by their Japanese names (report/labels.h), a rejected record's reason with its
// column's Japanese name; a 利用者番号 in a subject masked. What a mail server answered
// stays as it said it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::report {

struct Digest {
    UnixTime generated_at = 0;
    int utc_offset_minutes = 540;
    ReportCounts counts;
    std::vector<InboundRecord> waiting;
    std::vector<OutboxMail> deferred, failed, unknown;
    std::vector<Declaration> undeliverable;
    std::vector<std::pair<Flag, Declaration>> flags;  // open, oldest first
    std::vector<IntakeRecordRow> rejected;            // recorded in the last seven days
    std::vector<IntakeFile> files;  // received in the last seven days, newest first
    DailySeries series;             // the last 30 days
};

Result<Digest> collect(Store& store, UnixTime now, int utc_offset_minutes);

std::string to_text(const Digest& d);
std::string to_svg(const Digest& d);
std::string to_html(const Digest& d);

// The digest as a mail to `to_address`: text, the chart inline (image/svg+xml), the page
// attached.
Result<OutboxMail> to_mail(const Digest& d, mime::MailRenderer& renderer,
                           const std::string& to_address);

}  // namespace sa::report
